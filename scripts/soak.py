#!/usr/bin/env python
"""Soak test: several users read and write against a local Opora server for a long time; prints
errors and the server's memory (RSS) over time, and fails on any error.

    .venv/bin/python scripts/soak.py                    # 30 minutes, 4 users, own server
    .venv/bin/python scripts/soak.py --minutes 2 --users 4 --interval 10
    .venv/bin/python scripts/soak.py --url http://127.0.0.1:8000 --pid 1234   # a running server

Without --url it builds a throwaway installation in a temporary folder (SQLite, production
settings over plain HTTP on loopback, the demo data, collected static files) and serves it with
gunicorn and deploy/gunicorn.conf.py when both are there, otherwise `runserver --noreload`.
Each user signs in once, then loops: home, my cases, a search, a case page, the meetings list,
and every fifth round records an activity on a case (a write through the form, CSRF and all).
"""

import argparse
import http.cookiejar
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
DEMO_PASSWORD = "opora-demo-2026"
USERS = [
    "petra.svobodova@demo.opora.cz",
    "koordinatorka@demo.opora.cz",
    "reditelka@zs-vysluni.demo.cz",
]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.requests = 0
        self.writes = 0
        self.errors: list[str] = []
        self.times: list[float] = []

    def add(self, seconds: float, error: str | None = None):
        with self.lock:
            self.requests += 1
            self.times.append(seconds)
            if error:
                self.errors.append(error)

    def take(self):
        with self.lock:
            times, self.times = self.times, []
            return self.requests, len(self.errors), times


class User(threading.Thread):
    def __init__(self, base: str, email: str, stats: Stats, stop: threading.Event, seed: int):
        super().__init__(daemon=True)
        self.base, self.email, self.stats, self.stop = base, email, stats, stop
        self.random = random.Random(seed)
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirect
        )
        self.case_ids: list[int] = []

    def call(self, path: str, data: dict | None = None, expect=(200,)) -> str:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        started = time.perf_counter()
        status, text = 0, ""
        try:
            with self.opener.open(urllib.request.Request(self.base + path, data=body), timeout=60) as response:
                status, text = response.status, response.read().decode(errors="replace")
        except urllib.error.HTTPError as error:
            status, text = error.code, error.read().decode(errors="replace")
        except OSError as error:
            text = str(error)
        elapsed = time.perf_counter() - started
        error = (
            None if status in expect else f"{self.email} {'POST' if data else 'GET'} {path}: {status} {text[:120]!r}"
        )
        self.stats.add(elapsed, error)
        return text

    @staticmethod
    def token(page: str) -> str:
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        return found.group(1) if found else ""

    def sign_in(self):
        page = self.call("/accounts/login/")
        self.call(
            "/accounts/login/",
            {"csrfmiddlewaretoken": self.token(page), "username": self.email, "password": DEMO_PASSWORD},
            expect=(302,),
        )

    def run(self):
        self.sign_in()
        rounds = 0
        while not self.stop.is_set():
            rounds += 1
            self.call("/", expect=(200, 302))
            page = self.call("/cases/", expect=(200, 403))
            self.case_ids = [int(x) for x in re.findall(r'href="/cases/(\d+)/"', page)] or self.case_ids
            self.call(
                "/cases/?q=" + urllib.parse.quote(self.random.choice(["Nov", "Dvo", "Svo", "a"])), expect=(200, 403)
            )
            if self.case_ids:
                case = self.random.choice(self.case_ids)
                self.call(f"/cases/{case}/")
                if rounds % 5 == 0 and "koordinatorka" not in self.email and "reditelka" not in self.email:
                    # 403: a closed case, or one this user may see but not edit
                    form = self.call(f"/cases/{case}/activity/new/", expect=(200, 403, 404))
                    if 'name="kind"' in form:
                        self.stats.writes += 1
                        self.call(
                            f"/cases/{case}/activity/new/",
                            {
                                "csrfmiddlewaretoken": self.token(form),
                                "kind": "call",
                                "occurred_on": date.today().isoformat(),
                                "duration_minutes": "15",
                                "participants": "",
                                "attendance": "na",
                                "note": "Soak test",
                            },
                            expect=(302,),
                        )
            self.call("/meetings/", expect=(200, 403, 404))


def rss_mb(pids: list[int]) -> list[float]:
    result = []
    for pid in pids:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
            result.append(int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024)
        except (OSError, AttributeError):
            result.append(0.0)
    return result


def server_pids(root_pid: int) -> list[int]:
    """The server process and its children (gunicorn's workers)."""
    pids = [root_pid]
    try:
        children = Path(f"/proc/{root_pid}/task/{root_pid}/children").read_text().split()
        pids += [int(c) for c in children]
    except OSError:
        pass
    return pids


