"""Two app servers at once on one database (as behind a load balancer): a session made on one
works on the other, sign-in failures on both count towards one lockout, and two concurrent runs
of the daily command do the work once. Real processes on loopback ports."""

import datetime
import re

import pytest
from django.conf import settings
from django.utils import timezone

from opora.accounts.models import Role
from opora.cases.models import Case
from opora.cases.tests.factories import CaseFactory
from opora.cases.workflow import State
from opora.core.testing.factories import MembershipFactory, OrganisationFactory
from opora.core.testing.servers import AppServer, Browser, SharedDatabase, run_command

PASSWORD = "spravne-heslo-2026"


@pytest.fixture
def shared(transactional_db, tmp_path):
    return SharedDatabase(tmp_path)


@pytest.fixture
def two_servers(shared, tmp_path):
    servers = []

    def start():
        env = shared.env(OPORA_REQUIRE_2FA="false", AXES_FAILURE_LIMIT="5")
        for name in ("a", "b"):
            servers.append(AppServer(env, tmp_path / f"server-{name}.log"))
        return servers

    yield start
    for server in servers:
        server.stop()


def _member():
    membership = MembershipFactory(role=Role.CASE_MANAGER)
    membership.user.set_password(PASSWORD)
    membership.user.save()
    return membership


def test_a_session_made_on_one_server_works_on_the_other(shared, two_servers):
    member = _member()
    shared.publish()
    a, b = two_servers()

    browser = Browser()
    assert browser.sign_in(a.url, member.user.email, PASSWORD) == 302
    assert browser.cookie(settings.SESSION_COOKIE_NAME)
    status, _headers, page = browser.request(f"{b.url}/cases/")
    assert status == 200
    assert member.user.full_name in page
    # Signing out on B ends the session on A too.
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)  # the header's form
    assert browser.request(f"{b.url}/accounts/logout/", {"csrfmiddlewaretoken": token})[0] == 302
    status, headers, _page = browser.request(f"{a.url}/cases/")
    assert status == 302 and "/accounts/login/" in headers["Location"]


def test_failures_on_both_servers_count_towards_one_lockout(shared, two_servers):
    member = _member()
    shared.publish()
    a, b = two_servers()

    # 3 failures on A, 1 on B: the form again each time. The 5th, B's second, locks out.
    for server in (a, a, a, b):
        assert Browser().sign_in(server.url, member.user.email, "wrong password") == 200
    assert Browser().sign_in(b.url, member.user.email, "wrong password") == 429
    rows = shared.query("SELECT failures_since_start FROM axes_accessattempt")
    assert [r[0] for r in rows] == [5]
    # Now even the right password is refused, on either server.
    for server in (a, b):
        browser = Browser()
        assert browser.sign_in(server.url, member.user.email, PASSWORD) == 429
        assert browser.request(f"{server.url}/cases/")[0] == 302  # not signed in


def test_two_concurrent_runs_of_the_daily_command_do_the_work_once(shared):
    org = OrganisationFactory(retention_years=5)
    long_ago = timezone.localdate() - datetime.timedelta(days=5 * 366 + 1)
    cases = [CaseFactory(organisation=org) for _ in range(25)]
    Case.objects.filter(pk__in=[c.pk for c in cases]).update(state=State.CLOSED, closed_at=long_ago)
    shared.publish()

    env = shared.env()
    runs = [run_command(env, "anonymise_expired_cases") for _ in range(2)]
    outputs = [run.communicate(timeout=300)[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    done = [int(re.search(r"Anonymised cases: (\d+)", out).group(1)) for out in outputs]
    assert sum(done) == 25, outputs  # each case counted by exactly one run

    assert shared.query("SELECT count(*) FROM consents_anonymisedcase")[0][0] == 25
    audits = shared.query("SELECT count(*) FROM audit_auditevent WHERE action = 'consents.case_anonymise'")
    assert audits[0][0] == 25  # one audit record per case, not two
