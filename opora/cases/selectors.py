"""Reads of the student pathway, filtered through opora.access."""

import datetime
import functools

from django.conf import settings
from django.db import connection
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from opora import access
from opora.accounts.models import Membership, Role
from opora.cases.models import (
    CASELOAD_RATIO,
    Activity,
    Assessment,
    Attachment,
    Case,
    CaseEvent,
    ClosePerson,
    Goal,
    NetworkActor,
    Request,
    Student,
    SupportKind,
    Task,
    normalise_name,
    support_kind_from_text,
)
from opora.cases.workflow import OPEN_STATES, State
from opora.core.orm import CompiledQuery, like_contains

NO_CONTACT_DAYS = getattr(settings, "OPORA_NO_CONTACT_DAYS", 21)


def case_list(membership: Membership, **filters):
    """Cases this membership may open, filtered, with the figures the list shows (the API's
    list; the web list pages with ``matching_cases`` and ``case_rows`` instead)."""
    return case_rows(matching_cases(membership, **filters))


def matching_cases(
    membership: Membership,
    *,
    state="",
    school="",
    overdue=False,
    no_contact_days=None,
    q="",
    mine=False,
    lead=None,
    today: datetime.date | None = None,
    no_contact_since: datetime.date | None = None,
    patterns: list[dict] | None = None,
):
    """The cases this membership may open that match the filters, newest first: the WHERE and
    ORDER BY of the case list, without the rows' columns. `today` (the local date by default),
    `no_contact_since` (the last day of contact that counts as none, instead of
    `no_contact_days` before today) and `patterns` (``search_patterns(q)``, instead of `q`) are
    for a compiled query, which takes them as values."""
    today = today or timezone.localdate()
    qs = access.cases_for(membership)
    if mine:
        qs = qs.filter(Q(lead=membership) | Q(pk__in=access.team_case_ids(membership)))
    if lead:
        qs = qs.filter(lead_id=lead)
    if state == "open":
        qs = qs.filter(state__in=OPEN_STATES)
    elif state in State.values:
        qs = qs.filter(state=state)
    if school:
        qs = qs.filter(school_id=school)
    if overdue:
        # The earliest open deadline is kept on the case: an indexed range, not a probe of the
        # tasks of every case of the organisation.
        qs = qs.filter(open_task_due_on__lt=today)
    if no_contact_days or no_contact_since:
        limit = no_contact_since or today - datetime.timedelta(days=no_contact_days)
        qs = qs.filter(state__in=OPEN_STATES).filter(Q(last_contact_on__lt=limit) | Q(last_contact_on__isnull=True))
    for word in search_patterns(q) if patterns is None else patterns:
        qs = qs.filter(pk__in=_search_ids(membership, **word))
    return qs.order_by("-opened_at", "-id")


def case_rows(cases, today: datetime.date | None = None):
    """The rows of the case list for a queryset of cases (filtered by ``matching_cases``, or
    one page of their ids): student, school, lead and the count of overdue tasks."""
    # Only the columns a row shows: building the rows' objects (case, student, school, lead and
    # its user) from ~80 columns was a large part of each list's CPU. A row reading another
    # field costs one query per row, which the list's query-count tests would catch.
    return (
        with_overdue_count(cases.select_related("student", "school", "lead__user"), today)
        .only(*LIST_ROW_FIELDS)
        .order_by("-opened_at", "-id")
    )


