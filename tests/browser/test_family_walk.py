"""The walk of issue 10, start to end: a case manager records OSPOD's referral of a family with
three children, enters the family (the mother once, the children with where they live, the
family case naming all three), follows the child in the children's home to its return
readiness, gets the cooperation agreement signed, measures a goal's indicator twice and writes
a report for the court; the coordinator approves it; it is refused without a basis, handed over
on the court's written request and appears in the disclosure register."""

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from opora.accounts.models import Role
from opora.cases.models import Case
from opora.consents.models import Disclosure
from opora.core.testing.factories import MembershipFactory, SchoolFactory
from opora.families.models import FamilyAdult, FamilyChild
from opora.network.models import Institution
from opora.network.tests.factories import InstitutionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_ospod_referral_of_a_family_to_a_court_report_in_the_disclosure_register(page, sign_in):
    cm = MembershipFactory(role=Role.CASE_MANAGER, user__full_name="Petra Svobodová")
    org = cm.organisation
    coordinator = MembershipFactory(organisation=org, role=Role.COORDINATOR, user__full_name="Jana Dvořáková")
    SchoolFactory(organisation=org, name="Základní škola Na Výsluní")
    InstitutionFactory(organisation=org, name="OSPOD Praha 9", kind="ospod")
    Institution.objects.create(organisation=org, name="Okresní soud v Kolíně", kind="court")
    today = datetime.date.today()
    sign_in(page, cm)

    # --- OSPOD's referral: the school's part of the form hides, OSPOD's shows.
    page.goto("/cases/refer/")
    page.get_by_label("Kdo o službu žádá").select_option("ospod")
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
    case = Case.objects.get(student__last_name="Pokorný")

    # --- The family: made from the case, the mother once, two more children.
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
            page.get_by_label("Žije tam od:").fill("2025-03-04")
        page.get_by_role("button", name="Uložit").click()
    expect(page.get_by_test_id("family-adults")).to_contain_text("Markéta Pokorná")
    expect(page.get_by_test_id("family-children")).to_contain_text("Dětský domov Horní Lhota")
    page.get_by_role("link", name="Propojit případ").click()
    page.get_by_label("Případ:").select_option(str(case.pk))
    page.get_by_label("Klientem tohoto případu je rodina (rodinný případ)").check()
    for name in ("Lukáš Pokorný", "Anička Pokorná", "Denis Pokorný"):
        page.get_by_label(name).check()
    page.get_by_role("button", name="Uložit").click()
    expect(page.get_by_text("Případ je propojen s rodinou.")).to_be_visible()
    expect(page.get_by_text("Rodinný případ: klientem je rodina")).to_be_visible()

    # --- The child in the children's home: from the family page to the return readiness,
    # where the placement comes from the family record.
    case.refresh_from_db()
    page.goto(reverse("families:detail", args=[case.family_id]))
    expect(page.get_by_test_id("family-placed-away")).to_contain_text("Dětský domov Horní Lhota")
    page.get_by_role("link", name="Připravenost k návratu: Denis").click()
    expect(page.get_by_test_id("placements")).to_contain_text("Denis Pokorný: Dětský domov · Dětský domov Horní Lhota")

    # --- The cooperation agreement, signed.
    page.goto(f"/cases/{case.pk}/?tab=agreement")
    page.get_by_role("link", name="Nová dohoda").click()
    page.get_by_label("Za rodinu:").fill("Markéta Pokorná (matka)")
    page.get_by_label("Cíle:").fill("Návrat Denise domů do konce školního roku.")
    page.get_by_label("Co slibuje rodina:").fill("Víkendové návštěvy, spolupráce se školou.")
    page.get_by_label("Co slibuje služba:").fill("Setkání jednou za dva týdny.")
    page.get_by_label("Jak se sdílejí informace:").fill("Jen se soudem a OSPOD, podle souhlasu nebo žádosti.")
    page.get_by_label("Revize dne:").fill((today + datetime.timedelta(days=90)).isoformat())
    page.get_by_role("button", name="Uložit").click()
    page.get_by_role("link", name="Zaznamenat podpis").click()
    page.get_by_label("Kdo podepsal").fill("Markéta Pokorná")
    page.get_by_role("button", name="Uložit").click()
    expect(page.get_by_test_id("agreement-status")).to_have_text("Podepsáno")

    # --- A goal with a measured indicator (a condition of the return), observed twice.
    page.goto(reverse("cases:record_new", args=[case.pk, "goal"]))
    page.get_by_label("Cíl:").fill("Návrat Denise domů")
    page.get_by_label("Indikátor (podle čeho poznáme, že je splněn):").fill("víkendy doma bez potíží")
    page.get_by_role("button", name="Uložit").click()
    page.goto(f"/cases/{case.pk}/?tab=indicators")
    page.get_by_role("link", name="Nový indikátor").click()
    page.get_by_label("Indikátor:").fill("Víkendy doma bez potíží")
    page.get_by_label("Druh:").select_option("count")
    page.get_by_label("Cíl:").fill("4")
    page.get_by_label("Podmínka návratu dítěte").check()
    page.get_by_role("button", name="Uložit").click()
    expect(page.get_by_text("Indikátor byl uložen.")).to_be_visible()
    for days_ago, value in ((30, "1"), (2, "3")):
        page.get_by_role("link", name="Zaznamenat zjištění").click()
        page.get_by_label("Zjištěno dne").fill((today - datetime.timedelta(days=days_ago)).isoformat())
        page.get_by_label("Hodnota").fill(value)
        page.get_by_role("button", name="Uložit").click()
        expect(page.get_by_text("Zjištění bylo zaznamenáno.")).to_be_visible()
    expect(page.get_by_text("1 → 3")).to_be_visible()
    expect(page.get_by_text("zlepšuje se")).to_be_visible()
    page.goto(f"/cases/{case.pk}/?tab=return")
    expect(page.get_by_role("cell", name="Víkendy doma bez potíží")).to_be_visible()

    # --- The court report: written from the case, sent for approval (not by its author).
    page.goto(f"/cases/{case.pk}/?tab=reports")
    page.get_by_role("link", name="Nová zpráva pro soud").click()
    expect(page.get_by_label("Cíle a vývoj indikátorů:")).to_contain_text("Víkendy doma bez potíží: 1 → 3")
    page.get_by_label("Instituce adresáta:").select_option(label="Okresní soud v Kolíně")
    page.get_by_label("Pohled rodiny:").fill("Maminka si přeje, aby Denis byl doma.")
    page.get_by_label("Doporučení:").fill("Doporučujeme postupný návrat.")
    page.get_by_role("button", name="Uložit").click()
    page.get_by_role("button", name="Odeslat ke schválení").click()
    expect(page.get_by_test_id("report-status")).to_have_text("Čeká na schválení")
    expect(page.get_by_role("button", name="Schválit")).to_have_count(0)

    # --- The coordinator approves and hands it over: refused without a basis, then on the
    # court's written request.
    sign_in(page, coordinator)
    page.reload()
    page.get_by_role("button", name="Schválit").click()
    expect(page.get_by_test_id("report-status")).to_have_text("Schváleno")
    page.get_by_role("link", name="Předat", exact=True).click()
    page.get_by_label("Jak").select_option("data_box")
    page.get_by_role("button", name="Zaznamenat předání").click()  # consent: none names the court
    expect(page.get_by_text("K případu není zaznamenán žádný souhlas se sdílením informací.")).to_be_visible()
    assert not Disclosure.objects.filter(case=case).exists()
    page.get_by_label("Právní základ").select_option("court_request")
    page.get_by_label("Spisová značka žádosti soudu").fill("12 P 34/2026")
    page.get_by_label("Datum žádosti soudu").fill(today.isoformat())
    page.get_by_role("button", name="Zaznamenat předání").click()
    expect(page.get_by_test_id("handovers")).to_contain_text("12 P 34/2026")

    page.goto("/consents/disclosures/")
    expect(page.get_by_text("Zpráva: Zpráva pro soud").first).to_be_visible()

    case.refresh_from_db()
    assert case.referrer_kind == "ospod" and case.is_family_case
    assert case.referral.file_reference == "OSPOD P9 214/2025" and case.referral.school_view == ""
    assert sorted(c.first_name for c in case.family_children.all()) == ["Anička", "Denis", "Lukáš"]
    assert FamilyAdult.objects.filter(family=case.family).count() == 1
    denis = FamilyChild.objects.get(first_name="Denis")
    assert (denis.residence, denis.residence_since) == ("childrens_home", datetime.date(2025, 3, 4))
    d = Disclosure.objects.get(case=case)
    assert (d.basis, d.request_reference, d.recipient_institution.name) == (
        "court_request",
        "12 P 34/2026",
        "Okresní soud v Kolíně",
    )
