"""Reports to named recipients (§4, §8): for the court (zpráva pro soud), for OSPOD, for the
school — written by the case team, approved by a coordinator (four eyes), handed over with a
record in the disclosure register (consents.Disclosure)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opora.core.concurrency import Versioned
from opora.reports.workflow import Status


class RecipientKind(models.TextChoices):
    COURT = "court", _("Court")
    OSPOD = "ospod", _("OSPOD")
    SCHOOL = "school", _("School")


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    DATA_BOX = "data_box", _("Data box")
    IN_PERSON = "in_person", _("In person")
    POST = "post", _("Post")


# The bases a hand-over may claim, by the kind of recipient (the sharing decision still decides).
BASIS_CONSENT = "consent"
BASIS_LEGAL_DUTY = "legal_duty"
BASIS_COURT_REQUEST = "court_request"
BASES = {
    RecipientKind.COURT: (BASIS_CONSENT, BASIS_COURT_REQUEST),
    RecipientKind.OSPOD: (BASIS_CONSENT, BASIS_LEGAL_DUTY),
    RecipientKind.SCHOOL: (BASIS_CONSENT,),
}


class CaseReport(Versioned):
    Status = Status

    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="case_reports", verbose_name=_("case")
    )
    recipient_kind = models.CharField(_("for"), max_length=10, choices=RecipientKind.choices)
    institution = models.ForeignKey(
        "network.Institution",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recipient institution"),
    )
    title = models.CharField(_("title"), max_length=200)
    period_from = models.DateField(_("period from"))
    period_to = models.DateField(_("period to"))
    goals_text = models.TextField(_("goals and indicator trends"), blank=True)
    cooperation = models.TextField(_("cooperation of the family"), blank=True)
    meetings_text = models.TextField(_("meetings held and who came"), blank=True)
    family_view = models.TextField(_("the family's own view"), blank=True)
    recommendation = models.TextField(_("recommendation"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    written_by = models.ForeignKey(
        "accounts.Membership", on_delete=models.PROTECT, related_name="+", verbose_name=_("written by")
    )
    approved_by = models.ForeignKey(
        "accounts.Membership",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("report to a named recipient")
        verbose_name_plural = _("reports to named recipients")

    def __str__(self):
        return self.title


class HandOver(models.Model):
    """One time a report left the case team: to its recipient or a copy to the family."""

    report = models.ForeignKey(CaseReport, on_delete=models.PROTECT, related_name="handovers", verbose_name=_("report"))
    channel = models.CharField(_("how"), max_length=20, choices=Channel.choices)
    family_copy = models.BooleanField(_("the family's own copy"), default=False)
    disclosure = models.OneToOneField("consents.Disclosure", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("when"), default=timezone.now)
    by = models.ForeignKey("accounts.Membership", on_delete=models.PROTECT, related_name="+", verbose_name=_("by"))

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("hand-over")
        verbose_name_plural = _("hand-overs")

    def __str__(self):
        return f"{self.report} → {self.disclosure.recipient_label}"
