import unicodedata

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opora.cases.workflow import OPEN_STATES, State
from opora.core.concurrency import Versioned
from opora.core.files import private_upload_to
from opora.core.privacy import shown

# --- The student pathway: referral, family, requests, assessment, goals, activities… ----------


class ReferrerKind(models.TextChoices):
    """Who asked for the service (zadavatel, §4, §8). Only a school's referral makes the case
    the school's (opora.access.referred_by_school)."""

    SCHOOL = "school", _("School")
    OSPOD = "ospod", _("OSPOD (child protection)")
    FAMILY = "family", _("The family or the client themselves")
    COURT = "court", _("Court")
    HEALTH_CARE = "health_care", _("Health care")
    SERVICE = "service", _("Another service")
    OTHER = "other", _("Other")


class Client(models.TextChoices):
    """Who the client of a case is: one student, or the family (a family case, §8)."""

    STUDENT = "student", _("The student")
    FAMILY = "family", _("The family")


class CaseModel(models.TextChoices):
    """Models of case management with their usual caseload (§4, seed 002)."""

    BROKER = "broker", _("Broker (about 1 : 40)")
    INTENSIVE = "intensive", _("Intensive (1 : 10–30)")
    ASSERTIVE = "assertive", _("Assertive community treatment (1 : 8–10)")


CASELOAD_RATIO = {CaseModel.BROKER: 40, CaseModel.INTENSIVE: 30, CaseModel.ASSERTIVE: 10}


class ClosureReason(models.TextChoices):
    NEEDS_MET = "needs_met", _("Needs met")
    REFUSED = "refused", _("Cooperation refused")
    NOT_ESTABLISHED = "not_established", _("Cooperation not established")
    OTHER = "other", _("Other (moved away, aged out…)")


