"""The daily reminders: e-mail digests of My day, in-app notifications of overdue tasks, and
the escalation of a worker's long overdue task to the coordinators. Idempotent: run it as often
as you like (cron, systemd timer, two servers at once) — nothing is sent twice."""

import datetime

from django.core.management.base import BaseCommand

from opora.day.services import reminders_send


class Command(BaseCommand):
    help = "Send today's reminders (digest e-mails, notifications, escalations); safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="the day to remind of (YYYY-MM-DD; today by default)")
        parser.add_argument("--escalate-after", type=int, help="days overdue before a task goes to the coordinators")

    def handle(self, *args, **options):
        today = datetime.date.fromisoformat(options["date"]) if options.get("date") else None
        report = reminders_send(today=today, escalate_after_days=options.get("escalate_after"))
        self.stdout.write(
            f"digests={report.digests} escalations={report.escalations} "
            f"notifications={report.notifications} failed={len(report.failed)}"
        )
        if report.failed:
            raise SystemExit(1)
