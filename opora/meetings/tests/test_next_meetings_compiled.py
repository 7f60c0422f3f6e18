"""The overview's next meetings are read by a query compiled once per shape of the membership:
the same meetings as the policy's queryset, for every role, at any moment."""

import datetime

import pytest
from django.utils import timezone

from opora.cases.tests.factories import CaseFactory
from opora.meetings import selectors
from opora.meetings.models import Meeting
from opora.meetings.tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def test_the_compiled_next_meetings_are_the_policys(world, monkeypatch):
    now = timezone.now()
    hour = datetime.timedelta(hours=1)
    other_case = CaseFactory(organisation=world.org, lead=world.members["case_manager_other"], state="active")
    for i, case in enumerate([world.case, other_case, world.case_of_other_org, world.case, other_case] * 2):
        MeetingFactory(
            case=case,
            start=now + (i - 3) * hour,
            status=Meeting.Status.CANCELLED if i == 6 else Meeting.Status.PLANNED,
            facilitator=world.members["facilitator"] if i % 4 == 0 else None,
        )
    for moment in (now, now + 4 * hour, now + 30 * 24 * hour):
        monkeypatch.setattr(timezone, "now", lambda moment=moment: moment)
        for name, membership in world.members.items():
            compiled = selectors.next_meetings(membership, 5, moment)
            expected = list(selectors.upcoming_for(membership)[:5])
            assert [m.pk for m in compiled] == [m.pk for m in expected], (name, moment)
            assert [m.case.number for m in compiled] == [m.case.number for m in expected]
    monkeypatch.setattr(timezone, "now", lambda: now)
    seen = [m.start for m in selectors.next_meetings(world.members["coordinator"], 5, now)]
    assert len(seen) == 5 and seen == sorted(seen) and seen[0] >= now
