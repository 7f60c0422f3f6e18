"""The rules other apps add to My day (attendance signals, outcome follow-ups, return readiness,
cooperation agreements, reports to named recipients) against a fixture with known dates; the
expectations are computed by hand. Today is Monday 30 March 2026; "within a week" ends on
Monday 6 April (today + 7), so 7 April is the first day not shown."""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opora.accounts.models import Role
from opora.agreements.tests.factories import AgreementFactory
from opora.cases.tests.factories import CaseFactory, StudentFactory
from opora.consents.models import Disclosure
from opora.core.testing.factories import MembershipFactory, OrganisationFactory
from opora.day import rules
from opora.day.services import reminders_send
from opora.families.tests.factories import FamilyChildFactory, FamilyFactory
from opora.outcomes.models import AttendanceMonth, FollowUp, OutcomeSettings
from opora.progress.models import ReturnPlan
from opora.progress.tests.factories import VisitFactory
from opora.reports.models import HandOver
from opora.reports.tests.factories import CaseReportFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 30)
D = datetime.date
SIX, TWELVE = str(FollowUp.When.SIX_MONTHS.label), str(FollowUp.When.TWELVE_MONTHS.label)
NEW_RULES = {
    "attendance_ospod",
    "attendance_commission",
    "follow_ups",
    "return_evaluations",
    "visits",
    "agreement_reviews",
    "reports_to_approve",
    "reports_to_hand_over",
}


def _pairs(sections, keys=NEW_RULES):
    return {(s["key"], item.subject) for s in sections if s["key"] in keys for item in s["items"]}


def _items(sections, key):
    return next((s["items"] for s in sections if s["key"] == key), [])


def _student(org, first, last):
    return StudentFactory(organisation=org, first_name=first, last_name=last)


def _absent(student, month, unexcused):
    AttendanceMonth.objects.create(student=student, month=month, unexcused_hours=unexcused, excused_hours=2)


def _case(org, lead, first, last, **kw):
    return CaseFactory(
        organisation=org,
        lead=lead,
        student=_student(org, first, last),
        state=kw.pop("state", "active"),
        last_contact_on=TODAY,
        **kw,
    )


def _handed_over(report, *, family_copy=False):
    disclosure = Disclosure.objects.create(
        case=report.case,
        category="report",
        recipient_kind="court",
        recipient_label="Okresní soud",
        basis="court_request",
        by=report.case.lead,
    )
    HandOver.objects.create(
        report=report, channel="data_box", family_copy=family_copy, disclosure=disclosure, by=report.case.lead
    )


