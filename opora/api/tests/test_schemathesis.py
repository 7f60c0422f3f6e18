"""The whole OpenAPI schema, exercised by schemathesis through the Django WSGI app with a
read-write token of a coordinator (who sees every case of the world): no server error and no
response that the schema does not describe (status, content type, body, headers)."""

import os

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from opora.api.tests.auth import make_token
from opora.api.throttling import PerTokenThrottle

application = get_wsgi_application()
schema = schemathesis.openapi.from_wsgi("/api/schema/?lang=en", application)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]


@pytest.fixture
def wsgi_in_test_transaction():
    """The WSGI handler closes "old" connections when a request starts and ends, which inside
    the test's transaction (autocommit off) would close the test's connection on PostgreSQL.
    Django's test client switches this off the same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def api_token(world, monkeypatch, wsgi_in_test_transaction):
    # Hypothesis sends many requests with one token: the limit is tested on its own.
    monkeypatch.setattr(PerTokenThrottle, "THROTTLE_RATES", {"api_token": "100000/minute"})
    return make_token(world.members["coordinator"])[1]


@schema.parametrize()
@settings(
    # The suite runs a fixed, repeatable sample; ST_EXAMPLES=300 ST_RANDOM=1 explores further.
    max_examples=int(os.environ.get("ST_EXAMPLES", "12")),
    derandomize=not os.environ.get("ST_RANDOM"),
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_api_answers_as_its_schema_says(case, api_token):
    case.call_and_validate(headers={"Authorization": f"Bearer {api_token}"}, checks=CHECKS)
