from django.utils.translation import gettext_lazy as _
from rest_framework.pagination import CursorPagination


class Cursor(CursorPagination):
    """Cursor pagination: stable pages while records are added; `?cursor=` from `next`/`previous`."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = ("-id",)
    cursor_query_description = _("The page cursor, taken from the `next` or `previous` link.")
    page_size_query_description = _("Items per page (at most 200).")
    invalid_cursor_message = _("The cursor is not valid.")
