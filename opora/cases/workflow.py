"""The case lifecycle (§3): states, allowed transitions and their guards — in one place.

    referred | commissioned | requested → contacting   (the first state fits the referrer, below)
    contacting → first_meeting                       (a meeting was arranged)
    contacting → back_to_school → contacting         (no reaction, a school's referral only)
    first_meeting → active                           (guard: the intake check, §3 / seeds 001–002)
    active ↔ not_attending                           (the student stopped coming)
    active → evaluation → closed                     (needs met, or another reason)
    evaluation → active                              (needs not met: revise the plan)
    the first states | contacting | back_to_school | first_meeting → closed   (refused / not established)
    closed → active                                  (reopened, with a reason)

"New needs" (§3 step 7) is not a change of state: it adds a Request to the same case.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    REFERRED = "referred", _("Referred by the school")
    COMMISSIONED = "commissioned", _("Commissioned by an institution")
    REQUESTED = "requested", _("Asked for by the family or the client")
    CONTACTING = "contacting", _("Arranging a meeting")
    BACK_TO_SCHOOL = "back_to_school", _("Back to the school")
    FIRST_MEETING = "first_meeting", _("First meeting")
    ACTIVE = "active", _("Case work")
    NOT_ATTENDING = "not_attending", _("Case work: student not attending")
    EVALUATION = "evaluation", _("Evaluation")
    CLOSED = "closed", _("Closed")


OPEN_STATES = [s for s in State.values if s != State.CLOSED]
# The first state of a case, by who asked for the service (values of models.ReferrerKind): a
# school identified the student; an institution (OSPOD, a court, health care, another service)
# commissioned the work; the family or the client asked for it themselves.
FIRST_STATE = {
    "school": State.REFERRED,
    "ospod": State.COMMISSIONED,
    "court": State.COMMISSIONED,
    "health_care": State.COMMISSIONED,
    "service": State.COMMISSIONED,
    "other": State.COMMISSIONED,
    "family": State.REQUESTED,
}
FIRST_STATES = (State.REFERRED, State.COMMISSIONED, State.REQUESTED)
EARLY_STATES = (*FIRST_STATES, State.CONTACTING, State.BACK_TO_SCHOOL, State.FIRST_MEETING)


def first_state(referrer_kind: str) -> str:
    """The state a new case starts in: it fits who asked for the service."""
    return FIRST_STATE.get(referrer_kind, State.COMMISSIONED)


# Closure reasons (values of models.ClosureReason) allowed for each closing transition.
CLOSE_REASONS = ("needs_met", "other")
EARLY_CLOSE_REASONS = ("refused", "not_established", "other")


@dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple[str, ...]
    target: str
    label: object
    help: object = ""
    reason_required: bool = False
    closes: bool = False
    closure_reasons: tuple[str, ...] = ()
    primary: bool = False


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        Transition(
            "start_contacting",
            FIRST_STATES,
            State.CONTACTING,
            _("Start contacting the student"),
            _("Contact the student or the parents and arrange a personal meeting as soon as possible."),
            primary=True,
        ),
        Transition(
            "meeting_arranged",
            (State.CONTACTING,),
            State.FIRST_MEETING,
            _("The first meeting is arranged"),
            _("Choose the format, place and participants by the situation and the student's preferences."),
            primary=True,
        ),
        Transition(
            "not_arranged",
            (State.CONTACTING,),
            State.BACK_TO_SCHOOL,
            _("No reaction: back to the school"),
            _("Look for a way together with the school (a better explanation, a meeting at school, online…)."),
            reason_required=True,
        ),
        Transition(
            "contact_again",
            (State.BACK_TO_SCHOOL,),
            State.CONTACTING,
            _("Contact the student again"),
            primary=True,
        ),
        Transition(
            "start_case_work",
            (State.FIRST_MEETING,),
            State.ACTIVE,
            _("Start case work"),
            _("Cooperation is established: tell the school and the actors already involved."),
            primary=True,
        ),
        Transition(
            "not_attending",
            (State.ACTIVE,),
            State.NOT_ATTENDING,
            _("The student stopped coming"),
            _("Look for the reasons and keep contacting the student actively."),
            reason_required=True,
        ),
        Transition(
            "attending_again", (State.NOT_ATTENDING,), State.ACTIVE, _("The student attends again"), primary=True
        ),
        Transition(
            "evaluate",
            (State.ACTIVE,),
            State.EVALUATION,
            _("Evaluate the cooperation"),
            _("Evaluate together with the student and the actors of the network."),
        ),
        Transition(
            "revise_plan",
            (State.EVALUATION,),
            State.ACTIVE,
            _("Needs not met: revise the plan"),
            reason_required=True,
        ),
        Transition(
            "close",
            (State.EVALUATION,),
            State.CLOSED,
            _("Close the case"),
            closes=True,
            closure_reasons=CLOSE_REASONS,
            primary=True,
        ),
        Transition(
            "end_early",
            EARLY_STATES,
            State.CLOSED,
            _("Cooperation refused or not established"),
            closes=True,
            closure_reasons=EARLY_CLOSE_REASONS,
        ),
        Transition(
            "reopen",
            (State.CLOSED,),
            State.ACTIVE,
            _("Reopen the case"),
            reason_required=True,
        ),
    ]
}


SCHOOL_ONLY_STEPS = ("not_arranged",)


def allowed_transitions(state: str, referrer_kind: str = "school") -> list[Transition]:
    """The steps offered in `state`; going back to the school only for a school's referral."""
    return [
        t
        for t in TRANSITIONS.values()
        if state in t.sources and (referrer_kind == "school" or t.name not in SCHOOL_ONLY_STEPS)
    ]


