"""Rows of the case list, the most used page after My day.

Rendering a row through the template language cost a third of a millisecond (two dozen variable
look-ups, a URL, three translations), and the quick-record form of each open case far more: the
list spent most of its CPU time there. A row is therefore written here as one string with every
value escaped (Python's ``html.escape``: Django's ``escape`` without its lazy-string wrapper,
which alone cost a millisecond per page) and the texts the rows share translated once. The
quick-record form is rendered once per page with placeholders and stamped for each row. The
HTML is the same as rendering it per row through templates. The blank form is kept between
requests too (by language, day and script prefix), with the page's address and CSRF token as
placeholders: rendering it was another millisecond of every list.
"""

from html import escape as _html_escape

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext, ngettext

from opora.core.links import id_urls
from opora.core.privacy import shown
from opora.core.templating import localize

register = template.Library()

# Digits only, so they survive URL reversing and escaping unchanged; long enough that no CSRF
# token or other text of the form can contain them by chance.
_PK = 9182736450192837465
_NUMBER = "QRN7Q4X9Z2NUMBERQRN"
_PATH = "QRP5K8W3PATHQRP"
_TOKEN = "QRT2M6V9TOKENQRT"

# Blank forms by (language, day, script prefix), with _PATH and _TOKEN in place of the page's
# address and CSRF token; a few entries a day, dropped when a new day's arrives.
_BLANKS: dict[tuple, str] = {}


class _Placeholder:
    pk = id = _PK
    number = _NUMBER


@register.simple_tag(takes_context=True)
def quick_record_row(context, case):
    """``{% quick_record_row case %}``: the blank quick-record form of `case` (a row of the
    list, the case page's header): ``cases/_quick_record.html`` as it renders without a form."""
    blank = context.render_context.get(_Placeholder)
    if blank is None:
        blank = context.render_context[_Placeholder] = _blank_form(context)
    # The blank form is the template's own escaped output; the number is escaped here.
    return mark_safe(blank.replace(str(_PK), str(int(case.pk))).replace(_NUMBER, _text(case.number)))  # noqa: S308


def _blank_form(context) -> str:
    """The blank quick-record form of this page, with placeholders for the row's case."""
    token = context.get("csrf_token")
    request = context.get("request")
    if token is None or str(token) == "NOTPROVIDED" or request is None:
        return _render_blank(context, next=None)  # no token to put in: as the template does
    key = (get_language(), context.get("quick_today"), get_script_prefix())
    blank = _BLANKS.get(key)
    if blank is None:
        blank = _render_blank(context, next=_PATH, csrf_token=_TOKEN)
        if len(_BLANKS) >= 16:
            _BLANKS.clear()
        _BLANKS[key] = blank
    # The path escaped as the template's {{ next }} escapes it; the token is letters and digits.
    return blank.replace(_PATH, escape(request.get_full_path())).replace(_TOKEN, str(token))


def _render_blank(context, **values) -> str:
    form_template = context.template.engine.get_template("cases/_quick_record.html")
    # The list's own "form" is its filter form, not a quick-record form: the row's form is blank
    # (today's date, the default kind) whatever filter is applied.
    with context.push(case=_Placeholder(), form=None, done=None, **values):
        return form_template.render(context)


# The rows' fixed texts in each language (_texts); the catalogues do not change while a process
# runs, except in tests, which change the settings that choose them (forgotten then).
_TEXTS: dict = {}


def _texts() -> tuple:
    from opora.cases.workflow import State

    return (
        # str(): escape() of a lazy label is lazy, translated again at every row.
        {value: escape(str(label)) for value, label in State.choices},
        escape(gettext("Not attending")),
        escape(gettext("Record a contact")),
        # Not a plural form: one translation for every row (the days differ from row to row).
        gettext("No contact for %(n)s days"),
    )


@receiver(setting_changed)
def _forget(*, setting, **kwargs):
    if setting in {"LANGUAGE_CODE", "LANGUAGES", "LOCALE_PATHS", "INSTALLED_APPS"}:
        _TEXTS.clear()


