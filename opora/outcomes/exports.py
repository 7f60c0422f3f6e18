"""Statistics tables as CSV and XLSX, through the one formula-safe helper of opora.core.export."""

import io

from django.utils.translation import gettext as _

from opora.core.export import csv_writer, xlsx_workbook


def _cells(table):
    hidden = _("< %(k)s") % {"k": 3}
    for row in table.rows:
        yield [hidden if value is None else value for value in row]
    totals = table.extra.get("totals")
    if totals:
        yield [_("Total")] + [hidden if value is None else value for value in totals]


def table_csv(table) -> str:
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    writer.writerow([str(h) for h in table.headers])
    writer.writerows(_cells(table))
    return "\ufeff" + buffer.getvalue()


def tables_xlsx(tables) -> bytes:
    return xlsx_workbook((str(t.title), [str(h) for h in t.headers], list(_cells(t))) for t in tables)
