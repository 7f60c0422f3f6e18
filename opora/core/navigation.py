"""The main navigation. Each app registers its entries here; who sees an entry is decided by
the policy: each entry names the capability of ``opora.access`` that its page requires."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from opora import access
from opora.core.registry import Registry


@dataclass(frozen=True)
class NavEntry:
    url_name: str
    label: str | Promise
    allowed: Callable
    order: int = 100


ENTRIES: list[NavEntry] = [
    NavEntry("core:home", _("Overview"), access.can_see_overview, order=0),
    NavEntry("accounts:user_list", _("Users"), access.can_manage_users, order=900),
    NavEntry("audit:log", _("Audit log"), access.can_read_audit_log, order=910),
]


def register(entry: NavEntry) -> None:
    if entry.url_name not in {e.url_name for e in ENTRIES}:
        ENTRIES.append(entry)
        ENTRIES.sort(key=lambda e: e.order)


@dataclass(frozen=True)
class HeaderCount:
    """A number the page header shows for the acting membership (unread notifications…).
    ``expression()`` is a subquery over the membership row (``OuterRef("pk")``): the middleware
    annotates the membership query it makes on every request with it, so the header costs no query
    of its own. The membership then carries the number under ``key``; ``count(membership)`` gives
    it for a membership loaded otherwise too."""

    key: str
    expression: Callable
    count: Callable
    order: int = 100


header_counts = Registry("header counts")


def header_count_values(membership) -> dict[str, int]:
    """The header's numbers for `membership`, by their keys."""
    return {count.key: count.count(membership) for count in header_counts}
