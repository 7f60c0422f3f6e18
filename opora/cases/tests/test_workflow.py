import pytest
from django.core.exceptions import ValidationError

from opora.accounts.models import Role
from opora.audit.models import AuditEvent
from opora.cases import services
from opora.cases.models import CaseEvent, IntakeCheck
from opora.cases.tests.factories import CaseFactory
from opora.cases.workflow import TRANSITIONS, State, allowed_transitions
from opora.core.testing.factories import MembershipFactory

pytestmark = pytest.mark.django_db

EXTRA = {
    "not_arranged": {"reason": "Nereaguje na telefon."},
    "not_attending": {"reason": "Dvakrát nepřišel."},
    "revise_plan": {"reason": "Potřeby nejsou naplněny."},
    "reopen": {"reason": "Nové potřeby po prázdninách."},
    "close": {"closure_reason": "needs_met", "summary": "Síť funguje."},
    "end_early": {"closure_reason": "refused", "summary": "Matka odmítla."},
}

ALLOWED = [(name, source) for name, t in TRANSITIONS.items() for source in t.sources]


def _case(state, *, intake=True):
    case = CaseFactory(state=state)
    if intake:
        IntakeCheck.objects.create(case=case, client_willing=True)
    return case


@pytest.mark.parametrize(("name", "source"), ALLOWED)
def test_every_allowed_transition_moves_the_case_and_records_who_when_and_why(name, source):
    case = _case(source)
    services.case_transition(case=case, name=name, by=case.lead, **EXTRA.get(name, {}))
    case.refresh_from_db()
    assert case.state == TRANSITIONS[name].target
    event = CaseEvent.objects.get(case=case, kind="transition")
    assert (event.from_state, event.to_state, event.by) == (source, case.state, case.lead)
    assert AuditEvent.objects.filter(action="cases.transition", case_id=case.pk).exists()


def test_the_table_follows_the_method():
    assert {t.target for t in allowed_transitions(State.CONTACTING)} == {
        State.FIRST_MEETING,
        State.BACK_TO_SCHOOL,
        State.CLOSED,
    }
    assert {t.target for t in allowed_transitions(State.ACTIVE)} == {State.NOT_ATTENDING, State.EVALUATION}
    assert {t.target for t in allowed_transitions(State.EVALUATION)} == {State.CLOSED, State.ACTIVE}
    assert [t.name for t in allowed_transitions(State.CLOSED)] == ["reopen"]


@pytest.mark.parametrize(
    ("state", "name"),
    [
        (State.REFERRED, "start_case_work"),
        (State.REFERRED, "meeting_arranged"),
        (State.CONTACTING, "evaluate"),
        (State.FIRST_MEETING, "close"),
        (State.ACTIVE, "end_early"),
        (State.CLOSED, "start_contacting"),
        (State.NOT_ATTENDING, "evaluate"),
        (State.EVALUATION, "reopen"),
    ],
)
def test_a_transition_the_method_does_not_allow_is_refused_with_a_reason(state, name):
    case = _case(state)
    with pytest.raises(ValidationError) as exc:
        services.case_transition(case=case, name=name, by=case.lead, **EXTRA.get(name, {}))
    assert "není možný" in " ".join(exc.value.messages) or "not possible" in " ".join(exc.value.messages)
    case.refresh_from_db()
    assert case.state == state
    assert not CaseEvent.objects.filter(case=case).exists()


def test_closing_requires_a_reason_and_a_summary():
    case = _case(State.EVALUATION)
    with pytest.raises(ValidationError) as exc:
        services.case_transition(case=case, name="close", closure_reason="needs_met", summary=" ", by=case.lead)
    assert "summary" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.case_transition(case=case, name="close", closure_reason="refused", summary="x", by=case.lead)
    assert "closure_reason" in exc.value.message_dict


def test_a_step_that_needs_a_reason_is_refused_without_one():
    case = _case(State.CONTACTING)
    with pytest.raises(ValidationError) as exc:
        services.case_transition(case=case, name="not_arranged", by=case.lead)
    assert "reason" in exc.value.message_dict


def test_case_work_cannot_start_without_the_intake_check():
    case = _case(State.FIRST_MEETING, intake=False)
    with pytest.raises(ValidationError, match="intake|vstupní"):
        services.case_transition(case=case, name="start_case_work", by=case.lead)


@pytest.mark.parametrize("exclusion", ["acute_crisis", "consent_refused"])
def test_an_exclusion_blocks_case_work_until_the_case_manager_records_why_they_proceed(exclusion):
    case = _case(State.FIRST_MEETING, intake=False)
    services.intake_check_save(case=case, data={exclusion: True, "client_willing": True}, by=case.lead)
    with pytest.raises(ValidationError) as exc:
        services.case_transition(case=case, name="start_case_work", by=case.lead)
    assert exc.value.code == ("intake_crisis" if exclusion == "acute_crisis" else "intake_consent")
    services.intake_check_save(case=case, data={"override_reason": "Krize je zažehnána, OSPOD souhlasí."}, by=case.lead)
    services.case_transition(case=case, name="start_case_work", by=case.lead)
    case.refresh_from_db()
    assert case.state == State.ACTIVE


def test_a_closed_case_is_read_only_until_reopened():
    from opora import access

    case = _case(State.EVALUATION)
    services.case_transition(case=case, name="close", closure_reason="needs_met", summary="Hotovo.", by=case.lead)
    case.refresh_from_db()
    assert case.closed_at is not None and case.closure_reason == "needs_met"
    assert not access.can_edit_case(case.lead, case)
    with pytest.raises(ValidationError):
        services.request_save(case=case, data={"title": "Nová zakázka"}, by=case.lead)
    services.case_transition(case=case, name="reopen", reason="Nové potřeby.", by=case.lead)
    case.refresh_from_db()
    assert case.state == State.ACTIVE and case.closed_at is None
    assert access.can_edit_case(case.lead, case)


def test_new_needs_add_a_request_to_the_same_case():
    case = _case(State.ACTIVE)
    services.request_save(case=case, data={"title": "Doučování"}, by=case.lead)
    services.request_save(case=case, data={"title": "Kroužek"}, by=case.lead)
    assert case.requests.count() == 2
    assert CaseEvent.objects.filter(case=case, kind="request").count() == 2


def test_case_numbers_are_unique_per_organisation_and_readable():
    lead = MembershipFactory(role=Role.CASE_MANAGER)
    first = services.case_refer(
        organisation=lead.organisation,
        student_data={"first_name": "A", "last_name": "B"},
        school=None,
        lead=lead,
        by=lead,
    )
    second = services.case_refer(
        organisation=lead.organisation,
        student_data={"first_name": "C", "last_name": "D"},
        school=None,
        lead=lead,
        by=lead,
    )
    year = first.opened_at.year
    assert (first.number, second.number) == (f"{year}-0001", f"{year}-0002")
    other = MembershipFactory(role=Role.CASE_MANAGER)
    third = services.case_refer(
        organisation=other.organisation,
        student_data={"first_name": "E", "last_name": "F"},
        school=None,
        lead=other,
        by=other,
    )
    assert third.number == f"{year}-0001"


def test_a_school_report_updates_the_track_and_the_timeline():
    import datetime

    case = _case(State.ACTIVE)
    services.case_record_school_report(case=case, on=datetime.date(2026, 3, 1), by=case.lead)
    case.refresh_from_db()
    assert case.last_school_report_on == datetime.date(2026, 3, 1)
    assert CaseEvent.objects.filter(case=case, kind="school_report").exists()
