"""Reports to named recipients: the template filled from the case, four eyes, the hand-over
through the sharing decision (refused without a basis, recorded with one) and attacks."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from opora.accounts.models import Role
from opora.consents.checks import sharing_decision
from opora.consents.models import Disclosure
from opora.consents.services import SharingRefused, consent_withdraw
from opora.consents.tests.factories import ConsentFactory
from opora.core.testing.factories import MembershipFactory
from opora.meetings.models import Meeting, Participant
from opora.network.models import Institution
from opora.progress import services as progress
from opora.reports import selectors, services
from opora.reports.models import CaseReport, HandOver
from opora.reports.tests.factories import CaseReportFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


@pytest.fixture(autouse=True)
def court(world):
    world.court = Institution.objects.create(organisation=world.org, name="Obvodní soud pro Prahu 9", kind="court")
    return world.court


@pytest.fixture
def lead(world):
    return world.members["case_manager"]


@pytest.fixture
def coordinator(world):
    return world.members["coordinator"]


def _approved(world, **kwargs):
    return CaseReportFactory(
        case=world.case, institution=world.court, status="approved", written_by=world.members["case_manager"], **kwargs
    )


def test_the_template_is_filled_from_the_case(world, lead):
    indicator = progress.indicator_create(goal=world.goal, name="Dny docházky", kind="count", target=5, by=lead)
    progress.observation_record(indicator=indicator, observed_on=TODAY - datetime.timedelta(days=10), value=2, by=lead)
    progress.observation_record(indicator=indicator, observed_on=TODAY, value=4, by=lead)
    meeting = Meeting.objects.create(
        case=world.case, place="ZŠ", status="held", start=timezone.now() - datetime.timedelta(days=2)
    )
    Participant.objects.create(meeting=meeting, name="Marie Dvořáková", attendance="present")
    Participant.objects.create(meeting=meeting, name="Nepřišel Nikdo", attendance="absent")
    world.case.opened_at = TODAY - datetime.timedelta(days=60)
    CaseReport.objects.filter(case=world.case).delete()  # the period starts where the last report ended
    with translation.override("cs"):  # the template is written in the reader's language
        initial = selectors.report_initial(world.case, "court")
    assert initial["title"] == "Zpráva pro soud"
    assert "Dny docházky: 2 → 4" in initial["goals_text"] and "zlepšuje" in initial["goals_text"]
    assert "Marie Dvořáková" in initial["meetings_text"] and "Nepřišel" not in initial["meetings_text"]
    assert initial["period_to"] == TODAY


def test_four_eyes_the_author_may_not_approve_their_own_report(world, coordinator):
    report = CaseReportFactory(case=world.case, institution=world.court, written_by=coordinator)
    services.report_step(report=report, step="submit", by=coordinator)
    with pytest.raises(ValidationError) as refused:
        services.report_step(report=report, step="approve", by=coordinator)
    assert "autor" in " ".join(refused.value.messages).lower()
    with pytest.raises(ValidationError):
        services.report_step(report=report, step="approve", by=world.members["case_manager"])
    second = MembershipFactory(organisation=world.org, role=Role.COORDINATOR)
    services.report_step(report=report, step="approve", by=second)
    report.refresh_from_db()
    assert report.status == "approved" and report.approved_by == second


def test_only_an_approved_report_is_handed_over(world, lead):
    with pytest.raises(ValidationError):
        services.report_hand_over(report=world.case_report_draft, channel="data_box", by=lead)


def test_hand_over_without_a_basis_is_refused_and_nothing_is_recorded(world, lead):
    report = _approved(world)
    before = Disclosure.objects.count()
    with pytest.raises(SharingRefused):
        services.report_hand_over(report=report, channel="data_box", by=lead)
    with pytest.raises(SharingRefused):  # a request without its reference is no basis either
        services.report_hand_over(
            report=report, channel="data_box", basis="court_request", request_reference="", request_date=TODAY, by=lead
        )
    assert Disclosure.objects.count() == before and not HandOver.objects.exists()


def test_hand_over_on_the_courts_written_request_is_recorded_with_its_reference(world, lead):
    report = _approved(world)
    handover = services.report_hand_over(
        report=report,
        channel="data_box",
        basis="court_request",
        request_reference="12 P 34/2026",
        request_date=TODAY,
        by=lead,
    )
    d = handover.disclosure
    assert (d.basis, d.request_reference, d.recipient_institution, d.category) == (
        "court_request",
        "12 P 34/2026",
        world.court,
        "reports",
    )


def test_hand_over_to_the_court_on_a_consent_naming_it(world, lead):
    ConsentFactory(case=world.case, named_recipients="Obvodní soud pro Prahu 9")
    handover = services.report_hand_over(report=_approved(world), channel="post", by=lead)
    assert handover.disclosure.basis == "consent" and handover.disclosure.consent is not None


def test_report_for_ospod_on_legal_duty(world, lead):
    ospod = world.ospod
    report = CaseReportFactory(
        case=world.case, recipient_kind="ospod", institution=ospod, status="approved", written_by=lead
    )
    handover = services.report_hand_over(
        report=report,
        channel="email",
        basis="legal_duty",
        justification="Podezření na zanedbávání péče o mladší sourozence.",
        by=lead,
    )
    assert handover.disclosure.basis == "legal_duty" and handover.disclosure.recipient_institution == ospod


def test_a_report_to_the_school_goes_on_the_consent_and_is_recorded_as_the_case_report(world, lead):
    ConsentFactory(case=world.case)  # to the school, reports
    report = CaseReportFactory(case=world.case, recipient_kind="school", status="approved", written_by=lead)
    handover = services.report_hand_over(report=report, channel="in_person", by=lead)
    assert handover.disclosure.recipient_school == world.school
    world.case.refresh_from_db()
    assert world.case.last_school_report_on == TODAY


def test_the_familys_own_copy_goes_to_a_legal_guardian_only(world, lead):
    report = _approved(world)
    handover = services.report_family_copy(report=report, person=world.close_person, channel="in_person", by=lead)
    assert handover.family_copy and handover.disclosure.basis == "own_copy"
    world.close_person.legal_guardian = False
    world.close_person.save()
    with pytest.raises(SharingRefused):
        services.report_family_copy(report=report, person=world.close_person, channel="in_person", by=lead)


def test_documents_pdf_and_docx(world):
    from docx import Document

    from opora.reports import documents

    report = _approved(world)
    assert documents.report_pdf(report).startswith(b"%PDF")
    text = "\n".join(p.text for p in Document(io.BytesIO(documents.report_docx(report))).paragraphs)
    assert "Zpráva pro soud" in text and "Doporučení" in text


# --- Attacks through HTTP ------------------------------------------------------------------------


def _hand_over(client, report, **data):
    return client.post(reverse("reports:hand_over", args=[report.pk]), {"channel": "data_box", **data})


def test_http_hand_over_without_basis_shows_the_reason_and_records_nothing(client, login, world, lead):
    report = _approved(world)
    login(client, lead)
    response = _hand_over(client, report, basis="consent")
    assert response.status_code == 200
    assert "souhlas" in response.content.decode().lower()
    assert not HandOver.objects.exists()
    response = _hand_over(
        client, report, basis="court_request", request_reference="12 P 34/2026", request_date=TODAY.isoformat()
    )
    assert response.status_code == 302
    assert Disclosure.objects.filter(basis="court_request", request_reference="12 P 34/2026").count() == 1


def test_http_a_withdrawn_consent_is_no_basis(client, login, world, lead):
    consent = ConsentFactory(case=world.case, named_recipients="Obvodní soud pro Prahu 9")
    report = _approved(world)
    assert sharing_decision(case=world.case, category="reports", recipient=world.court).allowed  # before
    consent_withdraw(consent=consent, by=lead)
    login(client, lead)
    response = _hand_over(client, report, basis="consent")
    assert response.status_code == 200
    assert "Žádný platný souhlas neuvádí tohoto příjemce" in response.content.decode()
    assert not HandOver.objects.exists() and not Disclosure.objects.filter(category="reports").exists()


@pytest.mark.parametrize("persona,status", [("other_org", 404), ("case_manager_other", 404), ("school_staff", 403)])
def test_http_outsiders_cannot_hand_over_approve_or_read(client, login, world, persona, status):
    report = _approved(world)
    login(client, world.members[persona])
    assert (
        _hand_over(
            client, report, basis="court_request", request_reference="1 P 1/2026", request_date=TODAY.isoformat()
        ).status_code
        == status
    )
    assert client.post(reverse("reports:step", args=[world.case_report_draft.pk, "submit"])).status_code == status
    assert client.get(reverse("reports:pdf", args=[report.pk])).status_code == status
    assert not Disclosure.objects.filter(category="reports").exists()


def test_http_the_author_cannot_approve_but_another_coordinator_can(client, login, world, coordinator):
    report = CaseReportFactory(case=world.case, institution=world.court, written_by=coordinator, status="submitted")
    login(client, coordinator)
    client.post(reverse("reports:step", args=[report.pk, "approve"]))
    report.refresh_from_db()
    assert report.status == "submitted"
    login(client, MembershipFactory(organisation=world.org, role=Role.COORDINATOR))
    client.post(reverse("reports:step", args=[report.pk, "approve"]))
    report.refresh_from_db()
    assert report.status == "approved"


def test_subject_access_holds_indicators_agreements_and_reports(world):
    from opora.consents.privacy import subject_access_data

    data = subject_access_data(world.student)
    assert [r["title"] for r in data["case_reports"]] == ["Zpráva pro soud", "Zpráva pro soud"]
    assert data["progress"]["indicators"][-1]["observations"][0]["value"] == 3
    assert {a["number"] for a in data["agreements"]} == {1, 2}
