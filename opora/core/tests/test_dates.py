"""Date arithmetic of opora.core.dates in the database."""

import datetime

import pytest


@pytest.mark.django_db
def test_days_between_counts_whole_days_in_the_database_across_a_dst_change():
    """`DaysBetween` is date arithmetic in SQL (PostgreSQL and SQLite alike): whole calendar
    days, also over the spring DST change and a leap day, negative for a later start."""
    from django.db.models import F

    from opora.cases.models import Case
    from opora.cases.tests.factories import CaseFactory
    from opora.core.dates import DaysBetween

    starts = [datetime.date(2026, 3, 28), datetime.date(2024, 2, 28), datetime.date(2026, 4, 3)]
    cases = [CaseFactory(opened_at=start) for start in starts]
    rows = dict(
        Case.objects.filter(pk__in=[c.pk for c in cases])
        .annotate(days=DaysBetween(F("opened_at"), datetime.date(2026, 3, 30)))
        .values_list("opened_at", "days")
    )
    assert rows == {starts[0]: 2, starts[1]: 761, starts[2]: -4}


def test_a_request_has_one_time_for_all_who_ask(monkeypatch):
    """A panel's prepared query and its load ask for the request's time at different moments:
    both get the first one (a new minute in between made the load run its query again)."""
    import itertools

    from django.test import RequestFactory
    from django.utils import timezone

    from opora.core.dates import request_now

    start = timezone.now()
    clock = (start + datetime.timedelta(seconds=61 * i) for i in itertools.count())
    monkeypatch.setattr(timezone, "now", lambda: next(clock))
    first, second = RequestFactory().get("/"), RequestFactory().get("/")
    assert request_now(first) == request_now(first) == start
    assert request_now(second) == start + datetime.timedelta(seconds=61)
