from django import forms
from django.utils.translation import gettext_lazy as _

from opora.agreements.models import Agreement
from opora.core.concurrency import VersionedFormMixin
from opora.core.files import PrivateFileField
from opora.core.forms import DateInput

TEXT = forms.Textarea(attrs={"rows": 4})


class AgreementForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Agreement
        fields = [
            "family_parties",
            "with_ospod",
            "ospod_party",
            "goals",
            "family_promises",
            "service_promises",
            "ospod_promises",
            "information_sharing",
            "review_on",
        ]
        widgets = {
            "review_on": DateInput,
            "goals": TEXT,
            "family_promises": TEXT,
            "service_promises": TEXT,
            "ospod_promises": TEXT,
            "information_sharing": TEXT,
        }


class SignForm(VersionedFormMixin, forms.Form):
    signed_by = forms.CharField(label=_("Who signed"), max_length=300)
    signed_on = forms.DateField(label=_("Signed on"), widget=DateInput)
    scan = PrivateFileField(
        label=_("Scan of the paper agreement"),
        required=False,
        help_text=_("Signed on paper: upload the scan. Leave empty when the parties confirm the agreement in the app."),
    )

    def __init__(self, *args, agreement, **kwargs):
        self.versioned_instance = agreement
        super().__init__(*args, **kwargs)


class RefuseForm(VersionedFormMixin, forms.Form):
    note = forms.CharField(label=_("Why it was not accepted"), widget=forms.Textarea(attrs={"rows": 3}))
    refused_on = forms.DateField(label=_("Refused on"), widget=DateInput)

    def __init__(self, *args, agreement, **kwargs):
        self.versioned_instance = agreement
        super().__init__(*args, **kwargs)
