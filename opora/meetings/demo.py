"""Demo meetings: the case meeting of seed 003 at the school (held, with minutes, tasks and
signatures, final) and an upcoming case conference. Needs a case of the demo organisation
(made by the cases demo); without one it adds nothing."""

import contextlib
import datetime
import zoneinfo

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone

from opora.cases.models import Case, ClosePerson, NetworkActor
from opora.meetings import services
from opora.meetings.models import Kind, Meeting, Participant
from opora.network.models import Institution, InstitutionKind

PRAGUE = zoneinfo.ZoneInfo("Europe/Prague")
PRESENT = Participant.Attendance.PRESENT


def _pick_case(ctx):
    case = ctx.extra.get("story_case")  # the cases demo's seed-003 story
    if case is not None:
        return case
    cases = Case.objects.filter(organisation=ctx.org).select_related("student", "school").order_by("id")
    school = ctx.schools.get("vysluni")
    return cases.filter(school=school).first() or cases.first()


def _at(days: int, hour: int, minute: int = 0) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=PRAGUE)


def _actor(case, prefix, name, **fields):
    """The case's actor whose name starts with `prefix` (made by the cases demo), or a new one."""
    actor = case.actors.filter(name__startswith=prefix).first()
    return actor or NetworkActor.objects.create(case=case, name=name, **fields)


def _parents(student):
    """The parents (legal guardians) recorded as the student's close persons (cases demo), or
    invented ones recorded now: a participant is always someone the case knows."""
    parents = list(
        ClosePerson.objects.filter(student=student, relation__in=["matka", "otec"], takes_part=True).order_by(
            "relation"
        )
    )
    return parents or [
        ClosePerson.objects.create(student=student, name=name, relation=relation, legal_guardian=True, takes_part=True)
        for name, relation in ((f"Kateřina {student.last_name}ová", "matka"), (f"Roman {student.last_name}", "otec"))
    ]


def _institution(ctx, kind, prefix):
    """The demo directory's institution of `kind` whose name starts with `prefix` (network demo)."""
    return (
        Institution.objects.filter(organisation=ctx.org, kind=kind, name__startswith=prefix).first()
        or Institution.objects.filter(organisation=ctx.org, kind=kind).first()
    )


def _deliver(participant, by):
    """The invitation handed over (the demo sends no e-mail), through the sharing check; a
    participant the consent does not cover simply gets none."""
    with contextlib.suppress(ValidationError):
        services.invitation_send(participant=participant, by=by, by_email=False)


