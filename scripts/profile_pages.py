"""CPU per request of Opora's heaviest pages, measured in-process (robust on a busy machine).

    .venv/bin/python scripts/profile_pages.py                       # throwaway SQLite, 1,000 cases
    .venv/bin/python scripts/profile_pages.py --db /tmp/p.sqlite3   # build once, reuse afterwards
    .venv/bin/python scripts/profile_pages.py --db /tmp/p.sqlite3 --profile "case page" --sort tottime

It builds the data of scripts/bench.py (or reuses --db), then requests each page --runs times
through Django's test client with the production middleware and templates (config.settings_test)
and prints the CPU milliseconds per request of this process (`time.process_time()`, which other
programs on the machine hardly affect; the garbage collector frozen and set as in a gunicorn
worker), the number of queries and the ratio to the minimal
signed-in page of the load test (scripts/loadsite), whose throughput is the yardstick of
scripts/load.py, and the function calls of one request (a count the machine's speed does not
move: compare it before and after a change). --profile runs cProfile over one page and prints
the top functions.
"""

import argparse
import cProfile
import gc
import os
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3, help="repeat; the minimum of the rounds is reported")
    parser.add_argument("--db", help="SQLite file: built when missing, reused otherwise")
    parser.add_argument("--profile", help="label of a page to profile with cProfile")
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--top", type=int, default=45)
    parser.add_argument("--only", default="", help="restrict the profile's lines to paths matching this regex")
    parser.add_argument("--dump", help="write each page's HTML (CSRF tokens blanked) into this folder and stop")
    parser.add_argument("--queries", action="store_true", help="with --profile: print the page's SQL statements")
    parser.add_argument("--callers", help="with --profile: print who calls the functions matching this regex")
    parser.add_argument("--pages", default="", help="comma-separated subset of labels")
    parser.add_argument(
        "--templates", action="store_true", help="with --profile: CPU ms per request spent in each template (own time)"
    )
    args = parser.parse_args()

    db = Path(args.db) if args.db else Path(tempfile.mkdtemp(prefix="opora-profile-")) / "p.sqlite3"
    # With DATABASE_URL set (e.g. a region from generate_region on PostgreSQL) its data is used as is.
    fresh = "DATABASE_URL" not in os.environ and not db.exists()
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{db}")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings_test"
    import django
    from django.conf import settings

    django.setup()
    settings.ROOT_URLCONF = "loadsite.urls"
    settings.TEMPLATES[0]["DIRS"].append(ROOT / "scripts/loadsite/templates")
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from opora.core.testing.auth import login

    # Not setup_test_environment(): its instrumented template rendering copies every context.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    if fresh:
        call_command("migrate", verbosity=0)
        print(f"building {args.cases} cases in {db} …", flush=True)
        import bench

        bench.build(args.cases)
    targets = pick_targets()
    if args.pages:
        wanted = set(args.pages.split(","))
        targets = [t for t in targets if t[0] in wanted or t[0] == "minimal"]

    clients = {}
    for label, membership, url in targets:
        client = clients.setdefault(membership.pk, login(Client(), membership))
        for _ in range(5):
            assert client.get(url).status_code == 200, (label, url)
    # The garbage collector as in a production worker (deploy/gunicorn.conf.py): what was loaded
    # before serving is frozen out of its reach, and young collections are less frequent.
    gc.collect()
    gc.freeze()
    gc.set_threshold(int(os.environ.get("GUNICORN_GC_THRESHOLD", "50000")), 20, 100)

    if args.dump:
        import re

        folder = Path(args.dump)
        folder.mkdir(parents=True, exist_ok=True)
        for label, membership, url in targets:
            html = clients[membership.pk].get(url).content.decode()
            html = re.sub(r'(csrfmiddlewaretoken" value=|X-CSRFToken": |edit_stamp" value=)"[^"]+"', r"\1-", html)
            (folder / (re.sub(r"\W+", "_", label) + ".html")).write_text(html)
        print(f"pages written to {folder}")
        return 0

    if args.profile:
        label, membership, url = next(t for t in targets if t[0] == args.profile)
        client = clients[membership.pk]
        if args.templates:
            return template_times(client, url, label, args.runs)
        if args.queries:
            with CaptureQueriesContext(connection) as ctx:
                client.get(url)
            for n, query in enumerate(ctx.captured_queries, 1):
                print(f"{n:3d}. {query['sql'][:400]}")
            return 0
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.runs):
            client.get(url)
        profiler.disable()
        stats = pstats.Stats(profiler)
        print(f"{label}: {args.runs} requests")
        restrictions = [args.only, args.top] if args.only else [args.top]
        stats.sort_stats(args.sort).print_stats(*restrictions)
        if args.callers:
            stats.print_callers(args.callers)
        return 0

    rows = {label: [] for label, *_ in targets}
    queries, calls = {}, {}
    for _ in range(args.rounds):
        for label, membership, url in targets:
            client = clients[membership.pk]
            with CaptureQueriesContext(connection) as ctx:
                client.get(url)
            # The fewest seen: a request now and then also writes the session (once a minute).
            queries[label] = min(queries.get(label, 10**6), len(ctx.captured_queries))
            calls[label] = min(calls.get(label, 10**9), python_calls(client, url))
            c0 = time.process_time()
            for _ in range(args.runs):
                client.get(url)
            rows[label].append((time.process_time() - c0) * 1000 / args.runs)
    base = min(rows["minimal"])
    width = max(len(label) for label in rows)
    print(f"\n{connection.vendor}, {args.runs} requests × {args.rounds} rounds per page (minimum of the rounds)")
    print(
        f"{'page':<{width}}  {'CPU ms/req':>10}  {'median':>7}  {'queries':>7}  {'minimal/page':>12}"
        f"  {'paired':>6}  {'calls':>7}  {'minimal/page':>12}"
    )
    for label, values in rows.items():
        best, median = min(values), statistics.median(values)
        paired = statistics.median(m / v for m, v in zip(rows["minimal"], values, strict=True))
        print(
            f"{label:<{width}}  {best:10.2f}  {median:7.2f}  {queries[label]:7d}  {base / best:12.0%}"
            f"  {paired:6.0%}  {calls[label]:7d}  {calls['minimal'] / calls[label]:12.0%}"
        )
    print("(paired: the median over the rounds of the minimal page's CPU time over the page's in the same round,")
    print(" which a machine whose speed drifts moves less; calls: Python function calls of one request, C functions")
    print(" included: steady where the CPU time is not)")
    return 0


