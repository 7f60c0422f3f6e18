"""Issue 11: support kinds from a fixed list (free text beside it), the duplication warning per
kind and per child, and the migration of the free text written before."""

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from opora.cases import services
from opora.cases.models import NetworkActor, SupportKind, support_kind_from_text
from opora.cases.selectors import duplication_warnings
from opora.cases.tests.factories import ClosePersonFactory, NetworkActorFactory

pytestmark = pytest.mark.django_db


def _warnings(case):
    return [w for w in duplication_warnings(list(NetworkActor.objects.filter(case=case)), []) if w["kind"] == "actors"]


def test_housing_help_next_to_housing_is_flagged_as_the_same_kind(world):
    NetworkActor.objects.filter(case=world.case).delete()
    NetworkActorFactory(case=world.case, name="Bytový odbor", support_kind="bydlení")
    NetworkActorFactory(case=world.case, name="SAS Domov", support_kind="pomoc s bydlením")
    (warning,) = _warnings(world.case)
    assert sorted(warning["names"]) == ["Bytový odbor", "SAS Domov"]


def test_the_chosen_kind_decides_whatever_the_words(world):
    NetworkActor.objects.filter(case=world.case).delete()
    NetworkActorFactory(case=world.case, name="Charita", support=SupportKind.DEBT, support_kind="pomoc s rozpočtem")
    NetworkActorFactory(case=world.case, name="Poradna", support=SupportKind.DEBT, support_kind="oddlužení")
    assert len(_warnings(world.case)) == 1


