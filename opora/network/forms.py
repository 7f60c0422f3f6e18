from django import forms
from django.utils.translation import gettext_lazy as _

from opora.core.concurrency import VersionedFormMixin
from opora.core.forms import DateInput
from opora.network.models import Institution, Need


class InstitutionForm(VersionedFormMixin, forms.ModelForm):
    form_field_of = {"needs": "need_list"}
    web = forms.URLField(label=_("web"), required=False, assume_scheme="https")
    need_list = forms.MultipleChoiceField(
        label=_("Areas of need"), choices=Need.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Institution
        fields = [
            "name",
            "category",
            "kind",
            "description",
            "address",
            "phone",
            "email",
            "web",
            "contact_person",
            "capacity",
            "last_verified",
        ]
        widgets = {"last_verified": DateInput(), "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, can_set_kind=False, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["need_list"].initial = self.instance.need_codes
        if not can_set_kind:
            # Only coordinators set the kind; for others a posted "kind" is simply not read.
            del self.fields["kind"]


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    category = forms.ChoiceField(label=_("Category"), required=False)
    need = forms.ChoiceField(label=_("Area of need"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("all"))] + list(Institution.Category.choices)
        self.fields["need"].choices = [("", _("all"))] + list(Need.choices)


class NeedsForm(forms.Form):
    needs = forms.MultipleChoiceField(
        label=_("Needs the school described"), choices=Need.choices, widget=forms.CheckboxSelectMultiple
    )
