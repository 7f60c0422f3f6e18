"""Reads of the outcomes app: a case's attendance, the attendance signals and the statistics.

Every statistics table is computed by the database (a fixed number of aggregate queries,
whatever the number of cases) from ``access.statistics_cases_for(membership)``; for school staff
every cell under ``access.STATISTICS_MIN_CELL`` is suppressed (see ``_k_anonymise``).
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, DurationField, ExpressionWrapper, F, IntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opora import access
from opora.cases.models import Activity, ClosureReason, Goal, ReferrerKind
from opora.cases.selectors import caseloads
from opora.core.orm import CompiledQuery
from opora.outcomes.models import (
    DEFAULT_COMMISSION_HOURS,
    DEFAULT_OSPOD_HOURS,
    AttendanceMonth,
    CaseOutcome,
    FollowUp,
    InEducation,
    LatestAttendance,
    OutcomeSettings,
)

# --- Settings and a case's attendance ----------------------------------------------------------


def thresholds_of(organisation_id) -> tuple[int, int]:
    """(commission hours, OSPOD hours) of the organisation — the defaults 10 and 25 when unset."""
    row = OutcomeSettings.objects.filter(organisation_id=organisation_id).values_list("commission_hours", "ospod_hours")
    found = row.first()
    return found if found else (DEFAULT_COMMISSION_HOURS, DEFAULT_OSPOD_HOURS)


def settings_of(organisation) -> OutcomeSettings:
    return OutcomeSettings.objects.filter(organisation=organisation).first() or OutcomeSettings(
        organisation=organisation
    )


def attendance_of(case, *, months: int = 12) -> list[AttendanceMonth]:
    """The student's last `months` attendance months, oldest first."""
    rows = list(AttendanceMonth.objects.filter(student_id=case.student_id).order_by("-month")[:months])
    rows.reverse()
    return rows


def outcome_of(case) -> CaseOutcome:
    return CaseOutcome.objects.filter(case=case).first() or CaseOutcome(case=case)


def follow_ups_of(case) -> list[FollowUp]:
    return list(FollowUp.objects.filter(case=case).order_by("due_on"))


# --- Attendance signals --------------------------------------------------------------------------

COMMISSION = "commission"
OSPOD = "ospod"


@dataclass(frozen=True)
class AttendanceSignal:
    """Above a threshold in the latest recorded month: what to suggest, and where."""

    case_id: int
    case_number: str
    student: str
    month: datetime.date
    unexcused_hours: int
    threshold: int
    kind: str  # COMMISSION or OSPOD

    @property
    def message(self):
        if self.kind == OSPOD:
            return _("Unexcused absence above %(threshold)s hours: consider the report to OSPOD.") % {
                "threshold": self.threshold
            }
        return _("Unexcused absence above %(threshold)s hours: consider an educational commission.") % {
            "threshold": self.threshold
        }


def _signal(case_id, number, student, month, hours, commission, ospod):
    if hours is None or month is None:
        return None
    if hours > ospod:
        return AttendanceSignal(case_id, number, student, month, hours, ospod, OSPOD)
    if hours > commission:
        return AttendanceSignal(case_id, number, student, month, hours, commission, COMMISSION)
    return None


# The open cases' signals of a team or organisation, compiled once per connection and shape of the
# membership (access.compiled_for).
_SIGNAL_QUERIES: dict = {}


def _case_latest(student, organisation):
    settings = OutcomeSettings.objects.filter(organisation_id=organisation)
    return LatestAttendance.objects.filter(student_id=student).values(
        "month",
        "unexcused_hours",
        commission=Coalesce(Subquery(settings.values("commission_hours")[:1]), DEFAULT_COMMISSION_HOURS),
        ospod=Coalesce(Subquery(settings.values("ospod_hours")[:1]), DEFAULT_OSPOD_HOURS),
    )


_CASE_LATEST = CompiledQuery(_case_latest, "student", "organisation", plan_once=True)


def case_latest_call(case):
    """The query of a case's signal (``attendance_signals`` with a case), not run yet (the case
    header's badges run theirs together: ``registry.render``)."""
    return _CASE_LATEST.call(student=case.student_id, organisation=case.organisation_id)


