"""Reads of the progress app: goals with their indicators and trends, return readiness."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch

from opora.cases.models import Goal
from opora.progress import trends
from opora.progress.models import Indicator, Observation, ReturnPlan, Visit

# Querysets the views fetch single records from (through opora.access.fetch_case_item).
GOALS = Goal.objects.all()
INDICATORS = Indicator.objects.all()
VISITS = Visit.objects.all()


def return_plan_of(case):
    return ReturnPlan.objects.filter(case=case).first()


def return_plan_initial(case, plan) -> dict:
    """A new return plan (``plan`` None) starts from the family record's placement of the
    children it concerns."""
    from opora.families.selectors import placement_text, placements_for_case

    if plan is not None:
        return {}
    texts = [placement_text(child) for child in placements_for_case(case)]
    return {"placement": "; ".join(texts)[:300]} if texts else {}


@dataclass
class IndicatorRow:
    indicator: Indicator
    observations: list
    trend: trends.Trend
    target_y: float | None

    @property
    def first_display(self):
        return self.indicator.display_value(self.trend.first)

    @property
    def latest_display(self):
        return self.indicator.display_value(self.trend.latest)

    @property
    def target_display(self):
        return self.indicator.display_value(self.indicator.target)


def indicator_row(indicator: Indicator) -> IndicatorRow:
    observations = list(indicator.observations.all())
    values = [o.value for o in observations]
    low, high = indicator.scale_min, indicator.scale_max
    t = trends.trend(values, indicator.target, low=low, high=high)
    ty = trends.target_y(values, indicator.target, low=low, high=high) if t.points else None
    return IndicatorRow(indicator, observations, t, ty)


def _indicators():
    return Indicator.objects.prefetch_related(
        Prefetch("observations", queryset=Observation.objects.order_by("observed_on", "id"))
    )


def goals_with_indicators(case) -> list[dict]:
    goals = Goal.objects.filter(case=case).prefetch_related(Prefetch("indicators", queryset=_indicators()))
    return [{"goal": g, "rows": [indicator_row(i) for i in g.indicators.all()]} for g in goals]


def return_readiness(case) -> dict:
    from opora.families.selectors import placements_for_case

    conditions = [
        indicator_row(i) for i in _indicators().filter(case=case, return_condition=True).select_related("goal")
    ]
    return {
        "plan": ReturnPlan.objects.filter(case=case).first(),
        "conditions": conditions,
        "conditions_met": sum(1 for r in conditions if r.trend.met),
        "visits": list(Visit.objects.filter(case=case)),
        # Where the child lives now, from the family record (the plan's free text is then a note).
        "placements": placements_for_case(case),
    }


def indicator_trends_text(case) -> str:
    """The goals and indicator trends as plain text (for reports)."""
    lines = []
    for item in goals_with_indicators(case):
        goal = item["goal"]
        lines.append(f"{goal.title} ({goal.get_status_display()})")
        for row in item["rows"]:
            lines.append(
                f"  – {row.indicator.name}: {row.first_display} → {row.latest_display} "
                f"({trend_label(row.trend.direction)}; {target_label(row)})"
            )
    return "\n".join(lines)


def trend_label(direction: str) -> str:
    from django.utils.translation import gettext as _

    return {
        trends.IMPROVING: _("improving"),
        trends.WORSENING: _("worsening"),
        trends.UNCHANGED: _("unchanged"),
        trends.NO_DATA: _("not enough observations"),
    }[direction]


def target_label(row: IndicatorRow) -> str:
    from django.utils.translation import gettext as _

    if row.trend.met:
        return _("target %(target)s reached") % {"target": row.target_display}
    return _("target %(target)s") % {"target": row.target_display}
