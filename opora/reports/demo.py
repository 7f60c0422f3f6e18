"""Demo data of the reports app: a court report on the family case (seed 002), written by its
case manager, approved by the coordinator and handed over on the court's written request."""

import datetime

from django.utils import timezone

from opora.network.services import institution_save
from opora.reports import selectors, services


def seed(ctx):
    case = ctx.extra.get("family_case")
    if case is None:
        return
    coordinator = ctx.users["coordinator"]
    court = institution_save(
        by=coordinator,
        name="Obvodní soud pro Prahu 9",
        category="other",
        kind="court",
        address="Jablonecká 716/1, 190 00 Praha 9",
    )
    texts = selectors.report_initial(case, "court")
    texts["family_view"] = (
        "Matka si přeje, aby se Denis vrátil domů do konce školního roku; Denis se na víkendy doma těší."
    )
    texts["recommendation"] = (
        "Doporučujeme rozšířit pobyty Denise doma na každý víkend "
        "a za tři měsíce znovu posoudit jeho návrat do péče matky."
    )
    report = services.report_create(case=case, recipient_kind="court", institution=court, by=case.lead, **texts)
    services.report_step(report=report, step="submit", by=case.lead)
    services.report_step(report=report, step="approve", by=coordinator)
    services.report_hand_over(
        report=report,
        channel="data_box",
        basis="court_request",
        request_reference="24 P 118/2026",
        request_date=timezone.localdate() - datetime.timedelta(days=14),
        by=case.lead,
    )
