"""Recipients are facts (issue 9, attacks 3 and 5): the legal duty reaches institutions of KIND
OSPOD or police only (never a directory category), a court receives data on its written request
with the reference, and with several consents at once the decision matches a simple oracle."""

import datetime

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opora.accounts.models import Role
from opora.audit.models import AuditEvent
from opora.cases.models import ClosePerson
from opora.cases.tests.factories import CaseFactory, NetworkActorFactory
from opora.consents.checks import Recipient, sharing_decision
from opora.consents.models import Basis, Category, Disclosure
from opora.consents.tests.factories import ConsentFactory
from opora.core.testing.edits import open_form
from opora.core.testing.factories import MembershipFactory, SchoolFactory
from opora.network.models import Institution

pytestmark = pytest.mark.django_db
WHY = "Dítě popsalo opakované bití doma, má modřiny na pažích."


@pytest.fixture
def directory(world):
    """A housing office filed under "OSPOD and other offices" (kind: other), the real OSPOD,
    the police and a court."""
    org = world.org
    return {
        "housing": Institution.objects.create(
            organisation=org, name="Bytový odbor ÚMČ Praha 9", category="ospod", kind="other"
        ),
        "ospod": Institution.objects.create(organisation=org, name="OSPOD Praha 9", category="ospod", kind="ospod"),
        "police": Institution.objects.create(organisation=org, name="Policie ČR", category="police", kind="police"),
        "court": Institution.objects.create(
            organisation=org, name="Obvodní soud pro Prahu 9", category="other", kind="court"
        ),
    }


def _as(login, membership):
    return login(Client(), membership)


def _new(world):
    return Disclosure.objects.filter(case=world.case).exclude(pk=world.school_participant.invitation_disclosure_id)


def test_the_legal_duty_path_refuses_a_housing_office_filed_under_ospod_and_offers_only_ospod_and_police(
    world, login, directory
):
    cm = _as(login, world.members["case_manager"])
    url = reverse("consents:legal_duty", args=[world.case.pk])
    offered = set(cm.get(url).context["form"].fields["institution"].queryset)
    assert directory["ospod"] in offered and directory["police"] in offered
    assert directory["housing"] not in offered and directory["court"] not in offered
    assert all(i.kind in ("ospod", "police") for i in offered)
    for forged in ("housing", "court"):
        data = {"institution": directory[forged].pk, "category": "family", "document": "Záznam", "justification": WHY}
        response = cm.post(url, data)
        assert response.status_code == 200 and response.context["form"].errors
    assert not _new(world).exists()
    data = {"institution": directory["ospod"].pk, "category": "family", "document": "Záznam", "justification": WHY}
    assert cm.post(url, data).status_code == 302
    assert _new(world).get().basis == Basis.LEGAL_DUTY


def test_a_court_disclosure_is_recorded_with_the_court_basis_and_reference_not_as_endangerment(world, login, directory):
    cm = _as(login, world.members["case_manager"])
    url = reverse("consents:court_request", args=[world.case.pk])
    assert set(cm.get(url).context["form"].fields["institution"].queryset) == {directory["court"]}
    data = {
        "institution": directory["court"].pk,
        "request_reference": "12 P 345/2026-18",
        "request_date": "2026-11-02",
        "category": "reports",
        "document": "Zpráva o průběhu spolupráce",
    }
    # A forged POST with OSPOD (or the housing office) instead of the court is refused.
    for forged in ("ospod", "housing"):
        response = cm.post(url, {**data, "institution": directory[forged].pk})
        assert response.status_code == 200 and response.context["form"].errors
    assert not _new(world).exists()
    assert cm.post(url, data).status_code == 302
    d = _new(world).get()
    assert d.basis == Basis.COURT_REQUEST and d.basis != Basis.LEGAL_DUTY
    assert d.request_reference == "12 P 345/2026-18" and d.request_date == datetime.date(2026, 11, 2)
    assert d.recipient_institution == directory["court"] and d.consent is None and d.justification == ""
    page = cm.get(reverse("consents:case", args=[world.case.pk])).content.decode()
    assert "12 P 345/2026-18" in page
    assert "ohrožení" not in str(d.get_basis_display())  # never "suspected endangerment"


