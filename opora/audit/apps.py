from django.apps import AppConfig
from django.conf import settings
from django.db.backends.signals import connection_created


def _audit_purge_switch(sender, connection, **kwargs):
    """Tell the append-only triggers whether this connection may empty the audit table.

    Production never may; the test suite may (it flushes tables between tests)."""
    allowed = bool(getattr(settings, "OPORA_AUDIT_ALLOW_PURGE", False))
    if connection.vendor == "sqlite":
        connection.connection.create_function("opora_audit_purge", 0, lambda: 1 if allowed else 0, deterministic=True)
    elif connection.vendor == "postgresql" and allowed:
        with connection.cursor() as cursor:
            cursor.execute("SET opora.audit_purge = 'on'")


class AuditConfig(AppConfig):
    name = "opora.audit"
    label = "audit"

    def ready(self):
        connection_created.connect(_audit_purge_switch, dispatch_uid="opora.audit.purge_switch")
