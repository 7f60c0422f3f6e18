"""The schools panel's query is compiled once per shape of the membership: it must read what the
policy's queryset reads, for every role and organisation."""

import pytest

from opora import access
from opora.schools import selectors

pytestmark = pytest.mark.django_db


def _rows(schools):
    return [(s.pk, s.name, s.last_evaluation_on, s.evaluation_due, s.evaluation_overdue) for s in schools]


def test_the_compiled_schools_are_the_policys_schools(world):
    for name, membership in world.members.items():
        compiled = selectors.schools_needing_attention(membership)
        expected = selectors.with_evaluation(access.schools_for(membership).order_by("name"))
        assert _rows(compiled) == _rows(expected), name
        assert all(s.organisation_id == membership.organisation_id for s in compiled)
    assert _rows(selectors.schools_needing_attention(world.members["school_staff"])) == _rows(
        selectors.with_evaluation(access.schools_for(world.members["school_staff"]))
    )
    assert [s.pk for s in selectors.schools_needing_attention(world.members["school_staff"])] == [world.school.pk]
    assert selectors.schools_needing_attention(world.members["admin"]) == []
