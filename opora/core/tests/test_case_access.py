"""The case access rules of opora/access.py, persona by persona."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from opora import access

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("persona", "level"),
    [
        ("coordinator", "team"),
        ("case_manager", "team"),
        ("case_manager_other", None),
        ("school_staff", "school"),
        ("school_staff_other", None),
        ("facilitator", None),
        ("admin", None),
        ("other_org", None),
    ],
)
def test_case_access_level_per_persona(world, persona, level):
    assert access.case_access_level(world.members[persona], world.case) == level
    assert (world.case in access.cases_for(world.members[persona])) == (level is not None)


def test_a_case_manager_added_to_the_team_gets_the_whole_case(world):
    other = world.members["case_manager_other"]
    world.case.team.add(other)
    assert access.case_access_level(other, world.case) == "team"
    assert list(access.cases_for(other)) == [world.case]


def test_another_organisations_case_is_404_and_a_foreign_case_in_the_org_403(world):
    with pytest.raises(Http404):
        access.get_case(world.members["coordinator"], world.case_of_other_org.pk)
    with pytest.raises(PermissionDenied):
        access.get_case(world.members["case_manager_other"], world.case.pk)
    with pytest.raises(PermissionDenied):
        access.get_case(world.members["school_staff"], world.case.pk, team_only=True)
    assert access.get_case(world.members["school_staff"], world.case.pk).access_level == "school"
