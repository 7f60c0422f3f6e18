from django import forms
from django.utils.translation import gettext_lazy as _

from opora import access
from opora.cases.models import Case
from opora.core.concurrency import VersionedFormMixin
from opora.core.forms import DateInput
from opora.families.models import Family, FamilyAdult, FamilyChild
from opora.schools.models import School

DATE = DateInput()


class FamilyCreateForm(forms.Form):
    name = forms.CharField(label=_("Name of the family"), max_length=200, help_text=_("For example the surname."))
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    family_case = forms.BooleanField(
        label=_("The family is the client of this case (a family case)"),
        required=False,
        help_text=_("Otherwise the case stays the student's own case, linked to the family."),
    )


class FamilyForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Family
        fields = ["name", "address", "note"]


class AdultForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = FamilyAdult
        fields = ["name", "role", "relation", "legal_guardian", "phone", "email", "address", "note"]


class ChildForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = FamilyChild
        fields = [
            "first_name", "last_name", "date_of_birth", "residence", "institution", "institution_name",
            "residence_since", "school", "school_name", "student", "note",
        ]  # fmt: skip
        widgets = {"date_of_birth": DATE, "residence_since": DATE}

    def __init__(self, *args, membership, family, **kwargs):
        super().__init__(*args, **kwargs)
        from opora.families.selectors import students_for_children

        self.fields["institution"].queryset = access.institutions_for(membership).order_by("name")
        self.fields["school"].queryset = School.objects.filter(organisation_id=family.organisation_id).order_by("name")
        self.fields["student"].queryset = students_for_children(membership, also=self.instance.student_id)
        self.fields["student"].help_text = _("The child's own record, when the child is a client of the service.")


class CaseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.number} · {obj.student}"


class LinkCaseForm(forms.Form):
    case = CaseChoiceField(label=_("Case"), queryset=Case.objects.none())
    family_case = forms.BooleanField(label=_("The family is the client of this case (a family case)"), required=False)
    family_children = forms.ModelMultipleChoiceField(
        label=_("Children the family case concerns"),
        queryset=FamilyChild.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, cases, family, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = cases
        self.fields["family_children"].queryset = FamilyChild.objects.filter(family=family)

    def clean(self):
        d = super().clean()
        if d.get("family_case") and not d.get("family_children"):
            self.add_error("family_children", _("A family case names the children it concerns."))
        return d
