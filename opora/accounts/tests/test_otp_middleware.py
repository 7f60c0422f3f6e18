"""Opora's OTPMiddleware reads the session's device with a compiled query: it must accept and
refuse exactly what django-otp's own middleware does."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import middleware as otp_middleware
from django_otp.plugins.otp_static.models import StaticDevice

from opora.accounts.middleware import OTPMiddleware
from opora.core.testing.factories import UserFactory, totp_device

pytestmark = pytest.mark.django_db


def _verify(middleware_cls, user, persistent_id):
    request = RequestFactory().get("/")
    request.session = SessionStore()
    if persistent_id is not None:
        request.session[DEVICE_ID_SESSION_KEY] = persistent_id
    request.user = user
    seen = {}

    def view(req):
        seen["verified"] = req.user.is_verified()
        seen["device"] = req.user.otp_device
        return None

    middleware_cls(view)(request)
    return seen["verified"], seen["device"], DEVICE_ID_SESSION_KEY in request.session


def test_the_device_is_accepted_and_refused_as_django_otp_does():
    alice, bob = UserFactory(), UserFactory()
    own, others, unconfirmed = totp_device(alice), totp_device(bob), totp_device(alice, confirmed=False)
    recovery = StaticDevice.objects.create(user=alice, name="backup", confirmed=True)
    ids = [
        own.persistent_id,
        recovery.persistent_id,
        others.persistent_id,  # another user's device
        unconfirmed.persistent_id,
        f"django_otp.plugins.otp_totp.models.TOTPDevice/{own.pk}",  # the legacy form of an id
        "otp_totp.totpdevice/999999",  # deleted
        "otp_totp.totpdevice/abc",
        "accounts.user/1",  # not a device
        "nope.nope/1",
        "garbage",
        "",
        None,
    ]
    verdicts = {}
    for persistent_id in ids:
        ours = _verify(OTPMiddleware, alice, persistent_id)
        try:
            theirs = _verify(otp_middleware.OTPMiddleware, alice, persistent_id)
        except AttributeError:  # django-otp fails on the id of a model that is not a device
            theirs = (False, None, False)
        assert ours == theirs, persistent_id
        verdicts[persistent_id] = ours[0]
    assert [pid for pid, verified in verdicts.items() if verified] == [
        own.persistent_id,
        recovery.persistent_id,
        f"django_otp.plugins.otp_totp.models.TOTPDevice/{own.pk}",
    ]
    assert _verify(OTPMiddleware, AnonymousUser(), own.persistent_id)[0] is False


def test_the_sessions_device_and_membership_are_read_together_and_judged_as_before(world, monkeypatch):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from opora.accounts.middleware import SESSION_KEY
    from opora.core import orm
    from opora.core.testing.auth import login

    manager = world.members["case_manager"]
    client = login(Client(), manager)
    assert client.get(reverse("cases:list")).status_code == 200
    groups = []
    send_and_read = orm._pipelined
    monkeypatch.setattr(orm, "_pipelined", lambda conn, group: groups.append(len(group)) or send_and_read(conn, group))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("cases:list"))
    assert response.status_code == 200 and response.wsgi_request.membership == manager
    sqls = [q["sql"] for q in queries.captured_queries]
    assert sum('FROM "otp_totp_totpdevice"' in s for s in sqls) == 1
    assert sum('FROM "accounts_membership"' in s for s in sqls) == 1
    assert groups[:1] == ([2] if connection.vendor == "postgresql" else [])
    # Another user's membership put in the session is read with the session's user, and refused.
    session = client.session
    session[SESSION_KEY] = world.members["case_manager_other"].pk
    session.save()
    response = client.get(reverse("cases:list"))
    assert response.wsgi_request.membership == manager  # chosen again: the user's only one