@pytest.fixture
def plan():
    org = OrganisationFactory()
    cm = MembershipFactory(organisation=org, role=Role.CASE_MANAGER)
    coordinator = MembershipFactory(organisation=org, role=Role.COORDINATOR)
    other_coordinator = MembershipFactory(organisation=org, role=Role.COORDINATOR)

    adam = _case(org, cm, "Adam", "Prvni")
    quiet = _case(org, cm, "Bara", "Tichá")
    olga = _case(org, cm, "Olga", "Ospod")
    # Attendance: the LATEST month decides; the thresholds are "over 10" and "over 25".
    _absent(adam.student, D(2026, 2, 1), 40)
    _absent(adam.student, D(2026, 3, 1), 11)  # 11 > 10: a commission (the 40 of February is older)
    _absent(quiet.student, D(2026, 3, 1), 10)  # 10 is not over 10: nothing
    _absent(olga.student, D(2026, 3, 1), 26)  # 26 > 25: the report to OSPOD

    # A family case concerning two children (both above the threshold) and one without a record.
    family = FamilyFactory(organisation=org, name="Dvořákovi")
    ema = _student(org, "Ema", "Dvořáková")
    jan = _student(org, "Jan", "Dvořák")
    family_case = CaseFactory(
        organisation=org, lead=cm, student=ema, family=family, client="family", state="active", last_contact_on=TODAY
    )
    family_case.family_children.set(
        [
            FamilyChildFactory(family=family, first_name="Ema", student=ema),
            FamilyChildFactory(family=family, first_name="Jan", student=jan),
            FamilyChildFactory(family=family, first_name="Lucie"),
        ]
    )
    _absent(ema, D(2026, 3, 1), 12)
    _absent(jan, D(2026, 3, 1), 25)  # 25 is not over 25: a commission, and the family case once

    # Follow-ups of closed cases (due today shown; tomorrow not; done not; "at closure" not).
    closed = _case(org, cm, "Cyril", "Uzavřený", state="closed")
    FollowUp.objects.create(case=closed, when=FollowUp.When.AT_CLOSURE, due_on=D(2025, 9, 30), assignee=cm)
    FollowUp.objects.create(case=closed, when=FollowUp.When.SIX_MONTHS, due_on=D(2026, 3, 30), assignee=cm)
    FollowUp.objects.create(case=closed, when=FollowUp.When.TWELVE_MONTHS, due_on=D(2026, 9, 30), assignee=cm)
    older = _case(org, cm, "Dana", "Dřívější", state="closed")
    FollowUp.objects.create(case=older, when=FollowUp.When.TWELVE_MONTHS, due_on=D(2026, 3, 1), assignee=cm)
    FollowUp.objects.create(
        case=older, when=FollowUp.When.SIX_MONTHS, due_on=D(2025, 9, 1), assignee=cm, done_on=D(2025, 9, 2)
    )
    tomorrow = _case(org, cm, "Emil", "Zítřejší", state="closed")
    FollowUp.objects.create(case=tomorrow, when=FollowUp.When.SIX_MONTHS, due_on=D(2026, 3, 31), assignee=cm)

    # Return readiness: the next evaluation on the seventh day (shown), the eighth (not), passed.
    ReturnPlan.objects.create(case=adam, next_evaluation_on=D(2026, 4, 6))
    ReturnPlan.objects.create(case=quiet, next_evaluation_on=D(2026, 4, 7))
    ReturnPlan.objects.create(case=family_case, next_evaluation_on=D(2026, 3, 20))
    # Visits: today and passed without a record (shown); tomorrow; passed and recorded.
    VisitFactory(case=adam, planned_on=D(2026, 3, 30), who="matka v DD")
    VisitFactory(case=family_case, planned_on=D(2026, 3, 25), who="víkend doma")
    VisitFactory(case=adam, planned_on=D(2026, 3, 31), who="zítra")
    VisitFactory(case=quiet, planned_on=D(2026, 3, 20), who="neproběhla", happened=False)
    VisitFactory(case=quiet, planned_on=D(2026, 3, 21), who="proběhla", happened=True)

    # Agreements: signed, review on the seventh day (shown) / the eighth (not); a signed version
    # whose review passed (shown once) beside an older superseded one and a draft of the same case.
    AgreementFactory(case=adam, status="signed", review_on=D(2026, 4, 6))
    AgreementFactory(case=quiet, status="signed", review_on=D(2026, 4, 7))
    AgreementFactory(case=family_case, number=1, status="superseded", review_on=D(2025, 12, 1))
    AgreementFactory(case=family_case, number=2, status="signed", review_on=D(2026, 3, 29))
    AgreementFactory(case=family_case, number=3, status="draft", review_on=D(2026, 3, 1))

    # Reports: written by the case manager and submitted; written by a coordinator and submitted;
    # approved and not handed over (a family copy is not the hand-over); approved and handed over.
    CaseReportFactory(case=adam, title="Zpráva pro soud (Adam)", status="submitted", written_by=cm)
    CaseReportFactory(case=olga, title="Zpráva pro OSPOD (Olga)", status="submitted", written_by=coordinator)
    CaseReportFactory(case=quiet, title="Koncept", status="draft", written_by=cm)
    waiting = CaseReportFactory(case=family_case, title="Zpráva pro soud (rodina)", status="approved", written_by=cm)
    _handed_over(waiting, family_copy=True)
    done = CaseReportFactory(case=adam, title="Předaná zpráva", status="approved", written_by=cm)
    _handed_over(done)
    return {
        "org": org,
        "cm": cm,
        "coordinator": coordinator,
        "other_coordinator": other_coordinator,
        "adam": adam,
        "olga": olga,
        "family_case": family_case,
        "closed": closed,
        "older": older,
    }


