"""School staff see the reports sent to their school and nothing else of the consents app:
no consent, no disclosure, no legal-duty justification, no draft — through any page, export
or search."""

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from opora.cases import extensions
from opora.consents import services
from opora.consents.tests.matrix import EXTRA, MATRIX
from opora.core.testing.auth import login

pytestmark = pytest.mark.django_db

SECRET = "Podezření na domácí násilí: dítě popsalo bití otčímem."


@pytest.fixture
def sensitive(world):
    lead = world.members["case_manager"]
    services.disclosure_record(
        case=world.case, category="family", recipient=world.ospod, document="Záznam", legal_duty=SECRET, by=lead
    )
    world.report_draft.text = "Koncept se zmínkou o zdravotním stavu: epilepsie."
    world.report_draft.save()
    return world


@pytest.mark.parametrize("persona", ["school_staff", "school_staff_other", "external", "facilitator"])
def test_outsiders_reach_no_sensitive_content_through_any_consents_url(sensitive, persona):
    w = sensitive
    client = login(Client(), w.members[persona])
    rows = {**MATRIX, **{f"consents:report#{k}": r for k, r in EXTRA.items()}}
    for name, row in rows.items():
        url = reverse(name.split("#")[0], kwargs=row.kwargs(w) if row.kwargs else None)
        for query in ("", "?recipient=OSPOD", "?case=" + w.case.number, "?format=json"):
            response = getattr(client, row.method)(url + query)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            text = body.decode("utf-8", "replace")
            assert SECRET not in text, (persona, name)
            assert "epilepsie" not in text, (persona, name)
            assert "Hana Dvořáková" not in text, (persona, name)  # who gave consent


def test_the_school_panel_lists_only_reports_sent_to_that_school(sensitive):
    w = sensitive
    rf = RequestFactory()
    request = rf.get("/")
    request.user = w.members["school_staff"].user
    request.membership = w.members["school_staff"]
    panels = extensions.school_panels_for(request, w.case)
    ours = [p for p in panels if p["template"] == "consents/_school_panel.html"]
    assert [r.pk for r in ours[0]["reports"]] == [w.report_sent.pk]
    request.membership = w.members["school_staff_other"]
    request.user = w.members["school_staff_other"].user
    assert not [
        p for p in extensions.school_panels_for(request, w.case) if p["template"] == "consents/_school_panel.html"
    ]


def test_the_case_tab_and_badge_show_for_the_team_only(sensitive):
    w = sensitive
    request = RequestFactory().get("/")
    for persona, visible in [
        ("case_manager", True),
        ("coordinator", True),
        ("school_staff", False),
        ("case_manager_other", False),
    ]:
        request.membership = w.members[persona]
        request.user = w.members[persona].user
        tabs = [t for t in extensions.tabs_for(request, w.case) if t.slug == "consents"]
        badges = [b for b in extensions.badges_for(request, w.case) if b["template"] == "consents/_badge.html"]
        assert bool(tabs) is visible, persona
        assert bool(badges) is visible, persona
    request.membership = w.members["case_manager"]
    badge = next(b for b in extensions.badges_for(request, w.case) if b["template"] == "consents/_badge.html")
    assert badge["status"] == "valid"


def test_a_draft_report_and_another_organisations_report_are_hidden(world):
    for label, row in EXTRA.items():
        url = reverse("consents:report", kwargs=row.kwargs(world))
        for persona in ("school_staff", "school_staff_other", "case_manager", "coordinator", "other_org"):
            client = login(Client(), world.members[persona])
            assert client.get(url).status_code == row.expected(persona), (label, persona)


def test_no_url_of_the_whole_project_shows_school_staff_a_legal_duty_justification(sensitive):
    """Every row of every app's matrix, as the school's staff: the sensitive text never shows."""
    from opora.core.testing.matrix import full_matrix

    w = sensitive
    client = login(Client(), w.members["school_staff"])
    for name, row in full_matrix().items():
        url = reverse(name, kwargs=row.kwargs(w) if row.kwargs else None)
        data = row.data(w) if row.data else {}
        response = getattr(client, row.method)(url, data)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert SECRET not in body.decode("utf-8", "replace"), name


def test_sending_a_report_updates_the_cases_school_reporting_track(world):
    """The report goes to the school, and the case's reporting track (cases app) records it."""
    from django.utils import timezone

    from opora.cases.models import CaseEvent

    lead = world.members["case_manager"]
    services.consent_record(
        case=world.case,
        given_by_kind="parent",
        given_by_name="Jana Dvořáková",
        categories=["reports"],
        purpose="Zprávy škole",
        given_on=timezone.localdate(),
        to_school=True,
        by=lead,
    )
    report = services.school_report_create(
        case=world.case, title="Pololetní zpráva", text="Docházka se zlepšila.", by=lead
    )
    assert world.case.last_school_report_on is None
    services.school_report_send(report=report, by=lead)
    world.case.refresh_from_db()
    assert world.case.last_school_report_on == timezone.localdate()
    assert CaseEvent.objects.filter(case=world.case, kind=CaseEvent.Kind.SCHOOL_REPORT).exists()


def test_the_case_page_header_shows_the_real_consent_status(world):
    """Through the real seam: the cases app's header renders the consents app's badge."""
    url = reverse("cases:detail", args=[world.case.pk])
    lead = login(Client(), world.members["case_manager"])
    assert 'data-consent-status="valid"' in lead.get(url).content.decode()
    services.consent_withdraw(consent=world.consent, by=world.members["case_manager"])
    assert 'data-consent-status="withdrawn"' in lead.get(url).content.decode()
    school = login(Client(), world.members["school_staff"]).get(url).content.decode()
    assert "data-consent-status" not in school


def test_the_consents_tab_loads_and_is_audited_only_when_it_is_open(world):
    from opora.audit.models import AuditEvent

    url = reverse("cases:detail", args=[world.case.pk])
    lead = login(Client(), world.members["case_manager"])
    lead.get(url)
    assert not AuditEvent.objects.filter(action="consents.case_view", case_id=world.case.pk).exists()
    page = lead.get(url + "?tab=consents")
    assert world.consent.given_by_name in page.content.decode()
    assert AuditEvent.objects.filter(action="consents.case_view", case_id=world.case.pk).count() == 1
