"""Outcomes of a case (issue 12): school attendance per month, progression, whether the student
stays in education at closure and 6 and 12 months after, and the organisation's thresholds."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opora.core.concurrency import Versioned

DEFAULT_COMMISSION_HOURS = 10
DEFAULT_OSPOD_HOURS = 25


class OutcomeSettings(models.Model):
    """The organisation's thresholds of unexcused hours in a month (the ministry's guideline):
    above the first an educational commission is suggested, above the second a report to OSPOD."""

    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="outcome_settings"
    )
    commission_hours = models.PositiveSmallIntegerField(
        _("unexcused hours above which an educational commission is suggested"), default=DEFAULT_COMMISSION_HOURS
    )
    ospod_hours = models.PositiveSmallIntegerField(
        _("unexcused hours above which a report to OSPOD is suggested"), default=DEFAULT_OSPOD_HOURS
    )

    class Meta:
        verbose_name = _("outcome settings")
        verbose_name_plural = _("outcome settings")

    def __str__(self):
        return f"{self.commission_hours}/{self.ospod_hours}"


class AttendanceMonth(models.Model):
    """Hours a student missed at school in one month (excused and unexcused), entered by hand
    or imported from the school's information system (Bakaláři, EduPage)."""

    class Source(models.TextChoices):
        MANUAL = "manual", _("Entered by hand")
        IMPORT = "import", _("Imported")

    student = models.ForeignKey(
        "cases.Student", on_delete=models.CASCADE, related_name="attendance_months", verbose_name=_("student")
    )
    # The first day of the month.
    month = models.DateField(_("month"))
    excused_hours = models.PositiveIntegerField(_("excused hours"), default=0)
    unexcused_hours = models.PositiveIntegerField(_("unexcused hours"), default=0)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.MANUAL)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["month"]
        verbose_name = _("attendance month")
        verbose_name_plural = _("attendance months")
        constraints = [models.UniqueConstraint(fields=["student", "month"], name="attendance_student_month_unique")]

    def __str__(self):
        return f"{self.student_id} {self.month:%Y-%m}"


class InEducation(models.TextChoices):
    YES = "yes", _("In education")
    NO = "no", _("Not in education")
    UNKNOWN = "unknown", _("Not known")


class CaseOutcome(Versioned):
    """The outcome of a case: grade progression and whether the student stayed in education."""

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="outcome")
    progressed = models.BooleanField(
        _("progressed to the next grade or year"), null=True, blank=True, help_text=_("Leave empty if not known yet.")
    )
    grade_note = models.CharField(_("grade or year"), max_length=100, blank=True)
    in_education_at_closure = models.CharField(
        _("in education at closure"), max_length=10, choices=InEducation.choices, default=InEducation.UNKNOWN
    )
    in_education_6m = models.CharField(
        _("in education 6 months after closure"),
        max_length=10,
        choices=InEducation.choices,
        default=InEducation.UNKNOWN,
    )
    in_education_12m = models.CharField(
        _("in education 12 months after closure"),
        max_length=10,
        choices=InEducation.choices,
        default=InEducation.UNKNOWN,
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("outcome of the case")
        verbose_name_plural = _("outcomes of cases")

    def __str__(self):
        return str(self.case_id)


class FollowUp(models.Model):
    """A follow-up check created when the case closes: is the student still in education?"""

    class When(models.TextChoices):
        AT_CLOSURE = "closure", _("At closure")
        SIX_MONTHS = "6m", _("6 months after closure")
        TWELVE_MONTHS = "12m", _("12 months after closure")

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="follow_ups")
    when = models.CharField(_("when"), max_length=10, choices=When.choices)
    due_on = models.DateField(_("due on"))
    assignee = models.ForeignKey(
        "accounts.Membership", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        constraints = [models.UniqueConstraint(fields=["case", "when"], name="follow_up_case_when_unique")]

    def __str__(self):
        return f"{self.case_id} {self.when}"


class AttendanceImport(models.Model):
    """An uploaded attendance export between its steps (mapping, preview, import). Only its
    author opens it; it keeps the parsed cells, not the file."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        DONE = "done", _("Imported")

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    by = models.ForeignKey("accounts.Membership", on_delete=models.CASCADE, related_name="+")
    filename = models.CharField(_("file"), max_length=200)
    headers = models.JSONField(default=list)
    rows = models.JSONField(default=list)
    mapping = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    result = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("attendance import")
        verbose_name_plural = _("attendance imports")

    def __str__(self):
        return self.filename