def test_the_case_managers_new_items_are_exactly_what_the_dates_say(plan, caseload_as):
    sections = rules.day_of(plan["cm"], TODAY)
    assert _pairs(sections) == {
        ("attendance_commission", "Adam Prvni"),
        ("attendance_commission", "Jan Dvořák"),  # the family case once, on its highest child
        ("attendance_ospod", "Olga Ospod"),
        ("follow_ups", f"Cyril Uzavřený · {SIX}"),
        ("follow_ups", f"Dana Dřívější · {TWELVE}"),
        ("return_evaluations", "Adam Prvni"),
        ("return_evaluations", "Ema Dvořáková"),
        ("visits", "matka v DD"),
        ("visits", "víkend doma"),
        ("agreement_reviews", "Adam Prvni"),
        ("agreement_reviews", "Ema Dvořáková"),
        ("reports_to_hand_over", "Zpráva pro soud (rodina)"),
    }
    family_case, adam = plan["family_case"], plan["adam"]
    # No case appears twice in one rule (a family case counts once).
    for s in sections:
        if s["key"] in NEW_RULES:
            refs = [i.case_id for i in s["items"]]
            assert len(refs) == len(set(refs)), s["key"]
    commission = {i.case_id: i for i in _items(sections, "attendance_commission")}
    assert commission[family_case.pk].on == D(2026, 3, 1)
    assert commission[adam.pk].url == f"/meetings/case/{adam.pk}/new/?kind=educational_commission"
    assert _items(sections, "attendance_ospod")[0].url == reverse("consents:legal_duty", args=[plan["olga"].pk])
    follow = {i.case_id: i for i in _items(sections, "follow_ups")}
    assert follow[plan["closed"].pk].overdue is False and follow[plan["older"].pk].overdue is True
    assert follow[plan["closed"].pk].url == f"/cases/{plan['closed'].pk}/?tab=outcomes"
    evaluations = {i.case_id: i for i in _items(sections, "return_evaluations")}
    assert evaluations[adam.pk].overdue is False and evaluations[family_case.pk].overdue is True
    assert evaluations[adam.pk].url == f"/cases/{adam.pk}/?tab=return"
    visit = next(i for i in _items(sections, "visits") if i.subject == "matka v DD")
    assert visit.url.startswith("/progress/visit/") and visit.overdue is False
    reviews = {i.case_id: i for i in _items(sections, "agreement_reviews")}
    assert reviews[family_case.pk].on == D(2026, 3, 29) and reviews[family_case.pk].overdue is True
    assert reviews[adam.pk].url.startswith("/agreements/")
    assert _items(sections, "reports_to_hand_over")[0].url.startswith("/reports/")
    # The case manager approves nothing, not even a report they did not write.
    assert _items(sections, "reports_to_approve") == []


def test_with_a_limit_the_wired_rules_read_only_what_the_page_shows(plan, caseload_as):
    """With the page's limit every wired rule keeps its first items (soonest first) and says
    there are more; the reports' texts are never read for an item (only the title and the case)."""
    for n in range(3):
        CaseReportFactory(case=plan["adam"], title=f"Schválená {n}", status="approved", written_by=plan["cm"])
    everything = rules.day_of(plan["cm"], TODAY)
    with CaptureQueriesContext(connection) as ctx:
        limited = {s["key"]: s for s in rules.day_of(plan["cm"], TODAY, limit=1)}
    for section in everything:
        first = limited[section["key"]]
        assert first["items"] == section["items"][:1]
        assert first["more"] is (len(section["items"]) > 1), section["key"]
    assert limited["reports_to_hand_over"]["more"] and limited["follow_ups"]["more"]
    reports = [q["sql"] for q in ctx.captured_queries if 'FROM "reports_casereport"' in q["sql"]]
    assert reports and not any("recommendation" in sql or "goals_text" in sql for sql in reports)


def test_the_thresholds_are_the_organisations_settings(plan):
    OutcomeSettings.objects.create(organisation=plan["org"], commission_hours=11, ospod_hours=11)
    sections = rules.day_of(plan["cm"], TODAY)
    # 11 is no longer over 11; 12 (Ema), 25 (Jan) and 26 (Olga) are over the OSPOD threshold 11.
    assert _pairs(sections, {"attendance_commission", "attendance_ospod"}) == {
        ("attendance_ospod", "Jan Dvořák"),
        ("attendance_ospod", "Olga Ospod"),
    }


def test_four_eyes_the_coordinator_approves_what_others_wrote_never_their_own(plan):
    coordinator, other = plan["coordinator"], plan["other_coordinator"]
    assert _pairs(rules.day_of(coordinator, TODAY), {"reports_to_approve"}) == {
        ("reports_to_approve", "Zpráva pro soud (Adam)")
    }
    assert _pairs(rules.day_of(other, TODAY), {"reports_to_approve"}) == {
        ("reports_to_approve", "Zpráva pro soud (Adam)"),
        ("reports_to_approve", "Zpráva pro OSPOD (Olga)"),
    }
    # A coordinator's day holds only their own cases: none of the case manager's work items.
    assert _pairs(rules.day_of(coordinator, TODAY), NEW_RULES - {"reports_to_approve"}) == set()


