"""Sign-in with a second factor, language switch and sign-out, in headless Chromium."""

import re

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

from opora.accounts.models import Role
from opora.core.testing.factories import TEST_PASSWORD, MembershipFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _current_code(secret_b32: str) -> str:
    from base64 import b32decode

    return f"{TOTP(b32decode(secret_b32)).token():06d}"


def test_case_manager_enrols_2fa_switches_language_and_signs_out(page):
    m = MembershipFactory(role=Role.CASE_MANAGER, user__full_name="Petra Svobodová")
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.get_by_role("heading", name="Přihlášení do Opory")).to_be_visible()

    page.get_by_label("E-mail").fill(m.user.email)
    page.get_by_label("Heslo").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Přihlásit se").click()

    # First sign-in: the QR code and the key to type by hand.
    expect(page.get_by_role("heading", name="Nastavení dvoufázového přihlášení")).to_be_visible()
    secret = page.get_by_test_id("totp-secret").inner_text().strip()
    page.get_by_label("Kód z ověřovací aplikace").fill(_current_code(secret))
    page.get_by_role("button", name="Potvrdit").click()

    expect(page.get_by_text("Dvoufázové přihlášení je nastaveno.")).to_be_visible()
    # Recovery codes are shown once, right after the enrolment.
    expect(page.get_by_role("heading", name="Vaše záchranné kódy")).to_be_visible()
    expect(page.get_by_test_id("recovery-codes").locator("li")).to_have_count(10)
    page.get_by_role("link", name="Kódy mám uložené, pokračovat").click()
    expect(page.get_by_role("heading", name="Dobrý den, Petra")).to_be_visible()

    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", name="Hello, Petra")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.get_by_role("button", name="Sign out").first.click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.get_by_text("You have been signed out.")).to_be_visible()
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))


def test_wrong_password_shows_a_czech_message_and_keeps_the_user_out(page):
    m = MembershipFactory(role=Role.COORDINATOR)
    page.goto("/accounts/login/")
    page.get_by_label("E-mail").fill(m.user.email)
    page.get_by_label("Heslo").fill("this is not it")
    page.get_by_role("button", name="Přihlásit se").click()
    expect(page.get_by_text("E-mail nebo heslo nejsou správné.")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
