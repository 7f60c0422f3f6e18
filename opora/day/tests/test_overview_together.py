"""The overview (My day and the panels) sends the queries that need nothing read before them
together (``orm.prefetched``, one PostgreSQL pipeline) and My day's rules theirs after the
caseload (``DayContext.prefetch``). The page must be exactly what it is when every part runs its
own queries as it goes, with the same queries — none run twice, none prepared in vain."""

import contextlib
import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from opora.accounts.models import Role
from opora.agreements.tests.factories import AgreementFactory
from opora.cases.tests.factories import CaseFactory, GoalFactory, TaskFactory
from opora.consents.tests.factories import ConsentFactory
from opora.core import orm
from opora.core.testing.auth import login
from opora.core.testing.factories import MembershipFactory, OrganisationFactory
from opora.day import rules
from opora.meetings.tests.factories import MeetingFactory
from opora.outcomes import services as outcomes_services
from opora.reports.tests.factories import CaseReportFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    today = timezone.localdate()
    org = OrganisationFactory()
    cm = MembershipFactory(organisation=org, role=Role.CASE_MANAGER)
    coordinator = MembershipFactory(organisation=org, role=Role.COORDINATOR)
    cases = [CaseFactory(organisation=org, lead=cm, state="active", opened_at=today.replace(day=1)) for _ in range(3)]
    # A referral no case manager leads yet: the coordinator's.
    CaseFactory(organisation=org, lead=coordinator, state="referred", opened_at=today)
    for i, case in enumerate(cases):
        TaskFactory(case=case, title=f"Po termínu {i}", due_date=today - datetime.timedelta(days=i + 1))
        TaskFactory(case=case, title=f"Tento týden {i}", due_date=today + datetime.timedelta(days=i))
        GoalFactory(case=case, title=f"Cíl {i}", review_on=today + datetime.timedelta(days=i))
        ConsentFactory(case=case, valid_until=today + datetime.timedelta(days=5 + i))
        start = timezone.make_aware(datetime.datetime.combine(today + datetime.timedelta(days=i + 1), datetime.time(9)))
        MeetingFactory(case=case, start=start)
    AgreementFactory(case=cases[0], status="signed", review_on=today)
    CaseReportFactory(case=cases[1], status="submitted")
    outcomes_services.attendance_month_save(case=cases[2], month=today.replace(day=1), excused=0, unexcused=30, by=cm)
    return {"cm": cm, "coordinator": coordinator}


def _page(membership):
    client = login(Client(), membership)
    client.get(reverse("core:home"))  # the session written once
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("core:home"))
    assert response.status_code == 200
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())
    html = re.sub(r'"X-CSRFToken": "[^"]+"', "", html)
    # The session's key and the times of the request apart, the same statements.
    return html, sorted(re.sub(r"'[^']*'", "?", q["sql"]) for q in queries.captured_queries)


@pytest.mark.parametrize("who", ["cm", "coordinator"])
def test_the_overview_is_the_same_page_by_the_same_queries_when_they_are_sent_together(office, who, monkeypatch):
    pipelines = []
    send_and_read = orm._pipelined
    monkeypatch.setattr(
        orm, "_pipelined", lambda conn, group: pipelines.append(len(group)) or send_and_read(conn, group)
    )
    together, together_queries = _page(office[who])
    if connection.vendor == "postgresql":
        # The panels' and the first of My day's, then My day's rules after the caseload.
        assert len(pipelines) >= 2 and sum(pipelines) >= 6, pipelines
    else:
        assert pipelines == []

    # Each part on its own: no panel prepares, My day's rules are not sent before they run.
    @contextlib.contextmanager
    def not_together(calls):
        yield

    monkeypatch.setattr(orm, "prefetched", not_together)
    monkeypatch.setattr(rules.DayContext, "prefetch", lambda self, chosen: None)
    alone, alone_queries = _page(office[who])
    assert together == alone
    assert together_queries == alone_queries  # nothing prepared in vain, nothing run twice
    for text in ("Po termínu 0", "Tento týden 2", "Cíl 1"):
        assert (text in together) == (who == "cm")
