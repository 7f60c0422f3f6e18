"""Demo data of the agreements app: the seed-003 story's cooperation agreement, signed in the app."""

import datetime

from django.utils import timezone

from opora.agreements import services


def seed(ctx):
    case = ctx.extra.get("story_case")
    if case is None:
        return
    today = timezone.localdate()
    agreement = services.agreement_create(
        case=case,
        by=case.lead,
        family_parties="Lucie Horváthová (matka), Matyáš Horváth",
        with_ospod=False,
        goals="Pravidelná docházka do školy; stabilní bydlení rodiny.",
        family_promises="Maminka dohlédne na ranní odchody do školy a přijde na konzultace s třídní učitelkou.",
        service_promises="Case manažerka se s rodinou setká každé dva týdny a doprovodí maminku na bytový odbor.",
        information_sharing="Škole sdělujeme jen docházku a průběh spolupráce, jak dovoluje souhlas.",
        review_on=today + datetime.timedelta(days=60),
    )
    services.agreement_sign(
        agreement=agreement,
        signed_by="Lucie Horváthová, Matyáš Horváth",
        signed_on=today - datetime.timedelta(days=85),
        by=case.lead,
    )