def with_overdue_count(cases, today: datetime.date | None = None):
    """The cases with ``overdue_count``: their open tasks past the deadline (Task.is_overdue), as
    a correlated subquery of the cases' own query (not JOIN + GROUP BY: counted for the rows read
    only, and no query of its own). `today`: the local date (today's by default)."""
    overdue_tasks = (
        Task.objects.filter(case=OuterRef("pk"), status=Task.Status.OPEN, due_date__lt=today or timezone.localdate())
        .order_by()
        .values("case")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return cases.annotate(overdue_count=Coalesce(Subquery(overdue_tasks), 0))


def case_list_page(membership: Membership, filters: dict, number, per_page: int = 25):
    """The page `number` of the case list (``matching_cases`` with `filters`, capped count): the
    first page by a compiled query where it can be (``case_list_first_page``)."""
    from opora.core.pagination import CappedPaginator

    return CappedPaginator(
        lambda: matching_cases(membership, **filters),
        per_page,
        rows=case_page_rows,
        first_page=lambda per_page, cap: case_list_first_page(membership, filters, per_page, cap),
        # A search's matches are found once (their ids), not again for a count column.
        ids_first=bool(filters.get("q")),
    ).get_page(number)


# The first pages of the case list compiled so far (per connection, see case_list_first_page),
# by the shape of their filters; a bounded number, so that no combination of filters can make a
# worker keep thousands of them. (A shape is a small object; what its compiled query holds is
# kept per connection and bounded there, orm.COMPILED_KEPT.) With a search's words, the shapes of
# a busy organisation number a hundred or two.
_FIRST_PAGES: dict[tuple, CompiledQuery] = {}
FIRST_PAGES_KEPT = 256


def case_list_first_page(membership: Membership, filters: dict, per_page: int, cap: int) -> list | None:
    """The first page of the case list (``matching_cases`` with `filters`, as ``case_rows``),
    each row with the capped count of matches (``pagination.with_capped_count``), read by a
    query compiled once per connection and shape of the membership and the filters: building
    and compiling it was a fifth of the list's CPU time. None (the list is read as any other
    page) for "my cases", for school staff's list, or when FIRST_PAGES_KEPT shapes are kept. A
    search's words are values as well, as LIKE patterns (``search_patterns``): its matches' ids
    are read first, then the page's rows by their ids, each by a compiled query."""
    if filters.get("mine") or membership.role not in (Role.COORDINATOR, Role.CASE_MANAGER):
        return None
    state = filters.get("state") or ""
    state = state if state == "open" or state in State.values else ""
    present = tuple(bool(filters.get(name)) for name in ("school", "overdue", "no_contact_days", "lead"))
    patterns = search_patterns(filters.get("q"))
    # A search's shape: which of its words are names (a name and a number pattern) or numbers.
    searched = tuple("name" in word for word in patterns)
    # Where statements are prepared (PostgreSQL), a list reads its page's ids first, as a search.
    two_steps = not patterns and getattr(connection, "prepares", False)
    key = (per_page, cap, state, *present, searched, *(("page ids",) if two_steps else ()))
    if (key, access.membership_shape(membership)) not in _FIRST_PAGES and len(_FIRST_PAGES) >= FIRST_PAGES_KEPT:
        return None
    today = timezone.localdate()
    values = {"today": today}
    if filters.get("school"):
        values["school_filter"] = int(filters["school"])
    if filters.get("lead"):
        values["lead"] = int(filters["lead"])
    if filters.get("no_contact_days"):
        values["since"] = today - datetime.timedelta(days=filters["no_contact_days"])
    for i, word in enumerate(patterns):
        values.update({f"{part}_{i}": pattern for part, pattern in word.items()})
    build = functools.partial(_first_page, per_page=per_page, cap=cap, state=state, overdue=present[1], words=searched)
    if not patterns and not two_steps:
        return access.compiled_for(_FIRST_PAGES, key, build, membership, **values)
    if not patterns:
        # Where statements are prepared (PostgreSQL): the page's ids with the capped count, planned
        # at each request (the organisation and the filters decide the plan), then their rows,
        # planned once. In one statement the rows' joins made the planning cost more server CPU
        # than running it (0.8–1.35 ms against 0.6–0.8 ms).
        found = access.compiled_for(
            _FIRST_PAGES,
            key,
            functools.partial(build, page_ids=True),
            membership,
            optional=("today",),
            **values,
        )
        return _rows_by_ids([pk for pk, _ in found], found[0][1] if found else 0, per_page, today)
    # A search reads the ids of its matches first (as CappedPaginator's ids_first), then the
    # rows of the first page by their ids: both compiled.
    ids = access.compiled_for(
        _FIRST_PAGES, key, functools.partial(build, ids=True), membership, optional=("today",), **values
    )
    return _rows_by_ids(ids[:per_page], min(len(ids), cap + 1), per_page, today)


def _rows_by_ids(page: list[int], count: int, per_page: int, today) -> list:
    """The rows of the first page given its ids, each with the list's capped `count`."""
    from opora.core.pagination import counted

    if not page:
        return []
    rows = _page_rows_query(per_page)(ids=page + page[-1:] * (per_page - len(page)), today=today)
    for row in rows:
        counted(row, count)
    return rows


def _first_page(membership, *, today, per_page, cap, state, overdue, words, ids=False, page_ids=False, **values):
    from opora.core.pagination import COUNTED, with_capped_count

    cases = matching_cases(
        membership,
        state=state,
        school=values.get("school_filter"),
        overdue=overdue,
        lead=values.get("lead"),
        today=today,
        no_contact_since=values.get("since"),
        patterns=[
            {"name": values[f"name_{i}"], "number": values[f"number_{i}"]}
            if is_name
            else {"number": values[f"number_{i}"]}
            for i, is_name in enumerate(words)
        ],
    )
    if ids:  # enough for the count (up to cap + 1) and for the first page
        return cases.values_list("pk", flat=True)[: max(cap + 1, per_page)]
    if page_ids:  # the first page's ids, each with the capped count
        return with_capped_count(cases, cases, cap).values_list("pk", COUNTED)[:per_page]
    rows = case_rows(Case.objects.filter(pk__in=cases.values("pk")[:per_page]), today)
    return with_capped_count(rows, cases, cap)


@functools.cache
def _page_rows_query(per_page: int) -> CompiledQuery:
    """The rows of a page of the case list given its ids (padded to `per_page` by repeating
    the last: ``IN`` is the same), compiled once per connection; rows by their keys, whose plan
    does not depend on the values: planned once (``plan_once``)."""

    def build(ids, today):
        return case_rows(Case.objects.filter(pk__in=ids), today)

    return CompiledQuery(build, dates=("today",), lists={"ids": per_page}, plan_once=True)


def case_page_rows(page_ids):
    """``case_rows`` of one page of the list, given as a sliced queryset of ids. The page's 25
    ids are found first and only they are joined to their student, school and lead: a search
    for a common name matched 544 cases at 100,000, and joining all of them before sorting out
    the newest 25 was most of the list's SQL (a "deferred join")."""
    return case_rows(Case.objects.filter(pk__in=page_ids))


LIST_ROW_FIELDS = (
    "id",
    "organisation",
    "number",
    "state",
    "opened_at",
    "last_contact_on",
    "student",
    "school",
    "lead",
    "student__id",
    "student__first_name",
    "student__last_name",
    "student__school_class",
    "school__id",
    "school__name",
    "lead__id",
    "lead__user__id",
    "lead__user__full_name",
)


def search_patterns(q: str) -> list[dict]:
    """The LIKE patterns of the first three words of a search, each ``{"number": …}`` for a word
    without letters (a case number or a part of one) or ``{"name": …, "number": …}``: the
    values of ``_search_ids``, so that a compiled query can take them."""
    found = []
    for word in (q or "").split()[:3]:
        if any(char.isalpha() for char in word):
            found.append({"name": like_contains(normalise_name(word)), "number": like_contains(word)})
        else:
            found.append({"number": like_contains(word)})
    return found


def _search_ids(membership, number, name=None):
    """Ids of the organisation's cases whose student's name or whose number contains the word
    (`name`, `number`: its patterns, ``search_patterns``), accents and case ignored ("Horak"
    finds "Horák"): a UNION of two indexed lookups (trigram indexes on PostgreSQL) instead of
    ILIKE over a join of all students and cases."""
    org = membership.organisation_id
    if name is None:
        # A case number or a part of one ("2025-0012", "0012"): no name holds it, and the
        # trigram index is slow on digits (their trigrams occur in nearly every number; 8 ms
        # at 100,000 cases). Without letters, case does not matter: a plain LIKE, which the
        # UPPER(number) trigram index does not serve, checks the organisation's cases instead.
        return Case.objects.filter(organisation_id=org, number__contains_pattern=number).order_by().values("pk")
    students = Student.objects.filter(organisation_id=org, search_name__contains_pattern=name)
    by_name = Case.objects.filter(student__in=students.values("pk")).order_by().values("pk")
    by_number = Case.objects.filter(organisation_id=org, number__icontains_pattern=number).order_by().values("pk")
    return by_name.union(by_number)


def no_contact_for(case, days=NO_CONTACT_DAYS, today=None):
    """Days without contact when over the limit (open cases only), else None. `today`: the
    local date (today's by default; a list gives it once for its rows)."""
    if case.is_closed:
        return None
    since = case.last_contact_on or case.opened_at
    gap = ((today or timezone.localdate()) - since).days
    return gap if gap >= days else None


def timeline(case, *, include_restricted: bool, limit: int = 200):
    """Transitions, plan changes, activities and what other apps add (held meetings) in one
    stream, newest first."""
    items = []
    for event in CaseEvent.objects.filter(case=case).select_related("by__user")[:limit]:
        items.append({"at": event.at, "date": timezone.localtime(event.at).date(), "event": event})
    activities = Activity.objects.filter(case=case).select_related("created_by__user")
    for activity in activities[:limit]:
        items.append({"at": None, "date": activity.occurred_on, "activity": activity})
    from opora.cases.extensions import timeline_sources

    for source in timeline_sources:
        for entry in source.load(case, limit):
            items.append({"at": entry["at"], "date": entry["date"], "entry": entry})
    items.sort(
        key=lambda i: (
            i["date"],
            i["at"] or timezone.make_aware(datetime.datetime.combine(i["date"], datetime.time(23, 59))),
        ),
        reverse=True,
    )
    if not include_restricted:
        for item in items:
            if "activity" in item and item["activity"].restricted:
                item["hidden"] = True
    return items[:limit]


def _supported_child(actor):
    """Whom the support is for: a child of the family record, a close person, or the student."""
    if actor.for_child_id:
        return ("child", actor.for_child_id)
    if actor.for_person_id:
        return ("person", actor.for_person_id)
    return ("student",)


def _supported_child_name(actor) -> str:
    if actor.for_child_id:
        return actor.for_child.first_name
    return actor.for_person.name if actor.for_person_id else ""


def duplication_warnings(actors, tasks) -> list[dict]:
    """Two actors giving the same kind of support to the same child, or two open tasks with the
    same title (§3 step 6). The kind comes from the fixed list (SupportKind); an actor without
    one (or "other") is compared by its text, read for a kind first ("pomoc s bydlením" is
    housing). Support for different children (the student, a sibling) never counts twice."""
    warnings = []
    by_kind: dict[tuple, list] = {}
    today = timezone.localdate()
    for actor in actors:
        if actor.until is not None and actor.until < today:
            continue
        text = " ".join(actor.support_kind.lower().split())
        kind = actor.support if actor.support and actor.support != SupportKind.OTHER else ""
        kind = kind or support_kind_from_text(text)
        key = ("kind", kind) if kind else ("text", text)
        if key[1]:
            by_kind.setdefault((*key, _supported_child(actor)), []).append(actor)
    for (how, value, _person), group in by_kind.items():
        if len(group) > 1:
            label = SupportKind(value).label if how == "kind" else group[0].support_kind
            child = _supported_child_name(group[0])
            warnings.append({"kind": "actors", "support": str(label), "child": child, "names": [a.name for a in group]})
    by_title: dict[str, list] = {}
    for task in tasks:
        if task.status == Task.Status.OPEN:
            by_title.setdefault(" ".join(task.title.lower().split()), []).append(task)
    for group in by_title.values():
        if len(group) > 1:
            warnings.append({"kind": "tasks", "title": group[0].title, "count": len(group)})
    return warnings


def network_of(case):
    return list(NetworkActor.objects.filter(case=case).select_related("institution", "for_person", "for_child"))


def open_tasks_of(case):
    """The open tasks of the case's plan, oldest first."""
    return list(Task.objects.filter(case=case, status=Task.Status.OPEN).order_by("pk"))


def tasks_of(case):
    return list(Task.objects.filter(case=case).select_related("responsible_membership__user", "responsible_actor"))


def overdue_task_count(case) -> int:
    """The number of the case's tasks for which Task.is_overdue holds, counted by the database."""
    return Task.objects.filter(
        case=case, status=Task.Status.OPEN, due_date__isnull=False, due_date__lt=timezone.localdate()
    ).count()


def _managers(organisation):
    return (
        Membership.objects.active()
        .filter(organisation_id=organisation, role=Role.CASE_MANAGER)
        .select_related("user")
        .only("id", "organisation_id", "role", "user__id", "user__full_name")
        .order_by("user__full_name")
    )


def _open_load(organisation):
    return (
        Case.objects.filter(organisation_id=organisation, state__in=OPEN_STATES)
        .order_by()
        .values_list("lead_id", "family_id", "model")
        .annotate(n=Count("*"))
    )


# The caseloads' two queries (the coordinator's My day, the caseload page, the statistics):
# compiled once per connection.
_MANAGERS = CompiledQuery(_managers, "organisation")
_OPEN_LOAD = CompiledQuery(_open_load, "organisation")


def caseload_calls(membership: Membership) -> list:
    """The two queries of ``caseloads``, not run yet (``orm.prefetched``)."""
    return [
        _MANAGERS.call(organisation=membership.organisation_id),
        _OPEN_LOAD.call(organisation=membership.organisation_id),
    ]


def caseloads(membership: Membership):
    """Each case manager's open cases against the ratio of the model (§4, seed 002), counted per
    CLIENT: a student's own case is one client; a family — its family case and its children's
    cases led by the same case manager — is one client, weighed by the most intensive model among
    them (the smallest ratio).

    The load is the sum over clients of 1 / ratio of the client's model: 1.0 means full."""
    rows = []
    # The table shows a manager's name and links by id: the rest of the membership and its
    # account are not read (building 60 full rows of both cost ~4 ms a page).
    managers = _MANAGERS(organisation=membership.organisation_id)
    # One pass over the organisation's open cases (index case_org_open_load_idx): per lead and
    # model the cases of no family, per lead, family and model one client each.
    by_lead: dict[int, dict] = {}
    family_model: dict[tuple[int, int], str] = {}
    for lead_id, family_id, model, n in _OPEN_LOAD(organisation=membership.organisation_id):
        if family_id is None:
            per_model = by_lead.setdefault(lead_id, {})
            per_model[model] = per_model.get(model, 0) + n
            continue
        # One client per (lead, family), with the model of the smallest ratio.
        current = family_model.get((lead_id, family_id))
        if current is None or CASELOAD_RATIO[model] < CASELOAD_RATIO[current]:
            family_model[(lead_id, family_id)] = model
    families_of: dict[int, set] = {}
    for (lead_id, family_id), model in family_model.items():
        per_model = by_lead.setdefault(lead_id, {})
        per_model[model] = per_model.get(model, 0) + 1
        families_of.setdefault(lead_id, set()).add(family_id)
    children_in = _children_count({f for fams in families_of.values() for f in fams})
    for manager in managers:
        per_model = by_lead.get(manager.pk, {})
        total = sum(per_model.values())
        load = sum(n / CASELOAD_RATIO[model] for model, n in per_model.items())
        families = families_of.get(manager.pk, set())
        rows.append(
            {
                "membership": manager,
                "total": total,
                "families": len(families),
                "children": sum(children_in.get(f, 0) for f in families),
                "per_model": per_model,
                "load_percent": round(load * 100),
                "over": load > 1,
            }
        )
    return rows


def family_clients(membership: Membership, limit: int = 200):
    """The families with open cases, for the caseload view: each with its children, its open
    cases and who leads them (through the policy: the families this membership may see)."""
    from opora.families.models import FamilyChild

    open_cases = list(
        Case.objects.filter(
            organisation_id=membership.organisation_id,
            state__in=OPEN_STATES,
            family__in=access.families_for(membership),
        )
        .select_related("family", "lead__user")
        .order_by("family__name", "family_id", "number")[: limit * 5]
    )
    families: dict[int, dict] = {}
    for case in open_cases:
        row = families.setdefault(case.family_id, {"family": case.family, "cases": [], "leads": set()})
        row["cases"].append(case)
        row["leads"].add(case.lead.user.full_name)
    children = FamilyChild.objects.filter(family_id__in=list(families)).order_by("date_of_birth", "first_name")
    for child in children:
        families[child.family_id].setdefault("children", []).append(child)
    rows = list(families.values())[:limit]
    for row in rows:
        row["leads"] = sorted(row["leads"])
        row.setdefault("children", [])
    return rows


def _children_count(family_ids) -> dict[int, int]:
    """How many children each family has (family id → count)."""
    if not family_ids:
        return {}
    from opora.families.models import FamilyChild

    rows = FamilyChild.objects.filter(family_id__in=family_ids).values("family_id").annotate(n=Count("id"))
    return {row["family_id"]: row["n"] for row in rows}


def _recent_attendance(case):
    return (
        Activity.objects.filter(case=case)
        .exclude(attendance=Activity.Attendance.NOT_APPLICABLE)
        .order_by("-occurred_on", "-id")
        .values_list("attendance", flat=True)
    )


def with_recent_attendance(cases):
    """The cases with ``_attendance_1`` and ``_attendance_2``: the attendance of their last two
    agreed meetings (newest first), as two subquery columns of the cases' own query — what ``missed_meetings``
    needs, without a query of its own."""
    recent = _recent_attendance(OuterRef("pk"))
    return cases.annotate(_attendance_1=Subquery(recent[:1]), _attendance_2=Subquery(recent[1:2]))


def missed_meetings(case, last: int = 2) -> int:
    """How many of the last agreed meetings in a row the student did not come to (0 when they
    came to the latest one), counting at most `last`. Signals "not attending" before the state says so."""
    if last <= 2 and hasattr(case, "_attendance_1"):  # read with the case (with_recent_attendance)
        recent = [a for a in (case._attendance_1, case._attendance_2) if a is not None][:last]
    else:
        recent = list(_recent_attendance(case)[:last])
    missed = 0
    for attendance in recent:
        if attendance != Activity.Attendance.DID_NOT_COME:
            break
        missed += 1
    return missed


def activities_visible_to(membership: Membership, case):
    """Activities of a case for other apps (reports, exports): none outside the case team's
    content access, and restricted (sensitive) notes only for the case team."""
    if not access.can_view_case_content(membership, case):
        return Activity.objects.none()
    qs = Activity.objects.filter(case=case)
    if not access.can_see_restricted_notes(membership, case):
        qs = qs.exclude(restricted=True)
    return qs


# --- The case page ---------------------------------------------------------------------------


# The tabs' own reads, each compiled once per connection (the overview is the page most opened).
_REQUESTS = CompiledQuery(lambda case: Request.objects.filter(case_id=case), "case", plan_once=True)
_GOALS = CompiledQuery(lambda case: Goal.objects.filter(case_id=case).select_related("request"), "case", plan_once=True)


def _overview(membership, case, tasks, version):
    return {
        "intake": case.intake_check if hasattr(case, "intake_check") else None,
        "requests": _REQUESTS(case=case.pk),
    }


def _timeline(membership, case, tasks, version):
    return {"timeline": timeline(case, include_restricted=access.can_see_restricted_notes(membership, case))}


def _assessment(membership, case, tasks, version):
    versions = list(Assessment.objects.filter(case=case).select_related("created_by__user"))
    latest = versions[0] if versions else None
    shown = next((v for v in versions if str(v.version) == version), latest) if version else latest
    return {"assessment": shown, "versions": versions}


def _plan(membership, case, tasks, version):
    return {
        "requests": _REQUESTS(case=case.pk),
        "goals": _GOALS(case=case.pk),
        "tasks": tasks,
        "warnings": duplication_warnings(network_of(case), tasks) or [],
    }


def _network(membership, case, tasks, version):
    actors = network_of(case)
    return {"actors": actors, "warnings": duplication_warnings(actors, tasks) or []}


def _family(membership, case, tasks, version):
    return {"persons": list(ClosePerson.objects.filter(student=case.student))}


def _attachments(membership, case, tasks, version):
    return {"attachments": list(Attachment.objects.filter(case=case).select_related("uploaded_by__user"))}


_CASE_TABS = {
    "overview": _overview,
    "timeline": _timeline,
    "assessment": _assessment,
    "plan": _plan,
    "network": _network,
    "family": _family,
    "attachments": _attachments,
}


# The tabs that list the case's tasks (the header counts the overdue ones among them).
TABS_WITH_TASKS = ("plan", "network")


def case_page_queryset(cases, tab: str, today: datetime.date | None = None):
    """What the case page reads with the case itself, in the same query: the referral and the
    intake check (one-to-one) for the overview, the only tab that shows them — each outer join
    costs PostgreSQL about half a millisecond of planning — and the header's missed meetings
    and, where the tab does not list the tasks, its count of overdue tasks, as columns."""
    if tab == "overview":
        cases = cases.select_related("referral", "intake_check")
    cases = with_recent_attendance(cases)
    return cases if tab in TABS_WITH_TASKS else with_overdue_count(cases, today)


# The case with what every page about it shows (its organisation is set by access.fetch_case).
CASE_QS = Case.objects.select_related("student", "school", "lead__user")
_CASE_PAGE_QUERIES: dict[str, CompiledQuery] = {}


def case_page_query(tab: str):
    """The case page's query of `tab` (``case_page_queryset``) for one case of one organisation,
    built and compiled once per connection: for ``access.fetch_case(compiled=…)``, which gives it
    the case's and the organisation's ids. Building and compiling it took a fifth of the case
    page's CPU time."""
    query = _CASE_PAGE_QUERIES.get(tab)
    dated = tab not in TABS_WITH_TASKS  # the count of overdue tasks is of the local date
    if query is None:

        def build(case, organisation, today=None):
            return case_page_queryset(CASE_QS, tab, today).filter(organisation_id=organisation, pk=case).order_by()[:1]

        query = CompiledQuery(build, "case", "organisation", dates=("today",) if dated else (), plan_once=True)
        _CASE_PAGE_QUERIES[tab] = query
    today = {"today": timezone.localdate()} if dated else {}
    return lambda case, organisation: query(case=case, organisation=organisation, **today)


def case_page(membership, case, tab: str, *, version: str | None = None) -> dict:
    """What the case team's page reads: the header's warnings and the shown tab of the cases
    app (`version`: the assessment version asked for). An extension tab reads nothing here."""
    # The tasks themselves only on the tabs that list them; elsewhere the header needs a count.
    tasks = tasks_of(case) if tab in TABS_WITH_TASKS else None
    if tasks is not None:
        overdue = sum(1 for t in tasks if t.is_overdue)
    else:  # read with the case (with_overdue_count), or counted now
        overdue = case.overdue_count if hasattr(case, "overdue_count") else overdue_task_count(case)
    ctx = {
        "overdue_count": overdue,
        "no_contact_days": no_contact_for(case),
        "missed_meetings": missed_meetings(case),
        "today": timezone.localdate(),
    }
    reads = _CASE_TABS.get(tab)
    if reads is not None:
        ctx.update(reads(membership, case, tasks, version))
    return ctx


def latest_assessment(case):
    """The newest version of the case's assessment (the form starts from it), or None."""
    return Assessment.objects.filter(case=case).first()


def task_as_stored(task):
    """The task as it is in the database now (after a refused change)."""
    return Task.objects.get(pk=task.pk)
