"""THE list of rules of My day (and of the daily digest, which uses the same rules).

Each rule derives items from the case's own dates (a task's deadline, a meeting's start, the
last contact, a consent's end, the last report to the school, a goal's review date…) for one
membership, within what ``opora.access`` lets it see, and links each item to the page where
the work is done. Other apps add their rules from their ``AppConfig.ready()``::

    from opora.day.rules import Rule, rules
    rules.register(Rule("attendance", _("Students not attending"), collect=my_collect, order=70))

``collect(ctx)`` receives a :class:`DayContext` (the membership, today's local date, the
cases the membership is responsible for as ``ctx.case_ids`` — their ids, or a subquery for a
very long caseload — and ``ctx.first(qs)``, which keeps the rows a section shows) and returns
:class:`Item` s, most urgent first. A rule makes one query (at most a few), ordered and limited
in SQL, whatever the number of cases; the rules on the cases' own dates work on
``ctx.caseload``, the rows of a caseload of up to ``CASELOAD_AS_LIST`` cases read once, and ask
the database only about a longer one (My day never reads a caseload of thousands).
"""

from __future__ import annotations

import datetime
import functools
import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.conf import settings
from django.db.models import BooleanField, ExpressionWrapper, F, Q, Window
from django.db.models.functions import Coalesce, RowNumber
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opora import access
from opora.core.dates import DaysBetween
from opora.core.links import id_url
from opora.core.orm import run_together, union_subquery
from opora.core.registry import Registry

rules = Registry("my day rules")

# "Due this week": from today to the sixth day after it (seven calendar days, local time).
WEEK_DAYS = 7
NO_CONTACT_DAYS = getattr(settings, "OPORA_NO_CONTACT_DAYS", 21)
# A report to the school or a goal's review shows this many days before it is due.
DUE_SOON_DAYS = 7


@dataclass(frozen=True)
class Item:
    rule: str
    url: str
    subject: str = ""
    case_id: int | None = None
    case_number: str = ""
    on: datetime.date | datetime.datetime | None = None
    overdue: bool = False
    ref: str = ""  # what the item is about ("task:12"), for reminders sent once per thing

    @property
    def sort_key(self):
        on = self.on
        if isinstance(on, datetime.datetime):
            on = timezone.localtime(on).date()
        return (on or datetime.date.max, self.case_number, self.subject)


def _no_values(ctx) -> dict:
    return {}


def _always(membership) -> bool:
    return True


@dataclass(frozen=True)
class Reads:
    """A query a rule reads: the rows of ``build(membership, case_ids=…, **values(ctx))`` (a
    queryset of a module-level function, see ``DayContext.rows``), declared on the rule so that
    My day sends every rule's query in one round trip before the rules run
    (``DayContext.prefetch``); the rule reads its rows by ``ctx.read(reads)``. `when(membership)`:
    whether the rule reads it at all for this membership."""

    key: str
    build: Callable[..., Any]
    values: Callable[[DayContext], dict] = _no_values
    first: bool = True
    of_caseload: bool = True
    when: Callable[[Any], bool] = _always


@dataclass(frozen=True)
class Rule:
    key: str
    title: Any
    collect: Callable[[DayContext], Iterable[Item]]
    order: int = 100
    in_digest: bool = True
    reads: tuple[Reads, ...] = ()


def local_midnight(day: datetime.date) -> datetime.datetime:
    """The start of `day` in the local time zone (Europe/Prague), across DST changes."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def until_soon(ctx) -> dict:
    """A query's `until`: the end of the week ahead (``DUE_SOON_DAYS``)."""
    return {"until": ctx.today + datetime.timedelta(days=DUE_SOON_DAYS)}


def as_of_today(ctx) -> dict:
    return {"today": ctx.today}


