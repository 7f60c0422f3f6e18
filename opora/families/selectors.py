"""Reads of the families app, restricted through the policy."""

from opora import access
from opora.cases.models import ClosePerson
from opora.families.models import PLACED_AWAY, FamilyAdult, FamilyChild


def adults_of(family):
    return list(FamilyAdult.objects.filter(family=family))


def children_of(family):
    return list(FamilyChild.objects.filter(family=family).select_related("institution", "school", "student"))


def family_page(membership, family) -> dict:
    """The family page: its members and the family's cases this membership may open."""
    cases = list(
        access.family_cases_for(membership, family)
        .select_related("student", "lead__user")
        .prefetch_related("family_children")
        .order_by("-opened_at", "-id")
    )
    children = children_of(family)
    placed = [{"child": c, "case": _return_case(c, cases)} for c in children if c.placed_away]
    return {"adults": adults_of(family), "children": children, "cases": cases, "placed_away": placed}


def _return_case(child, cases):
    """The case whose return readiness concerns the child, among the cases the membership may
    open as the case team (``access.family_cases_for``): the child's own case first, then a
    family case naming the child; None when there is none."""
    own = [c for c in cases if not c.is_family_case and child.student_id and c.student_id == child.student_id]
    named = [c for c in cases if c.is_family_case and child in c.family_children.all()]
    return (own + named)[0] if own or named else None


def placements_for_case(case) -> list[FamilyChild]:
    """The family record's children placed away from home whom the case concerns: the case's
    own student (when the student is a family child) or the children a family case names."""
    qs = FamilyChild.objects.filter(residence__in=PLACED_AWAY).select_related("institution")
    if case.is_family_case:
        return list(qs.filter(pk__in=case.family_children.values("pk")))
    return list(qs.filter(student_id=case.student_id))


def placement_text(child) -> str:
    """Where the child lives now, as one sentence (prefills the free text of the return plan)."""
    from django.utils.formats import date_format
    from django.utils.translation import gettext as _

    values = {
        "child": str(child),
        "residence": child.get_residence_display(),
        "place": child.place,
        "since": date_format(child.residence_since, "SHORT_DATE_FORMAT") if child.residence_since else "",
    }
    if child.place and child.residence_since:
        return _("%(child)s: %(residence)s, %(place)s, since %(since)s") % values
    if child.place:
        return _("%(child)s: %(residence)s, %(place)s") % values
    if child.residence_since:
        return _("%(child)s: %(residence)s, since %(since)s") % values
    return _("%(child)s: %(residence)s") % values


def family_of_case_panel(membership, case) -> dict:
    """The case tab: the family, its members, this case's role in it and the siblings' cases
    this membership may see (through the policy); with no family, the families to link to."""
    if case.family_id is None:
        return {"family": None, "families": list(access.families_for(membership).order_by("name")[:50])}
    siblings = list(access.sibling_cases_for(membership, case).select_related("student", "lead__user"))
    return {
        "family": case.family,
        "adults": adults_of(case.family),
        "children": children_of(case.family),
        "siblings": siblings,
        "concerned": list(case.family_children.all()) if case.is_family_case else [],
    }


def guardians_of(student):
    """The student's close persons who are legal guardians (they become the family's adults)."""
    return list(ClosePerson.objects.filter(student=student, legal_guardian=True).order_by("pk"))


def linkable_cases(membership):
    """Open cases this membership may link to the family: its team's, of the organisation."""
    from opora.cases.workflow import State

    return (
        access.team_cases_for(membership)
        .exclude(state=State.CLOSED)
        .select_related("student")
        .order_by("-opened_at", "-id")
    )


def students_for_children(membership, also=None):
    """Students a child record may be linked to: those of the cases this membership's team has
    (and the one already linked, `also`)."""
    from django.db.models import Q

    from opora.cases.models import Student

    team_students = Q(pk__in=access.team_cases_for(membership).values("student_id"))
    return Student.objects.filter(team_students | Q(pk=also) if also else team_students).order_by(
        "last_name", "first_name"
    )


def member_of(family, model, item):
    """A member (adult or child) of this family; 404 for anything else."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(model, pk=item, family_id=family.pk)
