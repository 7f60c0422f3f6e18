"""The meeting lifecycle: statuses, allowed steps and their guards — in one place.

    proposed → planned        (the case manager confirms the proposed date of a series)
    proposed | planned → held (guard: the attendance is recorded)
    proposed | planned → cancelled   (with a reason)
    held, cancelled: final — a cancelled meeting is never held, a held one never cancelled.

The services of the meetings app are the only callers (`check_step`); the pages ask
`allowed_steps` / `step_problem` to decide which buttons to offer.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    PROPOSED = "proposed", _("Proposed date (to confirm)")
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_STATUSES = (Status.PROPOSED, Status.PLANNED)


@dataclass(frozen=True)
class Step:
    name: str
    sources: tuple[str, ...]
    target: str
    label: object
    reason_required: bool = False


STEPS: dict[str, Step] = {
    s.name: s
    for s in [
        Step("confirm_date", (Status.PROPOSED,), Status.PLANNED, _("Confirm the date")),
        Step("hold", OPEN_STATUSES, Status.HELD, _("Mark as held")),
        Step("cancel", OPEN_STATUSES, Status.CANCELLED, _("Cancel the meeting"), reason_required=True),
    ]
}


def _attendance_missing(meeting) -> str | None:
    # Through the meeting's own relation: a workflow imports no models ("present" is
    # Participant.Attendance.PRESENT).
    if not meeting.participants.filter(attendance="present").exists():
        return _("Record the attendance before marking the meeting as held.")
    return None


# Guards beyond the source status: each returns the reason the step is not possible now, or None.
GUARDS = {"hold": (_attendance_missing,)}

_STATUS_REASONS = {
    Status.HELD: _("The meeting is already marked as held."),
    Status.CANCELLED: _("The meeting is cancelled."),
}


def allowed_steps(status: str) -> list[Step]:
    """The steps a meeting in `status` may take (before the guards that need the meeting)."""
    return [s for s in STEPS.values() if status in s.sources]


def step_problem(meeting, name: str, *, reason: str = "") -> str | None:
    """Why `meeting` may not take step `name` now, in words the user understands; None when it may."""
    step = STEPS.get(name)
    if step is None:
        return str(_("This step does not exist."))
    if meeting.status not in step.sources:
        if meeting.status in _STATUS_REASONS:
            return str(_STATUS_REASONS[meeting.status])
        return str(
            _("The step “%(step)s” is not possible while the meeting is “%(status)s”.")
            % {"step": step.label, "status": Status(meeting.status).label}
        )
    if step.reason_required and not reason.strip():
        return str(_("Write why this step is taken."))
    for guard in GUARDS.get(name, ()):
        problem = guard(meeting)
        if problem:
            return str(problem)
    return None


def check_step(meeting, name: str, *, reason: str = "") -> Step:
    """Return the step when the meeting may take it now; otherwise raise ValidationError with the reason."""
    problem = step_problem(meeting, name, reason=reason)
    if problem is None:
        return STEPS[name]
    step = STEPS.get(name)
    if step and step.reason_required and meeting.status in step.sources and not reason.strip():
        raise ValidationError({"reason": problem}, code="reason_required")
    raise ValidationError(problem, code="not_allowed")
