"""One registry type for every seam through which an app adds to another app's page or duty:
case tabs, header badges and school panels (opora.cases.extensions), overview panels
(opora.core.dashboard), subject-access sections and retention anonymisers (opora.core.privacy).

* Providers are small frozen objects with a ``key`` (unique in their registry), a ``title``,
  an ``order`` and what the seam needs (a ``template``, ``visible``/``load`` callables…).
* ``register(provider)`` is called from an ``AppConfig.ready()`` only: once every app is ready
  the registry is closed (tests swap the providers with ``replaced``).
* Iterating gives the providers ordered by ``(order, key)``; registering the same provider
  twice is a no-op, two different providers under one key are an error.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured


class Registry:
    def __init__(self, name: str):
        self.name = name
        self._providers: dict[str, Any] = {}

    def register(self, provider) -> None:
        if apps.ready:
            raise ImproperlyConfigured(
                f"{self.name}: register {provider.key!r} in an AppConfig.ready(), not after start-up."
            )
        existing = self._providers.get(provider.key)
        if existing is not None and existing != provider:
            raise ImproperlyConfigured(f"{self.name}: two providers under the key {provider.key!r}.")
        self._providers[provider.key] = provider

    def __iter__(self) -> Iterator:
        return iter(sorted(self._providers.values(), key=lambda p: (p.order, p.key)))

    def __len__(self) -> int:
        return len(self._providers)

    def get(self, key: str):
        return self._providers.get(key)

    def keys(self) -> list[str]:
        return [p.key for p in self]

    @contextlib.contextmanager
    def replaced(self, providers):
        """For tests: the registry holds only `providers` inside the block."""
        saved = self._providers
        self._providers = {p.key: p for p in providers}
        try:
            yield self
        finally:
            self._providers = saved


# --- Provider types ------------------------------------------------------------------------------


def _always(*args) -> bool:
    return True


@dataclass(frozen=True)
class Tab:
    """A tab of the case page. `visible(request, case)` is asked on every view of the page (it
    stays cheap); `load(request, case) -> dict` only when the tab is the one shown (it writes the
    tab's audit record). The template receives the loaded dict as `panel` (with `case`)."""

    key: str
    title: Any
    template: str
    load: Callable[..., dict]
    visible: Callable[..., bool] = _always
    order: int = 100

    @property
    def slug(self) -> str:
        return self.key


@dataclass(frozen=True)
class Panel:
    """A panel (header badge, school panel, overview panel): `load(*args) -> dict | None`, None
    when it has nothing to show. The template receives `panel`: the loaded dict with `title`.
    `prepare(*args)`: the compiled queries (``opora.core.orm.Call`` s) `load` will make, so that
    ``render`` runs every panel's together (``orm.prefetched``)."""

    key: str
    title: Any
    template: str
    load: Callable[..., dict | None]
    order: int = 100
    prepare: Callable[..., list] | None = None


def render(registry: Registry, *args) -> list[dict]:
    """The panels of `registry` that have something to show for `args`, as template context."""
    from opora.core.orm import prefetched

    calls = []
    for provider in registry:
        prepare = getattr(provider, "prepare", None)
        if prepare is not None:
            calls.extend(prepare(*args) or ())
    shown = []
    with prefetched(calls):
        for provider in registry:
            context = provider.load(*args)
            if context is not None:
                shown.append({"template": provider.template, "title": provider.title, "key": provider.key, **context})
    return shown
