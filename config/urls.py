from django.urls import include, path

urlpatterns = [
    path("", include("opora.core.urls")),
    path("accounts/", include("opora.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("audit/", include("opora.audit.urls")),
    path("schools/", include("opora.schools.urls")),
    path("network/", include("opora.network.urls")),
    path("cases/", include("opora.cases.urls")),
    path("consents/", include("opora.consents.urls")),
    path("meetings/", include("opora.meetings.urls")),
    path("api/", include("opora.api.urls")),
]

handler403 = "opora.core.errors.forbidden"
handler404 = "opora.core.errors.not_found"
