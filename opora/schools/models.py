from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class School(models.Model):
    """A school the organisation works with (partnership pipeline: §2)."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="schools", verbose_name=_("organisation")
    )
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        indexes = [models.Index(fields=["organisation", "name"])]

    def __str__(self):
        return self.name