def _signal_rows(membership, limit):
    from opora.cases.models import Student
    from opora.cases.workflow import OPEN_STATES

    # The organisation's thresholds read by the same query (an InitPlan each), so that it needs
    # nothing read before it and the overview sends it with its other panels' queries.
    settings = OutcomeSettings.objects.filter(organisation_id=membership.organisation_id)
    commission = Coalesce(Subquery(settings.values("commission_hours")[:1]), DEFAULT_COMMISSION_HOURS)
    ospod = Coalesce(Subquery(settings.values("ospod_hours")[:1]), DEFAULT_OSPOD_HOURS)
    # The organisation's students over the threshold are a range of LatestAttendance's index; the
    # open cases on the membership's team are looked for among theirs only.
    over = LatestAttendance.objects.filter(
        organisation_id=membership.organisation_id, unexcused_hours__gt=commission
    ).values("student_id")
    latest = LatestAttendance.objects.filter(student_id=OuterRef("student_id"))
    # The student's names as subqueries, not a join: PostgreSQL evaluates them for the rows
    # shown only (joined, it hashed all 100,000 students).
    student = Student.objects.filter(pk=OuterRef("student_id"))
    return (
        access.cases_for(membership)
        .filter(state__in=OPEN_STATES, student_id__in=over)
        .annotate(
            last_month=Subquery(latest.values("month")[:1]),
            last_unexcused=Subquery(latest.values("unexcused_hours")[:1]),
            first_name=Subquery(student.values("first_name")[:1]),
            last_name=Subquery(student.values("last_name")[:1]),
            commission=commission,
            ospod=ospod,
        )
        .order_by("-last_unexcused", "number")
        .values("pk", "number", "first_name", "last_name", "last_month", "last_unexcused", "commission", "ospod")[
            :limit
        ]
    )


def signals_call(membership, *, limit: int = 20):
    """The query of the organisation's or team's signals (``attendance_signals`` without a case),
    not run yet (``orm.prefetched``); None for a membership that does not work on cases."""
    if not access.can_work_on_cases(membership):
        return None
    # The limit is written into the SQL: a query of its own per limit.
    build = functools.partial(_signal_rows, limit=limit)
    return access.compiled_call(_SIGNAL_QUERIES, ("signals", limit), build, membership)


def attendance_signals(membership, case=None, *, limit: int = 20) -> list[AttendanceSignal]:
    """The attendance signals `membership` should act on: of one `case`, or of every open case
    on its team (the lead's and the team's; all of the organisation for a coordinator).

    A plain function of the membership (and optionally a case) so it can be registered as a
    rule of "My day". Uses the latest recorded month of each student; one query for the list."""

    if not access.can_work_on_cases(membership):
        return []
    if case is not None:
        if not access.can_record_outcomes(membership, case):
            return []
        # One query on every case page, compiled: the latest month with the organisation's
        # thresholds.
        last = next(iter(case_latest_call(case).rows()), None)
        if last is None:
            return []
        found = _signal(
            case.pk,
            case.number,
            str(case.student),
            last["month"],
            last["unexcused_hours"],
            last["commission"],
            last["ospod"],
        )
        return [found] if found else []
    signals = []
    for r in signals_call(membership, limit=limit).rows():
        student = f"{r['first_name']} {r['last_name']}"
        signals.append(
            _signal(r["pk"], r["number"], student, r["last_month"], r["last_unexcused"], r["commission"], r["ospod"])
        )
    return signals


def students_over_threshold(membership, cases):
    """The students of the open `cases` (and the children their family cases concern) whose
    latest month is over the organisation's commission threshold: ``.values()`` rows with the
    month, the hours and both thresholds (the first query of ``attendance_signals_of_cases``)."""
    from opora.cases.models import Case, Student
    from opora.core.orm import union_subquery

    through = Case.family_children.through.objects.filter(case__in=cases, familychild__student__isnull=False)
    settings = OutcomeSettings.objects.filter(organisation_id=membership.organisation_id)
    return (
        Student.objects.filter(
            pk__in=union_subquery(cases.values("student_id"), through.values("familychild__student_id"))
        )
        .annotate(
            # The latest month is a row of its own (LatestAttendance), joined one to one.
            last_month=F("latest_attendance__month"),
            last_unexcused=F("latest_attendance__unexcused_hours"),
            commission=Coalesce(Subquery(settings.values("commission_hours")[:1]), DEFAULT_COMMISSION_HOURS),
            ospod=Coalesce(Subquery(settings.values("ospod_hours")[:1]), DEFAULT_OSPOD_HOURS),
        )
        .filter(last_unexcused__gt=F("commission"))
        .values("pk", "first_name", "last_name", "last_month", "last_unexcused", "commission", "ospod")
        .order_by("pk")
    )


