"""Writes of the API app: personal tokens and remembered Idempotency-Keys."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from opora.api.models import ApiToken, IdempotencyKey, Scope
from opora.audit.services import audit_log

TOKEN_PREFIX = "opora_"


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def split_token(raw: str) -> tuple[str, str] | None:
    """``opora_<prefix>_<secret>`` → (prefix, secret), or None for anything else."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    prefix, sep, secret = raw[len(TOKEN_PREFIX) :].partition("_")
    if not sep or not prefix or not secret or len(prefix) > 16:
        return None
    return prefix, secret


def secret_matches(token: ApiToken, secret: str) -> bool:
    return hmac.compare_digest(token.secret_hash, hash_secret(secret))


@transaction.atomic
def token_create(*, membership, name: str, scope: str, expires_on: datetime.date, request=None) -> tuple[ApiToken, str]:
    """A new personal token of `membership`; returns it with the full token text, which is
    shown once and never stored."""
    today = timezone.localdate()
    max_days = getattr(settings, "OPORA_API_TOKEN_MAX_DAYS", 365)
    if expires_on <= today:
        raise ValidationError({"expires_on": _("The token must expire in the future.")})
    if (expires_on - today).days > max_days:
        raise ValidationError({"expires_on": _("A token may be valid for at most %(days)s days.") % {"days": max_days}})
    if scope not in Scope.values:
        raise ValidationError({"scope": _("Choose one of the offered scopes.")})
    prefix = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    expires_at = timezone.make_aware(datetime.datetime.combine(expires_on, datetime.time.max))
    token = ApiToken(
        membership=membership,
        name=name.strip(),
        prefix=prefix,
        secret_hash=hash_secret(secret),
        scope=scope,
        expires_at=expires_at,
    )
    token.full_clean()
    token.save()
    audit_log(
        action="api.token_create",
        request=request,
        membership=membership,
        obj=token,
        data={"scope": scope, "expires_on": expires_on.isoformat()},
    )
    return token, f"{TOKEN_PREFIX}{prefix}_{secret}"


@transaction.atomic
def token_revoke(*, token: ApiToken, request=None) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_log(action="api.token_revoke", request=request, obj=token)
    return token


def token_touch(token: ApiToken) -> None:
    """Record when the token was last used (at most once a minute: no write per request)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > datetime.timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


class IdempotencyConflict(Exception):
    """The key was used with another request body, or its first request is still running."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason  # "mismatch" or "in_progress"


def idempotency_claim(*, token: ApiToken, key: str, request_hash: str) -> IdempotencyKey | None:
    """Claim `key` for this request (inside the caller's transaction). Returns None when the
    request is the first with the key (go on and create), or the finished record of the first
    request to answer again. A concurrent request with the same key waits for the first one's
    transaction and then sees its record."""
    hours = getattr(settings, "OPORA_API_IDEMPOTENCY_HOURS", 24)
    IdempotencyKey.objects.filter(
        token=token, key=key, created_at__lt=timezone.now() - datetime.timedelta(hours=hours)
    ).delete()
    try:
        with transaction.atomic():
            IdempotencyKey.objects.create(token=token, key=key, request_hash=request_hash)
            return None
    except IntegrityError:
        pass
    record = IdempotencyKey.objects.get(token=token, key=key)
    if record.request_hash != request_hash:
        raise IdempotencyConflict("mismatch")
    if not record.status:
        raise IdempotencyConflict("in_progress")
    return record


def idempotency_complete(*, token: ApiToken, key: str, status: int, obj) -> None:
    IdempotencyKey.objects.filter(token=token, key=key).update(
        status=status, object_type=obj._meta.label_lower, object_id=str(obj.pk)
    )


# A retry with the same Idempotency-Key answers the first result for this long (README, API).
IDEMPOTENCY_HOURS = 24


def idempotency_keys_purge(now) -> int:
    """Forget the Idempotency-Keys older than IDEMPOTENCY_HOURS. Returns how many."""
    cutoff = now - datetime.timedelta(hours=IDEMPOTENCY_HOURS)
    deleted, _per_model = IdempotencyKey.objects.filter(created_at__lt=cutoff).delete()
    return deleted
