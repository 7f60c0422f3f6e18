import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.oath import TOTP

from opora.accounts.models import Role
from opora.audit.models import AuditEvent
from opora.core.testing.factories import TEST_PASSWORD, MembershipFactory, totp_device

pytestmark = pytest.mark.django_db


def _sign_in(client, email, password=TEST_PASSWORD):
    return client.post(reverse("accounts:login"), {"username": email, "password": password})


def _code(device):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


@pytest.mark.parametrize("role", Role.values)
def test_password_alone_does_not_open_the_app_for_any_role_when_2fa_is_required(role):
    m = MembershipFactory(role=role)
    client = Client()
    response = _sign_in(client, m.user.email)
    assert response.status_code == 302
    home = client.get(reverse("core:home"))
    assert home.status_code == 302 and home.url == reverse("accounts:otp")


def test_first_sign_in_enrols_a_totp_device_with_a_qr_code():
    m = MembershipFactory(role=Role.COORDINATOR)
    client = Client()
    _sign_in(client, m.user.email)
    page = client.get(reverse("accounts:otp"))
    assert page.status_code == 200
    assert b"<svg" in page.content
    device = m.user.totpdevice_set.get()
    assert not device.confirmed
    wrong = client.post(reverse("accounts:otp"), {"token": "000000" if _code(device) != "000000" else "111111"})
    assert wrong.status_code == 200
    device.refresh_from_db()
    assert not device.confirmed
    device.throttle_reset()  # django-otp makes the next attempt wait after a failure
    ok = client.post(reverse("accounts:otp"), {"token": _code(device)})
    assert ok.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("core:home")).status_code == 200


def test_enrolled_user_must_enter_a_code_after_the_password():
    m = MembershipFactory(role=Role.CASE_MANAGER)
    device = totp_device(m.user)
    client = Client()
    _sign_in(client, m.user.email)
    assert client.get(reverse("core:home")).url == reverse("accounts:otp")
    client.post(reverse("accounts:otp"), {"token": _code(device)})
    assert client.get(reverse("core:home")).status_code == 200


@override_settings(OPORA_REQUIRE_2FA=False)
def test_without_required_2fa_a_user_with_no_device_goes_straight_in():
    m = MembershipFactory(role=Role.CASE_MANAGER)
    client = Client()
    _sign_in(client, m.user.email)
    assert client.get(reverse("core:home")).status_code == 200


@override_settings(OPORA_REQUIRE_2FA=False)
def test_without_required_2fa_an_enrolled_user_still_needs_the_code():
    m = MembershipFactory(role=Role.CASE_MANAGER)
    totp_device(m.user)
    client = Client()
    _sign_in(client, m.user.email)
    assert client.get(reverse("core:home")).url == reverse("accounts:otp")


def test_production_settings_require_2fa_for_every_role():
    from config import settings as production

    assert production.OPORA_REQUIRE_2FA is True
    assert production.DEBUG is False


def test_repeated_failures_lock_the_account_even_with_the_right_password():
    m = MembershipFactory(role=Role.CASE_MANAGER)
    client = Client()
    for _ in range(5):
        response = _sign_in(client, m.user.email, "wrong password 123")
        assert response.status_code in (200, 429)
    locked = _sign_in(client, m.user.email)
    assert locked.status_code == 429
    assert "zablokováno".encode() in locked.content
    assert client.get(reverse("core:home")).status_code == 302  # still not signed in
    assert AuditEvent.objects.filter(action="auth.locked_out", actor_email=m.user.email).exists()


def test_sign_in_success_and_failure_leave_audit_records():
    m = MembershipFactory(role=Role.CASE_MANAGER)
    client = Client(REMOTE_ADDR="192.0.2.7")
    _sign_in(client, m.user.email, "not the password!")
    _sign_in(client, m.user.email)
    failed = AuditEvent.objects.get(action="auth.sign_in_failed")
    assert failed.actor_email == m.user.email
    assert failed.actor is None
    assert failed.ip_address == "192.0.2.7"
    assert "not the password" not in str(failed.data)
    success = AuditEvent.objects.get(action="auth.sign_in")
    assert success.actor == m.user
    assert success.ip_address == "192.0.2.7"


def test_sign_out_everywhere_ends_other_sessions(login):
    m = MembershipFactory(role=Role.CASE_MANAGER)
    laptop, phone = login(Client(), m), login(Client(), m)
    assert phone.get(reverse("core:home")).status_code == 200
    laptop.post(reverse("accounts:sign_out_everywhere"))
    assert phone.get(reverse("core:home")).status_code == 302
    assert laptop.get(reverse("core:home")).status_code == 302


def test_sessions_expire_after_inactivity():
    # The expiry moves forward while the session is used: test_session_activity.py.
    from django.conf import settings

    assert settings.SESSION_COOKIE_AGE <= 60 * 60
    assert "opora.accounts.middleware.SessionActivityMiddleware" in settings.MIDDLEWARE


def test_a_person_in_two_organisations_chooses_which_one_to_act_in(login):
    first = MembershipFactory(role=Role.CASE_MANAGER)
    second = MembershipFactory(user=first.user, role=Role.COORDINATOR)
    client = Client()
    client.force_login(first.user)
    session = client.session
    session["otp_device_id"] = totp_device(first.user).persistent_id
    session.save()
    assert client.get(reverse("core:home")).url == reverse("accounts:choose_organisation")
    page = client.get(reverse("accounts:choose_organisation"))
    assert first.organisation.name in page.content.decode() and second.organisation.name in page.content.decode()
    client.post(reverse("accounts:choose_organisation"), {"membership": second.pk})
    home = client.get(reverse("core:home"))
    assert home.status_code == 200
    assert second.organisation.name in home.content.decode()


def test_choosing_a_membership_of_someone_else_is_refused():
    mine = MembershipFactory(role=Role.CASE_MANAGER)
    MembershipFactory(user=mine.user, role=Role.COORDINATOR)
    stranger = MembershipFactory(role=Role.COORDINATOR)
    client = Client()
    client.force_login(mine.user)
    session = client.session
    session["otp_device_id"] = totp_device(mine.user).persistent_id
    session.save()
    response = client.post(reverse("accounts:choose_organisation"), {"membership": stranger.pk})
    assert response.status_code == 200
    assert client.get(reverse("core:home")).url == reverse("accounts:choose_organisation")
