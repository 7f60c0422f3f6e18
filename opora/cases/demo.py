"""Demo cases: the story of seed 003 in progress, and cases in several states."""

import datetime

from django.utils import timezone

from opora.cases import services
from opora.cases.models import Case, CaseEvent, ClosePerson, Task


def _days(n):
    return timezone.localdate() - datetime.timedelta(days=n)


def _at(n):
    return timezone.now() - datetime.timedelta(days=n)


def _walk(case, steps, *, by, start_days_ago):
    """Take the case through `steps` (name, reason), a few days apart, dated back in time."""
    for i, (name, kwargs) in enumerate(steps):
        services.case_transition(case=case, name=name, by=by, **kwargs)
        day = max(start_days_ago - 3 * i, 1)
        event = CaseEvent.objects.filter(case=case, kind="transition").order_by("-id").first()
        CaseEvent.objects.filter(pk=event.pk).update(at=_at(day))
    case.refresh_from_db()
    return case


def _stamp(case, days_ago):
    """Date the events just written (plan, assessment, intake…) back to when they happened."""
    recent = timezone.now() - datetime.timedelta(minutes=5)
    CaseEvent.objects.filter(case=case, at__gte=recent).exclude(kind="transition").update(at=_at(days_ago))


def _refer(ctx, *, first, last, school, cls, lead, days_ago, view, by=None, name="", consent=True):
    case = services.case_refer(
        organisation=ctx.org,
        student_data={"first_name": first, "last_name": last, "school_class": cls},
        school=ctx.schools[school],
        lead=ctx.users[lead],
        referred_by_name=name,
        referred_on=_days(days_ago),
        school_view=view,
        consent_to_pass_contacts=consent,
        by=by or ctx.users[lead],
    )
    CaseEvent.objects.filter(case=case).update(at=_at(days_ago))
    return case


def _intake(case, by, days_ago=None, **extra):
    data = {"several_institutions": True, "long_term_complex_need": True}
    data |= {"client_willing": True, "realistic_goal": True}
    data.update(extra)
    services.intake_check_save(case=case, data=data, by=by)
    last = CaseEvent.objects.filter(case=case, kind="transition").order_by("-at").first()
    _stamp(case, days_ago if days_ago is not None else (timezone.now() - last.at).days)


def _activity(case, by, days_ago, kind, note, minutes=60, participants="", attendance="na", restricted=False):
    services.activity_save(
        case=case,
        data={
            "kind": kind,
            "occurred_on": _days(days_ago),
            "duration_minutes": minutes,
            "participants": participants,
            "note": note,
            "attendance": attendance,
            "restricted": restricted,
        },
        by=by,
    )


def _task(case, by, title, due_in, label="", actor=None, status=Task.Status.OPEN, membership=None):
    return services.task_save(
        case=case,
        data={
            "title": title,
            "responsible_label": label,
            "responsible_actor": actor,
            "responsible_membership": membership,
            "due_date": timezone.localdate() + datetime.timedelta(days=due_in),
            "status": status,
        },
        by=by,
    )