def check_transition(case, name: str, *, reason: str = "", closure_reason: str = "", summary: str = "") -> Transition:
    """Return the transition when the case may take it now; otherwise raise ValidationError with a
    reason the user understands."""
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise ValidationError(_("This step does not exist."), code="unknown")
    if case.state not in transition.sources:
        raise ValidationError(
            _("The step “%(step)s” is not possible while the case is in the state “%(state)s”."),
            params={"step": transition.label, "state": State(case.state).label},
            code="not_allowed",
        )
    if name in SCHOOL_ONLY_STEPS and getattr(case, "referrer_kind", "school") != "school":
        raise ValidationError(
            _("Going back to the school is for cases the school referred; contact the referrer instead."),
            code="not_school_referral",
        )
    if transition.reason_required and not reason.strip():
        raise ValidationError({"reason": _("Write why this step is taken.")}, code="reason_required")
    if transition.closes:
        if closure_reason not in transition.closure_reasons:
            raise ValidationError(
                {"closure_reason": _("Choose one of the reasons offered for closing at this stage.")},
                code="closure_reason",
            )
        if not summary.strip():
            raise ValidationError({"summary": _("Write a short closing summary.")}, code="summary_required")
    if name == "start_case_work":
        intake = getattr(case, "intake_check", None) if _has_intake(case) else None
        if intake is None:
            raise ValidationError(
                _("Before case work starts, answer the intake check: is case management the right help?"),
                code="intake_missing",
            )
        if intake.acute_crisis and not intake.override_reason.strip():
            raise ValidationError(
                _(
                    "The intake check found an acute crisis: it needs crisis intervention now, not case "
                    "management. Refer the family to crisis help, or record in the intake check why you proceed."
                ),
                code="intake_crisis",
            )
        if intake.consent_refused and not intake.override_reason.strip():
            raise ValidationError(
                _(
                    "The intake check found that safe rules of information sharing cannot be agreed: offer "
                    "individual support inside the school, or record in the intake check why you proceed."
                ),
                code="intake_consent",
            )
    return transition


def _has_intake(case) -> bool:
    from django.core.exceptions import ObjectDoesNotExist

    try:
        case.intake_check  # noqa: B018
    except ObjectDoesNotExist:
        return False
    return True
