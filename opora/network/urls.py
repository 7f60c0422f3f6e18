from django.urls import path

from opora.network import views

app_name = "network"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("new/", views.institution_create, name="create"),
    path("<int:pk>/edit/", views.institution_edit, name="edit"),
]
