"""A case manager's morning, in Czech: the digest arrived overnight; My day shows exactly what
it listed; a call is recorded from the case list in two interactions; a task is marked done;
a second run of the reminders the same day sends nothing."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from opora.accounts.models import Role
from opora.cases.models import Activity, Task
from opora.cases.tests.factories import CaseFactory, StudentFactory, TaskFactory
from opora.core.testing.factories import MembershipFactory
from opora.day.services import reminders_send

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_a_case_managers_morning(page, sign_in):
    today = timezone.localdate()
    cm = MembershipFactory(role=Role.CASE_MANAGER, user__full_name="Petra Svobodová")
    org = cm.organisation
    anna = CaseFactory(
        organisation=org,
        lead=cm,
        state="active",
        student=StudentFactory(organisation=org, first_name="Anna", last_name="Malá"),
        last_contact_on=today - datetime.timedelta(days=2),
    )
    tomas = CaseFactory(
        organisation=org,
        lead=cm,
        state="active",
        student=StudentFactory(organisation=org, first_name="Tomáš", last_name="Veselý"),
        last_contact_on=today - datetime.timedelta(days=40),
    )
    TaskFactory(case=anna, title="Zavolat na OSPOD", due_date=today - datetime.timedelta(days=1))
    TaskFactory(case=anna, title="Domluvit SVP", due_date=today + datetime.timedelta(days=3))

    # The scheduler's run this morning, before she signs in.
    reminders_send(today=today)
    [digest] = [m for m in mail.outbox if m.to == [cm.user.email]]
    digest_lines = [_norm(line[2:]) for line in digest.body.splitlines() if line.startswith("- ")]
    assert len(digest_lines) == 3

    sign_in(page, cm)
    page.goto("/")
    expect(page.get_by_test_id("my-day")).to_be_visible()
    shown = [_norm(t) for t in page.get_by_test_id("day-item").all_inner_texts()]
    assert sorted(shown) == sorted(digest_lines)
    assert any("Zavolat na OSPOD" in s for s in shown) and any("Tomáš Veselý" in s for s in shown)

    # Record a call from the case list: open the row's form (1), type, save (2).
    page.get_by_role("link", name="Případy", exact=True).click()
    page.get_by_test_id(f"quick-open-{tomas.number}").click()
    form = page.get_by_test_id(f"quick-record-{tomas.number}")
    expect(form.get_by_label("Druh")).to_have_value("call")
    form.get_by_label("Co se stalo").fill("Telefonát s matkou, domluvena schůzka.")
    form.get_by_role("button", name="Uložit záznam").click()
    expect(page.locator(f"#quick-{tomas.pk}").get_by_role("status")).to_contain_text("Zaznamenáno: Telefonát")
    call = Activity.objects.get(case=tomas)
    assert (call.kind, call.occurred_on) == ("call", today)
    # A second record from the same row, without reloading: the form came back ready.
    expect(form.get_by_label("Druh")).to_have_value("call")
    expect(form.get_by_label("Co se stalo")).to_have_value("")
    form.get_by_label("Co se stalo").fill("Telefonát s třídní učitelkou.")
    form.get_by_role("button", name="Uložit záznam").click()
    expect(page.locator(f"#quick-{tomas.pk}").get_by_role("status")).to_contain_text("Zaznamenáno: Telefonát")
    expect(form.get_by_label("Co se stalo")).to_have_value("")
    notes = list(Activity.objects.filter(case=tomas).order_by("pk").values_list("note", "occurred_on"))
    assert notes == [("Telefonát s matkou, domluvena schůzka.", today), ("Telefonát s třídní učitelkou.", today)]

    # Mark the overdue task done on the plan.
    page.goto(f"/cases/{anna.pk}/?tab=plan")
    task = Task.objects.get(title="Zavolat na OSPOD")
    page.locator(f"#status-{task.pk}").select_option("done")
    page.locator(f"#task-{task.pk}").get_by_role("button", name="Změnit").click()
    expect(page.locator(f"#task-{task.pk}")).not_to_have_class(re.compile("overdue"))  # the row was replaced
    task.refresh_from_db()
    assert task.status == "done"

    # My day now: the call and the done task are gone; the reminders run again sends nothing.
    page.goto("/")
    now_shown = [_norm(t) for t in page.get_by_test_id("day-item").all_inner_texts()]
    assert len(now_shown) == 1 and "Domluvit SVP" in now_shown[0]
    sent = len(mail.outbox)
    reminders_send(today=today)
    assert len(mail.outbox) == sent
