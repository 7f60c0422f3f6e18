from django.urls import include, path

urlpatterns = [
    path("", include("opora.core.urls")),
    path("accounts/", include("opora.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("audit/", include("opora.audit.urls")),
    path("schools/", include("opora.schools.urls")),
    path("network/", include("opora.network.urls")),
    path("cases/", include("opora.cases.urls")),
    path("families/", include("opora.families.urls")),
    path("consents/", include("opora.consents.urls")),
    path("meetings/", include("opora.meetings.urls")),
    path("progress/", include("opora.progress.urls")),
    path("agreements/", include("opora.agreements.urls")),
    path("reports/", include("opora.reports.urls")),
    path("day/", include("opora.day.urls")),
    path("outcomes/", include("opora.outcomes.urls")),
    path("api/", include("opora.api.urls")),
]

handler403 = "opora.core.errors.forbidden"
handler404 = "opora.core.errors.not_found"
handler400 = "opora.core.errors.bad_request"
handler500 = "opora.core.errors.server_error"
