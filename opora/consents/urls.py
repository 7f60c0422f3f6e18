from django.urls import path

from opora.consents import views

app_name = "consents"
urlpatterns = [
    path("case/<int:pk>/", views.case_consents, name="case"),
    path("case/<int:pk>/new/", views.consent_create, name="consent_create"),
    path("case/<int:pk>/report/new/", views.report_create, name="report_create"),
    path("case/<int:pk>/legal-duty/", views.legal_duty_disclosure, name="legal_duty"),
    path("case/<int:pk>/court-request/", views.court_request_disclosure, name="court_request"),
    path("case/<int:pk>/audit/", views.case_audit, name="case_audit"),
    path("case/<int:pk>/audit.csv", views.case_audit_csv, name="case_audit_csv"),
    path("consent/<int:pk>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("consent/<int:pk>/form/", views.consent_form_download, name="consent_form"),
    path("report/<int:pk>/", views.report_detail, name="report"),
    path("report/<int:pk>/send/", views.report_send, name="report_send"),
    path("disclosures/", views.disclosure_register, name="register"),
    path("student/<int:pk>/subject-access/", views.subject_access, name="subject_access"),
    path("retention/", views.retention_settings, name="retention"),
    path("school-reports/", views.school_reports, name="school_reports"),
    path("my-tasks/", views.my_tasks, name="my_tasks"),
]
