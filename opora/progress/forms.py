from django import forms
from django.utils.translation import gettext_lazy as _

from opora.core.concurrency import VersionedFormMixin
from opora.core.forms import DateInput
from opora.progress.models import Indicator, IndicatorKind, ReturnPlan, Visit


class IndicatorForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ["name", "kind", "scale_min", "scale_max", "target", "return_condition"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].required = False
        self.fields["target"].help_text = _("For yes/no indicators the target is yes; leave it empty.")

    def clean(self):
        data = super().clean()
        if data.get("kind") in (IndicatorKind.SCALE, IndicatorKind.COUNT) and data.get("target") is None:
            self.add_error("target", _("Enter the target."))
        return data


class ObservationForm(forms.Form):
    observed_on = forms.DateField(label=_("Observed on"), widget=DateInput)
    value = forms.IntegerField(label=_("Value"))
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, indicator, **kwargs):
        super().__init__(*args, **kwargs)
        if indicator.kind == IndicatorKind.YES_NO:
            self.fields["value"] = forms.TypedChoiceField(
                label=_("Value"), coerce=int, choices=[(1, _("yes")), (0, _("no"))]
            )
        elif indicator.kind == IndicatorKind.SCALE:
            self.fields["value"].help_text = _("From %(low)s to %(high)s.") % {
                "low": indicator.scale_min,
                "high": indicator.scale_max,
            }


class ReturnPlanForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = ReturnPlan
        fields = ["placement", "next_evaluation_on", "note"]
        widgets = {"next_evaluation_on": DateInput, "note": forms.Textarea(attrs={"rows": 3})}


HAPPENED_CHOICES = [("", _("not yet known")), ("true", _("yes")), ("false", _("no"))]


class VisitForm(VersionedFormMixin, forms.ModelForm):
    happened = forms.TypedChoiceField(
        label=_("Happened"),
        choices=HAPPENED_CHOICES,
        required=False,
        coerce=lambda v: {"true": True, "false": False}.get(v),
        empty_value=None,
    )

    class Meta:
        model = Visit
        fields = ["planned_on", "who", "happened", "note"]
        widgets = {"planned_on": DateInput, "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.happened is not None:
            self.initial["happened"] = "true" if self.instance.happened else "false"
