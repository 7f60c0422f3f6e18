"""Real processes for the tests of several app servers and of crashes: the shared database they
use, Django servers on loopback ports and a small HTTP client with cookies."""

import http.cookiejar
import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parents[3]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SharedDatabase:
    """The test database made reachable by other processes. PostgreSQL: the test database
    itself (use with transactional_db so the test's data is committed). SQLite: the test's
    in-memory database copied into a file once the test's data is in place; from then on the
    processes and `query` use the file."""

    def __init__(self, tmp_path: Path):
        self.vendor = connection.vendor
        if self.vendor == "sqlite":
            self.path = tmp_path / "shared.sqlite3"
            self.url = f"sqlite:///{self.path}"
        else:
            db = connection.settings_dict
            auth = urllib.parse.quote(db["USER"] or "")
            if db.get("PASSWORD"):
                auth += ":" + urllib.parse.quote(db["PASSWORD"])
            self.url = f"postgres://{auth}@{db['HOST']}:{db['PORT']}/{db['NAME']}"

    def publish(self) -> None:
        """Call after the test has written its data (SQLite: copy it into the file)."""
        if self.vendor == "sqlite":
            target = sqlite3.connect(self.path)
            try:
                connection.ensure_connection()
                connection.connection.backup(target)
                target.execute("PRAGMA journal_mode=WAL")
            finally:
                target.close()

    def query(self, sql: str, params=()) -> list[tuple]:
        if self.vendor == "sqlite":
            conn = sqlite3.connect(self.path, timeout=20)
            try:
                return conn.execute(sql, params).fetchall()
            finally:
                conn.close()
        with connection.cursor() as cursor:
            cursor.execute(sql.replace("?", "%s"), params)
            return cursor.fetchall()

    def env(self, **extra) -> dict:
        env = dict(os.environ)
        env.update(
            {
                "DJANGO_SETTINGS_MODULE": "config.settings_test",
                "DATABASE_URL": self.url,
                "PYTHONUNBUFFERED": "1",
            }
        )
        env.update(extra)
        return env


class AppServer:
    """`manage.py runserver --noreload` on a free loopback port (one process, like one machine)."""

    def __init__(self, env: dict, log_path: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._log = open(log_path, "wb")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{self.port}"],
            cwd=ROOT,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited: {Path(log_path).read_text(errors='replace')[-2000:]}")
            try:
                urllib.request.urlopen(f"{self.url}/health/", timeout=2)
                return
            except urllib.error.HTTPError:
                return  # it answers
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("the server did not start in time")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """Cookies kept across requests (and across servers of the same site: cookies are per host,
    and every server is 127.0.0.1); redirects are not followed."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect)

    def request(self, url: str, data: dict | None = None) -> tuple[int, dict, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(urllib.request.Request(url, data=body), timeout=30) as response:
                return response.status, dict(response.headers), response.read().decode(errors="replace")
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode(errors="replace")

    def sign_in(self, server_url: str, email: str, password: str) -> int:
        """Fill in the sign-in form; returns the status of the POST."""
        status, _headers, page = self.request(f"{server_url}/accounts/login/")
        assert status == 200, status
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        status, _headers, _page = self.request(
            f"{server_url}/accounts/login/",
            {"csrfmiddlewaretoken": token, "username": email, "password": password},
        )
        return status

    def cookie(self, name: str) -> str | None:
        return next((c.value for c in self.jar if c.name == name), None)


def run_command(env: dict, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