def test_two_childrens_homes_for_different_siblings_are_not_flagged_and_for_the_same_child_are(world, login):
    NetworkActor.objects.filter(case=world.case).delete()
    sister = ClosePersonFactory(student=world.case.student, name="Anna", relation="sestra", legal_guardian=False)
    home = SupportKind.RESIDENTIAL_CARE
    NetworkActorFactory(case=world.case, name="DD Dolní Počernice", support=home, support_kind="dětský domov")
    NetworkActorFactory(
        case=world.case, name="DD Klánovice", support=home, support_kind="dětský domov", for_person=sister
    )
    assert _warnings(world.case) == []
    NetworkActorFactory(case=world.case, name="DD Strančice", support=home, for_person=sister)
    (warning,) = _warnings(world.case)
    assert sorted(warning["names"]) == ["DD Klánovice", "DD Strančice"] and warning["child"] == "Anna"
    html = login(Client(), world.members["case_manager"]).get(
        reverse("cases:detail", args=[world.case.pk]) + "?tab=network", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "several actors give Anna the same kind of support" in html.content.decode()


def test_the_form_offers_the_fixed_list_and_the_siblings_and_saves_both(world, login):
    sister = ClosePersonFactory(student=world.case.student, name="Anna", relation="sestra", legal_guardian=False)
    client = login(Client(), world.members["case_manager"])
    url = reverse("cases:record_new", args=[world.case.pk, "actor"])
    html = client.get(url).content.decode()
    assert 'name="support"' in html and 'value="residential_care"' in html and f'value="{sister.pk}"' in html
    response = client.post(
        url, {"name": "DD Klánovice", "support": "residential_care", "support_kind": "od září", "for_person": sister.pk}
    )
    assert response.status_code == 302
    actor = NetworkActor.objects.get(case=world.case, name="DD Klánovice")
    assert (actor.support, actor.support_kind, actor.for_person) == ("residential_care", "od září", sister)


def test_a_close_person_of_another_student_is_refused(world):
    stranger = ClosePersonFactory(name="Cizí")
    with pytest.raises(ValidationError) as refused:
        services.actor_save(
            case=world.case, data={"name": "X", "for_person": stranger}, by=world.members["case_manager"]
        )
    assert "for_person" in refused.value.message_dict
    assert not NetworkActor.objects.filter(case=world.case, name="X").exists()


def test_text_without_a_kind_is_read_for_one_when_saved(world):
    actor = services.actor_save(
        case=world.case, data={"name": "Dluhová poradna", "support_kind": "Dluhové poradenství"},
        by=world.members["case_manager"],
    )  # fmt: skip
    assert actor.support == SupportKind.DEBT


def test_the_migration_reads_a_kind_from_the_old_text_and_keeps_the_text(world):
    texts = {
        "pomoc s bydlením": "housing",
        "Dětský domov": "residential_care",
        "podpora rodičovských kompetencí": "family",
        "dluhové poradenství": "debt",
        "adiktologická ambulance": "addiction",
        "něco úplně jiného": "",
    }
    made = {t: NetworkActorFactory(case=world.case, name=t, support_kind=t) for t in texts}
    NetworkActor.objects.update(support="")
    migration = importlib.import_module("opora.cases.migrations.0008_network_actor_support_kind")
    migration.read_kinds(apps, None)
    for text, kind in texts.items():
        actor = NetworkActor.objects.get(pk=made[text].pk)
        assert (actor.support, actor.support_kind) == (kind, text)
    assert support_kind_from_text("") == ""


# --- Families (issue 10): on a case linked to a family record, a sibling is a child of the family.


@pytest.fixture
def family_case(world):
    from opora.cases.services import case_set_family
    from opora.cases.tests.factories import CaseFactory, StudentFactory
    from opora.families.tests.factories import FamilyChildFactory, FamilyFactory

    student = StudentFactory(organisation=world.org, school=world.school, first_name="Lukáš")
    case = CaseFactory(organisation=world.org, student=student, lead=world.members["case_manager"])
    family = FamilyFactory(organisation=world.org)
    lukas = FamilyChildFactory(family=family, first_name="Lukáš", student=student)
    denis = FamilyChildFactory(family=family, first_name="Denis", residence="childrens_home")
    case_set_family(case=case, family=family, client="family", children=[lukas, denis], by=case.lead)
    return case, lukas, denis


def test_support_for_a_family_child_is_counted_per_child_of_the_family(world, family_case, login):
    case, lukas, denis = family_case
    home = SupportKind.RESIDENTIAL_CARE
    NetworkActorFactory(case=case, name="DD Horní Lhota", support=home, for_child=denis)
    NetworkActorFactory(case=case, name="Klokánek", support=home)  # for the student, Lukáš
    assert _warnings(case) == []
    NetworkActorFactory(case=case, name="DD Strančice", support=home, for_child=denis)
    (warning,) = _warnings(case)
    assert sorted(warning["names"]) == ["DD Horní Lhota", "DD Strančice"] and warning["child"] == "Denis"
    html = login(Client(), world.members["case_manager"]).get(
        reverse("cases:detail", args=[case.pk]) + "?tab=network", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "several actors give Denis the same kind of support" in html.content.decode()


def test_the_student_chosen_as_a_family_child_is_the_student_of_the_case(world, family_case):
    case, lukas, denis = family_case
    by = world.members["case_manager"]
    NetworkActorFactory(case=case, name="SAS Domov", support=SupportKind.FAMILY)
    actor = services.actor_save(case=case, data={"name": "Poradna", "support": "family", "for_child": lukas}, by=by)
    assert actor.for_child is None
    (warning,) = _warnings(case)
    assert sorted(warning["names"]) == ["Poradna", "SAS Domov"] and warning["child"] == ""


def test_a_child_of_another_family_or_with_a_close_person_is_refused(world, family_case):
    from opora.families.tests.factories import FamilyChildFactory

    case, lukas, denis = family_case
    by = world.members["case_manager"]
    stranger = FamilyChildFactory(first_name="Cizí")
    for data in (
        {"name": "X", "for_child": stranger},
        {"name": "X", "for_child": denis, "for_person": ClosePersonFactory(student=case.student)},
    ):
        with pytest.raises(ValidationError) as refused:
            services.actor_save(case=case, data=data, by=by)
        assert "for_child" in refused.value.message_dict
    assert not NetworkActor.objects.filter(case=case, name="X").exists()


def test_the_form_offers_the_siblings_of_the_family_and_saves_the_choice(world, family_case, login):
    case, lukas, denis = family_case
    client = login(Client(), world.members["case_manager"])
    url = reverse("cases:record_new", args=[case.pk, "actor"])
    html = client.get(url).content.decode()
    field = html.split('name="for_child"')[1].split("</select>")[0]
    assert f'value="{denis.pk}"' in field and f'value="{lukas.pk}"' not in field
    response = client.post(url, {"name": "DD Horní Lhota", "support": "residential_care", "for_child": denis.pk})
    assert response.status_code == 302
    assert NetworkActor.objects.get(case=case, name="DD Horní Lhota").for_child == denis
    # A case without a family record has no such field.
    from opora.cases.tests.factories import CaseFactory, StudentFactory

    alone = CaseFactory(
        organisation=world.org, student=StudentFactory(organisation=world.org), lead=world.members["case_manager"]
    )
    assert alone.family_id is None
    assert 'name="for_child"' not in client.get(reverse("cases:record_new", args=[alone.pk, "actor"])).content.decode()
