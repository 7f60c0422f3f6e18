"""The load balancer's probe: is this app server able to serve requests?

Answers JSON with one word per check and 200 when all pass, 503 otherwise. It never says why a
check failed (no exception text, host names or paths: the endpoint has no authentication); the
reason goes to the server's log. It is answered by `HealthCheckMiddleware` before host
validation and the HTTPS redirect, so a probe over plain HTTP with the server's address works.
"""

import logging
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.mail import get_connection
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger("opora.health")
PATH = "/health/"

# Once every migration is applied in this process it stays so (a new release starts new processes).
_migrations_applied = False


def check_database() -> None:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")


def check_migrations() -> None:
    global _migrations_applied
    if _migrations_applied:
        return
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        raise RuntimeError(f"{len(plan)} migration(s) not applied")
    _migrations_applied = True


def check_storage() -> None:
    """Write, read back and delete a small file where uploads go (local folder or object storage)."""
    name = default_storage.save(f"health/{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    try:
        with default_storage.open(name, "rb") as handle:
            if handle.read() != b"ok":
                raise RuntimeError("storage returned other content")
    finally:
        default_storage.delete(name)


def check_mail() -> None:
    """The configured backend loads; SMTP has a host. No connection is made (it would be slow
    and a mail server's short outage must not take the app servers out of the pool)."""
    get_connection(fail_silently=False)
    if settings.EMAIL_BACKEND.endswith("smtp.EmailBackend") and not settings.EMAIL_HOST:
        raise RuntimeError("EMAIL_HOST is empty")
    if not settings.DEFAULT_FROM_EMAIL:
        raise RuntimeError("DEFAULT_FROM_EMAIL is empty")


CHECKS = {
    "database": check_database,
    "migrations": check_migrations,
    "storage": check_storage,
    "mail": check_mail,
}


def run_checks() -> dict[str, str]:
    results = {}
    for name, check in CHECKS.items():
        if name == "migrations" and results.get("database") != "ok":
            results[name] = "fail"
            continue
        try:
            check()
        except Exception:
            logger.exception("health check %s failed", name)
            results[name] = "fail"
        else:
            results[name] = "ok"
    return results


@never_cache
@require_safe
def health(request):
    """GET/HEAD /health/: {"status": "ok"|"fail", "checks": {...}}, 200 or 503."""
    checks = run_checks()
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse({"status": "ok" if healthy else "fail", "checks": checks}, status=200 if healthy else 503)


class HealthCheckMiddleware:
    """First in MIDDLEWARE: answers the probe before ALLOWED_HOSTS, the HTTPS redirect, sessions
    and the request log (a probe every few seconds would drown it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == PATH and request.method in ("GET", "HEAD"):
            return health(request)
        return self.get_response(request)
