"""The case manager's panel on the landing page: their own open cases and how many of those
students do not attend, read by a query compiled once per connection."""

import pytest
from django.urls import reverse

from opora.cases import dashboard
from opora.cases.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


class _Request:
    def __init__(self, membership):
        self.membership = membership


def test_the_panel_counts_the_case_managers_own_open_cases(world, client, login):
    cm = world.members["case_manager"]
    before = dashboard.my_cases_panel(_Request(cm))
    for state in ("active", "not_attending", "not_attending", "closed", "referred"):
        CaseFactory(organisation=world.org, lead=cm, state=state)
    CaseFactory(organisation=world.org, lead=world.members["case_manager_other"], state="not_attending")
    CaseFactory(organisation=world.other, state="active")
    after = dashboard.my_cases_panel(_Request(cm))
    assert after == {"open_count": before["open_count"] + 4, "not_attending": before["not_attending"] + 2}
    fresh = world.members["team_member"]
    assert dashboard.my_cases_panel(_Request(fresh)) == {"open_count": 0, "not_attending": 0}
    assert dashboard.my_cases_panel(_Request(world.members["coordinator"])) is None
    page = login(client, cm).get(reverse("core:home")).content.decode()
    assert f"{after['open_count']} otevřených případů" in page and "2 studenti nedocházejí" in page
