"""Date arithmetic in local wall-clock time.

An aware datetime is stored in UTC; adding weeks to it keeps the UTC hour, so a meeting at
09:00 in summer (07:00 UTC) would be proposed for 08:00 after the change to winter time.
People plan by the clock on the wall: add to the local time, then find its instant again."""

import datetime

from django.db.models import DateField, Func, IntegerField, Value
from django.utils import timezone


def add_local(moment: datetime.datetime, delta: datetime.timedelta) -> datetime.datetime:
    """`moment` + `delta` keeping the local wall-clock time (in the current time zone) across
    daylight-saving changes. A wall time that does not exist (the spring gap) moves forward by
    the gap; an ambiguous one (the autumn repeat) is read as the first (summer) instant."""
    zone = timezone.get_current_timezone()
    wall = timezone.localtime(moment, zone).replace(tzinfo=None) + delta
    aware = wall.replace(tzinfo=zone, fold=0)
    # Normalise a non-existent wall time (zoneinfo keeps it as given): round-trip through UTC.
    return aware.astimezone(datetime.UTC).astimezone(zone)


class DaysBetween(Func):
    """In SQL, the whole days from the date expression `start` to the date `end` (``end -
    start``; negative when `start` is later): date subtraction on PostgreSQL, ``julianday()`` on
    SQLite. Lets the database filter and order by "due after N days", N being a column."""

    output_field = IntegerField()
    template = "(%(expressions)s)"
    arg_joiner = " - "

    def __init__(self, start, end: datetime.date):
        super().__init__(Value(end, output_field=DateField()), start)

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) AS INTEGER)",
            arg_joiner=") - julianday(",
            **extra_context,
        )


def request_now(request):
    """The time of `request`, taken once: every part of a page that asks gets the same (a panel's
    prepared query and its load must give the same values, ``orm.prefetched``)."""
    found = getattr(request, "_opora_now", None)
    if found is None:
        found = request._opora_now = timezone.now()
    return found
