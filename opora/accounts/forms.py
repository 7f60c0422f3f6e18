from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from opora.accounts.models import Membership, Role, User
from opora.schools.models import School


class SignInForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail"), widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "username"})
    )
    error_messages = {
        "invalid_login": _("The e-mail or password is not correct. Check them and try again."),
        "inactive": _("This account is not active. Ask your organisation's administrator."),
    }


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code from the authenticator app"),
        min_length=6,
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

    def __init__(self, *args, device=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_token(self):
        token = self.cleaned_data["token"].strip().replace(" ", "")
        if not token.isdigit():
            raise ValidationError(_("The code consists of digits only."))
        if self.device is None or not self.device.verify_token(token):
            raise ValidationError(_("The code is not valid. Enter the current code from your app."))
        return token


class UserCreateForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    school = forms.ModelChoiceField(label=_("School"), queryset=School.objects.none(), required=False)
    job_title = forms.CharField(label=_("Job title"), max_length=120, required=False)
    password = forms.CharField(
        label=_("Initial password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 12 characters. The user should change it after the first sign-in."),
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["school"].queryset = School.objects.filter(organisation=organisation)

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        existing = User.objects.filter(email__iexact=email).first()
        if existing and Membership.objects.filter(user=existing, organisation=self.organisation).exists():
            raise ValidationError(_("This person already has an account in your organisation."))
        return email

    def clean(self):
        data = super().clean()
        role, school = data.get("role"), data.get("school")
        if role == Role.SCHOOL_STAFF and not school:
            self.add_error("school", _("School staff must be tied to one school."))
        if role != Role.SCHOOL_STAFF and school:
            self.add_error("school", _("Only school staff are tied to a school."))
        password = data.get("password")
        if password:
            probe = User(email=data.get("email") or "", full_name=data.get("full_name") or "")
            try:
                password_validation.validate_password(password, probe)
            except ValidationError as exc:
                self.add_error("password", exc)
        return data


class MembershipForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["role", "school", "job_title", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = School.objects.filter(organisation=self.instance.organisation)
