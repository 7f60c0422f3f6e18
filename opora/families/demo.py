"""Demo: a family case from the situations of seed 002 (invented names) — a mother with two
children at home and one in a children's home, the work commissioned by OSPOD. Its goals are measured
(progress), its cooperation agreement signed (agreements) and a court report handed over
(reports) by their own demo modules."""

import datetime

from django.utils import timezone

from opora.cases import services as case_services
from opora.cases.models import CaseEvent, Client
from opora.families import services
from opora.families.models import FamilyChild


def _days(n):
    return timezone.localdate() - datetime.timedelta(days=n)


def _ospod(ctx):
    for name, institution in ctx.extra.get("institutions", {}).items():
        if name.startswith("OSPOD"):
            return institution
    return None


def seed(ctx):
    cm = ctx.users["cm2"]
    ospod = _ospod(ctx)
    case = case_services.case_refer(
        organisation=ctx.org,
        student_data={"first_name": "Lukáš", "last_name": "Pokorný", "school_class": "3.B",
                      "date_of_birth": datetime.date(2017, 4, 2)},
        school=ctx.schools["vysluni"],
        lead=cm,
        referrer_kind="ospod",
        institution=ospod,
        referred_by_name="Bc. Hana Kolářová, sociální pracovnice OSPOD",
        file_reference="OSPOD P9 214/2025",
        asks_for=(
            "Podpořit matku v péči o dvě děti doma a připravit podmínky pro návrat syna Denise "
            "z dětského domova; pravidelné zprávy pro soud."
        ),
        referred_on=_days(75),
        by=cm,
    )  # fmt: skip
    CaseEvent.objects.filter(case=case).update(at=timezone.now() - datetime.timedelta(days=75))
    case_services.case_update_tracks(case=case, data={"model": "intensive", "parent_contact_running": True}, by=cm)
    family = services.family_create_for_case(
        case=case, name="Pokorní", address="Kovářská 18, 190 00 Praha 9", family_case=True, by=cm
    )
    lukas = FamilyChild.objects.get(family=family, student=case.student)
    services.child_save(family=family, instance=lukas, data={"residence": "home"}, by=cm)
    services.adult_save(
        family=family,
        data={"name": "Markéta Pokorná", "role": "parent", "relation": "matka", "legal_guardian": True,
              "phone": "+420 605 221 873", "note": "Pracuje na poloviční úvazek v pekárně."},
        by=cm,
    )  # fmt: skip
    services.adult_save(
        family=family,
        data={"name": "Zdeňka Pokorná", "role": "grandparent", "relation": "babička z otcovy strany",
              "legal_guardian": False, "phone": "+420 737 410 955", "note": "Hlídá Aničku, když matka pracuje."},
        by=cm,
    )  # fmt: skip
    anicka = services.child_save(
        family=family,
        data={"first_name": "Anička", "last_name": "Pokorná", "date_of_birth": datetime.date(2020, 9, 14),
              "residence": "home", "school_name": "předškolní klub při rodičovském centru"},
        by=cm,
    )  # fmt: skip
    denis = services.child_save(
        family=family,
        data={"first_name": "Denis", "last_name": "Pokorný", "date_of_birth": datetime.date(2013, 1, 22),
              "residence": "childrens_home", "institution_name": "Dětský domov Horní Lhota (smyšlený)",
              "residence_since": _days(400), "school_name": "ZŠ při dětském domově"},
        by=cm,
    )  # fmt: skip
    case_services.case_set_family(
        case=case, family=family, client=Client.FAMILY, children=[lukas, anicka, denis], by=cm
    )
    for step in ("start_contacting", "meeting_arranged"):
        case_services.case_transition(case=case, name=step, by=cm)
    case_services.intake_check_save(
        case=case,
        data={"several_institutions": True, "long_term_complex_need": True, "client_willing": True,
              "realistic_goal": True},
        by=cm,
    )  # fmt: skip
    case_services.case_transition(case=case, name="start_case_work", by=cm)
    # The family plan's goals (the progress demo measures them, the agreement and the court
    # report are built on them).
    for title, indicator, review in (
        ("Denis se vrací domů", "podmínky návratu stanovené s OSPOD splněny", 30),
        ("Lukáš chodí do školy pravidelně", "nejvýše 2 neomluvené hodiny za měsíc", 45),
        ("Matka zvládá péči o děti a domácnost", "rozpočet domácnosti bez nových dluhů", 60),
    ):
        case_services.goal_save(
            case=case,
            data={"title": title, "indicator": indicator, "review_on": _days(-review)},
            by=cm,
        )
    ctx.extra["family_case"] = case
    ctx.extra["family"] = family
