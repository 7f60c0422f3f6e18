"""Outcomes of a case: follow-ups created at closure, the attendance chart and outcome on the
case page, the attendance signals (thresholds as organisation settings) on the case header and
the overview, and what they link to."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from opora import access
from opora.accounts.models import Role
from opora.cases import services as case_services
from opora.cases.tests.factories import CaseFactory
from opora.core.testing.factories import MembershipFactory
from opora.outcomes import selectors
from opora.outcomes.models import AttendanceMonth, CaseOutcome, FollowUp, OutcomeSettings

pytestmark = pytest.mark.django_db
D = datetime.date


def _month(case, month, unexcused, excused=0):
    return AttendanceMonth.objects.create(
        student=case.student, month=month, excused_hours=excused, unexcused_hours=unexcused
    )


def test_closing_a_case_creates_the_three_follow_ups_for_its_lead(world):
    case = world.case
    case.state = "evaluation"
    case.save()
    case_services.case_transition(
        case=case, name="close", closure_reason="needs_met", summary="Síť funguje.", by=case.lead
    )
    today = timezone.localdate()
    follow_ups = {f.when: f for f in FollowUp.objects.filter(case=case)}
    assert set(follow_ups) == {"closure", "6m", "12m"}
    assert follow_ups["closure"].due_on == today
    assert follow_ups["6m"].due_on > today + datetime.timedelta(days=180)
    assert follow_ups["12m"].due_on > today + datetime.timedelta(days=364)
    assert all(f.assignee == case.lead for f in follow_ups.values())


def test_recording_in_education_after_closure_ticks_off_its_follow_up(world, client, login):
    case = world.case
    case.state = "evaluation"
    case.save()
    case_services.case_transition(case=case, name="close", closure_reason="needs_met", summary="Hotovo.", by=case.lead)
    login(client, world.members["case_manager"])
    response = client.post(
        reverse("outcomes:case_outcome", args=[case.pk]),
        {
            "progressed": "true",
            "grade_note": "8. ročník",
            "in_education_at_closure": "yes",
            "in_education_6m": "unknown",
            "in_education_12m": "unknown",
        },
    )
    assert response.status_code == 302
    outcome = CaseOutcome.objects.get(case=case)
    assert outcome.progressed is True and outcome.in_education_at_closure == "yes"
    done = dict(FollowUp.objects.filter(case=case).values_list("when", "done_on"))
    assert done["closure"] == timezone.localdate() and done["6m"] is None and done["12m"] is None


def test_the_case_tab_draws_the_attendance_trend_and_the_follow_ups(world, client, login):
    for i, hours in enumerate([4, 14, 30, 8]):
        _month(world.case, D(2026, 1 + i, 1), hours, excused=2)
    login(client, world.members["case_manager"])
    page = client.get(reverse("cases:detail", args=[world.case.pk]) + "?tab=outcomes").content.decode()
    assert 'data-testid="attendance-chart"' in page and "<svg" in page
    assert page.count("<rect") >= 8  # excused and unexcused bars of four months
    assert "Docházka zatím není zaznamenána" not in page


def test_school_staff_do_not_get_the_outcomes_tab_or_write_outcomes(world, client, login):
    _month(world.case, D(2026, 3, 1), 30)
    login(client, world.members["school_staff"])
    page = client.get(reverse("cases:detail", args=[world.case.pk]) + "?tab=outcomes").content.decode()
    assert "attendance-chart" not in page and "attendance-badge" not in page
    response = client.post(
        reverse("outcomes:case_attendance", args=[world.case.pk]),
        {"month": "2026-04-01", "excused": "0", "unexcused": "0"},
    )
    assert response.status_code == 403
    assert not AttendanceMonth.objects.filter(month=D(2026, 4, 1)).exists()


def test_a_case_manager_not_on_the_team_cannot_record_attendance(world, client, login):
    login(client, world.members["case_manager_other"])
    response = client.post(
        reverse("outcomes:case_attendance", args=[world.case.pk]),
        {"month": "2026-04-01", "excused": "0", "unexcused": "40"},
    )
    assert response.status_code == 404
    assert not AttendanceMonth.objects.exists()


@pytest.mark.parametrize("hours, kind", [(10, None), (11, "commission"), (25, "commission"), (26, "ospod")])
def test_the_default_thresholds_are_10_and_25_unexcused_hours(world, hours, kind):
    _month(world.case, D(2026, 1, 1), 40)  # an older month does not count
    _month(world.case, D(2026, 2, 1), hours)
    signals = selectors.attendance_signals(world.members["case_manager"], world.case)
    assert [s.kind for s in signals] == ([kind] if kind else [])


def test_the_thresholds_are_the_organisations_settings(world, client, login):
    login(client, world.members["coordinator"])
    response = client.post(reverse("outcomes:settings"), {"commission_hours": "5", "ospod_hours": "12"})
    assert response.status_code == 302
    _month(world.case, D(2026, 2, 1), 13)
    assert [s.kind for s in selectors.attendance_signals(world.members["case_manager"], world.case)] == ["ospod"]
    # Another organisation keeps the defaults.
    assert selectors.thresholds_of(world.other.pk) == (10, 25)
    refused = client.post(reverse("outcomes:settings"), {"commission_hours": "20", "ospod_hours": "12"})
    assert "musí být vyšší" in refused.content.decode()
    assert OutcomeSettings.objects.get(organisation=world.org).ospod_hours == 12


def test_the_signal_links_to_a_prefilled_educational_commission(world, client, login):
    _month(world.case, D(2026, 2, 1), 12)
    login(client, world.members["case_manager"])
    page = client.get(reverse("cases:detail", args=[world.case.pk])).content.decode()
    link = reverse("meetings:create", args=[world.case.pk]) + "?kind=educational_commission"
    assert 'data-testid="attendance-badge"' in page and link in page
    form = client.get(link).content.decode()
    assert '<option value="educational_commission" selected>' in form


def test_above_the_second_threshold_the_signal_leads_to_the_legal_duty_path(world, client, login):
    _month(world.case, D(2026, 2, 1), 31)
    login(client, world.members["case_manager"])
    page = client.get(reverse("cases:detail", args=[world.case.pk])).content.decode()
    assert reverse("consents:legal_duty", args=[world.case.pk]) in page


def test_the_overview_lists_the_signals_of_my_cases_only(world, client, login):
    _month(world.case, D(2026, 2, 1), 30)
    mine = world.members["case_manager"]
    assert [s.case_id for s in selectors.attendance_signals(mine)] == [world.case.pk]
    assert selectors.attendance_signals(world.members["case_manager_other"]) == []
    assert selectors.attendance_signals(world.members["school_staff"]) == []
    # A case manager finds them in My day (once, not again in a panel of their own).
    login(client, mine)
    page = client.get(reverse("core:home")).content.decode()
    assert 'data-testid="day-attendance_ospod"' in page and world.case.number in page
    assert 'data-testid="attendance-signals"' not in page
    login(client, world.members["case_manager_other"])
    page = client.get(reverse("core:home")).content.decode()
    assert 'data-testid="day-attendance_ospod"' not in page and world.case.number not in page
    # The coordinator's panel lists the organisation's.
    login(client, world.members["coordinator"])
    page = client.get(reverse("core:home")).content.decode()
    assert 'data-testid="attendance-signals"' in page and world.case.number in page


def test_the_signals_of_closed_cases_are_not_listed(world):
    closed = CaseFactory(organisation=world.org, lead=world.members["case_manager"], state="closed")
    _month(closed, D(2026, 2, 1), 40)
    assert selectors.attendance_signals(world.members["case_manager"]) == []


def test_the_signal_list_takes_a_fixed_number_of_queries(world, django_assert_num_queries):
    lead = world.members["case_manager"]
    for i in range(5):
        case = CaseFactory(organisation=world.org, lead=lead)
        _month(case, D(2026, 2, 1), 20 + i)
    coordinator = MembershipFactory(organisation=world.org, role=Role.COORDINATOR)
    with django_assert_num_queries(1):  # the list, with the organisation's thresholds
        assert len(selectors.attendance_signals(coordinator)) == 5


def test_the_compiled_signals_are_what_the_policys_queryset_reads(world):
    """The team's and the organisation's signals are read by a query compiled once per connection
    and shape of the membership: the same rows as the queryset built each time, for every role
    and organisation, and a threshold that changes is a new value, not a stale one."""
    _month(world.case, D(2026, 2, 1), 30)
    other = CaseFactory(organisation=world.other, state="active")
    _month(other, D(2026, 2, 1), 50)
    _month(
        CaseFactory(organisation=world.org, lead=world.members["case_manager_other"], state="active"), D(2026, 3, 1), 12
    )

    def rows(membership):
        return [(s.case_id, s.unexcused_hours, s.threshold, s.kind) for s in selectors.attendance_signals(membership)]

    for name, membership in world.members.items():
        built = selectors._signal_rows(membership, 20) if access.can_work_on_cases(membership) else []
        assert [r["pk"] for r in built] == [s[0] for s in rows(membership)], name
        thresholds = selectors.thresholds_of(membership.organisation_id)
        assert all((r["commission"], r["ospod"]) == thresholds for r in built), name
    assert [s[0] for s in rows(world.members["other_org"])] == [other.pk]
    assert world.case.pk in [s[0] for s in rows(world.members["coordinator"])]
    OutcomeSettings.objects.update_or_create(
        organisation=world.org, defaults={"commission_hours": 40, "ospod_hours": 60}
    )
    assert rows(world.members["coordinator"]) == []


def test_the_latest_month_follows_every_write_of_the_months(world):
    """LatestAttendance (what the signals read) is the student's latest month after each write:
    a new later month, an older one, a correction, a deletion; no months, no row."""
    from opora.outcomes.models import LatestAttendance

    case = world.case

    def latest():
        row = LatestAttendance.objects.filter(student=case.student).first()
        return row and (row.month, row.unexcused_hours, row.organisation_id)

    assert latest() is None
    october = _month(case, D(2026, 10, 1), 4)
    assert latest() == (D(2026, 10, 1), 4, case.organisation_id)
    _month(case, D(2026, 9, 1), 30)  # an older month does not change the latest
    assert latest() == (D(2026, 10, 1), 4, case.organisation_id)
    november = _month(case, D(2026, 11, 1), 12)
    assert latest() == (D(2026, 11, 1), 12, case.organisation_id)
    assert [s.kind for s in selectors.attendance_signals(case.lead, case)] == [selectors.COMMISSION]
    november.unexcused_hours = 2
    november.save()
    assert latest() == (D(2026, 11, 1), 2, case.organisation_id)
    assert selectors.attendance_signals(case.lead, case) == []
    november.delete()
    assert latest() == (D(2026, 10, 1), 4, case.organisation_id)
    AttendanceMonth.objects.filter(student=case.student).exclude(pk=october.pk).delete()
    october.delete()
    assert latest() is None


def test_the_manual_entry_keeps_the_latest_month_and_the_signals_follow(world):
    from opora.outcomes import services

    case = world.case
    services.attendance_month_save(case=case, month=D(2026, 10, 15), excused=1, unexcused=30, by=case.lead)
    (signal,) = selectors.attendance_signals(case.lead, case)
    assert (signal.kind, signal.unexcused_hours, signal.month) == (selectors.OSPOD, 30, D(2026, 10, 1))
    services.attendance_month_save(case=case, month=D(2026, 10, 1), excused=1, unexcused=0, by=case.lead)
    assert selectors.attendance_signals(case.lead, case) == []
    assert case.pk not in {s.case_id for s in selectors.attendance_signals(world.members["coordinator"])}


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    __import__("django.db", fromlist=["connection"]).connection.vendor != "postgresql",
    reason="concurrent writers need PostgreSQL (SQLite runs one writing transaction at a time)",
)
def test_two_writers_of_a_students_first_months_at_once_leave_the_latest(monkeypatch):
    """Two users record a month of the same student at the same moment (each in its own
    transaction, both months written before either keeps the latest): neither fails, and the
    latest month is the later of the two — the second waits for the first (a lock on the
    student) and then reads both months."""
    import threading

    from django.db import connection, transaction

    from opora.outcomes.models import LatestAttendance

    case = CaseFactory()
    both_written = threading.Barrier(2, timeout=20)
    refresh = LatestAttendance.refresh.__func__

    def refresh_after_both(cls, student_ids, **kwargs):
        both_written.wait()
        return refresh(cls, student_ids, **kwargs)

    monkeypatch.setattr(LatestAttendance, "refresh", classmethod(refresh_after_both))
    errors = []

    def record(month, hours):
        try:
            with transaction.atomic():
                AttendanceMonth.objects.create(student=case.student, month=month, unexcused_hours=hours)
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=record, args=args) for args in ((D(2026, 10, 1), 30), (D(2026, 9, 1), 2))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    latest = LatestAttendance.objects.get(student=case.student)
    assert (latest.month, latest.unexcused_hours) == (D(2026, 10, 1), 30)
