from django import template
from django.utils.functional import Promise

register = template.Library()


@register.simple_tag
def rule_title(key: str):
    """The heading of a rule of My day (translated into the reader's language)."""
    from opora.day.rules import rule_title as title

    if key == "escalation":
        from django.utils.translation import gettext

        return gettext("A task of your team long overdue")
    return title(key)


def _html(value) -> str:
    """``conditional_escape`` without its lazy-string wrapper: HTML stays, text is escaped."""
    from html import escape

    if isinstance(value, Promise):
        value = str(value)
    return value.__html__() if hasattr(value, "__html__") else escape(str(value))


class _Dates:
    """The dates of one rendering of My day, each formatted once (items share their days)."""


@register.simple_tag(takes_context=True)
def day_items(context, items):
    """``{% day_items section.items %}``: the ``<li>`` of each item of My day: the link to where
    the work is done, and its date (a meeting's time).

    Written here rather than as a loop over an included template: a full My day shows over a
    hundred items, and an include per item was a fifth of the page's time. The markup and the
    escaping are those of ``format_html``; each date is formatted once per rendering."""
    import datetime

    from django.utils import formats, timezone
    from django.utils.safestring import mark_safe

    dates = context.render_context.get(_Dates)
    if dates is None:
        dates = context.render_context[_Dates] = {}
    out = []
    for item in items:
        text = f"{item.case_number} · {item.subject}" if item.case_number else str(item.subject)
        html = f'<a href="{_html(item.url)}">{_html(text)}</a>'
        if item.on is not None:
            on = dates.get((type(item.on), item.on))
            if on is None:
                if isinstance(item.on, datetime.datetime):
                    on = formats.date_format(timezone.localtime(item.on), "SHORT_DATETIME_FORMAT")
                else:
                    on = formats.date_format(item.on, "SHORT_DATE_FORMAT")
                on = dates[(type(item.on), item.on)] = _html(on)
            html += f' · <span class="overdue">{on}</span>' if item.overdue else f" · <span>{on}</span>"
        out.append(f'<li data-testid="day-item">{html}</li>')
    return mark_safe("".join(out))  # noqa: S308 - every value escaped above


@register.simple_tag
def team_rows(rows):
    """``{% team_rows panel.rows %}``: the rows of the coordinator's team table, one ``<tr>`` per
    case manager. Written in Python as the case list's rows are (``cases.templatetags.case_rows``):
    through the template language a row cost ~50 µs, 3 ms for a team of sixty. Every value is
    escaped or a localised number; the link to the case list is reversed once."""
    from html import escape

    from django.utils.formats import localize
    from django.utils.safestring import mark_safe

    from opora.core import links

    cases = escape(links.url("cases:list"))
    numbers = {}  # each number localised once (three look-ups of the language's formats each)

    def number(n):
        text = numbers.get(n)
        if text is None:
            text = numbers[n] = escape(localize(n))
        return text

    out = []
    for row in rows:
        pk = int(row["membership"].pk)
        name = escape(row["membership"].user.full_name)
        overdue = row["overdue"]
        over = ' class="overdue"' if row["over"] else ""
        out.append(
            f'<tr><td><a href="{cases}?lead={pk}&amp;state=open">{name}</a></td>'
            f"<td>{number(row['total'])}</td>"
            f"<td{over}>{number(row['load_percent'])} %</td>"
            + (
                f'<td class="overdue"><a href="{cases}?lead={pk}&amp;overdue=on">{number(overdue)}</a></td>'
                if overdue
                else "<td>0</td>"
            )
            + "</tr>"
        )
    return mark_safe("\n".join(out))  # noqa: S308 - every value escaped above
