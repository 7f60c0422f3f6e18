"""axe-core (bundled by axe-playwright-python, no CDN) on every main page of the demo, in Czech:
no WCAG 2.1 A/AA violation. It is what a machine can check; the keyboard tests of the meeting
page and the plan tab (test_keyboard.py) check what it cannot see."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from playwright.sync_api import expect

from opora.accounts.models import Membership
from opora.cases.models import Case
from opora.meetings.models import Meeting
from opora.schools.models import School

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def axe_violations(page) -> str:
    """The report of the WCAG 2.1 A/AA violations on the page, empty when there are none."""
    results = Axe().run(page, options=WCAG_21_AA)
    return results.generate_report() if results.violations_count else ""


def _check(page, url, checked, *, width=1280):
    page.set_viewport_size({"width": width, "height": 900})
    response = page.goto(url)
    assert response.status == 200, url
    assert page.locator("html").get_attribute("lang") == "cs"
    report = axe_violations(page)
    checked.append(url)
    return f"{url} ({width} px): {report}" if report else ""


def _contrast(a, b):
    def luminance(rgb):
        c = [v / 255 for v in rgb]
        c = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in c]
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]

    high, low = sorted([luminance(a), luminance(b)], reverse=True)
    return (high + 0.05) / (low + 0.05)


def _rgb(css):
    return tuple(int(v) for v in re.findall(r"\d+", css)[:3])


def test_main_pages_have_no_wcag_21_aa_violations(page, sign_in):
    call_command("seed_demo", quiet=True)
    petra = Membership.objects.get(user__email="petra.svobodova@demo.opora.cz")
    coordinator = Membership.objects.get(user__email="koordinatorka@demo.opora.cz")
    admin = Membership.objects.get(user__email="spravce@demo.opora.cz")
    story = Case.objects.get(organisation=petra.organisation, number="2026-0001")
    meeting = Meeting.objects.filter(case=story).order_by("start").first()
    school = School.objects.filter(organisation=petra.organisation).order_by("pk").first()
    checked, problems = [], []

    problems.append(_check(page, "/accounts/login/", checked))
    sign_in(page, petra)
    case_pages = [f"/cases/{story.pk}/?tab={tab}" for tab in ("overview", "timeline", "assessment", "plan")]
    case_pages += [f"/cases/{story.pk}/?tab={tab}" for tab in ("network", "family", "attachments")]
    case_pages += [f"/cases/{story.pk}/?tab=meetings", f"/cases/{story.pk}/?tab=consents"]
    for url in [
        "/",
        "/cases/",
        *case_pages,
        f"/cases/{story.pk}/task/new/",
        f"/meetings/{meeting.pk}/",
        f"/meetings/{meeting.pk}/participants/",
        "/meetings/",
        f"/consents/case/{story.pk}/",
        "/network/",
        "/accounts/security/",
    ]:
        problems.append(_check(page, url, checked))
    # The phone: tables as labelled blocks, the directory without sideways scrolling.
    for url in ("/cases/", f"/meetings/{meeting.pk}/", "/network/"):
        problems.append(_check(page, url, checked, width=375))

    page.context.clear_cookies()
    sign_in(page, coordinator)
    coordinator_pages = [f"/consents/case/{story.pk}/audit/", "/schools/", f"/schools/{school.pk}/"]
    coordinator_pages += ["/schools/board/", "/consents/disclosures/", "/audit/"]
    for url in coordinator_pages:
        problems.append(_check(page, url, checked))

    page.context.clear_cookies()
    sign_in(page, admin)
    for url in ["/accounts/users/", "/accounts/users/new/"]:
        problems.append(_check(page, url, checked))

    assert len(checked) >= 19
    problems = [p for p in problems if p]
    assert not problems, "\n\n".join(problems)


def test_narrow_screens_zoom_and_the_focus_ring(page, sign_in):
    call_command("seed_demo", quiet=True)
    petra = Membership.objects.get(user__email="petra.svobodova@demo.opora.cz")
    sign_in(page, petra)

    # 200 % zoom of 1280, 1366 and 1536 px windows: nothing scrolls the page sideways.
    for width in (683, 768, 640):
        page.set_viewport_size({"width": width, "height": 450})
        for url in ("/network/", "/cases/"):
            page.goto(url)
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"{url} at {width} px scrolls sideways by {overflow} px"
    for url in ("/network/", "/cases/"):  # 640 px: tables become labelled blocks
        page.goto(url)
        # The column headings stay for screen readers; each cell shows its heading.
        assert page.get_by_role("columnheader").count() > 0
        assert page.locator("thead").first.evaluate("el => getComputedStyle(el).display") != "none"
        expect(page.locator("td[data-label]").first).to_be_visible()

    # The focus ring: >= 3:1 against the page and the cards (WCAG 1.4.11).
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/network/")
    field = page.locator("form.filters input").first
    field.focus()
    ring = _rgb(field.evaluate("el => getComputedStyle(el).outlineColor"))
    for background in ((255, 255, 255), (246, 247, 249), (255, 244, 214), (253, 232, 231)):
        assert _contrast(ring, background) >= 3, (ring, background)
