import datetime

import pytest
from django.core.exceptions import ValidationError

from opora.accounts.models import Role
from opora.audit.models import AuditEvent
from opora.core.testing.factories import MembershipFactory, SchoolFactory
from opora.core.testing.files import pdf_upload
from opora.schools import services, workflow
from opora.schools.models import StageTransition
from opora.schools.workflow import Stage

pytestmark = pytest.mark.django_db

TOMORROW = datetime.date.today() + datetime.timedelta(days=1)
ALLOWED = [(src, dst) for src, targets in workflow.TRANSITIONS.items() for dst in targets]


def _coordinator(org):
    return MembershipFactory(organisation=org, role=Role.COORDINATOR)


def _extra(target):
    extra = {}
    if target in workflow.NEEDS_FUTURE_CONTACT:
        extra["future_contact_on"] = TOMORROW + datetime.timedelta(days=90)
    if target in workflow.NEEDS_CONTRACT:
        extra["contract_file"] = pdf_upload("smlouva.pdf")
        extra["contract_signed_on"] = datetime.date.today()
    return extra


def test_the_transitions_follow_section_two_exactly():
    S = Stage
    assert workflow.TRANSITIONS[S.OFFER_SENT] == (S.RESPONDED, S.NO_RESPONSE)
    assert set(workflow.TRANSITIONS[S.NO_RESPONSE]) == {S.INTERESTED, S.NOT_INTERESTED, S.OTHER_REQUEST}
    assert workflow.TRANSITIONS[S.INTERESTED] == (S.RESPONDED,)
    assert set(workflow.TRANSITIONS[S.OTHER_REQUEST]) == {S.CAN_PROVIDE, S.CANNOT_PROVIDE}
    assert set(workflow.TRANSITIONS[S.INTRO_MEETING]) == {S.CONTRACT_PENDING, S.CONTRACT_REFUSED, S.CONTRACT_SIGNED}
    assert S.CONTRACT_PENDING in workflow.TRANSITIONS[S.CONTRACT_REFUSED]
    assert workflow.TRANSITIONS[S.CONTRACT_SIGNED] == (S.ACTIVE,)
    assert workflow.TRANSITIONS[S.NOT_INTERESTED] == (S.OFFER,)
    assert workflow.TRANSITIONS[S.CANNOT_PROVIDE] == (S.OFFER,)
    assert workflow.TRANSITIONS[S.ACTIVE] == ()
    # Every stage is reachable from mapping.
    seen, todo = {S.MAPPING}, [S.MAPPING]
    while todo:
        for nxt in workflow.TRANSITIONS[todo.pop()]:
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    assert seen == set(Stage.values)


@pytest.mark.parametrize(("source", "target"), ALLOWED)
def test_every_allowed_transition_moves_the_school_and_is_recorded(source, target):
    school = SchoolFactory(stage=source)
    by = _coordinator(school.organisation)
    services.school_transition(school=school, to_stage=target, by=by, note="Telefonát s ředitelkou", **_extra(target))
    school.refresh_from_db()
    assert school.stage == target
    record = StageTransition.objects.get(school=school)
    assert (record.from_stage, record.to_stage, record.by, record.note) == (
        source,
        target,
        by,
        "Telefonát s ředitelkou",
    )
    assert record.at is not None
    assert AuditEvent.objects.filter(action="schools.transition", object_id=str(school.pk)).exists()


@pytest.mark.parametrize(
    ("source", "target"),
    [
        (Stage.MAPPING, Stage.ACTIVE),
        (Stage.OFFER, Stage.RESPONDED),
        (Stage.OFFER_SENT, Stage.INTERESTED),
        (Stage.NO_RESPONSE, Stage.INTRO_MEETING),
        (Stage.INTERESTED, Stage.CONTRACT_SIGNED),
        (Stage.OTHER_REQUEST, Stage.RESPONDED),
        (Stage.CONTRACT_PENDING, Stage.ACTIVE),
        (Stage.NOT_INTERESTED, Stage.RESPONDED),
        (Stage.ACTIVE, Stage.MAPPING),
        (Stage.RESPONDED, Stage.RESPONDED),
    ],
)
def test_a_forbidden_transition_is_refused_with_a_czech_reason_and_changes_nothing(source, target):
    from django.utils import translation

    school = SchoolFactory(stage=source)
    with translation.override("cs"), pytest.raises(ValidationError) as exc:
        services.school_transition(
            school=school, to_stage=target, by=_coordinator(school.organisation), **_extra(target)
        )
    message = " ".join(exc.value.message_dict["to_stage"])
    assert any(word in message for word in ("nemůže", "už v této fázi", "aktivní")), message
    school.refresh_from_db()
    assert school.stage == source
    assert not StageTransition.objects.exists()


@pytest.mark.parametrize("target", [Stage.NOT_INTERESTED, Stage.CANNOT_PROVIDE])
def test_not_interested_and_cannot_provide_require_a_future_contact_date(target):
    source = Stage.NO_RESPONSE if target == Stage.NOT_INTERESTED else Stage.OTHER_REQUEST
    school = SchoolFactory(stage=source)
    by = _coordinator(school.organisation)
    with pytest.raises(ValidationError) as exc:
        services.school_transition(school=school, to_stage=target, by=by)
    assert "future_contact_on" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.school_transition(school=school, to_stage=target, by=by, future_contact_on=datetime.date.today())
    services.school_transition(school=school, to_stage=target, by=by, future_contact_on=TOMORROW)
    school.refresh_from_db()
    assert school.stage == target and school.next_follow_up == TOMORROW


def test_contract_signed_requires_the_document_and_the_date_and_stores_them():
    school = SchoolFactory(stage=Stage.CONTRACT_PENDING)
    by = _coordinator(school.organisation)
    with pytest.raises(ValidationError) as exc:
        services.school_transition(school=school, to_stage=Stage.CONTRACT_SIGNED, by=by)
    assert {"contract_file", "contract_signed_on"} <= set(exc.value.message_dict)
    services.school_transition(
        school=school,
        to_stage=Stage.CONTRACT_SIGNED,
        by=by,
        contract_file=pdf_upload("Smlouva 2026.pdf"),
        contract_signed_on=datetime.date(2026, 9, 1),
        contract_valid_from=datetime.date(2026, 9, 1),
        contract_valid_until=datetime.date(2027, 8, 31),
    )
    school.refresh_from_db()
    assert school.contract_file.read().startswith(b"%PDF")
    assert school.contract_signed_on == datetime.date(2026, 9, 1)
    assert school.contract_valid_until == datetime.date(2027, 8, 31)


def test_accepts_referrals_only_when_active():
    from opora.schools.selectors import accepts_referrals

    assert accepts_referrals(SchoolFactory(stage=Stage.ACTIVE))
    assert not accepts_referrals(SchoolFactory(stage=Stage.CONTRACT_SIGNED))
    assert not accepts_referrals(None)
