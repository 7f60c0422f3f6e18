"""The lifecycle of a cooperation agreement (one version of it), declarative.

    draft ──sign_in_app / sign_on_paper──▶ signed
      └──────────refuse─────────────────▶ refused
    signed ──supersede (a newer version is signed)──▶ superseded

A renegotiation starts a new draft version from any signed or refused version; the older
versions stay readable. Pure: imports nothing of the apps."""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SIGNED = "signed", _("Signed")
    REFUSED = "refused", _("Refused")
    SUPERSEDED = "superseded", _("Superseded by a newer version")


@dataclass(frozen=True)
class Step:
    name: str
    source: tuple
    target: str


STEPS = {
    "sign_in_app": Step("sign_in_app", (Status.DRAFT,), Status.SIGNED),
    "sign_on_paper": Step("sign_on_paper", (Status.DRAFT,), Status.SIGNED),
    "refuse": Step("refuse", (Status.DRAFT,), Status.REFUSED),
    "supersede": Step("supersede", (Status.SIGNED,), Status.SUPERSEDED),
}
EDITABLE = (Status.DRAFT,)
RENEGOTIABLE = (Status.SIGNED, Status.REFUSED)


def refusal(step_name: str, status: str) -> str | None:
    """Why the step may not be taken from `status` (a translated sentence), or None."""
    step = STEPS[step_name]
    if status not in step.source:
        return str(_("This step is not possible in the agreement's current state."))
    return None
