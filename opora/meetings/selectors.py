"""Reads of the meetings app, filtered through opora.access."""

import functools

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from opora import access
from opora.core.orm import CompiledQuery
from opora.meetings.models import AgendaItem, Amendment, Meeting, MeetingTask, Participant


def upcoming_for(membership, *, include_past_days: int = 0, since=None):
    """Meetings the membership may open from `since` (now, or `include_past_days` before it)
    on, cancelled ones left out, soonest first."""
    since = since or timezone.now() - timezone.timedelta(days=include_past_days)
    return (
        access.meetings_for(membership)
        .filter(start__gte=since)
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("case", "case__student", "facilitator__user")
        .order_by("start", "id")
    )


_NEXT_MEETINGS: dict = {}


def next_meetings(membership, limit: int, now):
    """The next `limit` meetings of ``upcoming_for`` from `now`, with only what a short list
    shows (the overview panel): the start, kind, status and the case's number. Read by a query
    compiled once per connection and shape of the membership (the panel is on the landing page)."""
    return next_meetings_call(membership, limit, now).rows()


def next_meetings_call(membership, limit: int, now):
    """``next_meetings`` not run yet (``orm.prefetched``). The overview's panel gives the
    request's time (``core.dates.request_now``), so that its load asks the very query its
    prefetch sent a moment before."""
    build = functools.partial(_next_meetings, limit=limit)
    return access.compiled_call(_NEXT_MEETINGS, limit, build, membership, now=now)


def _next_meetings(membership, *, now, limit):
    return (
        upcoming_for(membership, since=now)
        .select_related(None)
        .select_related("case")
        .only("start", "kind", "status", "case__number")[:limit]
    )


def meetings_of_case(case):
    return (
        Meeting.objects.filter(case=case)
        .select_related("facilitator__user")
        .annotate(present_count=Count("participants", filter=Q(participants__attendance="present")))
        .order_by("-start")
    )


def _previous_start():
    """The start of the meeting this one follows (the page links back to it)."""
    return Subquery(Meeting.objects.filter(pk=OuterRef("previous_id")).values("start")[:1])


# What the meeting page shows of each task of the meeting.
TASK_LINK_RELATED = ("task", "task__responsible_membership__user", "task__responsible_actor", "agenda_item")


def meeting_page(pk, *, people: bool = True):
    """The queryset for the meeting page: everything it shows in a fixed number of queries.
    `people=False`: the participants without their accounts, actors and institutions (the meeting
    page itself shows only their own fields; five joins per participant cost CPU for nothing)."""
    participants = Participant.objects.all()
    if people:
        participants = participants.select_related(
            "membership__user", "membership__school", "actor__institution", "close_person", "directory_institution"
        )
    return (
        MeetingPageQuerySet(Meeting)
        .select_related("case", "case__student")
        .annotate(previous_start=_previous_start())
        .prefetch_related(
            "agenda",
            Prefetch("participants", queryset=participants),
            Prefetch("task_links", queryset=MeetingTask.objects.select_related(*TASK_LINK_RELATED)),
            "amendments",
        )
    )


PEOPLE = ("convener", "facilitator", "minute_taker")


def _task_links(meeting):
    return MeetingTask.objects.filter(meeting_id=meeting).select_related(*TASK_LINK_RELATED)


# The meeting page as ``meeting_page(pk, people=False)`` reads it, each query compiled once per
# connection: building the six queries (the meeting and its prefetched agenda, participants,
# tasks, amendments and people) through the ORM was a third of the page's CPU time.
_PAGE_MEETING = CompiledQuery(
    lambda meeting, organisation: (
        Meeting.objects.select_related("case", "case__student")
        .annotate(previous_start=_previous_start())
        .filter(pk=meeting, case__organisation_id=organisation)
        .order_by()
    ),
    "meeting",
    "organisation",
)
_PAGE_RELATED = {
    "agenda": CompiledQuery(lambda meeting: AgendaItem.objects.filter(meeting_id=meeting), "meeting"),
    "participants": CompiledQuery(lambda meeting: Participant.objects.filter(meeting_id=meeting), "meeting"),
    "task_links": CompiledQuery(lambda meeting: _task_links(meeting), "meeting"),
    "amendments": CompiledQuery(lambda meeting: Amendment.objects.filter(meeting_id=meeting), "meeting"),
}


