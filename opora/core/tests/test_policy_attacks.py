"""Attacks on the policy, made from outside: HTTP through the test client, as the attacker's
membership. Each failed on the main of 2026-11-22 (issue 9, attacks 4 and 8)."""

import datetime
import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from opora.audit.models import AuditEvent
from opora.cases.models import ReferrerKind
from opora.cases.tests.factories import ActivityFactory, CaseFactory, ReferralFactory, StudentFactory
from opora.consents.tests.factories import ConsentFactory
from opora.core.testing.auth import login

pytestmark = pytest.mark.django_db


def client_of(membership):
    return login(Client(), membership)


def _ospod_case(world, **kwargs):
    """A student of w.school whose case OSPOD referred (not the school)."""
    student = StudentFactory(organisation=world.org, school=world.school, first_name="Matěj", last_name="Skrytý")
    case = CaseFactory(
        organisation=world.org,
        student=student,
        school=world.school,
        lead=world.members["case_manager"],
        referrer_kind=ReferrerKind.OSPOD,
        **kwargs,
    )
    ReferralFactory(case=case, school_view="Text OSPOD o domácím násilí")
    return case


# --- Attack 4: the school sees cases it did not refer ----------------------------------------


def test_school_staff_do_not_see_a_case_that_ospod_referred(world):
    case = _ospod_case(world)
    staff = client_of(world.members["school_staff"])
    listing = staff.get(reverse("cases:list")).content.decode()
    assert "Skrytý" not in listing
    assert world.student.last_name in listing  # the case the school referred is there
    assert staff.get(reverse("cases:detail", args=[case.pk])).status_code == 404


@pytest.mark.parametrize("referrer", [ReferrerKind.FAMILY, ReferrerKind.OTHER])
def test_school_staff_do_not_see_a_case_the_family_or_someone_else_referred(world, referrer):
    case = _ospod_case(world)
    case.referrer_kind = referrer
    case.save()
    assert client_of(world.members["school_staff"]).get(reverse("cases:detail", args=[case.pk])).status_code == 404


