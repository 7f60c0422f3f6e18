"""Subject access: the indicators, observations and visits held about a student's cases."""


def progress_section(student, choices=None):
    from opora.progress.models import Indicator, Visit

    indicators = Indicator.objects.filter(case__student=student).select_related("case", "goal")
    return {
        "indicators": [
            {
                "case": i.case.number,
                "goal": i.goal.title,
                "indicator": i.name,
                "kind": i.kind,
                "target": i.target,
                "return_condition": i.return_condition,
                "observations": [
                    {"on": o.observed_on.isoformat(), "value": o.value, "note": o.note} for o in i.observations.all()
                ],
            }
            for i in indicators.prefetch_related("observations")
        ],
        "visits": [
            {
                "case": v.case.number,
                "on": v.planned_on.isoformat(),
                "who": v.who,
                "happened": v.happened,
                "note": v.note,
            }
            for v in Visit.objects.filter(case__student=student).select_related("case")
        ],
    }
