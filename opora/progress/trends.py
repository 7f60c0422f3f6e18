"""The trend of an indicator from its observations (pure: no queries), and its sparkline."""

from __future__ import annotations

from dataclasses import dataclass

IMPROVING = "improving"
WORSENING = "worsening"
UNCHANGED = "unchanged"
NO_DATA = "no_data"


@dataclass(frozen=True)
class Trend:
    first: int | None
    latest: int | None
    count: int
    direction: str  # IMPROVING / WORSENING / UNCHANGED / NO_DATA
    met: bool
    points: str  # an SVG polyline's points, "" with fewer than two observations


def trend(values: list[int], target: int, *, low: int | None = None, high: int | None = None) -> Trend:
    """`values` in the order observed. The direction compares the distance to the target of the
    first and the latest value (closer = improving), so targets below the start (fewer
    unexcused hours) work as well as targets above it. Met: the latest value has reached the
    target from the side the first value started on."""
    if not values:
        return Trend(None, None, 0, NO_DATA, False, "")
    first, latest = values[0], values[-1]
    before, now = abs(first - target), abs(latest - target)
    if len(values) < 2 or before == now:
        direction = UNCHANGED if len(values) >= 2 else NO_DATA
    else:
        direction = IMPROVING if now < before else WORSENING
    met = latest >= target if first <= target else latest <= target
    return Trend(first, latest, len(values), direction, met, sparkline(values, target, low=low, high=high))


def sparkline(values, target, *, low=None, high=None, width=120, height=28, pad=3) -> str:
    if len(values) < 2:
        return ""
    low = min([*values, target] + ([low] if low is not None else []))
    high = max([*values, target] + ([high] if high is not None else []))
    span = (high - low) or 1
    step = (width - 2 * pad) / (len(values) - 1)

    def y(v):
        return round(height - pad - (v - low) * (height - 2 * pad) / span, 1)

    return " ".join(f"{round(pad + i * step, 1)},{y(v)}" for i, v in enumerate(values))


def target_y(values, target, *, low=None, high=None, height=28, pad=3) -> float:
    low = min([*values, target] + ([low] if low is not None else []))
    high = max([*values, target] + ([high] if high is not None else []))
    span = (high - low) or 1
    return round(height - pad - (target - low) * (height - 2 * pad) / span, 1)