class _RowKit:
    """What every row of one rendering shares, worked out once: the translated texts and the
    states' labels."""

    def __init__(self):
        texts = _TEXTS.get(get_language())
        if texts is None:
            texts = _texts()
            if len(_TEXTS) >= 16:
                _TEXTS.clear()
            _TEXTS[get_language()] = texts
        self.states, self.not_attending, self.record, self._no_contact_text = texts
        self.case_url = id_urls("cases:detail")
        self._overdue, self._no_contact = {}, {}

    def overdue(self, n: int) -> str:
        """The escaped "n overdue tasks" badge text, translated once per number."""
        text = self._overdue.get(n)
        if text is None:
            text = ngettext("%(n)s overdue task", "%(n)s overdue tasks", n) % {"n": localize(n)}
            text = self._overdue[n] = _text(text)
        return text

    def no_contact(self, n: int) -> str:
        """The escaped "No contact for n days" badge text, translated once per number."""
        text = self._no_contact.get(n)
        if text is None:
            text = self._no_contact[n] = _text(self._no_contact_text % {"n": localize(n)})
        return text


def _text(value):
    # Stored text (str) escaped as Django's escape() does, without its lazy-string wrapper: the
    # rows call it several hundred times per page.
    return _html_escape(str(value), quote=True)


@register.simple_tag(takes_context=True)
def case_rows(context, cases, is_school=False):
    """``{% case_rows page is_school %}``: the ``<tr>`` of each case of the list (school staff see
    the first four columns only), in one tag: a ``{% for %}`` around a tag per row cost a tenth
    of a millisecond more (a context pushed and the tag's arguments resolved for each row)."""
    kit = context.render_context.get(_RowKit)
    if kit is None:
        kit = context.render_context[_RowKit] = _RowKit()
    return mark_safe("".join([_case_row(context, kit, case, is_school) for case in cases]))  # noqa: S308 - each row escaped


def _case_row(context, kit, case, is_school) -> str:
    """One ``<tr>`` of the case list. Every value is escaped; the markup is the template's own."""
    student = case.student
    name = f"{student.last_name} {shown(student.first_name)}"
    if student.school_class:
        name += f" ({student.school_class})"
    badge = {"not_attending": "badge danger", "closed": "badge"}.get(case.state, "badge info")
    number = _text(case.number)
    cells = [
        f'<td><a href="{_text(kit.case_url(case.pk))}">{number}</a></td>',
        f"<td>{_text(name)}</td>",
        f"<td>{_text(case.school.name) if case.school_id else '—'}</td>",
        f'<td><span class="{badge}">{kit.states.get(case.state) or _text(case.state)}</span></td>',
    ]
    if not is_school:
        signals = []
        if case.overdue_count:
            signals.append(f'<span class="badge danger">{kit.overdue(case.overdue_count)}</span>')
        if case.no_contact_days:
            signals.append(f'<span class="badge warn">{kit.no_contact(case.no_contact_days)}</span>')
        if case.state == "not_attending":
            signals.append(f'<span class="badge danger">{kit.not_attending}</span>')
        cells.append(f"<td>{_text(case.lead.user.full_name)}</td>")
        cells.append(f"<td>{' '.join(signals)}</td>")
        if case.is_closed:
            cells.append("<td></td>")
        else:
            cells.append(
                f'<td><details class="quick"><summary data-testid="quick-open-{number}">{kit.record}'
                f'<span class="visually-hidden"> ({number})</span></summary>'
                f"{quick_record_row(context, case)}</details></td>"
            )
    return "<tr>" + "".join(cells) + "</tr>"


# The tab bars rendered so far, by language, current tab and the tabs' slugs and labels (a lazy
# label by its identity: the entry keeps the labels, so no other object can take their ids while
# it is kept); bounded, emptied when full.
_TAB_BARS: dict[tuple, tuple[str, tuple]] = {}
TAB_BARS_KEPT = 256


@register.simple_tag
def tab_items(tabs, current):
    """``{% tab_items tabs tab %}``: the ``<li>`` of each (slug, label) of the case page's tab
    bar, the current one marked; the template's markup, written here because the labels are
    lazy translations that the template language resolved and escaped several times each. The
    bar is the same on every case page of a language and tab, so it is kept."""
    tabs = tuple(tabs)
    labels = tuple(label for _slug, label in tabs)
    key = (get_language(), current, tuple(slug for slug, _label in tabs), tuple(map(_label_key, labels)))
    kept = _TAB_BARS.get(key)
    if kept is not None:
        return kept[0]
    items = []
    for slug, label in tabs:
        current_mark = ' aria-current="page"' if slug == current else ""
        items.append(f'<li><a href="?tab={_text(slug)}"{current_mark}>{_text(label)}</a></li>')
    html = mark_safe("".join(items))  # noqa: S308 - every value escaped above
    if len(_TAB_BARS) >= TAB_BARS_KEPT:
        _TAB_BARS.clear()
    _TAB_BARS[key] = (html, labels)
    return html


def _label_key(label):
    return label if isinstance(label, str) else id(label)
