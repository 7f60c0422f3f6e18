"""Case conferences, case meetings at school and educational commissions (§5)."""

import datetime

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from opora.core.concurrency import Versioned
from opora.core.files import private_upload_to
from opora.meetings.workflow import Status
from opora.network.models import InstitutionKind


class Kind(models.TextChoices):
    CASE_CONFERENCE = "case_conference", _("Case conference")
    SCHOOL_CASE_MEETING = "school_case_meeting", _("Case meeting at school")
    EDUCATIONAL_COMMISSION = "educational_commission", _("Educational commission")


class CommissionSize(models.TextChoices):
    SMALL = "small", _("Small (class teacher, counsellor, parents)")
    MEDIUM = "medium", _("Medium (school counselling team, parents)")
    LARGE = "large", _("Large (school management, counselling team, parents, experts)")


# Defaults per kind (§5): planned duration in minutes, follow-up interval in weeks
# (default, earliest, latest), and the number of meetings in a series.
KIND_DEFAULTS = {
    Kind.CASE_CONFERENCE: {"duration": 180, "follow_up_weeks": (10, 8, 13), "series_length": 3},
    Kind.SCHOOL_CASE_MEETING: {"duration": 90, "follow_up_weeks": (4, 3, 6), "series_length": None},
    Kind.EDUCATIONAL_COMMISSION: {"duration": 45, "follow_up_weeks": None, "series_length": None},
}
COMMISSION_DURATION = {CommissionSize.SMALL: 30, CommissionSize.MEDIUM: 45, CommissionSize.LARGE: 60}
SERIES_PURPOSES = {
    1: _("Mapping the situation and competences, proposals, plan and tasks"),
    2: _("Reflection on achievements, resetting goals and competences, adding experts"),
    3: _("Evaluation: were the goals met, what worked, obstacles, how the team worked"),
}
MAX_ITEM_MINUTES = 45


