from django.urls import path

from opora.schools import views

app_name = "schools"
urlpatterns = [
    path("", views.school_list, name="list"),
    path("mine/", views.my_school, name="mine"),
    path("new/", views.school_create, name="create"),
    path("import/", views.school_import, name="import"),
    path("board/", views.board, name="board"),
    path("funnel/", views.funnel, name="funnel"),
    path("locality/", views.locality, name="locality"),
    path("meetings/", views.meeting_list, name="meetings"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/case-study/", views.case_study_create, name="case_study_create"),
    path("case-studies/<int:pk>/", views.case_study_detail, name="case_study"),
    path("case-studies/<int:pk>/confirm/", views.case_study_confirm, name="case_study_confirm"),
    path("case-studies/<int:pk>/export.<str:fmt>", views.case_study_export, name="case_study_export"),
    path("<int:pk>/", views.school_detail, name="detail"),
    path("<int:pk>/edit/", views.school_edit, name="edit"),
    path("<int:pk>/contacts/new/", views.contact_add, name="contact_add"),
    path("<int:pk>/contacts/<int:contact_pk>/delete/", views.contact_delete, name="contact_delete"),
    path("<int:pk>/move/", views.transition, name="transition"),
    path("<int:pk>/contract/", views.contract, name="contract"),
    path("<int:pk>/evaluations/new/", views.evaluation_add, name="evaluation_add"),
    path("<int:pk>/themes/new/", views.theme_add, name="theme_add"),
    path("<int:pk>/network-of-options/", views.options, name="options"),
]