def seed(ctx) -> None:
    case = _pick_case(ctx)
    if case is None:
        return
    cm = case.lead
    director = ctx.users["director"]
    facilitator = ctx.users["facilitator"]
    school_name = case.school.name if case.school_id else ctx.schools["vysluni"].name
    student = case.student
    sas = _actor(
        case,
        "SAS",
        "SAS Rodina v centru",
        contact_person="Eva Nováková",
        email="eva.novakova@sas-rodina.demo.cz",
        role="sociálně aktivizační služba",
    )
    housing = _actor(
        case,
        "Bytový odbor",
        "Bytový odbor ÚMČ Praha 9",
        contact_person="Mgr. Hana Procházková",
        email="bytovy.odbor@praha9.demo.cz",
        role="bytový odbor",
    )

    # The case meeting at school (seed 003), three weeks ago: held, minuted, signed, final.
    meeting = services.meeting_create(
        case=case,
        kind=Kind.SCHOOL_CASE_MEETING,
        start=_at(-21, 14),
        place=f"{school_name}, ředitelna",
        purpose="Dohodnout plán spolupráce: docházka, bydlení, finanční situace a podpora maminky",
        convener=cm,
        facilitator=facilitator,
        minute_taker=cm,
        child_participation=(
            f"{student.first_name} se účastní úvodu a plánu; při části o financích a zdraví maminky není přítomen/a."
        ),
        parents_informed=True,
        room_arranged=True,
        facilitator_arranged=True,
        by=cm,
    )
    people = [
        *({"close_person": parent, "role": Participant.Role.PARENT} for parent in _parents(student)),
        {"is_student": True, "institution": "rodina", "role": Participant.Role.CHILD},
        {"membership": director, "role": Participant.Role.SCHOOL},
        {"actor": housing, "role": Participant.Role.HOUSING_OFFICE},
        {"actor": sas, "role": Participant.Role.SOCIAL_SERVICE},
        {"membership": cm, "role": Participant.Role.CASE_MANAGER},
        {"membership": facilitator, "role": Participant.Role.FACILITATOR},
    ]
    participants = [services.participant_add(meeting=meeting, by=cm, **p) for p in people]
    for p in participants:
        _deliver(p, cm)
        services.participant_set_invitation(participant=p, status=Participant.Invitation.ACCEPTED, by=cm)
        services.participant_set_attendance(participant=p, attendance=PRESENT, by=cm)
    notes = [
        ("Rodina popsala, že od jara bydlí v nevyhovujícím podnájmu a finance nestačí na základní potřeby.", ""),
        (
            f"{student.first_name} by chtěl chodit do školy pravidelně, ráno ale často nemá svačinu a čisté oblečení.",
            "",
        ),
        (
            "Škola eviduje 86 zameškaných hodin, z toho 20 neomluvených; zhoršení v matematice a češtině.",
            "Třídní učitelka bude rodičům posílat týdenní přehled docházky.",
        ),
        (
            "SAS už rodině zajistila potravinovou pomoc; bytový odbor vysvětlil podmínky žádosti o obecní byt.",
            "Rodina podá žádost o byt s pomocí SAS.",
        ),
        ("Maminka souhlasí, že vyhledá podporu v oblasti duševního zdraví.", "Plán spolupráce viz tabulka úkolů."),
        ("Shrnutí, termín revizního setkání za měsíc.", "Zápis podepsán přítomnými."),
    ]
    for item, (said, decided) in zip(meeting.agenda.all(), notes, strict=False):
        services.agenda_item_record(item=item, notes=said, decisions=decided, by=cm)
    plan_item = meeting.agenda.order_by("-order")[1]
    today = timezone.localdate()
    tasks = [
        # The first three are already in the plan (cases demo): the minutes update and link them.
        {"title": "Rodiče domluví pravidelné konzultace s třídní učitelkou", "responsible_label": "rodiče", "days": 30},
        {"title": "Matka vyhledá podporu v oblasti duševního zdraví", "responsible_label": "matka", "days": 21},
        {"title": "Podat žádost o obecní byt", "responsible_actor": sas, "days": 14},
        {"title": "Posoudit žádost a informovat rodinu o dalším postupu", "responsible_actor": housing, "days": 45},
        {"title": "Zajistit doučování z matematiky a češtiny", "responsible_membership": director, "days": 14},
    ]
    for t in tasks:
        days = t.pop("days")
        services.minutes_task_save(
            meeting=meeting, agenda_item=plan_item, due_date=today + datetime.timedelta(days=days - 21), by=cm, **t
        )
    for p in participants:
        if p.membership_id == director.pk:
            services.signature_record(participant=p, kind=Participant.Signature.SYSTEM, by=director)
        else:
            scan = ContentFile(b"%PDF-1.4\n% demo scan of the signed attendance list\n", name="prezencni-listina.pdf")
            services.signature_record(participant=p, kind=Participant.Signature.PAPER, scan=scan, by=cm)
    services.minutes_finalise(meeting=meeting, by=cm)  # proposes the follow-up a month later
    follow_up = Meeting.objects.filter(previous=meeting).first()
    if follow_up is not None:
        services.meeting_confirm_date(meeting=follow_up, start=follow_up.start, by=cm)

    # An upcoming case conference (the first of a series), invitations out.
    conference = services.meeting_create(
        case=case,
        kind=Kind.CASE_CONFERENCE,
        start=_at(16, 9),
        place="Cesta spolu, z. s., zasedací místnost, Sokolovská 120, Praha 9",
        convener_label="OSPOD ÚMČ Praha 9",
        facilitator=facilitator,
        minute_taker=cm,
        parents_informed=True,
        room_arranged=True,
        by=cm,
    )
    parents = [p for p in people if p.get("role") == Participant.Role.PARENT]
    others = [{"membership": director, "role": Participant.Role.SCHOOL}]
    ospod = _institution(ctx, InstitutionKind.OSPOD, "OSPOD")
    if ospod is not None:
        others.append({"directory_institution": ospod, "name": "Bc. Jitka Malá", "role": Participant.Role.OSPOD})
    pediatrician = _institution(ctx, InstitutionKind.HEALTH_CARE, "MUDr. Alena")
    if pediatrician is not None:
        others.append(
            {"directory_institution": pediatrician, "name": "MUDr. Alena Krátká", "role": Participant.Role.PEDIATRICIAN}
        )
    for p in (
        parents
        + others
        + [
            {"actor": sas, "role": Participant.Role.SOCIAL_SERVICE},
            {"membership": cm, "role": Participant.Role.CASE_MANAGER},
        ]
    ):
        participant = services.participant_add(meeting=conference, by=cm, **p)
        if participant.close_person_id:  # legal guardians, told in person by the case manager
            _deliver(participant, cm)
            services.participant_set_invitation(participant=participant, status=Participant.Invitation.ACCEPTED, by=cm)
    # The other invitations wait to be sent from the participants page (through the consent check).
    ctx.extra["meetings_seed_003"] = meeting
