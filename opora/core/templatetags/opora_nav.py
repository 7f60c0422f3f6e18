from django import template
from django.urls import NoReverseMatch

from opora.core import links
from opora.core.navigation import ENTRIES

register = template.Library()


@register.simple_tag(takes_context=True)
def nav_items(context):
    request = context["request"]
    membership = getattr(request, "membership", None)
    if membership is None:
        return []
    items = []
    for entry in ENTRIES:
        if not entry.allowed(membership):
            continue
        try:
            url = links.url(entry.url_name)
        except NoReverseMatch:
            continue
        active = request.path == url or (url != "/" and request.path.startswith(url))
        items.append({"url": url, "label": entry.label, "active": active})
    return items