def attendance_signals_of_cases(membership, cases, above: list | None = None) -> list[AttendanceSignal]:
    """The signals of the open `cases` (a queryset; My day: the cases `membership` is
    responsible for, from ``access.day_case_parts``): one per case at most — a family case counts
    once, on the highest latest month of its student and of the children it concerns.

    The database picks the students over the threshold among those of the cases (one query);
    only when there are some are their cases read (two more), so a caseload of thousands is
    never loaded to find the few students who miss school. `above`: the rows of
    ``students_over_threshold``, when they were read already (a compiled query)."""
    from opora.cases.models import Case
    from opora.core.privacy import shown

    if not access.can_work_on_cases(membership):
        return []
    through = Case.family_children.through.objects.filter(case__in=cases, familychild__student__isnull=False)
    rows = students_over_threshold(membership, cases) if above is None else above
    above = {r["pk"]: r for r in rows}
    if not above:
        return []
    students_of: dict[int, set[int]] = {}
    numbers: dict[int, str] = {}
    own = cases.filter(student_id__in=above).order_by().values_list("pk", "number", "student_id")
    children = through.filter(familychild__student_id__in=above).values_list(
        "case_id", "case__number", "familychild__student_id"
    )
    for case_id, number, student_id in [*own, *children]:
        students_of.setdefault(case_id, set()).add(student_id)
        numbers[case_id] = number
    signals = []
    for case_id in sorted(students_of):
        found = [above[s] for s in students_of[case_id]]
        worst = max(found, key=lambda r: (r["last_unexcused"], r["last_month"], -r["pk"]))
        student = f"{shown(worst['first_name'])} {worst['last_name']}"
        hours, month = worst["last_unexcused"], worst["last_month"]
        signals.append(_signal(case_id, numbers[case_id], student, month, hours, worst["commission"], worst["ospod"]))
    return signals


# --- Statistics --------------------------------------------------------------------------------


@dataclass
class Filters:
    date_from: datetime.date
    date_to: datetime.date
    school_id: int | None = None
    lead_id: int | None = None
    referrer_kind: str = ""

    def query(self) -> str:
        from urllib.parse import urlencode

        data = {"date_from": self.date_from.isoformat(), "date_to": self.date_to.isoformat()}
        if self.school_id:
            data["school"] = self.school_id
        if self.lead_id:
            data["worker"] = self.lead_id
        if self.referrer_kind:
            data["referrer"] = self.referrer_kind
        return urlencode(data)


def default_filters() -> Filters:
    today = timezone.localdate()
    return Filters(date_from=datetime.date(today.year, 1, 1), date_to=datetime.date(today.year, 12, 31))


@dataclass
class Table:
    """One statistics table: a label column and number columns; ``chart`` is the index of the
    column drawn as bars beside it. Cells suppressed for k-anonymity are None."""

    key: str
    title: Any
    headers: list
    rows: list[list]
    chart: int = 1
    note: Any = ""
    total: bool = False
    suppressed: bool = False
    extra: dict = field(default_factory=dict)

    @property
    def chart_rows(self):
        return [(row[0], row[self.chart]) for row in self.rows]


def _scope(membership, filters: Filters):
    qs = access.statistics_cases_for(membership)
    if filters.school_id:
        qs = qs.filter(school_id=filters.school_id)
    if filters.lead_id and access.can_see_service_statistics(membership):
        qs = qs.filter(lead_id=filters.lead_id)
    if filters.referrer_kind:
        qs = qs.filter(referrer_kind=filters.referrer_kind)
    return qs


def _in_period(filters: Filters) -> Q:
    """Cases running at some time within the period."""
    return Q(opened_at__lte=filters.date_to) & (Q(closed_at__isnull=True) | Q(closed_at__gte=filters.date_from))


