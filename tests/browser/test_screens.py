"""The main screens of the demo, as the README shows them. The test checks what each screen
must say and saves a screenshot to $OPORA_SCREENSHOTS (default: test-artifacts/screens);
`make screenshots` refreshes docs/screenshots from it."""

import os
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from opora.accounts.models import Membership
from opora.cases.models import Case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OUT = Path(os.environ.get("OPORA_SCREENSHOTS") or Path(__file__).resolve().parents[2] / "test-artifacts/screens")


def _shot(page, name):
    OUT.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(OUT / f"{name}.png"), full_page=False)


def test_main_screens_of_the_demo(page, sign_in):
    call_command("seed_demo", quiet=True)
    petra = Membership.objects.get(user__email="petra.svobodova@demo.opora.cz")
    story = Case.objects.get(organisation=petra.organisation, number="2026-0001")

    sign_in(page, petra)
    page.goto("/cases/")
    expect(page.get_by_role("heading", name="Mé případy")).to_be_visible()
    expect(page.get_by_role("link", name="2026-0001")).to_be_visible()
    _shot(page, "cases")

    page.goto(f"/cases/{story.pk}/")
    expect(page.get_by_text("Souhlas platný")).to_be_visible()
    expect(page.get_by_role("link", name="Setkání", exact=True).last).to_be_visible()
    _shot(page, "case")

    page.goto(f"/cases/{story.pk}/?tab=plan")
    _shot(page, "plan")

    page.goto("/meetings/")
    _shot(page, "meetings")

    page.context.clear_cookies()
    sign_in(page, Membership.objects.get(user__email="koordinatorka@demo.opora.cz"))
    page.goto("/schools/board/")
    expect(page.get_by_text("Základní škola Na Výsluní").first).to_be_visible()
    _shot(page, "schools-board")
