"""Idle sign-out without a session write on every request (SessionActivityMiddleware)."""

import datetime
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from opora.accounts.models import Role
from opora.core.testing.factories import MembershipFactory

pytestmark = pytest.mark.django_db

START = timezone.now()


def at(seconds):
    """Run the requests inside as if `seconds` had passed since START."""
    return mock.patch("django.utils.timezone.now", return_value=START + datetime.timedelta(seconds=seconds))


def session_writes(ctx):
    writes = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith(("UPDATE", "INSERT"))]
    return [sql for sql in writes if "django_session" in sql]


@pytest.fixture
def signed_in(login):
    m = MembershipFactory(role=Role.CASE_MANAGER)
    with at(0):
        client = login(Client(), m)
        assert client.get(reverse("core:home")).status_code == 200  # the first request writes
    return client


def expiry(client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_the_idle_timeout_is_30_minutes_and_not_renewed_by_a_write_on_every_request():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is False


def test_a_page_view_within_a_minute_of_the_last_write_does_not_write_the_session(signed_in):
    before = expiry(signed_in)
    with at(50), CaptureQueriesContext(connection) as ctx:
        assert signed_in.get(reverse("core:home")).status_code == 200
    assert session_writes(ctx) == []
    assert expiry(signed_in) == before


def test_a_page_view_a_minute_after_the_last_write_moves_the_expiry(signed_in):
    before = expiry(signed_in)
    with at(61), CaptureQueriesContext(connection) as ctx:
        assert signed_in.get(reverse("core:home")).status_code == 200
    assert len(session_writes(ctx)) == 1
    assert expiry(signed_in) - before == datetime.timedelta(seconds=61)


def test_thirty_minutes_without_a_request_sign_the_user_out(signed_in):
    with at(30 * 60 + 1):
        response = signed_in.get(reverse("core:home"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


def test_a_session_in_use_stays_signed_in_past_thirty_minutes(signed_in):
    for second in range(50, 40 * 60, 50):  # a request every 50 seconds for 40 minutes
        with at(second):
            assert signed_in.get(reverse("core:home")).status_code == 200, second


def test_the_last_write_of_a_session_in_use_is_never_more_than_a_minute_old(signed_in):
    # A request 59 s after the last write does not write, so the session ends at most a
    # minute early: 29 minutes and 2 seconds after that request it is gone.
    with at(59):
        signed_in.get(reverse("core:home"))
    with at(59 + 29 * 60 + 2):
        response = signed_in.get(reverse("core:home"))
    assert response.status_code == 302


@override_settings(OPORA_REQUIRE_2FA=False)
def test_without_required_2fa_the_device_check_runs_once_per_request(login):
    m = MembershipFactory(role=Role.CASE_MANAGER)
    client = login(Client(), m, verified=False)
    client.get(reverse("core:home"))
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("core:home")).status_code == 200
    device_queries = [q for q in ctx.captured_queries if '"otp_' in q["sql"]]
    assert len(device_queries) == 2  # one per device type (TOTP, static), not again in the view decorator