def seed_story(ctx):
    """Seed 003: the director's referral of a boy without food and clothing; SAS, the housing office."""
    cm = ctx.users["cm1"]
    director = ctx.users["director"]
    case = _refer(
        ctx,
        first="Matyáš",
        last="Horváth",
        school="vysluni",
        cls="4.A",
        lead="cm1",
        days_ago=120,
        by=cm,
        name=director.user.full_name + ", ředitelka školy",
        view=(
            "Matyáš chodí do školy nepravidelně, často bez svačiny a v oblečení, které mu je malé. "
            "Rodina bydlí v nevyhovující ubytovně, rodiče jsou ve finanční nouzi. Prospěch se zhoršuje."
        ),
    )
    services.case_update_tracks(
        case=case,
        data={"model": "intensive", "parent_contact_running": True, "school_report_every_days": 30},
        by=cm,
    )
    ClosePerson.objects.create(
        student=case.student,
        name="Renata Horváthová",
        relation="matka",
        legal_guardian=True,
        takes_part=True,
        phone="+420 604 118 552",
    )
    ClosePerson.objects.create(
        student=case.student, name="Josef Horváth", relation="otec", legal_guardian=True, takes_part=False
    )
    _walk(case, [("start_contacting", {}), ("meeting_arranged", {})], by=cm, start_days_ago=118)
    _activity(
        case,
        cm,
        112,
        "meeting",
        "První setkání s maminkou a Matyášem ve škole. Zmapovali jsme, co rodina nejvíc potřebuje.",
        90,
        "Matyáš, matka, ředitelka",
        "attended",
    )
    _intake(case, cm, days_ago=112)
    _walk(case, [("start_case_work", {})], by=cm, start_days_ago=111)
    services.request_save(
        case=case, data={"title": "Zajistit základní potřeby: jídlo a oblečení", "opened_on": _days(111)}, by=cm
    )
    services.request_save(case=case, data={"title": "Stabilní a důstojné bydlení", "opened_on": _days(111)}, by=cm)
    _stamp(case, 111)
    _activity(
        case, cm, 110, "material_help", "Vyjednána potravinová pomoc z potravinové banky na 3 měsíce.", 60, "matka"
    )
    _activity(
        case,
        cm,
        108,
        "material_help",
        "Ošacení a obuv pro Matyáše z charitního šatníku.",
        45,
        "Matyáš, matka",
        "attended",
    )
    sas = services.actor_save(
        case=case,
        data={
            "name": "SAS Rodina v centru",
            "contact_person": "Bc. Klára Nováková",
            "role": "sociálně aktivizační služba",
            "support": "family",
            "support_kind": "podpora rodičovských kompetencí",
            "frequency": "1× týdně",
            "since": _days(105),
            "informed_of_case_management": True,
        },
        by=cm,
    )
    housing = services.actor_save(
        case=case,
        data={
            "name": "Bytový odbor MČ",
            "contact_person": "Ing. Hana Malá",
            "role": "bytový odbor města",
            "support": "housing",
            "support_kind": "pomoc s hledáním bydlení",
            "frequency": "podle potřeby",
            "since": _days(95),
            "informed_of_case_management": True,
        },
        by=cm,
    )
    _activity(
        case,
        cm,
        100,
        "home_visit",
        "Návštěva v rodině: mapování potřeb, příčiny finanční nouze.",
        120,
        "matka, otec, Matyáš",
        "attended",
    )
    _activity(case, cm, 97, "home_visit", "Maminka mluvila o svých psychických potížích.", 60, "matka", restricted=True)
    services.assessment_save(
        case=case,
        data={
            "assessed_on": _days(95),
            "needs": "Jídlo a oblečení, důstojné bydlení, pravidelná docházka, podpora duševního zdraví maminky.",
            "wishes": "Matyáš chce chodit na fotbal. Maminka chce najít práci.",
            "strengths": "Maminka o syna pečuje a chce spolupracovat. Matyáš je zvídavý a oblíbený ve třídě.",
            "natural_resources": "Babička v sousední ulici, trenér fotbalu, školní družina.",
            "risk_factors": "Finanční nouze, nevyhovující bydlení, nepravidelná docházka.",
            "protective_factors": "Dobrý vztah s třídní učitelkou, zájem rodičů.",
        },
        by=cm,
    )
    _stamp(case, 95)
    _activity(
        case,
        cm,
        90,
        "meeting",
        "Případové setkání ve škole: rodiče, škola, bytový odbor a SAS. Výsledkem je plán spolupráce.",
        90,
        "rodiče, ředitelka, bytový odbor, SAS",
        "attended",
    )
    services.goal_save(
        case=case,
        data={
            "title": "Pravidelná docházka do školy",
            "indicator": "nejvýše 2 neomluvené hodiny za měsíc",
            "review_on": _days(0),
        },
        by=cm,
    )
    services.goal_save(
        case=case,
        data={
            "title": "Rodina má stabilní bydlení",
            "indicator": "podaná žádost o obecní byt",
            "review_on": timezone.localdate() + datetime.timedelta(days=60),
        },
        by=cm,
    )
    _task(case, cm, "Rodiče domluví pravidelné konzultace s třídní učitelkou", 14, label="rodiče")
    _task(case, cm, "Matka vyhledá podporu v oblasti duševního zdraví", -5, label="matka")
    _task(case, cm, "Podat žádost o obecní byt", 30, actor=housing)
    _task(case, cm, "Konzultace rodičovských kompetencí", 7, actor=sas)
    _task(case, cm, "Nabídnout Matyášovi fotbalový kroužek", -20, label="case manažerka", status=Task.Status.DONE)
    _stamp(case, 90)
    _activity(case, cm, 10, "call", "Telefonát s maminkou: plán se daří plnit, docházka se zlepšila.", 20, "matka")
    services.case_record_school_report(case=case, on=_days(25), by=cm)
    ctx.extra["story_case"] = case
    return case


