"""Panels on the overview page. Apps register a function that returns a panel or None."""

from collections.abc import Callable

PanelProvider = Callable[[object], dict | None]
_PROVIDERS: list[tuple[int, PanelProvider]] = []


def register(order: int):
    def decorator(func: PanelProvider) -> PanelProvider:
        _PROVIDERS.append((order, func))
        _PROVIDERS.sort(key=lambda item: item[0])
        return func

    return decorator


def panels_for(request) -> list[dict]:
    """Each provider returns {"template": ..., **context} for the request's membership, or None."""
    return [panel for _, provider in _PROVIDERS if (panel := provider(request)) is not None]
