"""A school user never receives a statistics cell under 3 — on the page, in the CSV or in the
XLSX — whatever the data; and a single hidden cell cannot be worked out from a total."""

import csv
import io
import re

import openpyxl
import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opora.accounts.models import Role
from opora.cases.models import Activity, ClosureReason
from opora.cases.tests.factories import ActivityFactory, CaseFactory, StudentFactory
from opora.core.testing.auth import login
from opora.core.testing.factories import MembershipFactory, OrganisationFactory, SchoolFactory
from opora.outcomes import selectors
from opora.outcomes.models import CaseOutcome
from opora.outcomes.tests.fixtures import YEAR_2025, D

pytestmark = pytest.mark.django_db

QUERY = "?date_from=2025-01-01&date_to=2025-12-31"
REASONS = ["", *ClosureReason.values]
case_spec = st.tuples(
    st.sampled_from(REASONS),  # "" = still open
    st.sampled_from(Activity.Kind.values),
    st.integers(min_value=0, max_value=3),  # activities
    st.sampled_from(["yes", "no", "unknown"]),
    st.sampled_from(["school", "ospod"]),  # OSPOD's referrals are not the school's to see
)


def _numbers_of_tables(tables):
    return [cell for t in tables for row in t.rows for cell in row[1:]]


def _xlsx_numbers(content):
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [c.value for ws in book.worksheets for row in ws.iter_rows(min_row=2) for c in row[1:]]


@pytest.fixture
def school_world(db):
    org = OrganisationFactory()
    school = SchoolFactory(organisation=org)
    staff = MembershipFactory(organisation=org, role=Role.SCHOOL_STAFF, school=school)
    lead = MembershipFactory(organisation=org, role=Role.CASE_MANAGER)
    return org, school, staff, lead


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cases=st.lists(case_spec, max_size=9))
def test_no_cell_under_three_reaches_a_school_user(school_world, cases):
    org, school, staff, lead = school_world
    with transaction.atomic():
        for reason, kind, n_activities, in_education, referrer in cases:
            student = StudentFactory(organisation=org, school=school)
            case = CaseFactory(
                organisation=org,
                student=student,
                school=school,
                lead=lead,
                opened_at=D(2025, 2, 1),
                closed_at=D(2025, 9, 1) if reason else None,
                state="closed" if reason else "active",
                closure_reason=reason,
                referrer_kind=referrer,
            )
            for _ in range(n_activities):
                ActivityFactory(case=case, kind=kind, occurred_on=D(2025, 3, 1))
            CaseOutcome.objects.create(case=case, in_education_at_closure=in_education)

        tables = selectors.statistics(staff, YEAR_2025)
        assert all(n is None or n >= 3 for n in _numbers_of_tables(tables))
        for t in tables:
            if t.total:
                for col in range(1, len(t.headers)):
                    hidden = [row[col] for row in t.rows if row[col] is None]
                    assert len(hidden) != 1, f"{t.key}: one hidden cell can be worked out from the total"

        client = Client()
        login(client, staff)
        xlsx = client.get(reverse("outcomes:statistics_export", args=["all", "xlsx"]) + QUERY).content
        assert all(not isinstance(v, int | float) or v >= 3 for v in _xlsx_numbers(xlsx))
        for key in ("clients", "closure_reasons", "activities", "outcomes"):
            body = client.get(reverse("outcomes:statistics_export", args=[key, "csv"]) + QUERY).content
            rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
            for row in rows[1:]:
                for cell in row[1:]:
                    assert not re.fullmatch(r"[0-2](\.\d+)?", cell), (key, row)
        transaction.set_rollback(True)


def test_the_coordinator_sees_the_small_cells_the_school_does_not(school_world):
    org, school, staff, lead = school_world
    CaseFactory(organisation=org, school=school, lead=lead, opened_at=D(2025, 2, 1))
    coordinator = MembershipFactory(organisation=org, role=Role.COORDINATOR)
    assert selectors.statistics(coordinator, YEAR_2025)[0].rows[0][1] == 1
    assert selectors.statistics(staff, YEAR_2025)[0].rows[0][1] is None


def test_staff_of_another_school_do_not_count_our_students(school_world):
    org, school, staff, lead = school_world
    for _ in range(4):
        CaseFactory(organisation=org, school=school, lead=lead, opened_at=D(2025, 2, 1))
    other_staff = MembershipFactory(organisation=org, role=Role.SCHOOL_STAFF, school=SchoolFactory(organisation=org))
    assert selectors.statistics(staff, YEAR_2025)[0].rows[0][1] == 4
    assert selectors.statistics(other_staff, YEAR_2025)[0].rows[0][1] is None


def test_another_organisations_coordinator_counts_none_of_ours(school_world, client):
    org, school, staff, lead = school_world
    for _ in range(5):
        CaseFactory(organisation=org, school=school, lead=lead, opened_at=D(2025, 2, 1))
    intruder = MembershipFactory(role=Role.COORDINATOR)
    login(client, intruder)
    body = client.get(reverse("outcomes:statistics_export", args=["clients", "csv"]) + QUERY).content
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert [row[1] for row in rows[1:]] == ["0", "0", "0"]


def test_a_school_user_gets_no_caseload_or_funnel_export(school_world, client):
    org, school, staff, lead = school_world
    login(client, staff)
    for key in ("caseload", "funnel"):
        assert client.get(reverse("outcomes:statistics_export", args=[key, "csv"]) + QUERY).status_code == 404
    assert client.get(reverse("outcomes:annual_report")).status_code == 403
