"""Seed 003 as one story: the director refers a boy without food and clothing; the case manager
gives first help, connects SAS, convenes a case meeting, agrees a plan, reviews it after three
months and closes the case with the needs met."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from opora.cases.models import Case, CaseEvent, Task
from opora.cases.workflow import State
from opora.core.concurrency import make_stamp
from opora.core.testing.auth import login

pytestmark = pytest.mark.django_db


def test_the_whole_story_of_seed_003(world):
    cm = login(Client(), world.members["case_manager"])
    today = timezone.localdate()

    def step(name, **data):
        response = cm.post(reverse("cases:transition", args=[case.pk, name]), data)
        assert response.status_code == 302, response.context["form"].errors
        case.refresh_from_db()

    def add(record, **data):
        response = cm.post(reverse("cases:record_new", args=[case.pk, record]), data)
        assert response.status_code == 302, response.context["form"].errors

    # 1. The director's referral.
    response = cm.post(
        reverse("cases:refer"),
        {
            "first_name": "Matyáš",
            "last_name": "Horváth",
            "school": world.school.pk,
            "school_class": "4.A",
            "referred_on": (today - datetime.timedelta(days=100)).isoformat(),
            "referred_by_name": "ředitelka školy",
            "school_view": "Nemá jídlo ani oblečení, nepravidelná docházka.",
            "consent_to_pass_contacts": "on",
            "lead": world.members["case_manager"].pk,
        },
    )
    case = Case.objects.get(student__last_name="Horváth")
    assert case.state == State.REFERRED
    add("family", name="Renata Horváthová", relation="matka", legal_guardian="on", takes_part="on")

    # 2. Contact, first meeting with the mother, intake check, case work.
    step("start_contacting")
    step("meeting_arranged")
    day = (today - datetime.timedelta(days=95)).isoformat()
    add("activity", kind="meeting", occurred_on=day, duration_minutes=90, participants="matka", attendance="attended")
    cm.post(
        reverse("cases:intake", args=[case.pk]),
        {"several_institutions": "on", "long_term_complex_need": "on", "client_willing": "on", "realistic_goal": "on"},
    )
    step("start_case_work")
    add("request", title="Jídlo, oblečení a důstojné bydlení", opened_on=day, status="open")

    # 3. First quick help: food and clothing.
    for note in ("potravinová pomoc", "ošacení"):
        add("activity", kind="material_help", occurred_on=day, duration_minutes=30, note=note, attendance="na")

    # 4. SAS connected, the housing office too.
    add("actor", name="SAS Rodina v centru", support_kind="podpora rodiny", informed_of_case_management="on")
    add("actor", name="Bytový odbor města", support_kind="bydlení", informed_of_case_management="on")

    # 5. The case meeting at the school, recorded as an activity, gives the plan.
    meeting_day = (today - datetime.timedelta(days=90)).isoformat()
    add(
        "activity",
        kind="meeting",
        occurred_on=meeting_day,
        duration_minutes=90,
        participants="rodiče, škola, bytový odbor, SAS",
        note="Případové setkání ve škole",
        attendance="attended",
    )
    review = (today - datetime.timedelta(days=1)).isoformat()
    add(
        "goal",
        title="Pravidelná docházka",
        indicator="max. 2 neomluvené hodiny za měsíc",
        status="open",
        review_on=review,
    )
    add("task", title="Rodiče komunikují se školou", responsible_label="rodiče", due_date=review, status="open")
    add(
        "task",
        title="Matka vyhledá podporu duševního zdraví",
        responsible_label="matka",
        due_date=review,
        status="open",
    )
    assert Task.objects.filter(case=case).count() == 2

    # 6. Review after three months: the plan is being met.
    for task in Task.objects.filter(case=case):
        response = cm.post(
            reverse("cases:record_edit", args=[case.pk, "task", task.pk]),
            {
                "title": task.title,
                "responsible_label": task.responsible_label,
                "due_date": review,
                "status": "done",
                "edit_stamp": make_stamp(task),
            },
        )
        assert response.status_code == 302
    goal = case.goals.get()
    response = cm.post(
        reverse("cases:record_edit", args=[case.pk, "goal", goal.pk]),
        {
            "title": goal.title,
            "indicator": goal.indicator,
            "status": "achieved",
            "review_on": review,
            "edit_stamp": make_stamp(goal),
        },
    )
    assert response.status_code == 302
    step("evaluate")

    # 7. Closure with the needs met.
    step("close", closure_reason="needs_met", summary="Rodina spolupracuje se SAS, docházka se zlepšila.")
    assert case.state == State.CLOSED and case.closure_reason == "needs_met"

    # The timeline tells the whole story in one stream.
    response = cm.get(reverse("cases:detail", args=[case.pk]) + "?tab=timeline")
    kinds = [item.get("event").kind if "event" in item else "activity" for item in response.context["timeline"]]
    assert kinds.count("activity") == 4
    transitions = CaseEvent.objects.filter(case=case, kind="transition").order_by("at", "id")
    assert [e.to_state for e in transitions] == [
        State.REFERRED,
        State.CONTACTING,
        State.FIRST_MEETING,
        State.ACTIVE,
        State.EVALUATION,
        State.CLOSED,
    ]
    assert "Případové setkání ve škole" in response.content.decode()
    assert case.last_contact_on == datetime.date.fromisoformat(meeting_day)
