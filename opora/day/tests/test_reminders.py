"""The daily reminders: the digest is My day, sent once; escalation to the coordinator;
notifications; the user's language; attacks on notifications of others."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from opora.accounts.models import Role
from opora.cases.tests.factories import CaseFactory, TaskFactory
from opora.core.testing.factories import MembershipFactory, OrganisationFactory
from opora.day import rules
from opora.day.models import Notification, ReminderSent, ReminderSettings
from opora.day.services import reminders_send

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 30)


@pytest.fixture
def team():
    org = OrganisationFactory()
    cm = MembershipFactory(organisation=org, role=Role.CASE_MANAGER)
    coordinator = MembershipFactory(organisation=org, role=Role.COORDINATOR)
    case = CaseFactory(organisation=org, lead=cm, state="active", last_contact_on=TODAY)
    long_overdue = TaskFactory(case=case, title="Zavolat OSPOD", due_date=TODAY - datetime.timedelta(days=14))
    TaskFactory(case=case, title="Napsat zprávu", due_date=TODAY - datetime.timedelta(days=13))
    TaskFactory(case=case, title="Schůzka s matkou", due_date=TODAY + datetime.timedelta(days=2))
    return {"org": org, "cm": cm, "coordinator": coordinator, "case": case, "long_overdue": long_overdue}


def _to(address):
    return [m for m in mail.outbox if m.to == [address]]


def test_the_digest_lists_my_day_and_a_second_run_sends_nothing(team):
    cm = team["cm"]
    shown = [(i.case_number, i.subject) for s in rules.day_of(cm, TODAY) for i in s["items"]]
    reminders_send(today=TODAY, escalate_after_days=14)
    digests = _to(cm.user.email)
    assert len(digests) == 1
    body = digests[0].body
    for number, subject in shown:
        assert f"{number} · {subject}" in body
    assert len([line for line in body.splitlines() if line.startswith("- ")]) == len(shown)
    assert f"/cases/{team['case'].pk}/?tab=plan" in body
    sent_before = len(mail.outbox)
    notes_before = Notification.objects.count()

    report = reminders_send(today=TODAY, escalate_after_days=14)
    out = io.StringIO()
    call_command("send_reminders", "--date", TODAY.isoformat(), "--escalate-after", "14", stdout=out)
    assert out.getvalue().strip() == "digests=0 escalations=0 notifications=0 failed=0"

    assert len(mail.outbox) == sent_before
    assert Notification.objects.count() == notes_before
    assert (report.digests, report.escalations, report.notifications) == (0, 0, 0)
    # The next day brings a new digest (still overdue), but no repeated notification.
    reminders_send(today=TODAY + datetime.timedelta(days=1), escalate_after_days=14)
    assert len(_to(cm.user.email)) == 2
    assert Notification.objects.filter(membership=cm).count() == 2  # the two overdue tasks, once each


def test_a_task_overdue_by_n_days_goes_to_the_coordinator_once(team):
    coordinator = team["coordinator"]
    reminders_send(today=TODAY, escalate_after_days=14)
    mails = [m for m in _to(coordinator.user.email) if "14" in m.subject]
    assert len(mails) == 1
    assert "Zavolat OSPOD" in mails[0].body and "Napsat zprávu" not in mails[0].body  # 13 days: not yet
    assert team["cm"].user.full_name in mails[0].body
    note = Notification.objects.get(membership=coordinator, rule="escalation")
    assert note.subject == "Zavolat OSPOD" and note.case_id == team["case"].pk

    reminders_send(today=TODAY + datetime.timedelta(days=1), escalate_after_days=14)
    # Now the second task is 14 days overdue: only it is escalated.
    later = [m for m in _to(coordinator.user.email) if "14" in m.subject]
    assert len(later) == 2
    assert "Napsat zprávu" in later[1].body and "Zavolat OSPOD" not in later[1].body
    assert Notification.objects.filter(membership=coordinator, rule="escalation").count() == 2


def test_a_reminder_claimed_by_another_process_is_not_sent_again(team):
    cm = team["cm"]
    ReminderSent.objects.create(membership=cm, key=f"digest:{TODAY.isoformat()}", sent_on=TODAY)
    reminders_send(today=TODAY, escalate_after_days=14)
    assert _to(cm.user.email) == []


def test_the_digest_is_in_the_users_language_and_can_be_switched_off(team):
    cm, coordinator = team["cm"], team["coordinator"]
    ReminderSettings.objects.create(membership=cm, language="en")
    ReminderSettings.objects.create(membership=coordinator, email_digest=False)
    reminders_send(today=TODAY, escalate_after_days=14)
    [digest] = _to(cm.user.email)
    assert digest.subject.startswith("Opora: your day")
    assert "Overdue tasks:" in digest.body
    # E-mails off: nothing by e-mail, but the in-app notification is kept.
    assert _to(coordinator.user.email) == []
    assert Notification.objects.filter(membership=coordinator, rule="escalation").exists()


def test_the_digest_in_czech_by_default(team):
    reminders_send(today=TODAY, escalate_after_days=14)
    [digest] = _to(team["cm"].user.email)
    assert digest.subject.startswith("Opora: váš den")
    assert "Úkoly po termínu:" in digest.body


def test_nobody_gets_an_empty_digest():
    cm = MembershipFactory(role=Role.CASE_MANAGER)
    reminders_send(today=TODAY, escalate_after_days=14)
    assert _to(cm.user.email) == []


# --- Notifications in the application -------------------------------------------------------------


def _note(membership, **kw):
    return Notification.objects.create(membership=membership, rule="tasks_overdue", subject="Zavolat", url="/", **kw)


def test_the_header_counts_unread_notifications_and_the_list_marks_them_read(team, login):
    cm = team["cm"]
    note = _note(cm, case=team["case"])
    _note(cm, read_at=timezone.now())
    client = login(Client(), cm)
    page = client.get(reverse("day:notifications")).content.decode()
    assert "1 nepřečtená" in page or "1 nepřečtené" in page or "1 unread" in page
    response = client.post(reverse("day:notification_open", args=[note.pk]))
    assert response.status_code == 302 and response["Location"] == "/"
    note.refresh_from_db()
    assert note.read_at is not None
    header = client.get(reverse("day:notifications")).content.decode()
    assert 'data-testid="notifications-link">Upozornění</a>' in header  # no unread count left


def test_nobody_marks_or_reads_anothers_notifications(team, login):
    victim = _note(team["cm"], case=team["case"])
    stranger = MembershipFactory(role=Role.COORDINATOR)  # another organisation
    colleague = team["coordinator"]  # the same organisation, the victim's coordinator
    for attacker in (stranger, colleague):
        client = login(Client(), attacker)
        assert client.post(reverse("day:notification_open", args=[victim.pk])).status_code == 404
        client.post(reverse("day:notifications_read_all"))
        assert "Zavolat" not in client.get(reverse("day:notifications")).content.decode()
    victim.refresh_from_db()
    assert victim.read_at is None


def test_a_notification_never_redirects_off_site(team, login):
    note = Notification.objects.create(membership=team["cm"], rule="x", url="https://evil.example/")
    response = login(Client(), team["cm"]).post(reverse("day:notification_open", args=[note.pk]))
    assert response["Location"] == reverse("day:notifications")


def test_reminder_settings_are_saved_per_membership(team, login):
    client = login(Client(), team["cm"])
    response = client.post(reverse("day:settings"), {"language": "en"})
    assert response.status_code == 302
    settings = ReminderSettings.objects.get(membership=team["cm"])
    assert settings.email_digest is False and settings.language == "en"
    response = client.post(reverse("day:settings"), {"language": "xx", "email_digest": "on"})
    assert response.status_code == 422
    settings.refresh_from_db()
    assert settings.email_digest is False


def test_the_landing_page_is_my_day_with_links(team, login, django_assert_max_num_queries):
    cm = team["cm"]
    client = login(Client(), cm)
    with django_assert_max_num_queries(30):  # the rules, a query or two each, none reading the caseload
        body = client.get(reverse("core:home")).content.decode()
    assert 'data-testid="my-day"' in body
    assert "Zavolat OSPOD" in body and f'href="/cases/{team["case"].pk}/?tab=plan"' in body
    assert 'data-testid="team-day"' not in body
    body = login(Client(), team["coordinator"]).get(reverse("core:home")).content.decode()
    assert 'data-testid="team-day"' in body and cm.user.full_name in body


def test_the_digest_lines_read_exactly_as_the_items_of_my_day(team, login):
    """Tasks (dates) and meetings (date and time) are written the same way in both."""
    import re

    from opora.meetings.tests.factories import MeetingFactory

    today = timezone.localdate()
    cm = team["cm"]
    start = timezone.make_aware(datetime.datetime.combine(today, datetime.time(23, 0)))
    MeetingFactory(case=team["case"], start=start)
    body = login(Client(), cm).get(reverse("core:home")).content.decode()
    shown = [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", li)).strip()
        for li in re.findall(r'<li data-testid="day-item">(.*?)</li>', body, re.S)
    ]
    reminders_send(today=today, escalate_after_days=99)
    [digest] = _to(cm.user.email)
    lines = [line[2:].strip() for line in digest.body.splitlines() if line.startswith("- ")]
    assert any("23:00" in line for line in lines)
    assert sorted(shown) == sorted(lines)