def test_a_court_is_no_recipient_on_legal_duty_and_a_court_request_needs_the_reference(world, directory):
    lead = world.case.lead
    court = directory["court"]
    assert not sharing_decision(case=world.case, category="family", recipient=court, legal_duty=WHY, by=lead)
    from opora.consents.checks import CourtRequest

    today = datetime.date.today()
    ok = sharing_decision(
        case=world.case, category="family", recipient=court, court_request=CourtRequest("1 T 2/2026", today), by=lead
    )
    assert ok.allowed and ok.basis == Basis.COURT_REQUEST
    for bad in (CourtRequest("  ", today), CourtRequest("1 T 2/2026", today + datetime.timedelta(days=1))):
        assert not sharing_decision(case=world.case, category="family", recipient=court, court_request=bad, by=lead)
    assert not sharing_decision(
        case=world.case,
        category="family",
        recipient=directory["ospod"],
        court_request=CourtRequest("1 T 2/2026", today),
        by=lead,
    )
    school = world.members["school_staff"]
    assert not sharing_decision(
        case=world.case, category="family", recipient=court, court_request=CourtRequest("1 T 2/2026", today), by=school
    )


def test_a_network_actor_counts_by_the_kind_of_its_institution_not_its_category(world, directory):
    lead = world.case.lead
    housing_actor = NetworkActorFactory(case=world.case, name="OSPOD", institution=directory["housing"])
    ospod_actor = NetworkActorFactory(case=world.case, name="Bytový odbor", institution=directory["ospod"])
    assert not sharing_decision(case=world.case, category="family", recipient=housing_actor, legal_duty=WHY, by=lead)
    assert sharing_decision(case=world.case, category="family", recipient=ospod_actor, legal_duty=WHY, by=lead)


# --- The kind is set by coordinators only ------------------------------------------------------


def test_only_a_coordinator_sets_the_kind_of_an_institution_and_the_change_is_audited(world, login, directory):
    housing = directory["housing"]
    url = reverse("network:edit", args=[housing.pk])
    manager = _as(login, world.members["case_manager"])
    data = {**open_form(manager, url), "category": "ospod", "kind": "ospod"}
    assert manager.post(url, data).status_code == 302
    housing.refresh_from_db()
    assert housing.kind == "other"  # the forged "kind" of a case manager is not read
    assert not AuditEvent.objects.filter(action="network.kind_set", object_id=str(housing.pk)).exists()
    coordinator = _as(login, world.members["coordinator"])
    data = {**open_form(coordinator, url), "kind": "social_service"}
    assert coordinator.post(url, data).status_code == 302
    housing.refresh_from_db()
    assert housing.kind == "social_service"
    event = AuditEvent.objects.get(action="network.kind_set", object_id=str(housing.pk))
    assert event.data == {"from": "other", "to": "social_service"}


def test_the_migration_maps_only_unambiguous_categories(world):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("opora.network.migrations.0003_institution_kind")
    made = {
        category: Institution.objects.create(organisation=world.org, name=f"X {category}", category=category)
        for category in Institution.Category.values
    }
    migration.set_kinds(apps, None)
    kinds = {c: Institution.objects.get(pk=i.pk).kind for c, i in made.items()}
    assert kinds == {
        "social_service": "social_service",
        "ospod": "other",
        "health": "health_care",
        "therapy": "other",
        "police": "police",
        "community": "other",
        "school": "school",
        "other": "other",
    }


# --- Property: several consents at once against an independent oracle ---------------------------

TODAY = datetime.date(2026, 11, 22)
NAMES = ["SVP Klíčov", "Babička Věra", "Jan Cizí", "Hana Dvořáková", "Jaroslav Dvořák"]
KEYS = [
    "team",
    "school",
    "staff",
    "other_school",
    "other_staff",
    "sas_actor",
    "sas_institution",
    "sas_worker",
    "pediatr_actor",
    "other_case_actor",
    "stranger",
    "svp_named",
    "student",
    "guardian",
    "relative",
    "other_guardian",
]


