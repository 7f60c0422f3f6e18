"""Load test: Opora under gunicorn with the production settings, page by page, side by side.

    .venv/bin/python scripts/load.py                         # throwaway SQLite database
    .venv/bin/python scripts/load.py --seconds 20 --rounds 3
    DATABASE_URL=postgres://… .venv/bin/python scripts/load.py   # an EMPTY PostgreSQL database

It builds a throwaway database (one organisation, --cases cases, the case manager's case with 50
activities), starts gunicorn with deploy/gunicorn.conf.py (2 gthread workers by default) on a
free loopback port, signs in for real (password, then a TOTP code computed from the device key)
and drives each page with `ab -k` (4 keep-alive clients, --seconds each): a minimal signed-in
page with a ~20 KB template (scripts/loadsite, registered only here) as the yardstick, the
health endpoint, the sign-in page, the case page's floor (what it cannot do without: the
policy's decision, the case read and the audit record of the read, in Opora's frame, nothing of
the case rendered), the case page, the case list and a write (an activity logged by POST with
the CSRF token), each right after a run of the minimal page. It prints requests per
second, the 95th percentile, errors, the resident memory of each worker and each page's
throughput relative to the minimal page's run just before it (the median over the rounds) and
the same ratio by the workers' CPU per request (what the throughput of a saturated server
follows, and steadier on a machine whose speed moves), and
exits with 1 when a target is missed (case page and list below 50 % of the minimal page, any
error, a worker above 150 MB). Requests go to 127.0.0.1 only, with `X-Forwarded-Proto: https`
as the TLS proxy in front would set it. `ab` comes from apache2-utils (installed if missing).
"""

import argparse
import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "load-test-password-2026"
HOST = "127.0.0.1"
PROXY = {"X-Forwarded-Proto": "https"}

TARGET_RATIO, MIN_RATIO, MAX_RSS_MB = 0.75, 0.50, 150


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=20, help="duration of each page's run")
    parser.add_argument("--rounds", type=int, default=1, help="repeat all pages; medians are reported")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--cases", type=int, default=300)
    parser.add_argument("--pages", default="", help="comma-separated subset of the pages (minimal always runs)")
    args = parser.parse_args()

    ab = ensure_ab()
    tmp = Path(tempfile.mkdtemp(prefix="opora-load-"))
    env = environment(tmp)
    os.environ.update(env)
    sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]
    server = None
    try:
        targets = prepare(args.cases)
        port = free_port()
        server = start_gunicorn(env, port, args.workers, args.threads, tmp)
        base = f"http://{HOST}:{port}"
        cookies = sign_in(port, targets["email"])
        session = {k: v for k, v in cookies.items() if k in ("sessionid", "csrftoken")}
        pages = page_list(targets, session)
        if args.pages:
            wanted = {"minimal", *args.pages.split(",")}
            unknown = wanted - {p[0] for p in pages}
            if unknown:  # a typo would otherwise measure nothing and report the targets as met
                sys.exit(f"unknown pages: {', '.join(sorted(unknown))} (known: {', '.join(p[0] for p in pages)})")
            pages = [p for p in pages if p[0] in wanted]
        results = {name: [] for name, *_ in pages}
        rss = {}
        minimal = next(page for page in pages if page[0] == "minimal")
        for _ in range(args.rounds):
            # Each page right after a run of the minimal page: its ratio is to that run, so that
            # the machine's speed, which moves by a third within minutes here, cancels out.
            for name, path, cookie, post in [p for page in pages if page[0] != "minimal" for p in (minimal, page)]:
                before = count_activities() if post else None
                cpu_before = workers_cpu(server.pid)
                res = run_ab(ab, base + path, cookie, post, args.seconds, args.concurrency, tmp)
                # CPU seconds the workers spent, per answered request: unlike req/s, hardly
                # affected by other programs competing for the cores.
                res["cpu_ms"] = (workers_cpu(server.pid) - cpu_before) * 1000 / max(1, res["complete"])
                if post:  # every completed POST must have created exactly one activity
                    created = count_activities() - before
                    # ab stops at the time limit with up to `concurrency` requests in flight: the
                    # server still completes them, so a few more rows than answers are expected.
                    res["errors"] += max(0, res["complete"] - created)
                    res["errors"] += max(0, created - res["complete"] - args.concurrency)
                elif res["status_errors"]:
                    res["errors"] += res["status_errors"]
                if name != "minimal":
                    res["ratio"] = res["rps"] / results["minimal"][-1]["rps"] if results["minimal"][-1]["rps"] else 0
                    res["cpu_ratio"] = results["minimal"][-1]["cpu_ms"] / res["cpu_ms"] if res["cpu_ms"] else 0
                results[name].append(res)
                for pid, mb in worker_rss(server.pid).items():
                    rss[pid] = max(rss.get(pid, 0), mb)
        return report(results, rss, args)
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
        if os.environ.get("OPORA_LOAD_KEEP"):
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


