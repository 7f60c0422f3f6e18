from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opora.schools.workflow import Stage


class School(models.Model):
    """A school the organisation works with (partnership pipeline: §2)."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="schools", verbose_name=_("organisation")
    )
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)
    # Where the partnership stands in the pipeline (§2).
    stage = models.CharField(_("partnership stage"), max_length=20, choices=Stage.choices, default=Stage.MAPPING)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        indexes = [models.Index(fields=["organisation", "name"]), models.Index(fields=["organisation", "stage"])]

    def __str__(self):
        return self.name
