import importlib

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from opora.api import views
from opora.api.resources import RESOURCES

app_name = "api"

v1 = [pattern for name in RESOURCES for pattern in importlib.import_module(f"opora.api.resources.{name}").urlpatterns]

urlpatterns = [
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema", template_name="api/redoc.html"), name="redoc"),
    path("v1/", include(v1)),
    # Anything else under /api/ answers a problem document too, never the web app's HTML page.
    re_path(r"^(?P<rest>[\s\S]*)\Z", views.NotFound.as_view(), name="not_found"),
]
