"""The main navigation. Each app registers its entries here with the roles that see them."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from opora.accounts.models import Role


@dataclass(frozen=True)
class NavEntry:
    url_name: str
    label: str | Promise
    roles: tuple[str, ...]
    order: int = 100


ENTRIES: list[NavEntry] = [
    NavEntry("core:home", _("Overview"), tuple(r for r in Role.values if r != Role.ADMIN), order=0),
    NavEntry("accounts:user_list", _("Users"), (Role.ADMIN,), order=900),
    NavEntry("audit:log", _("Audit log"), (Role.COORDINATOR, Role.ADMIN), order=910),
]


def register(entry: NavEntry) -> None:
    if entry.url_name not in {e.url_name for e in ENTRIES}:
        ENTRIES.append(entry)
        ENTRIES.sort(key=lambda e: e.order)