def normalise_name(text: str) -> str:
    """Lower case without diacritics ("Horák" → "horak"): what name search compares, the same
    on SQLite and PostgreSQL (neither folds Czech letters in LIKE by itself)."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return " ".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold().split())


class Student(Versioned):
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
    # "first last" normalised by normalise_name; kept by save(), searched by the case list.
    search_name = models.CharField(max_length=201, blank=True, default="", editable=False)

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("student")
        verbose_name_plural = _("students")
        indexes = [models.Index(fields=["organisation", "last_name", "first_name"])]

    def __str__(self):
        return self.display_name(self.first_name, self.last_name)

    @staticmethod
    def display_name(first_name: str, last_name: str) -> str:
        """How a student is named on screen (str of a student), from the stored names."""
        return f"{shown(first_name)} {last_name}"

    def save(self, *args, **kwargs):
        self.search_name = normalise_name(f"{self.first_name} {self.last_name}")
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"first_name", "last_name"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "search_name"}
        super().save(*args, **kwargs)


class Case(Versioned):
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
    # Pathway facts (§3, §4): referrer, voluntariness, model, parallel tracks and closure.
    referrer_kind = models.CharField(
        _("referrer"), max_length=20, choices=ReferrerKind.choices, default=ReferrerKind.SCHOOL
    )
    voluntary = models.BooleanField(_("the client takes part voluntarily"), default=True)
    model = models.CharField(
        _("case management model"), max_length=20, choices=CaseModel.choices, default=CaseModel.INTENSIVE
    )
    parent_contact_running = models.BooleanField(_("contact with a parent is running"), default=False)
    parent_contact_offered_on = models.DateField(_("contact last offered to a parent on"), null=True, blank=True)
    school_report_every_days = models.PositiveSmallIntegerField(_("report to the school every (days)"), default=30)
    last_school_report_on = models.DateField(_("last report to the school on"), null=True, blank=True)
    close_persons_feedback = models.TextField(_("feedback of the close persons"), blank=True)
    last_contact_on = models.DateField(_("last contact with the student or family"), null=True, blank=True)
    # The earliest deadline of the case's open tasks, kept by the database write of every task
    # (``refresh_open_task_due``): "cases with overdue tasks" is then an indexed range of the
    # organisation's cases, where asking each case's tasks probed every case of the organisation.
    open_task_due_on = models.DateField(_("earliest deadline of an open task"), null=True, blank=True, editable=False)
    closure_reason = models.CharField(_("reason for closing"), max_length=20, choices=ClosureReason.choices, blank=True)
    closure_summary = models.TextField(_("closing summary"), blank=True)
    # The family (§8): a child's case links to it; a family case has the family as its client,
    # names the children it concerns and keeps one of them (the first referred) as `student`.
    family = models.ForeignKey(
        "families.Family",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("family"),
    )
    client = models.CharField(_("client"), max_length=20, choices=Client.choices, default=Client.STUDENT)
    family_children = models.ManyToManyField(
        "families.FamilyChild", blank=True, related_name="family_cases", verbose_name=_("children the case concerns")
    )

    class Meta:
        ordering = ["-opened_at", "-id"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        constraints = [models.UniqueConstraint(fields=["organisation", "number"], name="case_number_unique")]
        indexes = [
            models.Index(fields=["organisation", "state"]),
            models.Index(fields=["lead", "state"]),
            models.Index(fields=["school", "state"]),
            models.Index(fields=["organisation", "last_contact_on"]),
            models.Index(fields=["organisation", "open_task_due_on"]),
            # The order of every case list: newest first within the organisation.
            models.Index(fields=["organisation", "-opened_at", "-id"], name="case_org_opened_idx"),
            # The same order within one state, and a lead's own cases (filtered lists at 100k).
            models.Index(fields=["organisation", "state", "-opened_at", "-id"], name="case_org_state_opened_idx"),
            models.Index(fields=["lead", "-opened_at", "-id"], name="case_lead_opened_idx"),
            # The coordinator's team on My day, read from the organisation's open cases alone:
            # the overdue tasks per lead (cases by earliest open deadline) and the caseloads
            # (lead, family and model of each open case, read from the index without the rows).
            models.Index(
                fields=["organisation", "open_task_due_on", "lead"],
                condition=models.Q(state__in=OPEN_STATES),
                name="case_org_open_due_idx",
            ),
            models.Index(
                fields=["organisation", "lead", "family", "model"],
                condition=models.Q(state__in=OPEN_STATES),
                name="case_org_open_load_idx",
            ),
        ]

    # Kept by the database (refresh_open_task_due), never by saving a case read earlier.
    DERIVED_FIELDS = ("open_task_due_on",)

    def __str__(self):
        return self.number

    def save(self, *args, **kwargs):
        if not self._state.adding and kwargs.get("update_fields") is None:
            deferred = self.get_deferred_fields()  # as Django's own save: only what was loaded
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name not in self.DERIVED_FIELDS and f.attname not in deferred
            ]
        super().save(*args, **kwargs)

    @property
    def is_closed(self):
        return self.state == State.CLOSED

    @property
    def school_report_due_on(self):
        if self.last_school_report_on is None:
            return None
        return self.last_school_report_on + timezone.timedelta(days=self.school_report_every_days)

    @property
    def is_family_case(self):
        return self.client == Client.FAMILY

    @property
    def caseload_ratio(self):
        return CASELOAD_RATIO[self.model]


class Task(Versioned):
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


def refresh_open_task_due(cases) -> int:
    """Set ``Case.open_task_due_on`` of `cases` (a queryset) from their tasks, in one UPDATE
    computed by the database (so concurrent task writes cannot leave a stale value behind).
    Called for its case after every save or deletion of a task (``opora.cases.apps``), and over
    all cases by the migration that added the column and by the data generators."""
    earliest = (
        Task.objects.filter(case_id=models.OuterRef("pk"), status=Task.Status.OPEN, due_date__isnull=False)
        .order_by("due_date")
        .values("due_date")[:1]
    )
    return cases.update(open_task_due_on=models.Subquery(earliest))


class SupportKind(models.TextChoices):
    """What kind of support an actor of the network gives: a fixed list, so that the duplication
    warning compares kinds, not wording ("pomoc s bydlením" and "bydlení" are both housing)."""

    HOUSING = "housing", _("Housing")
    DEBT = "debt", _("Debt and financial counselling")
    FAMILY = "family", _("Family support and parenting")
    CHILD_PROTECTION = "child_protection", _("Child protection")
    THERAPY = "therapy", _("Psychological care and therapy")
    PSYCHIATRY = "psychiatry", _("Psychiatric care")
    HEALTH = "health", _("Health care")
    ADDICTION = "addiction", _("Addiction care")
    EDUCATION = "education", _("Learning support and tutoring")
    BEHAVIOUR = "behaviour", _("Work with behaviour")
    RESIDENTIAL_CARE = "residential_care", _("Residential care (children's home, institution)")
    PROBATION = "probation", _("Probation and mediation")
    MATERIAL_HELP = "material_help", _("Material help")
    CRISIS = "crisis", _("Crisis intervention")
    LEISURE = "leisure", _("Leisure time")
    CAREER = "career", _("Work and career")
    OTHER = "other", _("Other")


# Words (Czech and English stems, accents ignored) that name a kind of support in free text:
# the best-effort reading of the text written before the list existed, and of the text typed
# when no kind is chosen. The first match wins; nothing matched stays empty (the text is kept).
SUPPORT_WORDS = [
    (
        SupportKind.RESIDENTIAL_CARE,
        ("detsky domov", "detskeho domova", "ustavni", "pobytov", "diagnostick", "children's home"),
    ),
    (SupportKind.HOUSING, ("bydl", "bytov", "ubytov", "azylov", "housing")),
    (SupportKind.DEBT, ("dluh", "financ", "exekuc", "debt")),
    (SupportKind.ADDICTION, ("drog", "adiktolog", "zavislost", "k-centr", "addict")),
    (SupportKind.PSYCHIATRY, ("psychiatr",)),
    (SupportKind.THERAPY, ("terap", "psycholog", "poradenstvi", "therap")),
    (SupportKind.CHILD_PROTECTION, ("ospod", "pravni ochran", "kurator", "child protection")),
    (SupportKind.PROBATION, ("probac", "mediac", "pms", "probation")),
    (SupportKind.FAMILY, ("rodin", "rodic", "sas", "family", "parent")),
    (SupportKind.EDUCATION, ("douc", "uceni", "vzdelav", "skol", "tutor", "learning")),
    (SupportKind.BEHAVIOUR, ("chovani", "svp", "behavio")),
    (SupportKind.HEALTH, ("zdrav", "lekar", "pediatr", "health")),
    (SupportKind.MATERIAL_HELP, ("materialn", "potravin", "obleceni", "osaceni", "material")),
    (SupportKind.CRISIS, ("krizov", "krize", "crisis")),
    (SupportKind.LEISURE, ("volny cas", "volnocas", "krouz", "leisure")),
    (SupportKind.CAREER, ("prace", "zamestn", "karier", "career", "job")),
]


def support_kind_from_text(text: str) -> str:
    """The kind of support a free text names ("pomoc s bydlením" → housing), or ""."""
    plain = normalise_name(text or "")
    for kind, stems in SUPPORT_WORDS:
        if any(stem in plain for stem in stems):
            return kind
    return ""


class NetworkActor(Versioned):
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
    support = models.CharField(_("kind of support"), max_length=20, choices=SupportKind.choices, blank=True)
    support_kind = models.CharField(
        _("support in detail"), max_length=200, blank=True, help_text=_("In your own words, beside the kind.")
    )
    for_person = models.ForeignKey(
        "ClosePerson",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supporting_actors",
        verbose_name=_("for whom"),
        help_text=_("Empty: the student of the case. Otherwise the sibling or close person the support is for."),
    )
    # On a case linked to a family record: the child of the family the support is for (a sibling
    # entered once in the family, not typed again as a close person). Empty: see for_person.
    for_child = models.ForeignKey(
        "families.FamilyChild",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supporting_actors",
        verbose_name=_("for which child of the family"),
        help_text=_("On a case linked to a family: the sibling the support is for."),
    )
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


class ClosePerson(Versioned):
    """A family member or other close person of the student."""

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="close_persons")
    name = models.CharField(_("name"), max_length=200)
    relation = models.CharField(_("relation to the student"), max_length=100)
    legal_guardian = models.BooleanField(_("legal guardian"), default=False)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    takes_part = models.BooleanField(_("takes part in the cooperation"), default=False)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-legal_guardian", "name"]
        verbose_name = _("close person")
        verbose_name_plural = _("family and close persons")

    def __str__(self):
        return self.name


class Referral(models.Model):
    """Who asked for the service and what they asked (§3 step 1, §8): a school, OSPOD, the
    family or the client, a court, health care or another service. The school's view is a
    school referral's only; the referrer kind itself is ``Case.referrer_kind``."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="referral")
    referred_by = models.ForeignKey(
        "accounts.Membership",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("referred by (user)"),
    )
    # The person who referred: the school's staff member, the OSPOD worker, who of the family came…
    referred_by_name = models.CharField(_("who referred"), max_length=200, blank=True)
    referred_on = models.DateField(_("referred on"), default=timezone.localdate)
    school_view = models.TextField(_("the school's view of the situation"), blank=True)
    consent_to_pass_contacts = models.BooleanField(
        _("the school has the family's consent to pass on contacts"), default=False
    )
    # An institution that referred (OSPOD, court, health care, another service).
    institution = models.ForeignKey(
        "network.Institution",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("referring institution"),
    )
    institution_name = models.CharField(
        _("referring institution (when not in the directory)"), max_length=200, blank=True
    )
    file_reference = models.CharField(_("file reference"), max_length=100, blank=True)
    # What the referrer asks for: OSPOD's commission, the family's wish, the court's question…
    asks_for = models.TextField(_("what the referrer asks for"), blank=True)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")

    def __str__(self):
        return str(self.case)


