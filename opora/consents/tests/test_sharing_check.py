"""The sharing check: nothing leaves the case team without a covering consent or legal duty."""

import datetime

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opora.accounts.models import Role
from opora.cases.tests.factories import CaseFactory, NetworkActorFactory
from opora.consents.checks import Recipient, sharing_decision
from opora.consents.models import Basis, Category
from opora.consents.tests.factories import ConsentFactory
from opora.core.testing.factories import MembershipFactory, SchoolFactory
from opora.network.models import Institution

TODAY = datetime.date(2026, 11, 22)
pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    case = CaseFactory()
    org = case.organisation
    ospod = Institution.objects.create(organisation=org, name="OSPOD Praha 9", category="ospod", kind="ospod")
    sas = Institution.objects.create(
        organisation=org, name="SAS Rodina", category="social_service", kind="social_service"
    )
    actors = {
        "sas": NetworkActorFactory(case=case, name="SAS Rodina", institution=sas),
        "pediatr": NetworkActorFactory(case=case, name="MUDr. Krátká"),
        "ospod": NetworkActorFactory(case=case, name="OSPOD", institution=ospod),
    }
    other_case_actor = NetworkActorFactory(case=CaseFactory(organisation=org), name="SAS Rodina")
    return {
        "case": case,
        "actors": actors,
        "ospod": ospod,
        "sas": sas,
        "other_school": SchoolFactory(organisation=org),
        "other_case_actor": other_case_actor,
    }


def test_a_case_without_consent_shares_nothing(setup):
    decision = sharing_decision(
        case=setup["case"], category="reports", recipient=Recipient.for_school(setup["case"].school), on=TODAY
    )
    assert not decision.allowed
    assert decision.basis is None
    assert "souhlas" in decision.reason.lower() or "consent" in decision.reason.lower()


def test_a_consent_to_reports_for_the_school_allows_a_report_to_that_school_only(setup):
    case = setup["case"]
    ConsentFactory(case=case, categories=["reports"], to_school=True, given_on=TODAY - datetime.timedelta(days=5))
    ok = sharing_decision(case=case, category="reports", recipient=case.school, on=TODAY)
    assert ok.allowed and ok.basis == Basis.CONSENT and ok.consent is not None
    assert not sharing_decision(case=case, category="health", recipient=case.school, on=TODAY).allowed
    assert not sharing_decision(case=case, category="reports", recipient=setup["other_school"], on=TODAY).allowed


def test_withdrawal_takes_effect_on_the_day_it_is_recorded(setup):
    case = setup["case"]
    consent = ConsentFactory(case=case, categories=["reports"], given_on=TODAY - datetime.timedelta(days=30))
    consent.withdrawn_on = TODAY
    consent.save()
    assert sharing_decision(case=case, category="reports", recipient=case.school, on=TODAY - datetime.timedelta(days=1))
    refused = sharing_decision(case=case, category="reports", recipient=case.school, on=TODAY)
    assert not refused.allowed
    assert "odvolán" in refused.reason or "withdrawn" in refused.reason


def test_an_expired_consent_allows_nothing(setup):
    case = setup["case"]
    ConsentFactory(
        case=case,
        categories=["reports"],
        given_on=TODAY - datetime.timedelta(days=400),
        valid_until=TODAY - datetime.timedelta(days=1),
    )
    assert not sharing_decision(case=case, category="reports", recipient=case.school, on=TODAY).allowed


def test_a_consent_naming_an_actor_covers_its_institution_but_not_an_actor_of_another_case(setup):
    case = setup["case"]
    ConsentFactory(case=case, categories=["plan"], to_school=False, actors=[setup["actors"]["sas"]], given_on=TODAY)
    assert sharing_decision(case=case, category="plan", recipient=setup["actors"]["sas"], on=TODAY).allowed
    assert sharing_decision(case=case, category="plan", recipient=setup["sas"], on=TODAY).allowed
    assert not sharing_decision(case=case, category="plan", recipient=setup["other_case_actor"], on=TODAY).allowed
    assert not sharing_decision(case=case, category="plan", recipient=setup["actors"]["pediatr"], on=TODAY).allowed


