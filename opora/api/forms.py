import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opora.api.models import Scope
from opora.core.forms import DateInput


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=100, help_text=_("What the token is for, e.g. the school's information system.")
    )
    scope = forms.ChoiceField(label=_("Scope"), choices=Scope.choices, initial=Scope.READ)
    expires_on = forms.DateField(label=_("Valid until"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expires_on"].initial = timezone.localdate() + datetime.timedelta(days=90)
