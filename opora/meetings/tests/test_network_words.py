"""Issue 11, the network's words: one list of authority and service kinds, and who may convene
or facilitate a meeting."""

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from opora import access
from opora.meetings import services
from opora.meetings.forms import ParticipantForm
from opora.meetings.models import Meeting, Participant
from opora.meetings.tests.factories import MeetingFactory, ParticipantFactory
from opora.network.models import Institution, InstitutionKind
from opora.network.tests.factories import InstitutionFactory

pytestmark = pytest.mark.django_db

REQUIRED_KINDS = {
    "svp", "ppp", "ospod", "police", "court", "state_attorney", "health_care", "drug_service",
    "housing_office", "labour_office", "children_home", "school", "other",
}  # fmt: skip


def _client(login, membership):
    return login(Client(), membership)


def test_one_list_of_kinds_serves_the_directory_the_participants_and_the_policy():
    assert set(InstitutionKind.values) >= REQUIRED_KINDS
    assert set(InstitutionKind.values) <= set(Participant.Role.values)  # roles = persons + the same list
    assert Institution._meta.get_field("kind").choices == InstitutionKind.choices
    from opora.consents.checks import LEGAL_DUTY_KINDS

    assert set(LEGAL_DUTY_KINDS) <= set(InstitutionKind.values)


def test_the_participant_form_offers_svp_ppp_court_and_childrens_home(world):
    choices = dict(ParticipantForm(meeting=world.meeting).fields["role"].choices)
    for kind in ("svp", "ppp", "drug_service", "housing_office", "labour_office", "state_attorney", "court"):
        assert kind in choices
    assert "children_home" in choices


def test_a_participant_from_the_directory_takes_its_kind_as_the_role(world):
    svp = InstitutionFactory(organisation=world.org, name="SVP Klíčov", kind=InstitutionKind.SVP)
    p = services.participant_add(meeting=world.meeting, by=world.members["case_manager"], directory_institution=svp)
    assert p.role == "svp"


def test_the_migrations_map_old_values_best_effort_and_never_touch_the_legal_duty_kinds(world):
    narrow = importlib.import_module("opora.network.migrations.0006_institution_kinds_one_list").narrow_kinds
    made = {
        name: InstitutionFactory(organisation=world.org, name=name, kind=kind)
        for name, kind in [
            ("Středisko výchovné péče Klíčov", "school"),
            ("Pedagogicko-psychologická poradna Praha 9", "school"),
            ("K-centrum Prosaz", "health_care"),
            ("Bytový odbor ÚMČ Praha 9", "other"),
            ("Úřad práce ČR – kontaktní pracoviště Praha 9", "other"),
            ("Dětský domov Dolní Počernice", "other"),
            ("OSPOD – bytový odbor a SVP", "ospod"),
            ("Rodinná poradna", "social_service"),
        ]
    }
    narrow(apps, None)
    kinds = {name: Institution.objects.get(pk=i.pk).kind for name, i in made.items()}
    assert kinds == {
        "Středisko výchovné péče Klíčov": "svp",
        "Pedagogicko-psychologická poradna Praha 9": "ppp",
        "K-centrum Prosaz": "drug_service",
        "Bytový odbor ÚMČ Praha 9": "housing_office",
        "Úřad práce ČR – kontaktní pracoviště Praha 9": "labour_office",
        "Dětský domov Dolní Počernice": "children_home",
        "OSPOD – bytový odbor a SVP": "ospod",  # a legal-duty kind stays
        "Rodinná poradna": "social_service",
    }
    roles = importlib.import_module("opora.meetings.migrations.0005_participant_roles_from_institution_kinds")
    sas = ParticipantFactory(meeting=world.meeting, role="sas")
    from_directory = ParticipantFactory(
        meeting=world.meeting, role="other", directory_institution=made["K-centrum Prosaz"]
    )
    roles.roles_to_kinds(apps, None)
    assert Participant.objects.get(pk=sas.pk).role == "social_service"
    assert Participant.objects.get(pk=from_directory.pk).role == "drug_service"


def test_conveners_are_the_organisations_case_managers_coordinators_and_facilitators(world):
    allowed = set(access.possible_conveners(world.org).values_list("role", flat=True))
    assert allowed == {"case_manager", "coordinator", "facilitator"}


@pytest.mark.parametrize(("field", "who"), [("convener", "school_staff"), ("facilitator", "admin")])
def test_school_staff_or_the_admin_posted_as_convener_or_facilitator_is_refused(world, login, field, who):
    client = _client(login, world.members["case_manager"])
    response = client.post(
        reverse("meetings:create", args=[world.case.pk]),
        {
            "kind": "school_case_meeting",
            "start": "2026-12-10T09:00",
            "place": "ZŠ",
            field: world.members[who].pk,
        },
    )
    assert response.status_code == 200  # the form again, with the error
    assert not Meeting.objects.filter(case=world.case, place="ZŠ").exists()
    html = response.content.decode()
    assert f'value="{world.members[who].pk}"' not in html.split(f'name="{field}"')[1].split("</select>")[0]


def test_the_service_refuses_school_staff_as_convener_whatever_the_form(world):
    with pytest.raises(ValidationError):
        services.meeting_update(
            meeting=world.meeting, by=world.members["case_manager"], convener=world.members["school_staff"]
        )
    meeting = MeetingFactory(case=world.case)
    with pytest.raises(ValidationError):
        services.meeting_update(meeting=meeting, by=world.members["case_manager"], facilitator=world.members["admin"])
    meeting = Meeting.objects.get(pk=meeting.pk)
    assert meeting.facilitator_id != world.members["admin"].pk  # nothing was saved
    services.meeting_update(meeting=meeting, by=world.members["case_manager"], convener=world.members["coordinator"])
