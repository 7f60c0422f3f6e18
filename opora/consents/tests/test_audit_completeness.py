"""Every page of case content and every write of the consents app leaves an audit record
with the case's id, so "who looked at this child's file" is complete."""

import pytest
from django.test import Client
from django.urls import reverse

from opora.audit.models import AuditEvent
from opora.consents import services
from opora.consents.checks import Recipient
from opora.consents.tests.matrix import MATRIX
from opora.core.testing.auth import login

pytestmark = pytest.mark.django_db

# Pages not about one case (they still audit, without a case id).
NOT_CASE_CONTENT = {"consents:register", "consents:retention", "consents:my_tasks", "consents:school_reports"}
CASE_GET_ROWS = sorted(n for n, r in MATRIX.items() if r.method == "get" and n not in NOT_CASE_CONTENT)


@pytest.mark.parametrize("name", CASE_GET_ROWS)
def test_every_case_page_leaves_an_audit_record_with_the_case(name, world):
    row = MATRIX[name]
    persona = "case_manager" if row.expected("case_manager") == 200 else "coordinator"
    client = login(Client(), world.members[persona])
    before = AuditEvent.objects.filter(case_id=world.case.pk).count()
    response = client.get(reverse(name, kwargs=row.kwargs(world)))
    assert response.status_code == 200
    assert AuditEvent.objects.filter(case_id=world.case.pk).count() > before, f"{name} left no audit record"
    event = AuditEvent.objects.filter(case_id=world.case.pk).first()
    assert event.actor == world.members[persona].user and event.role == persona


@pytest.mark.parametrize("name", ["consents:register", "consents:my_tasks"])
def test_the_cross_case_pages_are_audited_too(name, world):
    row = MATRIX[name]
    persona = next(p for p in ("coordinator", "external") if row.expected(p) == 200)
    client = login(Client(), world.members[persona])
    before = AuditEvent.objects.count()
    client.get(reverse(name))
    assert AuditEvent.objects.count() > before


def test_every_service_leaves_an_audit_record_with_the_case(world):
    lead = world.members["case_manager"]
    actions = []

    def wrote(action):
        assert AuditEvent.objects.filter(action=action, case_id=world.case.pk).exists(), action
        actions.append(action)

    consent = services.consent_record(
        case=world.case,
        given_by_kind="parent",
        given_by_name="Jan Dvořák",
        categories=["minutes"],
        purpose="Zápisy",
        given_on=world.consent.given_on,
        actors=[world.actor],
        by=lead,
    )
    wrote("consents.consent_record")
    services.disclosure_record(case=world.case, category="minutes", recipient=Recipient.for_actor(world.actor), by=lead)
    wrote("consents.disclosure_record")
    report = services.school_report_create(case=world.case, title="Zpráva", text="Text", by=lead)
    wrote("consents.report_create")
    services.school_report_send(report=report, by=lead)
    wrote("consents.report_send")
    services.consent_withdraw(consent=consent, by=lead)
    wrote("consents.consent_withdraw")
    assert len(actions) == 5
