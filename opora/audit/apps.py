from django.apps import AppConfig
from django.conf import settings
from django.db.backends.signals import connection_created


def _audit_purge_function(sender, connection, **kwargs):
    """SQLite: the function a test database's delete trigger asks (see opora.audit.triggers).

    A production schema's triggers never ask it; PostgreSQL has no such switch at all."""
    if connection.vendor == "sqlite":
        allowed = bool(getattr(settings, "OPORA_AUDIT_ALLOW_PURGE", False))
        connection.connection.create_function("opora_audit_purge", 0, lambda: 1 if allowed else 0, deterministic=True)


class AuditConfig(AppConfig):
    name = "opora.audit"
    label = "audit"

    def ready(self):
        connection_created.connect(_audit_purge_function, dispatch_uid="opora.audit.purge_switch")