class DayContext:
    """What the rules share for one membership and one day.

    The cases the membership is responsible for are a subquery (``case_id__in=ctx.case_ids``),
    never a list read into Python, and with a `limit` each rule reads at most one row more than
    a section shows (``ctx.first(queryset)``): a caseload of thousands costs My day a few small,
    ordered, indexed queries, not the caseload."""

    def __init__(self, membership, today: datetime.date | None = None, limit: int | None = None):
        self.membership = membership
        self.today = today or timezone.localdate()
        self.limit = limit
        self._shared: dict[str, Any] = {}
        self._calls: dict[Any, tuple[dict, Any]] = {}

    def shared(self, key: str, compute: Callable[[], Any]) -> Any:
        """What several rules of one app derive from the same reads (computed once per day)."""
        if key not in self._shared:
            self._shared[key] = compute()
        return self._shared[key]

    def call(self, key, build, *, of_caseload: bool = True, **values):
        """``build(membership, **values)`` (a queryset) bound to its values by a query compiled
        once per connection, rule (`key`), shape of the membership, limit and length of the
        caseload (an ``opora.core.orm.Call``, not run yet; the same call for the same key and
        values); `membership` is a stand-in of the membership, for the policy's functions.
        `values`: integers, dates, aware date-times, and ``case_ids`` for the caseload's ids
        (padded to a power of two). None when the caseload is a subquery: the rule then builds
        its query as usual. A query not `of_caseload` gets no ids (it reads the organisation's or
        the membership's rows: it is the same whatever the caseload, and needs none read)."""
        if of_caseload and not isinstance(self.case_ids, list):
            return None
        made = self._calls.get(key)
        if made is not None and made[0] == values:
            return made[1]
        ids = (self.case_ids or [0]) if of_caseload else [0]  # no case has the id 0
        length = 1 << (len(ids) - 1).bit_length()
        call = access.compiled_call(
            _DAY_QUERIES,
            (key, self.limit, length),
            build,
            self.membership,
            lists={"case_ids": length},
            # The caseload's ids were chosen by the policy (access.day_case_parts): a query of
            # them needs neither the organisation nor the membership again.
            optional=("organisation", "case_ids"),
            **values,
            case_ids=ids + [ids[-1]] * (length - len(ids)),
        )
        self._calls[key] = (values, call)
        return call

    def _rows_call(self, key, build, first, values, of_caseload=True):
        sliced = _Sliced(build, self.limit if first else None)
        return sliced, self.call((key, sliced.limit), sliced, of_caseload=of_caseload, **values)

    def rows(self, key, build, *, first: bool = True, of_caseload: bool = True, **values) -> list:
        """The rows of ``build(membership, case_ids=…, **values)`` (a queryset of a module-level
        function: it must use nothing but its arguments), with `first` only those a section shows
        (``first``): compiled once per shape where the caseload is a list (``call``), built
        as usual otherwise. `of_caseload`: the rows are of the caseload's cases only (none, and
        no query, for an empty caseload)."""
        if of_caseload and self.case_ids == []:
            return []
        sliced, call = self._rows_call(key, build, first, values, of_caseload)
        return call.rows() if call is not None else list(sliced(self.membership, case_ids=self.case_ids, **values))

    def read(self, reads: Reads) -> list:
        """The rows of a rule's declared query (``Reads``); none when `reads.when` says no."""
        if not reads.when(self.membership):
            return []
        return self.rows(reads.key, reads.build, first=reads.first, of_caseload=reads.of_caseload, **reads.values(self))

    def _reads_calls(self, rules, *, of_caseload: bool) -> list:
        calls = []
        for rule in rules:
            for reads in rule.reads:
                if reads.of_caseload != of_caseload or not reads.when(self.membership):
                    continue
                if of_caseload and self.case_ids == []:
                    continue
                values = reads.values(self)
                calls.append(self._rows_call(reads.key, reads.build, reads.first, values, of_caseload)[1])
        return calls

    def first_calls(self, rules: Iterable[Rule]) -> list:
        """The queries that need nothing read before them: the caseload's and the rules' reads
        that are not of the caseload (not run yet; the overview runs them with its other panels'
        queries, ``orm.prefetched``)."""
        return [self._caseload_call, *self._reads_calls(rules, of_caseload=False)]

    def prefetch(self, rules: Iterable[Rule]) -> None:
        """Sends the queries the rules will read — their ``reads``, the tasks and the meetings —
        in one round trip (``orm.run_together``) after the caseload's own: My day otherwise
        waits for the database once per rule."""
        rules = list(rules)
        run_together(self.first_calls(rules))
        run_together([self._tasks_call()[1], self._meetings_call(), *self._reads_calls(rules, of_caseload=True)])

    def first(self, queryset):
        """The rows a section needs: with a limit, one more than it shows (the page then says
        there are more); without one (the digest), all of them."""
        return queryset if self.limit is None else queryset[: self.limit + 1]

    @cached_property
    def caseload(self) -> list | None:
        """The open cases the membership leads or whose team names it, as rows of what the
        rules on the cases' own dates need (``CASELOAD_COLUMNS``), read once (one query,
        ``access.day_case_parts`` led UNION team, each on its own index, compiled once per shape
        of the membership); ``None`` for a caseload longer than ``CASELOAD_AS_LIST``, which the
        rules then ask the database about (My day never reads a caseload of thousands)."""
        rows = self._caseload_call.rows()
        return rows if len(rows) <= CASELOAD_AS_LIST else None

    @cached_property
    def _caseload_call(self):
        build = functools.partial(_caseload, limit=CASELOAD_AS_LIST)
        return access.compiled_call(_CASELOADS, CASELOAD_AS_LIST, build, self.membership)

    @cached_property
    def case_ids(self):
        """The ids of the same cases, for ``case_id__in=ctx.case_ids``: embedded in every rule's
        query as a list of ids, which the database plans and the driver sends far more cheaply
        than the subquery itself; for a caseload longer than ``CASELOAD_AS_LIST``, the subquery."""
        rows = self.caseload
        return _caseload_subquery(self.membership) if rows is None else [row.pk for row in rows]

    @property
    def cases(self):
        """The same cases, as a queryset of cases."""
        from opora.cases.models import Case

        return Case.objects.filter(pk__in=self.case_ids)

    def _tasks_call(self):
        end = self.today + datetime.timedelta(days=WEEK_DAYS)
        build = functools.partial(_tasks_due, limit=self.limit)
        # Today numbers the overdue and the week's tasks apart, with a limit only.
        today = {"today": self.today} if self.limit is not None else {}
        return build, self.call("tasks_due", build, end=end, **today)

    @cached_property
    def tasks_due(self) -> tuple[list, list]:
        """The overdue tasks and those due this week, in one query (``_tasks_due``), compiled
        once per shape (``call``)."""
        build, call = self._tasks_call()
        if call is not None:
            rows = call.rows()
        else:
            end = self.today + datetime.timedelta(days=WEEK_DAYS)
            rows = list(build(self.membership, case_ids=self.case_ids, today=self.today, end=end))
        return [t for t in rows if t.due_date < self.today], [t for t in rows if t.due_date >= self.today]

    def _week(self):
        return local_midnight(self.today), local_midnight(self.today + datetime.timedelta(days=WEEK_DAYS))

    def _meetings_call(self):
        if not access.can_run_meetings(self.membership):
            return None
        start, end = self._week()
        return self.call("meetings", _day_meetings, start=start, end=end)

    @cached_property
    def meetings(self) -> list:
        """Meetings of my cases, or that I facilitate: planned or proposed from today's local
        midnight to a week on, and every next meeting of a series still to confirm (proposed),
        in one query."""
        if not access.can_run_meetings(self.membership):
            return []
        call = self._meetings_call()
        if call is not None:
            return call.rows()
        start, end = self._week()
        return list(_day_meetings(self.membership, case_ids=self.case_ids, start=start, end=end))

    def meetings_between(self, start, end) -> list:
        """Planned or proposed meetings starting in [start, end)."""
        return [meeting for meeting in self.meetings if start <= meeting.start < end]


