"""Rows of the authorisation matrix for the families app, and the world's family.

The world's family holds the world's student (a child) and its guardian; the world's case is
linked to it. Who sees the family: the team of a case of the family and coordinators. School
staff — even of the school that referred the child — get 404, like another organisation and a
case manager who is not on a case of the family; roles without case pages get 403."""

from opora.core.testing.matrix import Row
from opora.families.tests.factories import FamilyAdultFactory, FamilyChildFactory, FamilyFactory


def populate(w):
    w.family = FamilyFactory(organisation=w.org, name="Dvořákovi")
    w.family_adult = FamilyAdultFactory(family=w.family)
    w.family_child = FamilyChildFactory(
        family=w.family, first_name=w.student.first_name, last_name=w.student.last_name, student=w.student
    )
    w.case.family = w.family
    w.case.save(update_fields=["family"])


FAMILY = {
    "*": 403,
    "case_manager": 200,
    "coordinator": 200,
    "case_manager_other": 404,
    "other_org": 404,
    "school_staff": 404,
    "school_staff_other": 404,
}


def _family(w):
    return {"pk": w.family.pk}


def _member_new(kind):
    return lambda w: {"pk": w.family.pk, "kind": kind}


MATRIX = {
    "families:detail": Row(kwargs=_family, expect=FAMILY),
    "families:edit": Row(kwargs=_family, expect=FAMILY),
    "families:link_case": Row(kwargs=_family, expect=FAMILY),
    # Made from one of the team's open cases.
    "families:create": Row(kwargs=lambda w: {"case_pk": w.case.pk}, expect=FAMILY),
    "families:member_new": Row(kwargs=_member_new("adult"), variants=(_member_new("child"),), expect=FAMILY),
    "families:member_edit": Row(
        kwargs=lambda w: {"pk": w.family.pk, "kind": "adult", "item": w.family_adult.pk},
        variants=(lambda w: {"pk": w.family.pk, "kind": "child", "item": w.family_child.pk},),
        expect=FAMILY,
    ),
}
