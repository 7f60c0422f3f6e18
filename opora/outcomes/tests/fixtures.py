"""A small organisation whose every statistics figure for 2025 is computed by hand below.

Cases (school A unless said, lead = cm1 unless said, referred by the school unless said):
  c1  opened 2024-10-01, closed 2025-02-15, needs met  (137 days: 3–6 months)
  c2  opened 2025-03-01, closed 2025-04-15, refused    (45 days: up to 3 months), lead cm2, referrer OSPOD
  c3  opened 2025-05-01, open, school B
  c4  opened 2023-01-01, closed 2024-06-01             (outside the period)
  c5  opened 2026-01-10                                  (after the period)
  c6  opened 2024-01-01, closed 2025-08-01, other      (578 days: over 12 months)
"""

import datetime
from types import SimpleNamespace

from opora.accounts.models import Role
from opora.cases.models import Activity, Goal
from opora.cases.tests.factories import ActivityFactory, CaseFactory, GoalFactory, StudentFactory
from opora.core.testing.factories import MembershipFactory, OrganisationFactory, SchoolFactory
from opora.meetings.models import Kind
from opora.meetings.tests.factories import MeetingFactory
from opora.meetings.workflow import Status
from opora.outcomes.models import AttendanceMonth, CaseOutcome
from opora.outcomes.selectors import Filters

D = datetime.date
YEAR_2025 = Filters(D(2025, 1, 1), D(2025, 12, 31))


def _at(y, m, d):
    from zoneinfo import ZoneInfo

    return datetime.datetime(y, m, d, 14, 0, tzinfo=ZoneInfo("Europe/Prague"))


def build():
    f = SimpleNamespace()
    f.org = OrganisationFactory(name="Ručně spočítaná, z. s.")
    f.coordinator = MembershipFactory(organisation=f.org, role=Role.COORDINATOR)
    f.cm1 = MembershipFactory(organisation=f.org, role=Role.CASE_MANAGER, user__full_name="Alena Alfová")
    f.cm2 = MembershipFactory(organisation=f.org, role=Role.CASE_MANAGER, user__full_name="Bára Betová")
    f.school_a = SchoolFactory(organisation=f.org, name="ZŠ Alfa")
    f.school_b = SchoolFactory(organisation=f.org, name="ZŠ Beta")
    f.staff_a = MembershipFactory(organisation=f.org, role=Role.SCHOOL_STAFF, school=f.school_a)

    def case(name, opened, closed=None, reason="", school=None, lead=None, referrer="school"):
        school = school or f.school_a
        student = StudentFactory(organisation=f.org, school=school, last_name=name)
        return CaseFactory(
            organisation=f.org,
            student=student,
            school=school,
            lead=lead or f.cm1,
            opened_at=opened,
            closed_at=closed,
            state="closed" if closed else "active",
            closure_reason=reason,
            referrer_kind=referrer,
        )

    f.c1 = case("Jedna", D(2024, 10, 1), D(2025, 2, 15), "needs_met")
    f.c2 = case("Dva", D(2025, 3, 1), D(2025, 4, 15), "refused", lead=f.cm2, referrer="ospod")
    f.c3 = case("Tři", D(2025, 5, 1), school=f.school_b)
    f.c4 = case("Čtyři", D(2023, 1, 1), D(2024, 6, 1), "needs_met")
    f.c5 = case("Pět", D(2026, 1, 10))
    f.c6 = case("Šest", D(2024, 1, 1), D(2025, 8, 1), "other")

    CaseOutcome.objects.create(
        case=f.c1, progressed=True, in_education_at_closure="yes", in_education_6m="yes", in_education_12m="unknown"
    )
    CaseOutcome.objects.create(case=f.c2, progressed=False, in_education_at_closure="no")
    # c1: 20 unexcused hours in its first month, 5 in its last → improved. c2: 3 → 8, not improved.
    # A month before c1 opened (not counted: 1 hour) and after it closed (not counted: 30 hours).
    for student, month, hours in [
        (f.c1.student, D(2024, 9, 1), 1),
        (f.c1.student, D(2024, 10, 1), 20),
        (f.c1.student, D(2024, 12, 1), 12),
        (f.c1.student, D(2025, 2, 1), 5),
        (f.c1.student, D(2025, 3, 1), 30),
        (f.c2.student, D(2025, 3, 1), 3),
        (f.c2.student, D(2025, 4, 1), 8),
    ]:
        AttendanceMonth.objects.create(student=student, month=month, excused_hours=2, unexcused_hours=hours)

    ActivityFactory(case=f.c1, kind=Activity.Kind.MEETING, occurred_on=D(2025, 1, 10), duration_minutes=60)
    ActivityFactory(case=f.c1, kind=Activity.Kind.CALL, occurred_on=D(2025, 2, 1), duration_minutes=20)
    ActivityFactory(case=f.c3, kind=Activity.Kind.MEETING, occurred_on=D(2025, 6, 1), duration_minutes=90)
    ActivityFactory(case=f.c2, kind=Activity.Kind.HOME_VISIT, occurred_on=D(2025, 3, 20), duration_minutes=120)
    ActivityFactory(case=f.c4, kind=Activity.Kind.MEETING, occurred_on=D(2024, 3, 1), duration_minutes=60)

    MeetingFactory(case=f.c1, kind=Kind.EDUCATIONAL_COMMISSION, start=_at(2025, 1, 20))
    MeetingFactory(case=f.c3, kind=Kind.CASE_CONFERENCE, start=_at(2025, 6, 10))
    MeetingFactory(case=f.c3, kind=Kind.SCHOOL_CASE_MEETING, start=_at(2025, 6, 20), status=Status.CANCELLED)
    MeetingFactory(case=f.c2, kind=Kind.SCHOOL_CASE_MEETING, start=_at(2024, 12, 5))

    GoalFactory(case=f.c1, status=Goal.Status.ACHIEVED)
    GoalFactory(case=f.c1, status=Goal.Status.PARTLY)
    GoalFactory(case=f.c2, status=Goal.Status.NOT_ACHIEVED)
    GoalFactory(case=f.c3, status=Goal.Status.OPEN)
    GoalFactory(case=f.c4, status=Goal.Status.ACHIEVED)
    return f
