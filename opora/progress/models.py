"""Measured indicators of goals, their observations, and the return readiness of a child in
institutional care: conditions (indicators), agreed visits, the next evaluation (§4, §8)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opora.core.concurrency import Versioned


class IndicatorKind(models.TextChoices):
    YES_NO = "yes_no", _("Yes / no")
    SCALE = "scale", _("Scale")
    COUNT = "count", _("Count toward a target")


class Indicator(Versioned):
    """How we know a goal is met: a yes/no, a point on a scale, or a count, with a target."""

    goal = models.ForeignKey("cases.Goal", on_delete=models.CASCADE, related_name="indicators", verbose_name=_("goal"))
    # The case of the goal, kept here so that access and lists need no join through the goal.
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="indicators", verbose_name=_("case"))
    name = models.CharField(_("indicator"), max_length=300)
    kind = models.CharField(_("kind"), max_length=10, choices=IndicatorKind.choices, default=IndicatorKind.YES_NO)
    scale_min = models.IntegerField(_("scale from"), null=True, blank=True)
    scale_max = models.IntegerField(_("scale to"), null=True, blank=True)
    target = models.IntegerField(_("target"), help_text=_("For yes/no indicators the target is yes (1)."))
    return_condition = models.BooleanField(_("a condition for the return of the child"), default=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["goal_id", "id"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self):
        return self.name

    def clean(self):
        if self.kind == IndicatorKind.SCALE:
            if self.scale_min is None or self.scale_max is None or self.scale_min >= self.scale_max:
                raise ValidationError({"scale_max": _("A scale needs its lowest and highest value, lowest first.")})
            if self.target is not None and not self.scale_min <= self.target <= self.scale_max:
                raise ValidationError({"target": _("The target must lie on the scale.")})
        else:
            self.scale_min = self.scale_max = None
        if self.kind == IndicatorKind.YES_NO:
            self.target = 1
        if self.kind == IndicatorKind.COUNT and self.target is not None and self.target < 0:
            raise ValidationError({"target": _("A count cannot be negative.")})
        if self.goal_id and self.case_id and self.goal.case_id != self.case_id:
            raise ValidationError(_("The goal belongs to another case."))

    def validate_value(self, value) -> None:
        """Is `value` an allowed observation of this indicator? Raises ValidationError if not."""
        if value is None:
            raise ValidationError({"value": _("Enter the observed value.")})
        if self.kind == IndicatorKind.YES_NO and value not in (0, 1):
            raise ValidationError({"value": _("A yes/no indicator is observed as yes or no.")})
        if self.kind == IndicatorKind.SCALE and not self.scale_min <= value <= self.scale_max:
            raise ValidationError(
                {
                    "value": _("The value must lie on the scale from %(low)s to %(high)s.")
                    % {"low": self.scale_min, "high": self.scale_max}
                }
            )
        if self.kind == IndicatorKind.COUNT and value < 0:
            raise ValidationError({"value": _("A count cannot be negative.")})

    def display_value(self, value) -> str:
        if value is None:
            return "—"
        if self.kind == IndicatorKind.YES_NO:
            return str(_("yes")) if value else str(_("no"))
        return str(value)


class Observation(models.Model):
    """One dated measurement of an indicator, with a note."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="observations", verbose_name=_("indicator")
    )
    observed_on = models.DateField(_("observed on"), default=timezone.localdate)
    value = models.IntegerField(_("value"))
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey("accounts.Membership", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["observed_on", "id"]
        verbose_name = _("observation")
        verbose_name_plural = _("observations")

    def __str__(self):
        return f"{self.indicator} {self.observed_on:%Y-%m-%d}: {self.value}"


class ReturnPlan(Versioned):
    """The return readiness of the case's child: where the child is and when it is evaluated next."""

    case = models.OneToOneField(
        "cases.Case", on_delete=models.CASCADE, related_name="return_plan", verbose_name=_("case")
    )
    placement = models.CharField(_("where the child lives now"), max_length=300, blank=True)
    next_evaluation_on = models.DateField(_("next evaluation on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("return readiness")
        verbose_name_plural = _("return readiness")

    def __str__(self):
        return str(self.case)


class Visit(Versioned):
    """An agreed visit of the child and the family (at home, in the institution…) and whether it happened."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="visits", verbose_name=_("case"))
    planned_on = models.DateField(_("date"))
    who = models.CharField(_("who"), max_length=300)
    happened = models.BooleanField(_("happened"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["planned_on", "id"]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")

    def __str__(self):
        return f"{self.planned_on:%Y-%m-%d} {self.who}"
