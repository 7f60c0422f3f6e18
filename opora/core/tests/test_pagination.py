"""The capped paginator answers every page number as Django's paginator does over the first
`cap` rows, and with ``rows`` reads a page and its count in one query."""

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from opora.accounts.models import Organisation
from opora.core.pagination import CappedPaginator

pytestmark = pytest.mark.django_db

NUMBERS = [None, "", "x", "1.5", "-1", "0", "1", "2", "3", "4", "5", "99", 2]


def _rows(page_ids):
    return Organisation.objects.filter(pk__in=page_ids).order_by("pk")


@pytest.mark.parametrize("total", [0, 1, 10, 11, 23, 31])
@pytest.mark.parametrize("cap", [12, 1000])
def test_every_page_number_is_answered_as_djangos_paginator_over_the_capped_rows(total, cap):
    Organisation.objects.bulk_create(Organisation(name=f"Org {i:02d}", slug=f"org-{i:02d}") for i in range(total))
    everything = list(Organisation.objects.order_by("pk"))
    reference = Paginator(everything[:cap], 5)
    for number in NUMBERS:
        for rows, ids_first in ((None, False), (_rows, False), (_rows, True)):
            paginator = CappedPaginator(Organisation.objects.order_by("pk"), 5, cap=cap, rows=rows, ids_first=ids_first)
            page = paginator.get_page(number)
            expected = reference.get_page(number)
            assert (page.number, list(page)) == (expected.number, list(expected)), (number, rows)
            assert paginator.count == min(total, cap) and paginator.capped == (total > cap)


def test_a_page_and_its_count_are_one_query():
    Organisation.objects.bulk_create(Organisation(name=f"Org {i:02d}", slug=f"org-{i:02d}") for i in range(12))
    with CaptureQueriesContext(connection) as queries:
        page = CappedPaginator(Organisation.objects.order_by("pk"), 5, rows=_rows).get_page("2")
        assert len(page) == 5 and page.paginator.count == 12 and page.has_next()
    assert len(queries) == 1
