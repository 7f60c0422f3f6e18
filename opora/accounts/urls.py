from django.urls import path

from opora.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", views.sign_out, name="logout"),
    path("otp/", views.otp, name="otp"),
    path("organisation/", views.choose_organisation, name="choose_organisation"),
    path("security/", views.security, name="security"),
    path("security/sign-out-everywhere/", views.sign_out_everywhere, name="sign_out_everywhere"),
    path("security/recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("security/recovery-codes/new/", views.recovery_codes_regenerate, name="recovery_codes_regenerate"),
    path("security/two-factor/new/", views.two_factor_self_reset, name="two_factor_self_reset"),
    path("invitation/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("users/", views.user_list, name="user_list"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/<int:pk>/", views.membership_edit, name="membership_edit"),
    path("users/<int:pk>/reset-2fa/", views.user_reset_2fa, name="user_reset_2fa"),
]
