"""The case header's badges (consent, attendance) send their queries together (``Panel.prepare``,
one PostgreSQL pipeline): the page is the one their own queries give, by the same queries, and a
membership that does not see a badge does not have its query run."""

import contextlib
import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from opora.consents.tests.factories import ConsentFactory
from opora.core import orm
from opora.core.testing.auth import login
from opora.outcomes import services as outcomes_services

pytestmark = pytest.mark.django_db


def _page(membership, case):
    client = login(Client(), membership)
    url = reverse("cases:detail", args=[case.pk])
    client.get(url)  # the session written once
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())
    html = re.sub(r'"X-CSRFToken": "[^"]+"', "", html)
    statements = sorted(re.sub(r"'[^']*'", "?", q["sql"]) for q in queries.captured_queries)
    return html, statements


@pytest.fixture
def case_with_badges(world):
    from opora.cases.models import Case

    today = timezone.localdate()
    Case.objects.filter(pk=world.case.pk).update(state="active")  # the header of a case being worked on
    ConsentFactory(case=world.case, valid_until=today + datetime.timedelta(days=5))
    lead = world.members["case_manager"]
    outcomes_services.attendance_month_save(
        case=world.case, month=today.replace(day=1), excused=0, unexcused=30, by=lead
    )
    return world.case


@pytest.mark.parametrize("persona", ["case_manager", "school_staff"])
def test_the_header_is_the_same_page_by_the_same_queries_when_the_badges_go_together(
    world, case_with_badges, persona, monkeypatch
):
    pipelines = []
    send_and_read = orm._pipelined
    monkeypatch.setattr(
        orm,
        "_pipelined",
        lambda conn, group: pipelines.append([c.compiled["sql"] for c in group]) or send_and_read(conn, group),
    )
    together, together_queries = _page(world.members[persona], case_with_badges)
    if persona == "case_manager":
        assert "data-consent-status=" in together and 'data-testid="attendance-badge"' in together
    else:  # the school's view: no badge, no badge's query
        assert "data-consent-status" not in together and "attendance-badge" not in together
    if connection.vendor == "postgresql" and persona == "case_manager":
        # The two badges' queries in one round trip.
        badges = [
            group
            for group in pipelines
            if any('FROM "consents_consent"' in sql for sql in group)
            and any('FROM "outcomes_latestattendance"' in sql for sql in group)
        ]
        assert len(badges) == 2 and all(len(group) == 2 for group in badges), pipelines  # one per request
    elif connection.vendor != "postgresql":
        assert pipelines == []

    @contextlib.contextmanager
    def not_together(calls):
        yield

    monkeypatch.setattr(orm, "prefetched", not_together)
    alone, alone_queries = _page(world.members[persona], case_with_badges)
    assert together == alone
    assert together_queries == alone_queries  # nothing prepared in vain, nothing run twice