def _closed_in(filters: Filters) -> Q:
    return Q(closed_at__gte=filters.date_from, closed_at__lte=filters.date_to)


def _clients(scope, filters) -> Table:
    row = scope.aggregate(
        clients=Count("student", filter=_in_period(filters), distinct=True),
        new=Count("id", filter=Q(opened_at__gte=filters.date_from, opened_at__lte=filters.date_to)),
        closed=Count("id", filter=_closed_in(filters)),
    )
    return Table(
        "clients",
        _("Clients in the period"),
        [_("Figure"), _("Count")],
        [
            [str(_("Clients (students with a case running in the period)")), row["clients"]],
            [str(_("New cases (opened in the period)")), row["new"]],
            [str(_("Closed cases (closed in the period)")), row["closed"]],
        ],
    )


def _closure_reasons(scope, filters) -> Table:
    counts = dict(scope.filter(_closed_in(filters)).values_list("closure_reason").annotate(n=Count("id")).order_by())
    rows = [[str(label), counts.get(value, 0)] for value, label in ClosureReason.choices]
    return Table("closure_reasons", _("Closure reasons"), [_("Reason"), _("Closed cases")], rows, total=True)


LENGTH_BUCKETS = [
    (0, 91, _("Up to 3 months")),
    (91, 183, _("3 to 6 months")),
    (183, 366, _("6 to 12 months")),
    (366, None, _("Over 12 months")),
]


def _case_length(scope, filters) -> Table:
    length = ExpressionWrapper(F("closed_at") - F("opened_at"), output_field=DurationField())
    aggregates = {}
    for i, (low, high, _label) in enumerate(LENGTH_BUCKETS):
        q = Q(length__gte=datetime.timedelta(days=low))
        if high is not None:
            q &= Q(length__lt=datetime.timedelta(days=high))
        aggregates[f"b{i}"] = Count("id", filter=q)
    counts = scope.filter(_closed_in(filters)).annotate(length=length).aggregate(**aggregates)
    rows = [[str(label), counts[f"b{i}"]] for i, (_low, _high, label) in enumerate(LENGTH_BUCKETS)]
    return Table(
        "case_length",
        _("Length of the closed cases"),
        [_("Length"), _("Closed cases")],
        rows,
        total=True,
        note=_("From the day the case was opened to the day it was closed."),
    )


def _activities(scope, filters) -> Table:
    rows_db = (
        Activity.objects.filter(case__in=scope, occurred_on__gte=filters.date_from, occurred_on__lte=filters.date_to)
        .values("kind")
        .annotate(n=Count("id"), minutes=Coalesce(Sum("duration_minutes"), 0), cases=Count("case", distinct=True))
        .order_by()
    )
    by_kind = {r["kind"]: r for r in rows_db}
    rows = []
    for value, label in Activity.Kind.choices:
        r = by_kind.get(value, {"n": 0, "minutes": 0, "cases": 0})
        rows.append([str(label), r["n"], round(r["minutes"] / 60, 1), r["cases"]])
    return Table(
        "activities",
        _("Activities and hours by kind"),
        [_("Kind"), _("Activities"), _("Hours"), _("Cases")],
        rows,
        total=True,
    )


def _meetings(scope, filters) -> Table:
    from opora.meetings.models import Kind, Meeting
    from opora.meetings.workflow import Status

    counts = {
        r["kind"]: r
        for r in Meeting.objects.filter(
            case__in=scope, start__date__gte=filters.date_from, start__date__lte=filters.date_to
        )
        .exclude(status=Status.CANCELLED)
        .values("kind")
        .annotate(n=Count("id"), cases=Count("case", distinct=True))
        .order_by()
    }
    rows = []
    for value, label in Kind.choices:
        r = counts.get(value, {"n": 0, "cases": 0})
        rows.append([str(label), r["n"], r["cases"]])
    return Table(
        "meetings",
        _("Meetings by kind"),
        [_("Kind"), _("Meetings"), _("Cases")],
        rows,
        total=True,
        note=_("Meetings that started in the period, cancelled ones not counted."),
    )


