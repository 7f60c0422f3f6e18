"""The authorisation matrix: every URL pattern × every persona → the expected HTTP status.

Each app keeps its rows next to its tests, in ``opora/<app>/tests/matrix.py``::

    MATRIX = {
        "cases:detail": Row(kwargs=lambda w: {"pk": w.case.pk}, expect={"case_manager": 200, ...}),
    }

`expect` maps personas (see world.PERSONAS) to a status; "*" is the default for the rest.
A URL pattern that no app lists fails the coverage test.
"""

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver

ANON_REDIRECT = 302


@dataclass(frozen=True)
class Row:
    """Who gets which status for one URL. `variants` lists further kwargs (other kinds, steps,
    items of a parametrised URL) that must answer exactly the same."""

    expect: dict
    kwargs: Callable | None = None
    method: str = "get"
    data: Callable | None = None
    query: str = ""
    htmx: bool = False
    notes: str = ""
    variants: tuple = ()
    extra: dict = field(default_factory=dict)
    # How a persona signs in for this row: `login(client, membership)`; the web session by
    # default (the REST API's rows use a personal token, opora/api/tests/matrix.py).
    login: Callable | None = None

    def all_kwargs(self, world) -> list[dict | None]:
        first = self.kwargs(world) if self.kwargs else None
        return [first] + [variant(world) for variant in self.variants]

    def expected(self, persona: str) -> int:
        if persona in self.expect:
            return self.expect[persona]
        if persona == "team_member" and "case_manager" in self.expect:
            # A case manager on the team who is not the lead may do what the lead may.
            return self.expect["case_manager"]
        if persona == "anon" and "anon" not in self.expect:
            return self.expect.get("*anon", ANON_REDIRECT)
        return self.expect["*"]


def app_matrix_modules():
    modules = []
    for app in settings.INSTALLED_APPS:
        if not app.startswith("opora."):
            continue
        try:
            modules.append(importlib.import_module(f"{app}.tests.matrix"))
        except ModuleNotFoundError as exc:
            if exc.name != f"{app}.tests.matrix" and exc.name != f"{app}.tests":
                raise
    return modules


def full_matrix() -> dict[str, Row]:
    rows: dict[str, Row] = {}
    for module in app_matrix_modules():
        for name, row in getattr(module, "MATRIX", {}).items():
            assert name not in rows, f"{name} is listed twice in the authorisation matrix"
            rows[name] = row
    return rows


def url_pattern_names() -> list[str]:
    """Every URL pattern of the project as 'namespace:name' ('<unnamed …>' when nameless)."""
    names: list[str] = []

    def walk(patterns, namespace):
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = namespace
                if p.namespace:
                    ns = f"{namespace}{p.namespace}:"
                walk(p.url_patterns, ns)
            elif isinstance(p, URLPattern):
                names.append(f"{namespace}{p.name}" if p.name else f"<unnamed {namespace}{p.pattern}>")

    walk(get_resolver().url_patterns, "")
    return names
