"""Cooperation agreements (§8): the written agreement of the family, the service and optionally
OSPOD, in versions; each version signed in the app, on paper (a scan) or refused."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opora.agreements.workflow import Status
from opora.core.concurrency import Versioned
from opora.core.files import private_upload_to


class SignatureMode(models.TextChoices):
    APP = "app", _("Confirmed in the app")
    PAPER = "paper", _("Signed on paper (scan)")


class Agreement(Versioned):
    Status = Status

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="agreements", verbose_name=_("case"))
    number = models.PositiveSmallIntegerField(_("version"), default=1)
    previous = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_version",
        verbose_name=_("previous version"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    family_parties = models.CharField(_("for the family"), max_length=300, help_text=_("Who signs for the family."))
    with_ospod = models.BooleanField(_("OSPOD is a party"), default=False)
    ospod_party = models.CharField(_("for OSPOD"), max_length=300, blank=True)
    goals = models.TextField(_("goals"))
    family_promises = models.TextField(_("what the family promises"))
    service_promises = models.TextField(_("what the service promises"))
    ospod_promises = models.TextField(_("what OSPOD promises"), blank=True)
    information_sharing = models.TextField(_("how information is shared"))
    review_on = models.DateField(_("review on"))
    signature_mode = models.CharField(_("signed"), max_length=10, choices=SignatureMode.choices, blank=True)
    signed_by = models.CharField(_("signed by"), max_length=300, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    scan = models.FileField(_("scan of the signed agreement"), upload_to=private_upload_to, blank=True)
    scan_name = models.CharField(max_length=200, blank=True)
    refusal_note = models.TextField(_("why it was not accepted"), blank=True)
    refused_on = models.DateField(_("refused on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        "accounts.Membership",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_by = models.ForeignKey("accounts.Membership", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["case_id", "-number"]
        verbose_name = _("cooperation agreement")
        verbose_name_plural = _("cooperation agreements")
        constraints = [models.UniqueConstraint(fields=["case", "number"], name="agreement_version_unique")]

    def __str__(self):
        return f"{self.case} v{self.number}"

    @property
    def is_editable(self):
        return self.status == Status.DRAFT
