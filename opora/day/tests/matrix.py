"""Rows of the authorisation matrix for My day's notifications and reminder settings.

w.notification: a notification of the world's lead case manager; nobody else opens or marks it
(404, whatever the role)."""

from opora.core.testing.matrix import Row
from opora.day.models import Notification


def populate(w):
    w.notification = Notification.objects.create(
        membership=w.members["case_manager"], rule="tasks_overdue", case=w.case, subject="Zavolat OSPOD", url="/"
    )


MATRIX = {
    "day:notifications": Row(expect={"*": 200}),
    "day:notification_open": Row(
        kwargs=lambda w: {"pk": w.notification.pk},
        method="post",
        expect={"case_manager": 302, "team_member": 404, "*": 404},
        notes="only the recipient; another's notification is not found",
    ),
    "day:notifications_read_all": Row(method="post", expect={"*": 302}),
    "day:settings": Row(expect={"*": 200}),
}
