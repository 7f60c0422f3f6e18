from django.urls import path

from opora.reports import views

app_name = "reports"
urlpatterns = [
    path("case/<int:pk>/new/<str:kind>/", views.report_create, name="create"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/edit/", views.report_edit, name="edit"),
    path("<int:pk>/step/<str:step>/", views.report_step, name="step"),
    path("<int:pk>/hand-over/", views.report_hand_over, name="hand_over"),
    path("<int:pk>/family-copy/", views.report_family_copy, name="family_copy"),
    path("<int:pk>/pdf/", views.report_pdf, name="pdf"),
    path("<int:pk>/docx/", views.report_docx, name="docx"),
]
