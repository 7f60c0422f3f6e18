"""Reads about schools, filtered through opora.access."""

import datetime

from django.db.models import Count, Max, Min, OuterRef, Subquery, Sum
from django.utils import timezone

from opora import access
from opora.schools import workflow
from opora.schools.models import (
    EvaluationMeeting,
    LocalityMeeting,
    LocalityNeed,
    SchoolContact,
    StageTransition,
    ThemeRecord,
)
from opora.schools.workflow import Stage

# A theme is shown to the school only when at least this many students stand behind it (§2).
THEME_THRESHOLD = 3


def accepts_referrals(school) -> bool:
    """School staff may refer students themselves once the partnership is active (§2 step 7)."""
    return school is not None and school.stage == Stage.ACTIVE


def schools_list(membership, *, q=None, stage=None, kind=None):
    qs = access.schools_for(membership)
    if q:
        qs = qs.filter(name__icontains=q) | qs.filter(red_izo=q) | qs.filter(ico=q)
    if stage:
        qs = qs.filter(stage=stage)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("name")


def with_evaluation(schools):
    """The schools of a queryset with the date of their last evaluation meeting read in the same
    query (``last_evaluation_on``, a subquery on the school's own index), the date the next one
    is due and whether it or the follow-up is overdue."""
    return _evaluated(list(_with_last_evaluation(schools)))


def _with_last_evaluation(schools):
    last = EvaluationMeeting.objects.filter(school=OuterRef("pk")).order_by("-held_on").values("held_on")[:1]
    return schools.annotate(last_evaluation_on=Subquery(last))


_ATTENTION_QUERIES: dict = {}


def schools_needing_attention(membership) -> list:
    """``with_evaluation`` of the schools this membership works with (``access.schools_for``), by
    name, read by a query compiled once per connection and shape of the membership (the
    overview's panel, on the landing page of everyone who works with schools)."""
    return _evaluated(attention_call(membership).rows())


def attention_call(membership):
    """The query of ``schools_needing_attention``, not run yet (``orm.prefetched``)."""
    return access.compiled_call(_ATTENTION_QUERIES, "attention", _attention, membership)


def _attention(membership):
    return _with_last_evaluation(access.schools_for(membership).order_by("name"))


def _evaluated(schools):
    today = timezone.localdate()
    for s in schools:
        s.evaluation_due = None
        if s.stage == Stage.ACTIVE:
            start = s.last_evaluation_on or (s.stage_changed_at.date() if s.stage_changed_at else today)
            s.evaluation_due = start + datetime.timedelta(days=s.evaluation_cadence_days)
        s.evaluation_overdue = s.evaluation_due is not None and s.evaluation_due < today
        s.follow_up_overdue = s.next_follow_up is not None and s.next_follow_up < today
    return schools


def board(membership):
    """Columns of the board: [(stage value, label, [schools])] in pipeline order."""
    schools = with_evaluation(access.schools_for(membership).order_by("next_follow_up", "name"))
    columns = {value: [] for value in workflow.ORDER}
    for s in schools:
        s.targets = [(t, Stage(t).label) for t in workflow.allowed_targets(s.stage)]
        columns[s.stage].append(s)
    return [(value, Stage(value).label, columns[value]) for value in workflow.ORDER]


def school_page(school, *, date_from, date_to) -> dict:
    """The reads of a school's page for the period. School staff (`view_level` "school") see
    the school, its contacts, evaluations and the themes above the threshold only."""
    evaluations = list(school.evaluations.order_by("-held_on", "-id")[:20])
    school.last_evaluation_on = evaluations[0].held_on if evaluations else None
    school = _evaluated([school])[0]
    page = {"school": school, "contacts": list(school.contacts.all()), "evaluations": evaluations}
    if school.view_level == "school":
        page["themes"] = themes_for_school_staff(school, date_from=date_from, date_to=date_to)
        page["threshold"] = THEME_THRESHOLD
        return page
    page.update(
        transitions=list(school.transitions.select_related("by__user")[:50]),
        themes=theme_totals(school, date_from=date_from, date_to=date_to),
        theme_records=list(school.themes.select_related("by__user")[:30]),
        threshold=THEME_THRESHOLD,
        targets=[(t, Stage(t).label) for t in workflow.allowed_targets(school.stage)],
        accepts_referrals=accepts_referrals(school),
    )
    return page


def funnel(membership, *, date_from, date_to):
    """How many distinct schools reached each stage within the period (from the transition
    records), in pipeline order, with the share of the first stage reached."""
    rows = (
        StageTransition.objects.filter(
            school__organisation_id=membership.organisation_id,
            at__date__gte=date_from,
            at__date__lte=date_to,
        )
        .values("to_stage")
        .annotate(n=Count("school", distinct=True))
    )
    counts = {r["to_stage"]: r["n"] for r in rows}
    top = max(counts.values(), default=0)
    return [
        {
            "stage": value,
            "label": Stage(value).label,
            "count": counts.get(value, 0),
            "width": _width(counts.get(value, 0), top),
        }
        for value in workflow.ORDER
        if value != Stage.MAPPING or counts.get(value)
    ]


def _width(n, top):
    # Bar widths in steps of 10 % (CSS classes; inline styles are blocked by the CSP).
    if not top or not n:
        return 0
    return max(1, round(10 * n / top)) * 10


def theme_totals(school, *, date_from=None, date_to=None):
    """Every theme of the school summed over the period: [(theme, label, students, period)]."""
    qs = ThemeRecord.objects.filter(school=school)
    if date_from:
        qs = qs.filter(period_end__gte=date_from)
    if date_to:
        qs = qs.filter(period_start__lte=date_to)
    rows = (
        qs.values("theme")
        .annotate(students=Sum("student_count"), start=Min("period_start"), end=Max("period_end"))
        .order_by("-students", "theme")
    )
    from opora.schools.models import Theme

    return [
        {
            "theme": r["theme"],
            "label": Theme(r["theme"]).label,
            "students": r["students"],
            "start": r["start"],
            "end": r["end"],
        }
        for r in rows
    ]


def themes_for_school_staff(school, *, date_from=None, date_to=None):
    """What the school itself may see: only themes with at least THEME_THRESHOLD students,
    and never the notes or the individual records."""
    return [t for t in theme_totals(school, date_from=date_from, date_to=date_to) if t["students"] >= THEME_THRESHOLD]


def contact_of(school, pk):
    """A ŠPP contact of this school (the school itself was fetched through the policy)."""
    return SchoolContact.objects.filter(school=school, pk=pk).first()


def locality_needs(membership, *, area: str = ""):
    needs = LocalityNeed.objects.filter(organisation_id=membership.organisation_id).select_related("school")
    return needs.filter(area__icontains=area) if area else needs


def locality_meetings(membership):
    return LocalityMeeting.objects.filter(organisation_id=membership.organisation_id)
