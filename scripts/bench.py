"""Benchmark: server-side time and query count of Opora's main pages at realistic volume.

    .venv/bin/python scripts/bench.py                      # throwaway SQLite file
    DATABASE_URL=postgres://… .venv/bin/python scripts/bench.py   # an EMPTY PostgreSQL database
    .venv/bin/python scripts/bench.py --cases 2000 --runs 30

It builds one organisation with --cases cases (each with tasks and network actors; the first
50 with 50 activities each, the first with 12 meetings), 150 schools and 100 directory entries, then requests each page
--runs times through Django's test client (the whole request: middleware, views, templates)
and prints median and 95th-percentile milliseconds and the number of SQL queries. The targets
(median below TARGET_MS, queries bounded and independent of volume) are checked at the end;
the exit status is 1 when one is missed. Timing is not part of the test suite on purpose.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_MS = 250
# Pages with their own target (issue 12: a year's statistics of 20,000 cases within 300 ms on PostgreSQL).
PAGE_TARGET_MS = {"statistics, a year (coordinator)": 300, "statistics, a year (school)": 300, "annual report": 300}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="opora-bench-")
    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings_test"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor}; building {args.cases} cases …", flush=True)
    started = time.perf_counter()
    targets = build(args.cases)
    print(f"built in {time.perf_counter() - started:.1f} s\n", flush=True)

    from django.test import Client

    from opora.core.testing.auth import login

    rows, failed = [], []
    for label, membership, url in targets:
        client = login(Client(), membership)
        client.get(url)  # warm caches (templates, translations)
        times, queries = [], 0
        for _ in range(args.runs):
            with CaptureQueriesContext(connection) as ctx:
                t0 = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - t0) * 1000)
            queries = len(ctx.captured_queries)
            assert response.status_code == 200, (label, response.status_code)
        times.sort()
        median = statistics.median(times)
        p95 = times[max(0, int(len(times) * 0.95) - 1)]
        rows.append((label, median, p95, queries))
        if median > PAGE_TARGET_MS.get(label, TARGET_MS):
            failed.append(label)

    width = max(len(r[0]) for r in rows)
    print(f"{'page':<{width}}  {'median ms':>9}  {'p95 ms':>7}  {'queries':>7}")
    for label, median, p95, queries in rows:
        print(f"{label:<{width}}  {median:9.1f}  {p95:7.1f}  {queries:7d}")
    verdict = "missed: " + ", ".join(failed) if failed else "met"
    print(f"\ntarget: median < {TARGET_MS} ms per page, statistics pages < 300 ms — {verdict}")
    return 1 if failed else 0


def add_cases(org, managers, schools, n_cases, rng):
    """`n_cases` students and cases spread over `managers` and `schools`, each case with 4 tasks
    and 3 network actors (shared with scripts/load.py)."""
    import datetime

    from django.utils import timezone

    from opora.cases.models import Case, NetworkActor, Student, Task, refresh_open_task_due

    today = timezone.localdate()
    students = Student.objects.bulk_create(
        Student(
            organisation=org,
            first_name=rng.choice(["Jan", "Eva", "Petr", "Jana", "Tomáš", "Lucie"]),
            last_name=f"Příjmení{i}",
            school=schools[i % len(schools)],
            school_class="7.A",
        )
        for i in range(n_cases)
    )
    states = ["referred", "contacting", "first_meeting", "active", "not_attending", "evaluation"]
    cases = Case.objects.bulk_create(
        Case(
            organisation=org,
            student=s,
            school=s.school,
            lead=managers[i % len(managers)],
            number=f"2026-{i + 1:05d}",
            state=states[i % len(states)],
            opened_at=today - datetime.timedelta(days=rng.randint(10, 400)),
        )
        for i, s in enumerate(students)
    )
    Task.objects.bulk_create(
        Task(case=c, title=f"Úkol {j}", responsible_label="matka", due_date=today + datetime.timedelta(days=j * 7 - 14))
        for c in cases
        for j in range(4)
    )
    refresh_open_task_due(Case.objects.filter(pk__in=[c.pk for c in cases]))  # bulk_create sends no signals
    NetworkActor.objects.bulk_create(
        NetworkActor(case=c, name=f"Aktér {j}", support_kind=f"podpora {j}") for c in cases for j in range(3)
    )
    return cases


def add_outcomes(cases, rng):
    """A third of the cases closed this year with a reason and an outcome, goals on every
    fifth case, and three attendance months for every student (the statistics page's data)."""
    import datetime

    from django.utils import timezone

    from opora.cases.models import Case, Goal
    from opora.outcomes.models import AttendanceMonth, CaseOutcome, LatestAttendance

    today = timezone.localdate()
    closed = cases[::3]
    reasons = ["needs_met", "refused", "not_established", "other"]
    for c in closed:
        c.state = "closed"
        c.closed_at = max(c.opened_at, today - datetime.timedelta(days=rng.randint(0, 200)))
        c.closure_reason = rng.choice(reasons)
    Case.objects.bulk_update(closed, ["state", "closed_at", "closure_reason"], batch_size=2000)
    CaseOutcome.objects.bulk_create(
        CaseOutcome(
            case=c,
            progressed=rng.choice([True, False, None]),
            in_education_at_closure=rng.choice(["yes", "no", "unknown"]),
            in_education_6m=rng.choice(["yes", "unknown"]),
        )
        for c in closed
    )
    Goal.objects.bulk_create(
        Goal(case=c, title="Docházka", indicator="méně absencí", status=rng.choice(Goal.Status.values))
        for c in cases[::5]
    )
    first = today.replace(day=1)
    months = [(first - datetime.timedelta(days=31 * i)).replace(day=1) for i in range(3)]
    AttendanceMonth.objects.bulk_create(
        (
            AttendanceMonth(
                student_id=c.student_id, month=m, excused_hours=rng.randint(0, 20), unexcused_hours=rng.randint(0, 30)
            )
            for c in cases
            for m in months
        ),
        batch_size=5000,
    )
    LatestAttendance.refresh(c.student_id for c in cases)


def build(n_cases):
    import datetime
    import random

    from django.utils import timezone

    from opora.accounts.models import Role
    from opora.cases.models import Activity
    from opora.core.testing.factories import MembershipFactory, OrganisationFactory, SchoolFactory
    from opora.network.models import Institution

    rng = random.Random(7)
    org = OrganisationFactory(name="Bench, z. s.")
    coordinator = MembershipFactory(organisation=org, role=Role.COORDINATOR)
    managers = [MembershipFactory(organisation=org, role=Role.CASE_MANAGER) for _ in range(8)]
    schools = [SchoolFactory(organisation=org, name=f"Škola {i}") for i in range(150)]
    school_staff = MembershipFactory(organisation=org, role=Role.SCHOOL_STAFF, school=schools[0])
    Institution.objects.bulk_create(
        Institution(organisation=org, name=f"Služba {i}", category=rng.choice(Institution.Category.values))
        for i in range(100)
    )
    today = timezone.localdate()
    cases = add_cases(org, managers, schools, n_cases, rng)
    Activity.objects.bulk_create(
        Activity(
            case=c,
            kind=rng.choice(Activity.Kind.values),
            occurred_on=today - datetime.timedelta(days=rng.randint(0, 300)),
            duration_minutes=60,
            note="Poznámka ze setkání.",
            created_by=c.lead,
        )
        for c in cases[:50]
        for _ in range(50)
    )
    add_outcomes(cases, rng)
    heavy = cases[0]
    lead = heavy.lead
    from opora.meetings.tests.factories import AgendaItemFactory, MeetingFactory, ParticipantFactory

    for i in range(12):
        meeting = MeetingFactory(case=heavy, start=timezone.now() + datetime.timedelta(days=7 * i - 40))
    for i in range(8):
        AgendaItemFactory(meeting=meeting, order=i + 1, title=f"Bod {i + 1}", minutes=10)
    for i in range(10):
        ParticipantFactory(meeting=meeting, name=f"Účastník {i}", email=f"u{i}@example.cz")
    from django.urls import reverse

    year = f"?date_from={today.year}-01-01&date_to={today.year}-12-31"
    targets = [
        ("statistics, a year (coordinator)", coordinator, reverse("outcomes:statistics") + year),
        ("statistics, a year (school)", school_staff, reverse("outcomes:statistics") + year),
        ("annual report", coordinator, reverse("outcomes:annual_report") + f"?year={today.year}"),
        ("overview (case manager)", lead, reverse("core:home")),
        ("my cases", lead, reverse("cases:list")),
        ("cases, coordinator, all", coordinator, reverse("cases:list")),
        ("cases, filtered overdue", coordinator, reverse("cases:list") + "?overdue=on"),
        ("cases, search", coordinator, reverse("cases:list") + "?q=Příjmení12"),
        ("case page (50 activities)", lead, reverse("cases:detail", args=[heavy.pk])),
        ("caseload", coordinator, reverse("cases:caseload")),
        ("school's cases (ŠPP)", school_staff, reverse("cases:list")),
        ("schools board", coordinator, reverse("schools:board")),
        ("network directory", coordinator, reverse("network:directory")),
        ("disclosure register", coordinator, reverse("consents:register")),
        ("audit log", coordinator, reverse("audit:log")),
        ("upcoming meetings", lead, reverse("meetings:upcoming")),
        ("meetings of a case (12)", lead, reverse("meetings:case_meetings", args=[heavy.pk])),
        ("meeting page (10 people, 8 items)", lead, reverse("meetings:detail", args=[meeting.pk])),
    ]
    return targets


if __name__ == "__main__":
    sys.exit(main())