class _Sliced:
    """``build(...)[: limit + 1]`` (all rows without a limit): a rule's query as a section reads it."""

    def __init__(self, build, limit):
        self.build, self.limit = build, limit

    def __call__(self, membership, **given):
        queryset = self.build(membership, **given)
        return queryset if self.limit is None else queryset[: self.limit + 1]


def _caseload_subquery(membership):
    """The ids of the open cases the membership leads or whose team names it: the UNION of
    ``access.day_case_parts``, each on its own index (an empty list when there are none)."""
    from opora.cases.workflow import OPEN_STATES

    return union_subquery(
        *[part.filter(state__in=OPEN_STATES).values("pk") for part in access.day_case_parts(membership)]
    )


def _caseload(membership, *, limit):
    from opora.cases.models import Case

    subquery = _caseload_subquery(membership)
    cases = Case.objects.filter(pk__in=subquery) if subquery else Case.objects.none()
    return cases.order_by("pk").values_list(*CASELOAD_COLUMNS, named=True)[: limit + 1]


_CASELOADS: dict = {}


def _tasks_due(membership, *, case_ids, end, limit, today=None):
    """Open tasks due before `end`, soonest first: of the caseload (`case_ids`), or the
    membership's own to do on a case it may open. With a limit, the first ``limit + 1`` overdue
    ones and the first ``limit + 1`` of the others (numbered per group by a window function), so
    that a long list of overdue tasks does not crowd out the week's."""
    from opora.cases.models import Task

    open_tasks = Task.objects.filter(status=Task.Status.OPEN, due_date__isnull=False, due_date__lt=end)
    if access.has_external_tasks(membership):
        qs = open_tasks.filter(pk__in=access.tasks_for_external(membership).values("pk"))
    elif access.can_work_on_cases(membership):
        mine = Q(responsible_membership_id=membership.pk, case_id__in=access.case_ids_for(membership))
        # A UNION, not an OR: each part on its own index (an OR scanned the organisation's
        # open tasks of the week).
        of_cases = open_tasks.filter(case_id__in=case_ids).values("pk")
        qs = Task.objects.filter(pk__in=union_subquery(of_cases, open_tasks.filter(mine).values("pk")))
    else:
        qs = open_tasks.none()
    qs = qs.order_by("due_date", "pk")
    if limit is not None:
        overdue = ExpressionWrapper(Q(due_date__lt=today), output_field=BooleanField())
        qs = qs.annotate(
            nth=Window(RowNumber(), partition_by=[overdue], order_by=[F("due_date").asc(), F("pk").asc()])
        ).filter(nth__lte=limit + 1)
    return qs.values_list("pk", "title", "due_date", "case_id", "case__number", named=True)


