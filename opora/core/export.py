"""Spreadsheet exports (CSV and XLSX): every cell goes through ``safe_cell``.

A spreadsheet program treats a cell that begins with ``=``, ``+``, ``-`` or ``@`` (or a tab or
carriage return followed by one) as a formula: an audit row, a user name or any other text a
user typed could then run ``=HYPERLINK(...)`` or worse when a coordinator opens the export.
As OWASP recommends ("CSV injection"), such a cell is prefixed with an apostrophe, which makes
the spreadsheet show it as text. Every CSV or XLSX writer in the code uses ``csv_writer`` (or
``safe_row`` / ``safe_cell`` for an XLSX library); a test checks that none writes cells another way.
XLSX workbooks are written by ``xlsx_workbook`` only: typed cells (numbers, dates), a bold,
frozen header row, and text through ``safe_cell`` — stored as a string cell, never a formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """The value, or for text a spreadsheet would read as a formula, the text with a leading
    apostrophe. Numbers, dates and None are left alone (they are not formulas)."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def safe_row(values: Iterable[Any]) -> list[Any]:
    return [safe_cell(value) for value in values]


class _SafeWriter:
    def __init__(self, writer):
        self._writer = writer

    def writerow(self, values: Iterable[Any]):
        return self._writer.writerow(safe_row(values))

    def writerows(self, rows: Iterable[Iterable[Any]]):
        for row in rows:
            self.writerow(row)


def csv_writer(file, **kwargs) -> _SafeWriter:
    """``csv.writer`` whose every cell is neutralised by ``safe_cell``."""
    return _SafeWriter(csv.writer(file, **kwargs))


# Characters openpyxl refuses in a cell (XML 1.0 control characters) and the longest sheet title.
_ILLEGAL_XML = {c: None for c in range(32) if c not in (9, 10, 13)}
_SHEET_TITLE_MAX = 31


def _xlsx_value(value: Any) -> Any:
    value = safe_cell(value)
    if isinstance(value, str):
        return value.translate(_ILLEGAL_XML)
    return value


def xlsx_workbook(sheets: Iterable[tuple[str, Sequence[Any], Iterable[Sequence[Any]]]]) -> bytes:
    """An XLSX file of `sheets` — (title, headers, rows) each: numbers, dates and None stay typed,
    text is neutralised by ``safe_cell`` and written as a string cell (``data_type="s"``), so a
    cell is never a formula; the header row is bold and frozen."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    used: set[str] = set()
    for title, headers, rows in sheets:
        name = "".join(ch for ch in str(title) if ch not in "[]:*?/\\")[:_SHEET_TITLE_MAX] or "List"
        base, n = name, 2
        while name in used:
            suffix = f" ({n})"
            name, n = base[: _SHEET_TITLE_MAX - len(suffix)] + suffix, n + 1
        used.add(name)
        sheet = workbook.create_sheet(name)
        for row_index, values in enumerate([headers, *rows], start=1):
            for col_index, value in enumerate(values, start=1):
                value = _xlsx_value(value)
                cell = sheet.cell(row=row_index, column=col_index)
                cell.value = value
                if isinstance(value, str):
                    cell.data_type = "s"  # text, whatever it starts with
                if row_index == 1:
                    cell.font = bold
        sheet.freeze_panes = "A2"
        for col_index, header in enumerate(headers, start=1):
            sheet.column_dimensions[sheet.cell(row=1, column=col_index).column_letter].width = max(
                12, len(str(header)) + 2
            )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_rows(content: bytes, *, max_rows: int) -> list[tuple]:
    """The cell values of the first sheet of an uploaded XLSX (values, never formulas), at most
    `max_rows` rows. Raises ValueError when the file is not a readable workbook."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # zipfile.BadZipFile, KeyError, InvalidFileException…
        raise ValueError("not an XLSX workbook") from exc
    try:
        return list(workbook.worksheets[0].iter_rows(values_only=True, max_row=max_rows))
    finally:
        workbook.close()
