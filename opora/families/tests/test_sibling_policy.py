"""The policy for siblings (issue 10), as attacks over HTTP.

The world's family holds the world's student (referred by w.school) and a sibling who attends
the same school but whose case OSPOD commissioned and another case manager leads. The school's
staff must not reach the sibling's case or the family through the child they referred; another
organisation must not reach anything; a case team sees the siblings' cases it may open."""

import pytest
from django.test import Client
from django.urls import reverse

from opora.cases.models import ReferrerKind
from opora.cases.tests.factories import CaseFactory, ReferralFactory, StudentFactory
from opora.core.testing.auth import login
from opora.families.tests.factories import FamilyChildFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sibling(world):
    student = StudentFactory(organisation=world.org, school=world.school, first_name="Tereza", last_name="Dvořáková")
    case = CaseFactory(
        organisation=world.org,
        student=student,
        school=world.school,
        lead=world.members["case_manager_other"],
        referrer_kind=ReferrerKind.OSPOD,
        state="commissioned",
        family=world.family,
    )
    ReferralFactory(case=case, referred_by_name="Bc. Jana Veselá (OSPOD)", school_view="")
    FamilyChildFactory(family=world.family, first_name="Tereza", student=student)
    return case


def _as(world, persona):
    return login(Client(HTTP_ACCEPT_LANGUAGE="en"), world.members[persona])


def _family_urls(world, sibling):
    child = sibling.student.family_child
    return [
        reverse("families:detail", args=[world.family.pk]),
        reverse("families:edit", args=[world.family.pk]),
        reverse("families:link_case", args=[world.family.pk]),
        reverse("families:member_new", args=[world.family.pk, "child"]),
        reverse("families:member_edit", args=[world.family.pk, "child", child.pk]),
        reverse("families:member_edit", args=[world.family.pk, "adult", world.family_adult.pk]),
        reverse("families:create", args=[sibling.pk]),
    ]


def test_school_staff_of_the_childs_school_reach_neither_the_sibling_nor_the_family(world, sibling):
    school = _as(world, "school_staff")
    # The school referred the world's case and sees its school view ...
    assert school.get(reverse("cases:detail", args=[world.case.pk])).status_code == 200
    # ... but the sibling attends the same school and OSPOD referred her: nothing, like a missing case.
    assert school.get(reverse("cases:detail", args=[sibling.pk])).status_code == 404
    assert school.get(reverse("cases:detail", args=[sibling.pk]) + "?tab=household").status_code == 404
    for url in _family_urls(world, sibling):
        assert school.get(url).status_code == 404, url
        assert school.post(url, {"name": "Přepsáno", "first_name": "X", "last_name": "Y"}).status_code == 404, url
    # The school view of its own case names no sibling and no family.
    page = school.get(reverse("cases:detail", args=[world.case.pk]) + "?tab=household").content.decode()
    assert "Tereza" not in page and sibling.number not in page and "Dvořákovi" not in page
    # Nor does the list of the school's cases.
    assert sibling.number not in school.get(reverse("cases:list")).content.decode()
    world.family.refresh_from_db()
    assert world.family.name == "Dvořákovi"


def test_another_organisation_gets_404_for_the_family_and_the_sibling(world, sibling):
    other = _as(world, "other_org")
    assert other.get(reverse("cases:detail", args=[sibling.pk])).status_code == 404
    for url in _family_urls(world, sibling):
        assert other.get(url).status_code == 404, url


def test_the_case_team_sees_only_the_siblings_cases_it_may_open(world, sibling):
    tab = reverse("cases:detail", args=[world.case.pk]) + "?tab=household"
    lead = _as(world, "case_manager")
    page = lead.get(tab).content.decode()
    assert "Dvořákovi" in page and "Tereza" in page  # the family and its members
    assert sibling.number not in page  # not on the sibling's case team
    assert lead.get(reverse("cases:detail", args=[sibling.pk])).status_code == 404
    family_page = lead.get(reverse("families:detail", args=[world.family.pk])).content.decode()
    assert world.case.number in family_page and sibling.number not in family_page

    sibling.team.add(world.members["case_manager"])
    assert sibling.number in lead.get(tab).content.decode()
    coordinator = _as(world, "coordinator")
    assert sibling.number in coordinator.get(tab).content.decode()
    # The sibling's lead sees the family (through her case) and the world's case stays hidden.
    other_lead = _as(world, "case_manager_other")
    assert other_lead.get(reverse("families:detail", args=[world.family.pk])).status_code == 200
    assert (
        world.case.number
        not in other_lead.get(reverse("cases:detail", args=[sibling.pk]) + "?tab=household").content.decode()
    )


def test_a_case_manager_cannot_link_a_case_of_another_team_to_the_family(world, sibling):
    lead = _as(world, "case_manager")
    url = reverse("families:link_case", args=[world.family.pk])
    response = lead.post(url, {"case": sibling.pk, "family_case": "on", "family_children": []})
    assert response.status_code == 200 and "case" in response.context["form"].errors
    stranger = CaseFactory(organisation=world.org, lead=world.members["case_manager_other"])
    lead.post(url, {"case": stranger.pk})
    stranger.refresh_from_db()
    assert stranger.family_id is None
