from django.urls import path

from config.urls import handler403, handler404  # noqa: F401
from config.urls import urlpatterns as opora_urlpatterns
from loadsite import views

urlpatterns = [
    path("_load/minimal/", views.minimal, name="load_minimal"),
    path("_load/chrome/", views.chrome, name="load_chrome"),
    *opora_urlpatterns,
]
