"""Rows of the authorisation matrix for the cases app, and the world's case."""

from opora.cases.tests.factories import CaseFactory, NetworkActorFactory, StudentFactory, TaskFactory
from opora.core.testing.matrix import Row  # noqa: F401  (rows are added with the case screens)


def populate(w):
    """A case referred by w.school, led by w.members['case_manager'], with a task and an actor."""
    w.student = StudentFactory(organisation=w.org, school=w.school, first_name="Jaroslav", last_name="Dvořák")
    w.case = CaseFactory(organisation=w.org, student=w.student, school=w.school, lead=w.members["case_manager"])
    w.task = TaskFactory(case=w.case)
    w.actor = NetworkActorFactory(case=w.case)
    w.case_of_other_org = CaseFactory(organisation=w.other)


MATRIX: dict = {}