def test_another_organisation_and_other_roles_see_nothing(plan, caseload_as):
    stranger_org = OrganisationFactory()
    for role in (Role.COORDINATOR, Role.CASE_MANAGER):
        assert rules.day_of(MembershipFactory(organisation=stranger_org, role=role), TODAY) == []
    for role in (Role.CASE_MANAGER, Role.FACILITATOR, Role.SCHOOL_STAFF, Role.EXTERNAL):
        colleague = MembershipFactory(organisation=plan["org"], role=role)
        assert _pairs(rules.day_of(colleague, TODAY)) == set()
    # A follow-up assigned to a case manager of another organisation's case stays hidden from them.
    FollowUp.objects.filter(case=plan["closed"]).update(assignee=MembershipFactory(organisation=stranger_org))
    assert ("follow_ups", f"Cyril Uzavřený · {SIX}") not in _pairs(rules.day_of(plan["cm"], TODAY))


def test_the_digest_lists_the_new_items_once(plan):
    cm, coordinator = plan["cm"], plan["coordinator"]
    reminders_send(today=TODAY, escalate_after_days=14)
    body = next(m.body for m in mail.outbox if m.to == [cm.user.email])
    assert f"{plan['olga'].number} · Olga Ospod" in body
    assert f"{plan['family_case'].number} · Jan Dvořák" in body
    assert f"Dana Dřívější · {TWELVE}" in body
    assert "víkend doma" in body and "Zpráva pro soud (rodina)" in body
    assert f"/consents/case/{plan['olga'].pk}/legal-duty/" in body
    approver = next(m.body for m in mail.outbox if m.to == [coordinator.user.email])
    assert "Zpráva pro soud (Adam)" in approver and "Zpráva pro OSPOD (Olga)" not in approver
    sent = len(mail.outbox)
    report = reminders_send(today=TODAY, escalate_after_days=14)
    assert len(mail.outbox) == sent and report.digests == 0


def _grow(plan, n):
    org, cm = plan["org"], plan["cm"]
    for i in range(n):
        case = _case(org, cm, "Nový", f"Klient{i}")
        _absent(case.student, D(2026, 3, 1), 12 + 15 * (i % 2))
        ReturnPlan.objects.create(case=case, next_evaluation_on=D(2026, 3, 31))
        VisitFactory(case=case, planned_on=D(2026, 3, 29))
        AgreementFactory(case=case, status="signed", review_on=D(2026, 4, 1))
        CaseReportFactory(case=case, status="approved", written_by=cm)
        CaseReportFactory(case=case, status="submitted", written_by=cm)
        closed = _case(org, cm, "Starý", f"Klient{i}", state="closed")
        FollowUp.objects.create(case=closed, when=FollowUp.When.SIX_MONTHS, due_on=D(2026, 3, 2), assignee=cm)


def test_my_day_with_the_new_rules_needs_a_constant_number_of_queries(plan, caseload_as, django_assert_max_num_queries):
    def count(membership):
        with CaptureQueriesContext(connection) as ctx:
            rules.day_of(membership, TODAY)
        return len(ctx)

    before = {m: count(plan[m]) for m in ("cm", "coordinator")}
    _grow(plan, 12)
    budget = 14 if caseload_as == "ids" else 16  # see MAX_DAY_QUERIES in test_rules.py
    with django_assert_max_num_queries(budget):
        sections = rules.day_of(plan["cm"], TODAY)
    assert len(_items(sections, "visits")) == 14
    assert {m: count(plan[m]) for m in ("cm", "coordinator")} == before


def test_the_my_day_page_stays_bounded_when_the_data_grows(plan, login, django_assert_max_num_queries):
    client = login(Client(), plan["cm"])

    def page():
        with CaptureQueriesContext(connection) as ctx:
            body = client.get(reverse("core:home")).content.decode()
        return len(ctx), body

    page()  # the first request of the session warms what is cached (not the rules)
    before, body = page()
    assert "Olga Ospod" in body and "víkend doma" in body
    _grow(plan, 10)
    after, body = page()
    assert "Klient9" in body
    assert after == before
    with django_assert_max_num_queries(29):
        client.get(reverse("core:home"))
