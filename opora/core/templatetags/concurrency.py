"""`{{ record|edit_stamp }}`: the read stamp of a record, for the hidden field of an inline edit."""

from django import template

from opora.core.concurrency import make_stamp

register = template.Library()


@register.filter
def edit_stamp(record) -> str:
    return make_stamp(record)