def start_server(workdir: Path) -> tuple[subprocess.Popen, str]:
    port = 8600 + random.randint(0, 300)
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "SECRET_KEY": "soak-" + "x" * 50,
            "OPORA_VAR_DIR": str(workdir),
            "DATABASE_URL": f"sqlite:///{workdir / 'soak.sqlite3'}",
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_COOKIES": "false",
            "SECURE_HSTS_SECONDS": "0",
            "OPORA_REQUIRE_2FA": "false",
            "AXES_FAILURE_LIMIT": "1000",
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "LOG_LEVEL": "ERROR",
            "OPORA_REQUEST_LOG": "false",
        }
    )
    print("==> Preparing a throwaway installation in", workdir, flush=True)
    for args in (["migrate", "--noinput", "-v0"], ["seed_demo", "--quiet"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    gunicorn = Path(PY).with_name("gunicorn")
    conf = ROOT / "deploy" / "gunicorn.conf.py"
    log = open(workdir / "server.log", "wb")  # noqa: SIM115 (lives as long as the server)
    if gunicorn.exists() and conf.exists():
        cmd = [str(gunicorn), "--config", str(conf), "--bind", f"127.0.0.1:{port}", "config.wsgi"]
    else:
        cmd = [PY, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"]
    print("==> Server:", " ".join(Path(c).name if i == 0 else c for i, c in enumerate(cmd)), flush=True)
    process = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            urllib.request.urlopen(base + "/health/", timeout=2)
            return process, base
        except urllib.error.HTTPError:
            return process, base
        except OSError:
            if process.poll() is not None:
                sys.exit(f"the server exited: {(workdir / 'server.log').read_text()[-2000:]}")
            time.sleep(0.3)
    process.kill()
    sys.exit("the server did not start")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=30.0)
    parser.add_argument("--users", type=int, default=4, help="concurrent users (cycling through the demo accounts)")
    parser.add_argument("--interval", type=float, default=30.0, help="seconds between progress lines")
    parser.add_argument("--url", help="a running server instead of a throwaway one")
    parser.add_argument("--pid", type=int, help="with --url: the server's process id, for RSS")
    options = parser.parse_args()

    workdir = None
    process = None
    if options.url:
        base, root_pid = options.url.rstrip("/"), options.pid
    else:
        workdir = Path(tempfile.mkdtemp(prefix="opora-soak-"))
        process, base = start_server(workdir)
        root_pid = process.pid

    stats, stop = Stats(), threading.Event()
    users = [User(base, USERS[i % len(USERS)], stats, stop, seed=i) for i in range(options.users)]
    started = time.monotonic()
    for user in users:
        user.start()
    samples: list[float] = []
    print(f"==> {options.users} users for {options.minutes:g} minutes against {base}", flush=True)
    print(f"{'time':>6} {'requests':>9} {'req/s':>6} {'errors':>6} {'p50 ms':>7} {'p95 ms':>7}  RSS MB (per process)")
    last_count, last_time = 0, started
    try:
        while time.monotonic() - started < options.minutes * 60:
            time.sleep(min(options.interval, max(0.1, options.minutes * 60 - (time.monotonic() - started))))
            count, errors, times = stats.take()
            now = time.monotonic()
            rss = rss_mb(server_pids(root_pid)) if root_pid else []
            samples.append(sum(rss))
            p50 = statistics.median(times) * 1000 if times else 0
            p95 = statistics.quantiles(times, n=20)[-1] * 1000 if len(times) >= 20 else 0
            rate = (count - last_count) / (now - last_time)
            last_count, last_time = count, now
            print(
                f"{(now - started) / 60:5.1f}m {count:9d} {rate:6.1f} {errors:6d} {p50:7.1f} {p95:7.1f}  "
                + " ".join(f"{r:.1f}" for r in rss),
                flush=True,
            )
    finally:
        stop.set()
        for user in users:
            user.join(60)
        if process is not None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
        if workdir is not None:
            shutil.rmtree(workdir, ignore_errors=True)

    count, errors, _times = stats.take()
    print(f"==> {count} requests ({stats.writes} of them writes), {errors} errors")
    for error in stats.errors[:20]:
        print("   ", error)
    if len(samples) >= 4:
        quarter = max(1, len(samples) // 4)
        first, last = statistics.mean(samples[:quarter]), statistics.mean(samples[-quarter:])
        print(
            f"==> RSS (all server processes): first quarter {first:.1f} MB, last quarter {last:.1f} MB, "
            f"growth {last - first:+.1f} MB ({(last - first) / first * 100 if first else 0:+.1f} %)"
        )
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