class Meeting(Versioned):
    Status = Status  # the lifecycle lives in opora.meetings.workflow

    class MinutesState(models.TextChoices):
        DRAFT = "draft", _("Draft")
        FINAL = "final", _("Final")

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="meetings", verbose_name=_("case"))
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.SCHOOL_CASE_MEETING)
    commission_size = models.CharField(
        _("size of the commission"), max_length=10, choices=CommissionSize.choices, blank=True
    )
    purpose = models.CharField(_("purpose"), max_length=300, blank=True)
    convener = models.ForeignKey(
        "accounts.Membership",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="convened_meetings",
        verbose_name=_("convener"),
    )
    convener_label = models.CharField(_("convener (another institution)"), max_length=200, blank=True)
    facilitator = models.ForeignKey(
        "accounts.Membership",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="facilitated_meetings",
        verbose_name=_("facilitator"),
    )
    minute_taker = models.ForeignKey(
        "accounts.Membership",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="minuted_meetings",
        verbose_name=_("minute-taker"),
    )
    place = models.CharField(_("place"), max_length=300)
    start = models.DateTimeField(_("start"))
    duration_minutes = models.PositiveSmallIntegerField(_("planned duration (minutes)"), default=90)
    previous = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="next_meeting",
        verbose_name=_("previous meeting of the series"),
    )
    series_position = models.PositiveSmallIntegerField(_("position in the series"), default=1)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    cancellation_reason = models.TextField(_("reason for cancelling"), blank=True)
    child_participation = models.CharField(
        _("child's participation"),
        max_length=300,
        blank=True,
        help_text=_("Whether the child joins the whole meeting or skips sensitive parts."),
    )
    # Preparation checklist (§5).
    parents_informed = models.BooleanField(
        _("parents informed in advance about the course, content and participants"), default=False
    )
    room_arranged = models.BooleanField(_("room arranged"), default=False)
    facilitator_arranged = models.BooleanField(_("facilitator arranged"), default=False)
    minutes_state = models.CharField(
        _("minutes"), max_length=10, choices=MinutesState.choices, default=MinutesState.DRAFT
    )
    minutes_summary = models.TextField(_("general notes"), blank=True)
    finalised_at = models.DateTimeField(_("finalised at"), null=True, blank=True)
    created_by = models.ForeignKey(
        "accounts.Membership", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["start", "id"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [
            models.Index(fields=["case", "start"]),
            models.Index(fields=["facilitator", "start"]),
            models.Index(fields=["status", "start"]),
            # The next meetings of an organisation (the overview's panel, a coordinator's
            # calendar): walked in order of start until enough of them match.
            models.Index(fields=["start", "id"], name="meeting_start_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {date_format(timezone.localtime(self.start), 'SHORT_DATE_FORMAT')}"

    @property
    def is_final(self):
        return self.minutes_state == self.MinutesState.FINAL

    @property
    def is_cancelled(self):
        return self.status == self.Status.CANCELLED

    @property
    def end(self):
        return self.start + datetime.timedelta(minutes=self.duration_minutes)

    @property
    def series_purpose(self):
        if self.kind == Kind.CASE_CONFERENCE:
            return SERIES_PURPOSES.get(self.series_position, "")
        return ""


class AgendaItem(Versioned):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda", verbose_name=_("meeting"))
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    title = models.CharField(_("agenda item"), max_length=300)
    minutes = models.PositiveSmallIntegerField(_("minutes allotted"), default=15)
    notes = models.TextField(_("what was said"), blank=True)
    decisions = models.TextField(_("decisions"), blank=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self):
        return self.title

    @property
    def is_long(self):
        return self.minutes > MAX_ITEM_MINUTES


class Participant(models.Model):
    """Someone at the meeting, resolved to a FACT the system knows — exactly one of: a membership
    of the organisation (``membership``; an external user may come through ``actor``), a network
    actor of the case (``actor``), the student of the case (``is_student``), a close person
    recorded on the student (``close_person``) or an institution of the directory
    (``directory_institution``, by its kind). ``name``, ``institution`` and ``role`` are display
    labels only; no decision reads them. ``invitation_disclosure`` is the disclosure recorded
    when the invitation passed the sharing check: only such participants (and the case team)
    may read the minutes."""

    # Persons first, then the one list of authority and service kinds (network.InstitutionKind).
    Role = models.TextChoices(
        "Role",
        [
            ("CHILD", ("child", _("Child"))),
            ("PARENT", ("parent", _("Parent"))),
            ("RELATIVE", ("relative", _("Relative"))),
            ("YOUTH_CURATOR", ("youth_curator", _("Youth curator"))),
            ("PEDIATRICIAN", ("pediatrician", _("Pediatrician"))),
            ("PSYCHOLOGIST", ("psychologist", _("Psychologist"))),
            ("PSYCHIATRIST", ("psychiatrist", _("Psychiatrist"))),
            ("CASE_MANAGER", ("case_manager", _("Case manager"))),
            ("FACILITATOR", ("facilitator", _("Facilitator"))),
            *((kind.name, (kind.value, kind.label)) for kind in InstitutionKind),
        ],
    )

    class Invitation(models.TextChoices):
        NOT_SENT = "not_sent", _("Not sent")
        SENT = "sent", _("Sent")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    class Attendance(models.TextChoices):
        UNKNOWN = "unknown", _("Unknown")
        PRESENT = "present", _("Present")
        ABSENT = "absent", _("Absent")

    class Signature(models.TextChoices):
        NONE = "none", _("Not signed")
        PAPER = "paper", _("Signed on paper")
        SYSTEM = "system", _("Confirmed in the system")
        REFUSED = "refused", _("Refused to sign")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="participants", verbose_name=_("meeting")
    )
    membership = models.ForeignKey(
        "accounts.Membership",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meeting_participations",
        verbose_name=_("user"),
    )
    actor = models.ForeignKey(
        "cases.NetworkActor",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meeting_participations",
        verbose_name=_("network actor"),
    )
    is_student = models.BooleanField(_("the student of the case"), default=False)
    close_person = models.ForeignKey(
        "cases.ClosePerson",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meeting_participations",
        verbose_name=_("close person of the student"),
    )
    directory_institution = models.ForeignKey(
        "network.Institution",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meeting_participations",
        verbose_name=_("institution from the directory"),
    )
    invitation_disclosure = models.ForeignKey(
        "consents.Disclosure",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("disclosure of the invitation"),
    )
    name = models.CharField(_("name"), max_length=200)
    institution = models.CharField(_("institution"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.OTHER)
    email = models.EmailField(_("e-mail"), blank=True)
    invitation = models.CharField(
        _("invitation"), max_length=10, choices=Invitation.choices, default=Invitation.NOT_SENT
    )
    invitation_sent_at = models.DateTimeField(_("invitation sent at"), null=True, blank=True)
    attendance = models.CharField(
        _("attendance"), max_length=10, choices=Attendance.choices, default=Attendance.UNKNOWN
    )
    signature = models.CharField(_("signature"), max_length=10, choices=Signature.choices, default=Signature.NONE)
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    signature_scan = models.FileField(_("scan of the signed minutes"), upload_to=private_upload_to, blank=True)
    signature_note = models.CharField(_("note"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        indexes = [models.Index(fields=["membership", "attendance"])]

    def __str__(self):
        return self.name

    @property
    def is_present(self):
        return self.attendance == self.Attendance.PRESENT

    @property
    def has_signed_or_refused(self):
        return self.signature != self.Signature.NONE


class MeetingTask(models.Model):
    """The link between the minutes and a task of the case's cooperation plan (never copied twice)."""

    task = models.OneToOneField(
        "cases.Task", on_delete=models.CASCADE, related_name="meeting_link", verbose_name=_("task")
    )
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="task_links", verbose_name=_("meeting"))
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="task_links",
        verbose_name=_("agenda item"),
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["id"]
        verbose_name = _("task from the minutes")
        verbose_name_plural = _("tasks from the minutes")

    def __str__(self):
        return str(self.task)


class Amendment(models.Model):
    """A correction of final minutes: a new record linked to them (the minutes stay unchanged)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="amendments", verbose_name=_("meeting"))
    text = models.TextField(_("amendment"))
    created_by = models.ForeignKey(
        "accounts.Membership", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("amendment of the minutes")
        verbose_name_plural = _("amendments of the minutes")

    def __str__(self):
        return f"{self.meeting} ({date_format(timezone.localtime(self.created_at), 'SHORT_DATE_FORMAT')})"
