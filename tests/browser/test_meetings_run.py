"""A case manager runs a case meeting at school on a laptop: minutes of an agenda item, the
agenda's time check, the timer, attendance ticks, two tasks of the plan, signatures,
finalising and downloading the PDF of the minutes."""

import datetime
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from opora.accounts.models import Role
from opora.cases.tests.factories import CaseFactory, StudentFactory
from opora.core.testing.factories import MembershipFactory, SchoolFactory
from opora.core.testing.files import pdf_bytes
from opora.meetings import services
from opora.meetings.models import Kind, Meeting
from opora.meetings.tests.factories import PRAGUE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_case_manager_runs_a_school_case_meeting_and_downloads_the_final_minutes(page, sign_in, tmp_path):
    cm = MembershipFactory(role=Role.CASE_MANAGER, user__full_name="Petra Svobodová")
    school = SchoolFactory(organisation=cm.organisation, name="ZŠ Na Výsluní")
    student = StudentFactory(organisation=cm.organisation, school=school, first_name="Matěj", last_name="Bartoš")
    case = CaseFactory(organisation=cm.organisation, student=student, school=school, lead=cm)
    director = MembershipFactory(
        organisation=cm.organisation, role=Role.SCHOOL_STAFF, school=school, user__full_name="Ivana Černá"
    )
    start = datetime.datetime.combine(datetime.date.today() + datetime.timedelta(days=1), datetime.time(14, 0), PRAGUE)
    meeting = services.meeting_create(
        case=case, kind=Kind.SCHOOL_CASE_MEETING, start=start, place="ZŠ Na Výsluní, ředitelna", by=cm
    )
    # A participant is a fact the case knows: the mother is recorded as the student's close person.
    from opora.cases.models import ClosePerson

    mother_record = ClosePerson.objects.create(
        student=student, name="Kateřina Bartošová", relation="matka", legal_guardian=True
    )
    mother = services.participant_add(meeting=meeting, close_person=mother_record, role="parent", by=cm)
    services.participant_add(meeting=meeting, membership=director, role="school", by=cm)
    first_item = meeting.agenda.first()

    sign_in(page, cm)
    page.goto("/meetings/")
    page.get_by_role("link", name=re.compile("Případové setkání ve škole")).click()
    expect(page.get_by_role("heading", name=re.compile("Případové setkání ve škole"))).to_be_visible()

    # The agenda: the template fills the 90 minutes; one more item is refused with the sums.
    expect(page.get_by_text("Rozvrženo 90 z 90 minut.")).to_be_visible()
    add_item = page.locator("form.agenda-add")
    add_item.get_by_label("Bod programu").fill("Různé")
    add_item.get_by_label("Časová dotace (minuty)").fill("10")
    add_item.get_by_role("button", name="Přidat bod").click()
    refusal = "Program by trval 100 minut, o 10 víc než plánovaných 90 minut."
    expect(page.locator("#agenda_minutes_error")).to_contain_text(refusal)  # at the field, and linked from the summary
    expect(page.locator("form.agenda-add [data-error-summary]")).to_be_focused()
    expect(page.get_by_role("link", name=re.compile(f"^Časová dotace \\(minuty\\): {refusal}"))).to_be_visible()

    # The timer of the first item runs.
    item = page.locator(f"#item-{first_item.pk}")
    item.get_by_role("button", name="Spustit časomíru").click()
    expect(item.locator(".timer")).to_have_text(re.compile(r"^9:5\d$"))

    # Minutes of the first item, saved in place.
    item.get_by_label("Co zaznělo").fill("Maminka popsala situaci s bydlením a docházkou.")
    item.get_by_label("Rozhodnutí").fill("Škola bude posílat týdenní přehled docházky.")
    item.get_by_role("button", name="Uložit zápis k bodu").click()
    expect(page.locator(f"#item-{first_item.pk}").get_by_text("Uloženo")).to_be_visible()

    # Attendance ticks.
    for name in ("Kateřina Bartošová", "Ivana Černá"):
        with page.expect_response(lambda r: "/attendance/" in r.url):
            page.get_by_label(f"{name}: Přítomen/a").check()
    expect(page.get_by_label("Ivana Černá: Přítomen/a")).to_be_checked()

    # Two tasks of the cooperation plan.
    tasks = page.locator("#tasks")
    tasks.get_by_label("Úkol").fill("Podat žádost o obecní byt")
    tasks.get_by_label("Zodpovídá:", exact=True).select_option(label="Kateřina Bartošová (Rodič)")
    tasks.get_by_label("Termín").fill("2026-12-18")
    tasks.get_by_role("button", name="Přidat úkol do plánu").click()
    expect(page.locator("#tasks").get_by_role("cell", name="Podat žádost o obecní byt")).to_be_visible()
    tasks = page.locator("#tasks")
    tasks.get_by_label("Úkol").fill("Zajistit doučování z matematiky")
    tasks.get_by_label("Zodpovídá:", exact=True).select_option(label="Ivana Černá (ZŠ Na Výsluní)")
    tasks.get_by_label("Termín").fill("2027-01-08")
    tasks.get_by_role("button", name="Přidat úkol do plánu").click()
    expect(page.locator("#tasks").get_by_role("cell", name="Zajistit doučování z matematiky")).to_be_visible()

    # Signatures: finalising too early is refused; then paper + refusal; then final.
    page.get_by_role("link", name="Podpisy").click()
    page.get_by_role("button", name="Uzavřít zápis").click()
    expect(page.get_by_text(re.compile("nepodepsali: Kateřina Bartošová, Ivana Černá"))).to_be_visible()

    page.get_by_role("link", name="Zaznamenat podpis: Kateřina Bartošová").click()
    page.get_by_label("Podpis").select_option(label="Podepsáno na papíře (přiložte sken)")
    scan = tmp_path / "podpis.pdf"
    scan.write_bytes(pdf_bytes())
    page.get_by_label("Sken podepsaného zápisu").set_input_files(str(scan))
    page.get_by_role("button", name="Zaznamenat").click()
    expect(page.get_by_text("Podpis je zaznamenán.")).to_be_visible()

    page.get_by_role("link", name="Zaznamenat podpis: Ivana Černá").click()
    page.get_by_label("Podpis").select_option(label="Odmítl/a podepsat")
    page.get_by_label("Poznámka").fill("podepíše po poradě s vedením")
    page.get_by_role("button", name="Zaznamenat").click()

    page.get_by_role("button", name="Uzavřít zápis").click()
    expect(page.get_by_text("Zápis je konečný.")).to_be_visible()
    expect(page.get_by_role("button", name="Přidat úkol do plánu")).to_have_count(0)

    with page.expect_download() as info:
        # The first PDF of the server process loads WeasyPrint and its fonts (4-6 s on a loaded
        # two-core machine): more than the default 10 s can pass before the download starts.
        page.get_by_role("link", name="Zápis (PDF)").click(timeout=30_000)
    text = "\n".join(p.extract_text() for p in PdfReader(info.value.path()).pages)
    assert "Kateřina Bartošová" in text and "Ivana Černá" in text
    assert "Podat žádost o obecní byt" in text and "18. 12. 2026" in text
    assert "Zajistit doučování z matematiky" in text and "8. 1. 2027" in text

    meeting.refresh_from_db()
    assert meeting.is_final
    assert mother.meeting.case.tasks.count() == 2
    # Holding the meeting proposed the follow-up about a month later.
    assert Meeting.objects.get(previous=meeting).status == Meeting.Status.PROPOSED
