from django.urls import path

from config.urls import handler403, handler404  # noqa: F401
from config.urls import urlpatterns as opora_urlpatterns
from loadsite import views

urlpatterns = [
    path("_load/minimal/", views.minimal, name="load_minimal"),
    path("_load/chrome/", views.chrome, name="load_chrome"),
    path("_load/case/<int:pk>/", views.case_floor, name="load_case_floor"),
    *opora_urlpatterns,
]