def test_legal_duty_allows_only_ospod_or_police_by_the_case_team(setup):
    case = setup["case"]
    lead = case.lead
    why = "Podezření na zanedbávání péče: opakovaně bez jídla a v nevhodném oblečení."
    ok = sharing_decision(case=case, category="family", recipient=setup["ospod"], on=TODAY, legal_duty=why, by=lead)
    assert ok.allowed and ok.basis == Basis.LEGAL_DUTY
    assert sharing_decision(case=case, category="family", recipient=setup["actors"]["ospod"], legal_duty=why, by=lead)
    assert not sharing_decision(case=case, category="family", recipient=setup["sas"], legal_duty=why, by=lead)
    assert not sharing_decision(case=case, category="family", recipient=case.school, legal_duty=why, by=lead)
    assert not sharing_decision(
        case=case, category="family", recipient=Recipient.named("OSPOD"), legal_duty=why, by=lead
    )
    assert not sharing_decision(case=case, category="family", recipient=setup["ospod"], legal_duty="kvůli", by=lead)
    outsider = MembershipFactory(organisation=case.organisation, role=Role.CASE_MANAGER)
    assert not sharing_decision(case=case, category="family", recipient=setup["ospod"], legal_duty=why, by=outsider)
    school = MembershipFactory(organisation=case.organisation, role=Role.SCHOOL_STAFF, school=case.school)
    assert not sharing_decision(case=case, category="family", recipient=setup["ospod"], legal_duty=why, by=school)
    coordinator = MembershipFactory(organisation=case.organisation, role=Role.COORDINATOR)
    assert sharing_decision(case=case, category="family", recipient=setup["ospod"], legal_duty=why, by=coordinator)


def test_an_ospod_of_another_organisation_is_refused_even_on_legal_duty(setup):
    case = setup["case"]
    foreign = Institution.objects.create(
        organisation=CaseFactory().organisation, name="OSPOD jinde", category="ospod", kind="ospod"
    )
    why = "Podezření na týrání dítěte, modřiny na pažích."
    assert not sharing_decision(case=case, category="family", recipient=foreign, legal_duty=why, by=case.lead)


# --- Property: random scope × recipient × dates never allow what is not covered --------------

RECIPIENTS = [
    "school",
    "other_school",
    "sas_actor",
    "pediatr_actor",
    "sas_institution",
    "other_case_actor",
    "svp_named",
    "stranger_named",
]


def _recipient(setup, key):
    return {
        "school": lambda: Recipient.for_school(setup["case"].school),
        "other_school": lambda: Recipient.for_school(setup["other_school"]),
        "sas_actor": lambda: Recipient.for_actor(setup["actors"]["sas"]),
        "pediatr_actor": lambda: Recipient.for_actor(setup["actors"]["pediatr"]),
        "sas_institution": lambda: Recipient.for_institution(setup["sas"]),
        "other_case_actor": lambda: Recipient.for_actor(setup["other_case_actor"]),
        "svp_named": lambda: Recipient.named("  SVP   Klíčov "),
        "stranger_named": lambda: Recipient.named("Třídní učitelka"),
    }[key]()


def _covered(scope, key):
    """An independent statement of which recipients a consent scope names."""
    return {
        "school": scope["to_school"],
        "other_school": False,
        "sas_actor": "sas" in scope["actors"],
        "pediatr_actor": "pediatr" in scope["actors"],
        "sas_institution": "sas" in scope["actors"],
        "other_case_actor": False,
        "svp_named": scope["svp"],
        "stranger_named": False,
    }[key]


offsets = st.integers(min_value=-60, max_value=60)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    categories=st.sets(st.sampled_from(Category.values), min_size=1),
    to_school=st.booleans(),
    actor_keys=st.sets(st.sampled_from(["sas", "pediatr"])),
    svp=st.booleans(),
    given_offset=offsets,
    until_offset=st.none() | offsets,
    withdrawn_offset=st.none() | offsets,
    category=st.sampled_from(Category.values),
    recipient_key=st.sampled_from(RECIPIENTS),
)
def test_random_consents_never_allow_an_uncovered_disclosure(
    setup, categories, to_school, actor_keys, svp, given_offset, until_offset, withdrawn_offset, category, recipient_key
):
    given_on = TODAY + datetime.timedelta(days=given_offset)
    until = None if until_offset is None else given_on + datetime.timedelta(days=abs(until_offset))
    withdrawn = None if withdrawn_offset is None else given_on + datetime.timedelta(days=abs(withdrawn_offset))
    with transaction.atomic():
        ConsentFactory(
            case=setup["case"],
            categories=sorted(categories),
            to_school=to_school,
            actors=[setup["actors"][k] for k in actor_keys],
            named_recipients="SVP Klíčov\nPPP Praha 9" if svp else "PPP Praha 9",
            given_on=given_on,
            valid_until=until,
            withdrawn_on=withdrawn,
        )
        decision = sharing_decision(
            case=setup["case"], category=category, recipient=_recipient(setup, recipient_key), on=TODAY
        )
        transaction.set_rollback(True)
    in_force = given_on <= TODAY and (until is None or until >= TODAY) and (withdrawn is None or withdrawn > TODAY)
    scope = {"to_school": to_school, "actors": actor_keys, "svp": svp}
    covered = in_force and category in categories and _covered(scope, recipient_key)
    assert decision.allowed == covered, decision.reason
    if decision.allowed:
        assert decision.basis == Basis.CONSENT
    else:
        assert decision.reason


