"""Keyboard only, as a screen-reader user works: the meeting page (attendance, a task refused and
then corrected, the minutes of an item) and the plan tab. After every in-place update the focus
stays where the user was and the result is said in the page's live region (#live-status)."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from opora.accounts.models import Role
from opora.cases.models import ClosePerson, Task
from opora.cases.tests.factories import CaseFactory, StudentFactory, TaskFactory
from opora.core.testing.factories import MembershipFactory, SchoolFactory
from opora.meetings import services
from opora.meetings.models import Kind, Participant
from opora.meetings.tests.factories import PRAGUE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _focused_id(page):
    return page.evaluate("document.activeElement && document.activeElement.id")


def _case(name="Petra Svobodová"):
    cm = MembershipFactory(role=Role.CASE_MANAGER, user__full_name=name)
    school = SchoolFactory(organisation=cm.organisation, name="ZŠ Na Výsluní")
    student = StudentFactory(organisation=cm.organisation, school=school, first_name="Matěj", last_name="Bartoš")
    return cm, CaseFactory(organisation=cm.organisation, student=student, school=school, lead=cm)


def test_the_meeting_page_by_keyboard_keeps_the_focus_and_announces_each_result(page, sign_in):
    cm, case = _case()
    start = datetime.datetime.combine(datetime.date.today() + datetime.timedelta(days=1), datetime.time(14, 0), PRAGUE)
    meeting = services.meeting_create(case=case, kind=Kind.SCHOOL_CASE_MEETING, start=start, place="ředitelna", by=cm)
    mother_record = ClosePerson.objects.create(
        student=case.student, name="Kateřina Bartošová", relation="matka", legal_guardian=True
    )
    mother = services.participant_add(meeting=meeting, close_person=mother_record, role="parent", by=cm)
    item = meeting.agenda.order_by("order").first()
    live = page.locator("#live-status")

    sign_in(page, cm)
    page.goto(f"/meetings/{meeting.pk}/")

    # Every button has its own name: one "Save" per participant, one timer per agenda item.
    names = page.evaluate(
        """[...document.querySelectorAll('#attendance button, #agenda button')]
             .map(b => b.getAttribute('aria-label') || b.textContent.trim())"""
    )
    assert len(names) == len(set(names)), names
    expect(page.get_by_role("button", name=f"Spustit časomíru bodu {item.order}. {item.title}")).to_have_count(1)

    # Attendance: an arrow key only moves the choice; nothing is saved, the row stays in place.
    page.locator(f"#participant-{mother.pk}").evaluate("row => { row.dataset.original = 'yes'; }")
    page.get_by_label("Kateřina Bartošová: Neznámá").focus()
    page.keyboard.press("ArrowRight")
    expect(page.get_by_label("Kateřina Bartošová: Přítomen/a")).to_be_checked()
    expect(page.get_by_label("Kateřina Bartošová: Přítomen/a")).to_be_focused()
    page.wait_for_timeout(500)
    mother.refresh_from_db()
    assert mother.attendance == Participant.Attendance.UNKNOWN
    expect(page.locator(f"#participant-{mother.pk}[data-original=yes]")).to_have_count(1)
    # The row's own button saves; the focus stays on it and the result is announced.
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Uložit docházku: Kateřina Bartošová")).to_be_focused()
    with page.expect_response(lambda r: "/attendance/" in r.url):
        page.keyboard.press("Enter")
    expect(live).to_have_text("Docházka uložena: Kateřina Bartošová, Přítomen/a.")
    assert _focused_id(page) == f"attendance-save-{mother.pk}"
    expect(page.locator(f"#participant-{mother.pk}[data-original=yes]")).to_have_count(0)  # replaced
    mother.refresh_from_db()
    assert mother.attendance == Participant.Attendance.PRESENT

    # A task without a title: the 422 with the errors is swapped in, the summary takes the focus
    # and its link leads to the field.
    title = page.locator("#task_title")
    title.focus()
    with page.expect_response(lambda r: "/tasks/" in r.url and r.status == 422):
        page.keyboard.press("Enter")
    summary = page.locator("#tasks [data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Úkol: Toto pole je třeba vyplnit.")
    expect(title).to_have_attribute("aria-invalid", "true")
    assert "task_title_error" in title.get_attribute("aria-describedby")
    page.keyboard.press("Tab")
    expect(summary.get_by_role("link", name=re.compile("^Úkol"))).to_be_focused()
    page.keyboard.press("Enter")
    expect(title).to_be_focused()
    page.keyboard.type("Podat žádost o obecní byt")
    page.keyboard.press("Tab")  # Responsible
    expect(page.locator("#task_responsible")).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(page.locator("#task_responsible")).to_have_value(f"l:{mother.pk}")
    page.keyboard.press("Tab")  # Responsible (other person): Enter in a text field sends the form
    with page.expect_response(lambda r: "/tasks/" in r.url and r.status == 200):
        page.keyboard.press("Enter")
    expect(live).to_have_text("Úkol je v plánu spolupráce.")
    expect(page.locator("#tasks").get_by_role("cell", name="Podat žádost o obecní byt")).to_be_visible()
    assert _focused_id(page) == "task_responsible_label"
    assert case.tasks.filter(title="Podat žádost o obecní byt").exists()

    # The minutes of an item: typed, saved with its own button; the focus stays on the button.
    notes = page.locator(f"#notes-{item.pk}")
    notes.focus()
    page.keyboard.type("Maminka popsala situaci.")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    save = page.get_by_role("button", name=f"Uložit zápis k bodu {item.order}. {item.title}")
    expect(save).to_be_focused()
    with page.expect_response(lambda r: "/minutes/" in r.url):
        page.keyboard.press("Enter")
    expect(live).to_have_text(f"Zápis k bodu {item.order}. {item.title} je uložen.")
    assert _focused_id(page) == f"save-minutes-{item.pk}"
    item.refresh_from_db()
    assert item.notes == "Maminka popsala situaci."


def test_the_plan_tab_by_keyboard(page, sign_in):
    cm, case = _case()
    task = TaskFactory(case=case, title="Zajistit doučování", responsible_membership=cm)
    live = page.locator("#live-status")
    sign_in(page, cm)
    page.goto(f"/cases/{case.pk}/?tab=plan")

    # The status: chosen with the arrow key, changed with the row's button, which keeps the focus.
    select = page.locator(f"#status-{task.pk}")
    select.focus()
    page.keyboard.press("ArrowDown")
    expect(select).to_have_value(Task.Status.choices[1][0])
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Změnit stav úkolu Zajistit doučování")).to_be_focused()
    with page.expect_response(lambda r: "/status/" in r.url):
        page.keyboard.press("Enter")
    expect(live).to_have_text(f"Úkol Zajistit doučování má nyní stav: {Task.Status.choices[1][1]}.")
    assert _focused_id(page) == f"status-save-{task.pk}"
    task.refresh_from_db()
    assert task.status == Task.Status.choices[1][0]

    # A link styled as a button answers Space.
    page.get_by_role("link", name="Nový úkol").focus()
    page.keyboard.press(" ")
    expect(page).to_have_url(re.compile(r"/task/new/$"))

    # A full-page form error: the summary has the focus, the title says "Chyba", fields are linked.
    title_field = page.locator("form").get_by_role("textbox").first
    title_field.focus()
    page.keyboard.press("Enter")
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile(r"^Chyba: "))
    link = summary.get_by_role("link").first
    target = link.get_attribute("href")[1:]
    expect(page.locator(f"#{target}")).to_have_attribute("aria-invalid", "true")
    expect(page.locator(f"label[for={target}]")).to_have_class(re.compile(r"\brequired\b"))
    assert page.locator(f"#{target}").evaluate("el => el.required")
    page.keyboard.press("Tab")
    expect(link).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(f"#{target}")).to_be_focused()