def _goals(scope, filters) -> Table:
    counts = dict(
        Goal.objects.filter(case__in=scope.filter(_in_period(filters)))
        .values_list("status")
        .annotate(n=Count("id"))
        .order_by()
    )
    rows = [
        [str(Goal.Status(value).label), counts.get(value, 0)]
        for value in (Goal.Status.ACHIEVED, Goal.Status.PARTLY, Goal.Status.NOT_ACHIEVED, Goal.Status.OPEN)
    ]
    return Table(
        "goals",
        _("Goals"),
        [_("Status"), _("Goals")],
        rows,
        total=True,
        note=_("Goals of the cases running in the period, by their current status."),
    )


def _outcomes(scope, filters) -> Table:
    """Of the cases closed in the period: in education at closure, 6 and 12 months after,
    progressed, and attendance improved (unexcused hours of the last recorded month of the case
    lower than of its first)."""
    # The month the case was opened in counts too (months are stored as their first day).
    first = (
        AttendanceMonth.objects.filter(student_id=OuterRef("student_id"), month__lte=OuterRef("closed_at"))
        .filter(month__gte=OuterRef("opened_month"))
        .order_by("month")
        .values("unexcused_hours")[:1]
    )
    last = (
        AttendanceMonth.objects.filter(student_id=OuterRef("student_id"), month__lte=OuterRef("closed_at"))
        .filter(month__gte=OuterRef("opened_month"))
        .order_by("-month")
        .values("unexcused_hours")[:1]
    )
    closed = scope.filter(_closed_in(filters)).annotate(
        opened_month=TruncMonth("opened_at"),
        first_unexcused=Subquery(first, output_field=IntegerField()),
        last_unexcused=Subquery(last, output_field=IntegerField()),
    )
    yes = InEducation.YES
    row = closed.aggregate(
        closed=Count("id"),
        at_closure=Count("id", filter=Q(outcome__in_education_at_closure=yes)),
        at_6m=Count("id", filter=Q(outcome__in_education_6m=yes)),
        at_12m=Count("id", filter=Q(outcome__in_education_12m=yes)),
        progressed=Count("id", filter=Q(outcome__progressed=True)),
        improved=Count("id", filter=Q(last_unexcused__lt=F("first_unexcused"))),
    )
    rows = [
        [str(_("Closed cases")), row["closed"]],
        [str(_("In education at closure")), row["at_closure"]],
        [str(_("In education 6 months after closure")), row["at_6m"]],
        [str(_("In education 12 months after closure")), row["at_12m"]],
        [str(_("Progressed to the next grade or year")), row["progressed"]],
        [str(_("Attendance improved")), row["improved"]],
    ]
    return Table(
        "outcomes",
        _("Outcomes of the cases closed in the period"),
        [_("Outcome"), _("Cases")],
        rows,
        note=_(
            "Attendance improved: the unexcused hours of the last recorded month of the case are lower "
            "than those of its first recorded month."
        ),
    )


def _caseload(membership, filters) -> Table:
    rows = []
    for r in caseloads(membership):
        if filters.lead_id and r["membership"].pk != filters.lead_id:
            continue
        rows.append([r["membership"].user.full_name, r["total"], r["load_percent"]])
    return Table(
        "caseload",
        _("Caseload against the model per worker"),
        [_("Case manager"), _("Open cases"), _("Load (%)")],
        rows,
        chart=2,
        note=_("Open cases today against the usual caseload of each model (a full caseload is 100 per cent)."),
    )


def _funnel(membership, filters) -> Table:
    from opora.schools.selectors import funnel

    rows = [
        [str(r["label"]), r["count"]] for r in funnel(membership, date_from=filters.date_from, date_to=filters.date_to)
    ]
    return Table("funnel", _("The school funnel"), [_("Stage"), _("Schools")], rows)


def _k_anonymise(table: Table) -> Table:
    """Suppress every number under the threshold (None), and when one cell of a column is
    suppressed and the table has a total, the next smallest too, so that no suppressed cell
    can be worked out from the total and the others."""
    k = access.STATISTICS_MIN_CELL
    for col in range(1, len(table.headers)):
        hidden = []
        for row in table.rows:
            if row[col] is not None and row[col] < k:
                row[col] = None
                hidden.append(row)
        if table.total and len(hidden) == 1:
            shown = [row for row in table.rows if row[col] is not None]
            if shown:
                min(shown, key=lambda r: r[col])[col] = None
    table.suppressed = True
    return table


