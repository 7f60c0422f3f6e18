"""The token page: a token is created after a verified sign-in, shown once, stored hashed,
and revoked by its owner only."""

import datetime
import hashlib
import re

from django.test import Client
from django.utils import timezone

from opora.api.models import ApiToken
from opora.audit.models import AuditEvent


def test_a_token_is_shown_once_stored_hashed_and_works_until_revoked(world, login):
    member = world.members["case_manager"]
    client = login(Client(), member)
    expires = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    page = client.post("/api/tokens/", {"name": "Školní systém", "scope": "read", "expires_on": expires})
    assert page.status_code == 200
    raw = re.search(r"opora_[0-9a-f]+_[A-Za-z0-9_-]+", page.content.decode()).group(0)
    token = ApiToken.objects.get(membership=member)
    assert raw.split("_", 2)[2] not in str(ApiToken.objects.filter(pk=token.pk).values().get())
    assert token.secret_hash == hashlib.sha256(raw.split("_", 2)[2].encode()).hexdigest()
    assert raw not in client.get("/api/tokens/").content.decode()  # shown once
    assert AuditEvent.objects.filter(action="api.token_create", object_id=str(token.pk)).exists()

    api = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert api.get("/api/v1/cases/").status_code == 200
    # Someone else cannot revoke it (404), its owner can.
    other = login(Client(), world.members["coordinator"])
    assert other.post(f"/api/tokens/{token.pk}/revoke/").status_code == 404
    assert api.get("/api/v1/cases/").status_code == 200
    assert client.post(f"/api/tokens/{token.pk}/revoke/").status_code == 302
    assert api.get("/api/v1/cases/").status_code == 401


def test_no_token_without_the_second_factor_and_no_token_for_ever(world, login):
    member = world.members["case_manager"]
    unverified = login(Client(), member, verified=False)
    expires = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    response = unverified.post("/api/tokens/", {"name": "x", "scope": "read_write", "expires_on": expires})
    assert response.status_code == 302 and not ApiToken.objects.filter(membership=member).exists()
    client = login(Client(), member)
    too_long = (timezone.localdate() + datetime.timedelta(days=4000)).isoformat()
    client.post("/api/tokens/", {"name": "x", "scope": "read_write", "expires_on": too_long})
    assert not ApiToken.objects.filter(membership=member).exists()
