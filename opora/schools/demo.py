"""Demo: schools at several stages of the partnership pipeline, their ŠPP contacts, evaluation
meetings, themes and locality work (all invented)."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from opora.schools import services
from opora.schools.models import LocalityMeeting, School, SchoolContact

PATHS = {
    "vysluni": [
        ("offer", "Nabídka reaguje na mapování: záškoláctví v 8. ročnících."),
        ("offer_sent", "E-mail výchovnému poradci p. Veselému."),
        ("responded", "Pan Veselý volal zpět, poslali jsme vzor smlouvy."),
        ("intro_meeting", "Úvodní schůzka s ředitelkou a ŠPP; porady jednou za 2 měsíce."),
        ("contract_signed", "Smlouva podepsána oběma stranami."),
        ("active", "ŠPP představilo první příběh studenta."),
    ],
    "libenska": [
        ("offer", "Nabídka pro 1. ročníky: adaptace a předčasné odchody."),
        ("offer_sent", "E-mail školní psycholožce."),
        ("no_response", "Bez odpovědi 3 týdny."),
        ("interested", "Telefonicky: původní nabídka je zaujala."),
        ("responded", "Domluvena schůzka."),
        ("intro_meeting", "Úvodní schůzka proběhla."),
        ("contract_pending", "Ředitel chce smlouvu projednat s radou školy."),
    ],
}

MORE = [
    # key, name, address, red izo, ičo, kind, path
    ("kbely", "Základní škola Praha 9 – Kbely", "Albrechtická 1, 197 00 Praha 9", "600040011", "70883521", "primary",
     [("offer", ""), ("offer_sent", "E-mail metodičce prevence.")]),
    ("prosek", "Gymnázium Litoměřická", "Litoměřická 726, 190 00 Praha 9", "600005909", "61388971", "grammar",
     [("offer", ""), ("offer_sent", ""), ("no_response", ""),
      ("not_interested", "Mají vlastní školní psycholožku; ozveme se v novém školním roce.")]),
    ("vysocany", "Střední odborné učiliště Vysočany", "Učňovská 100, 190 00 Praha 9", "600021467", "00064581",
     "vocational",
     [("offer", ""), ("offer_sent", ""), ("no_response", ""),
      ("other_request", "Chtějí hlavně dluhové poradenství pro rodiny."),
      ("cannot_provide", "Předána síť možností (dluhová poradna, bytový odbor).")]),
    ("strizkov", "Základní škola Střížkov", "Na Střížkově 1, 190 00 Praha 9", "600040208", "27074358", "primary",
     [("offer", ""), ("offer_sent", ""), ("no_response", ""), ("other_request", "Zájem o práci s třídním kolektivem."),
      ("can_provide", "Upravená nabídka: třídnické hodiny + case management.")]),
    ("harfa", "Základní škola Na Harfě", "Na Harfě 3, 190 00 Praha 9", "", "", "primary", []),
]  # fmt: skip

CONTACTS = {
    "vysluni": [
        ("director", "Mgr. Ivana Černá", "reditelka@zs-vysluni.demo.cz", "+420 283 000 101", ""),
        ("counsellor", "Mgr. Martin Veselý", "vychovny.poradce@zs-vysluni.demo.cz", "+420 283 000 102", ""),
        ("prevention", "Bc. Kateřina Šimková", "prevence@zs-vysluni.demo.cz", "+420 283 000 103", ""),
        ("psychologist", "Mgr. Ondřej Pokorný", "psycholog@zs-vysluni.demo.cz", "", ""),
        ("class_teacher", "Mgr. Lenka Horáčková", "horackova@zs-vysluni.demo.cz", "", "8.A"),
        ("class_teacher", "Mgr. Pavel Kratochvíl", "kratochvil@zs-vysluni.demo.cz", "", "8.B"),
    ],
    "libenska": [
        ("director", "Ing. Radek Bartoš", "reditel@sos-libenska.demo.cz", "+420 284 000 201", ""),
        ("psychologist", "Mgr. Lucie Marková", "psycholozka@sos-libenska.demo.cz", "+420 284 000 202", ""),
        ("counsellor", "Mgr. Eva Šťastná", "poradkyne@sos-libenska.demo.cz", "", ""),
    ],
    "prosek": [("prevention", "Mgr. Tereza Vlčková", "prevence@gym-litomericka.demo.cz", "", "")],
    "vysocany": [("counsellor", "Bc. Josef Kadlec", "kadlec@sou-vysocany.demo.cz", "+420 266 000 301", "")],
}


def _walk(school, path, by, start):
    """Move `school` along `path`, a week apart, ending before today."""
    at = start
    for stage, note in path:
        extra = {}
        if stage in ("not_interested", "cannot_provide"):
            extra["future_contact_on"] = timezone.localdate() + datetime.timedelta(days=120)
        if stage == "contract_signed":
            extra.update(
                contract_file=ContentFile(b"%PDF-1.4\n% demo smlouva\n", name="smlouva-zs-vysluni.pdf"),
                contract_signed_on=at.date(),
                contract_valid_from=at.date(),
                contract_valid_until=at.date() + datetime.timedelta(days=365),
            )
        services.school_transition(school=school, to_stage=stage, by=by, note=note, at=at, **extra)
        school.refresh_from_db()
        at += datetime.timedelta(days=7)


def seed(ctx):
    coordinator = ctx.users["coordinator"]
    cm = ctx.users["cm1"]
    now = timezone.now()
    vysluni, libenska = ctx.schools["vysluni"], ctx.schools["libenska"]
    School.objects.filter(pk=vysluni.pk).update(red_izo="600040101", ico="25596641", kind="primary",
                                                evaluation_cadence_days=60)  # fmt: skip
    School.objects.filter(pk=libenska.pk).update(red_izo="600021301", ico="26168685", kind="secondary")
    _walk(vysluni, PATHS["vysluni"], coordinator, now - datetime.timedelta(days=200))
    _walk(libenska, PATHS["libenska"], coordinator, now - datetime.timedelta(days=90))
    School.objects.filter(pk=libenska.pk).update(next_follow_up=timezone.localdate() + datetime.timedelta(days=5))
    for key, name, address, red_izo, ico, kind, path in MORE:
        school = School.objects.create(
            organisation=ctx.org, name=name, address=address, red_izo=red_izo, ico=ico, kind=kind
        )
        ctx.schools[key] = school
        _walk(school, path, coordinator, now - datetime.timedelta(days=60))
    for key, people in CONTACTS.items():
        for role, name, email, phone, school_class in people:
            SchoolContact.objects.create(
                school=ctx.schools[key], role=role, name=name, email=email, phone=phone, school_class=school_class
            )
    today = timezone.localdate()
    services.evaluation_add(
        school=vysluni,
        by=cm,
        held_on=today - datetime.timedelta(days=75),
        what_works="Výchovný poradce předává informace rychle, třídní učitelé se zapojují.",
        what_to_change="Zápisy z porad posílat do 3 dnů; domluvit náhradníka za metodičku prevence.",
    )
    start, end = services.default_period(today)
    for theme, count in [("bullying", 2), ("bullying", 2), ("drugs", 1), ("drugs", 1), ("teacher_behaviour", 3),
                         ("absence", 4), ("mental_health", 2)]:  # fmt: skip
        services.theme_add(school=vysluni, by=cm, theme=theme, period_start=start, period_end=end, student_count=count)
    for area, group, need, school in [
        ("Praha 9 – Prosek", "students", "Nuda a nedostatek nízkoprahových aktivit odpoledne.", None),
        ("Praha 9 – Vysočany", "families", "Zadlužené rodiny, hrozící ztráta bydlení.", ctx.schools["vysocany"]),
        ("Praha 9 – Kbely", "teachers", "Učitelé nevědí, na koho se obrátit při podezření na zanedbávání.", None),
        ("Praha 8 – Libeň", "schools", "Vysoká absence v 1. ročnících odborných škol.", libenska),
    ]:
        services.locality_need_add(by=coordinator, area=area, group=group, need=need, source="rozhovory", school=school)
    ctx.extra["locality_meeting"] = services.locality_meeting_add(
        by=coordinator,
        title="Setkání aktérů Praha 9 – jaro",
        held_on=today - datetime.timedelta(days=20),
        place="Komunitní centrum Prosek",
        participants="OSPOD Praha 9, SAS Rodina v centru, PPP Praha 9, K-centrum, Policie ČR",
        notes="Sdílení kazuistik k záškoláctví; dohoda o společném kontaktu na OSPOD.",
    )
    assert LocalityMeeting.objects.filter(organisation=ctx.org).exists()
