"""The coordinator's panel of expiring consents is read by a query compiled once per connection and
shape of the membership: it must list what the policy's queryset lists, for every role."""

import datetime

import pytest
from django.utils import timezone

from opora.cases.tests.factories import CaseFactory
from opora.consents import dashboard
from opora.consents.tests.factories import ConsentFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


class _Request:
    def __init__(self, membership):
        self.membership = membership


def _listed(membership):
    found = dashboard.expiring_consents(_Request(membership))
    return [(c.pk, c.valid_until, c.case.number, c.case.student.last_name) for c in (found or {}).get("consents", [])]


def test_the_compiled_expiring_consents_are_the_policys(world):
    today = timezone.localdate()
    ours = ConsentFactory(case=world.case, valid_until=today + 10 * DAY)
    not_listed = [
        ConsentFactory(case=CaseFactory(organisation=world.org, state="active"), valid_until=today + 40 * DAY),
        ConsentFactory(case=CaseFactory(organisation=world.org, state="closed"), valid_until=today + 5 * DAY),
        ConsentFactory(case=world.case, valid_until=today + 3 * DAY, withdrawn_on=today),
        ConsentFactory(case=world.case, valid_until=today - DAY),
    ]
    theirs = ConsentFactory(case=CaseFactory(organisation=world.other, state="active"), valid_until=today + 2 * DAY)
    for name, membership in world.members.items():
        compiled = _listed(membership)
        if compiled:  # the panel is shown to those without a caseload of their own
            expected = dashboard._expiring(membership, today, today + 30 * DAY)
            rows = [(c.pk, c.valid_until, c.case.number, c.case.student.last_name) for c in expected]
            assert compiled == rows, name
    listed = [row[0] for row in _listed(world.members["coordinator"])]
    assert ours.pk in listed and theirs.pk not in listed
    assert not {c.pk for c in not_listed} & set(listed)
    assert [row[0] for row in _listed(world.members["other_org"])] == [theirs.pk]
    assert _listed(world.members["case_manager"]) == []  # My day's section lists them instead