def _people(ids):
    from opora.accounts.models import Membership

    return Membership.objects.select_related("user").filter(pk__in=ids)


_PAGE_PEOPLE = CompiledQuery(_people, lists={"ids": len(PEOPLE)})


def meeting_page_rows(meeting: int, organisation: int) -> list:
    """``meeting_page(meeting, people=False)`` of the organisation (``access.fetch_meeting``'s
    filter), read by compiled queries: the meeting (or nothing), with what the prefetches and
    ``attach_people`` give it — each related row's meeting set, each list cached as Django's
    prefetch caches it (``meeting.agenda.all()`` is the list, no query)."""
    found = _PAGE_MEETING(meeting=meeting, organisation=organisation)
    if not found:
        return []
    (page,) = found
    page._prefetched_objects_cache = {}
    for name, query in _PAGE_RELATED.items():
        rows = query(meeting=page.pk)
        field = getattr(Meeting, name).field
        for row in rows:
            field.set_cached_value(row, page)
        # The related manager's own queryset (filtered by this meeting), as Django's prefetch
        # caches it: ``meeting.participants.filter(…)`` (the policy's question whether a reader
        # took part) must stay a question about this meeting's participants.
        cached = getattr(page, name).get_queryset()
        cached._result_cache, cached._prefetch_done = rows, True
        page._prefetched_objects_cache[field.remote_field.cache_name] = cached
    attach_people([page], read=_compiled_people)
    return [page]


def _compiled_people(ids) -> dict:
    # The list padded to its compiled length by repeating an id (``IN`` is the same).
    ids = sorted(ids)
    return {person.pk: person for person in _PAGE_PEOPLE(ids=(ids * len(PEOPLE))[: len(PEOPLE)])}


class MeetingPageQuerySet(QuerySet):
    """Meetings whose convener, facilitator and minute-taker come with their accounts, read in
    one more query for all of them. Joined into the meeting's own query (six outer joins, eleven
    relations) they cost PostgreSQL ≈ 3 ms of planning for a query that runs in 0.5 ms."""

    def _fetch_all(self):
        fresh = self._result_cache is None
        super()._fetch_all()
        if fresh:
            attach_people(self._result_cache)


def attach_people(meetings, *, read=None):
    """Set each meeting's convener, facilitator and minute-taker with their accounts, read in
    one query by `read(ids)` ({id: membership}; by the ORM unless given)."""
    meetings = [m for m in meetings if isinstance(m, Meeting)]
    ids = {getattr(m, f"{field}_id") for m in meetings for field in PEOPLE} - {None}
    if not ids:
        return
    people = read(ids) if read is not None else _people(ids).in_bulk()
    for meeting in meetings:
        for field in PEOPLE:
            person = people.get(getattr(meeting, f"{field}_id"))
            if person is not None:
                setattr(meeting, field, person)


def attended_by(membership, case):
    return (
        Meeting.objects.filter(case=case, **access.minutes_reader_lookups(membership, "participants__"))
        .distinct()
        .order_by("-start")
    )


def meeting_for_form(meeting):
    """A fresh copy of the meeting for its edit form (the form changes its instance in memory;
    the page's own copy, with its prefetched people, stays as it was read)."""
    return Meeting.objects.get(pk=meeting.pk)


def held_meetings_of_case(case):
    """Held meetings of the case with their participants and task links (three queries)."""
    return (
        Meeting.objects.filter(case=case, status=Meeting.Status.HELD)
        .prefetch_related("participants", Prefetch("task_links", queryset=MeetingTask.objects.select_related("task")))
        .order_by("-start", "-pk")
    )
