"""Every URL of the project, with every persona, answers as the matrix says.

A URL pattern that is not in some app's ``tests/matrix.py`` makes this test fail: a new page
must declare who may reach it before it can land."""

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from opora.core.testing.auth import login
from opora.core.testing.matrix import full_matrix, url_pattern_names
from opora.core.testing.world import PERSONAS

MATRIX = full_matrix()


def test_every_url_pattern_is_in_the_matrix():
    missing = sorted(set(url_pattern_names()) - set(MATRIX))
    assert not missing, f"URL patterns missing from the authorisation matrix: {missing}"


def test_the_matrix_lists_only_existing_urls():
    unknown = sorted(set(MATRIX) - set(url_pattern_names()))
    assert not unknown, f"Matrix rows for URLs that do not exist: {unknown}"


def _status(client, row, url, world):
    data = row.data(world) if row.data else {}
    headers = {"HTTP_HX_REQUEST": "true"} if row.htmx else {}
    target = f"{url}?{row.query}" if row.query else url
    response = getattr(client, row.method)(target, data, **headers)
    return response.status_code


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_url_answers_each_persona_as_the_matrix_says(name, world):
    row = MATRIX[name]
    url = reverse(name, kwargs=row.kwargs(world) if row.kwargs else None)
    mismatches = []
    for persona in PERSONAS:
        expected = row.expected(persona)
        # Each persona's request runs in a savepoint that is rolled back: a write by one
        # persona cannot change what the next one sees.
        with transaction.atomic():
            client = Client(raise_request_exception=False)
            if persona != "anon":
                login(client, world.members[persona])
            got = _status(client, row, url, world)
            transaction.set_rollback(True)
        if got != expected:
            mismatches.append(f"{persona}: expected {expected}, got {got}")
    assert not mismatches, f"{row.method.upper()} {url} ({name}): " + "; ".join(mismatches)
