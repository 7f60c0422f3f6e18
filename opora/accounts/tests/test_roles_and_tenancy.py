import pytest
from django.test import Client
from django.urls import reverse

from opora.accounts.models import Membership, Role
from opora.audit.models import AuditEvent
from opora.core.testing.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "landing"),
    [
        (Role.CASE_MANAGER, "Zde uvidíte své případy"),
        (Role.COORDINATOR, "případy organizace"),
        (Role.SCHOOL_STAFF, "které vaše škola doporučila"),
        (Role.FACILITATOR, "která facilitujete"),
    ],
)
def test_each_role_lands_on_its_own_overview(role, landing, login):
    client = login(Client(), MembershipFactory(role=role))
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    assert landing in response.content.decode()


def test_admin_lands_on_user_administration(login):
    client = login(Client(), MembershipFactory(role=Role.ADMIN))
    response = client.get(reverse("core:home"))
    assert response.url == reverse("accounts:user_list")


def test_admin_sees_only_users_of_their_organisation(login):
    admin = MembershipFactory(role=Role.ADMIN)
    colleague = MembershipFactory(organisation=admin.organisation, role=Role.CASE_MANAGER)
    stranger = MembershipFactory(role=Role.CASE_MANAGER)
    page = login(Client(), admin).get(reverse("accounts:user_list")).content.decode()
    assert colleague.user.email in page
    assert stranger.user.email not in page


def test_admin_of_another_organisation_gets_404_for_a_membership(login):
    admin = MembershipFactory(role=Role.ADMIN)
    stranger = MembershipFactory(role=Role.CASE_MANAGER)
    client = login(Client(), admin)
    assert client.get(reverse("accounts:membership_edit", args=[stranger.pk])).status_code == 404
    assert client.post(reverse("accounts:user_reset_2fa", args=[stranger.pk])).status_code == 404


def test_audit_log_shows_only_the_own_organisation(login):
    coordinator = MembershipFactory(role=Role.COORDINATOR)
    stranger = MembershipFactory(role=Role.COORDINATOR)
    AuditEvent.objects.create(action="test.mine", organisation=coordinator.organisation, actor_email="mine@x.cz")
    AuditEvent.objects.create(action="test.theirs", organisation=stranger.organisation, actor_email="theirs@x.cz")
    page = login(Client(), coordinator).get(reverse("audit:log")).content.decode()
    assert "mine@x.cz" in page
    assert "theirs@x.cz" not in page


def test_admin_creates_a_school_staff_user_only_with_a_school(login):
    admin = MembershipFactory(role=Role.ADMIN)
    client = login(Client(), admin)
    data = {
        "full_name": "Věra Nováková",
        "email": "vera@skola.cz",
        "role": Role.SCHOOL_STAFF,
        "password": "dlouhé heslo pro test 9",
    }
    response = client.post(reverse("accounts:user_create"), data)
    assert response.status_code == 200
    assert "musí být vázán na jednu školu" in response.content.decode()
    assert not Membership.objects.filter(invited_email="vera@skola.cz").exists()
