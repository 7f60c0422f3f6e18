from django.urls import path

from opora.agreements import views

app_name = "agreements"
urlpatterns = [
    path("case/<int:pk>/new/", views.agreement_create, name="create"),
    path("<int:pk>/", views.agreement_detail, name="detail"),
    path("<int:pk>/edit/", views.agreement_edit, name="edit"),
    path("<int:pk>/sign/", views.agreement_sign, name="sign"),
    path("<int:pk>/refuse/", views.agreement_refuse, name="refuse"),
    path("<int:pk>/renegotiate/", views.agreement_renegotiate, name="renegotiate"),
    path("<int:pk>/pdf/", views.agreement_pdf, name="pdf"),
    path("<int:pk>/docx/", views.agreement_docx, name="docx"),
    path("<int:pk>/scan/", views.agreement_scan, name="scan"),
]