def _day_meetings(membership, *, case_ids, start, end):
    """Meetings of the caseload, or that the membership facilitates: planned from `start` to
    `end`, and every next meeting of a series still to confirm (proposed)."""
    from opora.meetings.models import Meeting

    this_week = Q(status=Meeting.Status.PLANNED, start__gte=start, start__lt=end)
    return (
        access.day_meetings_for(membership, case_ids)
        .filter(this_week | Q(status=Meeting.Status.PROPOSED))
        .select_related("case")
        .only("kind", "start", "status", "case", "case__number")
        .order_by("start", "pk")
    )


# The rules' queries compiled so far (DayContext.compiled): a few per rule, by the shape of the
# membership, the page's limit and the caseload's length (a power of two up to CASELOAD_AS_LIST).
_DAY_QUERIES: dict = {}

# A caseload up to this many open cases is read as rows (see DayContext.caseload).
CASELOAD_AS_LIST = 500
# What the rules on the cases' own dates read of each case of a caseload.
CASELOAD_COLUMNS = (
    "pk",
    "number",
    "student__first_name",
    "student__last_name",
    "opened_at",
    "last_contact_on",
    "school_id",
    "last_school_report_on",
    "school_report_every_days",
)


# What an item shows of its case: the number and the student's name (`.only()` of a rule's query;
# the full rows of a case and its student are some hundred columns to build SQL and objects for).
CASE_COLUMNS = ("case", "case__number", "case__student", "case__student__first_name", "case__student__last_name")
OWN_CASE_COLUMNS = ("number", "student", "student__first_name", "student__last_name")


def _case_url(case_id, tab=""):
    url = id_url("cases:detail", case_id)
    return f"{url}?tab={tab}" if tab else url


# --- The rules ----------------------------------------------------------------------------------


def tasks_overdue(ctx: DayContext):
    for t in ctx.tasks_due[0]:
        yield Item(
            "tasks_overdue",
            _task_url(ctx, t),
            t.title,
            t.case_id,
            t.case__number,
            t.due_date,
            overdue=True,
            ref=f"task:{t.pk}",
        )


def tasks_due_this_week(ctx: DayContext):
    for t in ctx.tasks_due[1]:
        yield Item("tasks_week", _task_url(ctx, t), t.title, t.case_id, t.case__number, t.due_date, ref=f"task:{t.pk}")


def _task_url(ctx, task):
    if access.has_external_tasks(ctx.membership):
        return reverse("consents:my_tasks")
    return _case_url(task.case_id, "plan")


def _meeting_item(rule, meeting):
    return Item(
        rule,
        id_url("meetings:detail", meeting.pk),
        str(meeting.get_kind_display()),
        meeting.case_id,
        meeting.case.number,
        meeting.start,
    )


