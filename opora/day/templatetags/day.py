from django import template

from opora.day import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    """The number of the signed-in membership's unread notifications (for the header)."""
    membership = context.get("membership")
    if membership is None:
        return 0
    return selectors.unread_count(membership)


@register.simple_tag
def rule_title(key: str):
    """The heading of a rule of My day (translated into the reader's language)."""
    from opora.day.rules import rule_title as title

    if key == "escalation":
        from django.utils.translation import gettext

        return gettext("A task of your team long overdue")
    return title(key)
