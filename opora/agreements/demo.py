"""Demo data of the agreements app: the three-party cooperation agreement of the family case
(family, service, OSPOD) — the first version refused, as seed 002 says happens, the second signed."""

import datetime

from django.utils import timezone

from opora.agreements import services


def seed(ctx):
    case = ctx.extra.get("family_case")
    if case is None:
        return
    today = timezone.localdate()
    first = services.agreement_create(
        case=case,
        by=case.lead,
        family_parties="Markéta Pokorná (matka)",
        with_ospod=True,
        ospod_party="Bc. Hana Kolářová, OSPOD Praha 9",
        ospod_promises=(
            "OSPOD vyhodnotí podmínky návratu Denise jednou za tři měsíce a domluví návštěvy s dětským domovem."
        ),
        goals="Návrat Denise z dětského domova domů; pravidelná docházka Lukáše; stabilní chod domácnosti.",
        family_promises="Matka bude jezdit za Denisem každou druhou sobotu a přijde na schůzky se službou.",
        service_promises="Case manažerka se s rodinou setká každý týden a doprovodí matku na dluhovou poradnu.",
        information_sharing="Soudu a OSPOD předáváme zprávy o průběhu spolupráce; škole jen docházku Lukáše.",
        review_on=today + datetime.timedelta(days=60),
    )
    services.agreement_refuse(
        agreement=first,
        note="Matka nechtěla podepsat týdenní schůzky kvůli práci; domluvíme termíny znovu.",
        refused_on=today - datetime.timedelta(days=60),
        by=case.lead,
    )
    second = services.agreement_renegotiate(agreement=first, by=case.lead)
    services.agreement_update(
        agreement=second,
        stamp=None,
        by=case.lead,
        service_promises=(
            "Case manažerka se s rodinou setká každý druhý týden odpoledne a doprovodí matku na dluhovou poradnu."
        ),
    )
    services.agreement_sign(
        agreement=second,
        signed_by="Markéta Pokorná; Bc. Hana Kolářová (OSPOD)",
        signed_on=today - datetime.timedelta(days=55),
        by=case.lead,
    )