def meetings_today(ctx: DayContext):
    tomorrow = local_midnight(ctx.today + datetime.timedelta(days=1))
    return [_meeting_item("meetings_today", m) for m in ctx.meetings_between(local_midnight(ctx.today), tomorrow)]


def meetings_this_week(ctx: DayContext):
    tomorrow = local_midnight(ctx.today + datetime.timedelta(days=1))
    end = local_midnight(ctx.today + datetime.timedelta(days=WEEK_DAYS))
    return [_meeting_item("meetings_week", m) for m in ctx.meetings_between(tomorrow, end)]


def _student_name(row) -> str:
    from opora.cases.models import Student

    return Student.display_name(row.student__first_name, row.student__last_name)


def cases_without_contact(ctx: DayContext):
    """The longest without contact first."""
    limit = ctx.today - datetime.timedelta(days=NO_CONTACT_DAYS)
    if ctx.caseload is not None:  # the caseload's rows are read already: no query of its own
        quiet = [(row.last_contact_on or row.opened_at, row.pk, row) for row in ctx.caseload]
        for since, _pk, row in sorted(item for item in quiet if item[0] <= limit):
            yield Item("no_contact", _case_url(row.pk, "timeline"), _student_name(row), row.pk, row.number, since)
        return
    cases = (
        ctx.cases.annotate(since=Coalesce("last_contact_on", "opened_at"))
        .filter(since__lte=limit)
        .select_related("student")
        .only(*OWN_CASE_COLUMNS)
        .order_by("since", "pk")
    )
    for case in ctx.first(cases):
        yield Item("no_contact", _case_url(case.pk, "timeline"), str(case.student), case.pk, case.number, case.since)


def _consents_expiring(membership, *, case_ids, today, until):
    from opora.consents.models import Consent

    consents = Consent.objects.filter(
        case_id__in=case_ids, withdrawn_on__isnull=True, valid_until__gte=today, valid_until__lte=until
    ).select_related("case__student")
    return consents.only("valid_until", *CASE_COLUMNS).order_by("valid_until", "pk")


def _consents_window(ctx) -> dict:
    from opora.consents.models import EXPIRING_DAYS

    return {"today": ctx.today, "until": ctx.today + datetime.timedelta(days=EXPIRING_DAYS)}


CONSENTS_EXPIRING = Reads("consents_expiring", _consents_expiring, _consents_window)


def consents_expiring(ctx: DayContext):
    for c in ctx.read(CONSENTS_EXPIRING):
        yield Item(
            "consents_expiring",
            id_url("consents:case", c.case_id),
            str(c.case.student),
            c.case_id,
            c.case.number,
            c.valid_until,
        )


def school_reports_due(ctx: DayContext):
    """A case referred by a school reports to it every N days, counted from the last report
    (or from the opening of the case when none was sent yet); the most overdue first.

    "since + N <= soon" is asked as "days from since to soon >= N", so that the database filters
    and orders by it although N is each case's own column."""
    soon = ctx.today + datetime.timedelta(days=DUE_SOON_DAYS)
    if ctx.caseload is not None:  # the caseload's rows are read already: no query of its own
        due = []
        for row in ctx.caseload:
            since = row.last_school_report_on or row.opened_at
            waited = (soon - since).days
            if row.school_id is not None and waited >= row.school_report_every_days:
                due.append((row.school_report_every_days - waited, row.pk, row, since))
        for _order, _pk, row, since in sorted(due):
            on = since + datetime.timedelta(days=row.school_report_every_days)
            url = id_url("consents:report_create", row.pk)
            yield Item("school_reports", url, _student_name(row), row.pk, row.number, on, overdue=on < ctx.today)
        return
    due_cases = (
        ctx.cases.filter(school__isnull=False)
        .annotate(
            since=Coalesce("last_school_report_on", "opened_at"),
            waited=DaysBetween(Coalesce("last_school_report_on", "opened_at"), soon),
        )
        .filter(waited__gte=F("school_report_every_days"))
        .select_related("student")
        .only("school_report_every_days", *OWN_CASE_COLUMNS)
        .order_by(F("school_report_every_days") - F("waited"), "pk")
    )
    for case in ctx.first(due_cases):
        due = case.since + datetime.timedelta(days=case.school_report_every_days)
        yield Item(
            "school_reports",
            id_url("consents:report_create", case.pk),
            str(case.student),
            case.pk,
            case.number,
            due,
            overdue=due < ctx.today,
        )


