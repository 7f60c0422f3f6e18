"""Every URL of the project, with every persona, answers as the matrix says.

A URL pattern that is not in some app's ``tests/matrix.py`` makes this test fail: a new page
must declare who may reach it before it can land.

Each row is checked with its own method AND with the other one (GET ↔ POST): a persona that is
refused one method must be refused the other with the same status, so a state-changing POST
cannot slip past a rule written for the page, and a 404 stays a 404 (no existence oracle).
Every variant of a parametrised URL (each kind of record, each workflow step…) answers the same."""

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from opora.core.testing.auth import login
from opora.core.testing.matrix import ANON_REDIRECT, full_matrix, url_pattern_names
from opora.core.testing.world import PERSONAS

MATRIX = full_matrix()
DENIED = (ANON_REDIRECT, 403, 404)


def test_every_url_pattern_is_in_the_matrix():
    missing = sorted(set(url_pattern_names()) - set(MATRIX))
    assert not missing, f"URL patterns missing from the authorisation matrix: {missing}"


def test_the_matrix_lists_only_existing_urls():
    unknown = sorted(set(MATRIX) - set(url_pattern_names()))
    assert not unknown, f"Matrix rows for URLs that do not exist: {unknown}"


def _request(client, method, row, url, world):
    data = row.data(world) if row.data else {}
    headers = {"HTTP_HX_REQUEST": "true"} if row.htmx else {}
    target = f"{url}?{row.query}" if row.query else url
    return getattr(client, method)(target, data, **headers).status_code


def _as(persona, world, fn, sign_in=None):
    # Each persona's request runs in a savepoint that is rolled back: a write by one persona
    # cannot change what the next one sees.
    with transaction.atomic():
        client = Client(raise_request_exception=False)
        if persona != "anon":
            (sign_in or login)(client, world.members[persona])
        got = fn(client)
        transaction.set_rollback(True)
    return got


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_url_answers_each_persona_as_the_matrix_says(name, world):
    row = MATRIX[name]
    other = "post" if row.method == "get" else "get"
    mismatches = []
    for kwargs in row.all_kwargs(world):
        url = reverse(name, kwargs=kwargs)
        for persona in PERSONAS:
            expected = row.expected(persona)
            got = _as(persona, world, lambda c, u=url: _request(c, row.method, row, u, world), row.login)
            if got != expected:
                mismatches.append(f"{row.method.upper()} {url} {persona}: expected {expected}, got {got}")
            got_other = _as(persona, world, lambda c, u=url: _request(c, other, row, u, world), row.login)
            # A POST-only view answers 405 to GET once the membership may use it at all: the
            # same for every object, so it discloses nothing.
            if expected in DENIED and got_other != expected and not (got_other == 405 and other == "get"):
                mismatches.append(
                    f"{other.upper()} {url} {persona}: expected {expected} as for {row.method}, got {got_other}"
                )
            if got_other >= 500:
                mismatches.append(f"{other.upper()} {url} {persona}: server error {got_other}")
    assert not mismatches, f"{name}: " + "; ".join(mismatches)