def test_a_consent_naming_the_school_shows_the_case_but_never_the_referrers_words(world):
    case = _ospod_case(world)
    ConsentFactory(case=case, to_school=True, categories=["school"], given_on=timezone.localdate())
    staff = client_of(world.members["school_staff"])
    page = staff.get(reverse("cases:detail", args=[case.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Skrytý" in body
    assert "domácím násilí" not in body
    assert "Skrytý" in staff.get(reverse("cases:list")).content.decode()


def test_a_withdrawn_consent_hides_the_case_from_the_school_again(world):
    case = _ospod_case(world)
    today = timezone.localdate()
    ConsentFactory(
        case=case,
        to_school=True,
        categories=["school"],
        given_on=today - datetime.timedelta(days=30),
        withdrawn_on=today,
    )
    staff = client_of(world.members["school_staff"])
    assert staff.get(reverse("cases:detail", args=[case.pk])).status_code == 404
    assert "Skrytý" not in staff.get(reverse("cases:list")).content.decode()


def test_staff_of_another_school_never_see_the_case_even_with_a_consent(world):
    case = _ospod_case(world)
    ConsentFactory(case=case, to_school=True, categories=["school"], given_on=timezone.localdate())
    other = client_of(world.members["school_staff_other"])
    assert other.get(reverse("cases:detail", args=[case.pk])).status_code == 404


# --- Attack 8: audit holes and the existence oracle ------------------------------------------


def test_every_denied_request_leaves_an_audit_record(world):
    staff = client_of(world.members["school_staff_other"])
    before = AuditEvent.objects.filter(action="access.denied").count()
    urls = [
        reverse("cases:detail", args=[world.case.pk]),  # not their school's case: 404
        reverse("cases:assessment", args=[world.case.pk]),  # not case work: 403
        reverse("meetings:detail", args=[world.meeting.pk]),  # not there: 404
        reverse("consents:report", args=[world.report_sent.pk]),  # not their school: 404
        reverse("audit:log"),  # 403
    ] * 14
    statuses = {staff.get(url).status_code for url in urls}
    assert statuses == {403, 404}
    denied = AuditEvent.objects.filter(action="access.denied", actor=world.members["school_staff_other"].user)
    assert AuditEvent.objects.filter(action="access.denied").count() - before == 70 == denied.count()
    assert {e.data["path"] for e in denied} == set(urls)
    assert all("?" not in e.data["path"] for e in denied)


@pytest.mark.parametrize(
    ("url_name", "kwargs", "section"),
    [
        ("cases:record_edit", lambda w, a: {"pk": w.case.pk, "kind": "activity", "item": a.pk}, "activity_form:{a}"),
        ("cases:student_edit", lambda w, a: {"pk": w.case.pk}, "student_form"),
        ("cases:assessment", lambda w, a: {"pk": w.case.pk}, "assessment_form"),
        ("cases:tracks", lambda w, a: {"pk": w.case.pk}, "settings_form"),
        ("cases:intake", lambda w, a: {"pk": w.case.pk}, "intake_form"),
        ("meetings:participants", lambda w, a: {"pk": w.meeting.pk}, "participants"),
    ],
)
def test_reading_case_content_through_an_edit_form_is_audited_with_what_was_shown(world, url_name, kwargs, section):
    activity = ActivityFactory(case=world.case, restricted=True, note="Otec pije, matka se bojí.")
    url = reverse(url_name, kwargs=kwargs(world, activity))
    member = world.members["team_member"]
    assert client_of(member).get(url).status_code == 200
    event = AuditEvent.objects.filter(actor=member.user).exclude(action="access.denied").latest("pk")
    assert event.case_id == world.case.pk
    assert event.data["section"] == section.format(a=activity.pk)


def _same_answer(client, existing_url, missing_url):
    a, b = client.get(existing_url), client.get(missing_url)
    assert a.status_code == b.status_code == 404

    # Nothing in the page tells the two apart either.
    def normalised(response):
        return re.sub(r"[A-Za-z0-9]{32,}", "TOKEN", re.sub(r"\d+", "N", response.content.decode()))

    assert normalised(a) == normalised(b)


def test_no_existence_oracle_for_cases_meetings_and_reports(world):
    school_user = client_of(world.members["school_staff_other"])
    _same_answer(school_user, reverse("cases:detail", args=[world.case.pk]), reverse("cases:detail", args=[999999]))
    _same_answer(
        school_user, reverse("meetings:detail", args=[world.meeting.pk]), reverse("meetings:detail", args=[999999])
    )
    _same_answer(
        school_user, reverse("consents:report", args=[world.report_sent.pk]), reverse("consents:report", args=[999999])
    )
    colleague = client_of(world.members["case_manager_other"])
    _same_answer(
        colleague,
        reverse("cases:record_edit", args=[world.case.pk, "task", world.task.pk]),
        reverse("cases:record_edit", args=[999999, "task", world.task.pk]),
    )


def test_no_rule_is_restated_outside_the_policy_module():
    """Views, navigation, panels, dashboards and seams ask opora.access; none names a role."""
    root = Path(__file__).resolve().parents[2]
    offenders = []
    for name in ("views.py", "apps.py", "panels.py", "dashboard.py", "extensions.py", "navigation.py"):
        for path in root.rglob(name):
            text = path.read_text()
            for match in re.finditer(
                r"\bRole\.(CASE_MANAGER|COORDINATOR|SCHOOL_STAFF|FACILITATOR|EXTERNAL|ADMIN)\b", text
            ):
                line = text.count("\n", 0, match.start()) + 1
                offenders.append(f"{path.relative_to(root)}:{line}")
    assert not offenders, offenders


# --- Dates follow the reader's language (no Czech pattern hard-coded in a template) ----------


@pytest.mark.parametrize(("language", "shown"), [("cs", "5. 11. 2026"), ("en", "5 Nov 2026")])
def test_dates_on_the_case_page_follow_the_language(world, language, shown):
    from django.conf import settings

    ActivityFactory(case=world.case, occurred_on=datetime.date(2026, 11, 5), note="Návštěva v rodině")
    client = client_of(world.members["case_manager"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    body = client.get(reverse("cases:detail", args=[world.case.pk]) + "?tab=timeline").content.decode()
    assert shown in body


def test_the_matrix_tries_every_kind_of_record_of_the_case_page():
    from opora.cases import views
    from opora.cases.tests.matrix import RECORD_ITEMS

    assert set(RECORD_ITEMS) == set(views.RECORDS)


def test_a_withdrawn_consent_stops_a_present_participant_reading_the_minutes(world):
    staff = client_of(world.members["school_staff"])
    url = reverse("meetings:detail", args=[world.meeting.pk])
    assert staff.get(url).status_code == 200  # invited through the check, present, consent in force
    world.consent.withdrawn_on = timezone.localdate()
    world.consent.save()
    assert staff.get(url).status_code == 404
    assert staff.get(reverse("meetings:minutes_pdf", args=[world.meeting.pk])).status_code == 404
