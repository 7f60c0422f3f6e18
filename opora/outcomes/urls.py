from django.urls import path

from opora.outcomes import views

app_name = "outcomes"
urlpatterns = [
    path("statistics/", views.statistics, name="statistics"),
    path("statistics/<slug:key>.<str:fmt>", views.statistics_export, name="statistics_export"),
    path("annual-report/", views.annual_report, name="annual_report"),
    path("annual-report.<str:fmt>", views.annual_report_export, name="annual_report_export"),
    path("settings/", views.outcome_settings, name="settings"),
    path("case/<int:pk>/outcome/", views.case_outcome, name="case_outcome"),
    path("case/<int:pk>/attendance/", views.case_attendance, name="case_attendance"),
    path("import/", views.import_upload, name="import"),
    path("import/<int:pk>/", views.import_detail, name="import_detail"),
    path("import/<int:pk>/confirm/", views.import_commit, name="import_commit"),
]
