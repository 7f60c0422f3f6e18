"""Benchmark at regional scale: the case lists, the case page, My day, the meeting page and a year's
statistics on a database filled by ``manage.py generate_region`` (100,000 cases), with their raw
SQL time.

    # a throwaway PostgreSQL with a large and a small region (see README, Speed):
    DATABASE_URL=postgres://…/region .venv/bin/python manage.py migrate
    DATABASE_URL=postgres://…/region .venv/bin/python manage.py generate_region --cases 100000
    DATABASE_URL=postgres://…/small  .venv/bin/python manage.py generate_region --cases 1000
    .venv/bin/python scripts/bench_region.py --large postgres://…/region --small postgres://…/small

For each database it signs in as the known memberships of the largest organisation (a case
manager with a realistic caseload, the coordinator) and requests every page --runs times through
Django's test client (middleware, views, templates: the whole server-side request). It prints the
median and 95th percentile of the page time, the median of the page's raw SQL time (the sum of
the durations of its queries, timed around each execution in the same runs) and the ratio
page / SQL, the median CPU time of the request and the number of queries. The runs are
interleaved (each run requests every page once), and the garbage collector is set up as in a
production worker (deploy/gunicorn.conf.py). The exit status is 1 when a goal is
missed: p95 ≤ 30 ms for every case list, ≤ 50 ms for the case page, My day and the meeting page,
≤ 300 ms for a year's statistics, each page's median within 3× of its raw SQL, and the same number
of queries on both databases for every page.
"""

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LIST_GOAL_MS = 30
PAGE_GOAL_MS = 50
STATISTICS_GOAL_MS = 300
SQL_RATIO_GOAL = 3  # each page within 3× of its own raw SQL


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--large", help="DATABASE_URL of the large region (100,000 cases)")
    parser.add_argument("--small", help="DATABASE_URL of a small region (1,000 cases) for the query counts")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.runs)))
        return 0
    if not args.large:
        parser.error("--large is required")
    results = {}
    for label, url in (("large", args.large), ("small", args.small)):
        if not url:
            continue
        print(f"measuring the {label} region …", flush=True)
        env = {**os.environ, "DATABASE_URL": url}
        out = subprocess.run(
            [sys.executable, __file__, "--measure", "--runs", str(args.runs)],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        results[label] = json.loads(out.strip().splitlines()[-1])
    return report(results)


def report(results):
    large = results["large"]
    small = results.get("small")
    print(f"\n{large['vendor']}, {large['cases']:,} cases ({large['org_cases']:,} in the measured organisation)")
    print(f"searched names (typed without accents): {large['names']['common']}, {large['names']['rare']}")
    if small:
        print(f"query counts compared with {small['cases']:,} cases ({small['org_cases']:,} in the organisation)")
    width = max(len(row["label"]) for row in large["rows"])
    print(
        f"\n{'page':<{width}}  {'median':>7}  {'p95':>7}  {'SQL':>6}  {'page/SQL':>8}  {'app CPU':>7}  {'queries':>7}"
        f"{'  small' if small else ''}  goal"
    )
    failed = []
    small_queries = {row["label"]: row["queries"] for row in small["rows"]} if small else {}
    for row in large["rows"]:
        goal = row["goal"]
        ratio = row["median"] / row["sql"] if row["sql"] else float("inf")
        ok = row["p95"] <= goal
        same = small_queries.get(row["label"], row["queries"]) == row["queries"]
        if not ok:
            failed.append(f"{row['label']} p95 {row['p95']:.1f} > {goal} ms")
        if ratio > SQL_RATIO_GOAL:
            failed.append(f"{row['label']} page/SQL {ratio:.1f} > {SQL_RATIO_GOAL}")
        if not same:
            failed.append(f"{row['label']} queries {row['queries']} ≠ {small_queries[row['label']]}")
        small_col = f"  {small_queries.get(row['label'], '—'):>5}" if small else ""
        print(
            f"{row['label']:<{width}}  {row['median']:7.1f}  {row['p95']:7.1f}  {row['sql']:6.1f}  {ratio:8.1f}"
            f"  {row['cpu']:7.1f}"
            f"  {row['queries']:7d}{small_col}  {'≤ ' + str(goal) + ' ms' + ('' if ok else ' MISSED')}"
            f"{'' if ratio <= SQL_RATIO_GOAL else ', page/SQL > ' + str(SQL_RATIO_GOAL)}"
        )
    print(
        "\n(ms; 'SQL' is the median over the same runs of the summed durations of the page's queries, 'app CPU'"
        " the median CPU time of the Django process for the request)"
    )
    print(f"load average before / after: {large['load'][0]} / {large['load'][1]} on {os.cpu_count()} CPUs")
    print("goals: " + ("missed: " + "; ".join(failed) if failed else "met"))
    return 1 if failed else 0


def measure(runs):
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings_test"
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from opora.accounts.models import Membership
    from opora.cases.models import Activity, Case, Student
    from opora.core import region
    from opora.core.testing.auth import login
    from opora.meetings.models import Meeting

    # Not setup_test_environment(): its instrumented template rendering sends a signal and copies
    # the context for every template rendered, which a production server does not do.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    manager = Membership.objects.select_related("user").get(user__email=region.CASE_MANAGER_EMAIL)
    coordinator = Membership.objects.get(user__email=region.COORDINATOR_EMAIL)
    school_staff = Membership.objects.get(user__email=region.SCHOOL_STAFF_EMAIL)
    org = manager.organisation_id
    names = list(
        Student.objects.filter(organisation_id=org)
        .values("last_name")
        .annotate(n=Count("id"))
        .order_by("-n", "last_name")
        .values_list("last_name", "n")
    )
    common, rare = names[0][0], min(names, key=lambda row: (row[1], row[0]))[0]
    school = (
        Case.objects.filter(organisation_id=org, school__isnull=False)
        .values("school")
        .annotate(n=Count("id"))
        .order_by("-n")[0]["school"]
    )
    heavy = (
        Activity.objects.filter(case__lead=manager)
        .exclude(case__state="closed")
        .values("case")
        .annotate(n=Count("id"))
        .order_by("-n")[0]["case"]
    )
    meeting = (
        Meeting.objects.filter(case__lead=manager, previous__isnull=False, minutes_state="final")
        .annotate(n=Count("participants"))
        .order_by("-n", "-start")
        .values_list("pk", flat=True)[0]
    )
    cases = reverse("cases:list")
    year = timezone.localdate().year
    statistics_url = reverse("outcomes:statistics") + f"?date_from={year}-01-01&date_to={year}-12-31"
    targets = [
        ("my cases (case manager)", manager, cases, LIST_GOAL_MS),
        ("all cases (coordinator)", coordinator, cases, LIST_GOAL_MS),
        ("filter: open cases", coordinator, cases + "?state=open", LIST_GOAL_MS),
        ("filter: state active", coordinator, cases + "?state=active", LIST_GOAL_MS),
        ("filter: school", coordinator, cases + f"?school={school}", LIST_GOAL_MS),
        ("filter: overdue tasks", coordinator, cases + "?overdue=on", LIST_GOAL_MS),
        ("filter: no contact 21 days", coordinator, cases + "?no_contact=21", LIST_GOAL_MS),
        ("my cases, overdue", manager, cases + "?overdue=on", LIST_GOAL_MS),
        ("search, common name", coordinator, cases + f"?q={region.ascii_fold(common)}", LIST_GOAL_MS),
        ("search, rare name", coordinator, cases + f"?q={region.ascii_fold(rare)}", LIST_GOAL_MS),
        ("search, case number", coordinator, cases + f"?q={Case.objects.get(pk=heavy).number}", LIST_GOAL_MS),
        ("case page", manager, reverse("cases:detail", args=[heavy]), PAGE_GOAL_MS),
        ("My day (case manager)", manager, reverse("core:home"), PAGE_GOAL_MS),
        ("My day (coordinator)", coordinator, reverse("core:home"), PAGE_GOAL_MS),
        ("meeting page", manager, reverse("meetings:detail", args=[meeting]), PAGE_GOAL_MS),
        ("statistics, a year (coordinator)", coordinator, statistics_url, STATISTICS_GOAL_MS),
        ("statistics, a year (school)", school_staff, statistics_url, STATISTICS_GOAL_MS),
    ]
    from opora.core import orm

    sql_ms = []
    queries = []
    pipelined = []

    def timed(execute, sql, params, many, context):
        t0 = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            queries.append(1)
            if not pipelined:  # a query sent in a pipeline is timed with the whole pipeline
                sql_ms.append((time.perf_counter() - t0) * 1000)

    # Queries run together (orm.run_together, one PostgreSQL pipeline): their SQL time is the
    # pipeline's, from the first query sent to the last row received.
    send_and_read = orm._pipelined

    def timed_pipeline(connection, group):
        pipelined.append(1)
        t0 = time.perf_counter()
        try:
            return send_and_read(connection, group)
        finally:
            sql_ms.append((time.perf_counter() - t0) * 1000)
            pipelined.clear()

    orm._pipelined = timed_pipeline

    # The garbage collector as in a production worker (deploy/gunicorn.conf.py): what was loaded
    # before serving is frozen out of its reach, and young collections are less frequent.
    gc.collect()
    gc.freeze()
    gc.set_threshold(int(os.environ.get("GUNICORN_GC_THRESHOLD", "50000")), 20, 100)
    load_before = os.getloadavg()[0]
    clients = []
    for label, membership, url, _goal in targets:
        client = login(Client(), membership)
        for _ in range(3):  # warm caches (templates, translations, the database's buffers)
            assert client.get(url).status_code == 200, (label, url)
        clients.append(client)
    measured = {label: {"times": [], "sql": [], "cpu": [], "queries": set()} for label, *_ in targets}
    # Interleaved: each run requests every page once, so a burst of load on the machine falls on
    # all pages alike instead of on the few measured at that moment.
    for _ in range(runs):
        for (label, _membership, url, _goal), client in zip(targets, clients, strict=True):
            seen = measured[label]
            sql_ms.clear()
            queries.clear()
            with connection.execute_wrapper(timed):
                c0 = time.thread_time()
                t0 = time.perf_counter()
                response = client.get(url)
                seen["times"].append((time.perf_counter() - t0) * 1000)
                seen["cpu"].append((time.thread_time() - c0) * 1000)
            assert response.status_code == 200, (label, response.status_code)
            seen["sql"].append(sum(sql_ms))
            seen["queries"].add(len(queries))
    rows = []
    for label, _membership, _url, goal in targets:
        seen = measured[label]
        assert len(seen["queries"]) == 1, (label, seen["queries"])  # the same page, the same queries
        times = sorted(seen["times"])
        rows.append(
            {
                "label": label,
                "goal": goal,
                "median": statistics.median(times),
                "p95": times[max(0, round(len(times) * 0.95) - 1)],
                "sql": statistics.median(seen["sql"]),
                "cpu": statistics.median(seen["cpu"]),
                "queries": seen["queries"].pop(),
            }
        )
    version = connection.cursor().connection.info.server_version if connection.vendor == "postgresql" else ""
    return {
        "vendor": f"{connection.vendor} {version}".strip(),
        "names": {"common": common, "rare": rare},
        "cases": Case.objects.count(),
        "org_cases": Case.objects.filter(organisation_id=org).count(),
        "rows": rows,
        "load": (round(load_before, 1), round(os.getloadavg()[0], 1)),
    }


if __name__ == "__main__":
    sys.exit(main())
