"""The outcomes app's part of subject access and retention."""

from opora.outcomes.models import AttendanceMonth, CaseOutcome


def attendance_section(student, choices=None):
    """The student's recorded attendance months and the outcomes of their cases."""
    return {
        "attendance": [
            {"month": m.month.isoformat()[:7], "excused_hours": m.excused_hours, "unexcused_hours": m.unexcused_hours}
            for m in AttendanceMonth.objects.filter(student=student).order_by("month")
        ],
        "outcomes": [
            {
                "case": o.case.number,
                "progressed": o.progressed,
                "grade": o.grade_note,
                "in_education_at_closure": o.in_education_at_closure,
                "in_education_6m": o.in_education_6m,
                "in_education_12m": o.in_education_12m,
            }
            for o in CaseOutcome.objects.filter(case__student=student).select_related("case")
        ],
    }


def anonymise_outcomes(case) -> None:
    """Past retention only the free text goes; the hours and outcomes stay for statistics."""
    if case.is_closed:
        CaseOutcome.objects.filter(case=case).update(grade_note="")
