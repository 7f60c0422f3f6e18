"""Rows of the case list, the most used page after My day.

Rendering a row through the template language cost a third of a millisecond (two dozen variable
look-ups, a URL, three translations), and the quick-record form of each open case far more: the
list spent most of its CPU time there. A row is therefore written here with ``format_html``
(everything escaped), and the quick-record form is rendered once per page with placeholders and
stamped for each row — the HTML is the same as rendering it per row.
"""

from django import template
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

from opora.core.privacy import shown

register = template.Library()

# Digits only, so they survive URL reversing and escaping unchanged; long enough that no CSRF
# token or other text of the form can contain them by chance.
_PK = 9182736450192837465
_NUMBER = "QRN7Q4X9Z2NUMBERQRN"


class _Placeholder:
    pk = id = _PK
    number = _NUMBER


@register.simple_tag(takes_context=True)
def quick_record_row(context, case):
    """``{% quick_record_row case %}``: the blank quick-record form of one row of a list."""
    blank = context.render_context.get(_Placeholder)
    if blank is None:
        form_template = context.template.engine.get_template("cases/_quick_record.html")
        # The list's own "form" is its filter form, not a quick-record form: the row's form is
        # blank (today's date, the default kind) whatever filter is applied.
        with context.push(case=_Placeholder(), form=None, done=None, next=None):
            blank = form_template.render(context)
        context.render_context[_Placeholder] = blank
    # The blank form is the template's own escaped output; the number is escaped here.
    return mark_safe(blank.replace(str(_PK), str(int(case.pk))).replace(_NUMBER, escape(case.number)))  # noqa: S308


@register.simple_tag(takes_context=True)
def case_row(context, case, is_school=False):
    """``{% case_row case is_school %}``: one ``<tr>`` of the case list (school staff see the
    first four columns only)."""
    student = case.student
    name = f"{student.last_name} {shown(student.first_name)}"
    if student.school_class:
        name += f" ({student.school_class})"
    badge = {"not_attending": "badge danger", "closed": "badge"}.get(case.state, "badge info")
    cells = [
        format_html('<td><a href="{}">{}</a></td>', reverse("cases:detail", args=[case.pk]), case.number),
        format_html("<td>{}</td>", name),
        format_html("<td>{}</td>", case.school if case.school_id else "—"),
        format_html('<td><span class="{}">{}</span></td>', badge, case.get_state_display()),
    ]
    if not is_school:
        signals = []
        if case.overdue_count:
            text = ngettext("%(n)s overdue task", "%(n)s overdue tasks", case.overdue_count)
            text %= {"n": localize(case.overdue_count)}
            signals.append(format_html('<span class="badge danger">{}</span>', text))
        if case.no_contact_days:
            text = gettext("No contact for %(n)s days") % {"n": localize(case.no_contact_days)}
            signals.append(format_html('<span class="badge warn">{}</span>', text))
        if case.state == "not_attending":
            signals.append(format_html('<span class="badge danger">{}</span>', gettext("Not attending")))
        cells.append(format_html("<td>{}</td>", case.lead.user.full_name))
        cells.append(format_html("<td>{}</td>", mark_safe(" ".join(signals))))  # noqa: S308 - each escaped above
        if case.is_closed:
            cells.append(mark_safe("<td></td>"))
        else:
            cells.append(
                format_html(
                    '<td><details class="quick"><summary data-testid="quick-open-{}">{}'
                    '<span class="visually-hidden"> ({})</span></summary>{}</details></td>',
                    case.number,
                    gettext("Record a contact"),
                    case.number,
                    quick_record_row(context, case),
                )
            )
    return mark_safe("<tr>" + "".join(cells) + "</tr>")  # noqa: S308 - each cell escaped above
