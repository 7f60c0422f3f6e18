"""A case manager records consent and sends a report to the school; the school user sees that
report and nothing else of the case."""

import re

import pytest
from playwright.sync_api import expect

from opora.accounts.models import Role
from opora.cases.tests.factories import CaseFactory, StudentFactory
from opora.consents.models import SchoolReport
from opora.core.testing.factories import MembershipFactory, OrganisationFactory, SchoolFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_case_manager_records_consent_and_the_school_sees_only_the_report(page, sign_in):
    org = OrganisationFactory()
    school = SchoolFactory(organisation=org, name="ZŠ Na Výsluní")
    lead = MembershipFactory(organisation=org, role=Role.CASE_MANAGER, user__full_name="Petra Svobodová")
    counsellor = MembershipFactory(organisation=org, role=Role.SCHOOL_STAFF, school=school)
    student = StudentFactory(organisation=org, school=school, first_name="Jaroslav", last_name="Dvořák")
    case = CaseFactory(organisation=org, student=student, school=school, lead=lead)

    sign_in(page, lead)
    page.goto(f"/consents/case/{case.pk}/")
    expect(page.get_by_text("Bez souhlasu", exact=True)).to_be_visible()
    page.get_by_role("link", name="Zaznamenat souhlas").click()
    page.get_by_label("Souhlas udělil/a").select_option("guardian")
    page.get_by_label("Jméno osoby").fill("Hana Dvořáková")
    page.get_by_label("Zprávy", exact=True).check()
    page.get_by_label("Školní situace", exact=True).check()
    page.get_by_label("Škola, která případ předala").check()
    page.get_by_label("Účel").fill("Informovat školu o průběhu podpory.")
    page.get_by_role("button", name="Uložit souhlas").click()
    expect(page.get_by_text("Souhlas byl zaznamenán.")).to_be_visible()
    expect(page.get_by_text("Souhlas platný").first).to_be_visible()

    # A draft the school must never see.
    SchoolReport.objects.create(case=case, school=school, title="Koncept", text="Neodesláno.", written_by=lead)
    page.get_by_role("link", name="Napsat zprávu").click()
    page.get_by_label("Název").fill("Zpráva za říjen")
    page.get_by_label("Text zprávy").fill("Docházka se zlepšila, rodina spolupracuje.")
    page.get_by_role("button", name="Uložit zprávu").click()
    page.get_by_role("button", name="Odeslat škole").click()
    expect(page.get_by_text("Zpráva byla odeslána škole a zapsána do evidence předávání informací.")).to_be_visible()
    page.get_by_role("link", name="Zpět na souhlasy a sdílení").click()
    expect(page.get_by_role("cell", name="Zprávy: Zpráva: Zpráva za říjen")).to_be_visible()

    sign_in(page, counsellor)
    page.goto("/")
    page.get_by_role("link", name="Zprávy od služby").click()
    expect(page.get_by_role("link", name="Zpráva za říjen")).to_be_visible()
    expect(page.get_by_role("link", name="Koncept")).to_have_count(0)
    page.get_by_role("link", name="Zpráva za říjen").click()
    expect(page.get_by_text("Docházka se zlepšila, rodina spolupracuje.")).to_be_visible()
    expect(page.get_by_role("button", name="Odeslat škole")).to_have_count(0)
    expect(page.get_by_text("Hana Dvořáková")).to_have_count(0)
    response = page.goto(f"/consents/case/{case.pk}/")
    assert response.status == 403
    draft = SchoolReport.objects.get(title="Koncept")
    assert page.goto(f"/consents/report/{draft.pk}/").status == 404  # a draft is not the school's: as if missing
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
