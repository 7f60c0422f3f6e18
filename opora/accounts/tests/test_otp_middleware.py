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
