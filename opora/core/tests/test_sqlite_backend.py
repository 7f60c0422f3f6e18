"""Opora's SQLite backend (opora/core/sqlite_backend): Django's, with each statement's
placeholders converted once and kept."""

import pytest
from django.conf import settings
from django.db import connection

pytestmark = pytest.mark.django_db


@pytest.fixture
def sqlite():
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite backend")
    assert settings.DATABASES["default"]["ENGINE"] == "opora.core.sqlite_backend"
    from opora.core.sqlite_backend.base import _qmark

    _qmark.cache_clear()
    return _qmark


def test_a_statement_is_converted_once_and_runs_with_new_values(sqlite):
    statement = "SELECT %s || '%%', %s + 1"
    with connection.cursor() as cursor:
        for value in ("a", "b", "c"):
            cursor.execute(statement, [value, 1])
            assert cursor.fetchone() == (f"{value}%", 2)
        cursor.execute("SELECT %(x)s * 2", {"x": 21})  # named placeholders: Django's conversion
        assert cursor.fetchone() == (42,)
    info = sqlite.cache_info()
    assert (info.misses, info.hits) == (1, 2)


def test_the_orm_goes_through_it(sqlite, world):
    from opora.cases.models import Case

    assert Case.objects.filter(number__contains="%").count() == 0
    assert Case.objects.filter(pk=world.case.pk).exists()
    assert sqlite.cache_info().currsize >= 2
