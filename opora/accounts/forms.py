from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from opora.accounts.models import Membership, Role, User, normalise_email
from opora.schools.models import School


class SignInForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail"), widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "username"})
    )
    error_messages = {
        "invalid_login": _("The e-mail or password is not correct. Check them and try again."),
        "inactive": _("This account is not active. Ask your organisation's administrator."),
    }

    def clean_username(self):
        # One spelling for the backend and the lockout counter alike.
        return normalise_email(self.cleaned_data["username"])


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code from the authenticator app"),
        min_length=6,
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

    def clean_token(self):
        token = self.cleaned_data["token"].strip().replace(" ", "")
        if not token.isdigit():
            raise ValidationError(_("The code consists of digits only."))
        return token


class RecoveryCodeForm(forms.Form):
    recovery_code = forms.CharField(
        label=_("Recovery code"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_recovery_code(self):
        return self.cleaned_data["recovery_code"].strip().replace(" ", "").replace("-", "").lower()


class InvitationForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    school = forms.ModelChoiceField(label=_("School"), queryset=School.objects.none(), required=False)
    job_title = forms.CharField(label=_("Job title"), max_length=120, required=False)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["school"].queryset = School.objects.filter(organisation=organisation)

    def clean_email(self):
        return normalise_email(self.cleaned_data["email"])

    def clean(self):
        data = super().clean()
        role, school, email = data.get("role"), data.get("school"), data.get("email")
        if role == Role.SCHOOL_STAFF and not school:
            self.add_error("school", _("School staff must be tied to one school."))
        if role != Role.SCHOOL_STAFF and school:
            self.add_error("school", _("Only school staff are tied to a school."))
        # Only the admin's own organisation is looked at (its members are on the admin's list
        # anyway): whether the address has an account elsewhere is never checked nor told.
        if (
            email
            and role
            and Membership.objects.filter(
                organisation=self.organisation, role=role, user__isnull=False, user__email=email
            ).exists()
        ):
            self.add_error("email", _("This person already has this role in your organisation."))
        return data


class AcceptInvitationForm(forms.Form):
    """A new address accepts an invitation: the person chooses their name and password."""

    full_name = forms.CharField(label=_("Full name"), max_length=150)
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 12 characters; not a common password and not similar to your name or e-mail."),
    )
    password2 = forms.CharField(
        label=_("Password again"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def __init__(self, *args, email, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        data = super().clean()
        password1, password2 = data.get("password1"), data.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords are not the same."))
        elif password1:
            probe = User(email=self.email, full_name=data.get("full_name") or "")
            try:
                password_validation.validate_password(password1, probe)
            except ValidationError as exc:
                self.add_error("password1", exc)
        return data


class MembershipForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["role", "school", "job_title", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = School.objects.filter(organisation=self.instance.organisation)
