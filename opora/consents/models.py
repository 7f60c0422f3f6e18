"""Consent to share information, the disclosure register and reports to the school (§6)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from opora.core.files import private_upload_to

EXPIRING_DAYS = 30


class Category(models.TextChoices):
    """Categories of information about a child; a consent and a disclosure name them."""

    CONTACT = "contact", _("Contact details")
    SCHOOL = "school", _("School situation")
    FAMILY = "family", _("Family situation")
    HEALTH = "health", _("Health")
    ASSESSMENT = "assessment", _("Assessment")
    MINUTES = "minutes", _("Meeting minutes")
    PLAN = "plan", _("Cooperation plan")
    REPORTS = "reports", _("Reports")


class GiverKind(models.TextChoices):
    STUDENT = "student", _("Student")
    PARENT = "parent", _("Parent")
    GUARDIAN = "guardian", _("Legal guardian")


class ConsentStatus(models.TextChoices):
    VALID = "valid", _("Consent valid")
    EXPIRING = "expiring", _("Consent expiring")
    EXPIRED = "expired", _("Consent expired")
    WITHDRAWN = "withdrawn", _("Consent withdrawn")
    NONE = "none", _("No consent")


class Consent(models.Model):
    """Consent to share named categories of information with named recipients."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="consents", verbose_name=_("case"))
    given_by_kind = models.CharField(_("given by"), max_length=20, choices=GiverKind.choices)
    given_by_name = models.CharField(_("name of the person"), max_length=200)
    student_agrees = models.BooleanField(_("the student agrees too"), default=False)
    categories = models.JSONField(_("categories of information"), default=list)
    to_school = models.BooleanField(_("the referring school"), default=False)
    actors = models.ManyToManyField(
        "cases.NetworkActor", blank=True, related_name="consents", verbose_name=_("network actors")
    )
    # Other recipients named in the consent, one per line.
    named_recipients = models.TextField(_("other named recipients"), blank=True)
    purpose = models.TextField(_("purpose"))
    given_on = models.DateField(_("given on"), default=timezone.localdate)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        "accounts.Membership",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("withdrawal recorded by"),
    )
    signed_form = models.FileField(_("signed form"), upload_to=private_upload_to, blank=True)
    signed_form_name = models.CharField(max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        "accounts.Membership", on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-given_on", "-id"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        indexes = [
            models.Index(fields=["case", "given_on"]),
            # "Consents expiring soon" on My day: a range of valid_until, not a scan of all consents;
            # with the case (and the id the list reads), the range is matched to the organisation's
            # cases from the index alone, without reading a row of each consent in the range.
            models.Index(
                fields=["valid_until", "case", "id"],
                condition=models.Q(withdrawn_on__isnull=True),
                name="consent_expiry_case_idx",
            ),
        ]

    def __str__(self):
        return f"{self.get_given_by_kind_display()} {date_format(self.given_on, 'SHORT_DATE_FORMAT')}"

    def clean(self):
        unknown = set(self.categories or []) - set(Category.values)
        if unknown or not self.categories:
            raise ValidationError({"categories": _("Choose at least one category of information.")})
        if self.valid_until and self.given_on and self.valid_until < self.given_on:
            raise ValidationError({"valid_until": _("A consent cannot end before it was given.")})
        if self.withdrawn_on and self.given_on and self.withdrawn_on < self.given_on:
            raise ValidationError({"withdrawn_on": _("A consent cannot be withdrawn before it was given.")})

    # --- what it covers ---------------------------------------------------------------------

    @property
    def named_list(self) -> list[str]:
        return [line.strip() for line in (self.named_recipients or "").splitlines() if line.strip()]

    def category_labels(self) -> list[str]:
        labels = dict(Category.choices)
        return [str(labels[c]) for c in self.categories if c in labels]

    def is_in_force(self, on: datetime.date) -> bool:
        if self.given_on > on:
            return False
        if self.valid_until is not None and on > self.valid_until:
            return False
        return not (self.withdrawn_on is not None and on >= self.withdrawn_on)

    def status(self, on: datetime.date | None = None) -> str:
        on = on or timezone.localdate()
        if self.withdrawn_on is not None and on >= self.withdrawn_on:
            return ConsentStatus.WITHDRAWN
        if self.valid_until is not None and on > self.valid_until:
            return ConsentStatus.EXPIRED
        if self.given_on > on:
            return ConsentStatus.NONE
        if self.valid_until is not None and (self.valid_until - on).days <= EXPIRING_DAYS:
            return ConsentStatus.EXPIRING
        return ConsentStatus.VALID

    def get_status_display(self):
        return ConsentStatus(self.status()).label