def series_to_confirm(ctx: DayContext):
    """The next meeting of a series, proposed when the previous one was held: its date waits
    for confirmation."""
    from opora.meetings.models import Meeting

    return [_meeting_item("series_next", m) for m in ctx.meetings if m.status == Meeting.Status.PROPOSED]


def _goals_to_review(membership, *, case_ids, until):
    from opora.cases.models import Goal

    goals = Goal.objects.filter(
        case_id__in=case_ids, status=Goal.Status.OPEN, review_on__isnull=False, review_on__lte=until
    ).select_related("case")
    return goals.only("title", "review_on", "case", "case__number").order_by("review_on", "pk")


GOALS_TO_REVIEW = Reads("evaluations", _goals_to_review, until_soon)


def evaluations_due(ctx: DayContext):
    """Goals whose review date has come (or comes within a week)."""
    for g in ctx.read(GOALS_TO_REVIEW):
        yield Item(
            "evaluations",
            _case_url(g.case_id, "plan"),
            g.title,
            g.case_id,
            g.case.number,
            g.review_on,
            overdue=g.review_on < ctx.today,
        )


def _referrals(membership, *, case_ids):
    from opora.accounts.models import Membership, Role
    from opora.cases.workflow import OPEN_STATES

    # Led by one of the organisation's few memberships that are not case managers: the cases are
    # read per lead from the (lead, state) index, not all the organisation's open cases.
    not_managers = Membership.objects.filter(organisation_id=membership.organisation_id).exclude(role=Role.CASE_MANAGER)
    return (
        access.cases_for(membership)
        .filter(state__in=OPEN_STATES, lead__in=not_managers.values("pk"))
        .select_related("student")
        .only("opened_at", *OWN_CASE_COLUMNS)
        .order_by("opened_at", "pk")[:50]
    )


# The organisation's (not the caseload's), the first 50, for a coordinator only.
REFERRALS = Reads("referrals", _referrals, first=False, of_caseload=False, when=access.can_see_team_day)


def referrals_waiting(ctx: DayContext):
    """Open cases that no case manager leads yet (a school's referral lands with a coordinator)."""
    return [
        Item("referrals", _case_url(c.pk), str(c.student), c.pk, c.number, c.opened_at) for c in ctx.read(REFERRALS)
    ]


BUILTIN = [
    Rule("tasks_overdue", _("Overdue tasks"), tasks_overdue, order=10),
    Rule("tasks_week", _("Tasks due this week"), tasks_due_this_week, order=20),
    Rule("meetings_today", _("Meetings today"), meetings_today, order=30),
    Rule("meetings_week", _("Meetings this week"), meetings_this_week, order=40),
    Rule("series_next", _("Next meetings of a series to confirm"), series_to_confirm, order=45),
    Rule("no_contact", _("Cases without contact"), cases_without_contact, order=50),
    Rule("consents_expiring", _("Consents expiring"), consents_expiring, order=60, reads=(CONSENTS_EXPIRING,)),
    Rule("school_reports", _("Reports to the school due"), school_reports_due, order=70),
    Rule("evaluations", _("Evaluations due"), evaluations_due, order=80, reads=(GOALS_TO_REVIEW,)),
    Rule("referrals", _("Referrals waiting for a case manager"), referrals_waiting, order=90, reads=(REFERRALS,)),
]


def register_builtin() -> None:
    for rule in BUILTIN:
        rules.register(rule)


def day_of(
    membership, today: datetime.date | None = None, *, digest_only: bool = False, limit: int | None = None
) -> list[dict]:
    """The sections of My day for `membership`: ``[{"key", "title", "items", "more"}]``, empty ones
    left out. With `limit`, each section keeps its first `limit` items and says whether there are
    ``more``; the rules' generators stop there, so a caseload of thousands costs no more."""
    ctx = DayContext(membership, today, limit)
    chosen = [rule for rule in rules if rule.in_digest or not digest_only]
    ctx.prefetch(chosen)
    sections = []
    for rule in chosen:
        collected = rule.collect(ctx)
        items = list(itertools.islice(collected, limit + 1) if limit is not None else collected)
        more = limit is not None and len(items) > limit
        if items:
            sections.append(
                {"key": rule.key, "title": rule.title, "items": items[:limit] if more else items, "more": more}
            )
    return sections


def rule_title(key: str):
    rule = rules.get(key)
    return rule.title if rule is not None else key
