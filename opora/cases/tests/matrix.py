"""Rows of the authorisation matrix for the cases app, and the world's case."""

from opora.cases.models import Request
from opora.cases.tests.factories import (
    ActivityFactory,
    AttachmentFactory,
    CaseFactory,
    ClosePersonFactory,
    GoalFactory,
    NetworkActorFactory,
    ReferralFactory,
    StudentFactory,
    TaskFactory,
)
from opora.cases.workflow import TRANSITIONS
from opora.core.testing.matrix import Row

# Every kind of record of the case page, with the world's item of that kind.
RECORD_ITEMS = {
    "family": "close_person",
    "request": "request",
    "goal": "goal",
    "task": "task",
    "actor": "actor",
    "activity": "activity",
}


def _record_new(kind):
    return lambda w: {"pk": w.case.pk, "kind": kind}


def _record_edit(kind):
    return lambda w: {"pk": w.case.pk, "kind": kind, "item": getattr(w, RECORD_ITEMS[kind]).pk}


def _step(name):
    return lambda w: {"pk": w.case.pk, "name": name}


def populate(w):
    """A case referred by w.school, led by w.members['case_manager'], with a task and an actor."""
    w.student = StudentFactory(organisation=w.org, school=w.school, first_name="Jaroslav", last_name="Dvořák")
    w.case = CaseFactory(organisation=w.org, student=w.student, school=w.school, lead=w.members["case_manager"])
    w.task = TaskFactory(case=w.case)
    w.actor = NetworkActorFactory(case=w.case)
    w.case_of_other_org = CaseFactory(organisation=w.other)
    w.referral = ReferralFactory(case=w.case)
    w.close_person = ClosePersonFactory(student=w.student)
    w.activity = ActivityFactory(case=w.case)
    w.attachment = AttachmentFactory(case=w.case)
    w.goal = GoalFactory(case=w.case)
    w.request = Request.objects.create(case=w.case, title="Chce zvládnout přijímačky")


# Anyone who works with cases sees their own list (another organisation's coordinator sees theirs).
LIST = {"*": 403, "case_manager": 200, "case_manager_other": 200, "coordinator": 200, "school_staff": 200}
LIST |= {"school_staff_other": 200, "other_org": 200}
# The case team only; another organisation's coordinator gets 404 for our case.
# Anyone else who works on cases gets 404 — the same answer as for a case that does not exist.
TEAM = {"*": 403, "case_manager": 200, "coordinator": 200, "other_org": 404, "case_manager_other": 404}


def _case(w):
    return {"pk": w.case.pk}


MATRIX = {
    "cases:list": Row(expect=LIST),
    "cases:caseload": Row(expect={"*": 403, "coordinator": 200, "other_org": 200}),
    # w.school is still being mapped (§2): its staff may not refer yet (tested separately once active).
    "cases:refer": Row(
        expect={"*": 403, "case_manager": 200, "case_manager_other": 200, "coordinator": 200, "other_org": 200}
    ),
    # School staff of the referring school get the limited school view.
    "cases:detail": Row(kwargs=_case, expect=TEAM | {"school_staff": 200, "school_staff_other": 404}),
    "cases:transition": Row(
        kwargs=_step("start_contacting"), variants=tuple(_step(name) for name in TRANSITIONS), expect=TEAM
    ),
    "cases:intake": Row(kwargs=_case, expect=TEAM),
    "cases:quick_record": Row(kwargs=_case, expect=TEAM),
    "cases:tracks": Row(kwargs=_case, expect=TEAM),
    "cases:assessment": Row(kwargs=_case, expect=TEAM),
    "cases:student_edit": Row(kwargs=_case, expect=TEAM),
    "cases:task_status": Row(
        method="post",
        kwargs=lambda w: {"pk": w.case.pk, "item": w.task.pk},
        data=lambda w: {"status": "done"},
        expect={"*": 403, "case_manager": 302, "coordinator": 302, "other_org": 404, "case_manager_other": 404},
    ),
    "cases:attachment_add": Row(kwargs=_case, expect=TEAM),
    "cases:attachment_download": Row(kwargs=lambda w: {"pk": w.case.pk, "item": w.attachment.pk}, expect=TEAM),
    "cases:record_new": Row(
        kwargs=_record_new("activity"), variants=tuple(_record_new(kind) for kind in RECORD_ITEMS), expect=TEAM
    ),
    "cases:record_edit": Row(
        kwargs=_record_edit("family"), variants=tuple(_record_edit(kind) for kind in RECORD_ITEMS), expect=TEAM
    ),
}
