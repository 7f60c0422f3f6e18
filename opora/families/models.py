"""A family (§8): the adults and children of one household, each person entered once.

A child's case links to its family (``cases.Case.family``); a *family case* has the family as
its client and names the children it concerns (``Case.client``, ``Case.family_children``)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opora.core.concurrency import Versioned


class Family(Versioned):
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="families", verbose_name=_("organisation")
    )
    name = models.CharField(_("name of the family"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("family")
        verbose_name_plural = _("families")

    def __str__(self):
        return self.name


class AdultRole(models.TextChoices):
    PARENT = "parent", _("Parent")
    PARTNER = "partner", _("Partner of a parent")
    GRANDPARENT = "grandparent", _("Grandparent")
    OTHER = "other", _("Other")


class FamilyAdult(Versioned):
    """An adult of the family: a parent, a partner, a grandparent…"""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="adults", verbose_name=_("family"))
    name = models.CharField(_("name of the person"), max_length=200)
    role = models.CharField(_("role in the family"), max_length=20, choices=AdultRole.choices, default=AdultRole.PARENT)
    relation = models.CharField(_("relation (in their words)"), max_length=100, blank=True)
    legal_guardian = models.BooleanField(_("legal guardian"), default=False)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True)
    # The close person of a child's case this adult was made from (the migration keeps both).
    close_person = models.ForeignKey(
        "cases.ClosePerson",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="family_adults",
        verbose_name=_("close person"),
        editable=False,
    )

    class Meta:
        ordering = ["-legal_guardian", "name", "id"]
        verbose_name = _("adult of the family")
        verbose_name_plural = _("adults of the family")

    def __str__(self):
        return self.name


class Residence(models.TextChoices):
    HOME = "home", _("At home")
    CHILDRENS_HOME = "childrens_home", _("Children's home")
    FOSTER_CARE = "foster_care", _("Foster care")
    DIAGNOSTIC_INSTITUTE = "diagnostic", _("Diagnostic institute")
    OTHER = "other", _("Other")


INSTITUTIONAL_CARE = (Residence.CHILDRENS_HOME, Residence.DIAGNOSTIC_INSTITUTE)
# Placements away from home a child may return from (the return readiness of §8).
PLACED_AWAY = (Residence.CHILDRENS_HOME, Residence.FOSTER_CARE, Residence.DIAGNOSTIC_INSTITUTE)


class FamilyChild(Versioned):
    """A child of the family, with where they live now and their school."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="children", verbose_name=_("family"))
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    residence = models.CharField(_("lives now"), max_length=20, choices=Residence.choices, blank=True)
    institution = models.ForeignKey(
        "network.Institution",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="family_children",
        verbose_name=_("institution from the directory"),
    )
    institution_name = models.CharField(_("institution (when not in the directory)"), max_length=200, blank=True)
    residence_since = models.DateField(_("lives there since"), null=True, blank=True)
    school = models.ForeignKey(
        "schools.School",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="family_children",
        verbose_name=_("school"),
    )
    school_name = models.CharField(_("school (when not among the partner schools)"), max_length=200, blank=True)
    # The child's Student record, when the child is (or was) a client of the service.
    student = models.OneToOneField(
        "cases.Student",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="family_child",
        verbose_name=_("student"),
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["date_of_birth", "first_name", "id"]
        verbose_name = _("child of the family")
        verbose_name_plural = _("children of the family")

    def __str__(self):
        return f"{self.first_name} {self.last_name}"

    @property
    def in_institutional_care(self):
        return self.residence in INSTITUTIONAL_CARE

    @property
    def placed_away(self):
        """In a children's home, foster care or a diagnostic institute: a return is planned for."""
        return self.residence in PLACED_AWAY

    @property
    def place(self):
        """Where the child lives, as one text: the institution's name when there is one."""
        if self.institution_id:
            return self.institution.name
        return self.institution_name
