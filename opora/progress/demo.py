"""Demo data of the progress app: the seed-003 story's goals get measured indicators, each
observed twice. Does nothing without the story case."""

import datetime

from django.utils import timezone

from opora.progress import services


def _days(n):
    return timezone.localdate() - datetime.timedelta(days=n)


def seed(ctx):
    case = ctx.extra.get("story_case")
    if case is None:
        return
    cm = case.lead
    goals = {g.title: g for g in case.goals.all()}
    attendance = goals.get("Pravidelná docházka do školy")
    housing = goals.get("Rodina má stabilní bydlení")
    if attendance is not None:
        hours = services.indicator_create(
            goal=attendance, name="Neomluvené hodiny za měsíc", kind="count", target=2, by=cm
        )
        services.observation_record(
            indicator=hours, observed_on=_days(60), value=9, note="září podle třídní knihy", by=cm
        )
        services.observation_record(indicator=hours, observed_on=_days(10), value=3, note="říjen, zlepšení", by=cm)
        mood = services.indicator_create(
            goal=attendance,
            name="Jak se Matyáš ve škole cítí (1–5)",
            kind="scale",
            scale_min=1,
            scale_max=5,
            target=4,
            by=cm,
        )
        services.observation_record(indicator=mood, observed_on=_days(60), value=2, by=cm)
        services.observation_record(indicator=mood, observed_on=_days(10), value=4, note="sám to tak řekl", by=cm)
    if housing is not None:
        flat = services.indicator_create(goal=housing, name="Žádost o obecní byt podána", kind="yes_no", by=cm)
        services.observation_record(indicator=flat, observed_on=_days(45), value=0, by=cm)
        services.observation_record(
            indicator=flat, observed_on=_days(12), value=1, note="podáno na bytovém odboru", by=cm
        )
