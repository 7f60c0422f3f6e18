from django import forms
from django.utils.translation import gettext_lazy as _

from opora.core.concurrency import VersionedFormMixin
from opora.core.forms import DateInput
from opora.reports.models import BASES, CaseReport, Channel, RecipientKind

TEXT = forms.Textarea(attrs={"rows": 6})


class ReportForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = CaseReport
        fields = [
            "institution",
            "title",
            "period_from",
            "period_to",
            "goals_text",
            "cooperation",
            "meetings_text",
            "family_view",
            "recommendation",
        ]
        widgets = {
            "period_from": DateInput,
            "period_to": DateInput,
            "goals_text": TEXT,
            "cooperation": TEXT,
            "meetings_text": TEXT,
            "family_view": TEXT,
            "recommendation": TEXT,
        }

    def __init__(self, *args, kind, institutions, **kwargs):
        super().__init__(*args, **kwargs)
        if kind == RecipientKind.SCHOOL:
            del self.fields["institution"]
        else:
            self.fields["institution"].queryset = institutions
            self.fields["institution"].required = True


BASIS_LABELS = {
    "consent": _("Consent naming the recipient"),
    "legal_duty": _("OSPOD's legal duty (suspected endangerment of the child)"),
    "court_request": _("Written request of the court"),
}


class HandOverForm(forms.Form):
    channel = forms.ChoiceField(label=_("How"), choices=Channel.choices)
    basis = forms.ChoiceField(label=_("Basis"))
    justification = forms.CharField(
        label=_("Justification of the legal duty"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    request_reference = forms.CharField(label=_("Reference of the court's request"), max_length=100, required=False)
    request_date = forms.DateField(label=_("Date of the court's request"), required=False, widget=DateInput)

    def __init__(self, *args, kind, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["basis"].choices = [(b, BASIS_LABELS[b]) for b in BASES[kind]]
        if "legal_duty" not in BASES[kind]:
            del self.fields["justification"]
        if "court_request" not in BASES[kind]:
            del self.fields["request_reference"], self.fields["request_date"]


class FamilyCopyForm(forms.Form):
    person = forms.ChoiceField(label=_("Who asked for the copy"))
    channel = forms.ChoiceField(label=_("How"), choices=Channel.choices)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {f"{p._meta.model_name}-{p.pk}": p for p in people}
        self.fields["person"].choices = [(key, str(p)) for key, p in self.people.items()]

    def clean_person(self):
        return self.people[self.cleaned_data["person"]]
