"""Demo data of the progress app: the seed-003 story's goals get measured indicators, each
observed twice; the family case (seed 002) gets the conditions for Denis's return, the return
plan and the agreed visits. Does nothing without those cases."""

import datetime

from django.utils import timezone

from opora.progress import selectors, services


def _days(n):
    return timezone.localdate() - datetime.timedelta(days=n)


def seed(ctx):
    _story(ctx.extra.get("story_case"))
    _family(ctx.extra.get("family_case"))


def _family(case):
    if case is None:
        return
    cm = case.lead
    goals = {g.title: g for g in case.goals.all()}
    back_home = goals.get("Denis se vrací domů")
    if back_home is not None:
        weekends = services.indicator_create(
            goal=back_home, name="Víkendy Denise doma bez potíží (za měsíc)", kind="count", target=4,
            return_condition=True, by=cm,
        )  # fmt: skip
        services.observation_record(indicator=weekends, observed_on=_days(50), value=1, by=cm)
        services.observation_record(
            indicator=weekends, observed_on=_days(8), value=3, note="podle zprávy vychovatelky", by=cm
        )
        room = services.indicator_create(
            goal=back_home, name="Denis má doma vlastní postel a místo na učení", kind="yes_no",
            return_condition=True, by=cm,
        )  # fmt: skip
        services.observation_record(indicator=room, observed_on=_days(50), value=0, by=cm)
        services.observation_record(indicator=room, observed_on=_days(8), value=1, note="viděno při návštěvě", by=cm)
    attendance = goals.get("Lukáš chodí do školy pravidelně")
    if attendance is not None:
        hours = services.indicator_create(
            goal=attendance, name="Neomluvené hodiny Lukáše za měsíc", kind="count", target=2, by=cm
        )
        services.observation_record(indicator=hours, observed_on=_days(45), value=6, by=cm)
        services.observation_record(indicator=hours, observed_on=_days(10), value=1, note="říjen", by=cm)
    initial = selectors.return_plan_initial(case, None)
    services.return_plan_save(
        case=case,
        placement=initial.get("placement", ""),
        next_evaluation_on=timezone.localdate() + datetime.timedelta(days=30),
        note="Vyhodnocení s OSPOD a dětským domovem; pak návrh soudu.",
        by=cm,
    )
    services.visit_create(
        case=case, planned_on=_days(20), who="matka a Anička u Denise v dětském domově", happened=True, by=cm
    )
    services.visit_create(
        case=case, planned_on=timezone.localdate() + datetime.timedelta(days=5), who="Denis doma na víkend", by=cm
    )


def _story(case):
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
