"""The coordinator's team panel of My day: each case manager's overdue tasks."""

import datetime

import pytest
from django.utils import timezone

from opora.accounts.models import Role
from opora.cases.models import Task
from opora.cases.tests.factories import CaseFactory, TaskFactory
from opora.core.testing.factories import MembershipFactory, OrganisationFactory
from opora.day import selectors

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def test_overdue_tasks_are_counted_per_lead_of_open_cases_of_the_organisation():
    today = timezone.localdate()
    org = OrganisationFactory()
    coordinator = MembershipFactory(organisation=org, role=Role.COORDINATOR)
    anna, bara = (MembershipFactory(organisation=org, role=Role.CASE_MANAGER) for _ in range(2))
    case_a = CaseFactory(organisation=org, lead=anna, state="active")
    TaskFactory(case=case_a, due_date=today - 3 * DAY)
    TaskFactory(case=case_a, due_date=today - DAY)
    TaskFactory(case=case_a, due_date=today)  # due today: not overdue
    TaskFactory(case=case_a, due_date=today - 9 * DAY, status=Task.Status.DONE)
    # A case whose earliest open deadline is in the future has nothing overdue…
    case_b = CaseFactory(organisation=org, lead=bara, state="active")
    TaskFactory(case=case_b, due_date=today + 2 * DAY)
    # …until a task of it is late (the case's earliest deadline follows its tasks).
    late = TaskFactory(case=case_b, due_date=today + 5 * DAY)
    # Closed cases and another organisation's cases are not the team's work.
    TaskFactory(case=CaseFactory(organisation=org, lead=bara, state="closed"), due_date=today - DAY)
    other = OrganisationFactory()
    TaskFactory(case=CaseFactory(organisation=other, state="active"), due_date=today - DAY)

    def overdue():
        return {row["membership"].pk: row["overdue"] for row in selectors.team_rows(coordinator)}

    assert overdue()[anna.pk] == 2
    assert overdue()[bara.pk] == 0

    late.due_date = today - 4 * DAY
    late.save()
    assert overdue()[bara.pk] == 1