def seed(ctx):
    seed_story(ctx)
    cm1, cm2 = ctx.users["cm1"], ctx.users["cm2"]
    # Just referred by the school counsellor.
    _refer(
        ctx,
        first="Eliška",
        last="Procházková",
        school="vysluni",
        cls="8.B",
        lead="cm2",
        days_ago=3,
        name="Martin Veselý, výchovný poradce",
        view="Sebepoškozování? Spolužačky si všimly jizev.",
    )
    # Contacting, nobody answers: back to school.
    c = _refer(
        ctx,
        first="David",
        last="Kučera",
        school="libenska",
        cls="2. ročník",
        lead="cm2",
        days_ago=30,
        name="Lucie Marková, školní psycholožka",
        view="Dlouhodobé absence, podezření na práci místo školy.",
    )
    _walk(
        c,
        [("start_contacting", {}), ("not_arranged", {"reason": "Na telefon ani SMS nereaguje."})],
        by=cm2,
        start_days_ago=28,
    )
    # First meeting arranged.
    c = _refer(
        ctx,
        first="Tereza",
        last="Malá",
        school="vysluni",
        cls="6.C",
        lead="cm1",
        days_ago=14,
        name="Ivana Černá, ředitelka",
        view="Konflikty se spolužáky, doma rozvod rodičů.",
    )
    _walk(c, [("start_contacting", {}), ("meeting_arranged", {})], by=cm1, start_days_ago=12)
    # Active with an overdue task and no recent contact.
    c = _refer(
        ctx,
        first="Lukáš",
        last="Veselý",
        school="libenska",
        cls="1. ročník",
        lead="cm2",
        days_ago=90,
        name="Lucie Marková, školní psycholožka",
        view="Propadá, rodina se stěhuje, chybí mu pomůcky.",
    )
    _walk(c, [("start_contacting", {}), ("meeting_arranged", {})], by=cm2, start_days_ago=88)
    _intake(c, cm2)
    _walk(c, [("start_case_work", {})], by=cm2, start_days_ago=70)
    _activity(c, cm2, 40, "meeting", "Schůzka v kavárně, Lukáš mluvil o stěhování.", 60, "Lukáš", "attended")
    _task(c, cm2, "Domluvit doučování matematiky", -10, label="Lukáš")
    _task(c, cm2, "Zjistit nárok na příspěvek na pomůcky", -3, membership=cm2)
    _stamp(c, 60)
    # Not attending.
    c = _refer(
        ctx,
        first="Nikola",
        last="Dušková",
        school="vysluni",
        cls="9.A",
        lead="cm1",
        days_ago=80,
        name="Martin Veselý, výchovný poradce",
        view="Úzkosti, odmítá chodit do školy.",
    )
    _walk(c, [("start_contacting", {}), ("meeting_arranged", {})], by=cm1, start_days_ago=78)
    _intake(c, cm1)
    _walk(
        c,
        [("start_case_work", {}), ("not_attending", {"reason": "Dvakrát nepřišla na domluvenou schůzku."})],
        by=cm1,
        start_days_ago=60,
    )
    _activity(c, cm1, 30, "meeting", "Domluvená schůzka, Nikola nepřišla.", 0, "", "did_not_come")
    _task(c, cm1, "Zkusit kontakt přes maminku a nabídnout schůzku online", 2, membership=cm1)
    _stamp(c, 20)
    # Evaluation.
    c = _refer(
        ctx,
        first="Adam",
        last="Beneš",
        school="libenska",
        cls="3. ročník",
        lead="cm1",
        days_ago=200,
        name="Lucie Marková, školní psycholožka",
        view="Užívání návykových látek, konflikty doma.",
    )
    _walk(c, [("start_contacting", {}), ("meeting_arranged", {})], by=cm1, start_days_ago=195)
    _intake(c, cm1)
    _walk(c, [("start_case_work", {}), ("evaluate", {})], by=cm1, start_days_ago=180)
    _activity(
        c,
        cm1,
        5,
        "meeting",
        "Hodnoticí setkání s Adamem a adiktologickou ambulancí.",
        60,
        "Adam, adiktolog",
        "attended",
    )
    # Closed: needs met.
    c = _refer(
        ctx,
        first="Sofie",
        last="Králová",
        school="vysluni",
        cls="7.A",
        lead="cm2",
        days_ago=300,
        name="Ivana Černá, ředitelka",
        view="Po úmrtí babičky se uzavřela, zhoršený prospěch.",
    )
    _walk(c, [("start_contacting", {}), ("meeting_arranged", {})], by=cm2, start_days_ago=295)
    _intake(c, cm2)
    _walk(
        c,
        [
            ("start_case_work", {}),
            ("evaluate", {}),
            (
                "close",
                {
                    "closure_reason": "needs_met",
                    "summary": "Sofie dochází do PPP a do skautu; roli průvodce převzala školní psycholožka.",
                },
            ),
        ],
        by=cm2,
        start_days_ago=40,
    )
    Case.objects.filter(pk=c.pk).update(closed_at=_days(34))
    # Closed early: refused.
    c = _refer(
        ctx,
        first="Filip",
        last="Svoboda",
        school="libenska",
        cls="2. ročník",
        lead="cm1",
        days_ago=60,
        name="Lucie Marková, školní psycholožka",
        view="Opakované záškoláctví.",
    )
    _walk(
        c,
        [
            ("start_contacting", {}),
            ("end_early", {"closure_reason": "refused", "summary": "Otec spolupráci výslovně odmítl."}),
        ],
        by=cm1,
        start_days_ago=55,
    )
    Case.objects.filter(pk=c.pk).update(closed_at=_days(52))
    # A case with a possible duplication of support (§3 step 6).
    c = _refer(
        ctx,
        first="Karolína",
        last="Jelínková",
        school="vysluni",
        cls="5.B",
        lead="cm2",
        days_ago=50,
        name="Martin Veselý, výchovný poradce",
        view="Rodina v dluzích, matka samoživitelka.",
    )
    _walk(c, [("start_contacting", {}), ("meeting_arranged", {})], by=cm2, start_days_ago=48)
    _intake(c, cm2)
    _walk(c, [("start_case_work", {})], by=cm2, start_days_ago=40)
    for name in ("Dluhová poradna Charity", "Občanská poradna"):
        services.actor_save(
            case=c,
            data={"name": name, "support": "debt", "support_kind": "dluhové poradenství", "frequency": "1× za 14 dní"},
            by=cm2,
        )
    _activity(c, cm2, 35, "accompaniment", "Doprovod matky do dluhové poradny.", 120, "matka")
