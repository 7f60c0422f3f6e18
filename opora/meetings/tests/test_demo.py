import pytest

from opora.cases.tests.factories import CaseFactory, StudentFactory
from opora.core import demo
from opora.meetings import demo as meetings_demo
from opora.meetings.models import Meeting

pytestmark = pytest.mark.django_db


def test_the_demo_adds_nothing_without_a_case():
    ctx = demo.DemoContext()
    demo.seed_foundation(ctx)
    meetings_demo.seed(ctx)
    assert not Meeting.objects.exists()


def test_the_demo_seeds_the_final_school_meeting_of_seed_003_and_an_upcoming_conference():
    ctx = demo.DemoContext()
    demo.seed_foundation(ctx)
    school = ctx.schools["vysluni"]
    student = StudentFactory(organisation=ctx.org, school=school, first_name="Matěj", last_name="Bartoš")
    case = CaseFactory(organisation=ctx.org, student=student, school=school, lead=ctx.users["cm1"])
    meetings_demo.seed(ctx)
    held = ctx.extra["meetings_seed_003"]
    assert held.is_final and held.task_links.count() == 5
    assert (
        held.participants.filter(attendance="present").count() == 8
    )  # 2 parents, child, director, 2 actors, cm, facilitator
    kinds = set(Meeting.objects.filter(case=case).values_list("kind", "status"))
    assert ("case_conference", "planned") in kinds
    assert ("school_case_meeting", "planned") in kinds  # the confirmed follow-up
