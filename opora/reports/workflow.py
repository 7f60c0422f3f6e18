"""The lifecycle of a report to a named recipient (court, OSPOD, school), declarative.

    draft ──submit (the author)──▶ submitted ──approve (a coordinator, not the author)──▶ approved
                                       └──return (a coordinator)──▶ draft

Only an approved report may be handed over; each hand-over is recorded separately (with its
disclosure). Guards return the reasons a step is refused. Pure: imports nothing of the apps."""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Waiting for approval")
    APPROVED = "approved", _("Approved")


@dataclass(frozen=True)
class Facts:
    """What the guards need to know, computed by the service."""

    is_author: bool
    is_coordinator: bool
    is_team: bool


@dataclass(frozen=True)
class Step:
    name: str
    source: tuple
    target: str
    guards: tuple = ()


def _team(f: Facts):
    return None if f.is_team else _("Only the case team may change the report.")


def _coordinator(f: Facts):
    return None if f.is_coordinator else _("Only a coordinator approves reports.")


def _four_eyes(f: Facts):
    return None if not f.is_author else _("The author of a report may not approve it; another coordinator must.")


STEPS = {
    "submit": Step("submit", (Status.DRAFT,), Status.SUBMITTED, (_team,)),
    "approve": Step("approve", (Status.SUBMITTED,), Status.APPROVED, (_coordinator, _four_eyes)),
    "return": Step("return", (Status.SUBMITTED,), Status.DRAFT, (_coordinator,)),
}


def refusals(step_name: str, status: str, facts: Facts) -> list[str]:
    step = STEPS[step_name]
    reasons = [] if status in step.source else [str(_("This step is not possible in the report's current state."))]
    reasons += [str(r) for r in (g(facts) for g in step.guards) if r]
    return reasons
