"""A worker killed with SIGKILL in the middle of writes leaves a consistent database: every
write of a service is all or nothing (no student without a case, no case without its referral,
event and audit record, no meeting without its agenda, no consent without its recipients)."""

import random
import signal
import subprocess
import sys
import time

import pytest

from opora.accounts.models import Role
from opora.core.testing.factories import MembershipFactory, OrganisationFactory, SchoolFactory
from opora.core.testing.servers import ROOT, SharedDatabase

TIMED_KILLS = 2  # killed from outside at a random moment
STATEMENT_KILLS = 8  # killing themselves right after a chosen write statement, spread over a round


def _worker(shared, org, school, lead, kill_after=0):
    args = [str(org.pk), str(school.pk), str(lead.pk), str(kill_after)]
    return subprocess.Popen(
        [sys.executable, "-m", "opora.core.testing.crash_worker", *args],
        cwd=ROOT,
        env=shared.env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _rounds(process, count: int) -> list[str]:
    lines = []
    deadline = time.monotonic() + 120
    while len(lines) < count:
        line = process.stdout.readline()
        if not line:
            pytest.fail(f"the worker stopped early: {''.join(lines)}{process.communicate()[0]}")
        if line.startswith("round "):
            lines.append(line)
        assert time.monotonic() < deadline, "the worker is too slow"
    return lines


def _kill_mid_way(process, rounds_before: int) -> int:
    """Let the worker finish `rounds_before` rounds, then kill it at a random moment; returns
    the number of write statements of one round."""
    lines = _rounds(process, rounds_before)
    time.sleep(random.uniform(0, 0.15))  # somewhere inside the next round's writes
    process.send_signal(signal.SIGKILL)
    process.wait(10)
    assert process.returncode == -signal.SIGKILL
    first, second = (int(line.split()[3]) for line in lines[:2])
    return second - first


def _one(shared, sql):
    return shared.query(sql)[0][0]


@pytest.mark.django_db(transaction=True)
def test_a_killed_worker_leaves_no_half_written_records(tmp_path):
    shared = SharedDatabase(tmp_path)
    org = OrganisationFactory()
    school = SchoolFactory(organisation=org)
    lead = MembershipFactory(organisation=org, role=Role.CASE_MANAGER)
    shared.publish()

    per_round = 0
    for _ in range(TIMED_KILLS):
        per_round = _kill_mid_way(_worker(shared, org, school, lead), rounds_before=random.randint(2, 4))
    assert per_round > 10
    # Kill points spread evenly over the statements of one round (the worker's second round).
    for index in range(STATEMENT_KILLS):
        kill_after = per_round + 1 + index * per_round // STATEMENT_KILLS
        process = _worker(shared, org, school, lead, kill_after=kill_after)
        output = process.communicate(timeout=120)[0]
        assert process.returncode == -signal.SIGKILL, output
    completed = TIMED_KILLS * 2 + STATEMENT_KILLS

    if shared.vendor == "sqlite":
        assert shared.query("PRAGMA integrity_check") == [("ok",)]
        assert shared.query("PRAGMA foreign_key_check") == []

    students = _one(shared, "SELECT count(*) FROM cases_student WHERE first_name = 'Crash'")
    cases = _one(shared, "SELECT count(*) FROM cases_case")
    assert students >= completed and cases >= completed
    checks = {
        "student without a case": """SELECT count(*) FROM cases_student s
            WHERE NOT EXISTS (SELECT 1 FROM cases_case c WHERE c.student_id = s.id)""",
        "case without its referral": """SELECT count(*) FROM cases_case c
            WHERE NOT EXISTS (SELECT 1 FROM cases_referral r WHERE r.case_id = c.id)""",
        "case without its first event": """SELECT count(*) FROM cases_case c
            WHERE NOT EXISTS (SELECT 1 FROM cases_caseevent e WHERE e.case_id = c.id)""",
        "case without its audit record": """SELECT count(*) FROM cases_case c
            WHERE NOT EXISTS (SELECT 1 FROM audit_auditevent a
                              WHERE a.action = 'cases.refer' AND a.case_id = c.id)""",
        "actor without its audit record": """SELECT count(*) FROM cases_networkactor n
            WHERE NOT EXISTS (SELECT 1 FROM audit_auditevent a
                              WHERE a.action = 'cases.actor_save' AND a.case_id = n.case_id)""",
        "meeting without its case": """SELECT count(*) FROM meetings_meeting m
            WHERE NOT EXISTS (SELECT 1 FROM cases_case c WHERE c.id = m.case_id)""",
        "meeting without its agenda": """SELECT count(*) FROM meetings_meeting m
            WHERE NOT EXISTS (SELECT 1 FROM meetings_agendaitem i WHERE i.meeting_id = m.id)""",
        "meeting without its audit record": """SELECT count(*) FROM meetings_meeting m
            WHERE NOT EXISTS (SELECT 1 FROM audit_auditevent a
                              WHERE a.action = 'meetings.create' AND a.case_id = m.case_id)""",
        "consent without its recipients": """SELECT count(*) FROM consents_consent k
            WHERE NOT EXISTS (SELECT 1 FROM consents_consent_actors x WHERE x.consent_id = k.id)""",
        "consent without its audit record": """SELECT count(*) FROM consents_consent k
            WHERE NOT EXISTS (SELECT 1 FROM audit_auditevent a
                              WHERE a.action = 'consents.consent_record' AND a.case_id = k.case_id)""",
    }
    found = {name: _one(shared, sql) for name, sql in checks.items()}
    assert found == dict.fromkeys(checks, 0)
    # Every agenda is complete: a case conference gets its whole template.
    sizes = shared.query("SELECT count(*) FROM meetings_agendaitem GROUP BY meeting_id")
    assert len({size for (size,) in sizes}) <= 1
    # The work goes on after the crash: the last referral's number is followed by the next one.
    numbers = sorted(int(n.split("-")[1]) for (n,) in shared.query("SELECT number FROM cases_case"))
    assert numbers == list(range(1, len(numbers) + 1))
