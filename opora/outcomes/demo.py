"""Demo attendance and outcomes: the seed-003 story's unexcused hours rising over the autumn
and falling after the case meeting, some months of the other demo cases, and the outcomes of
the closed cases (the boy started the next grade)."""

import datetime

from django.utils import timezone

from opora.cases.models import Case
from opora.outcomes.models import AttendanceMonth, CaseOutcome, FollowUp

# (excused, unexcused) for the last months, oldest first: rising, then falling (seed 003).
STORY = [(6, 2), (8, 9), (4, 16), (10, 27), (6, 18), (5, 9), (3, 4), (2, 1)]
OTHER = [(2, 0), (4, 3), (3, 12)]


def _months_back(n):
    first = timezone.localdate().replace(day=1)
    months = []
    for i in range(n - 1, -1, -1):
        y, m = divmod(first.year * 12 + first.month - 1 - i, 12)
        months.append(datetime.date(y, m + 1, 1))
    return months


def _attendance(student, hours):
    for month, (excused, unexcused) in zip(_months_back(len(hours)), hours, strict=True):
        AttendanceMonth.objects.update_or_create(
            student=student,
            month=month,
            defaults={"excused_hours": excused, "unexcused_hours": unexcused, "source": AttendanceMonth.Source.IMPORT},
        )


def seed(ctx) -> None:
    story = ctx.extra.get("story_case")
    if story is not None:
        _attendance(story.student, STORY)
    cases = Case.objects.filter(organisation=ctx.org).exclude(pk=getattr(story, "pk", None)).order_by("id")
    for case in cases.filter(closed_at__isnull=True)[:3]:
        _attendance(case.student, OTHER)
    for case in cases.filter(closed_at__isnull=False):
        needs_met = case.closure_reason == "needs_met"
        CaseOutcome.objects.update_or_create(
            case=case,
            defaults={
                "progressed": True if needs_met else None,
                "grade_note": "další ročník" if needs_met else "",
                "in_education_at_closure": "yes" if needs_met else "unknown",
            },
        )
        for when, months in (("closure", 0), ("6m", 6), ("12m", 12)):
            FollowUp.objects.get_or_create(
                case=case,
                when=when,
                defaults={
                    "due_on": case.closed_at + datetime.timedelta(days=round(months * 30.5)),
                    "assignee_id": case.lead_id,
                    "done_on": case.closed_at if when == "closure" and needs_met else None,
                },
            )
