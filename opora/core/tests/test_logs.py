"""The request log: one JSON line per request with its id and the membership, never content."""

import io
import json
import logging
import sys

import pytest
from django.test import RequestFactory
from django.urls import reverse

from opora.core.logs import JsonFormatter, RequestIdFilter


@pytest.fixture
def log_lines():
    """The JSON lines written while the test runs, as the production handler writes them."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    request_logger = logging.getLogger("opora.request")
    old_level, old_root_level = request_logger.level, root.level
    request_logger.setLevel(logging.INFO)
    root.setLevel(logging.INFO)
    root.addHandler(handler)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        root.removeHandler(handler)
        request_logger.setLevel(old_level)
        root.setLevel(old_root_level)


def _request_lines(lines):
    return [line for line in lines if line["logger"] == "opora.request"]


def test_a_search_for_a_surname_leaves_one_line_without_the_name(client, login, world, log_lines):
    member = world.members["case_manager"]
    login(client, member)
    response = client.get(reverse("cases:list"), {"q": world.student.last_name})
    assert response.status_code == 200
    assert world.student.last_name.encode() in response.content  # the page did find the student

    lines = log_lines()
    (line,) = _request_lines(lines)
    assert line["method"] == "GET"
    assert line["path"] == reverse("cases:list")
    assert line["status"] == 200
    assert line["membership"] == member.pk
    assert line["role"] == member.role
    assert line["level"] == "INFO"
    assert isinstance(line["duration_ms"], float)
    assert line["time"].endswith("+00:00")
    assert line["request_id"] == response["X-Request-ID"]
    # Nothing logged during the request names the student or carries the query string.
    everything = json.dumps(lines, ensure_ascii=False)
    for secret in (world.student.last_name, world.student.first_name, "q="):
        assert secret not in everything


def test_the_case_page_logs_ids_only(client, login, world, log_lines):
    login(client, world.members["case_manager"])
    response = client.get(reverse("cases:detail", args=[world.case.pk]))
    assert response.status_code == 200
    everything = json.dumps(log_lines(), ensure_ascii=False)
    assert world.student.last_name not in everything
    assert f"/cases/{world.case.pk}/" in everything


def test_the_proxys_request_id_is_kept_and_returned(client, db, log_lines):
    response = client.get(reverse("accounts:login"), HTTP_X_REQUEST_ID="lb-7f3a.42")
    assert response["X-Request-ID"] == "lb-7f3a.42"
    (line,) = _request_lines(log_lines())
    assert line["request_id"] == "lb-7f3a.42"
    assert line["membership"] is None and line["role"] is None


@pytest.mark.parametrize("bad", ["x" * 300, 'a"b', "a b\nFORGED log line", ""])
def test_a_malformed_request_id_is_replaced(client, db, log_lines, bad):
    response = client.get(reverse("accounts:login"), HTTP_X_REQUEST_ID=bad)
    generated = response["X-Request-ID"]
    assert generated != bad and len(generated) == 32
    (line,) = _request_lines(log_lines())
    assert line["request_id"] == generated


def test_every_request_gets_its_own_id(client, db):
    first = client.get(reverse("accounts:login"))["X-Request-ID"]
    second = client.get(reverse("accounts:login"))["X-Request-ID"]
    assert first != second


def test_an_exception_is_logged_without_its_message_nor_the_request():
    formatter = JsonFormatter()
    try:
        raise ValueError("duplicate key value violates unique constraint: Key (last_name)=(Dvořák)")
    except ValueError:
        record = logging.LogRecord(
            "django.request", logging.ERROR, __file__, 1, "Internal Server Error: /cases/1/", None, sys.exc_info()
        )
    record.status_code = 500
    record.request = RequestFactory().get("/cases/1/?q=Dvořák")  # Django's loggers attach it
    line = json.loads(formatter.format(record))
    assert line["status_code"] == 500
    assert line["exception"] == "ValueError"
    assert line["stack"] and "test_logs.py" in line["stack"][0]
    assert "Dvořák" not in json.dumps(line, ensure_ascii=False)


def test_health_probes_are_not_logged(client, db, log_lines):
    client.get("/health/")
    assert _request_lines(log_lines()) == []