def _hide_rows_of_few_cases(table: Table, cases_col: int) -> None:
    k = access.STATISTICS_MIN_CELL
    for row in table.rows:
        if row[cases_col] is None or row[cases_col] < k:
            for col in range(1, len(row)):
                row[col] = None


def statistics(membership, filters: Filters) -> list[Table]:
    """Every statistics table for `membership` and `filters` (a fixed number of queries)."""
    scope = _scope(membership, filters)
    tables = [
        _clients(scope, filters),
        _closure_reasons(scope, filters),
        _case_length(scope, filters),
        _activities(scope, filters),
        _meetings(scope, filters),
        _goals(scope, filters),
        _outcomes(scope, filters),
    ]
    if access.can_see_service_statistics(membership):
        tables += [_caseload(membership, filters), _funnel(membership, filters)]
    if access.statistics_are_k_anonymous(membership):
        for table in tables:
            if table.key in ("activities", "meetings"):
                _hide_rows_of_few_cases(table, len(table.headers) - 1)
            _k_anonymise(table)
    for table in tables:
        if table.total:
            table.extra["totals"] = [
                None if any(r[c] is None for r in table.rows) else round(sum(r[c] for r in table.rows), 1)
                for c in range(1, len(table.headers))
            ]
    return tables


def statistics_table(membership, filters: Filters, key: str) -> Table | None:
    return next((t for t in statistics(membership, filters) if t.key == key), None)


def filter_choices(membership) -> dict:
    """The schools, workers and referral sources the filter form offers this membership."""
    from opora.accounts.models import Membership, Role

    schools = access.schools_for(membership).order_by("name").values_list("pk", "name")
    workers = []
    if access.can_see_service_statistics(membership):
        workers = list(
            Membership.objects.active()
            .filter(organisation_id=membership.organisation_id, role=Role.CASE_MANAGER)
            .order_by("user__full_name")
            .values_list("pk", "user__full_name")
        )
    return {"schools": list(schools), "workers": workers, "referrers": list(ReferrerKind.choices)}


def import_schools(membership) -> list[tuple[int, str]]:
    return list(access.schools_for(membership).order_by("name").values_list("pk", "name"))


# --- The annual report of a social-service provider ----------------------------------------

CONTACT_MAX_MINUTES = 30


def annual_report(membership, year: int) -> dict:
    """The year's counts (definitions on the page): clients, contacts, interventions by kind, hours."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    scope = access.statistics_cases_for(membership)
    activities = Activity.objects.filter(case__in=scope, occurred_on__gte=start, occurred_on__lte=end)
    totals = activities.aggregate(
        clients=Count("case__student", distinct=True),
        contacts=Count("id", filter=Q(duration_minutes__lt=CONTACT_MAX_MINUTES)),
        interventions=Count("id", filter=Q(duration_minutes__gte=CONTACT_MAX_MINUTES)),
        minutes=Coalesce(Sum("duration_minutes"), 0),
    )
    by_kind = {
        r["kind"]: r
        for r in activities.filter(duration_minutes__gte=CONTACT_MAX_MINUTES)
        .values("kind")
        .annotate(n=Count("id"), minutes=Coalesce(Sum("duration_minutes"), 0))
        .order_by()
    }
    rows = [
        [str(label), by_kind.get(value, {}).get("n", 0), round(by_kind.get(value, {}).get("minutes", 0) / 60, 1)]
        for value, label in Activity.Kind.choices
    ]
    summary = Table(
        "annual",
        _("Annual report counts"),
        [_("Figure"), _("Count")],
        [
            [str(_("Clients")), totals["clients"]],
            [str(_("Contacts")), totals["contacts"]],
            [str(_("Interventions")), totals["interventions"]],
            [str(_("Hours of direct work")), round(totals["minutes"] / 60, 1)],
        ],
    )
    interventions = Table(
        "interventions",
        _("Interventions by kind"),
        [_("Kind"), _("Interventions"), _("Hours")],
        rows,
        total=True,
    )
    interventions.extra["totals"] = [sum(r[1] for r in rows), round(sum(r[2] for r in rows), 1)]
    return {"year": year, "tables": [summary, interventions], "contact_max": CONTACT_MAX_MINUTES}