# --- Set-up -------------------------------------------------------------------------------------


def ensure_ab() -> str:
    ab = shutil.which("ab")
    if ab:
        return ab
    print("installing apache2-utils (ab) …", flush=True)
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    subprocess.run([*sudo, "apt-get", "install", "-y", "-q", "apache2-utils"], check=True)
    return shutil.which("ab") or sys.exit("ab is not available")


def environment(tmp: Path) -> dict:
    env = {
        "DJANGO_SETTINGS_MODULE": "loadsite.settings",
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "scripts")]),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "OPORA_VAR_DIR": str(tmp),
        "OPORA_MEDIA_ROOT": str(tmp / "private"),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "AXES_FAILURE_LIMIT": "1000",
    }
    if not os.environ.get("DATABASE_URL"):
        env["DATABASE_URL"] = f"sqlite:///{tmp / 'load.sqlite3'}"
    return env


def prepare(n_cases: int) -> dict:
    import django

    django.setup()
    from django.core.management import call_command

    print(f"building a database with {n_cases} cases and collecting static files …", flush=True)
    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    return build(n_cases)


def build(n_cases: int) -> dict:
    import datetime
    import random

    from django.utils import timezone

    from opora.accounts.models import Membership, Organisation, Role, User
    from opora.cases.models import Activity
    from opora.schools.models import School

    rng = random.Random(15)
    org = Organisation.objects.create(name="Zátěž, z. s.", slug="load")
    user = User.objects.create_user(email="vedouci@load.example.cz", password=PASSWORD, full_name="Eva Zátěžová")
    lead = Membership.objects.create(user=user, organisation=org, role=Role.CASE_MANAGER)
    others = []
    for i in range(5):
        u = User.objects.create_user(email=f"cm{i}@load.example.cz", password=None, full_name=f"Kolega Číslo{i}")
        others.append(Membership.objects.create(user=u, organisation=org, role=Role.CASE_MANAGER))
    schools = School.objects.bulk_create(School(organisation=org, name=f"Základní škola {i}") for i in range(40))
    today = timezone.localdate()
    from bench import add_cases

    cases = add_cases(org, [lead, *others], schools, n_cases, rng)
    mine = [c for c in cases if c.lead_id == lead.pk]
    Activity.objects.bulk_create(
        Activity(
            case=c,
            kind=rng.choice(Activity.Kind.values),
            occurred_on=today - datetime.timedelta(days=rng.randint(0, 300)),
            duration_minutes=60,
            note="Poznámka ze setkání.",
            created_by=lead,
        )
        for c in mine[:10]
        for _ in range(50)
    )
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=user, name="load", confirmed=True)
    return {"email": user.email, "case": mine[0].pk, "write_case": mine[1].pk}


def count_activities() -> int:
    from django.db import connection

    from opora.cases.models import Activity

    connection.close()  # see what the workers committed
    return Activity.objects.count()


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def start_gunicorn(env, port, workers, threads, tmp):
    genv = {
        **os.environ,
        **env,
        "GUNICORN_BIND": f"{HOST}:{port}",
        "GUNICORN_WORKERS": str(workers),
        "GUNICORN_THREADS": str(threads),
    }
    log = open(tmp / "gunicorn.log", "w")  # noqa: SIM115 - closed with the process
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "-c", str(ROOT / "deploy/gunicorn.conf.py"), "config.wsgi"],
        cwd=ROOT,
        env=genv,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit("gunicorn stopped:\n" + (tmp / "gunicorn.log").read_text())
        try:
            status, _, _ = request(port, "GET", "/health/")
            if status == 200 and len(worker_rss(server.pid)) == workers:
                print(f"gunicorn: {workers} gthread workers × {threads} threads on {HOST}:{port}", flush=True)
                return server
        except OSError:
            pass
        time.sleep(0.3)
    server.kill()
    sys.exit("gunicorn did not answer /health/ within 60 s")


