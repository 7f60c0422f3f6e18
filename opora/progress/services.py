"""Every write of the progress app: indicators, observations, return readiness and visits."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from opora import access
from opora.audit.services import audit_log
from opora.core.concurrency import save_versioned
from opora.progress.models import Indicator, Observation, ReturnPlan, Visit

INDICATOR_FIELDS = ("name", "kind", "scale_min", "scale_max", "target", "return_condition")


def _require_edit(by, case):
    if not access.can_edit_case(by, case):
        raise PermissionDenied


@transaction.atomic
def indicator_create(
    *, goal, name, kind, target=None, scale_min=None, scale_max=None, return_condition=False, by, request=None
) -> Indicator:
    _require_edit(by, goal.case)
    indicator = Indicator(
        goal=goal,
        case=goal.case,
        name=name,
        kind=kind,
        target=1 if target is None and kind == "yes_no" else target,
        scale_min=scale_min,
        scale_max=scale_max,
        return_condition=return_condition,
    )
    indicator.full_clean()
    indicator.save()
    audit_log(action="progress.indicator_create", request=request, membership=by, obj=indicator)
    return indicator


@transaction.atomic
def indicator_update(*, indicator: Indicator, stamp, by, request=None, **data) -> Indicator:
    """Edit an indicator (optimistic locking). Its kind or scale may change only while it has
    no observations that the new definition would not allow."""
    _require_edit(by, indicator.case)
    for name in INDICATOR_FIELDS:
        if name in data:
            setattr(indicator, name, data[name])
    if indicator.kind == "yes_no" and indicator.target is None:
        indicator.target = 1
    indicator.full_clean()
    for observation in indicator.observations.all():
        try:
            indicator.validate_value(observation.value)
        except ValidationError as exc:
            raise ValidationError(
                _("Recorded observations do not fit the new definition; keep the kind and scale.")
            ) from exc
    save_versioned(indicator, stamp=stamp, fields=INDICATOR_FIELDS)
    audit_log(action="progress.indicator_update", request=request, membership=by, obj=indicator)
    return indicator


@transaction.atomic
def observation_record(*, indicator: Indicator, observed_on, value, note="", by, request=None) -> Observation:
    _require_edit(by, indicator.case)
    if isinstance(value, bool):
        value = int(value)
    indicator.validate_value(value)
    observation = Observation(indicator=indicator, observed_on=observed_on, value=value, note=note, recorded_by=by)
    observation.full_clean()
    observation.save()
    audit_log(
        action="progress.observation_record", request=request, membership=by, obj=observation, data={"value": value}
    )
    return observation


@transaction.atomic
def return_plan_save(*, case, stamp=None, placement="", next_evaluation_on=None, note="", by, request=None):
    _require_edit(by, case)
    plan = ReturnPlan.objects.filter(case=case).first() or ReturnPlan(case=case)
    plan.placement, plan.next_evaluation_on, plan.note = placement, next_evaluation_on, note
    plan.full_clean()
    save_versioned(plan, stamp=stamp, fields=("placement", "next_evaluation_on", "note"))
    audit_log(action="progress.return_plan_save", request=request, membership=by, obj=plan)
    return plan


@transaction.atomic
def visit_create(*, case, planned_on, who, happened=None, note="", by, request=None) -> Visit:
    _require_edit(by, case)
    visit = Visit(case=case, planned_on=planned_on, who=who, happened=happened, note=note)
    visit.full_clean()
    visit.save()
    audit_log(action="progress.visit_create", request=request, membership=by, obj=visit)
    return visit


@transaction.atomic
def visit_update(*, visit: Visit, stamp, by, request=None, **data) -> Visit:
    _require_edit(by, visit.case)
    for name in ("planned_on", "who", "happened", "note"):
        if name in data:
            setattr(visit, name, data[name])
    visit.full_clean()
    save_versioned(visit, stamp=stamp, fields=("planned_on", "who", "happened", "note"))
    audit_log(action="progress.visit_update", request=request, membership=by, obj=visit)
    return visit
