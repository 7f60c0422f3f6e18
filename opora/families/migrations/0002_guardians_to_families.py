"""Existing guardian close persons become the adults of a family record (issue 10).

For every student with a close person who is a legal guardian: a family (named by the
student's surname) with the student as its child, and each guardian as an adult of it (linked
back through FamilyAdult.close_person). Siblings recorded as separate students with the same
guardian (the same name and the same phone or e-mail) join one family. The student's cases link
to the family; they stay the student's own cases. Nothing is deleted: the close persons stay as
they are (non-guardians too), so every case reads as before. Backwards: the family records made
here are removed again, the close persons untouched."""

import unicodedata

from django.db import migrations


def _norm(text):
    decomposed = unicodedata.normalize("NFKD", text or "")
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).casefold().split())


def _role(relation):
    text = _norm(relation)
    if any(w in text for w in ("matk", "otec", "mother", "father", "rodic", "parent", "mama", "tata")):
        return "parent"
    if any(w in text for w in ("babick", "ded", "grand")):
        return "grandparent"
    if any(w in text for w in ("partner", "druh", "nevlast")):
        return "partner"
    return "other"


def _keys(person, organisation_id):
    name = _norm(person.name)
    keys = []
    for contact in (_norm(person.phone).replace(" ", ""), _norm(person.email)):
        if name and contact:
            keys.append((organisation_id, name, contact))
    return keys


def forwards(apps, schema_editor):
    ClosePerson = apps.get_model("cases", "ClosePerson")
    Case = apps.get_model("cases", "Case")
    Family = apps.get_model("families", "Family")
    FamilyAdult = apps.get_model("families", "FamilyAdult")
    FamilyChild = apps.get_model("families", "FamilyChild")

    guardians = ClosePerson.objects.filter(legal_guardian=True).select_related("student").order_by("student_id", "pk")
    by_student = {}
    for person in guardians:
        by_student.setdefault(person.student_id, []).append(person)
    family_by_key = {}
    for student_id, persons in by_student.items():
        student = persons[0].student
        if FamilyChild.objects.filter(student_id=student_id).exists():
            continue  # already a child of a family record
        org = student.organisation_id
        family = None
        for person in persons:
            for key in _keys(person, org):
                family = family or family_by_key.get(key)
        created = family is None
        if created:
            family = Family.objects.create(organisation_id=org, name=student.last_name or student.first_name)
        FamilyChild.objects.create(
            family=family,
            first_name=student.first_name,
            last_name=student.last_name,
            date_of_birth=student.date_of_birth,
            school_id=student.school_id,
            student_id=student_id,
            residence="",
        )
        for person in persons:
            known = [family_by_key.get(k) for k in _keys(person, org)]
            if not created and family in known:
                # The sibling's guardian is already an adult of the family: link, do not copy.
                continue
            FamilyAdult.objects.create(
                family=family,
                name=person.name,
                role=_role(person.relation),
                relation=person.relation,
                legal_guardian=True,
                phone=person.phone,
                email=person.email,
                address=person.address,
                note=person.note,
                close_person_id=person.pk,
            )
            for key in _keys(person, org):
                family_by_key.setdefault(key, family)
        Case.objects.filter(student_id=student_id, family__isnull=True).update(family=family)


def backwards(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    Family = apps.get_model("families", "Family")
    made = Family.objects.filter(adults__close_person__isnull=False).distinct()
    Case.objects.filter(family__in=made).update(family=None)
    Family.objects.filter(pk__in=list(made.values_list("pk", flat=True))).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("families", "0001_initial"),
        ("cases", "0007_families_and_referrers"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
