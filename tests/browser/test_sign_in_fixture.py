import pytest
from playwright.sync_api import expect

from opora.accounts.models import Role
from opora.core.testing.factories import MembershipFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_in_fixture_opens_the_app_as_the_membership(page, sign_in):
    m = MembershipFactory(role=Role.COORDINATOR, user__full_name="Jana Dvořáková")
    sign_in(page, m)
    page.goto("/")
    expect(page.get_by_role("heading", name="Dobrý den, Jana")).to_be_visible()
    expect(page.get_by_text(m.organisation.name)).to_be_visible()
