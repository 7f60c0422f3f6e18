"""Issue 9, attacks 1 and 2: account takeover across organisations, lockout by spelling, and
the second factor (reset, recovery codes, failed codes). Each test is the attack made from
outside, through HTTP, as the attacker's membership."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from opora.accounts.models import Membership, Role, User
from opora.audit.models import AuditEvent
from opora.core.testing.factories import TEST_PASSWORD, MembershipFactory, UserFactory, totp_device

pytestmark = pytest.mark.django_db


def _code(device):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def _wrong(device):
    return "000000" if _code(device) != "000000" else "111111"


def _sign_in(client, email, password=TEST_PASSWORD):
    return client.post(reverse("accounts:login"), {"username": email, "password": password})


def _invitation_link():
    body = mail.outbox[-1].body
    return re.search(r"https?://[^\s]+/accounts/invitation/[^\s]+/", body).group(0)


def _invite(client, email, name="Někdo Vymyšlený", role=Role.CASE_MANAGER):
    return client.post(reverse("accounts:user_create"), {"full_name": name, "email": email, "role": role})


# --- Attack 1: cross-organisation takeover ------------------------------------------------------


def test_admin_of_another_organisation_cannot_take_over_an_existing_account(login):
    victim = MembershipFactory(role=Role.CASE_MANAGER, user__full_name="Tomáš Král", user__email="tomas.kral@x.cz")
    attacker = MembershipFactory(role=Role.ADMIN)
    client = login(Client(), attacker)

    response = _invite(client, "Tomas.Kral@X.cz ", name="Fiktivní Jméno")
    assert response.status_code == 302
    answer = client.get(response.url).content.decode()
    # The same answer as for an address nobody has.
    assert "Pozvánka byla odeslána na tomas.kral@x.cz" in answer
    assert "Tomáš Král" not in answer
    listing = client.get(reverse("accounts:user_list")).content.decode()
    assert "Fiktivní Jméno" in listing
    assert "Tomáš Král" not in listing
    # Nothing is tied to the victim's account: their memberships are what they were.
    assert list(Membership.objects.filter(user=victim.user)) == [victim]
    pending = Membership.objects.get(organisation=attacker.organisation, invited_email="tomas.kral@x.cz")
    assert pending.user is None
    assert not Membership.objects.active().filter(pk=pending.pk).exists()
    # Nor can the attacker edit or reset it through the pending row.
    edit = client.get(reverse("accounts:membership_edit", args=[pending.pk])).content.decode()
    assert "Tomáš Král" not in edit
    client.post(reverse("accounts:user_reset_2fa", args=[pending.pk]))
    assert AuditEvent.objects.filter(action="user.reset_2fa").count() == 0

    # The answer for an unknown address is the same sentence.
    other = _invite(client, "nikdo@nikde.cz")
    assert "Pozvánka byla odeslána na nikdo@nikde.cz" in client.get(other.url).content.decode()


def test_invitation_is_accepted_only_by_the_invited_account_signed_in():
    victim = MembershipFactory(role=Role.CASE_MANAGER, user__full_name="Tomáš Král", user__email="tomas.kral@x.cz")
    device = totp_device(victim.user)
    admin = MembershipFactory(role=Role.ADMIN)
    from opora.core.testing.auth import login

    _invite(login(Client(), admin), "tomas.kral@x.cz", name="Fiktivní Jméno")
    link = _invitation_link()
    pending = Membership.objects.get(invited_email="tomas.kral@x.cz")

    # Whoever holds the link is asked to sign in as that account; no name is shown.
    anonymous = Client().get(link)
    assert anonymous.status_code == 200
    assert "Tomáš Král" not in anonymous.content.decode()
    assert Client().post(link).status_code == 200
    # Another signed-in account cannot accept it.
    intruder = login(Client(), MembershipFactory(role=Role.CASE_MANAGER))
    intruder.post(link)
    pending.refresh_from_db()
    assert pending.user is None

    # The victim signs in (password and code) from the link and accepts.
    client = Client()
    client.get(link)
    _sign_in(client, "tomas.kral@x.cz")
    after_otp = client.post(reverse("accounts:otp"), {"token": _code(device)})
    assert after_otp.url == link.split("testserver", 1)[-1]
    assert client.post(link).status_code == 302
    pending.refresh_from_db()
    assert pending.user == victim.user and pending.accepted_at is not None
    assert Membership.objects.active().filter(user=victim.user).count() == 2
    # The link is single-use.
    assert Client().get(link).status_code == 404


def test_a_new_address_accepts_with_a_valid_password_then_enrols_2fa(login):
    admin = MembershipFactory(role=Role.ADMIN)
    _invite(login(Client(), admin), "vera@skola.cz", name="Věra Nováková")
    link = _invitation_link()
    client = Client()
    weak = client.post(link, {"full_name": "Věra Nováková", "password1": "password1234", "password2": "password1234"})
    assert weak.status_code == 200
    assert not User.objects.filter(email="vera@skola.cz").exists()
    good = "Kaštanová alej 17 u řeky"
    ok = client.post(link, {"full_name": "Věra Nová", "password1": good, "password2": good})
    assert ok.url == reverse("accounts:otp")
    user = User.objects.get(email="vera@skola.cz")
    assert user.full_name == "Věra Nová"
    assert Membership.objects.active().get(user=user).organisation == admin.organisation
    assert client.get(reverse("core:home")).url == reverse("accounts:otp")
    assert b"<svg" in client.get(reverse("accounts:otp")).content


def test_a_forged_or_expired_invitation_link_is_refused(login, settings):
    admin = MembershipFactory(role=Role.ADMIN)
    _invite(login(Client(), admin), "vera@skola.cz")
    link = _invitation_link()
    assert Client().get(link[:-3] + "xx/").status_code == 404
    settings.OPORA_INVITATION_MAX_AGE_DAYS = 0
    import time

    time.sleep(1.1)
    assert Client().get(link).status_code == 404


# --- Attack 1: 2FA reset across organisations -----------------------------------------------------


def test_admin_cannot_reset_2fa_of_a_person_who_works_in_another_organisation(login):
    in_a = MembershipFactory(role=Role.CASE_MANAGER, user__full_name="Tomáš Král")
    in_b = MembershipFactory(user=in_a.user, role=Role.CASE_MANAGER)
    device = totp_device(in_a.user)
    admin_b = MembershipFactory(organisation=in_b.organisation, role=Role.ADMIN)
    client = login(Client(), admin_b)
    response = client.post(reverse("accounts:user_reset_2fa", args=[in_b.pk]))
    assert response.status_code == 302
    assert "nelze" in client.get(response.url).content.decode()
    assert TOTPDevice.objects.filter(pk=device.pk, confirmed=True).exists()
    assert not AuditEvent.objects.filter(action="user.reset_2fa").exists()
    assert mail.outbox == []


def test_a_permitted_reset_tells_the_person_by_email(login):
    person = MembershipFactory(role=Role.CASE_MANAGER)
    totp_device(person.user)
    admin = MembershipFactory(organisation=person.organisation, role=Role.ADMIN)
    client = login(Client(), admin)
    assert client.post(reverse("accounts:user_reset_2fa", args=[person.pk])).status_code == 302
    assert not TOTPDevice.objects.filter(user=person.user).exists()
    assert [m.to for m in mail.outbox] == [[person.user.email]]
    assert admin.organisation.name in mail.outbox[0].body


def test_recovery_code_signs_in_and_lets_the_person_re_enrol_themselves():
    person = MembershipFactory(role=Role.CASE_MANAGER)
    old = totp_device(person.user)
    client = Client()
    _sign_in(client, person.user.email)
    enrol = TOTPDevice.objects.get(pk=old.pk)
    # Codes are generated at enrolment; here we generate them as the security page would.
    from opora.accounts import services

    codes = services.recovery_codes_generate(user=person.user, notify=False)
    assert client.post(reverse("accounts:otp"), {"recovery_code": codes[0].upper()}).status_code == 302
    assert client.get(reverse("core:home")).status_code == 200
    # A used code does not work twice.
    assert not StaticDevice.objects.get(user=person.user).token_set.filter(token=codes[0]).exists()
    mail.outbox.clear()
    assert client.post(reverse("accounts:two_factor_self_reset")).url == reverse("accounts:otp")
    assert not TOTPDevice.objects.filter(pk=enrol.pk).exists()
    assert [m.to for m in mail.outbox] == [[person.user.email]]
    page = client.get(reverse("accounts:otp"))
    assert b"<svg" in page.content
    new = TOTPDevice.objects.get(user=person.user, confirmed=False)
    done = client.post(reverse("accounts:otp"), {"token": _code(new)})
    assert done.url == reverse("accounts:recovery_codes")
    shown = client.get(done.url)
    assert shown.status_code == 200 and shown["Cache-Control"] == "no-store"
    fresh = StaticDevice.objects.get(user=person.user).token_set.values_list("token", flat=True)
    assert len(fresh) == 10 and all(code in shown.content.decode() for code in fresh)
    # Shown once.
    assert client.get(reverse("accounts:recovery_codes")).url == reverse("accounts:security")


def test_password_alone_does_not_enrol_a_new_authenticator_when_recovery_codes_exist():
    from opora.accounts import services

    person = MembershipFactory(role=Role.CASE_MANAGER)
    services.recovery_codes_generate(user=person.user, notify=False)  # authenticator removed, codes kept
    client = Client()
    _sign_in(client, person.user.email)
    page = client.get(reverse("accounts:otp"))
    assert b"<svg" not in page.content
    assert not TOTPDevice.objects.filter(user=person.user).exists()


def test_regenerating_recovery_codes_is_announced_by_email(login):
    person = MembershipFactory(role=Role.CASE_MANAGER)
    client = login(Client(), person)
    assert client.post(reverse("accounts:recovery_codes_regenerate")).url == reverse("accounts:recovery_codes")
    assert [m.to for m in mail.outbox] == [[person.user.email]]


# --- Attack 2: lockout by spelling -------------------------------------------------------------


@pytest.mark.parametrize("spelling", ["Tomas.Kral@X.cz", " tomas.kral@x.cz ", "TOMAS.KRAL@x.cz"])
def test_five_failures_lock_every_spelling_of_the_address(spelling):
    MembershipFactory(role=Role.CASE_MANAGER, user__email="tomas.kral@x.cz")
    client = Client()
    for typed in ["tomas.kral@x.cz", "Tomas.Kral@x.cz", " tomas.kral@x.cz", "TOMAS.kral@X.CZ", "tomas.kral@x.cz "]:
        _sign_in(client, typed, "wrong password 123")
    locked = _sign_in(client, spelling)
    assert locked.status_code == 429
    assert client.get(reverse("core:home")).status_code == 302
    assert AuditEvent.objects.filter(action="auth.locked_out", actor_email="tomas.kral@x.cz").exists()


def test_sign_in_works_with_any_spelling_of_the_address():
    m = MembershipFactory(role=Role.CASE_MANAGER, user__email="tomas.kral@x.cz")
    client = Client()
    assert _sign_in(client, "  Tomas.Kral@X.CZ ").status_code == 302
    assert client.session.get("_auth_user_id") == str(m.user.pk)


def test_accounts_are_stored_with_the_normalised_address():
    user = User.objects.create_user(email="  Tomas.Kral@X.CZ ", password=TEST_PASSWORD, full_name="T K")
    assert user.email == "tomas.kral@x.cz"
    other = UserFactory(email="Jana.Mala@X.cz")
    other.refresh_from_db()
    assert other.email == "jana.mala@x.cz"


def test_migration_normalises_stored_addresses_and_skips_collisions():
    import importlib

    from django.apps import apps

    migration = importlib.import_module("opora.accounts.migrations.0004_normalise_emails")
    a = UserFactory(email="a@x.cz")
    User.objects.filter(pk=a.pk).update(email="Solo@X.cz ")
    b, c = UserFactory(email="dup@x.cz"), UserFactory(email="other@x.cz")
    User.objects.filter(pk=c.pk).update(email="DUP@x.cz")
    migration.normalise_emails(apps, None)
    assert User.objects.get(pk=a.pk).email == "solo@x.cz"
    assert User.objects.get(pk=b.pk).email == "dup@x.cz"
    assert User.objects.get(pk=c.pk).email == "DUP@x.cz"  # left for a person to merge


# --- Attack 2: OTP failures --------------------------------------------------------------------


def test_wrong_codes_are_audited_and_throttled_even_for_the_right_code():
    person = MembershipFactory(role=Role.CASE_MANAGER)
    device = totp_device(person.user)
    client = Client()
    _sign_in(client, person.user.email)
    first = client.post(reverse("accounts:otp"), {"token": _wrong(device)})
    assert first.status_code == 200
    # The right code right after a failure is refused, with a clear message.
    throttled = client.post(reverse("accounts:otp"), {"token": _code(device)})
    assert throttled.status_code == 200
    assert "Příliš mnoho chybných kódů" in throttled.content.decode()
    assert client.get(reverse("core:home")).url == reverse("accounts:otp")
    events = AuditEvent.objects.filter(action="user.otp_failed", actor=person.user).order_by("pk")
    assert [e.data["reason"] for e in events] == ["wrong_code", "throttled"]
    # Once the wait is over the right code works.
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - timezone.timedelta(seconds=5)
    )
    assert client.post(reverse("accounts:otp"), {"token": _code(device)}).status_code == 302
    assert client.get(reverse("core:home")).status_code == 200


def test_wrong_recovery_codes_are_audited_and_throttled():
    from opora.accounts import services

    person = MembershipFactory(role=Role.CASE_MANAGER)
    totp_device(person.user)
    codes = services.recovery_codes_generate(user=person.user, notify=False)
    client = Client()
    _sign_in(client, person.user.email)
    client.post(reverse("accounts:otp"), {"recovery_code": "notacode"})
    refused = client.post(reverse("accounts:otp"), {"recovery_code": codes[0]})
    assert "Příliš mnoho chybných kódů" in refused.content.decode()
    assert client.get(reverse("core:home")).url == reverse("accounts:otp")
    assert AuditEvent.objects.filter(action="user.otp_failed", data__device="recovery").count() == 2