def python_calls(client, url) -> int:
    """The Python and C function calls one request makes: a count that does not move with the
    machine's speed or load, unlike the CPU time (which it roughly follows)."""
    count = 0

    def counter(frame, event, arg):
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(counter)
    try:
        client.get(url)
    finally:
        sys.setprofile(None)
    return count


def template_times(client, url, label, runs):
    """CPU time of each template's own nodes (not counting the templates it includes or
    extends), per request."""
    from django.template import base

    own, stack = {}, []
    original = base.Template._render

    def timed(template, context):
        start = time.process_time()
        stack.append(0.0)
        try:
            return original(template, context)
        finally:
            spent = time.process_time() - start
            children = stack.pop()
            own[template.origin.template_name] = own.get(template.origin.template_name, 0.0) + spent - children
            if stack:
                stack[-1] += spent

    base.Template._render = timed
    try:
        c0 = time.process_time()
        for _ in range(runs):
            client.get(url)
        total = time.process_time() - c0
    finally:
        base.Template._render = original
    print(f"{label}: {total * 1000 / runs:.2f} CPU ms per request, of which templates (own time):")
    for name, spent in sorted(own.items(), key=lambda item: -item[1]):
        print(f"  {spent * 1000 / runs:7.2f}  {name}")
    return 0


def pick_targets():
    from django.urls import reverse

    from opora.accounts.models import Membership, Role
    from opora.cases.models import Activity, Case
    from opora.meetings.models import Meeting

    heavy = Activity.objects.values_list("case", flat=True).order_by("case").first()
    case = Case.objects.select_related("lead__user").get(pk=heavy)
    lead = case.lead
    coordinator = Membership.objects.filter(role=Role.COORDINATOR, organisation=case.organisation_id).first()
    meeting = Meeting.objects.filter(case=case, agenda__isnull=False).distinct().first()
    if meeting is None:  # a region's busiest case may have had no meeting yet: one of the lead's cases
        meeting = Meeting.objects.filter(case__lead=lead, agenda__isnull=False).distinct().first()
    cases = reverse("cases:list")
    return [
        ("minimal", lead, "/_load/minimal/"),
        ("Opora frame", lead, "/_load/chrome/"),
        ("case floor", lead, reverse("load_case_floor", args=[case.pk])),
        ("case page", lead, reverse("cases:detail", args=[case.pk])),
        ("my cases", lead, cases),
        ("all cases (coordinator)", coordinator, cases),
        ("filter: overdue", coordinator, cases + "?overdue=on"),
        ("search", coordinator, cases + "?q=Prijmeni12"),
        ("meeting page", lead, reverse("meetings:detail", args=[meeting.pk])),
        ("overview (My day)", lead, reverse("core:home")),
    ]


if __name__ == "__main__":
    sys.exit(main())
