"""A paginator that counts at most a cap of rows: an exact COUNT(*) grows with the data (it
was the largest part of a case list at 100,000 cases), while nobody pages past the first
thousand rows of a list — they narrow the filter instead. The page says so honestly."""

from django.core.paginator import Paginator
from django.db.models.expressions import RawSQL
from django.utils.functional import cached_property

COUNT_CAP = 1000

# The capped count, read as a column of the page's rows (see CappedPaginator.get_page).
COUNTED = "_capped_count"


def with_capped_count(rows, object_list, cap: int):
    """`rows` (a queryset) with the number of `object_list`'s rows, counted up to ``cap + 1``,
    as a column: a subquery the database computes once, not a query of its own."""
    # Without ordering or selected columns: the database stops after cap + 1 matching rows.
    sql, params = object_list.order_by().values("pk")[: cap + 1].query.sql_with_params()
    # Django's own SQL of the count's subquery, values as parameters.
    return rows.annotate(**{COUNTED: RawSQL(f"SELECT COUNT(*) FROM ({sql}) capped", params)})  # noqa: S608, S611


def counted(row, count: int):
    """Give a row read another way (``first_page``) the capped count of the list, as
    ``with_capped_count`` gives it to the rows it reads."""
    setattr(row, COUNTED, count)
    return row


class CappedPaginator(Paginator):
    """Like Paginator, but `count` stops at `cap`; `capped` tells the template that there are
    more rows than `count` (shown as "1000+", and only the first `cap` rows are reachable).

    `object_list` may be a function that returns the queryset: it is then built only when a
    page is read the ordinary way, not when ``first_page`` answers (building the case list's
    filtered queryset was a millisecond of every list)."""

    def __init__(self, object_list, per_page, *, cap=None, rows=None, first_page=None, ids_first=False, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = COUNT_CAP if cap is None else cap
        self.rows = rows
        # ids_first: the ids of the first cap + 1 rows are read (one query), then the page's rows
        # by their ids: for a costly filter (a search), which a count column would repeat.
        self.ids_first = ids_first
        # first_page(per_page, cap): the rows of the first page with the capped count, read
        # another way (a compiled query), or None to read them as any other page.
        self.first_page = first_page

    @property
    def object_list(self):
        if self._object_list_of is not None:
            self._object_list, self._object_list_of = self._object_list_of(), None
            super()._check_object_list_is_ordered()
        return self._object_list

    @object_list.setter
    def object_list(self, value):
        # A function is called when the list is first needed (see the class's docstring).
        self._object_list, self._object_list_of = (None, value) if callable(value) else (value, None)

    def _check_object_list_is_ordered(self):
        if self._object_list_of is None:  # a function's queryset is checked when it is built
            super()._check_object_list_is_ordered()

    def get_page(self, number):
        """With ``rows``: the page asked for and the capped count in one query (the count is a
        column of the rows, a subquery the database computes once). Only a page past the end,
        or an empty list, costs a count of its own, as Django's paginator answers it: the last
        page, or an empty first one."""
        if self.rows is None or self.orphans:
            return super().get_page(number)
        try:
            number = int(number)
        except (TypeError, ValueError):  # as Django's: not a whole number is the first page
            number = 1
        if number < 1:
            return super().get_page(number)
        bottom = (number - 1) * self.per_page
        found = self.first_page(self.per_page, self.cap) if number == 1 and self.first_page is not None else None
        if found is None and self.ids_first:
            ids = list(self.object_list.values_list("pk", flat=True)[: self.cap + 1])
            self.__dict__["_counted"] = len(ids)
            page_ids = ids[bottom : min(bottom + self.per_page, self.count)]
            if page_ids:
                return self._get_page(list(self.rows(page_ids)), number, self)
            if number == 1 and self.allow_empty_first_page:
                return self._get_page([], 1, self)
            return super().get_page(number)
        if found is None:
            found = list(self._rows(self.object_list.values("pk")[bottom : bottom + self.per_page], counted=True))
        if found:
            self.__dict__["_counted"] = getattr(found[0], COUNTED)
            if number <= self.num_pages:  # not beyond the cap
                return self._get_page(found[: max(0, self.count - bottom)], number, self)
        elif number == 1 and self.allow_empty_first_page:
            self.__dict__["_counted"] = 0
            return self._get_page([], 1, self)
        return super().get_page(number)

    def page(self, number):
        """With ``rows``: the page's ids are selected first (``object_list`` only filters and
        orders) and ``rows(ids)`` returns the page's objects from them, in one query."""
        if self.rows is None:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return self._get_page(self._rows(self.object_list.values("pk")[bottom:top]), number, self)

    def _rows(self, page_ids, counted=False):
        rows = self.rows(page_ids)
        return with_capped_count(rows, self.object_list, self.cap) if counted else rows

    @cached_property
    def _counted(self):
        # Without ordering or selected columns: the database stops after cap + 1 matching rows.
        return self.object_list.order_by().values("pk")[: self.cap + 1].count()

    @cached_property
    def count(self):
        return min(self._counted, self.cap)

    @property
    def capped(self):
        return self._counted > self.cap
