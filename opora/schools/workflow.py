"""The school partnership pipeline (§2): stages in one place. Transitions and guards are the
school-pathway issue's to complete."""

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
