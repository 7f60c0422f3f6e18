"""The load balancer's probe, asked from outside like a load balancer asks."""

import json
from pathlib import Path

import pytest
from django.db.migrations.executor import MigrationExecutor
from django.db.utils import OperationalError
from django.test import override_settings

from opora.core import health

pytestmark = pytest.mark.django_db


def _get(client, **extra):
    return client.get("/health/", **extra)


def test_a_healthy_server_answers_200_with_every_check(client):
    response = _get(client)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {
        "status": "ok",
        "checks": {"database": "ok", "migrations": "ok", "storage": "ok", "mail": "ok"},
    }
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies  # no session, no CSRF cookie: the probe leaves nothing behind


@override_settings(SECURE_SSL_REDIRECT=True, ALLOWED_HOSTS=["opora.example.cz"])
def test_the_probe_works_over_plain_http_with_the_servers_address(client):
    # The load balancer asks http://10.0.0.5:8000/health/ : neither a redirect nor a 400.
    response = _get(client, HTTP_HOST="10.0.0.5:8000")
    assert response.status_code == 200
    # Every other page still refuses the unknown host.
    assert client.get("/accounts/login/", HTTP_HOST="10.0.0.5:8000").status_code == 400


def test_storage_that_cannot_be_written_fails_the_probe(client, tmp_path, settings):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the upload folder should be")
    settings.MEDIA_ROOT = str(blocked)
    response = _get(client)
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["status"] == "fail"
    assert body["checks"]["storage"] == "fail"
    assert body["checks"]["database"] == "ok"
    assert str(tmp_path) not in response.content.decode()  # no paths leak


def test_the_storage_check_leaves_no_file_behind(client, settings):
    _get(client)
    left = list(Path(settings.MEDIA_ROOT, "health").glob("*")) if Path(settings.MEDIA_ROOT, "health").exists() else []
    assert left == []


def test_unapplied_migrations_fail_the_probe(client, monkeypatch):
    monkeypatch.setattr(health, "_migrations_applied", False)
    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: [("cases", "0099_next")])
    response = _get(client)
    assert response.status_code == 503
    assert json.loads(response.content)["checks"]["migrations"] == "fail"


@pytest.mark.parametrize(
    "mail",
    [
        {"EMAIL_BACKEND": "no.such.Backend"},
        {"EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend", "EMAIL_HOST": ""},
    ],
)
def test_mail_that_is_not_configured_fails_the_probe(client, mail):
    with override_settings(**mail):
        response = _get(client)
    assert response.status_code == 503
    assert json.loads(response.content)["checks"]["mail"] == "fail"


def test_an_unreachable_database_fails_the_probe_without_saying_why(client, monkeypatch):
    secret = "password authentication failed for user opora at db.internal"

    def refuse():
        raise OperationalError(secret)

    monkeypatch.setattr(health, "check_database", refuse)
    monkeypatch.setitem(health.CHECKS, "database", refuse)
    response = _get(client)
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["checks"]["database"] == "fail"
    assert body["checks"]["migrations"] == "fail"
    assert "db.internal" not in response.content.decode()


def test_the_probe_only_reads(client):
    assert client.post("/health/").status_code == 405