def case_consent_status(consents, on: datetime.date | None = None) -> str:
    """The consent status of a case from its consents: valid beats expiring beats withdrawn/expired."""
    on = on or timezone.localdate()
    consents = list(consents)
    if not consents:
        return ConsentStatus.NONE
    statuses = [c.status(on) for c in consents]
    for wanted in (ConsentStatus.VALID, ConsentStatus.EXPIRING):
        if wanted in statuses:
            return wanted
    latest = max(consents, key=lambda c: (c.given_on, c.pk or 0))
    status = latest.status(on)
    return status if status in (ConsentStatus.WITHDRAWN, ConsentStatus.EXPIRED) else ConsentStatus.NONE


class Basis(models.TextChoices):
    CONSENT = "consent", _("Consent")
    LEGAL_DUTY = "legal_duty", _("Legal duty (suspected endangerment of the child)")
    COURT_REQUEST = "court_request", _("Written request of a court")
    OWN_MEETING = "own_meeting", _("The student's own meeting (the student or a legal guardian)")
    OWN_COPY = "own_copy", _("The family's own copy of a report, on request (the student or a legal guardian)")


class RecipientKind(models.TextChoices):
    ACTOR = "actor", _("Network actor")
    SCHOOL = "school", _("School")
    INSTITUTION = "institution", _("Institution")
    NAMED = "named", _("Named recipient")
    MEMBERSHIP = "membership", _("User of Opora")
    STUDENT = "student", _("The student")
    CLOSE_PERSON = "close_person", _("Close person of the student")


class Disclosure(models.Model):
    """One time information left the case team: what, to whom, on which basis, when, by whom.

    Rows are written only by ``services.disclosure_record`` after the sharing check."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="disclosures", verbose_name=_("case"))
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    document = models.CharField(_("document"), max_length=200, blank=True)
    recipient_kind = models.CharField(_("kind of recipient"), max_length=20, choices=RecipientKind.choices)
    recipient_actor = models.ForeignKey(
        "cases.NetworkActor", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recipient_school = models.ForeignKey(
        "schools.School", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recipient_institution = models.ForeignKey(
        "network.Institution", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recipient_membership = models.ForeignKey(
        "accounts.Membership", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recipient_close_person = models.ForeignKey(
        "cases.ClosePerson", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recipient_label = models.CharField(_("recipient"), max_length=200)
    basis = models.CharField(_("basis"), max_length=20, choices=Basis.choices)
    consent = models.ForeignKey(
        Consent, on_delete=models.PROTECT, null=True, blank=True, related_name="disclosures", verbose_name=_("consent")
    )
    justification = models.TextField(_("justification"), blank=True)
    # A court's written request (basis "court_request"): its reference and date.
    request_reference = models.CharField(_("reference of the request (file number)"), max_length=100, blank=True)
    request_date = models.DateField(_("date of the request"), null=True, blank=True)
    disclosed_at = models.DateTimeField(_("when"), default=timezone.now)
    by = models.ForeignKey("accounts.Membership", on_delete=models.PROTECT, related_name="+", verbose_name=_("by"))

    class Meta:
        ordering = ["-disclosed_at", "-id"]
        verbose_name = _("disclosure")
        verbose_name_plural = _("disclosures")
        indexes = [
            models.Index(fields=["case", "-disclosed_at"]),
            models.Index(fields=["recipient_kind", "recipient_label"]),
        ]

    def __str__(self):
        return f"{self.get_category_display()} → {self.recipient_label}"


class SchoolReport(models.Model):
    """A report of the case team addressed to the referring school."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="school_reports", verbose_name=_("case")
    )
    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="+", verbose_name=_("school"))
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    written_by = models.ForeignKey("accounts.Membership", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    disclosure = models.OneToOneField(Disclosure, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("report to the school")
        verbose_name_plural = _("reports to the school")
        indexes = [models.Index(fields=["school", "sent_at"])]

    def __str__(self):
        return self.title


class AnonymisedCase(models.Model):
    """Marks a case anonymised after the retention period, so the command runs once per case."""

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="anonymised")
    at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.case_id} {self.at:%Y-%m-%d}"
