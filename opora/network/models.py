from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opora.core.concurrency import Versioned


class Need(models.TextChoices):
    """Areas of need a service covers (and a school or a case may have)."""

    HOUSING = "housing", _("Housing")
    FINANCES = "finances", _("Finances and debts")
    FAMILY = "family", _("Family and parenting")
    CHILD_PROTECTION = "child_protection", _("Child protection")
    MENTAL_HEALTH = "mental_health", _("Mental health")
    HEALTH = "health", _("Physical health")
    ADDICTION = "addiction", _("Addictions")
    BEHAVIOUR = "behaviour", _("Behaviour problems")
    EDUCATION = "education", _("Learning and school")
    CRIME = "crime", _("Offending and the law")
    VIOLENCE = "violence", _("Violence and crisis")
    LEISURE = "leisure", _("Leisure time")
    CAREER = "career", _("Career and work")


class InstitutionKind(models.TextChoices):
    """What an institution IS, as the system knows it — a fixed list the system owns, set only by
    a coordinator. Decisions about sharing (legal duty, court request) read the kind, never the
    browsing ``category`` (which files a housing office under "OSPOD and other offices")."""

    # The ONE list of authority and service kinds: the directory's kinds, the roles of meeting
    # participants (opora.meetings.models.Participant.Role adds the persons) and the facts the
    # sharing check reads (legal duty: OSPOD and police only).
    SVP = "svp", _("SVP (educational care centre)")
    PPP = "ppp", _("PPP (pedagogical-psychological counselling centre)")
    OSPOD = "ospod", _("OSPOD (child protection authority)")
    POLICE = "police", _("Police")
    COURT = "court", _("Court")
    STATE_ATTORNEY = "state_attorney", _("State attorney")
    HEALTH_CARE = "health_care", _("Health care")
    DRUG_SERVICE = "drug_service", _("Drug service")
    HOUSING_OFFICE = "housing_office", _("Housing office")
    LABOUR_OFFICE = "labour_office", _("Labour office")
    CHILDREN_HOME = "children_home", _("Children's home")
    SCHOOL = "school", _("School or school facility")
    SOCIAL_SERVICE = "social_service", _("Social service")
    OTHER = "other", _("Other")


class Institution(Versioned):
    """An institution or service of the local support network (directory, §2/§4).

    ``category`` is for browsing the directory only; ``kind`` (InstitutionKind) is the fact the
    sharing check reads."""

    Kind = InstitutionKind

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
    kind = models.CharField(
        _("kind of institution"),
        max_length=20,
        choices=InstitutionKind.choices,
        default=InstitutionKind.OTHER,
        help_text=_("Decides where information may go without consent; only a coordinator sets it."),
    )
    description = models.TextField(_("services offered"), blank=True)
    # Areas of need: a JSON list of Need codes, like a consent's categories. Filter with
    # `needs_filter` (JSON `contains` does not exist on SQLite).
    needs = models.JSONField(_("areas of need"), default=list, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    web = models.URLField(_("web"), blank=True)
    contact_person = models.CharField(_("contact person"), max_length=150, blank=True)
    capacity = models.CharField(_("capacity / waiting time"), max_length=200, blank=True)
    last_verified = models.DateField(_("last verified"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        indexes = [models.Index(fields=["organisation", "category", "name"])]

    def __str__(self):
        return self.name

    @property
    def need_codes(self) -> list[str]:
        return list(self.needs or [])

    @need_codes.setter
    def need_codes(self, codes):
        self.needs = [c for c in Need.values if c in set(codes)]

    def need_labels(self) -> list[str]:
        return [str(Need(c).label) for c in self.need_codes if c in Need.values]


def needs_filter(need: str) -> models.Q:
    """Institutions whose areas of need include `need`, on SQLite and PostgreSQL alike.

    The JSON text of the list is searched for the quoted code: ``"health"`` matches the code
    health and never mental_health. JSON ``contains`` would be exact on PostgreSQL but does not
    exist on SQLite; the codes are fixed identifiers (no quotes, no escapes), so the text search
    is exact too."""
    if need not in Need.values:
        return models.Q(pk__in=[])
    return models.Q(needs__icontains=f'"{need}"')