def test_a_membership_recipient_counts_as_its_school_or_its_actor(setup):
    case = setup["case"]
    ConsentFactory(case=case, categories=["minutes"], to_school=True, actors=[setup["actors"]["sas"]], given_on=TODAY)
    staff = MembershipFactory(organisation=case.organisation, role=Role.SCHOOL_STAFF, school=case.school)
    other_staff = MembershipFactory(
        organisation=case.organisation, role=Role.SCHOOL_STAFF, school=setup["other_school"]
    )
    sas_worker = MembershipFactory(organisation=case.organisation, role=Role.EXTERNAL)
    setup["actors"]["sas"].membership = sas_worker
    setup["actors"]["sas"].save()
    stranger = MembershipFactory(organisation=case.organisation, role=Role.EXTERNAL)
    assert sharing_decision(case=case, category="minutes", recipient=staff, on=TODAY).allowed
    assert not sharing_decision(case=case, category="minutes", recipient=other_staff, on=TODAY).allowed
    assert sharing_decision(case=case, category="minutes", recipient=sas_worker, on=TODAY).allowed
    assert not sharing_decision(case=case, category="minutes", recipient=stranger, on=TODAY).allowed


LEGAL_RECIPIENTS = ["ospod_institution", "ospod_actor", "police", "sas_institution", "school", "named_ospod"]
LEGAL_ROLES = ["lead", "coordinator", "outsider", "school_staff", "facilitator"]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    recipient_key=st.sampled_from(LEGAL_RECIPIENTS),
    role=st.sampled_from(LEGAL_ROLES),
    justification=st.text(max_size=40),
    category=st.sampled_from(Category.values),
)
def test_legal_duty_never_reaches_anyone_but_ospod_or_police_and_only_by_the_team(
    setup, recipient_key, role, justification, category
):
    case = setup["case"]
    org = case.organisation
    police = Institution.objects.get_or_create(organisation=org, name="Policie ČR", category="police", kind="police")[0]
    members = {
        "lead": case.lead,
        "coordinator": MembershipFactory.build(organisation=org, role=Role.COORDINATOR),
        "outsider": MembershipFactory.build(organisation=org, role=Role.CASE_MANAGER),
        "school_staff": MembershipFactory.build(organisation=org, role=Role.SCHOOL_STAFF, school=case.school),
        "facilitator": MembershipFactory.build(organisation=org, role=Role.FACILITATOR),
    }
    recipient = {
        "ospod_institution": lambda: Recipient.for_institution(setup["ospod"]),
        "ospod_actor": lambda: Recipient.for_actor(setup["actors"]["ospod"]),
        "police": lambda: Recipient.for_institution(police),
        "sas_institution": lambda: Recipient.for_institution(setup["sas"]),
        "school": lambda: Recipient.for_school(case.school),
        "named_ospod": lambda: Recipient.named("OSPOD Praha 9"),
    }[recipient_key]()
    decision = sharing_decision(
        case=case, category=category, recipient=recipient, on=TODAY, legal_duty=justification, by=members[role]
    )
    if not justification.strip():
        assert not decision.allowed  # no consent exists: nothing goes without a written justification
        return
    expected = (
        recipient_key in ("ospod_institution", "ospod_actor", "police")
        and role in ("lead", "coordinator")
        and len(justification.strip()) >= 10
    )
    assert decision.allowed == expected, decision.reason
    if decision.allowed:
        assert decision.basis == Basis.LEGAL_DUTY
