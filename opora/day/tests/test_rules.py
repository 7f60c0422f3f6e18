"""The rules of My day against fixtures with known dates (expectations computed by hand)."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from opora.accounts.models import Role
from opora.cases.models import Goal, Task
from opora.cases.tests.factories import CaseFactory, GoalFactory, TaskFactory
from opora.consents.tests.factories import ConsentFactory
from opora.core.testing.factories import MembershipFactory, OrganisationFactory
from opora.day import rules
from opora.meetings.models import Kind, Meeting
from opora.meetings.tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db

PRAGUE = ZoneInfo("Europe/Prague")
# Monday after the spring DST change (Sunday 29 March 2026, 02:00 CET → 03:00 CEST).
TODAY = datetime.date(2026, 3, 30)


def _at(y, m, d, hh, mm=0):
    return datetime.datetime(y, m, d, hh, mm, tzinfo=PRAGUE)


def _k(kind):
    return str(Kind(kind).label)


def _pairs(sections):
    return {(s["key"], item.subject) for s in sections for item in s["items"]}


@pytest.fixture
def desk():
    org = OrganisationFactory()
    cm = MembershipFactory(organisation=org, role=Role.CASE_MANAGER)
    coordinator = MembershipFactory(organisation=org, role=Role.COORDINATOR)
    case = CaseFactory(
        organisation=org,
        lead=cm,
        state="active",
        opened_at=datetime.date(2025, 9, 1),
        last_contact_on=datetime.date(2026, 3, 9),  # today − 21 days: without contact
        last_school_report_on=datetime.date(2026, 3, 6),  # + 30 days = 5 April ≤ today + 7
    )
    case.student.first_name, case.student.last_name = "Adam", "Prvni"
    case.student.save()
    quiet = CaseFactory(
        organisation=org,
        lead=cm,
        state="active",
        opened_at=datetime.date(2025, 9, 1),
        last_contact_on=datetime.date(2026, 3, 10),  # today − 20 days: not yet
        last_school_report_on=datetime.date(2026, 3, 8),  # due 7 April: not yet
    )
    closed = CaseFactory(organisation=org, lead=cm, state="closed", opened_at=datetime.date(2025, 1, 1))
    not_mine = CaseFactory(organisation=org, state="active", last_contact_on=datetime.date(2025, 1, 1))
    # Tasks: overdue yesterday, due today and on the sixth day, not on the seventh; done; not mine.
    TaskFactory(case=case, title="Včera", due_date=datetime.date(2026, 3, 29))
    TaskFactory(case=case, title="Dnes", due_date=datetime.date(2026, 3, 30))
    TaskFactory(case=quiet, title="Neděle", due_date=datetime.date(2026, 4, 5))
    TaskFactory(case=case, title="Příští pondělí", due_date=datetime.date(2026, 4, 6))
    TaskFactory(case=case, title="Hotovo", due_date=datetime.date(2026, 3, 1), status=Task.Status.DONE)
    TaskFactory(case=closed, title="Uzavřený", due_date=datetime.date(2026, 3, 1))
    TaskFactory(case=not_mine, title="Cizí", due_date=datetime.date(2026, 3, 1))
    # Responsible for a task of a case they may not open: not shown.
    TaskFactory(case=not_mine, title="Cizí můj", due_date=datetime.date(2026, 3, 1), responsible_membership=cm)
    # Meetings around the local day boundaries (CEST = UTC+2 from 29 March).
    MeetingFactory(case=case, purpose="x", start=_at(2026, 3, 29, 23, 30), status=Meeting.Status.PLANNED)  # yesterday
    MeetingFactory(case=case, kind="case_conference", start=_at(2026, 3, 30, 0, 30))  # today, 22:30 UTC the day before
    MeetingFactory(case=quiet, kind="educational_commission", start=_at(2026, 4, 5, 23, 0))  # sixth day
    MeetingFactory(case=case, start=_at(2026, 4, 6, 0, 0))  # seventh day: not this week
    MeetingFactory(case=case, start=_at(2026, 3, 31, 9, 0), status=Meeting.Status.CANCELLED)
    MeetingFactory(case=not_mine, start=_at(2026, 3, 30, 10, 0))
    proposed = MeetingFactory(case=quiet, start=_at(2026, 6, 8, 9, 0), status=Meeting.Status.PROPOSED)
    # Consents: ends in 30 days (shown), in 31 days, already ended, withdrawn.
    ConsentFactory(case=case, valid_until=datetime.date(2026, 4, 29))
    ConsentFactory(case=quiet, valid_until=datetime.date(2026, 4, 30))
    ConsentFactory(case=quiet, valid_until=datetime.date(2026, 3, 29))
    ConsentFactory(case=quiet, valid_until=datetime.date(2026, 4, 2), withdrawn_on=datetime.date(2026, 3, 20))
    # Goals: review on the seventh day (shown), the eighth, achieved.
    GoalFactory(case=case, title="Docházka", review_on=datetime.date(2026, 4, 6))
    GoalFactory(case=case, title="Kroužek", review_on=datetime.date(2026, 4, 7))
    GoalFactory(case=quiet, title="Splněno", review_on=datetime.date(2026, 3, 1), status=Goal.Status.ACHIEVED)
    # A school's referral assigned to the coordinator: waits for a case manager.
    waiting = CaseFactory(organisation=org, lead=coordinator, state="referred", opened_at=datetime.date(2026, 3, 27))
    return {
        "cm": cm,
        "coordinator": coordinator,
        "case": case,
        "quiet": quiet,
        "proposed": proposed,
        "waiting": waiting,
    }


def test_the_case_managers_day_is_exactly_what_the_dates_say(desk, caseload_as):
    sections = rules.day_of(desk["cm"], TODAY)
    case, quiet = desk["case"], desk["quiet"]
    assert _pairs(sections) == {
        ("tasks_overdue", "Včera"),
        ("tasks_week", "Dnes"),
        ("tasks_week", "Neděle"),
        ("meetings_today", _k("case_conference")),
        ("meetings_week", _k("educational_commission")),
        ("series_next", _k("school_case_meeting")),
        ("no_contact", str(case.student)),
        ("consents_expiring", str(case.student)),
        ("school_reports", str(case.student)),
        ("evaluations", "Docházka"),
    }
    assert str(quiet.student) not in {i.subject for s in sections if s["key"] == "no_contact" for i in s["items"]}
    by_key = {s["key"]: s["items"] for s in sections}
    assert by_key["tasks_overdue"][0].overdue is True
    assert by_key["school_reports"][0].on == datetime.date(2026, 4, 5)
    assert by_key["school_reports"][0].url == f"/consents/case/{case.pk}/report/new/"
    assert by_key["series_next"][0].url == f"/meetings/{desk['proposed'].pk}/"
    assert by_key["tasks_overdue"][0].url == f"/cases/{case.pk}/?tab=plan"
    # The order of the sections is the order of the rules.
    assert [s["key"] for s in sections][:3] == ["tasks_overdue", "tasks_week", "meetings_today"]


def test_the_local_day_holds_across_the_autumn_dst_change(caseload_as):
    """Sunday 25 October 2026: 03:00 CEST → 02:00 CET. 23:30 local is 22:30 UTC (today), and
    23:30 local the day before is 21:30 UTC (yesterday)."""
    org = OrganisationFactory()
    cm = MembershipFactory(organisation=org, role=Role.CASE_MANAGER)
    case = CaseFactory(organisation=org, lead=cm, state="active", last_contact_on=datetime.date(2026, 10, 20))
    MeetingFactory(case=case, kind="case_conference", start=_at(2026, 10, 25, 23, 30))
    MeetingFactory(case=case, kind="educational_commission", start=_at(2026, 10, 24, 23, 30))
    MeetingFactory(case=case, start=_at(2026, 11, 1, 0, 0))  # the seventh day: not this week
    MeetingFactory(case=case, start=_at(2026, 10, 31, 23, 59))  # the sixth day
    sections = rules.day_of(cm, datetime.date(2026, 10, 25))
    assert _pairs(sections) == {("meetings_today", _k("case_conference")), ("meetings_week", _k("school_case_meeting"))}


def test_the_coordinators_day_has_the_referrals_waiting_and_not_every_case(desk):
    sections = rules.day_of(desk["coordinator"], TODAY)
    waiting = desk["waiting"]
    # The coordinator leads only the referral (opened 27 March: no contact gap of 21 days yet,
    # the first report to the school due 26 April); the case managers' cases are not their day.
    assert _pairs(sections) == {("referrals", str(waiting.student))}


def test_other_roles_see_nothing_of_the_cases(desk):
    org = desk["cm"].organisation
    for role in (Role.FACILITATOR, Role.SCHOOL_STAFF, Role.EXTERNAL):
        assert rules.day_of(MembershipFactory(organisation=org, role=role), TODAY) == []
    other_org = MembershipFactory(role=Role.COORDINATOR)
    assert rules.day_of(other_org, TODAY) == []


def test_a_facilitator_sees_the_meetings_it_facilitates_and_no_others(desk, caseload_as):
    org = desk["cm"].organisation
    facilitator = MembershipFactory(organisation=org, role=Role.FACILITATOR)
    MeetingFactory(case=desk["case"], kind="case_conference", start=_at(2026, 3, 31, 9), facilitator=facilitator)
    MeetingFactory(case=desk["quiet"], kind="educational_commission", start=_at(2026, 3, 31, 10))
    assert _pairs(rules.day_of(facilitator, TODAY)) == {("meetings_week", _k("case_conference"))}
    # A case manager named facilitator of a meeting of a case it may not open (neither its lead
    # nor on the team): the meeting is not on its day.
    outsider = MembershipFactory(organisation=org, role=Role.CASE_MANAGER)
    MeetingFactory(case=desk["case"], start=_at(2026, 3, 31, 11), facilitator=outsider)
    assert rules.day_of(outsider, TODAY) == []


def test_a_rule_added_by_another_app_appears_in_its_order(desk):
    extra = rules.Rule(
        "attendance",
        "Students not attending",
        lambda ctx: [rules.Item("attendance", "/x/", "Adam", None, "", ctx.today)],
        order=15,
    )
    with rules.rules.replaced([*rules.rules, extra]):
        sections = rules.day_of(desk["cm"], TODAY)
    assert [s["key"] for s in sections][:3] == ["tasks_overdue", "attendance", "tasks_week"]


# The day's own rules take 5 queries (both task sections are one; the cases without contact and
# the reports to the school come from the caseload's rows), 7 for a caseload too long to be read
# (a subquery); the rules of the other apps (return readiness, visits, agreements, follow-ups,
# reports) one each, attendance one (three when some student is over a threshold) — whatever the
# number of cases.
MAX_DAY_QUERIES = 15
MAX_DAY_QUERIES_WITH_ROWS = 13


def test_my_day_needs_a_bounded_number_of_queries(desk, caseload_as, django_assert_max_num_queries):
    budget = MAX_DAY_QUERIES_WITH_ROWS if caseload_as == "ids" else MAX_DAY_QUERIES
    with django_assert_max_num_queries(budget):
        rules.day_of(desk["cm"], TODAY)
    for n in range(15):
        more = CaseFactory(organisation=desk["cm"].organisation, lead=desk["cm"], state="active")
        TaskFactory(case=more, due_date=datetime.date(2026, 3, 1))
        GoalFactory(case=more, review_on=datetime.date(2026, 3, 1))
        MeetingFactory(case=more, start=_at(2026, 3, 31, 8, n))
    with django_assert_max_num_queries(budget):
        sections = rules.day_of(desk["cm"], TODAY)
    assert len(next(s for s in sections if s["key"] == "tasks_overdue")["items"]) == 16


def test_the_page_shows_the_first_items_of_a_long_section_and_says_there_are_more(desk, client, login):
    """A caseload of thousands must not render thousands of items: the page keeps the first
    PAGE_LIMIT of a section (oldest first) and says so; the rules stop collecting there."""
    from django.urls import reverse

    from opora.day.panels import PAGE_LIMIT

    for n in range(PAGE_LIMIT + 5):
        more = CaseFactory(organisation=desk["cm"].organisation, lead=desk["cm"], state="active")
        TaskFactory(case=more, title=f"Úkol {n:02d}", due_date=datetime.date(2026, 3, 1))
    everything = rules.day_of(desk["cm"], TODAY)
    overdue = next(s for s in everything if s["key"] == "tasks_overdue")
    assert len(overdue["items"]) > PAGE_LIMIT and overdue["more"] is False
    limited = rules.day_of(desk["cm"], TODAY, limit=PAGE_LIMIT)
    first = next(s for s in limited if s["key"] == "tasks_overdue")
    assert first["more"] is True and first["items"] == overdue["items"][:PAGE_LIMIT]
    short = [s for s in limited if s["key"] != "tasks_overdue"]
    assert all(not s["more"] for s in short)
    login(client, desk["cm"])
    page = client.get(reverse("core:home")).content.decode()
    assert page.count('data-testid="day-item"') <= PAGE_LIMIT * len(limited)
    assert 'data-testid="day-more"' in page and f"{PAGE_LIMIT}+" in page


def test_many_overdue_tasks_do_not_crowd_out_the_weeks_tasks(desk, django_assert_max_num_queries):
    """Both task sections come from one query, numbered per section: with a limit each keeps
    its own first items (soonest first) and says whether there are more."""
    from opora.cases.tests.factories import CaseFactory as Cases

    case = Cases(organisation=desk["cm"].organisation, lead=desk["cm"], state="active")
    for n in range(6):
        TaskFactory(case=case, title=f"Pozdě {n}", due_date=datetime.date(2026, 3, 10 + n))
    for n in range(4):
        TaskFactory(case=case, title=f"Brzy {n}", due_date=datetime.date(2026, 4, 1 + n))
    with django_assert_max_num_queries(MAX_DAY_QUERIES):
        sections = {s["key"]: s for s in rules.day_of(desk["cm"], TODAY, limit=3)}
    overdue, week = sections["tasks_overdue"], sections["tasks_week"]
    assert [i.subject for i in overdue["items"]] == ["Pozdě 0", "Pozdě 1", "Pozdě 2"] and overdue["more"]
    # "Dnes" (today) and "Neděle" (the sixth day) of the fixture are the week's too.
    assert [i.subject for i in week["items"]] == ["Dnes", "Brzy 0", "Brzy 1"] and week["more"]
    assert all(i.overdue for i in overdue["items"]) and not any(i.overdue for i in week["items"])
    everything = {s["key"]: s for s in rules.day_of(desk["cm"], TODAY)}
    assert len(everything["tasks_overdue"]["items"]) == 7  # the fixture's "Včera" and the six
    assert len(everything["tasks_week"]["items"]) == 6


def test_reports_to_schools_with_different_intervals_are_due_by_their_own_interval(desk):
    """The rule filters `since <= soon - N` per reporting interval in SQL: a case reporting
    every 14 days is due when one reporting every 60 days from the same date is not, and the
    section lists the most overdue first across intervals."""
    cm, org = desk["cm"], desk["cm"].organisation
    weekly = CaseFactory(
        organisation=org,
        lead=cm,
        state="active",
        school_report_every_days=14,
        last_school_report_on=datetime.date(2026, 3, 1),  # due 15 March: overdue
    )
    sparse = CaseFactory(
        organisation=org,
        lead=cm,
        state="active",
        school_report_every_days=60,
        last_school_report_on=datetime.date(2026, 3, 1),  # due 30 April: not yet
    )
    long_ago = CaseFactory(
        organisation=org,
        lead=cm,
        state="active",
        school_report_every_days=60,
        last_school_report_on=datetime.date(2026, 1, 5),  # due 6 March: the most overdue
    )
    section = next(s for s in rules.day_of(cm, TODAY) if s["key"] == "school_reports")
    due = [(item.case_id, item.on, item.overdue) for item in section["items"]]
    assert due == [
        (long_ago.pk, datetime.date(2026, 3, 6), True),
        (weekly.pk, datetime.date(2026, 3, 15), True),
        (desk["case"].pk, datetime.date(2026, 4, 5), False),
    ]
    assert sparse.pk not in {item.case_id for item in section["items"]}


def test_cases_without_contact_show_the_longest_waiting_first_within_the_limit(desk):
    cm, org = desk["cm"], desk["cm"].organisation
    waiting = [
        CaseFactory(organisation=org, lead=cm, state="active", last_contact_on=datetime.date(2026, 1, day))
        for day in (20, 3, 11)
    ]
    section = next(s for s in rules.day_of(cm, TODAY, limit=2) if s["key"] == "no_contact")
    assert [item.case_id for item in section["items"]] == [waiting[1].pk, waiting[2].pk]
    assert section["more"] is True


def test_cases_without_contact_and_reports_due_agree_from_the_rows_and_from_the_database(monkeypatch):
    """Read from the caseload's rows (a caseload that fits the list) or asked of the database (a
    longer one): the same items, in the same order, with the same dates."""
    org = OrganisationFactory()
    cm = MembershipFactory(organisation=org, role=Role.CASE_MANAGER)
    day = datetime.timedelta(days=1)
    for i, (contact, opened, reported, every) in enumerate(
        [
            (None, TODAY - 40 * day, None, 30),  # never contacted, opened 40 days ago; report due
            (TODAY - 21 * day, TODAY - 400 * day, TODAY - 23 * day, 30),  # due in 7 days: listed
            (TODAY - 22 * day, TODAY - 400 * day, TODAY - 22 * day, 30),  # due in 8 days: not yet
            (TODAY - 30 * day, TODAY - 400 * day, TODAY - 90 * day, 60),  # 30 days overdue
            (TODAY - 30 * day, TODAY - 400 * day, TODAY - 90 * day, 14),  # 76 days overdue: first
            (TODAY - 5 * day, TODAY - 10 * day, None, 30),  # recent: neither
        ]
    ):
        CaseFactory(
            organisation=org,
            lead=cm,
            state="active",
            number=f"2026-{i:04d}",
            last_contact_on=contact,
            opened_at=opened,
            last_school_report_on=reported,
            school_report_every_days=every,
        )
    CaseFactory(
        organisation=org, lead=cm, state="active", school=None, opened_at=TODAY - 90 * day, last_contact_on=TODAY
    )

    def day_items(as_list):
        monkeypatch.setattr(rules, "CASELOAD_AS_LIST", 500 if as_list else 0)
        sections = {s["key"]: s["items"] for s in rules.day_of(cm, TODAY)}
        return [(key, sections.get(key, [])) for key in ("no_contact", "school_reports")]

    from_rows, from_database = day_items(True), day_items(False)
    assert from_rows == from_database
    no_contact, reports = dict(from_rows)["no_contact"], dict(from_rows)["school_reports"]
    assert [(i.case_number, i.on) for i in no_contact] == [
        ("2026-0000", TODAY - 40 * day),
        ("2026-0003", TODAY - 30 * day),
        ("2026-0004", TODAY - 30 * day),
        ("2026-0002", TODAY - 22 * day),
        ("2026-0001", TODAY - 21 * day),
    ]
    assert [(i.case_number, i.on, i.overdue) for i in reports] == [
        ("2026-0004", TODAY - 76 * day, True),
        ("2026-0003", TODAY - 30 * day, True),
        ("2026-0000", TODAY - 10 * day, True),
        ("2026-0001", TODAY + 7 * day, False),
    ]


def test_the_compiled_rules_give_what_the_rules_built_each_time_give(world, monkeypatch):
    """My day's queries compiled once (DayContext.compiled) against the same queries built on each
    call, for every role of the world, with and without a limit, on two days."""
    from opora.meetings.models import Meeting

    cm, facilitator = world.members["case_manager"], world.members["facilitator"]
    for i in range(6):
        case = CaseFactory(organisation=world.org, lead=cm, state="active")
        TaskFactory(case=case, due_date=TODAY + datetime.timedelta(days=i - 3), responsible_membership=cm)
        start = _at(2026, 3, 30, 9) + datetime.timedelta(days=i % 3, hours=i)
        MeetingFactory(case=case, start=start, facilitator=facilitator if i % 2 else None)
        MeetingFactory(case=case, start=_at(2026, 4, 20, 9), status=Meeting.Status.PROPOSED)
    TaskFactory(case=world.case, due_date=TODAY - datetime.timedelta(days=1), responsible_membership=cm)

    def days():
        return {
            (name, today, limit): rules.day_of(membership, today, limit=limit)
            for name, membership in world.members.items()
            for today in (TODAY, TODAY + datetime.timedelta(days=2))
            for limit in (None, 2)
        }

    compiled = days()
    monkeypatch.setattr(rules.DayContext, "call", lambda self, key, build, **values: None)
    built = days()
    assert compiled == built
    assert any(section["key"] == "tasks_overdue" for section in compiled[("case_manager", TODAY, 2)])
    assert any(section["key"] == "meetings_week" for section in compiled[("facilitator", TODAY, None)])
