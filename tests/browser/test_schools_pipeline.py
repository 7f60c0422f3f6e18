"""The coordinator moves a school from the offer to an active partnership on the board."""

import datetime

import pytest
from playwright.sync_api import expect

from opora.accounts.models import Role
from opora.core.testing.factories import MembershipFactory, SchoolFactory
from opora.core.testing.files import pdf_bytes
from opora.schools.models import School, StageTransition

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PATH = [
    ("E-mail ŠPP odeslán", "E-mail výchovnému poradci."),
    ("Škola reaguje", "Pan Veselý volal zpět."),
    ("Úvodní schůzka", "Schůzka s ředitelkou."),
    ("Uzavřená smlouva", "Podepsáno oběma stranami."),
    ("Začátek case managementu", "První příběh studenta."),
]


def test_coordinator_moves_a_school_from_offer_to_active(page, sign_in, tmp_path):
    coordinator = MembershipFactory(role=Role.COORDINATOR)
    school = SchoolFactory(organisation=coordinator.organisation, name="ZŠ Na Výsluní", stage="offer")
    contract = tmp_path / "smlouva.pdf"
    contract.write_bytes(pdf_bytes())
    sign_in(page, coordinator)
    page.goto("/schools/board/")
    expect(page.get_by_role("heading", name="Spolupráce se školami")).to_be_visible()
    for stage, note in PATH:
        page.get_by_role("link", name=f"Přesunout ZŠ Na Výsluní do fáze {stage}").click()
        expect(page.get_by_role("heading", name="Posun ve spolupráci")).to_be_visible()
        expect(page.get_by_label("Přesunout do")).to_have_value(
            {"E-mail ŠPP odeslán": "offer_sent", "Škola reaguje": "responded", "Úvodní schůzka": "intro_meeting",
             "Uzavřená smlouva": "contract_signed", "Začátek case managementu": "active"}[stage]
        )  # fmt: skip
        page.get_by_label("Poznámka").fill(note)
        if stage == "Uzavřená smlouva":
            # Without the document the move is refused next to the field.
            page.get_by_role("button", name="Přesunout").click()
            expect(page.get_by_text("Přiložte podepsanou smlouvu.", exact=True)).to_be_visible()
            expect(page.get_by_role("link", name="Podepsaná smlouva: Přiložte podepsanou smlouvu.")).to_be_visible()
            page.get_by_label("Podepsaná smlouva").set_input_files(str(contract))
            page.get_by_label("Smlouva podepsána dne").fill(datetime.date.today().isoformat())
        page.get_by_role("button", name="Přesunout").click()
        expect(page.get_by_text(f"přesunuto do fáze „{stage}“")).to_be_visible()
    column = page.get_by_role("region", name="Začátek case managementu")
    expect(column.get_by_role("link", name="ZŠ Na Výsluní")).to_be_visible()
    school.refresh_from_db()
    assert school.stage == "active" and school.contract_file
    assert StageTransition.objects.filter(school=school).count() == len(PATH)
    assert School.objects.get(pk=school.pk).contract_signed_on == datetime.date.today()
