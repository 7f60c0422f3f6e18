"""Rows of the authorisation matrix for indicators and return readiness."""

from opora.core.testing.matrix import Row
from opora.progress.tests.factories import IndicatorFactory, ObservationFactory, VisitFactory

# The case team only: everyone else who works on cases gets 404, other roles 403.
TEAM = {"*": 403, "case_manager": 200, "coordinator": 200, "other_org": 404, "case_manager_other": 404}


def populate(w):
    w.indicator = IndicatorFactory(goal=w.goal, return_condition=True)
    ObservationFactory(indicator=w.indicator, recorded_by=w.members["case_manager"])
    w.visit = VisitFactory(case=w.case)


MATRIX = {
    "progress:indicator_create": Row(kwargs=lambda w: {"goal_pk": w.goal.pk}, expect=TEAM),
    "progress:indicator_edit": Row(kwargs=lambda w: {"pk": w.indicator.pk}, expect=TEAM),
    "progress:observation_create": Row(kwargs=lambda w: {"pk": w.indicator.pk}, expect=TEAM),
    "progress:return_plan": Row(kwargs=lambda w: {"pk": w.case.pk}, expect=TEAM),
    "progress:visit_create": Row(kwargs=lambda w: {"pk": w.case.pk}, expect=TEAM),
    "progress:visit_edit": Row(kwargs=lambda w: {"pk": w.visit.pk}, expect=TEAM),
}
