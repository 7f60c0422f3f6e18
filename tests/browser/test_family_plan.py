"""A case manager measures goals, gets the cooperation agreement signed and writes a report for
the court; the coordinator approves it; it is handed over on the court's written request and
appears in the disclosure register."""

import datetime

import pytest
from playwright.sync_api import expect

from opora.accounts.models import Role
from opora.cases.tests.factories import CaseFactory, GoalFactory, StudentFactory
from opora.consents.models import Disclosure
from opora.core.testing.factories import MembershipFactory, OrganisationFactory, SchoolFactory
from opora.network.models import Institution

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_goals_measured_agreement_signed_court_report_approved_and_handed_over(page, sign_in):
    org = OrganisationFactory()
    school = SchoolFactory(organisation=org, name="ZŠ Na Výsluní")
    lead = MembershipFactory(organisation=org, role=Role.CASE_MANAGER, user__full_name="Petra Svobodová")
    coordinator = MembershipFactory(organisation=org, role=Role.COORDINATOR, user__full_name="Jana Dvořáková")
    student = StudentFactory(organisation=org, school=school, first_name="Petr", last_name="Kolář")
    case = CaseFactory(organisation=org, student=student, school=school, lead=lead)
    GoalFactory(case=case, title="Návrat Petra domů")
    Institution.objects.create(organisation=org, name="Okresní soud v Kolíně", kind="court")
    today = datetime.date.today()

    sign_in(page, lead)
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

    page.goto(f"/cases/{case.pk}/?tab=agreement")
    page.get_by_role("link", name="Nová dohoda").click()
    page.get_by_label("Za rodinu:").fill("Marie Kolářová (matka)")
    page.get_by_label("Cíle:").fill("Návrat Petra domů do konce školního roku.")
    page.get_by_label("Co slibuje rodina:").fill("Víkendové návštěvy, spolupráce se školou.")
    page.get_by_label("Co slibuje služba:").fill("Setkání jednou za dva týdny.")
    page.get_by_label("Jak se sdílejí informace:").fill("Jen se soudem a OSPOD, podle souhlasu nebo žádosti.")
    page.get_by_label("Revize dne:").fill((today + datetime.timedelta(days=90)).isoformat())
    page.get_by_role("button", name="Uložit").click()
    page.get_by_role("link", name="Zaznamenat podpis").click()
    page.get_by_label("Kdo podepsal").fill("Marie Kolářová")
    page.get_by_role("button", name="Uložit").click()
    expect(page.get_by_test_id("agreement-status")).to_have_text("Podepsáno")

    page.goto(f"/cases/{case.pk}/?tab=reports")
    page.get_by_role("link", name="Nová zpráva pro soud").click()
    expect(page.get_by_label("Cíle a vývoj indikátorů:")).to_contain_text("Víkendy doma bez potíží: 1 → 3")
    page.get_by_label("Instituce adresáta:").select_option(label="Okresní soud v Kolíně")
    page.get_by_label("Pohled rodiny:").fill("Maminka si přeje, aby Petr byl doma.")
    page.get_by_label("Doporučení:").fill("Doporučujeme postupný návrat.")
    page.get_by_role("button", name="Uložit").click()
    page.get_by_role("button", name="Odeslat ke schválení").click()
    expect(page.get_by_test_id("report-status")).to_have_text("Čeká na schválení")
    expect(page.get_by_role("button", name="Schválit")).to_have_count(0)

    sign_in(page, coordinator)
    page.reload()
    page.get_by_role("button", name="Schválit").click()
    expect(page.get_by_test_id("report-status")).to_have_text("Schváleno")
    page.get_by_role("link", name="Předat", exact=True).click()
    page.get_by_label("Jak").select_option("data_box")
    page.get_by_role("button", name="Zaznamenat předání").click()  # consent: none names the court
    expect(page.get_by_text("K případu není zaznamenán žádný souhlas se sdílením informací.")).to_be_visible()
    page.get_by_label("Právní základ").select_option("court_request")
    page.get_by_label("Spisová značka žádosti soudu").fill("12 P 34/2026")
    page.get_by_label("Datum žádosti soudu").fill(today.isoformat())
    page.get_by_role("button", name="Zaznamenat předání").click()
    expect(page.get_by_test_id("handovers")).to_contain_text("12 P 34/2026")

    page.goto("/consents/disclosures/")
    expect(page.get_by_text("Zpráva: Zpráva pro soud").first).to_be_visible()
    d = Disclosure.objects.get(case=case)
    assert (d.basis, d.request_reference, d.recipient_institution.name) == (
        "court_request",
        "12 P 34/2026",
        "Okresní soud v Kolíně",
    )
