"""Rows of the authorisation matrix for the REST API. API routes are called with a read-write
personal token of each persona (a reading session is tested in test_api_auth.py); anonymous
callers get 401. A persona that may not see the object gets 404 for every method."""

from opora.api.tests.auth import make_token, token_login
from opora.core.testing.matrix import Row


def populate(w):
    w.api_token = make_token(w.members["coordinator"])[0]


def api(expect, kwargs=None):
    return Row(expect={"*anon": 401, **expect}, kwargs=kwargs, login=token_login)


CASE_ROLES = dict.fromkeys(
    ("coordinator", "case_manager", "case_manager_other", "school_staff", "school_staff_other", "other_org"), 200
)
TEAM = {"*": 403, "coordinator": 200, "case_manager": 200, "case_manager_other": 404, "other_org": 404}
SERVICE = {"*": 403, **dict.fromkeys(("coordinator", "case_manager", "case_manager_other", "other_org"), 200)}


def _case(w):
    return {"pk": w.case.pk}


MATRIX = {
    "api:tokens": Row(expect={"*": 200}),
    "api:token_revoke": Row(
        method="post", kwargs=lambda w: {"pk": w.api_token.pk}, expect={"*": 404, "coordinator": 302}
    ),
    "api:not_found": Row(kwargs=lambda w: {"rest": "v1/nothing/"}, expect={"*": 404, "anon": 404}),
    "api:schema": Row(expect={"*": 200, "anon": 200}),
    "api:docs": Row(expect={"*": 200, "anon": 200}),
    "api:redoc": Row(expect={"*": 200, "anon": 200}),
    "api:cases": api({"*": 403, **CASE_ROLES}),
    "api:case": api({**TEAM, "school_staff": 200, "school_staff_other": 404}, _case),
    "api:case_student": api(TEAM, _case),
    "api:case_goals": api(TEAM, _case),
    "api:case_goal": api(TEAM, lambda w: {"pk": w.case.pk, "item": w.goal.pk}),
    "api:case_tasks": api(TEAM, _case),
    "api:case_task": api(TEAM, lambda w: {"pk": w.case.pk, "item": w.task.pk}),
    "api:case_activities": api(TEAM, _case),
    "api:case_activity": api(TEAM, lambda w: {"pk": w.case.pk, "item": w.activity.pk}),
    "api:case_consents": api(TEAM, _case),
    "api:case_disclosures": api(TEAM, _case),
    "api:meetings": api({"*": 200, "admin": 403}),
    "api:meeting": api(
        {
            **dict.fromkeys(("coordinator", "case_manager", "facilitator", "school_staff"), 200),
            **dict.fromkeys(("other_org", "case_manager_other", "school_staff_other", "external"), 404),
            "*": 403,
        },
        lambda w: {"pk": w.meeting.pk},
    ),
    "api:meeting_ics": api(
        {
            **dict.fromkeys(("coordinator", "case_manager", "facilitator"), 200),
            **dict.fromkeys(("other_org", "case_manager_other", "school_staff", "school_staff_other", "external"), 404),
            "*": 403,
        },
        lambda w: {"pk": w.meeting.pk},
    ),
    "api:schools": api({**SERVICE, "school_staff": 200, "school_staff_other": 200}),
    "api:school": api(
        {**SERVICE, "other_org": 404, "school_staff": 200, "school_staff_other": 404}, lambda w: {"pk": w.school.pk}
    ),
    "api:pipeline": api(SERVICE),
    # The matrix posts a form, not JSON: who may move the school gets 415 (its body is refused).
    "api:school_transition": Row(
        method="post",
        kwargs=lambda w: {"pk": w.school.pk},
        expect={"*anon": 401, "*": 403, "coordinator": 415, "other_org": 404},
        login=token_login,
    ),
    "api:institutions": api(SERVICE),
    "api:institution": api({**SERVICE, "other_org": 404}, lambda w: {"pk": w.institution.pk}),
    "api:families": api({"*": 403, **CASE_ROLES}),
    "api:family": api({**TEAM, "school_staff": 404, "school_staff_other": 404}, lambda w: {"pk": w.family.pk}),
    "api:case_attendance": api(TEAM, _case),
    # The matrix posts a form, not JSON: who may import gets 415 (its body is refused).
    "api:attendance": Row(
        method="post",
        expect={
            "*anon": 401,
            "*": 403,
            **dict.fromkeys(("coordinator", "case_manager", "case_manager_other", "other_org"), 415),
        },
        login=token_login,
    ),
    "api:statistics": api(
        {"*": 403, **dict.fromkeys(("coordinator", "school_staff", "school_staff_other", "other_org"), 200)}
    ),
    "api:case_indicators": api(TEAM, _case),
    "api:indicator_observations": Row(
        method="post",
        kwargs=lambda w: {"pk": w.indicator.pk},
        expect={"*anon": 401, **TEAM, "coordinator": 415, "case_manager": 415},
        login=token_login,
    ),
}
