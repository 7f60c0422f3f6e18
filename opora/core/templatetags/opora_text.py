"""Stored text shown in the reader's language (a builtin: no {% load %} needed)."""

from django import template

from opora.core import privacy

register = template.Library()


@register.filter
def shown(value):
    """``{{ student.first_name|shown }}``: the anonymisation marker in the reader's language."""
    return privacy.shown(value)
