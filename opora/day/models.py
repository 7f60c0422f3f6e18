"""Reminders that reach people: in-app notifications, what was already sent (so that nothing
is sent twice), and each membership's reminder settings."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """A reminder shown in the application. The text is composed at display time from the rule
    (translated into the reader's language) and the item's own data."""

    membership = models.ForeignKey(
        "accounts.Membership", on_delete=models.CASCADE, related_name="notifications", verbose_name=_("user")
    )
    rule = models.CharField(_("kind"), max_length=50)
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("case")
    )
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    on = models.DateField(_("date"), null=True, blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["membership", "read_at"])]

    def __str__(self):
        return f"{self.rule} {self.subject}"


class ReminderSent(models.Model):
    """One reminder sent to one membership, under a key naming what it was ("digest:2026-11-23",
    "escalation:task:7"). The unique constraint makes a second run — or a second process at the
    same time — send nothing again."""

    membership = models.ForeignKey("accounts.Membership", on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100)
    sent_on = models.DateField()
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["membership", "key"], name="reminder_sent_once")]

    def __str__(self):
        return self.key


class ReminderSettings(models.Model):
    """A membership's choices about reminders (defaults apply when there is no row)."""

    membership = models.OneToOneField(
        "accounts.Membership", on_delete=models.CASCADE, related_name="reminder_settings", verbose_name=_("user")
    )
    email_digest = models.BooleanField(_("send me a daily e-mail of what is due and overdue"), default=True)
    language = models.CharField(
        _("language of the e-mails"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )

    class Meta:
        verbose_name = _("reminder settings")
        verbose_name_plural = _("reminder settings")

    def __str__(self):
        return str(self.membership)
