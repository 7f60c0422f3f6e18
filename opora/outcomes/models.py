"""Outcomes of a case (issue 12): school attendance per month, progression, whether the student
stays in education at closure and 6 and 12 months after, and the organisation's thresholds."""

import contextlib
import contextvars

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

    # Every write of a month keeps the student's LatestAttendance (bulk writers, the demo's and
    # the region generator's, call LatestAttendance.refresh themselves; an import of many rows
    # refreshes once, at its end: LatestAttendance.refreshed_once).
    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        _refresh_latest([self.student_id])

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        _refresh_latest([self.student_id])
        return result


# The students whose LatestAttendance waits for the end of a LatestAttendance.refreshed_once().
_DEFERRED: contextvars.ContextVar[set | None] = contextvars.ContextVar("latest_attendance_deferred", default=None)


def _refresh_latest(student_ids) -> None:
    pending = _DEFERRED.get()
    if pending is None:
        LatestAttendance.refresh(student_ids)
    else:
        pending.update(student_ids)


class LatestAttendance(models.Model):
    """The latest recorded month of a student's attendance, kept by every write of an
    AttendanceMonth: what the attendance signals read (the case header's badge, My day, the
    coordinator's panel). Finding each student's latest month among a year of months was the
    largest part of My day at 100,000 cases; this is one row per student, indexed by the
    organisation and the hours, so the students over a threshold are an index range."""

    student = models.OneToOneField(
        "cases.Student", on_delete=models.CASCADE, primary_key=True, related_name="latest_attendance"
    )
    # Indexed by latest_att_org_hours_idx (organisation first), not by an index of its own.
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    month = models.DateField()
    unexcused_hours = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["organisation", "unexcused_hours"], name="latest_att_org_hours_idx")]

    def __str__(self):
        return f"{self.student_id} {self.month:%Y-%m}: {self.unexcused_hours}"

    @classmethod
    @contextlib.contextmanager
    def refreshed_once(cls):
        """Months written inside the block refresh their students' rows once, when the block
        ends without an error (an import: four queries in all instead of four per row). Use it
        inside the transaction of the writes, so that no reader sees the months without it."""
        pending: set = set()
        token = _DEFERRED.set(pending)
        try:
            yield
        finally:
            _DEFERRED.reset(token)
        cls.refresh(pending)

    @classmethod
    def refresh(cls, student_ids, *, chunk: int = 5000) -> None:
        """Set the latest month of each of `student_ids` from their AttendanceMonth rows (none:
        the row goes). Four queries per `chunk` students.

        The students' rows are locked first (in id order), so two writers of the same student's
        months take turns: the second reads the months after the first has committed, and
        neither inserts the row the other has just inserted (PostgreSQL; SQLite runs one writing
        transaction at a time anyway)."""
        from django.db import transaction

        from opora.cases.models import Student

        ids = sorted(set(student_ids))
        with transaction.atomic():
            for start in range(0, len(ids), chunk):
                part = ids[start : start + chunk]
                students = Student.objects.select_for_update().filter(pk__in=part).order_by("pk")
                organisation_of = dict(students.values_list("pk", "organisation_id"))
                latest = {}
                rows = AttendanceMonth.objects.filter(student_id__in=part).order_by("student_id", "-month")
                for student_id, month, hours in rows.values_list("student_id", "month", "unexcused_hours"):
                    latest.setdefault(student_id, (month, hours))
                cls.objects.filter(student_id__in=part).delete()
                cls.objects.bulk_create(
                    cls(student_id=s, organisation_id=organisation_of[s], month=month, unexcused_hours=hours)
                    for s, (month, hours) in latest.items()
                )


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
