"""Return readiness takes the child's placement from the family record: the tab shows it, a
new return plan is prefilled from it, and the family page links each placed-away child to the
return readiness of a case the viewer may open — and to no other."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from opora.cases.services import case_set_family
from opora.cases.tests.factories import CaseFactory, StudentFactory
from opora.core.testing.auth import login
from opora.families.tests.factories import FamilyChildFactory, FamilyFactory
from opora.progress.models import ReturnPlan

pytestmark = pytest.mark.django_db

SINCE = datetime.date(2025, 3, 4)


def _client(membership):
    return login(Client(HTTP_ACCEPT_LANGUAGE="en"), membership)


@pytest.fixture
def case(world):
    student = StudentFactory(organisation=world.org, school=world.school, first_name="Lukáš", last_name="Pokorný")
    return CaseFactory(organisation=world.org, student=student, lead=world.members["case_manager"])


@pytest.fixture
def family(world, case):
    family = FamilyFactory(organisation=world.org, name="Pokorní")
    lukas = FamilyChildFactory(family=family, first_name="Lukáš", last_name="Pokorný", student=case.student)
    denis = FamilyChildFactory(
        family=family,
        first_name="Denis",
        last_name="Pokorný",
        residence="childrens_home",
        institution_name="DD Horní Lhota",
        residence_since=SINCE,
    )
    FamilyChildFactory(family=family, first_name="Anička", last_name="Pokorná", residence="foster_care")
    case_set_family(
        case=case, family=family, client="family", children=[lukas, denis], by=world.members["case_manager"]
    )
    return family


def test_the_return_tab_shows_the_placement_of_the_family_record(world, case, family):
    html = (
        _client(world.members["case_manager"])
        .get(reverse("cases:detail", args=[case.pk]) + "?tab=return")
        .content.decode()
    )
    assert "Denis Pokorný</strong>: Children&#x27;s home · DD Horní Lhota (since 4 Mar 2025)" in html
    assert "Anička" not in html.split('data-testid="placements"')[1].split("</dd>")[0]  # not named by the case
    assert "Lukáš Pokorný</strong>" not in html  # lives at home


def test_a_new_return_plan_is_prefilled_from_the_family_record_and_an_existing_one_is_not(world, case, family):
    client = _client(world.members["case_manager"])
    url = reverse("progress:return_plan", args=[case.pk])
    form = client.get(url).context["form"]
    assert form.initial["placement"] == "Denis Pokorný: Children's home, DD Horní Lhota, since 4 Mar 2025"
    ReturnPlan.objects.create(case=case, placement="u babičky o víkendech")
    assert client.get(url).context["form"].initial["placement"] == "u babičky o víkendech"


def test_a_childs_own_case_shows_its_placement(world, case):
    family = FamilyFactory(organisation=world.org)
    FamilyChildFactory(family=family, student=case.student, residence="diagnostic", institution_name="DÚ Hodkovičky")
    html = _client(world.members["case_manager"]).get(reverse("cases:detail", args=[case.pk]) + "?tab=return")
    assert "Diagnostic institute · DÚ Hodkovičky" in html.content.decode()


def test_the_family_page_links_placed_away_children_to_return_readiness_only_for_the_team(world, case, family):
    url = reverse("families:detail", args=[family.pk])
    team = _client(world.members["case_manager"]).get(url).content.decode()
    placed = team.split('data-testid="family-placed-away"')[1].split("</ul>")[0]
    assert f"/cases/{case.pk}/?tab=return" in placed and "Return readiness of Denis" in placed
    assert "Anička" in placed and "No case you work on follows the return of this child." in placed
    assert "Lukáš" not in placed  # at home

    # Another case manager who leads a sibling's own case sees the family, but no link to a
    # case whose team they are not on.
    other = world.members["case_manager_other"]
    sibling = CaseFactory(organisation=world.org, lead=other, family=family)
    page = _client(other).get(url)
    assert page.status_code == 200
    placed = page.content.decode().split('data-testid="family-placed-away"')[1].split("</ul>")[0]
    assert f"/cases/{case.pk}/" not in placed and "Return readiness of" not in placed
    assert f"/cases/{sibling.pk}/" not in placed
