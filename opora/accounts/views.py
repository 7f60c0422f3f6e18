import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from opora import access
from opora.accounts import selectors, services
from opora.accounts.forms import (
    AcceptInvitationForm,
    InvitationForm,
    MembershipForm,
    RecoveryCodeForm,
    SignInForm,
    TokenForm,
)
from opora.accounts.middleware import SESSION_KEY


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


def _next_url(request, default="core:home"):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return default


INVITATION_SESSION_KEY = "opora_invitation"
RECOVERY_CODES_SESSION_KEY = "opora_recovery_codes"


def _after_second_factor(request):
    """Where a person goes once past the second factor: `next`, an invitation they opened
    before signing in, or home."""
    token = request.session.pop(INVITATION_SESSION_KEY, None)
    default = reverse("accounts:invitation_accept", args=[token]) if token else "core:home"
    return _next_url(request, default=default)


def otp(request):
    """Second factor: verify a code from the authenticator or a recovery code, or enrol (QR
    code) when the account has no authenticator. An account that still has recovery codes but
    no authenticator (removed by the person, see `two_factor_self_reset`) must enter a recovery
    code before a new authenticator is enrolled: a password alone never enrols a device for an
    account that has a second factor."""
    user = request.user
    if not user.is_authenticated:
        return redirect("accounts:login")
    totp = selectors.confirmed_totp(user)
    if user.is_verified() and totp is not None:
        return redirect(_after_second_factor(request))
    recovery = services.recovery_device(user)
    mode = _otp_mode(user, totp, recovery)
    device = totp if mode == "verify" else services.totp_device_for_enrolment(user) if mode == "enrol" else None
    using_recovery = request.method == "POST" and "recovery_code" in request.POST
    form = TokenForm(request.POST if request.method == "POST" and not using_recovery else None)
    recovery_form = RecoveryCodeForm(request.POST if using_recovery else None)
    response = None
    if using_recovery and recovery is not None and mode != "enrol" and recovery_form.is_valid():
        response = _otp_recovery(request, recovery, recovery_form, mode)
    elif request.method == "POST" and not using_recovery and device is not None and form.is_valid():
        response = _otp_token(request, device, form, mode)
    if response is not None:
        return response
    return render(request, "accounts/otp.html", _otp_context(form, recovery_form, mode, device))


def _otp_mode(user, totp, recovery) -> str:
    """ "verify" an authenticator, sign in with a "recovery" code first, or "enrol" one."""
    if totp is not None:
        return "verify"
    if recovery is not None and not user.is_verified():
        return "recovery"
    return "enrol"


def _otp_recovery(request, recovery, recovery_form, mode):
    """Sign in with a recovery code; None (the form carries the error) when it is refused."""
    token = recovery_form.cleaned_data["recovery_code"]
    error = services.otp_verify(device=recovery, token=token, request=request, kind="recovery")
    if error:
        recovery_form.add_error("recovery_code", error)
        return None
    otp_login(request, recovery)
    services.recovery_code_used(user=request.user, request=request)
    left = selectors.recovery_codes_left(recovery)
    messages.warning(
        request,
        ngettext(
            "You signed in with a recovery code; %(count)d code is left. "
            "If you lost your authenticator, set up a new one.",
            "You signed in with a recovery code; %(count)d codes are left. "
            "If you lost your authenticator, set up a new one.",
            left,
        )
        % {"count": left},
    )
    return redirect("accounts:otp" if mode == "recovery" else "accounts:security")


def _otp_token(request, device, form, mode):
    """Verify (or, enrolling, confirm) the authenticator; None (the form carries the error)
    when the code is refused."""
    error = services.otp_verify(device=device, token=form.cleaned_data["token"], request=request)
    if error:
        form.add_error("token", error)
        return None
    if mode == "enrol":
        codes = services.totp_confirm(device=device, request=request)
        otp_login(request, device)
        messages.success(request, _("Two-factor sign-in is set up."))
        request.session[RECOVERY_CODES_SESSION_KEY] = codes
        request.session["opora_after_codes"] = resolve_url(_after_second_factor(request))
        return redirect("accounts:recovery_codes")
    otp_login(request, device)
    return redirect(_after_second_factor(request))


