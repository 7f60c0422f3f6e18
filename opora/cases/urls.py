from django.urls import path

from opora.cases import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("caseload/", views.caseload, name="caseload"),
    path("refer/", views.refer, name="refer"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/step/<slug:name>/", views.transition, name="transition"),
    path("<int:pk>/intake/", views.intake, name="intake"),
    path("<int:pk>/quick/", views.quick_record, name="quick_record"),
    path("<int:pk>/settings/", views.tracks, name="tracks"),
    path("<int:pk>/assessment/", views.assessment, name="assessment"),
    path("<int:pk>/student/", views.student_edit, name="student_edit"),
    path("<int:pk>/tasks/<int:item>/status/", views.task_status, name="task_status"),
    path("<int:pk>/attachments/new/", views.attachment_add, name="attachment_add"),
    path("<int:pk>/attachments/<int:item>/", views.attachment_download, name="attachment_download"),
    path("<int:pk>/<slug:kind>/new/", views.record, name="record_new"),
    path("<int:pk>/<slug:kind>/<int:item>/", views.record, name="record_edit"),
]