class Request(Versioned):
    """A request (zakázka) of the student or family; a case gains new ones over time."""

    class Status(models.TextChoices):
        OPEN = "open", _("Being worked on")
        MET = "met", _("Met")
        DROPPED = "dropped", _("Dropped")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="requests")
    title = models.CharField(_("request"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    opened_on = models.DateField(_("since"), default=timezone.localdate)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)

    class Meta:
        ordering = ["opened_on", "id"]
        verbose_name = _("request")
        verbose_name_plural = _("requests")

    def __str__(self):
        return self.title


class Assessment(models.Model):
    """One version of the strengths-based assessment; every save adds a version (history)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assessments")
    version = models.PositiveIntegerField(_("version"))
    assessed_on = models.DateField(_("assessed on"), default=timezone.localdate)
    needs = models.TextField(_("needs"), blank=True)
    wishes = models.TextField(_("wishes"), blank=True)
    strengths = models.TextField(_("strengths"), blank=True)
    natural_resources = models.TextField(_("natural resources (family, friends, public services)"), blank=True)
    risk_factors = models.TextField(_("risk factors"), blank=True)
    protective_factors = models.TextField(_("protective factors"), blank=True)
    created_by = models.ForeignKey("accounts.Membership", on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-version"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [models.UniqueConstraint(fields=["case", "version"], name="assessment_version_unique")]

    def __str__(self):
        return f"{self.case} v{self.version}"


class Goal(Versioned):
    class Status(models.TextChoices):
        OPEN = "open", _("In progress")
        ACHIEVED = "achieved", _("Achieved")
        PARTLY = "partly", _("Partly achieved")
        NOT_ACHIEVED = "not_achieved", _("Not achieved")
        DROPPED = "dropped", _("Dropped")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="goals")
    request = models.ForeignKey(
        Request, on_delete=models.SET_NULL, null=True, blank=True, related_name="goals", verbose_name=_("request")
    )
    title = models.CharField(_("goal"), max_length=300)
    indicator = models.CharField(_("indicator (how we know it is met)"), max_length=300)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    review_on = models.DateField(_("review on"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["review_on", "id"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self):
        return self.title

    @property
    def review_overdue(self):
        return self.status == self.Status.OPEN and self.review_on is not None and self.review_on < timezone.localdate()


class Activity(Versioned):
    """A record of work on the case (§4 activity record)."""

    class Kind(models.TextChoices):
        MEETING = "meeting", _("Meeting")
        CALL = "call", _("Phone call")
        HOME_VISIT = "home_visit", _("Home visit")
        ACCOMPANIMENT = "accompaniment", _("Accompaniment to a service")
        EMAIL = "email", _("E-mail")
        MATERIAL_HELP = "material_help", _("Material help")
        OTHER = "other", _("Other")

    class Attendance(models.TextChoices):
        NOT_APPLICABLE = "na", _("Not applicable")
        ATTENDED = "attended", _("The student came")
        DID_NOT_COME = "did_not_come", _("The student did not come")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    occurred_on = models.DateField(_("date"), default=timezone.localdate)
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), default=0)
    participants = models.CharField(_("who took part"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True)
    restricted = models.BooleanField(
        _("sensitive note (only the case team sees it)"),
        default=False,
        help_text=_("Never shown outside the case team."),
    )
    attendance = models.CharField(
        _("attendance of the student"), max_length=20, choices=Attendance.choices, default=Attendance.NOT_APPLICABLE
    )
    created_by = models.ForeignKey("accounts.Membership", on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-occurred_on", "-id"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        indexes = [models.Index(fields=["case", "occurred_on"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.occurred_on}"


class Attachment(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=private_upload_to, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    description = models.CharField(_("description"), max_length=300, blank=True)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey("accounts.Membership", on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.original_name


class CaseEvent(models.Model):
    """The history of a case: transitions and other milestones, shown in the timeline."""

    class Kind(models.TextChoices):
        TRANSITION = "transition", _("Change of state")
        SCHOOL_REPORT = "school_report", _("Report to the school")
        REQUEST = "request", _("New request")
        PLAN = "plan", _("Change of the plan")
        ASSESSMENT = "assessment", _("Assessment revised")
        INTAKE = "intake", _("Intake check")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    from_state = models.CharField(max_length=20, choices=State.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=State.choices, blank=True)
    reason = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey("accounts.Membership", on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["case", "at"])]

    def __str__(self):
        return f"{self.case} {self.kind}"


class IntakeCheck(Versioned):
    """Whether case management is the right kind of help (§3, seeds 001 and 002)."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="intake_check")
    several_institutions = models.BooleanField(_("Several institutions are or must be involved"), default=False)
    long_term_complex_need = models.BooleanField(
        _("Long-term, individual and complex support with higher risk is needed"), default=False
    )
    client_willing = models.BooleanField(_("The client is willing to cooperate"), default=False)
    realistic_goal = models.BooleanField(_("A realistic goal and way of cooperation can be set"), default=False)
    acute_crisis = models.BooleanField(_("Acute crisis (death, violence in the family…)"), default=False)
    consent_refused = models.BooleanField(
        _("Safe rules of information sharing cannot be agreed (e.g. parents refuse consent)"), default=False
    )
    override_reason = models.TextField(_("Why we proceed despite an exclusion"), blank=True)
    checked_on = models.DateField(_("checked on"), default=timezone.localdate)
    checked_by = models.ForeignKey("accounts.Membership", on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("intake check")
        verbose_name_plural = _("intake checks")

    def __str__(self):
        return str(self.case)

    @property
    def has_exclusion(self):
        return self.acute_crisis or self.consent_refused

    @property
    def indications_met(self):
        return sum([self.several_institutions, self.long_term_complex_need, self.client_willing, self.realistic_goal])
