"""The school partnership pipeline (§2, seed 000 "cesta se školou"): stages, the allowed
transitions and their guards, in one place.

Decisions taken from §2:
* ``interested`` continues "as responded": the only way on is ``responded``.
* ``can_provide`` means the offer is changed and cooperation on the other request agreed; as
  with ``interested`` it continues as ``responded`` (call, arrange a meeting, send the contract
  template) and only then to the introductory meeting. Both ``responded`` and ``intro_meeting``
  are allowed from ``can_provide`` so a school that agreed the meeting on the phone skips the
  extra step.
* ``not_interested`` and ``cannot_provide`` keep the school in the locality: they lead back to
  ``offer`` (a new offer at the agreed future contact) and require a future-contact date.
* ``contract_refused`` leads back to ``contract_pending`` (keep asking) or straight to
  ``contract_signed`` when the reasons were resolved.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    MAPPING = "mapping", _("Mapping the locality")
    OFFER = "offer", _("Formulating the offer")
    OFFER_SENT = "offer_sent", _("Offer sent to the ŠPP")
    RESPONDED = "responded", _("The school responds")
    NO_RESPONSE = "no_response", _("The school does not respond")
    INTERESTED = "interested", _("Interested")
    NOT_INTERESTED = "not_interested", _("Not interested")
    OTHER_REQUEST = "other_request", _("Another request")
    CAN_PROVIDE = "can_provide", _("The service can provide it")
    CANNOT_PROVIDE = "cannot_provide", _("The service cannot provide it")
    INTRO_MEETING = "intro_meeting", _("Introductory meeting")
    CONTRACT_PENDING = "contract_pending", _("Contract not yet signed")
    CONTRACT_REFUSED = "contract_refused", _("Signing refused")
    CONTRACT_SIGNED = "contract_signed", _("Contract signed")
    ACTIVE = "active", _("Case management started")


S = Stage

TRANSITIONS: dict[str, tuple[str, ...]] = {
    S.MAPPING: (S.OFFER,),
    S.OFFER: (S.OFFER_SENT,),
    S.OFFER_SENT: (S.RESPONDED, S.NO_RESPONSE),
    S.NO_RESPONSE: (S.INTERESTED, S.NOT_INTERESTED, S.OTHER_REQUEST),
    S.INTERESTED: (S.RESPONDED,),
    S.OTHER_REQUEST: (S.CAN_PROVIDE, S.CANNOT_PROVIDE),
    S.CAN_PROVIDE: (S.RESPONDED, S.INTRO_MEETING),
    S.RESPONDED: (S.INTRO_MEETING,),
    S.INTRO_MEETING: (S.CONTRACT_PENDING, S.CONTRACT_REFUSED, S.CONTRACT_SIGNED),
    S.CONTRACT_PENDING: (S.CONTRACT_SIGNED, S.CONTRACT_REFUSED),
    S.CONTRACT_REFUSED: (S.CONTRACT_PENDING, S.CONTRACT_SIGNED),
    S.CONTRACT_SIGNED: (S.ACTIVE,),
    S.NOT_INTERESTED: (S.OFFER,),
    S.CANNOT_PROVIDE: (S.OFFER,),
    S.ACTIVE: (),
}

# Targets that need a date of the agreed future contact.
NEEDS_FUTURE_CONTACT = frozenset({S.NOT_INTERESTED, S.CANNOT_PROVIDE})
# The target that stores the contract document and its dates.
NEEDS_CONTRACT = frozenset({S.CONTRACT_SIGNED})

# The order the board and the funnel show the stages in.
ORDER: tuple[str, ...] = tuple(Stage.values)


def allowed_targets(stage: str) -> tuple[str, ...]:
    return TRANSITIONS.get(stage, ())


def refusal(current: str, target: str) -> str | None:
    """None when the move is allowed, else the reason (translated) it is refused."""
    if target not in Stage.values:
        return str(_("Unknown partnership stage."))
    if target == current:
        return str(_("The school is already at this stage."))
    if target not in allowed_targets(current):
        if current == S.ACTIVE:
            return str(_("The partnership is active; it has no further stage."))
        allowed = ", ".join(str(Stage(t).label) for t in allowed_targets(current))
        return str(
            _("A school cannot move from “%(current)s” to “%(target)s”. Allowed next stages: %(allowed)s.")
            % {"current": Stage(current).label, "target": Stage(target).label, "allowed": allowed}
        )
    return None
