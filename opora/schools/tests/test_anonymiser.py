import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opora.schools.anonymiser import Replacement, anonymise, anonymise_case_story, name_forms, shift_dates

# Nominative → forms a Czech text really uses (checked by hand against the declension tables).
SURNAMES = {
    "Novák": ["Nováka", "Novákovi", "Novákem", "Nováku", "Novákovi", "Novákovy", "Nováková", "Novákové", "Novákovou"],
    "Nováková": ["Novákové", "Novákovou", "Novák", "Nováka", "Novákovi"],
    "Hájek": ["Hájka", "Hájkovi", "Hájkem", "Hájková", "Hájkové", "Hájkovou"],
    "Němec": ["Němce", "Němcovi", "Němcem", "Němcová", "Němcové"],
    "Dvořák": ["Dvořáka", "Dvořákovi", "Dvořákem", "Dvořáková", "Dvořákovou"],
    "Černý": ["Černého", "Černému", "Černým", "Černá", "Černé", "Černou"],
    "Svoboda": ["Svobody", "Svobodovi", "Svobodu", "Svobodou", "Svobodová", "Svobodové"],
    "Krejčí": ["Krejčího", "Krejčímu", "Krejčím"],
    "Kolář": ["Koláře", "Kolářovi", "Kolářem", "Kolářová", "Kolářové"],
    "Beneš": ["Beneše", "Benešovi", "Benešem", "Benešová", "Benešovou"],
}
FIRST_NAMES = {
    "Jarda": ["Jardy", "Jardovi", "Jardu", "Jardo", "Jardou"],
    "Jana": ["Jany", "Janě", "Janu", "Jano", "Janou"],
    "Petra": ["Petry", "Petře", "Petru", "Petrou"],
    "Monika": ["Moniky", "Monice", "Moniku", "Monikou"],
    "Marek": ["Marka", "Markovi", "Markem", "Marku"],
    "Pavel": ["Pavla", "Pavlovi", "Pavlem", "Pavle"],
    "Tomáš": ["Tomáše", "Tomášovi", "Tomášem", "Tomáši"],
    "Jaroslav": ["Jaroslava", "Jaroslavovi", "Jaroslavem"],
    "Lucie": ["Lucii", "Lucií"],
    "Jiří": ["Jiřího", "Jiřímu", "Jiřím"],
    "Olga": ["Olgy", "Olze", "Olgu", "Olgou"],
}
CONTEXTS = [
    "Včera jsme mluvili s {}.",
    "Ve škole {} nikdo nepomohl.",
    "Paní učitelka volala {} domů.",
    "Domluvili jsme se, že {} přijde v pondělí.",
    "Za {} přišla i babička.",
    "„{}, pojď sem,“ řekla třídní.",
    "{} chybí ve škole od září.",
]


@pytest.mark.parametrize("name", list(SURNAMES))
def test_every_listed_surname_form_is_generated(name):
    forms = name_forms(name, family=True)
    missing = [f for f in SURNAMES[name] if f not in forms]
    assert not missing


@pytest.mark.parametrize("name", list(FIRST_NAMES))
def test_every_listed_first_name_form_is_generated(name):
    forms = name_forms(name)
    missing = [f for f in FIRST_NAMES[name] if f not in forms]
    assert not missing


@settings(max_examples=150, deadline=None)
@given(
    surname=st.sampled_from(sorted(SURNAMES)),
    first=st.sampled_from(sorted(FIRST_NAMES)),
    data=st.data(),
)
def test_declined_names_never_survive_anonymisation(surname, first, data):
    surname_form = data.draw(st.sampled_from([surname, *SURNAMES[surname]]))
    first_form = data.draw(st.sampled_from([first, *FIRST_NAMES[first]]))
    context_a = data.draw(st.sampled_from(CONTEXTS))
    context_b = data.draw(st.sampled_from(CONTEXTS))
    text = context_a.format(first_form) + " " + context_b.format(surname_form)
    reps = [
        Replacement(forms=name_forms(first), label="[student]"),
        Replacement(forms=name_forms(surname, family=True), label="[příjmení]"),
    ]
    out = anonymise(text, reps).text
    assert surname_form not in out.split() and surname_form not in out
    assert first_form not in out


