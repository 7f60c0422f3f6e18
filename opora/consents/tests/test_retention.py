"""Retention: closed cases past the organisation's period are anonymised once; numbers stay."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from opora.cases.models import Case, NetworkActor, Student, Task
from opora.cases.workflow import State
from opora.consents import services
from opora.consents.models import AnonymisedCase, Consent, Disclosure, SchoolReport

pytestmark = pytest.mark.django_db


def _snapshot():
    rows = []
    for model in (Student, Case, Task, NetworkActor, Consent, Disclosure, SchoolReport):
        rows += [(model.__name__, tuple(sorted(vars(o).items(), key=lambda kv: kv[0]))) for o in model.objects.all()]
    return [
        (n, tuple((k, str(v)) for k, v in items if not k.startswith("_") and k != "updated_at")) for n, items in rows
    ]


@pytest.fixture
def closed_long_ago(world):
    lead = world.members["case_manager"]
    services.disclosure_record(case=world.case, category="reports", recipient=world.school, by=lead)
    services.disclosure_record(
        case=world.case,
        category="family",
        recipient=world.ospod,
        legal_duty="Podezření na zanedbávání péče o dítě.",
        by=lead,
    )
    world.student.phone = "777 123 456"
    world.student.email = "jaroslav@example.cz"
    world.student.save()
    world.org.retention_years = 5
    world.org.save()
    Case.objects.filter(pk=world.case.pk).update(
        state=State.CLOSED, closed_at=timezone.localdate() - datetime.timedelta(days=5 * 366 + 1)
    )
    return world


def test_a_case_past_retention_loses_names_contacts_and_free_text(closed_long_ago):
    w = closed_long_ago
    call_command("anonymise_expired_cases")
    w.student.refresh_from_db()
    assert "Dvořák" not in str(w.student) and not w.student.phone and not w.student.email
    assert w.student.date_of_birth.year == 2012  # the age stays for statistics
    consent = Consent.objects.get(pk=w.consent.pk)
    assert consent.given_by_name != "Hana Dvořáková" and consent.purpose != "" and not consent.signed_form
    assert consent.categories  # what was consented to stays
    # The register stays, anonymised (the world's meeting invitation aside).
    register = list(
        Disclosure.objects.filter(case=w.case).exclude(pk=w.school_participant.invitation_disclosure_id).order_by("pk")
    )
    assert len(register) == 2
    assert register[0].recipient_label == w.school.name and register[0].category == "reports"
    assert "zanedbávání" not in register[1].justification and register[1].basis == "legal_duty"
    assert all("Dvořák" not in r.text for r in SchoolReport.objects.filter(case=w.case))
    assert Task.objects.get(pk=w.task.pk).title != "Domluvit schůzku v SAS"
    assert Case.objects.get(pk=w.case.pk).number == w.case.number


def test_running_the_command_twice_changes_nothing_more(closed_long_ago):
    call_command("anonymise_expired_cases")
    first = _snapshot()
    call_command("anonymise_expired_cases")
    assert _snapshot() == first
    assert AnonymisedCase.objects.count() == 1


def test_a_case_inside_its_retention_period_is_kept(world):
    Case.objects.filter(pk=world.case.pk).update(state=State.CLOSED, closed_at=timezone.localdate())
    call_command("anonymise_expired_cases")
    world.student.refresh_from_db()
    assert world.student.last_name == "Dvořák"
    assert not AnonymisedCase.objects.exists()


def test_an_open_case_is_never_anonymised(world):
    Case.objects.filter(pk=world.case.pk).update(closed_at=datetime.date(2000, 1, 1))
    call_command("anonymise_expired_cases")
    assert not AnonymisedCase.objects.exists()


def test_a_student_with_another_kept_case_keeps_their_name_until_that_case_expires(closed_long_ago):
    from opora.cases.tests.factories import CaseFactory

    w = closed_long_ago
    CaseFactory(organisation=w.org, student=w.student, school=w.school, lead=w.members["case_manager"])
    call_command("anonymise_expired_cases")
    w.student.refresh_from_db()
    assert w.student.last_name == "Dvořák"  # the open case still needs it
    assert AnonymisedCase.objects.filter(case=w.case).exists()  # the old case's own data is gone
    assert Consent.objects.get(pk=w.consent.pk).given_by_name != "Hana Dvořáková"
