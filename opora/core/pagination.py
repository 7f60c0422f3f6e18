"""A paginator that counts at most a cap of rows: an exact COUNT(*) grows with the data (it
was the largest part of a case list at 100,000 cases), while nobody pages past the first
thousand rows of a list — they narrow the filter instead. The page says so honestly."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

COUNT_CAP = 1000


class CappedPaginator(Paginator):
    """Like Paginator, but `count` stops at `cap`; `capped` tells the template that there are
    more rows than `count` (shown as "1000+", and only the first `cap` rows are reachable)."""

    def __init__(self, object_list, per_page, *, cap=None, rows=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = COUNT_CAP if cap is None else cap
        self.rows = rows

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
        return self._get_page(self.rows(self.object_list.values("pk")[bottom:top]), number, self)

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
