"""The earliest open deadline kept on each case (``Case.open_task_due_on``), on which the
"overdue tasks" filter of the case list runs: it follows every write of a task, whoever makes
it, and no save of a case read earlier can put an old value back."""

import datetime

import pytest
from django.db.models import Exists, OuterRef
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from opora.cases import services
from opora.cases.models import Case, Task, refresh_open_task_due
from opora.cases.tests.factories import CaseFactory, TaskFactory
from opora.core.concurrency import save_versioned
from opora.core.testing.auth import login

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def due_of(case):
    return Case.objects.values_list("open_task_due_on", flat=True).get(pk=case.pk)


def test_the_earliest_open_deadline_follows_every_write_of_a_task(world):
    today = timezone.localdate()
    by = world.members["case_manager"]
    case = CaseFactory(organisation=world.org, lead=by, school=world.school)
    assert due_of(case) is None
    later = services.task_save(
        case=case, data={"title": "Later", "due_date": today + 5 * DAY, "responsible_label": "máma"}, by=by
    )
    assert due_of(case) == today + 5 * DAY
    first = TaskFactory(case=case, due_date=today - 2 * DAY)  # a plain save (the API, a meeting's task)
    TaskFactory(case=case, due_date=None)  # no deadline: never overdue
    assert due_of(case) == today - 2 * DAY
    first.status = Task.Status.DONE
    first.save()
    assert due_of(case) == today + 5 * DAY
    first.status = Task.Status.OPEN  # reopened
    first.due_date = today - 9 * DAY
    first.save()
    assert due_of(case) == today - 9 * DAY
    first.delete()
    assert due_of(case) == today + 5 * DAY
    later.status = Task.Status.CANCELLED
    later.save()
    assert due_of(case) is None


def test_a_case_saved_from_an_earlier_read_keeps_the_deadline_of_its_tasks(world):
    """A form reads the case, a colleague adds an overdue task, the form saves the case: the
    case must still be found among those with overdue tasks."""
    today = timezone.localdate()
    read_before = Case.objects.get(pk=world.case.pk)
    stamped = Case.objects.get(pk=world.case.pk)
    TaskFactory(case=world.case, due_date=today - DAY)
    read_before.close_persons_feedback = "Babička pomáhá."
    read_before.save()
    assert due_of(world.case) == today - DAY
    stamped.closure_summary = "—"
    save_versioned(stamped, stamp=None)  # every field, as an internal step saves
    assert due_of(world.case) == today - DAY


def test_the_overdue_filter_lists_exactly_the_cases_with_an_open_task_past_its_deadline(world):
    today = timezone.localdate()
    org, lead = world.org, world.members["case_manager"]
    made = {
        "overdue": [(today - DAY, Task.Status.OPEN)],
        "overdue_among_others": [(today + DAY, Task.Status.OPEN), (today - 30 * DAY, Task.Status.OPEN)],
        "due_today": [(today, Task.Status.OPEN)],
        "done_late": [(today - DAY, Task.Status.DONE)],
        "not_done": [(today - DAY, Task.Status.NOT_DONE)],
        "no_deadline": [(None, Task.Status.OPEN)],
        "no_tasks": [],
    }
    cases = {}
    for label, tasks in made.items():
        cases[label] = CaseFactory(organisation=org, lead=lead, school=world.school)
        for due, status in tasks:
            TaskFactory(case=cases[label], due_date=due, status=status)
    overdue = Exists(Task.objects.filter(case=OuterRef("pk"), status=Task.Status.OPEN, due_date__lt=today))
    expected = set(Case.objects.filter(organisation=org).filter(overdue).values_list("number", flat=True))
    assert expected >= {cases["overdue"].number, cases["overdue_among_others"].number}
    assert not expected & {cases[k].number for k in ("due_today", "done_late", "not_done", "no_deadline", "no_tasks")}
    client = login(Client(), world.members["coordinator"])
    listed = {case.number for case in client.get(reverse("cases:list") + "?overdue=on").context["page"]}
    assert listed == expected
    # A deadline passing needs no write: tomorrow the task due today is overdue.
    assert Case.objects.filter(pk=cases["due_today"].pk, open_task_due_on__lt=today + DAY).exists()


def test_refresh_sets_every_case_after_a_bulk_write(world):
    """Bulk writes (the data generators, COPY) send no signals: one UPDATE sets every case."""
    today = timezone.localdate()
    case = CaseFactory(organisation=world.org, lead=world.members["case_manager"], school=world.school)
    Task.objects.bulk_create([Task(case=case, title="x", responsible_label="y", due_date=today - DAY)])
    assert due_of(case) is None
    refresh_open_task_due(Case.objects.all())
    assert due_of(case) == today - DAY
