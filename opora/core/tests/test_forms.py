import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation

from opora.core.forms import DateInput, apply_validation_error
from opora.meetings.forms import TaskForm


class _Form(forms.Form):
    title = forms.CharField()
    due = forms.DateField(widget=DateInput())


def test_date_pickers_get_iso_values_even_in_czech():
    with translation.override("cs"):
        html = str(_Form(initial={"due": datetime.date(2026, 12, 31)})["due"])
    assert 'type="date"' in html and 'value="2026-12-31"' in html


def test_the_meetings_deadline_picker_is_filled_when_editing_in_czech():
    field = TaskForm.base_fields["due_date"]
    with translation.override("cs"):
        html = field.widget.render("due_date", datetime.date(2027, 1, 15))
    assert 'value="2027-01-15"' in html


def test_service_errors_land_next_to_their_fields_or_at_the_top():
    form = _Form(data={"title": "x", "due": "2026-01-01"})
    assert form.is_valid()
    apply_validation_error(form, ValidationError({"title": "Název už existuje.", "unknown": "Jiná chyba."}))
    assert form.errors["title"] == ["Název už existuje."]
    assert form.non_field_errors() == ["Jiná chyba."]
    apply_validation_error(form, ValidationError("Případ je uzavřen."))
    assert "Případ je uzavřen." in form.non_field_errors()