# --- Signing in over HTTP -----------------------------------------------------------------------


def request(port, method, path, *, cookies=None, form=None, headers=None):
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    hdrs = {**PROXY, **(headers or {})}
    if cookies:
        hdrs["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    body = None
    if form is not None:
        body = urllib.parse.urlencode(form)
        hdrs["Content-Type"] = "application/x-www-form-urlencoded"
        hdrs["Origin"] = f"https://{HOST}:{port}"
        hdrs["Referer"] = f"https://{HOST}:{port}{path}"
    conn.request(method, path, body=body, headers=hdrs)
    response = conn.getresponse()
    text = response.read().decode("utf-8", "replace")
    set_cookies = {}
    for value in response.headers.get_all("Set-Cookie") or []:
        for name, morsel in SimpleCookie(value).items():
            set_cookies[name] = morsel.value
    conn.close()
    if cookies is not None:
        cookies.update(set_cookies)
    return response.status, response.headers, text


def _csrf(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def sign_in(port, email) -> dict:
    """The real sign-in: password, then a TOTP code from the device's key."""
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    cookies = {}
    _, _, page = request(port, "GET", "/accounts/login/", cookies=cookies)
    status, headers, _ = request(
        port,
        "POST",
        "/accounts/login/",
        cookies=cookies,
        form={"username": email, "password": PASSWORD, "csrfmiddlewaretoken": _csrf(page)},
    )
    assert status == 302, f"sign-in answered {status}"
    _, _, page = request(port, "GET", "/accounts/otp/", cookies=cookies)
    device = TOTPDevice.objects.get(user__email=email)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    form = {"token": f"{totp.token():06d}", "csrfmiddlewaretoken": _csrf(page)}
    status, headers, _ = request(port, "POST", "/accounts/otp/", cookies=cookies, form=form)
    assert status == 302, f"the second factor answered {status}"
    status, _, _ = request(port, "GET", "/cases/", cookies=cookies)
    assert status == 200, f"the case list after sign-in answered {status}"
    print("signed in (password + TOTP) as the case manager", flush=True)
    return cookies


# --- The pages and ab ---------------------------------------------------------------------------


def page_list(targets, session):
    import datetime

    cookie = "; ".join(f"{k}={v}" for k, v in session.items())
    write = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": session["csrftoken"],
            "kind": "call",
            "occurred_on": (datetime.date.today() - datetime.timedelta(days=1)).isoformat(),
            "duration_minutes": "15",
            "participants": "matka",
            "attendance": "na",
            "note": "Telefonát s matkou (zátěžový test).",
        }
    )
    return [
        ("minimal", "/_load/minimal/", cookie, None),
        ("health", "/health/", "", None),
        ("sign-in page", "/accounts/login/", "", None),
        # The case page's floor: its policy decision, case read and audit record, rendering nothing.
        ("case floor", f"/_load/case/{targets['case']}/", cookie, None),
        ("case page", f"/cases/{targets['case']}/", cookie, None),
        ("case list", "/cases/", cookie, None),
        ("write (activity)", f"/cases/{targets['write_case']}/activity/new/", cookie, write),
    ]


