"""The Python fast paths of opora.core.forms.FormRenderer produce the HTML of Django's templates."""

import re

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from opora.core.forms import DateInput, FormRenderer, RequiredMarkingRenderer


class Everything(forms.Form):
    text = forms.CharField(label="Name <b>", max_length=20, help_text="help")
    number = forms.IntegerField(label="Count", min_value=1, required=False)
    email = forms.EmailField()
    password = forms.CharField(widget=forms.PasswordInput)
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)
    day = forms.DateField(widget=DateInput(), required=False)
    flag = forms.BooleanField(required=False)
    choice = forms.ChoiceField(
        choices=[("", "All"), ("a", "A & <a>"), ("Group", [("g1", "G1"), ("g2", 'G"2')]), (3, mark_safe("<i>3</i>"))],
        required=False,
    )
    many = forms.MultipleChoiceField(choices=[("x", "X"), ("y", "Y")], required=False)
    radio = forms.ChoiceField(choices=[("r", "R"), ("s", "S")], widget=forms.RadioSelect, required=False)
    note = forms.CharField(widget=forms.Textarea, required=False)


def _normalise(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


@pytest.mark.parametrize(
    "data",
    [
        None,
        {
            "text": 'x" onmouseover="alert(1)',
            "number": "0",
            "email": "bad",
            "day": "2026-01-02",
            "flag": "on",
            "choice": "g2",
            "many": ["x", "y"],
            "radio": "s",
            "note": "<script>",
        },
        {"text": "ok", "email": "a@example.cz", "password": "p", "choice": "3", "many": ["y"]},
    ],
)
def test_the_fast_renderer_writes_the_same_html_as_the_templates(data):
    fast = Everything(data, renderer=FormRenderer())
    slow = Everything(data, renderer=RequiredMarkingRenderer())
    for name in fast.fields:
        assert _normalise(str(fast[name])) == _normalise(str(slow[name])), name
        assert _normalise(fast[name].label_tag()) == _normalise(slow[name].label_tag()), name
        assert _normalise(str(fast[name].errors)) == _normalise(str(slow[name].errors)), name
        # The field's group (label, help, errors, widget); around an input, line breaks included.
        assert _normalise(fast[name].as_field_group()) == _normalise(slow[name].as_field_group()), name
        if name in ("text", "number", "email", "day"):
            assert fast[name].as_field_group() == slow[name].as_field_group(), name
    assert _normalise(str(fast)) == _normalise(str(slow))


def test_labels_of_required_fields_are_marked_and_others_not():
    form = Everything()
    assert 'class="required"' in form["text"].label_tag() and "required" in str(form["text"])
    assert 'class="required"' not in form["number"].label_tag()
    assert "required" not in form["hidden"].label_tag()
    assert str(Everything(renderer=DjangoTemplates())["text"].label_tag()).count("required") == 0


def test_the_project_renders_forms_with_the_fast_renderer():
    assert isinstance(Everything().renderer, FormRenderer)


class Period(forms.Form):
    start = forms.DateField(widget=DateInput())
    end = forms.DateField(widget=DateInput())
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise forms.ValidationError("The end is before the start.")
        return data


def test_a_forms_own_error_is_shown_once_in_the_pages_summary():
    """`as_div` leaves the form's non-field errors to the error summary that every page rendering
    a form so includes (components/form_errors.html): they were shown twice."""
    from django.template import engines

    form = Period({"start": "2026-05-02", "end": "2026-05-01", "token": "x"}, renderer=FormRenderer())
    assert not form.is_valid()
    assert "The end is before the start." not in form.as_div()
    assert 'type="hidden" name="token" value="x"' in form.as_div()
    page = engines["django"].from_string('{% include "components/form_errors.html" %}{{ form.as_div }}')
    assert page.render({"form": form}).count("The end is before the start.") == 1
    # Django's own div template, which the renderer replaces, shows them at the top of the form.
    assert "The end is before the start." in Period(form.data, renderer=RequiredMarkingRenderer()).as_div()


def test_every_page_that_renders_a_form_with_as_div_has_the_error_summary():
    """Without the summary a form's own errors would not be shown at all."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[3]
    templates = [*root.glob("opora/*/templates/**/*.html"), *root.glob("templates/**/*.html")]
    rendering = [t for t in templates if ".as_div" in t.read_text()]
    assert len(rendering) >= 8
    for template in rendering:
        text = template.read_text()
        assert text.count("components/form_errors.html") >= text.count(".as_div"), template
