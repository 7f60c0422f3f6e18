"""The coordinator opens the statistics from the navigation, filters a period, sees a chart
beside each table and downloads the XLSX of all tables."""

import io

import openpyxl
import pytest
from playwright.sync_api import expect

from opora.outcomes.tests.fixtures import build

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_coordinator_reads_the_statistics_and_exports_them(page, sign_in):
    f = build()
    sign_in(page, f.coordinator)
    page.goto("/")
    page.get_by_role("link", name="Statistiky", exact=True).click()
    expect(page.get_by_role("heading", name="Statistiky", exact=True)).to_be_visible()
    page.get_by_label("Od").fill("2025-01-01")
    page.get_by_label("Do").fill("2025-12-31")
    page.get_by_role("button", name="Zobrazit").click()

    section = page.get_by_test_id("section-closure_reasons")
    expect(section.get_by_role("heading", name="Důvody ukončení")).to_be_visible()
    chart = section.get_by_test_id("chart-closure_reasons")
    expect(chart).to_be_visible()
    assert chart.locator("rect").count() == 3  # three reasons with a closed case; "not established" is 0
    table = section.get_by_test_id("table-closure_reasons")
    expect(table.get_by_role("row", name="Potřeby naplněny 1")).to_be_visible()
    expect(page.get_by_test_id("table-clients").get_by_role("row").nth(1)).to_contain_text("4")

    with page.expect_download() as download_info:
        page.get_by_test_id("export-all").click()
    download = download_info.value
    assert download.suggested_filename == "statistika-all-20250101-20251231.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(download.path().read_bytes()))
    assert book["Důvody ukončení"]["B2"].value == 1
    assert book["Klienti v období"]["B2"].value == 4
