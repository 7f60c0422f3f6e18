"""Small form helpers shared by every app."""

from django import forms
from django.core.exceptions import ValidationError

from opora.core.concurrency import StaleEdit, refresh_stamp


class DateInput(forms.DateInput):
    """A native date picker. The value is always ISO (YYYY-MM-DD): the browser shows it in
    the user's format, and a localised value (22.11.2026) would leave the picker empty."""

    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def apply_validation_error(form, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: next to the named fields where the form
    has them, otherwise at the top of the form. After a stale edit (someone else saved
    meanwhile) the form keeps the user's input and carries the fresh read stamp."""
    if isinstance(exc, StaleEdit):
        refresh_stamp(form, exc)
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)
