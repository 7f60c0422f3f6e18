from django import forms
from django.utils.translation import gettext_lazy as _

from opora.core.concurrency import VersionedFormMixin
from opora.core.files import PrivateFileField
from opora.core.forms import DateInput
from opora.schools import workflow
from opora.schools.models import (
    CaseStudy,
    EvaluationMeeting,
    LocalityMeeting,
    LocalityNeed,
    School,
    SchoolContact,
    ThemeRecord,
)
from opora.schools.workflow import Stage


class SchoolForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = School
        fields = ["name", "kind", "address", "red_izo", "ico", "next_follow_up", "evaluation_cadence_days"]
        widgets = {"next_follow_up": DateInput()}
        help_texts = {
            "red_izo": _("9 digits, from the register of schools."),
            "ico": _("8 digits."),
        }


class ContactForm(forms.ModelForm):
    class Meta:
        model = SchoolContact
        fields = ["role", "name", "email", "phone", "school_class"]


class TransitionForm(forms.Form):
    # A plain field with a select: a move that is not allowed is refused by the service with
    # its reason (in Czech), not by a generic "invalid choice".
    to_stage = forms.CharField(label=_("Move to"), widget=forms.Select())
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    future_contact_on = forms.DateField(label=_("Future contact on"), required=False, widget=DateInput())
    contract_file = PrivateFileField(label=_("Signed contract"), required=False)
    contract_signed_on = forms.DateField(label=_("Contract signed on"), required=False, widget=DateInput())
    contract_valid_from = forms.DateField(label=_("Contract valid from"), required=False, widget=DateInput())
    contract_valid_until = forms.DateField(label=_("Contract valid until"), required=False, widget=DateInput())

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.school = school
        targets = workflow.allowed_targets(school.stage)
        self.fields["to_stage"].widget.choices = [(t, Stage(t).label) for t in targets] or [("", "—")]
        self.fields["to_stage"].initial = targets[0] if targets else None


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV file"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 2 * 1024 * 1024:
            raise forms.ValidationError(_("The file is too large; the limit is 2 MB."))
        if not upload.name.lower().endswith((".csv", ".txt")):
            raise forms.ValidationError(_("Upload a CSV file."))
        return upload


class EvaluationForm(forms.ModelForm):
    class Meta:
        model = EvaluationMeeting
        fields = ["held_on", "what_works", "what_to_change"]
        widgets = {
            "held_on": DateInput(),
            "what_works": forms.Textarea(attrs={"rows": 3}),
            "what_to_change": forms.Textarea(attrs={"rows": 3}),
        }


class ThemeForm(forms.ModelForm):
    class Meta:
        model = ThemeRecord
        fields = ["theme", "period_start", "period_end", "student_count", "note"]
        widgets = {"period_start": DateInput(), "period_end": DateInput(), "note": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"student_count": _("1 for an individual anonymous mention.")}

    def clean(self):
        data = super().clean()
        if data.get("period_start") and data.get("period_end") and data["period_end"] < data["period_start"]:
            self.add_error("period_end", _("The period cannot end before it starts."))
        return data


class LocalityNeedForm(forms.ModelForm):
    class Meta:
        model = LocalityNeed
        fields = ["area", "group", "need", "source", "school", "recorded_on"]
        widgets = {"recorded_on": DateInput(), "need": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools


class LocalityMeetingForm(forms.ModelForm):
    class Meta:
        model = LocalityMeeting
        fields = ["title", "held_on", "place", "participants", "notes"]
        widgets = {"held_on": DateInput(), "participants": forms.Textarea(attrs={"rows": 2})}


class CaseStudyForm(forms.Form):
    case = forms.ModelChoiceField(label=_("Case"), queryset=None)
    title = forms.CharField(label=_("Title"), max_length=200)
    source_text = forms.CharField(
        label=_("Story"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Write the story of the case; names, addresses and dates are replaced automatically."),
    )
    extra_names = forms.CharField(
        label=_("Further names to replace"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("One name per line (parents, siblings, teachers…)."),
    )

    def __init__(self, *args, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = cases
        self.fields["case"].label_from_instance = lambda c: f"{c.number} – {c.student}"


class CaseStudyReviseForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = CaseStudy
        fields = ["anonymised_text", "extra_names"]
        widgets = {
            "anonymised_text": forms.Textarea(attrs={"rows": 14}),
            "extra_names": forms.Textarea(attrs={"rows": 3}),
        }


class PeriodForm(forms.Form):
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())
