from django.urls import path

from opora.meetings import views

app_name = "meetings"
urlpatterns = [
    path("", views.upcoming, name="upcoming"),
    path("case/<int:case_pk>/", views.case_meetings, name="case_meetings"),
    path("case/<int:case_pk>/new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/held/", views.mark_held, name="mark_held"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/confirm-date/", views.confirm_date, name="confirm_date"),
    path("<int:pk>/agenda/", views.agenda_add, name="agenda_add"),
    path("<int:pk>/agenda/<int:item_pk>/", views.agenda_edit, name="agenda_edit"),
    path("<int:pk>/agenda/<int:item_pk>/minutes/", views.record, name="record"),
    path("<int:pk>/tasks/", views.task_add, name="task_add"),
    path("<int:pk>/participants/", views.participants, name="participants"),
    path("<int:pk>/participants/<int:participant_pk>/attendance/", views.attendance, name="attendance"),
    path("<int:pk>/attendance/all-present/", views.all_present, name="all_present"),
    path("<int:pk>/participants/<int:participant_pk>/remove/", views.participant_remove, name="participant_remove"),
    path("<int:pk>/participants/<int:participant_pk>/invite/", views.invite, name="invite"),
    path("<int:pk>/participants/<int:participant_pk>/invitation/", views.invitation_status, name="invitation_status"),
    path("<int:pk>/participants/<int:participant_pk>/invitation.pdf", views.invitation_pdf, name="invitation_pdf"),
    path(
        "<int:pk>/participants/<int:participant_pk>/handed-over/",
        views.invitation_handed_over,
        name="invitation_handed_over",
    ),
    path("<int:pk>/signatures/", views.signatures, name="signatures"),
    path("<int:pk>/signatures/sheet/", views.sign_sheet, name="sign_sheet"),
    path("<int:pk>/signatures/<int:participant_pk>/", views.sign, name="sign"),
    path("<int:pk>/signatures/<int:participant_pk>/scan/", views.signature_scan, name="signature_scan"),
    path("<int:pk>/confirm/", views.confirm_minutes, name="confirm_minutes"),
    path("<int:pk>/finalise/", views.finalise, name="finalise"),
    path("<int:pk>/amend/", views.amend, name="amend"),
    path("<int:pk>/minutes.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("<int:pk>/minutes.docx", views.minutes_docx, name="minutes_docx"),
    path("<int:pk>/meeting.ics", views.ics, name="ics"),
]
