"""{% day_items %} writes what the loop over {% day_item %} (format_html per item) wrote."""

import datetime
import zoneinfo

import pytest
from django.template import Context, engines
from django.utils import formats, timezone, translation
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from opora.day.rules import Item

PRAGUE = zoneinfo.ZoneInfo("Europe/Prague")


def _reference(item):
    # The tag as it was, one item at a time.
    text = f"{item.case_number} · {item.subject}" if item.case_number else str(item.subject)
    link = format_html('<a href="{}">{}</a>', item.url, text)
    if item.on is None:
        return link
    if isinstance(item.on, datetime.datetime):
        on = formats.date_format(timezone.localtime(item.on), "SHORT_DATETIME_FORMAT")
    else:
        on = formats.date_format(item.on, "SHORT_DATE_FORMAT")
    if item.overdue:
        return format_html('{} · <span class="overdue">{}</span>', link, on)
    return format_html("{} · <span>{}</span>", link, on)


ITEMS = [
    Item(
        "tasks_overdue",
        "/cases/5/?tab=plan&x=1",
        'Zavolat <OSPOD> & "matce"',
        5,
        "C-2026-0005",
        datetime.date(2026, 3, 29),
        overdue=True,
    ),
    Item("tasks_due", "/cases/6/", "Novák Jan", 6, "C-2026-0006", datetime.date(2026, 3, 29)),
    Item(
        "meetings_today",
        "/meetings/7/",
        lazy(str, str)("Porada <týmu>"),
        None,
        "",
        datetime.datetime(2026, 3, 29, 1, 30, tzinfo=datetime.UTC),
    ),
    Item("meetings_today", "/meetings/8/", "Porada", None, "", datetime.datetime(2026, 10, 25, 1, 30, tzinfo=PRAGUE)),
    Item("consents", "/cases/9/", mark_safe("<b>kept</b>"), None, "", None),
    Item("consents", "/cases/9/", "Beze data", 9, "C-9", None),
]


@pytest.mark.parametrize("language", ["cs", "en"])
def test_the_items_are_what_the_tag_per_item_wrote(language):
    template = engines["django"].engine.from_string("{% load day %}{% day_items items %}")
    with translation.override(language), timezone.override("Europe/Prague"):
        expected = "".join(f'<li data-testid="day-item">{_reference(item)}</li>' for item in ITEMS)
        assert template.render(Context({"items": ITEMS})) == expected
        assert template.render(Context({"items": []})) == ""
    assert "&lt;OSPOD&gt; &amp; &quot;matce&quot;" in expected and "<b>kept</b>" in expected