def _otp_context(form, recovery_form, mode, device) -> dict:
    context = {"form": form, "recovery_form": recovery_form, "mode": mode, "enrolling": mode == "enrol"}
    if mode == "enrol":
        image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
        context["qr_svg"] = mark_safe(image.to_string(encoding="unicode"))  # noqa: S308 - generated by qrcode
        context["secret"] = _base32(device)
    return context


def recovery_codes(request):
    """Shows new recovery codes once (they are taken out of the session as they are shown)."""
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    codes = request.session.pop(RECOVERY_CODES_SESSION_KEY, None)
    if not codes:
        return redirect("accounts:security")
    after = request.session.pop("opora_after_codes", None) or reverse("accounts:security")
    if not url_has_allowed_host_and_scheme(after, {request.get_host()}):
        after = reverse("core:home")
    response = render(request, "accounts/recovery_codes.html", {"codes": codes, "after": after})
    response["Cache-Control"] = "no-store"
    return response


@access.member_required()
@require_POST
def recovery_codes_regenerate(request):
    request.session[RECOVERY_CODES_SESSION_KEY] = services.recovery_codes_generate(user=request.user, request=request)
    request.session["opora_after_codes"] = reverse("accounts:security")
    return redirect("accounts:recovery_codes")


@access.member_required()
@require_POST
def two_factor_self_reset(request):
    """The person (signed in with their second factor) removes their authenticator and sets up
    a new one. The session stays verified through the recovery device, so the next step is the
    enrolment of the new authenticator."""
    services.user_reset_two_factor(
        user=request.user, by=request.membership, request=request, reset_by=services.RESET_BY_SELF
    )
    otp_login(request, services.recovery_device_for_session(request.user))
    messages.info(request, _("Your authenticator has been removed. Set up the new one now."))
    return redirect("accounts:otp")


def invitation_accept(request, token):
    """The link of an invitation e-mail. Reachable without signing in, with a valid token only.

    * An address that has an account: the person signs in AS THAT ACCOUNT (with the second
      factor) and accepts; nobody signed in as another account can accept.
    * A new address: the holder of the link chooses their name and password, then sets up the
      second factor as at every first sign-in.
    """
    membership = services.invitation_from_token(token)
    if membership is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    email = membership.invited_email
    account = selectors.account_by_email(email)
    user = request.user
    context = {"invitation": membership, "email": email, "token": token}
    if user.is_authenticated and user.email != email:
        return render(request, "accounts/invitation_other_account.html", context)
    if account is not None:
        return _invitation_accept_existing(request, membership, token, context)
    return _invitation_accept_new(request, membership, context)


