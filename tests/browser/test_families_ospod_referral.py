"""A case manager records OSPOD's referral of a family with three children and enters the
family: the mother once, the children with where they live, the family case naming all three."""

import pytest
from playwright.sync_api import expect

from opora.accounts.models import Role
from opora.cases.models import Case
from opora.core.testing.factories import MembershipFactory, SchoolFactory
from opora.families.models import FamilyAdult, FamilyChild
from opora.network.tests.factories import InstitutionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_ospod_referral_of_a_family_with_three_children(page, sign_in):
    cm = MembershipFactory(role=Role.CASE_MANAGER, user__full_name="Petra Svobodová")
    SchoolFactory(organisation=cm.organisation, name="Základní škola Na Výsluní")
    InstitutionFactory(organisation=cm.organisation, name="OSPOD Praha 9", kind="ospod")
    sign_in(page, cm)

    page.goto("/cases/refer/")
    page.get_by_label("Kdo o službu žádá").select_option("ospod")
    # The school's part of the form hides; OSPOD's shows.
    expect(page.get_by_label("Pohled školy na situaci")).to_be_hidden()
    page.get_by_label("Jméno:", exact=True).fill("Lukáš")
    page.get_by_label("Příjmení:", exact=True).fill("Pokorný")
    page.get_by_label("Škola:", exact=True).select_option(label="Základní škola Na Výsluní")
    page.get_by_label("Doporučující instituce z adresáře").select_option(label="OSPOD Praha 9")
    page.get_by_label("Pracovník/pracovnice, kdo doporučuje").fill("Bc. Hana Kolářová")
    page.get_by_label("Spisová značka instituce").fill("OSPOD P9 214/2025")
    page.get_by_label("Co instituce požaduje").fill("Připravit návrat syna z dětského domova.")
    page.get_by_role("button", name="Zaznamenat doporučení").click()
    expect(page.get_by_test_id("case-state")).to_have_text("Zadání od instituce")

    page.get_by_role("link", name="Rodina a sourozenci").click()
    page.get_by_role("link", name="Založit záznam rodiny").click()
    page.get_by_label("Název rodiny").fill("Pokorní")
    page.get_by_label("Klientem tohoto případu je rodina (rodinný případ)").check()
    page.get_by_role("button", name="Uložit").click()
    expect(page.get_by_role("heading", name="Rodina Pokorní")).to_be_visible()

    page.get_by_role("link", name="Přidat dospělého").click()
    page.get_by_label("Jméno osoby:", exact=True).fill("Markéta Pokorná")
    page.get_by_label("Role v rodině:").select_option("parent")
    page.get_by_label("Zákonný zástupce").check()
    page.get_by_role("button", name="Uložit").click()
    for first, residence, place in (("Anička", "home", ""), ("Denis", "childrens_home", "Dětský domov Horní Lhota")):
        page.get_by_role("link", name="Přidat dítě").click()
        page.get_by_label("Křestní jméno:", exact=True).fill(first)
        page.get_by_label("Příjmení:", exact=True).fill("Pokorná" if first == "Anička" else "Pokorný")
        page.get_by_label("Kde teď žije:").select_option(residence)
        if place:
            page.get_by_label("Instituce (když není v adresáři):").fill(place)
        page.get_by_role("button", name="Uložit").click()
    expect(page.get_by_test_id("family-adults")).to_contain_text("Markéta Pokorná")
    expect(page.get_by_test_id("family-children")).to_contain_text("Dětský domov Horní Lhota")

    case = Case.objects.get(student__last_name="Pokorný")
    page.get_by_role("link", name="Propojit případ").click()
    page.get_by_label("Případ:").select_option(str(case.pk))
    page.get_by_label("Klientem tohoto případu je rodina (rodinný případ)").check()
    for name in ("Lukáš Pokorný", "Anička Pokorná", "Denis Pokorný"):
        page.get_by_label(name).check()
    page.get_by_role("button", name="Uložit").click()
    expect(page.get_by_text("Případ je propojen s rodinou.")).to_be_visible()
    expect(page.get_by_text("Rodinný případ: klientem je rodina")).to_be_visible()

    case.refresh_from_db()
    assert case.referrer_kind == "ospod" and case.state == "commissioned" and case.is_family_case
    assert case.referral.file_reference == "OSPOD P9 214/2025" and case.referral.school_view == ""
    assert sorted(c.first_name for c in case.family_children.all()) == ["Anička", "Denis", "Lukáš"]
    assert FamilyAdult.objects.filter(family=case.family).count() == 1
    assert FamilyChild.objects.get(first_name="Denis").residence == "childrens_home"
