from django.urls import path

from opora.progress import views

app_name = "progress"
urlpatterns = [
    path("goal/<int:goal_pk>/indicator/new/", views.indicator_create, name="indicator_create"),
    path("indicator/<int:pk>/", views.indicator_edit, name="indicator_edit"),
    path("indicator/<int:pk>/observation/", views.observation_create, name="observation_create"),
    path("case/<int:pk>/return/", views.return_plan_edit, name="return_plan"),
    path("case/<int:pk>/visit/new/", views.visit_create, name="visit_create"),
    path("visit/<int:pk>/", views.visit_edit, name="visit_edit"),
]