@pytest.fixture
def people():
    case = CaseFactory(student__first_name="Jaroslav", student__last_name="Dvořák")
    org = case.organisation
    sas = Institution.objects.create(organisation=org, name="SAS Rodina", kind="social_service")
    sas_actor = NetworkActorFactory(case=case, name="SAS Rodina", institution=sas)
    sas_worker = MembershipFactory(organisation=org, role=Role.EXTERNAL)
    sas_actor.membership = sas_worker
    sas_actor.save()
    other_school = SchoolFactory(organisation=org)
    other_case = CaseFactory(organisation=org)
    p = {
        "case": case,
        "team": case.lead,
        "school": case.school,
        "staff": MembershipFactory(organisation=org, role=Role.SCHOOL_STAFF, school=case.school),
        "other_school": other_school,
        "other_staff": MembershipFactory(organisation=org, role=Role.SCHOOL_STAFF, school=other_school),
        "sas_actor": sas_actor,
        "sas_institution": sas,
        "sas_worker": sas_worker,
        "pediatr_actor": NetworkActorFactory(case=case, name="MUDr. Krátká"),
        "other_case_actor": NetworkActorFactory(case=other_case, name="SAS Rodina", institution=sas),
        "stranger": MembershipFactory(organisation=org, role=Role.EXTERNAL, user__full_name="Jan Cizí"),
        "svp_named": Recipient.named("SVP  Klíčov"),
        "student": case.student,
        "guardian": ClosePerson.objects.create(
            student=case.student, name="Hana Dvořáková", relation="matka", legal_guardian=True
        ),
        "relative": ClosePerson.objects.create(student=case.student, name="Babička Věra", relation="babička"),
        "other_guardian": ClosePerson.objects.create(
            student=other_case.student, name="Hana Dvořáková", relation="matka", legal_guardian=True
        ),
    }
    return p


def _oracle(consents, category, key):
    """Independent and plain: who may receive `category` today, given these consent dicts."""
    if key == "team":
        return True
    if key in ("student", "guardian") and category in ("minutes", "plan"):
        return True
    names_of = {
        "svp_named": "SVP Klíčov",
        "stranger": "Jan Cizí",
        "relative": "Babička Věra",
        "guardian": "Hana Dvořáková",
        "student": "Jaroslav Dvořák",
    }
    for c in consents:
        if c["given"] > TODAY:
            continue
        if c["until"] is not None and c["until"] < TODAY:
            continue
        if c["withdrawn"] is not None and c["withdrawn"] <= TODAY:
            continue
        if category not in c["categories"]:
            continue
        if key in ("school", "staff") and c["to_school"]:
            return True
        if key in ("sas_actor", "sas_institution", "sas_worker") and "sas" in c["actors"]:
            return True
        if key == "pediatr_actor" and "pediatr" in c["actors"]:
            return True
        if key in names_of and names_of[key] in c["named"]:
            return True
    return False


offsets = st.integers(min_value=-40, max_value=40)
consent_strategy = st.fixed_dictionaries(
    {
        "categories": st.sets(st.sampled_from(Category.values), min_size=1),
        "to_school": st.booleans(),
        "actors": st.sets(st.sampled_from(["sas", "pediatr"])),
        "named": st.sets(st.sampled_from(NAMES)),
        "given_offset": offsets,
        "until_offset": st.none() | offsets,
        "withdrawn_offset": st.none() | offsets,
    }
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    specs=st.lists(consent_strategy, min_size=1, max_size=4),
    category=st.sampled_from(Category.values),
    key=st.sampled_from(KEYS),
)
def test_several_consents_at_once_decide_as_the_oracle(people, specs, category, key):
    consents = []
    for s in specs:
        given_on = TODAY + datetime.timedelta(days=s["given_offset"])
        consents.append(
            {
                **s,
                "given": given_on,
                "until": None if s["until_offset"] is None else given_on + datetime.timedelta(abs(s["until_offset"])),
                "withdrawn": None
                if s["withdrawn_offset"] is None
                else given_on + datetime.timedelta(abs(s["withdrawn_offset"])),
            }
        )
    case = people["case"]
    with transaction.atomic():
        for c in consents:
            ConsentFactory(
                case=case,
                categories=sorted(c["categories"]),
                to_school=c["to_school"],
                actors=[people[f"{a}_actor"] for a in c["actors"]],
                named_recipients="\n".join(sorted(c["named"])),
                given_on=c["given"],
                valid_until=c["until"],
                withdrawn_on=c["withdrawn"],
            )
        decision = sharing_decision(case=case, category=category, recipient=people[key], on=TODAY)
        transaction.set_rollback(True)
    assert decision.allowed == _oracle(consents, category, key), (key, category, consents, decision.reason)
    if decision.allowed:
        expected_basis = {"team": None}.get(key, Basis.CONSENT)
        if key in ("student", "guardian") and category in ("minutes", "plan"):
            expected_basis = Basis.OWN_MEETING
        assert decision.basis == expected_basis
    else:
        assert decision.reason