def run_ab(ab, url, cookie, post, seconds, concurrency, tmp):
    cmd = [ab, "-k", "-q", "-c", str(concurrency), "-t", str(seconds), "-n", "1000000", "-s", "30"]
    for name, value in PROXY.items():
        cmd += ["-H", f"{name}: {value}"]
    if cookie:
        cmd += ["-H", f"Cookie: {cookie}"]
    if post is not None:
        body = tmp / "post.txt"
        body.write_text(post)
        origin = url.split("/cases/")[0].replace("http://", "https://")
        cmd += ["-p", str(body), "-T", "application/x-www-form-urlencoded"]
        cmd += ["-H", f"Origin: {origin}", "-H", f"Referer: {url.replace('http://', 'https://')}"]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=False)
    text = out.stdout + out.stderr

    def number(pattern, default=0.0):
        m = re.search(pattern, text)
        return float(m.group(1)) if m else default

    # "Length" failures are pages of another length than the first one: normal for dynamic pages.
    failed = re.search(r"\(Connect: (\d+), Receive: (\d+), Length: \d+, Exceptions: (\d+)\)", text)
    transport = sum(int(x) for x in failed.groups()) if failed else int(number(r"Failed requests:\s+(\d+)"))
    non2xx = int(number(r"Non-2xx responses:\s+(\d+)"))
    return {
        "rps": number(r"Requests per second:\s+([\d.]+)"),
        "p95": number(r"\s95%\s+(\d+)"),
        "complete": int(number(r"Complete requests:\s+(\d+)")),
        "errors": transport,
        # A POST answers 302 (redirect after the save): its errors are counted from the database.
        "status_errors": non2xx if post is None else 0,
        "raw": text if out.returncode else "",
    }


def worker_rss(master_pid: int) -> dict:
    rss = {}
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
        except OSError:
            continue
        if fields.get("PPid", "").strip() == str(master_pid) and "VmRSS" in fields:  # not an exiting one
            rss[int(status.parent.name)] = int(fields["VmRSS"].split()[0]) / 1024
    return rss


def workers_cpu(master_pid: int) -> float:
    """User + system CPU seconds of the workers: the live ones, plus those that have exited
    (max_requests), which the master has waited for (its cutime and cstime)."""
    tick = os.sysconf("SC_CLK_TCK")

    def fields(stat):
        # After "(name)": state, ppid, … utime [11], stime [12], cutime [13], cstime [14].
        return stat.read_text().rsplit(")", 1)[1].split()

    master = fields(Path(f"/proc/{master_pid}/stat"))
    total = (int(master[13]) + int(master[14])) / tick
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            f = fields(stat)
        except (OSError, IndexError):
            continue
        if f[1] == str(master_pid):
            total += (int(f[11]) + int(f[12])) / tick
    return total


def report(results, rss, args) -> int:
    def median(name, key):
        return statistics.median(r[key] for r in results[name])

    print(
        f"\n{args.concurrency} keep-alive clients (ab -k), {args.seconds} s per page, {args.rounds} round(s), "
        f"{args.workers} gthread workers × {args.threads} threads\n"
    )
    width = max(len(n) for n in results)
    print(
        f"{'page':<{width}}  {'req/s':>7}  {'p95 ms':>6}  {'requests':>8}  {'errors':>6}  {'vs minimal':>10}"
        f"  {'CPU ms/req':>10}  {'by CPU':>6}"
    )
    missed = []
    for name in results:
        rps, p95 = median(name, "rps"), median(name, "p95")
        errors = sum(r["errors"] for r in results[name])
        complete = sum(r["complete"] for r in results[name])
        ratio = median(name, "ratio") if name != "minimal" else 1.0
        cpu = median(name, "cpu_ms")
        by_cpu = median(name, "cpu_ratio") if name != "minimal" else 1.0
        print(
            f"{name:<{width}}  {rps:7.1f}  {p95:6.0f}  {complete:8d}  {errors:6d}  {ratio:10.0%}  {cpu:10.1f}"
            f"  {by_cpu:6.0%}"
        )
        for r in results[name]:
            if r["raw"]:
                print(r["raw"])
        if errors:
            missed.append(f"{name}: {errors} errors")
        if name in ("case page", "case list"):
            if ratio < MIN_RATIO:
                missed.append(f"{name} at {ratio:.0%} of the minimal page (at least {MIN_RATIO:.0%})")
            elif ratio < TARGET_RATIO:
                print(f"  note: {name} below the {TARGET_RATIO:.0%} goal")
    print("\nRSS per worker (max seen): " + ", ".join(f"{mb:.0f} MB" for mb in rss.values()))
    if any(mb > MAX_RSS_MB for mb in rss.values()):
        missed.append(f"a worker above {MAX_RSS_MB} MB")
    print(
        f"targets: case page and list ≥ {TARGET_RATIO:.0%} of the minimal page (≥ {MIN_RATIO:.0%} at least), "
        f"0 errors, ≤ {MAX_RSS_MB} MB per worker — " + ("missed: " + "; ".join(missed) if missed else "met")
    )
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
