from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Institution(models.Model):
    """An institution or service of the local support network (directory, §2/§4)."""

    class Category(models.TextChoices):
        SOCIAL_SERVICE = "social_service", _("Social services")
        OSPOD = "ospod", _("OSPOD and other offices")
        HEALTH = "health", _("Health care")
        THERAPY = "therapy", _("Therapy and counselling")
        POLICE = "police", _("Police")
        COMMUNITY = "community", _("Community services")
        SCHOOL = "school", _("Schools")
        OTHER = "other", _("Other")

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="institutions", verbose_name=_("organisation")
    )
    name = models.CharField(_("name"), max_length=200)
    category = models.CharField(_("category"), max_length=30, choices=Category.choices, default=Category.OTHER)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        indexes = [models.Index(fields=["organisation", "category", "name"])]

    def __str__(self):
        return self.name
