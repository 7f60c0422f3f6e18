"""Family records: made from a case (each person once), members edited without lost updates,
family cases naming their children, and the caseload counting a family as one client."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from opora.cases import selectors as case_selectors
from opora.cases.models import Case, ClosePerson
from opora.cases.services import case_set_family
from opora.cases.tests.factories import CaseFactory, ClosePersonFactory, StudentFactory
from opora.core.testing.auth import login
from opora.core.testing.edits import open_form
from opora.core.testing.factories import SchoolFactory
from opora.families import services
from opora.families.models import FamilyAdult, FamilyChild
from opora.families.tests.factories import FamilyChildFactory, FamilyFactory

pytestmark = pytest.mark.django_db


def _client(membership):
    return login(Client(HTTP_ACCEPT_LANGUAGE="en"), membership)


def _fresh_case(world, **kw):
    student = StudentFactory(organisation=world.org, school=world.school, first_name="Eliška", last_name="Holubová")
    return CaseFactory(organisation=world.org, student=student, lead=world.members["case_manager"], **kw)


def test_a_family_made_from_a_case_takes_the_student_and_the_guardians_once(world):
    case = _fresh_case(world)
    mother = ClosePersonFactory(student=case.student, name="Lenka Holubová", relation="matka", legal_guardian=True)
    ClosePersonFactory(student=case.student, name="Teta Věra", relation="teta", legal_guardian=False)
    response = _client(world.members["case_manager"]).post(
        reverse("families:create", args=[case.pk]), {"name": "Holubovi", "family_case": "on"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    family = case.family
    assert family.name == "Holubovi" and case.is_family_case
    child = FamilyChild.objects.get(family=family)
    assert child.student == case.student and list(case.family_children.all()) == [child]
    adult = FamilyAdult.objects.get(family=family)
    assert (adult.name, adult.role, adult.legal_guardian, adult.close_person) == (
        "Lenka Holubová",
        "parent",
        True,
        mother,
    )
    assert ClosePerson.objects.filter(student=case.student).count() == 2  # nothing removed
    # A second family for the same case is refused and changes nothing.
    with pytest.raises(ValidationError):
        services.family_create_for_case(case=case, name="Znovu", by=world.members["case_manager"])


def test_adding_children_and_a_stale_edit_of_a_member(world):
    family = world.family
    cm = _client(world.members["case_manager"])
    url = reverse("families:member_new", args=[family.pk, "child"])
    response = cm.post(
        url,
        {"first_name": "Adam", "last_name": "Dvořák", "residence": "childrens_home",
         "institution_name": "DD Dolní Počernice", "residence_since": "2025-09-01", "school": world.school.pk},
    )  # fmt: skip
    assert response.status_code == 302
    adam = FamilyChild.objects.get(family=family, first_name="Adam")
    assert adam.in_institutional_care and adam.place == "DD Dolní Počernice"

    edit = reverse("families:member_edit", args=[family.pk, "adult", world.family_adult.pk])
    coordinator = _client(world.members["coordinator"])
    mine, theirs = open_form(cm, edit), open_form(coordinator, edit)
    assert cm.post(edit, {**mine, "phone": "+420 600 111 222"}).status_code == 302
    response = coordinator.post(edit, {**theirs, "note": "Pracuje na směny."})
    assert response.status_code == 200
    assert "Meanwhile someone else changed: phone" in response.context["form"].non_field_errors()[0]
    world.family_adult.refresh_from_db()
    assert world.family_adult.phone == "+420 600 111 222" and world.family_adult.note == ""


def test_a_child_cannot_be_given_another_organisations_school(world):
    foreign = SchoolFactory(organisation=world.other)
    with pytest.raises(ValidationError):
        services.child_save(
            family=world.family, data={"first_name": "A", "last_name": "B", "school": foreign},
            by=world.members["case_manager"],
        )  # fmt: skip


def test_a_family_case_names_only_children_of_its_family(world):
    case = _fresh_case(world)
    stranger = FamilyChildFactory(family=FamilyFactory(organisation=world.org))
    with pytest.raises(ValidationError):
        case_set_family(
            case=case, family=world.family, client="family", children=[stranger], by=world.members["case_manager"]
        )
    with pytest.raises(ValidationError):  # a family case without children
        case_set_family(case=case, family=world.family, client="family", children=[], by=world.members["case_manager"])
    with pytest.raises(ValidationError):  # not on the team
        case_set_family(case=case, family=world.family, by=world.members["case_manager_other"])
    case.refresh_from_db()
    assert case.family_id is None


def test_a_family_counts_as_one_client_in_the_caseload(world):
    cm = world.members["case_manager"]
    other_before = {r["membership"].pk: r for r in case_selectors.caseloads(world.members["coordinator"])}[cm.pk]
    family = FamilyFactory(organisation=world.org)
    children = [FamilyChildFactory(family=family, first_name=n) for n in ("Ema", "Jan", "Ota")]
    family_case = _fresh_case(world, family=family, client="family", model="assertive")
    family_case.family_children.set(children)
    _fresh_case(world, family=family, model="intensive")  # a child's own case of the same family
    _fresh_case(world, model="intensive")  # a student without a family
    row = {r["membership"].pk: r for r in case_selectors.caseloads(world.members["coordinator"])}[cm.pk]
    assert row["total"] == other_before["total"] + 2
    assert row["families"] == other_before["families"] + 1 and row["children"] >= 3
    # The family weighs as its most intensive model (assertive 1 : 10).
    assert row["per_model"].get("assertive", 0) == other_before["per_model"].get("assertive", 0) + 1
    page = _client(world.members["coordinator"]).get(reverse("cases:caseload")).content.decode()
    assert "Children in the families" in page
    assert family.name in page and "Ema" in page and family_case.number in page  # the families table
    assert Case.objects.filter(family=family).count() == 2


def test_subject_access_and_retention_cover_the_family(world):
    from opora.core.privacy import ANONYMISED, retention, subject_access

    section = subject_access.get("family").load(world.student, None)
    assert section["family"] == "Dvořákovi" and section["adults"][0]["name"] == "Petra Dvořáková"
    case = world.case
    Case.objects.filter(pk=case.pk).update(state="closed", closed_at="2015-01-01")
    case.refresh_from_db()
    retention.get("families").load(case)
    adult = FamilyAdult.objects.get(pk=world.family_adult.pk)
    assert adult.name == ANONYMISED and adult.phone == ""
    assert FamilyChild.objects.get(pk=world.family_child.pk).first_name == ANONYMISED
