"""Seams through which other apps add to the case page without editing the cases app.

* ``case_tabs``: a tab of the case page for the case team (e.g. meetings, consents, audit).
* ``school_panels``: a panel of the school's limited view of a case (reports addressed to the
  school, minutes of meetings the school attended).
* ``header_badges``: a badge in the case header (e.g. the consent status).

Each registered function receives ``(request, case)`` and returns a dict
``{"template": ..., "title": ..., **context}`` or None when it has nothing to show. The case
page includes ``template`` with that dict as ``panel`` (``{% include x.template with panel=x %}``),
the same contract as the overview panels of ``opora.core.dashboard``.

Tab providers are asked on every view of the case page (for the tab's title), so they stay
cheap: the tab's content goes into an optional ``"load"`` callable returning a dict, which the
case page calls only when that tab is the one shown (and which writes the tab's audit record).
Each provider is responsible for its own access checks and audit records.
"""

from collections.abc import Callable

Provider = Callable[[object, object], dict | None]

case_tabs: list[tuple[int, str, Provider]] = []
school_panels: list[tuple[int, Provider]] = []
header_badges: list[tuple[int, Provider]] = []


def register_case_tab(slug: str, order: int = 100):
    def decorator(func: Provider) -> Provider:
        if slug not in {s for _, s, _ in case_tabs}:
            case_tabs.append((order, slug, func))
            case_tabs.sort(key=lambda item: item[0])
        return func

    return decorator


def register_school_panel(order: int = 100):
    def decorator(func: Provider) -> Provider:
        school_panels.append((order, func))
        school_panels.sort(key=lambda item: item[0])
        return func

    return decorator


def register_header_badge(order: int = 100):
    def decorator(func: Provider) -> Provider:
        header_badges.append((order, func))
        header_badges.sort(key=lambda item: item[0])
        return func

    return decorator


def render_all(providers, request, case) -> list[dict]:
    return [panel for provider in providers if (panel := provider(request, case)) is not None]
