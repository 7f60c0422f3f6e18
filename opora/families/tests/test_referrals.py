"""Referrals from anyone (issue 10): each referrer with its own fields, the first state that
fits it, and the school's view only for a school's referral — never shown to the school as its
view otherwise."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from opora.cases import services, workflow
from opora.cases.models import Case, Referral
from opora.consents.tests.factories import ConsentFactory
from opora.core.testing.auth import login
from opora.network.tests.factories import InstitutionFactory

pytestmark = pytest.mark.django_db


def _client(membership):
    return login(Client(HTTP_ACCEPT_LANGUAGE="en"), membership)


def _refer(world, **extra):
    data = {
        "first_name": "Kamil",
        "last_name": "Bartoš",
        "school": world.school.pk,
        "referred_on": "2026-03-02",
        "lead": world.members["case_manager"].pk,
        **extra,
    }
    response = _client(world.members["case_manager"]).post(reverse("cases:refer"), data)
    return response, Case.objects.filter(student__last_name="Bartoš").first()


@pytest.mark.parametrize(
    ("kind", "state"),
    [("school", "referred"), ("ospod", "commissioned"), ("court", "commissioned"), ("health_care", "commissioned"),
     ("service", "commissioned"), ("family", "requested")],
)  # fmt: skip
def test_the_first_state_fits_the_referrer(kind, state):
    assert workflow.first_state(kind) == state
    assert "start_contacting" in [t.name for t in workflow.allowed_transitions(state, kind)]
    assert ("not_arranged" in [t.name for t in workflow.allowed_transitions("contacting", kind)]) == (kind == "school")


def test_an_ospod_referral_records_the_worker_the_file_and_what_ospod_asks(world):
    ospod = InstitutionFactory(organisation=world.org, name="OSPOD Praha 9", kind="ospod")
    response, case = _refer(
        world,
        referrer_kind="ospod",
        institution=ospod.pk,
        worker="Bc. Jana Veselá",
        file_reference="OSPOD 123/2026",
        asks_for="Podpora matky při návratu dětí z dětského domova.",
        # Fields of a school's referral sent along are not kept.
        referred_by_name="Ředitelka",
        school_view="Tohle je názor OSPOD, ne školy.",
        consent_to_pass_contacts="on",
    )
    assert response.status_code == 302
    assert case.referrer_kind == "ospod" and case.state == "commissioned"
    referral = Referral.objects.get(case=case)
    assert referral.referred_by_name == "Bc. Jana Veselá" and referral.institution == ospod
    assert referral.file_reference == "OSPOD 123/2026" and referral.asks_for.startswith("Podpora matky")
    assert referral.school_view == "" and referral.consent_to_pass_contacts is False
    assert case.events.get().to_state == "commissioned"


def test_an_ospod_referral_needs_the_worker(world):
    response, case = _refer(world, referrer_kind="ospod")
    assert response.status_code == 200 and "worker" in response.context["form"].errors and case is None


def test_a_family_referral_records_who_came_and_what_they_want(world):
    response, case = _refer(
        world, referrer_kind="family", school="", who_came="matka Lenka", what_they_want="Chce děti zpátky domů."
    )
    assert response.status_code == 302 and case.state == "requested" and case.school is None
    referral = case.referral
    assert referral.referred_by_name == "matka Lenka" and referral.asks_for == "Chce děti zpátky domů."


def test_a_school_referral_still_needs_the_school(world):
    response, case = _refer(world, referrer_kind="school", school="")
    assert response.status_code == 200 and "school" in response.context["form"].errors and case is None


def test_the_service_refuses_a_schools_view_on_another_referral(world):
    with pytest.raises(ValidationError):
        services.case_refer(
            organisation=world.org,
            student_data={"first_name": "A", "last_name": "B"},
            school=world.school,
            lead=world.members["case_manager"],
            referrer_kind="ospod",
            school_view="OSPOD's words",
            by=world.members["case_manager"],
        )


def test_going_back_to_the_school_is_refused_for_an_ospod_case(world):
    _, case = _refer(world, referrer_kind="ospod", worker="Jana Veselá")
    case.state = "contacting"
    case.save()
    with pytest.raises(ValidationError):
        services.case_transition(case=case, name="not_arranged", reason="nereaguje", by=world.members["case_manager"])


def test_attack_the_school_cannot_see_an_ospod_referral_of_its_own_student(world):
    """The student attends w.school, OSPOD referred her: the school's staff get 404 and no row
    in their list; a consent in force naming the school opens the school view, which never
    shows OSPOD's words as the school's view."""
    _, case = _refer(
        world,
        referrer_kind="ospod",
        worker="Bc. Jana Veselá",
        file_reference="OSPOD 77/2026",
        asks_for="Prověřit péči matky.",
    )
    school = _client(world.members["school_staff"])
    assert school.get(reverse("cases:detail", args=[case.pk])).status_code == 404
    assert case.number not in school.get(reverse("cases:list")).content.decode()

    ConsentFactory(case=case, to_school=True)
    page = school.get(reverse("cases:detail", args=[case.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    for secret in ("Jana Veselá", "OSPOD 77/2026", "Prověřit péči matky"):
        assert secret not in html
    assert "The school&#x27;s view" not in html and "The school's view" not in html
    # Another school's staff: still nothing.
    assert _client(world.members["school_staff_other"]).get(reverse("cases:detail", args=[case.pk])).status_code == 404
