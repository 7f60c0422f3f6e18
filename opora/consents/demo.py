"""Demo data of the consents app: consents on the demo cases that exist when it runs (the cases
app seeds them), a report sent to the school, a disclosure to OSPOD on legal duty and an
external actor (an SAS worker) with an account. Does nothing when there are no cases."""

import datetime

from django.utils import timezone

from opora.accounts.models import Role
from opora.cases.models import Case
from opora.consents import services
from opora.consents.checks import Recipient
from opora.network.models import Institution


def seed(ctx):
    cases = list(Case.objects.filter(organisation=ctx.org).select_related("school", "lead").order_by("pk"))
    if not cases:
        return
    today = timezone.localdate()
    for index, case in enumerate(cases):
        lead = case.lead
        actors = list(case.actors.all()[:3])
        if case.school_id is None and not actors:
            continue
        consent = services.consent_record(
            case=case,
            given_by_kind="guardian",
            given_by_name=_guardian_name(case),
            student_agrees=_is_teenager(case, today),
            categories=["contact", "school", "plan", "minutes", "reports"],
            to_school=case.school_id is not None,
            actors=actors,
            named_recipients="Pedagogicko-psychologická poradna Praha 9",
            purpose="Koordinace podpory žáka mezi rodinou, školou a službami; příprava případového setkání.",
            given_on=max(case.opened_at, today - datetime.timedelta(days=300)),
            # The second case shows a consent that expires soon.
            valid_until=today + datetime.timedelta(days=20) if index == 1 else None,
            by=lead,
        )
        if index == 0 and case.school_id:
            report = services.school_report_create(
                case=case,
                title="Průběžná zpráva pro školní poradenské pracoviště",
                text=(
                    "Rodina spolupracuje se sociálně aktivizační službou, docházka se za poslední měsíc "
                    "zlepšila. Doporučujeme pokračovat v doučování dvakrát týdně a domluvit další "
                    "případové setkání za šest týdnů."
                ),
                by=lead,
            )
            services.school_report_send(report=report, by=lead)
            _legal_duty(ctx, case, lead)
            _external_actor(ctx, case, actors)
        ctx.extra.setdefault("consents", []).append(consent)


def _legal_duty(ctx, case, lead):
    ospods = Institution.objects.filter(organisation=ctx.org, kind=Institution.Kind.OSPOD)
    ospod = ospods.filter(name__startswith="OSPOD").first() or ospods.first()
    if ospod is None:
        ospod = Institution.objects.create(
            organisation=ctx.org, name="OSPOD Úřad městské části Praha 9", category="ospod", kind="ospod"
        )
    services.disclosure_record(
        case=case,
        category="family",
        recipient=Recipient.for_institution(ospod),
        document="Záznam z rozhovoru se žákem",
        legal_duty=(
            "Žák při rozhovoru popsal opakované fyzické tresty doma a má viditelná zranění; "
            "podezření na ohrožení dítěte, hlášeno OSPOD bez souhlasu rodiny."
        ),
        by=lead,
    )


def _external_actor(ctx, case, actors):
    """An SAS worker with an account, linked to the case's first actor, who sees their tasks."""
    from opora.core.demo import _member

    if not actors:
        return
    membership = _member(
        ctx,
        "external",
        org=ctx.org,
        email="sas.pracovnice@demo.opora.cz",
        name="Eva Šimková",
        role=Role.EXTERNAL,
        job_title="sociální pracovnice SAS",
    )
    actor = actors[0]
    actor.membership = membership
    actor.save(update_fields=["membership"])


def _guardian_name(case) -> str:
    return f"zákonný zástupce žáka {case.student.last_name}"


def _is_teenager(case, today) -> bool:
    born = case.student.date_of_birth
    return born is not None and (today - born).days >= 12 * 365
