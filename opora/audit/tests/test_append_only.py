import pytest
from django.db import DatabaseError, connection, transaction

from opora.audit.models import AppendOnlyError, AuditEvent
from opora.audit.services import audit_log

pytestmark = pytest.mark.django_db


def test_audit_records_cannot_be_changed_or_deleted_through_the_orm():
    event = audit_log(action="case.view", object_type="cases.case", object_id=1)
    event.action = "something else"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()


def test_the_database_refuses_to_change_audit_records():
    event = audit_log(action="case.view", object_type="cases.case", object_id=1)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET action = 'tampered' WHERE id = %s", [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).action == "case.view"
