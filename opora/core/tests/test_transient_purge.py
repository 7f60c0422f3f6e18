"""`manage.py purge_transient_data` (daily): an upload never imported is deleted with its rows
(names, birth dates, absences) after a day; the API's idempotency keys are forgotten after a
day; what is younger, and an import that was done, stays."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from opora.api.models import IdempotencyKey
from opora.api.tests.auth import make_token
from opora.outcomes.models import AttendanceImport

pytestmark = pytest.mark.django_db


def _upload(world, *, hours_ago, status=AttendanceImport.Status.PENDING):
    return AttendanceImport.objects.create(
        organisation=world.org,
        by=world.members["case_manager"],
        filename="dochazka.csv",
        headers=["Žák"],
        rows=[["Jaroslav Dvořák", "1.1.2012", "2026-09", "4", "2"]],
        status=status,
        created_at=timezone.now() - datetime.timedelta(hours=hours_ago),
    )


def test_the_daily_purge_deletes_abandoned_uploads_and_old_idempotency_keys_only(world):
    abandoned, fresh = _upload(world, hours_ago=25), _upload(world, hours_ago=23)
    done = _upload(world, hours_ago=200, status=AttendanceImport.Status.DONE)
    token, _secret = make_token(world.members["case_manager"])
    now = timezone.now()
    old = IdempotencyKey.objects.create(
        token=token, key="a", request_hash="x", created_at=now - datetime.timedelta(hours=25)
    )
    recent = IdempotencyKey.objects.create(
        token=token, key="b", request_hash="y", created_at=now - datetime.timedelta(hours=1)
    )

    out = io.StringIO()
    call_command("purge_transient_data", stdout=out)

    mine = AttendanceImport.objects.filter(pk__in=[abandoned.pk, fresh.pk, done.pk])
    assert set(mine.values_list("pk", flat=True)) == {fresh.pk, done.pk}
    assert set(IdempotencyKey.objects.filter(pk__in=[old.pk, recent.pk]).values_list("pk", flat=True)) == {recent.pk}
    assert "attendance_imports: 1 deleted" in out.getvalue() and "api_idempotency_keys: 1 deleted" in out.getvalue()
    again = io.StringIO()
    call_command("purge_transient_data", stdout=again)  # idempotent
    assert "attendance_imports: 0 deleted" in again.getvalue() and mine.count() == 2
