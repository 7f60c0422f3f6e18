from html import escape

from django import template
from django.urls import NoReverseMatch
from django.utils.safestring import mark_safe

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


@register.simple_tag(takes_context=True)
def nav_list(context):
    """``{% nav_list %}``: the main navigation's ``<ul>`` on every page, as the loop over
    ``nav_items`` wrote it in the template (the labels are lazy translations, which the template
    language resolved and escaped several times each: a tenth of an empty page's work)."""
    items = []
    for item in nav_items(context):
        current = ' aria-current="page"' if item["active"] else ""
        items.append(f'<li><a href="{escape(item["url"])}"{current}>{escape(str(item["label"]))}</a></li>')
    return mark_safe("<ul>\n  " + "".join(items) + "\n</ul>")  # noqa: S308 - every value escaped above
