"""Structured logs: one JSON object per line, and one line per request.

The request line has the time, level, request id (taken from a well-formed `X-Request-ID` header
of the proxy, otherwise generated, and returned in the response's `X-Request-ID`), method, path
WITHOUT the query string, status, duration and the membership (id and role) — never names,
case content, form data or query strings (a search for a surname lives in the query string).
Every other record logged while a request is served carries the same request id.
Exception records carry the exception's type and stack frames but not its message: database
errors quote the values that failed (a student's name, say).
"""

import contextvars
import json
import logging
import re
import time
import traceback
import uuid
from datetime import UTC, datetime

request_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar("opora_request_id", default=None)
_VALID_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
request_logger = logging.getLogger("opora.request")

# Attributes every LogRecord has; anything else was passed with `extra=` and is emitted.
_PLAIN = (str, int, float, bool, type(None))
_STANDARD = (
    {"request"} | set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime", "request_id"}
)


class RequestIdFilter(logging.Filter):
    """Adds `request_id` of the request being served (or None) to every record."""

    def filter(self, record):
        if getattr(record, "request_id", None) is None:
            record.request_id = request_id_var.get()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or request_id_var.get(),
        }
        # Extras: plain values only. Django's loggers attach the whole `request`, whose repr has
        # the query string, and other objects whose repr may show content: left out.
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_") and isinstance(value, _PLAIN):
                entry[key] = value
        if record.exc_info and record.exc_info[0] is not None:
            exc_type, _exc, tb = record.exc_info
            entry["exception"] = exc_type.__name__
            entry["stack"] = [f"{frame.filename}:{frame.lineno} in {frame.name}" for frame in traceback.extract_tb(tb)]
        return json.dumps(entry, ensure_ascii=False, default=str)


def _request_id(request) -> str:
    given = request.META.get("HTTP_X_REQUEST_ID", "")
    return given if _VALID_ID.match(given) else uuid.uuid4().hex


class RequestLogMiddleware:
    """Early in MIDDLEWARE (after the health probe): times the whole stack below it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = _request_id(request)
        token = request_id_var.set(request.request_id)
        started = time.perf_counter()
        status = 500
        try:
            response = self.get_response(request)
            status = response.status_code
            response["X-Request-ID"] = request.request_id
            return response
        finally:
            self._log(request, status, time.perf_counter() - started)
            request_id_var.reset(token)

    @staticmethod
    def _log(request, status, seconds):
        membership = getattr(request, "membership", None)
        request_logger.log(
            logging.ERROR if status >= 500 else logging.INFO,
            "request",
            extra={
                "method": request.method,
                "path": request.path,
                "status": status,
                "duration_ms": round(seconds * 1000, 1),
                "membership": getattr(membership, "pk", None),
                "role": getattr(membership, "role", None),
            },
        )
