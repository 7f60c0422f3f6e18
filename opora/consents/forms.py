from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from opora.consents.checks import COURT_KIND, LEGAL_DUTY_KINDS
from opora.consents.models import Category, Consent, GiverKind
from opora.core.files import PrivateFileField
from opora.core.forms import DateInput


class ConsentForm(forms.Form):
    given_by_kind = forms.ChoiceField(label=_("Given by"), choices=GiverKind.choices)
    given_by_name = forms.CharField(label=_("Name of the person"), max_length=200)
    student_agrees = forms.BooleanField(label=_("The student agrees too"), required=False)
    categories = forms.MultipleChoiceField(
        label=_("Categories of information"), choices=Category.choices, widget=forms.CheckboxSelectMultiple
    )
    to_school = forms.BooleanField(label=_("The referring school"), required=False)
    actors = forms.ModelMultipleChoiceField(
        label=_("Network actors"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    named_recipients = forms.CharField(
        label=_("Other named recipients (one per line)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    purpose = forms.CharField(label=_("Purpose"), widget=forms.Textarea(attrs={"rows": 3}))
    given_on = forms.DateField(label=_("Given on"), widget=DateInput())
    valid_until = forms.DateField(label=_("Valid until"), required=False, widget=DateInput())
    signed_form = PrivateFileField(label=_("Signed form"), required=False)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actors"].queryset = case.actors.all()
        if case.school_id is None:
            del self.fields["to_school"]

    def clean(self):
        data = super().clean()
        if not (data.get("to_school") or data.get("actors") or (data.get("named_recipients") or "").strip()):
            raise ValidationError(_("Name at least one recipient of the information."))
        given, until = data.get("given_on"), data.get("valid_until")
        if given and until and until < given:
            self.add_error("valid_until", _("A consent cannot end before it was given."))
        return data


class SchoolReportForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(label=_("Text of the report"), widget=forms.Textarea(attrs={"rows": 10}))


def _institutions_of_kind(organisation, kinds):
    from opora.network.models import Institution

    return Institution.objects.filter(organisation=organisation, kind__in=kinds).order_by("name")


class LegalDutyForm(forms.Form):
    """A disclosure without consent on legal duty: to institutions whose KIND is OSPOD or police
    only (never by the directory category). A posted institution of another kind is refused."""

    institution = forms.ModelChoiceField(label=_("OSPOD or police"), queryset=None)
    category = forms.ChoiceField(label=_("Category of information"), choices=Category.choices)
    document = forms.CharField(label=_("What was passed on"), max_length=200)
    justification = forms.CharField(
        label=_("Justification (suspected endangerment of the child)"),
        min_length=10,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = _institutions_of_kind(organisation, LEGAL_DUTY_KINDS)


class CourtRequestForm(forms.Form):
    """A disclosure to a court on its written request (with the request's reference)."""

    institution = forms.ModelChoiceField(label=_("Court"), queryset=None)
    request_reference = forms.CharField(
        label=_("Reference of the court's request (file number)"),
        max_length=100,
        help_text=_("The spisová značka or č. j. of the written request."),
    )
    request_date = forms.DateField(label=_("Date of the written request"), widget=DateInput())
    category = forms.ChoiceField(label=_("Category of information"), choices=Category.choices)
    document = forms.CharField(label=_("What was passed on"), max_length=200)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = _institutions_of_kind(organisation, (COURT_KIND,))


class RetentionForm(forms.Form):
    retention_years = forms.IntegerField(label=_("Retention period after closure (years)"), min_value=1, max_value=50)


class DisclosureFilterForm(forms.Form):
    case = forms.CharField(label=_("Case number"), required=False)
    recipient = forms.CharField(label=_("Recipient"), required=False)


__all__ = [
    "ConsentForm",
    "SchoolReportForm",
    "LegalDutyForm",
    "CourtRequestForm",
    "RetentionForm",
    "DisclosureFilterForm",
    "Consent",
]


RELEASE, WITHHOLD = "release", "withhold"


class SubjectAccessForm(forms.Form):
    """Before a subject-access export: for each restricted note (it may hold other people's
    data) the coordinator decides whether it goes out. Undecided means withheld."""

    def __init__(self, *args, notes, **kwargs):
        super().__init__(*args, **kwargs)
        self.notes = list(notes)
        for note in self.notes:
            self.fields[f"note_{note.pk}"] = forms.ChoiceField(
                label=_("Decision about this note"),
                choices=[(WITHHOLD, _("Withhold")), (RELEASE, _("Include in the export"))],
                initial=WITHHOLD,
                required=False,
                widget=forms.RadioSelect,
            )

    def rows(self):
        return [(note, self[f"note_{note.pk}"]) for note in self.notes]

    def decisions(self) -> dict[int, str]:
        """{note id: "release" | "withhold"} for every listed note."""
        return {
            note.pk: RELEASE if self.cleaned_data.get(f"note_{note.pk}") == RELEASE else WITHHOLD for note in self.notes
        }
