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


# Each language's name in that language, as the switch offers it.
LANGUAGE_NAMES = {"cs": "Česky", "en": "English"}
_BUTTONS: dict[tuple, str] = {}


@register.simple_tag
def language_buttons(current):
    """``{% language_buttons LANGUAGE_CODE %}``: a submit button of the language form for each
    language of ``LANGUAGES`` but the current one (the template's loop over
    ``get_available_languages``, which translated every language's name on every page only to
    show each in its own)."""
    from django.conf import settings
    from django.utils.translation import get_language_info

    key = (current, tuple(code for code, _name in settings.LANGUAGES))
    html = _BUTTONS.get(key)
    if html is None:
        buttons = []
        for code in key[1]:
            if code != current:
                name = LANGUAGE_NAMES.get(code) or get_language_info(code)["name_local"]
                buttons.append(
                    f'<button type="submit" name="language" value="{escape(code)}" class="link" '
                    f'lang="{escape(code)}">{escape(name)}</button>'
                )
        html = _BUTTONS[key] = mark_safe("".join(buttons))  # noqa: S308 - every value escaped
    return html
