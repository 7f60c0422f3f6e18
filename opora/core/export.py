"""Spreadsheet exports (CSV; any future XLSX writer too): every cell goes through ``safe_cell``.

A spreadsheet program treats a cell that begins with ``=``, ``+``, ``-`` or ``@`` (or a tab or
carriage return followed by one) as a formula: an audit row, a user name or any other text a
user typed could then run ``=HYPERLINK(...)`` or worse when a coordinator opens the export.
As OWASP recommends ("CSV injection"), such a cell is prefixed with an apostrophe, which makes
the spreadsheet show it as text. Every CSV or XLSX writer in the code uses ``csv_writer`` (or
``safe_row`` / ``safe_cell`` for an XLSX library); a test checks that none writes cells another way.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
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