def _invitation_accept_existing(request, membership, token, context):
    """The invited address has an account: sign in as it (second factor included), then accept."""
    user = request.user
    if not user.is_authenticated:
        request.session[INVITATION_SESSION_KEY] = token
        return render(request, "accounts/invitation_sign_in.html", context)
    if not access.is_verified(user):
        request.session[INVITATION_SESSION_KEY] = token
        return redirect("accounts:otp")
    if request.method != "POST":
        return render(request, "accounts/invitation_accept.html", context)
    try:
        accepted = services.invitation_accept(membership=membership, user=user, request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("core:home")
    request.session[SESSION_KEY] = accepted.pk
    messages.success(
        request, _("You are now a member of %(organisation)s.") % {"organisation": accepted.organisation.name}
    )
    return redirect("core:home")


def _invitation_accept_new(request, membership, context):
    """A new address: the holder of the link creates the account, then sets up the second factor."""
    email = membership.invited_email
    form = AcceptInvitationForm(request.POST or None, email=email, initial={"full_name": membership.invited_name})
    if request.method == "POST" and form.is_valid():
        try:
            new_user = services.account_create_from_invitation(
                membership=membership,
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password1"],
                request=request,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            auth_login(request, new_user, backend="django.contrib.auth.backends.ModelBackend")
            request.session[SESSION_KEY] = membership.pk
            messages.success(request, _("Your account has been created. Now set up two-factor sign-in."))
            return redirect("accounts:otp")
    context["form"] = form
    return render(request, "accounts/invitation_new_account.html", context)


def _base32(device) -> str:
    from base64 import b32encode

    return b32encode(device.bin_key).decode()


@require_POST
def sign_out(request):
    logout(request)
    messages.info(request, _("You have been signed out."))
    return redirect("accounts:login")


@access.member_required()
@require_POST
def sign_out_everywhere(request):
    services.user_sign_out_everywhere(user=request.user, request=request, by=request.membership)
    logout(request)
    messages.info(request, _("You have been signed out on all devices."))
    return redirect("accounts:login")


def choose_organisation(request):
    """A user with several memberships chooses which one they act through."""
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    memberships = access.memberships_of(request.user)
    if request.method == "POST":
        chosen = next((m for m in memberships if str(m.pk) == request.POST.get("membership")), None)
        if chosen is None:
            messages.error(request, _("Choose one of your organisations."))
        else:
            request.session[SESSION_KEY] = chosen.pk
            return redirect("core:home")
    elif request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST"])
    return render(request, "accounts/choose_organisation.html", {"memberships": memberships})


@access.member_required()
def security(request):
    has_device = selectors.confirmed_totp(request.user) is not None
    recovery = services.recovery_device(request.user)
    context = {
        "has_device": has_device,
        "recovery_codes_left": recovery.token_set.count() if recovery is not None else None,
    }
    return render(request, "accounts/security.html", context)


# --- Administration of users (admin role) ---------------------------------------------------


@access.member_required(access.can_manage_users)
def user_list(request):
    page = Paginator(selectors.memberships_of_organisation(request.membership), 50).get_page(request.GET.get("page"))
    return render(request, "accounts/user_list.html", {"page": page})


@access.member_required(access.can_manage_users)
def user_create(request):
    """Adding a person is an invitation: the answer is the same whether the address has an
    account somewhere or not, and nothing is tied to an account until the person accepts."""
    form = InvitationForm(request.POST or None, organisation=request.membership.organisation)
    if request.method == "POST" and form.is_valid():
        services.membership_invite(by=request.membership, request=request, **form.cleaned_data)
        messages.success(
            request,
            _("An invitation has been sent to %(email)s. The person appears as a member once they accept it.")
            % {"email": form.cleaned_data["email"]},
        )
        return redirect("accounts:user_list")
    return render(request, "accounts/user_form.html", {"form": form})


@access.member_required(access.can_manage_users)
def membership_edit(request, pk):
    membership = access.fetch_membership(request, pk)
    form = MembershipForm(request.POST or None, instance=membership)
    if request.method == "POST" and form.is_valid():
        services.membership_update(membership=membership, by=request.membership, request=request, **form.cleaned_data)
        messages.success(request, _("The membership has been saved."))
        return redirect("accounts:user_list")
    return render(request, "accounts/membership_form.html", {"form": form, "membership": membership})


@access.member_required(access.can_manage_users)
@require_POST
def user_reset_2fa(request, pk):
    membership = access.fetch_membership(request, pk)
    if not access.can_reset_two_factor(request.membership, membership):
        messages.error(
            request,
            _(
                "Two-factor sign-in of this person cannot be reset here: the account is also used in another "
                "organisation (or the invitation is not accepted yet). The person can sign in with a recovery "
                "code and set up a new authenticator, or the system administrator resets it."
            ),
        )
        return redirect("accounts:user_list")
    services.user_reset_two_factor(user=membership.user, by=request.membership, request=request)
    messages.success(request, _("Two-factor sign-in has been reset; the user will set it up again."))
    return redirect("accounts:user_list")
