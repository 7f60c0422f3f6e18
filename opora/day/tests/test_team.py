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


def test_the_team_panel_shows_each_case_manager_escaped_with_links_to_their_cases(client, login):
    from django.urls import reverse

    today = timezone.localdate()
    org = OrganisationFactory()
    coordinator = MembershipFactory(organisation=org, role=Role.COORDINATOR)
    eva = MembershipFactory(organisation=org, role=Role.CASE_MANAGER, user__full_name='Eva <b>"Nová"</b>')
    ida = MembershipFactory(organisation=org, role=Role.CASE_MANAGER, user__full_name="Ida Klidná")
    TaskFactory(case=CaseFactory(organisation=org, lead=eva, state="active"), due_date=today - DAY)
    CaseFactory(organisation=org, lead=ida, state="active")
    # Another organisation's case manager is not on the team.
    MembershipFactory(organisation=OrganisationFactory(), role=Role.CASE_MANAGER, user__full_name="Cizí Kolegyně")

    html = login(client, coordinator).get(reverse("core:home")).content.decode()
    panel = html[html.index('data-testid="team-day"') :]
    panel = panel[: panel.index("</section>")]
    cases = reverse("cases:list")
    assert f'<a href="{cases}?lead={eva.pk}&amp;state=open">Eva &lt;b&gt;&quot;Nová&quot;&lt;/b&gt;</a>' in panel
    assert f'<td class="overdue"><a href="{cases}?lead={eva.pk}&amp;overdue=on">1</a></td>' in panel
    assert f'<a href="{cases}?lead={ida.pk}&amp;state=open">Ida Klidná</a></td><td>1</td>' in panel
    assert "<b>" not in panel and "Cizí" not in panel
    assert panel.count("<tr>") == 3  # the head and two case managers


def test_the_team_is_read_by_compiled_queries_that_give_what_their_querysets_give(django_assert_num_queries):
    from opora.cases import selectors as case_selectors

    today = timezone.localdate()
    org, other = OrganisationFactory(), OrganisationFactory()
    coordinator = MembershipFactory(organisation=org, role=Role.COORDINATOR)
    managers = [MembershipFactory(organisation=o, role=Role.CASE_MANAGER) for o in (org, org, other)]
    for i, lead in enumerate(managers):
        for state in ("active", "evaluation", "closed"):
            TaskFactory(
                case=CaseFactory(organisation=lead.organisation, lead=lead, state=state), due_date=today - i * DAY
            )
    for membership in (coordinator, MembershipFactory(organisation=other, role=Role.COORDINATOR)):
        organisation = membership.organisation_id
        compiled = case_selectors._MANAGERS(organisation=organisation)
        built = list(case_selectors._managers(organisation))
        assert [(m.pk, m.user.full_name) for m in compiled] == [(m.pk, m.user.full_name) for m in built]
        assert sorted(case_selectors._OPEN_LOAD(organisation=organisation)) == sorted(
            case_selectors._open_load(organisation)
        )
        overdue = selectors.access.compiled_for(
            selectors._OVERDUE_QUERIES, "overdue", selectors._overdue_per_lead, membership, today=today
        )
        assert sorted(overdue) == sorted(selectors._overdue_per_lead(membership, today))
    # The rows name each manager without reading the account again.
    with django_assert_num_queries(3):  # the managers, the open cases, the overdue tasks
        rows = selectors.team_rows(coordinator)
        names = {row["membership"].pk: row["membership"].user.full_name for row in rows}
    assert names == {m.pk: m.user.full_name for m in managers[:2]}
    assert {row["membership"].pk: row["overdue"] for row in rows} == {managers[0].pk: 0, managers[1].pk: 2}
