"""Reading attendance exports of the school information systems (Bakaláři, EduPage): a CSV
(UTF-8 or Windows-1250, comma or semicolon) or an XLSX (its first sheet) → headers and rows of
text; the cells of one row → a checked row (or the reasons it is refused, in the user's
language). Pure: no database; matching the students is the service's job."""

from __future__ import annotations

import csv
import datetime
import io
import re

from django.utils.formats import get_format
from django.utils.translation import gettext as _

MAX_ROWS = 5000
MAX_BYTES = 5 * 1024 * 1024

# The fields a column can be mapped to, and the header words that suggest them.
FIELDS = ("name", "first_name", "last_name", "birth_date", "school", "period", "excused", "unexcused")
GUESSES = {
    "name": ("žák", "zak", "student", "jméno a příjmení", "příjmení a jméno", "name"),
    "first_name": ("jméno", "jmeno", "first name"),
    "last_name": ("příjmení", "prijmeni", "last name", "surname"),
    "birth_date": ("datum narození", "narození", "narozen", "birth"),
    "school": ("škola", "skola", "school"),
    "period": ("období", "obdobi", "měsíc", "mesic", "month", "period"),
    "excused": ("omluvené", "omluvene", "excused"),
    "unexcused": ("neomluvené", "neomluvene", "unexcused"),
}


class ImportFileError(ValueError):
    """The file cannot be read at all (the message is for the user)."""


def read_table(name: str, content: bytes) -> tuple[list[str], list[list[str]]]:
    if len(content) > MAX_BYTES:
        raise ImportFileError(_("The file is too large (at most 5 MB)."))
    if name.lower().endswith(".xlsx"):
        headers, rows = _read_xlsx(content)
    elif name.lower().endswith(".csv"):
        headers, rows = _read_csv(content)
    else:
        raise ImportFileError(_("Upload a CSV or XLSX file."))
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if not headers or not rows:
        raise ImportFileError(_("The file has no rows below its header."))
    if len(rows) > MAX_ROWS:
        raise ImportFileError(_("The file has too many rows (at most 5000)."))
    width = len(headers)
    return headers, [(row + [""] * width)[:width] for row in rows]


def _read_csv(content: bytes):
    for encoding in ("utf-8-sig", "cp1250"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1250 decodes nearly anything
        raise ImportFileError(_("The file cannot be read as text."))
    first = text.splitlines()[0] if text else ""
    delimiter = ";" if first.count(";") > first.count(",") else ","
    rows = [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
    if not rows:
        return [], []
    return rows[0], rows[1:]


def _xlsx_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_xlsx(content: bytes):
    from opora.core.export import xlsx_rows

    try:
        rows = [[_xlsx_text(v) for v in row] for row in xlsx_rows(content, max_rows=MAX_ROWS + 2)]
    except ValueError as exc:
        raise ImportFileError(_("The file is not a valid XLSX workbook.")) from exc
    if not rows:
        return [], []
    return rows[0], rows[1:]


def guess_mapping(headers: list[str]) -> dict[str, int]:
    """field → column index, from the header words (the user checks and corrects it)."""
    mapping: dict[str, int] = {}
    lowered = [h.strip().lower() for h in headers]
    # Longer, more specific words first ("neomluvené" before "omluvené", "datum narození" before "jméno").
    order = sorted(((w, f) for f, words in GUESSES.items() for w in words), key=lambda p: -len(p[0]))
    for word, field in order:
        if field in mapping:
            continue
        for index, header in enumerate(lowered):
            if index in mapping.values():
                continue
            if header == word or header.startswith(word):
                mapping[field] = index
                break
    return mapping


_MONTH = [
    re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})(-\d{1,2})?$"),
    re.compile(r"^(?P<m>\d{1,2})\s*[/.]\s*(?P<y>\d{4})$"),
    re.compile(r"^\d{1,2}\.\s*(?P<m>\d{1,2})\.\s*(?P<y>\d{4})$"),
]


def parse_month(text: str) -> datetime.date | None:
    text = (text or "").strip()
    for pattern in _MONTH:
        match = pattern.match(text)
        if match:
            year, month = int(match["y"]), int(match["m"])
            if 1 <= month <= 12 and 2000 <= year <= 2100:
                return datetime.date(year, month, 1)
    return None


def parse_date(text: str) -> datetime.date | None:
    text = (text or "").strip()
    # A Czech school's file, whoever uploads it: the Czech list (opora/formats/cs/formats.py).
    for fmt in get_format("IMPORT_DATE_INPUT_FORMATS", lang="cs"):
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def parse_hours(text: str) -> int | None:
    text = (text or "").strip().replace(",", ".").replace(" ", "")
    if text == "":
        return 0
    try:
        value = float(text)
    except ValueError:
        return None
    if value < 0 or not value.is_integer() or value > 1000:
        return None
    return int(value)


def check_row(cells: list[str], mapping: dict[str, int]) -> tuple[dict, list[str]]:
    """The values of one row and the reasons (translated) it cannot be imported."""

    def cell(field):
        index = mapping.get(field)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    errors = []
    if cell("name"):
        name = cell("name")
    else:
        name = f"{cell('first_name')} {cell('last_name')}".strip()
    if not name:
        errors.append(_("The student's name is missing."))
    birth_date = parse_date(cell("birth_date"))
    if birth_date is None:
        errors.append(_("The date of birth is missing or not a date (e.g. 14.3.2012)."))
    month = parse_month(cell("period"))
    if month is None:
        errors.append(_("The period is not a month (e.g. 2026-09 or 9/2026)."))
    excused = parse_hours(cell("excused"))
    unexcused = parse_hours(cell("unexcused"))
    if excused is None:
        errors.append(_("The excused hours are not a whole number."))
    if unexcused is None:
        errors.append(_("The unexcused hours are not a whole number."))
    values = {
        "name": name,
        "birth_date": birth_date,
        "school": cell("school"),
        "month": month,
        "excused": excused,
        "unexcused": unexcused,
    }
    return values, errors
