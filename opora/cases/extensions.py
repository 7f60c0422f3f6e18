"""Seams through which other apps add to the case page without editing the cases app.

* ``case_tabs``: a tab of the case page for the case team (e.g. meetings, consents) — a
  ``opora.core.registry.Tab``: ``visible(request, case)`` is asked on every view of the page
  (cheap), ``load(request, case) -> dict`` only when the tab is shown (it writes the tab's audit
  record); the template gets the loaded dict as ``panel``.
* ``header_badges``: a badge in the case header (e.g. the consent status) — a ``Panel``.
* ``timeline_sources``: entries of the case timeline kept by another app (held meetings and
  the tasks agreed at them) — a ``TimelineSource`` whose ``load(case, limit)`` returns dicts
  ``{"at": datetime, "date": date, "title": str, "lines": [str], "url": str}``; only the case
  team sees the timeline.
* ``school_panels``: a panel of the school's limited view of a case (reports addressed to the
  school, minutes of meetings the school attended) — a ``Panel``.
* ``closure_hooks``: called inside the closing transaction (``cases.services.case_transition``)
  with ``case``, ``by`` and ``request`` — e.g. the outcomes app creates its follow-up checks.

A ``Panel``'s ``load(request, case)`` returns its context, or None when it has nothing to show.
Apps register their providers in their ``AppConfig.ready()``; each provider is responsible for
its own access checks and audit records.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from opora.core.registry import Registry, render

case_tabs = Registry("case tabs")
header_badges = Registry("header badges")
school_panels = Registry("school panels")
timeline_sources = Registry("timeline sources")
closure_hooks = Registry("closure hooks")


@dataclass(frozen=True)
class TimelineSource:
    key: str
    title: Any
    load: Callable[..., list[dict]]
    order: int = 100


@dataclass(frozen=True)
class ClosureHook:
    """Runs ``run(case=…, by=…, request=…)`` when a case is closed (in the same transaction)."""

    key: str
    run: Callable[..., None]
    order: int = 100


def tabs_for(request, case) -> list:
    """The extension tabs the signed-in membership sees on this case, in order."""
    return [tab for tab in case_tabs if tab.visible(request, case)]


def tab_panel(tab, request, case) -> dict:
    """The context of the shown tab, for ``{% include panel.template with panel=panel %}``."""
    return {"template": tab.template, "title": tab.title, "case": case, **tab.load(request, case)}


def badges_for(request, case) -> list[dict]:
    return render(header_badges, request, case)


def school_panels_for(request, case) -> list[dict]:
    return render(school_panels, request, case)
