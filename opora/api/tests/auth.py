"""Signing in to the API in tests: a personal token of the membership."""

import datetime

from django.utils import timezone

from opora.api import services
from opora.api.models import Scope


def make_token(membership, *, scope=Scope.READ_WRITE, days=30):
    return services.token_create(
        membership=membership, name="test", scope=scope, expires_on=timezone.localdate() + datetime.timedelta(days=days)
    )


def token_login(client, membership, *, scope=Scope.READ_WRITE):
    """`client` calls the API with a new token of `membership` (read-write unless said)."""
    _token, raw = make_token(membership, scope=scope)
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
    return client
