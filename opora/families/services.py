"""Writes of the families app: validated, atomic, audited; edits of members are versioned."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from opora import access
from opora.audit.services import audit_log
from opora.cases.models import Client
from opora.cases.services import case_set_family
from opora.core.concurrency import save_versioned, take_stamp
from opora.families.models import AdultRole, Family, FamilyAdult, FamilyChild

FAMILY_FIELDS = ("name", "address", "note")
ADULT_FIELDS = ("name", "role", "relation", "legal_guardian", "phone", "email", "address", "note")
CHILD_FIELDS = (
    "first_name", "last_name", "date_of_birth", "residence", "institution", "institution_name",
    "residence_since", "school", "school_name", "student", "note",
)  # fmt: skip


def _guardian_role(relation: str) -> str:
    text = (relation or "").casefold()
    if any(w in text for w in ("matk", "otec", "mother", "father", "rodič", "parent")):
        return AdultRole.PARENT
    if any(w in text for w in ("babičk", "děd", "grand")):
        return AdultRole.GRANDPARENT
    if any(w in text for w in ("partner", "druh", "nevlast")):
        return AdultRole.PARTNER
    return AdultRole.OTHER


@transaction.atomic
def family_create_for_case(*, case, name: str, address: str = "", family_case: bool = False, by, request=None):
    """A family record made from a case: the case's student becomes its first child, the
    student's guardian close persons its adults (each person entered once), and the case is
    linked to it — as the family case (the family is the client) when `family_case`."""
    from opora.families import selectors

    if not access.can_edit_case(by, case):
        raise ValidationError(_("Only the case team may change an open case."))
    if case.family_id is not None:
        raise ValidationError(_("The case already belongs to a family."))
    student = case.student
    if FamilyChild.objects.filter(student=student).exists():
        raise ValidationError(_("The student is already a child of another family record; link the case to it."))
    family = Family(organisation=case.organisation, name=name.strip(), address=address)
    family.full_clean()
    family.save()
    child = FamilyChild.objects.create(
        family=family,
        first_name=student.first_name,
        last_name=student.last_name,
        date_of_birth=student.date_of_birth,
        school=student.school,
        student=student,
        residence="",
    )
    for person in selectors.guardians_of(student):
        FamilyAdult.objects.create(
            family=family,
            name=person.name,
            role=_guardian_role(person.relation),
            relation=person.relation,
            legal_guardian=True,
            phone=person.phone,
            email=person.email,
            address=person.address,
            note=person.note,
            close_person=person,
        )
    audit_log(action="families.create", request=request, membership=by, obj=family, data={"case": case.pk})
    case_set_family(
        case=case,
        family=family,
        client=Client.FAMILY if family_case else Client.STUDENT,
        children=[child] if family_case else [],
        by=by,
        request=request,
    )
    return family


@transaction.atomic
def family_update(*, family, data: dict, by, request=None) -> Family:
    stamp = take_stamp(data)
    for name in FAMILY_FIELDS:
        if name in data:
            setattr(family, name, data[name])
    family.full_clean()
    save_versioned(family, stamp=stamp, fields=[n for n in FAMILY_FIELDS if n in data])
    audit_log(action="families.update", request=request, membership=by, obj=family)
    return family


@transaction.atomic
def adult_save(*, family, instance: FamilyAdult | None = None, data: dict, by, request=None) -> FamilyAdult:
    """Add an adult to the family or change one (optimistic locking on a change)."""
    stamp = take_stamp(data)
    adult = instance or FamilyAdult(family=family)
    if adult.family_id != family.pk:
        raise ValidationError(_("This person is not a member of the family."))
    for name in ADULT_FIELDS:
        if name in data:
            setattr(adult, name, data[name])
    adult.full_clean()
    save_versioned(adult, stamp=stamp, fields=[n for n in ADULT_FIELDS if n in data])
    action = "families.adult_add" if instance is None else "families.adult_update"
    audit_log(action=action, request=request, membership=by, obj=adult, data={"family": family.pk})
    return adult


@transaction.atomic
def child_save(*, family, instance: FamilyChild | None = None, data: dict, by, request=None) -> FamilyChild:
    """Add a child to the family or change one. The school, the institution and the student
    must be the organisation's; a student is a child of one family only."""
    stamp = take_stamp(data)
    child = instance or FamilyChild(family=family)
    if child.family_id != family.pk:
        raise ValidationError(_("This child is not a member of the family."))
    org = family.organisation_id
    for key in ("school", "institution", "student"):
        value = data.get(key)
        if value is not None and value.organisation_id != org:
            raise ValidationError({key: _("Choose one of the organisation's own records.")})
    student = data.get("student")
    if student is not None and FamilyChild.objects.filter(student=student).exclude(pk=child.pk).exists():
        raise ValidationError({"student": _("This student is already a child of a family record.")})
    for name in CHILD_FIELDS:
        if name in data:
            setattr(child, name, data[name])
    child.full_clean()
    save_versioned(child, stamp=stamp, fields=[n for n in CHILD_FIELDS if n in data])
    action = "families.child_add" if instance is None else "families.child_update"
    audit_log(action=action, request=request, membership=by, obj=child, data={"family": family.pk})
    return child


def family_link_case(*, family, case, family_case: bool, children=(), by, request=None):
    """Link one of the team's open cases to the family (a child's case or the family case)."""
    if case.family_id is not None and case.family_id != family.pk:
        raise ValidationError({"case": _("The case already belongs to another family.")})
    return case_set_family(
        case=case,
        family=family,
        client=Client.FAMILY if family_case else Client.STUDENT,
        children=children,
        by=by,
        request=request,
    )
