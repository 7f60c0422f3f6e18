from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opora.core.concurrency import Versioned
from opora.core.files import private_upload_to
from opora.schools.validators import validate_ico, validate_red_izo
from opora.schools.workflow import Stage


class School(Versioned):
    """A school the organisation works with (partnership pipeline: §2)."""

    class Kind(models.TextChoices):
        KINDERGARTEN = "kindergarten", _("Kindergarten")
        PRIMARY = "primary", _("Primary school")
        SECONDARY = "secondary", _("Secondary school")
        GRAMMAR = "grammar", _("Grammar school")
        VOCATIONAL = "vocational", _("Vocational school")
        SPECIAL = "special", _("Special school")
        OTHER = "other", _("Other")

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="schools", verbose_name=_("organisation")
    )
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)
    red_izo = models.CharField(_("RED IZO"), max_length=9, blank=True, validators=[validate_red_izo])
    ico = models.CharField(_("IČO"), max_length=8, blank=True, validators=[validate_ico])
    kind = models.CharField(_("type of school"), max_length=20, choices=Kind.choices, default=Kind.PRIMARY)
    # Where the partnership stands in the pipeline (§2).
    stage = models.CharField(_("partnership stage"), max_length=20, choices=Stage.choices, default=Stage.MAPPING)
    stage_changed_at = models.DateTimeField(_("stage changed"), null=True, blank=True)
    # The next agreed contact (future contact after "not interested", a call, a reminder…).
    next_follow_up = models.DateField(_("next follow-up"), null=True, blank=True)
    # Continuous evaluation with an active school: a meeting every N days.
    evaluation_cadence_days = models.PositiveSmallIntegerField(_("evaluation meeting every (days)"), default=90)
    # The signed contract (stage contract_signed).
    contract_file = models.FileField(_("contract"), upload_to=private_upload_to, blank=True)
    contract_file_name = models.CharField(max_length=200, blank=True)
    contract_signed_on = models.DateField(_("contract signed on"), null=True, blank=True)
    contract_valid_from = models.DateField(_("contract valid from"), null=True, blank=True)
    contract_valid_until = models.DateField(_("contract valid until"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        indexes = [
            models.Index(fields=["organisation", "name"]),
            models.Index(fields=["organisation", "stage"]),
            models.Index(fields=["organisation", "next_follow_up"]),
        ]

    def __str__(self):
        return self.name

    @property
    def last_evaluation(self):
        return self.evaluations.order_by("-held_on").first()

    def evaluation_due_on(self, last=None):
        """The date the next evaluation meeting is due (active schools only), or None."""
        import datetime

        if self.stage != Stage.ACTIVE:
            return None
        last = last if last is not None else self.last_evaluation
        start = last.held_on if last else (self.stage_changed_at.date() if self.stage_changed_at else None)
        if start is None:
            return timezone.localdate()
        return start + datetime.timedelta(days=self.evaluation_cadence_days)


class SchoolContact(models.Model):
    """A person of the school counselling team (ŠPP) or a class teacher."""

    class Role(models.TextChoices):
        COUNSELLOR = "counsellor", _("Educational counsellor")
        PSYCHOLOGIST = "psychologist", _("School psychologist")
        PREVENTION = "prevention", _("Prevention methodologist")
        DIRECTOR = "director", _("Director")
        CLASS_TEACHER = "class_teacher", _("Class teacher")
        OTHER = "other", _("Other")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("school"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    # For class teachers: the class (e.g. 8.A).
    school_class = models.CharField(_("class"), max_length=20, blank=True)

    class Meta:
        ordering = ["role", "name"]
        verbose_name = _("school contact")
        verbose_name_plural = _("school contacts")

    def __str__(self):
        return self.name


class StageTransition(models.Model):
    """One move of a school in the pipeline: who, when, from where to where, and a note."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("school"))
    from_stage = models.CharField(_("from"), max_length=20, choices=Stage.choices)
    to_stage = models.CharField(_("to"), max_length=20, choices=Stage.choices)
    by = models.ForeignKey(
        "accounts.Membership", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)
    future_contact_on = models.DateField(_("future contact on"), null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("stage transition")
        verbose_name_plural = _("stage transitions")
        indexes = [models.Index(fields=["to_stage", "at"]), models.Index(fields=["school", "at"])]

    def __str__(self):
        return f"{self.school} → {self.get_to_stage_display()}"


class EvaluationMeeting(models.Model):
    """Continuous evaluation (§2): a regular meeting with the school even with no open case."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="evaluations", verbose_name=_("school"))
    held_on = models.DateField(_("held on"))
    what_works = models.TextField(_("what works"), blank=True)
    what_to_change = models.TextField(_("what to change"), blank=True)
    by = models.ForeignKey("accounts.Membership", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("evaluation meeting")
        verbose_name_plural = _("evaluation meetings")
        indexes = [models.Index(fields=["school", "held_on"])]

    def __str__(self):
        return f"{self.school} {self.held_on}"


class Theme(models.TextChoices):
    DRUGS = "drugs", _("Drugs and addictions")
    BULLYING = "bullying", _("Bullying")
    TEACHER_BEHAVIOUR = "teacher_behaviour", _("A teacher's behaviour")
    CLASS_CLIMATE = "class_climate", _("Class climate")
    ABSENCE = "absence", _("Absences and dropping out")
    MENTAL_HEALTH = "mental_health", _("Mental health")
    FAMILY = "family", _("Family situation")
    DISCRIMINATION = "discrimination", _("Discrimination")
    OTHER = "other", _("Other")


class ThemeRecord(models.Model):
    """School development (§2): a theme students raised about their school, with how many
    students stand behind it. Shown to the school only summed per theme and period, and only
    when at least THEME_THRESHOLD students stand behind it."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="themes", verbose_name=_("school"))
    theme = models.CharField(_("theme"), max_length=30, choices=Theme.choices)
    # The period (a school half-year or a month): the first and last day.
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    student_count = models.PositiveSmallIntegerField(_("number of students"), default=1)
    note = models.TextField(_("note (internal)"), blank=True)
    by = models.ForeignKey("accounts.Membership", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-period_start", "theme"]
        verbose_name = _("theme record")
        verbose_name_plural = _("theme records")
        indexes = [models.Index(fields=["school", "period_start", "theme"])]

    def __str__(self):
        return f"{self.school} · {self.get_theme_display()}"


class LocalityNeed(models.Model):
    """Locality mapping (§2 step 1): a need found among schools, students or teachers in an area."""

    class Group(models.TextChoices):
        SCHOOLS = "schools", _("Schools")
        STUDENTS = "students", _("Students")
        TEACHERS = "teachers", _("Teachers")
        FAMILIES = "families", _("Families")

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    area = models.CharField(_("area"), max_length=120)
    group = models.CharField(_("among"), max_length=20, choices=Group.choices)
    need = models.TextField(_("need found"))
    source = models.CharField(_("source"), max_length=200, blank=True)
    school = models.ForeignKey(
        School, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("school")
    )
    recorded_on = models.DateField(_("recorded on"), default=timezone.localdate)
    by = models.ForeignKey("accounts.Membership", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-recorded_on", "-id"]
        verbose_name = _("locality need")
        verbose_name_plural = _("locality needs")
        indexes = [models.Index(fields=["organisation", "area", "recorded_on"])]

    def __str__(self):
        return f"{self.area} · {self.get_group_display()}"


class LocalityMeeting(models.Model):
    """A meeting of local actors (§2, support network for the school)."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    participants = models.TextField(_("participating institutions"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    by = models.ForeignKey("accounts.Membership", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("locality meeting")
        verbose_name_plural = _("locality meetings")
        indexes = [models.Index(fields=["organisation", "held_on"])]

    def __str__(self):
        return self.title


class CaseStudy(Versioned):
    """An anonymised case study brought to a locality meeting. The source story is kept only
    until the case manager confirms the anonymised text; then it is erased."""

    meeting = models.ForeignKey(
        LocalityMeeting, on_delete=models.CASCADE, related_name="case_studies", verbose_name=_("meeting")
    )
    case = models.ForeignKey(
        "cases.Case", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("case")
    )
    title = models.CharField(_("title"), max_length=200)
    source_text = models.TextField(_("story"), blank=True)
    extra_names = models.TextField(_("further names to replace"), blank=True)
    anonymised_text = models.TextField(_("anonymised text"), blank=True)
    date_offset_days = models.SmallIntegerField(default=0, editable=False)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        "accounts.Membership", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    by = models.ForeignKey("accounts.Membership", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("case study")
        verbose_name_plural = _("case studies")

    def __str__(self):
        return self.title

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None
