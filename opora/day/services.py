"""Writes of My day: notifications read, reminder settings, and the daily reminders.

``reminders_send`` is what ``manage.py send_reminders`` runs (a scheduler starts it daily). It
is idempotent: each reminder is first claimed as a ``ReminderSent`` row under a unique key
(committed on its own), so a second run on the same day — or a second process at the same
moment — finds the key taken and sends nothing again."""

import datetime
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from opora import access
from opora.accounts.models import Membership, Role
from opora.audit.services import audit_log
from opora.cases.models import Task
from opora.cases.workflow import OPEN_STATES
from opora.day import rules
from opora.day.models import Notification, ReminderSent, ReminderSettings

log = logging.getLogger(__name__)


@transaction.atomic
def notification_mark_read(*, notification: Notification, by, request=None) -> Notification:
    if notification.membership_id != by.pk:
        raise ValueError("a notification is marked read only by its recipient")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


@transaction.atomic
def notifications_mark_all_read(*, by, request=None) -> int:
    return Notification.objects.filter(membership_id=by.pk, read_at__isnull=True).update(read_at=timezone.now())


@transaction.atomic
def reminder_settings_save(*, by, data: dict, request=None) -> ReminderSettings:
    item, _created = ReminderSettings.objects.get_or_create(membership=by)
    for key in ("email_digest", "language"):
        if key in data:
            setattr(item, key, data[key])
    item.full_clean()
    item.save()
    audit_log(action="day.settings", request=request, membership=by, obj=item, data={"email_digest": item.email_digest})
    return item


# --- The daily reminders -------------------------------------------------------------------------


@dataclass
class RunReport:
    digests: int = 0
    escalations: int = 0
    notifications: int = 0
    skipped: int = 0
    failed: list = field(default_factory=list)


def _claim(membership, key: str, today) -> bool:
    """Take the reminder `key` for `membership`; False when it was already taken (sent)."""
    try:
        with transaction.atomic():
            ReminderSent.objects.create(membership=membership, key=key, sent_on=today)
    except IntegrityError:
        return False
    return True


def _release(membership, key: str) -> None:
    ReminderSent.objects.filter(membership=membership, key=key).delete()


def _absolute(url: str) -> str:
    return f"{getattr(settings, 'OPORA_BASE_URL', '')}{url}"


def _notify(membership, *, key: str, today, rule: str, item) -> bool:
    if not _claim(membership, key, today):
        return False
    Notification.objects.create(
        membership=membership,
        rule=rule,
        case_id=item.case_id,
        subject=item.subject[:300],
        on=item.on if isinstance(item.on, datetime.date) and not isinstance(item.on, datetime.datetime) else None,
        url=item.url,
    )
    return True


def _send(membership, *, key: str, today, subject: str, template: str, context: dict) -> bool:
    """Claim, then send; a failed delivery gives the claim back (the next run tries again)."""
    if not _claim(membership, key, today):
        return False
    try:
        EmailMessage(subject=subject, body=render_to_string(template, context), to=[membership.user.email]).send()
    except Exception:
        _release(membership, key)
        raise
    return True


def _language(membership) -> str:
    chosen = getattr(membership, "reminder_settings", None)
    return chosen.language if chosen is not None else settings.LANGUAGE_CODE


def _wants_email(membership) -> bool:
    chosen = getattr(membership, "reminder_settings", None)
    return bool(membership.user.email) and (chosen is None or chosen.email_digest)


def reminders_send(*, today: datetime.date | None = None, escalate_after_days: int | None = None) -> RunReport:
    """Send today's digests, notify overdue tasks and escalate the long overdue ones."""
    today = today or timezone.localdate()
    after = escalate_after_days if escalate_after_days is not None else settings.OPORA_ESCALATE_AFTER_DAYS
    report = RunReport()
    memberships = (
        Membership.objects.active()
        .filter(organisation__isnull=False)
        .exclude(role=Role.ADMIN)
        .select_related("user", "organisation", "reminder_settings")
        .order_by("pk")
    )
    for membership in memberships:
        try:
            _remind_one(membership, today, report)
        except Exception:  # one failed delivery does not stop the others
            log.exception("reminders: membership %s failed", membership.pk)
            report.failed.append(membership.pk)
    _escalate(today, after, report)
    return report


def _remind_one(membership, today, report: RunReport) -> None:
    with translation.override(_language(membership)):
        sections = rules.day_of(membership, today, digest_only=True)
        for section in sections:
            if section["key"] != "tasks_overdue":
                continue
            for item in section["items"]:
                if _notify(membership, key=f"overdue:{item.ref}", today=today, rule=item.rule, item=item):
                    report.notifications += 1
        if not sections or not _wants_email(membership):
            report.skipped += 1
            return
        context = {
            "membership": membership,
            "today": today,
            "sections": [{**s, "items": [{"item": i, "link": _absolute(i.url)} for i in s["items"]]} for s in sections],
            "home": _absolute(reverse("core:home")),
            "settings_url": _absolute(reverse("day:settings")),
        }
        subject = _("Opora: your day, %(date)s") % {"date": _date(today)}
        if _send(
            membership,
            key=f"digest:{today.isoformat()}",
            today=today,
            subject=subject,
            template="day/email/digest.txt",
            context=context,
        ):
            report.digests += 1


def _date(day) -> str:
    from django.utils.formats import date_format

    return date_format(day, "SHORT_DATE_FORMAT")


def _escalate(today, after: int, report: RunReport) -> None:
    """A case manager's task overdue by `after` days or more goes to the coordinators, once."""
    limit = today - datetime.timedelta(days=after)
    tasks = list(
        Task.objects.filter(
            status=Task.Status.OPEN,
            due_date__lte=limit,
            case__state__in=OPEN_STATES,
            case__lead__role=Role.CASE_MANAGER,
        )
        .select_related("case", "case__lead__user")
        .order_by("case__organisation_id", "due_date", "pk")
    )
    by_org: dict[int, list] = {}
    for task in tasks:
        by_org.setdefault(task.case.organisation_id, []).append(task)
    for org_id, org_tasks in by_org.items():
        for coordinator in access.escalation_recipients(org_id).select_related("user", "reminder_settings"):
            # One escalation run per coordinator and day: a second process skips them whole,
            # so the coordinator gets one e-mail (not two halves).
            if not _claim(coordinator, f"escalation-run:{today.isoformat()}", today):
                continue
            with translation.override(_language(coordinator)):
                fresh = []
                for task in org_tasks:
                    item = rules.Item(
                        "escalation",
                        reverse("cases:detail", args=[task.case_id]) + "?tab=plan",
                        task.title,
                        task.case_id,
                        task.case.number,
                        task.due_date,
                        overdue=True,
                    )
                    key = f"escalation:task:{task.pk}"
                    if _notify(coordinator, key=key, today=today, rule="escalation", item=item):
                        fresh.append({"task": task, "days": (today - task.due_date).days, "link": _absolute(item.url)})
                report.notifications += len(fresh)
                if not fresh or not _wants_email(coordinator):
                    continue
                subject = _("Opora: tasks of your team overdue by %(days)s days or more") % {"days": after}
                try:
                    EmailMessage(
                        subject=subject,
                        body=render_to_string("day/email/escalation.txt", {"rows": fresh, "days": after}),
                        to=[coordinator.user.email],
                    ).send()
                    report.escalations += 1
                except Exception:
                    log.exception("reminders: escalation to membership %s failed", coordinator.pk)
                    report.failed.append(coordinator.pk)
