from html import escape

from django import template
from django.template import Context
from django.urls import NoReverseMatch, get_script_prefix
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from opora.core import links
from opora.core.navigation import ENTRIES, header_count_values

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


# The page header (components/site_header.html) as rendered for each set of its values, with
# placeholders for the request's CSRF token and address; bounded, emptied when full. Rendering it
# was about 740 of an empty page's 5,700 Python calls, on every page, for HTML that changes only
# with the membership, the page's section and the header's numbers.
_HEADERS: dict[tuple, str] = {}
HEADERS_KEPT = 512
# Letters and digits only, so they survive escaping unchanged; no token or path contains them.
_TOKEN = "QHT4R8W2TOKENQHT"
_PATH = "QHP7N3K5PATHQHP"


@register.simple_tag(takes_context=True)
def site_header(context):
    """``{% site_header %}``: the page header (navigation, who is signed in, the header's numbers,
    the language switch). The component is rendered from the values below only, never from the
    page's context, so that the HTML kept for a set of values cannot carry anything else: the
    kept HTML is the component's for exactly these values."""
    request = context.get("request")
    user = context.get("user")
    membership = context.get("membership")
    values = {"LANGUAGE_CODE": get_language(), "script_prefix": get_script_prefix(), "signed_in": False}
    if membership is not None and user is not None and user.is_authenticated:
        values.update(
            signed_in=True,
            nav_html=str(nav_list(context)),
            organisation_name=membership.organisation.name,
            user_name=user.full_name,
            role_label=str(membership.get_role_display()),
            school_name=membership.school.name if membership.school_id else "",
            **header_count_values(membership),
        )
    token = context.get("csrf_token")
    path = request.get_full_path() if request is not None else ""
    if token is None or str(token) == "NOTPROVIDED":  # no token to put in: as the template renders
        return _render_header(context, values, token, path)
    key = tuple(values.items())
    html = _HEADERS.get(key)
    if html is None:
        html = _render_header(context, values, _TOKEN, _PATH)
        if len(_HEADERS) >= HEADERS_KEPT:
            _HEADERS.clear()
        _HEADERS[key] = html
    # The token is letters and digits; the path escaped as the template's {{ next_path }} escapes
    # it (and put in last: what a path says is never replaced).
    return mark_safe(html.replace(_TOKEN, str(token)).replace(_PATH, escape(path)))  # noqa: S308


def _render_header(context, values, token, path):
    template = context.template.engine.get_template("components/site_header.html")
    values = {**values, "nav_html": mark_safe(values.get("nav_html", "")), "csrf_token": token, "next_path": path}  # noqa: S308 - built escaped by nav_list
    own = Context(values, autoescape=context.autoescape, use_l10n=context.use_l10n, use_tz=context.use_tz)
    return template.render(own)
