"""A case manager walks a case from the school's referral to the first meeting, in Czech."""

import pytest
from playwright.sync_api import expect

from opora.accounts.models import Role
from opora.cases.models import Case, CaseEvent
from opora.core.testing.factories import MembershipFactory, SchoolFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_case_goes_from_referral_to_the_first_meeting(page, sign_in):
    cm = MembershipFactory(role=Role.CASE_MANAGER, user__full_name="Petra Svobodová")
    SchoolFactory(organisation=cm.organisation, name="Základní škola Na Výsluní")
    sign_in(page, cm)

    page.goto("/")
    page.get_by_role("link", name="Případy", exact=True).click()
    expect(page.get_by_role("heading", name="Mé případy")).to_be_visible()
    page.get_by_role("link", name="Zaznamenat doporučení").click()

    page.get_by_label("Jméno:", exact=True).fill("Matyáš")
    page.get_by_label("Příjmení:", exact=True).fill("Horváth")
    page.get_by_label("Škola:", exact=True).select_option(label="Základní škola Na Výsluní")
    page.get_by_label("Třída:", exact=True).fill("4.A")
    page.get_by_label("Kdo ze školy studenta doporučuje").fill("Ivana Černá, ředitelka")
    page.get_by_label("Pohled školy na situaci").fill("Chodí do školy hladový a bez oblečení na zimu.")
    page.get_by_label("Škola má souhlas rodiny s předáním kontaktů").check()
    page.get_by_role("button", name="Zaznamenat doporučení").click()

    expect(page.get_by_text("Doporučení je zaznamenáno jako případ")).to_be_visible()
    expect(page.get_by_test_id("case-state")).to_have_text("Vytipování školou")

    page.get_by_role("link", name="Začít kontaktovat studenta").click()
    page.get_by_role("button", name="Potvrdit").click()
    expect(page.get_by_test_id("case-state")).to_have_text("Domluva schůzky")

    page.get_by_role("link", name="První setkání je domluveno").click()
    page.get_by_role("button", name="Potvrdit").click()
    expect(page.get_by_test_id("case-state")).to_have_text("První setkání")

    page.get_by_role("link", name="Průběh").click()
    expect(page.get_by_test_id("timeline")).to_contain_text("Domluva schůzky → První setkání")

    case = Case.objects.get(student__last_name="Horváth")
    assert case.state == "first_meeting" and case.lead == cm
    assert CaseEvent.objects.filter(case=case, kind="transition").count() == 3
