"""Two schedulers (two servers) run send_reminders at the same moment: every reminder is sent
once. Real processes on one database (SQLite file or the PostgreSQL test database)."""

import datetime
import re

import pytest
from django.utils import timezone

from opora.accounts.models import Role
from opora.cases.tests.factories import CaseFactory, TaskFactory
from opora.core.testing.factories import MembershipFactory, OrganisationFactory
from opora.core.testing.servers import SharedDatabase, run_command


@pytest.fixture
def shared(transactional_db, tmp_path):
    return SharedDatabase(tmp_path)


def test_two_concurrent_runs_send_each_reminder_once(shared):
    today = timezone.localdate()
    org = OrganisationFactory()
    MembershipFactory(organisation=org, role=Role.COORDINATOR)
    for _ in range(6):
        cm = MembershipFactory(organisation=org, role=Role.CASE_MANAGER)
        case = CaseFactory(organisation=org, lead=cm, state="active", last_contact_on=today)
        TaskFactory(case=case, due_date=today - datetime.timedelta(days=20))
    shared.publish()

    runs = [run_command(shared.env(), "send_reminders") for _ in range(2)]
    outputs = [run.communicate(timeout=300)[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    counts = [{k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", out)} for out in outputs]
    assert sum(c["digests"] for c in counts) == 6, outputs  # one digest per case manager
    assert sum(c["escalations"] for c in counts) == 1, outputs  # one e-mail to the coordinator
    # 6 overdue-task notifications for the workers + 6 escalations for the coordinator.
    assert sum(c["notifications"] for c in counts) == 12, outputs
    assert shared.query("SELECT count(*) FROM day_notification")[0][0] == 12
    assert shared.query("SELECT count(*) FROM day_remindersent WHERE key LIKE ?", ("digest:%",))[0][0] == 6
