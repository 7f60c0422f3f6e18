"""Data-protection duties of the families app: the subject-access section and the retention
anonymiser (a family's members are anonymised once none of its cases is kept any more)."""

from opora.core.privacy import ANONYMISED, is_past_retention
from opora.families.models import Family, FamilyAdult, FamilyChild


def _d(value):
    return value.isoformat() if value else None


def subject_access_family(student, choices=None) -> dict | None:
    """The student's own record as a child of a family, and the family's adults as recorded."""
    child = FamilyChild.objects.filter(student=student).select_related("family", "school", "institution").first()
    if child is None:
        return None
    return {
        "family": child.family.name,
        "residence": child.get_residence_display() if child.residence else None,
        "institution": child.place,
        "residence_since": _d(child.residence_since),
        "school": child.school.name if child.school_id else child.school_name,
        "adults": list(
            FamilyAdult.objects.filter(family=child.family).values("name", "role", "relation", "legal_guardian")
        ),
        "siblings": [
            f"{c.first_name} {c.last_name}"
            for c in FamilyChild.objects.filter(family=child.family).exclude(pk=child.pk)
        ],
    }


def anonymise(case) -> None:
    """When the last kept case of a family is anonymised, its members' names, contacts and
    notes go too (residence and dates stay for statistics). Idempotent."""
    if case.family_id is None or not case.is_closed:
        return
    family = Family.objects.get(pk=case.family_id)
    others = family.cases.exclude(pk=case.pk).select_related("organisation")
    if not all(is_past_retention(other) for other in others):
        return
    Family.objects.filter(pk=family.pk).update(name=f"{ANONYMISED} #{family.pk}", address="", note="")
    FamilyAdult.objects.filter(family=family).update(
        name=ANONYMISED, relation="", phone="", email="", address="", note=""
    )
    FamilyChild.objects.filter(family=family).update(
        first_name=ANONYMISED, last_name="", institution_name="", school_name="", note=""
    )
