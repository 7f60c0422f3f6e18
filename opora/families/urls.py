from django.urls import path

from opora.families import views

app_name = "families"
urlpatterns = [
    path("from-case/<int:case_pk>/", views.family_create, name="create"),
    path("<int:pk>/", views.family_detail, name="detail"),
    path("<int:pk>/edit/", views.family_edit, name="edit"),
    path("<int:pk>/link/", views.link_case, name="link_case"),
    path("<int:pk>/<slug:kind>/new/", views.member, name="member_new"),
    path("<int:pk>/<slug:kind>/<int:item>/", views.member, name="member_edit"),
]