# Synthetic surnames: any stem + a common Czech ending, declined by the textbook rules.
STEM = st.text(alphabet="bcdfhlmnprstvzáíoue", min_size=2, max_size=6).map(lambda s: s.capitalize())


@settings(max_examples=150, deadline=None)
@given(stem=STEM, kind=st.sampled_from(["ák", "ík", "ář", "an"]), case=st.integers(0, 7))
def test_synthetic_masculine_surnames_and_their_feminine_forms_are_caught(stem, kind, case):
    masc = stem + kind
    declined = [masc, masc + "a", masc + "ovi", masc + "em", masc + "u", masc + "ová", masc + "ové", masc + "ovou"][
        case
    ]
    out = anonymise(f"Mluvili jsme s rodinou a paní {declined} souhlasila.", [
        Replacement(forms=name_forms(masc, family=True), label="[příjmení]")
    ]).text  # fmt: skip
    assert declined not in out
    assert "[příjmení]" in out


@settings(max_examples=100, deadline=None)
@given(stem=STEM, case=st.sampled_from(["a", "y", "ovi", "u", "o", "ou"]))
def test_synthetic_first_names_in_a_are_caught(stem, case):
    name = stem + "a"
    declined = stem + case
    out = anonymise(f"Potom jsme {declined} odvezli domů.", [Replacement(forms=name_forms(name), label="[x]")]).text
    assert declined not in out


def test_dates_shift_consistently_and_keep_intervals():
    text = "Narozen 14. 5. 2012, schůzka 1.9.2025 a další 2025-09-15."
    out = shift_dates(text, 10)
    assert "24. 5. 2012" in out and "11. 9. 2025" in out and "2025-09-25" in out


def test_realistic_story_loses_every_identifier(world):
    from opora.cases.tests.factories import CaseFactory, NetworkActorFactory, StudentFactory, TaskFactory

    student = StudentFactory(
        organisation=world.org,
        school=world.school,
        first_name="Jaroslav",
        last_name="Novák",
        date_of_birth=datetime.date(2011, 3, 2),
        address="Kovářova 15, 190 00 Praha 9",
        phone="777 888 999",
    )
    case = CaseFactory(organisation=world.org, student=student, school=world.school, lead=world.members["case_manager"])
    NetworkActorFactory(case=case, name="SAS Rodina v centru", contact_person="Bc. Hana Kubíčková")
    TaskFactory(case=case, title="Doprovod na OSPOD", responsible_label="Hana Kubíčková")
    story = (
        "Jaroslav (nar. 2. 3. 2011, r. č. 110302/1234) bydlí s matkou Janou Novákovou na adrese Kovářova 15. "
        "Do ZŠ Na Výsluní chodí nepravidelně. Paní Novákové jsme volali 12. 10. 2025 na 777 888 999. "
        "Jaroslavovi pomáhá paní Kubíčková ze SAS. S Hanou Kubíčkovou se Novákovi sešli v listopadu. "
        "Spolužák Filip Zedník ho prý šikanuje."
    )
    result = anonymise_case_story(case, story, extra_names="Jana Nováková", offset_days=30)
    text = result.text
    leaks = ["Jaroslav", "Novák", "Janou", "Kubíčk", "Hanou", "Výsluní", "Kovářova", "777 888 999", "110302"]
    for leaked in [*leaks, "2. 3. 2011", "12. 10. 2025", "Rodina v centru"]:
        assert leaked not in text, leaked
    assert "1. 4. 2011" in text  # 2. 3. 2011 + 30 days
    # The classmate nobody told us about is flagged for the case manager.
    assert "Filip" in result.suspects and "Zedník" in result.suspects
