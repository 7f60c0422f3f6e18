"""The case lifecycle (§3): states, allowed transitions and their guards — in one place.

The state names are fixed here; the transition table and guards are the student-pathway
issue's to complete.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    REFERRED = "referred", _("Referred by the school")
    CONTACTING = "contacting", _("Arranging a meeting")
    BACK_TO_SCHOOL = "back_to_school", _("Back to the school")
    FIRST_MEETING = "first_meeting", _("First meeting")
    ACTIVE = "active", _("Case work")
    NOT_ATTENDING = "not_attending", _("Case work: student not attending")
    EVALUATION = "evaluation", _("Evaluation")
    CLOSED = "closed", _("Closed")


OPEN_STATES = [s for s in State.values if s != State.CLOSED]
