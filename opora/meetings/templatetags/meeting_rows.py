"""Rows of the meeting page written in Python: the page a case manager keeps open through a
whole case conference, re-rendered after every change.

Each participant's attendance choices were a template loop over the three choices with each
label, a lazy translation, resolved and escaped twice per choice (a fifth of the page's work).
The labels are translated once per rendering here and the markup is the template's own."""

from html import escape

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


class _Labels:
    """The attendance choices' escaped labels of one rendering."""


@register.simple_tag(takes_context=True)
def attendance_choices(context, participant):
    """``{% attendance_choices p %}``: the radio buttons of `participant`'s attendance, the
    current one checked; every value escaped."""
    choices = context.render_context.get(_Labels)
    if choices is None:
        choices = context.render_context[_Labels] = [
            (escape(value), escape(str(label))) for value, label in participant.Attendance.choices
        ]
    pk, name, current = int(participant.pk), escape(str(participant.name)), escape(str(participant.attendance))
    html = []
    for value, label in choices:
        checked = " checked" if value == current else ""
        html.append(
            f'\n        <label class="choice"><input type="radio" name="attendance" value="{value}" '
            f'id="attendance-{pk}-{value}"{checked} aria-label="{name}: {label}"> {label}</label>\n      '
        )
    return mark_safe("".join(html))  # noqa: S308 - every value escaped above
