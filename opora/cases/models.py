from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opora.cases.workflow import State


class Student(models.Model):
    """The child or adolescent (client)."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="students", verbose_name=_("organisation")
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    school = models.ForeignKey(
        "schools.School",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="students",
        verbose_name=_("school"),
    )
    school_class = models.CharField(_("class"), max_length=20, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("student")
        verbose_name_plural = _("students")
        indexes = [models.Index(fields=["organisation", "last_name", "first_name"])]

    def __str__(self):
        return f"{self.first_name} {self.last_name}"


class Case(models.Model):
    """A case of one student in one organisation."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="cases", verbose_name=_("organisation")
    )
    student = models.ForeignKey(Student, on_delete=models.PROTECT, related_name="cases", verbose_name=_("student"))
    # Human-readable number, unique per organisation, e.g. "2026-0007".
    number = models.CharField(_("case number"), max_length=20)
    # The school that referred the student; its staff see the case within what consent allows.
    school = models.ForeignKey(
        "schools.School",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("referring school"),
    )
    lead = models.ForeignKey(
        "accounts.Membership",
        on_delete=models.PROTECT,
        related_name="led_cases",
        verbose_name=_("lead case manager"),
    )
    # Other case managers of the case team (besides the lead).
    team = models.ManyToManyField(
        "accounts.Membership", blank=True, related_name="team_cases", verbose_name=_("case team")
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.REFERRED)
    opened_at = models.DateField(_("opened on"), default=timezone.localdate)
    closed_at = models.DateField(_("closed on"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-opened_at", "-id"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        constraints = [models.UniqueConstraint(fields=["organisation", "number"], name="case_number_unique")]
        indexes = [
            models.Index(fields=["organisation", "state"]),
            models.Index(fields=["lead", "state"]),
            models.Index(fields=["school", "state"]),
        ]

    def __str__(self):
        return self.number

    @property
    def is_closed(self):
        return self.state == State.CLOSED


class Task(models.Model):
    """A task of the cooperation plan: who does what by when (§4). Meetings' minutes create
    and update these; a task is never copied twice."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        NOT_DONE = "not_done", _("Not done")
        CANCELLED = "cancelled", _("Cancelled")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("case"))
    title = models.CharField(_("task"), max_length=300)
    # The responsible person or institution: a user, a network actor, or free text (the family too).
    responsible_membership = models.ForeignKey(
        "accounts.Membership",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("responsible user"),
    )
    responsible_actor = models.ForeignKey(
        "cases.NetworkActor",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("responsible actor"),
    )
    responsible_label = models.CharField(_("responsible"), max_length=200, blank=True)
    due_date = models.DateField(_("deadline"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        indexes = [models.Index(fields=["case", "status", "due_date"]), models.Index(fields=["status", "due_date"])]

    def __str__(self):
        return self.title

    @property
    def is_overdue(self):
        return self.status == self.Status.OPEN and self.due_date is not None and self.due_date < timezone.localdate()


class NetworkActor(models.Model):
    """An actor of the case's support network (ecomap): an institution from the directory or a
    free-text one, with the support they give (§3 step 4, §4)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="actors", verbose_name=_("case"))
    institution = models.ForeignKey(
        "network.Institution",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="case_actors",
        verbose_name=_("institution from the directory"),
    )
    name = models.CharField(_("institution or person"), max_length=200)
    contact_person = models.CharField(_("contact person"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    role = models.CharField(_("role"), max_length=200, blank=True)
    support_kind = models.CharField(_("kind of support"), max_length=200, blank=True)
    frequency = models.CharField(_("how often"), max_length=100, blank=True)
    since = models.DateField(_("since"), null=True, blank=True)
    until = models.DateField(_("until"), null=True, blank=True)
    informed_of_case_management = models.BooleanField(_("informed that case management started"), default=False)
    # An actor may have an account (e.g. an SAS worker) with narrow access (§1, consent issue).
    membership = models.ForeignKey(
        "accounts.Membership",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="network_roles",
        verbose_name=_("user account"),
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("network actor")
        verbose_name_plural = _("network actors")

    def __str__(self):
        return self.name
