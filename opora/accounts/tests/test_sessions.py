"""Opora's session store reads sessions with a compiled query: it must load, refuse and forget
exactly as Django's database store does."""

import datetime

import pytest
from django.conf import settings
from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.utils import timezone

from opora.accounts import sessions

pytestmark = pytest.mark.django_db


def _load(store_cls, key):
    store = store_cls(key)
    data = store.load()
    return data, store.session_key


def test_sessions_load_and_expire_as_djangos():
    assert settings.SESSION_ENGINE == "opora.accounts.sessions"
    live = sessions.SessionStore()
    live["opora_membership_id"] = 7
    live.save()
    expired = sessions.SessionStore()
    expired["opora_membership_id"] = 8
    expired.save()
    Session.objects.filter(session_key=expired.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    for key in (live.session_key, expired.session_key, "no-such-session-key-at-all", "x" * 40):
        ours, theirs = _load(sessions.SessionStore, key), _load(db.SessionStore, key)
        assert ours == theirs, key
    assert _load(sessions.SessionStore, live.session_key) == ({"opora_membership_id": 7}, live.session_key)
    assert _load(sessions.SessionStore, expired.session_key) == ({}, None)
