from django import forms
from django.utils.translation import gettext_lazy as _

from opora import access
from opora.cases.models import ReferrerKind
from opora.core.concurrency import VersionedFormMixin
from opora.core.forms import DateInput
from opora.outcomes import importer, selectors
from opora.outcomes.models import CaseOutcome, OutcomeSettings

FIELD_LABELS = {
    "name": _("Student's full name"),
    "first_name": _("First name"),
    "last_name": _("Last name"),
    "birth_date": _("Date of birth"),
    "school": _("School"),
    "period": _("Period (month)"),
    "excused": _("Excused hours"),
    "unexcused": _("Unexcused hours"),
}


class CaseOutcomeForm(VersionedFormMixin, forms.ModelForm):
    progressed = forms.NullBooleanField(
        label=_("progressed to the next grade or year"),
        required=False,
        widget=forms.NullBooleanSelect,
    )

    class Meta:
        model = CaseOutcome
        fields = ["progressed", "grade_note", "in_education_at_closure", "in_education_6m", "in_education_12m"]


class AttendanceMonthForm(forms.Form):
    month = forms.DateField(label=_("Month"), widget=DateInput(), help_text=_("Any day of the month."))
    excused = forms.IntegerField(label=_("Excused hours"), min_value=0, max_value=1000)
    unexcused = forms.IntegerField(label=_("Unexcused hours"), min_value=0, max_value=1000)


class OutcomeSettingsForm(forms.ModelForm):
    class Meta:
        model = OutcomeSettings
        fields = ["commission_hours", "ospod_hours"]


class ImportUploadForm(forms.Form):
    file = forms.FileField(label=_("Export from Bakaláři or EduPage (CSV or XLSX)"))


class ImportMappingForm(forms.Form):
    """For each field, the column of the file it is read from (or none)."""

    def __init__(self, *args, headers, schools, **kwargs):
        super().__init__(*args, **kwargs)
        columns = [("", _("— not in the file —"))] + [(str(i), h or f"#{i + 1}") for i, h in enumerate(headers)]
        for field in importer.FIELDS:
            self.fields[field] = forms.TypedChoiceField(
                label=FIELD_LABELS[field], choices=columns, required=False, coerce=int, empty_value=None
            )
        self.fields["default_school"] = forms.TypedChoiceField(
            label=_("School of the whole file (when it has no school column)"),
            choices=[("", "—")] + [(str(pk), name) for pk, name in schools],
            required=False,
            coerce=int,
            empty_value=None,
        )

    def clean(self):
        data = super().clean()
        if data.get("name") is None and (data.get("first_name") is None or data.get("last_name") is None):
            raise forms.ValidationError(_("Map the student's full name, or both the first and the last name."))
        for field in ("birth_date", "period", "excused", "unexcused"):
            if data.get(field) is None:
                self.add_error(field, _("Map this column."))
        if data.get("school") is None and data.get("default_school") is None:
            self.add_error("default_school", _("Choose the school of the file or map its column."))
        return data

    def columns(self) -> dict:
        return {f: self.cleaned_data.get(f) for f in importer.FIELDS}


class StatisticsFilterForm(forms.Form):
    date_from = forms.DateField(label=_("From"), widget=DateInput())
    date_to = forms.DateField(label=_("To"), widget=DateInput())
    school = forms.TypedChoiceField(label=_("School"), required=False, coerce=int, empty_value=None)
    worker = forms.TypedChoiceField(label=_("Case manager"), required=False, coerce=int, empty_value=None)
    referrer = forms.ChoiceField(label=_("Referral source"), required=False)

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].choices = [("", _("All"))] + [(str(pk), n) for pk, n in choices["schools"]]
        if choices["workers"]:
            self.fields["worker"].choices = [("", _("All"))] + [(str(pk), n) for pk, n in choices["workers"]]
        else:
            del self.fields["worker"]
        self.fields["referrer"].choices = [("", _("All"))] + list(ReferrerKind.choices)

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError(_("The period ends before it starts."))
        return data


def statistics_filters(membership, query):
    """The statistics page's filter form over `query` (the page's GET or the API's query) and
    the filters it yields (the defaults when it is not valid); the school filter only for
    those who see the service's statistics."""
    choices = selectors.filter_choices(membership)
    defaults = selectors.default_filters()
    data = query.copy()
    data.setdefault("date_from", defaults.date_from.isoformat())
    data.setdefault("date_to", defaults.date_to.isoformat())
    form = StatisticsFilterForm(data, choices=choices)
    if not form.is_valid():
        return form, defaults
    d = form.cleaned_data
    school = d["school"] if access.can_see_service_statistics(membership) else None
    return form, selectors.Filters(d["date_from"], d["date_to"], school, d.get("worker"), d["referrer"])
