"""Issue 11: dates go through the per-language formats (opora/formats/{cs,en}), so English shows
English dates — no template or module writes a literal (Czech) date pattern."""

import datetime
import re
from pathlib import Path

from django.template import Context, Template
from django.utils import translation

ROOT = Path(__file__).resolve().parents[3]
SOURCES = [p for p in [*ROOT.glob("opora/**/*"), *ROOT.glob("templates/**/*")] if ".venv" not in p.parts]
TEMPLATES = [p for p in SOURCES if p.suffix in (".html", ".txt") and "templates" in p.parts]
MODULES = [p for p in SOURCES if p.suffix == ".py" and "tests" not in p.parts and "migrations" not in p.parts]
# A format named in the settings (SHORT_DATE_FORMAT…), a weekday or month name, or a time.
ALLOWED = re.compile(r"^([A-Z_]+_FORMAT|[lDFNM]|H:i)$")
TEMPLATE_FILTER = re.compile(r"\|\s*(?:date|time)\s*:\s*[\"']([^\"']*)[\"']")
PYTHON_PATTERN = re.compile(
    r"(?:date_format|time_format)\((?:[^()]|\([^()]*\))*,\s*[\"']([^\"']*)[\"']|:%d\.%m\.|%d\. ?%m\. ?%Y"
)


def test_the_scan_finds_the_templates_and_modules():
    assert len(TEMPLATES) > 50 and len(MODULES) > 50


def test_no_template_writes_a_literal_date_pattern():
    found = [
        f"{p.relative_to(ROOT)}: {m.group(1)}"
        for p in TEMPLATES
        for m in TEMPLATE_FILTER.finditer(p.read_text(encoding="utf-8"))
        if not ALLOWED.match(m.group(1))
    ]
    assert found == []


def test_no_module_formats_a_date_with_a_literal_pattern():
    found = []
    for p in MODULES:
        if "formats" in p.parts:
            continue
        for m in PYTHON_PATTERN.finditer(p.read_text(encoding="utf-8")):
            if m.group(1) is None or not ALLOWED.match(m.group(1)):
                found.append(f"{p.relative_to(ROOT)}: {m.group(0)}")
    assert found == []


def test_the_same_template_shows_a_czech_date_in_czech_and_an_english_one_in_english():
    template = Template('{{ d|date:"SHORT_DATE_FORMAT" }}')
    day = datetime.date(2026, 11, 5)
    with translation.override("cs"):
        assert template.render(Context({"d": day})) == "5. 11. 2026"
    with translation.override("en"):
        assert template.render(Context({"d": day})) == "5 Nov 2026"
