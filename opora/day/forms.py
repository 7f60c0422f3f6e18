from django import forms

from opora.day.models import ReminderSettings


class ReminderSettingsForm(forms.ModelForm):
    class Meta:
        model = ReminderSettings
        fields = ["email_digest", "language"]
