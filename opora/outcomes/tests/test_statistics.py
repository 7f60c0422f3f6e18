"""Every statistics figure against the hand-computed fixture (see fixtures.py), the filters,
the annual report counts, and the number of queries not growing with the data."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from opora.cases.tests.factories import ActivityFactory, CaseFactory, GoalFactory
from opora.outcomes import selectors
from opora.outcomes.models import AttendanceMonth, CaseOutcome
from opora.outcomes.selectors import Filters
from opora.outcomes.tests.fixtures import YEAR_2025, D, build

pytestmark = pytest.mark.django_db


@pytest.fixture
def f():
    return build()


def _tables(membership, filters=YEAR_2025):
    with translation.override("en"):
        return {t.key: t for t in selectors.statistics(membership, filters)}


def _column(table, col=1):
    return [row[col] for row in table.rows]


def test_every_figure_of_the_coordinators_year_matches_the_hand_count(f):
    t = _tables(f.coordinator)
    assert _column(t["clients"]) == [4, 2, 3]  # c1 c2 c3 c6 run; c2 c3 new; c1 c2 c6 closed
    assert t["closure_reasons"].rows == [
        ["Needs met", 1],
        ["Cooperation refused", 1],
        ["Cooperation not established", 0],
        ["Other (moved away, aged out…)", 1],
    ]
    assert t["closure_reasons"].extra["totals"] == [3]
    assert _column(t["case_length"]) == [1, 1, 0, 1]  # c2 45 days, c1 137, c6 578
    activities = {row[0]: row[1:] for row in t["activities"].rows}
    assert activities["Meeting"] == [2, 2.5, 2]
    assert activities["Phone call"] == [1, 0.3, 1]
    assert activities["Home visit"] == [1, 2.0, 1]
    assert activities["E-mail"] == [0, 0.0, 0]
    assert t["activities"].extra["totals"] == [4, 4.8, 4]
    meetings = {row[0]: row[1:] for row in t["meetings"].rows}
    # The cancelled meeting and the one of 2024 are not counted.
    assert meetings == {"Case conference": [1, 1], "Case meeting at school": [0, 0], "Educational commission": [1, 1]}
    assert t["goals"].rows == [["Achieved", 1], ["Partly achieved", 1], ["Not achieved", 1], ["In progress", 1]]
    assert _column(t["outcomes"]) == [3, 1, 1, 0, 1, 1]
    caseload = {row[0]: row[1:] for row in t["caseload"].rows}
    # c3 and c5 are open, both led by cm1, intensive model (1 : 30) → 2/30 = 7 %.
    assert caseload["Alena Alfová"] == [2, 7] and caseload["Bára Betová"] == [0, 0]


def test_the_filters_narrow_every_table(f):
    by_worker = _tables(f.coordinator, Filters(D(2025, 1, 1), D(2025, 12, 31), lead_id=f.cm2.pk))
    assert _column(by_worker["clients"]) == [1, 1, 1]
    assert _column(by_worker["closure_reasons"]) == [0, 1, 0, 0]
    by_referrer = _tables(f.coordinator, Filters(D(2025, 1, 1), D(2025, 12, 31), referrer_kind="ospod"))
    assert _column(by_referrer["clients"]) == [1, 1, 1]
    by_school = _tables(f.coordinator, Filters(D(2025, 1, 1), D(2025, 12, 31), school_id=f.school_b.pk))
    assert _column(by_school["clients"]) == [1, 1, 0]
    assert _column(by_school["goals"]) == [0, 0, 0, 1]
    first_quarter = _tables(f.coordinator, Filters(D(2025, 1, 1), D(2025, 3, 31)))
    # c1 c2 c6 run in Q1 (c3 opens in May); c2 is new; c1 closed.
    assert _column(first_quarter["clients"]) == [3, 1, 1]


def test_the_school_sees_only_its_own_students_and_no_service_tables(f):
    t = _tables(f.staff_a)
    assert "caseload" not in t and "funnel" not in t
    # School A referred c1, c4, c5, c6 (c2 came from OSPOD): c1 and c6 run in 2025 — 2, hidden.
    assert _column(t["clients"]) == [None, None, None]
    assert all(cell is None or cell >= 3 for table in t.values() for row in table.rows for cell in row[1:])


def test_the_school_filter_cannot_widen_a_school_users_scope(f, client, login):
    login(client, f.staff_a)
    base = reverse("outcomes:statistics_export", args=["clients", "csv"])
    own = client.get(f"{base}?date_from=2025-01-01&date_to=2025-12-31").content
    other = client.get(f"{base}?date_from=2025-01-01&date_to=2025-12-31&school={f.school_b.pk}").content
    assert own == other


def test_the_annual_report_counts_the_year_as_defined_on_the_page(f, client, login):
    with translation.override("en"):
        report = selectors.annual_report(f.coordinator, 2025)
    summary, by_kind = report["tables"]
    # Students with an activity in 2025: c1, c2, c3. Contacts: the 20-minute call. Interventions:
    # the 60- and 90-minute meetings and the 120-minute home visit. 290 minutes in all.
    assert summary.rows == [["Clients", 3], ["Contacts", 1], ["Interventions", 3], ["Hours of direct work", 4.8]]
    rows = {row[0]: row[1:] for row in by_kind.rows}
    assert rows["Meeting"] == [2, 2.5] and rows["Home visit"] == [1, 2.0] and rows["Phone call"] == [0, 0.0]
    login(client, f.coordinator)
    page = client.get(reverse("outcomes:annual_report") + "?year=2025").content.decode()
    assert "Definice" in page and "kratší než 30 minut" in page


def test_the_statistics_page_draws_a_chart_beside_each_table(f, client, login):
    login(client, f.coordinator)
    page = client.get(reverse("outcomes:statistics") + "?date_from=2025-01-01&date_to=2025-12-31").content.decode()
    for key in ("clients", "closure_reasons", "case_length", "activities", "meetings", "goals", "outcomes", "caseload"):
        assert f'data-testid="chart-{key}"' in page and f'data-testid="table-{key}"' in page
    assert "<script" not in page.split("<main", 1)[-1].split("</main>")[0]


def _count_queries(membership):
    with CaptureQueriesContext(connection) as ctx:
        selectors.statistics(membership, YEAR_2025)
        selectors.annual_report(membership, 2025)
    return len(ctx.captured_queries)


def test_the_number_of_queries_does_not_grow_with_the_cases(f):
    before = _count_queries(f.coordinator)
    for i in range(30):
        c = CaseFactory(
            organisation=f.org,
            lead=f.cm2,
            opened_at=D(2025, 2, 1),
            closed_at=D(2025, 6, 1),
            state="closed",
            closure_reason="needs_met",
        )
        ActivityFactory(case=c, occurred_on=D(2025, 3, 1))
        GoalFactory(case=c)
        CaseOutcome.objects.create(case=c, in_education_at_closure="yes")
        AttendanceMonth.objects.create(student=c.student, month=D(2025, 2, 1), unexcused_hours=i)
    assert _count_queries(f.coordinator) == before
    assert _tables(f.coordinator)["clients"].rows[0][1] == 34


def test_a_period_that_ends_before_it_starts_is_refused_and_changes_nothing(f, client, login):
    login(client, f.coordinator)
    response = client.get(reverse("outcomes:statistics") + "?date_from=2025-12-01&date_to=2025-01-01")
    assert response.status_code == 200
    assert "Období končí dříve, než začíná." in response.content.decode()


def test_the_default_period_is_the_current_year(f, client, login):
    login(client, f.coordinator)
    response = client.get(reverse("outcomes:statistics"))
    year = datetime.date.today().year
    assert f"date_from={year}-01-01" in response.content.decode()
