"""Errors as RFC 9457 problem details (``application/problem+json``), in the caller's language
(Accept-Language, through Django's LocaleMiddleware). Denials are audited like the web app's."""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import set_rollback

from opora.audit.services import audit_log
from opora.core.concurrency import StaleEdit

logger = logging.getLogger("opora.api")

PROBLEM = "application/problem+json"

TITLES = {
    400: _("The request is not valid."),
    401: _("Authentication is required."),
    403: _("You may not do this."),
    404: _("Not found."),
    405: _("This method is not allowed here."),
    406: _("The requested format is not available."),
    409: _("The request conflicts with another one."),
    412: _("The record was changed meanwhile."),
    415: _("Unsupported media type."),
    422: _("The request cannot be processed."),
    428: _("A precondition is required."),
    429: _("Too many requests."),
    500: _("Internal error."),
}


class PreconditionFailed(exceptions.APIException):
    status_code = 412
    default_detail = _("Someone else changed the record after you read it. Read it again and repeat your change.")
    default_code = "stale"


class PreconditionRequired(exceptions.APIException):
    status_code = 428
    default_detail = _("Send the record's ETag in an If-Match header to change it.")
    default_code = "if_match_required"


class Conflict(exceptions.APIException):
    status_code = 409
    default_detail = _("A request with this Idempotency-Key is still being processed.")
    default_code = "conflict"


class Unprocessable(exceptions.APIException):
    status_code = 422
    default_detail = _("This Idempotency-Key was already used with a different request.")
    default_code = "idempotency_key_reused"


def problem(status_code: int, detail=None, *, request=None, errors=None, headers=None) -> Response:
    body = {
        "type": "about:blank",
        "title": str(TITLES.get(status_code, TITLES[500 if status_code >= 500 else 400])),
        "status": status_code,
        "detail": str(detail) if detail is not None else str(TITLES.get(status_code, "")),
    }
    if request is not None:
        body["instance"] = request.path
    if errors:
        body["errors"] = errors
    return Response(body, status=status_code, headers=headers, content_type=PROBLEM)


def _messages(value):
    """DRF error details (dicts, lists, ErrorDetail) as plain strings."""
    if isinstance(value, dict):
        return {str(k): _messages(v) for k, v in value.items()}
    if isinstance(value, list):
        return [str(v) for v in value]
    return [str(value)]


def validation_errors(exc: DjangoValidationError) -> dict:
    if hasattr(exc, "error_dict"):
        return {("non_field_errors" if k == "__all__" else k): [str(m) for m in v] for k, v in exc.message_dict.items()}
    return {"non_field_errors": [str(m) for m in exc.messages]}


def _audit_denial(request, status_code: int, reason: str) -> None:
    audit_log(
        action="access.denied",
        request=request,
        data={"status": status_code, "path": request.path, "method": request.method, "reason": reason},
    )


def exception_handler(exc, context):
    request = context.get("request")
    if isinstance(exc, StaleEdit):
        exc = PreconditionFailed(str(exc.messages[0]) if exc.messages else None)
    elif isinstance(exc, DjangoValidationError):
        set_rollback()
        return problem(400, _("Check the marked fields."), request=request, errors=validation_errors(exc))
    elif isinstance(exc, Http404):
        if not getattr(exc, "audited", False) and getattr(request, "membership", None) is not None:
            _audit_denial(request, 404, "api")
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    if isinstance(exc, exceptions.PermissionDenied) and getattr(request, "membership", None) is not None:
        _audit_denial(request, 403, type(context.get("view")).__name__)
    if not isinstance(exc, exceptions.APIException):
        logger.exception("API error", exc_info=exc)
        set_rollback()
        return problem(500, _("Something went wrong on our side. The error was logged."), request=request)
    set_rollback()
    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait))
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail
        if isinstance(detail, dict):
            return problem(
                400, _("Check the marked fields."), request=request, errors=_messages(detail), headers=headers
            )
        return problem(400, "; ".join(_messages(detail)), request=request, headers=headers)
    detail = (
        exc.detail
        if isinstance(exc.detail, str)
        else "; ".join(
            sum(_messages(exc.detail).values(), []) if isinstance(exc.detail, dict) else _messages(exc.detail)
        )
    )
    return problem(exc.status_code, detail, request=request, headers=headers)
