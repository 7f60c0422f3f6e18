import pytest
from django.urls import reverse

from opora.network.models import Institution
from opora.network.selectors import institutions_for
from opora.network.tests.factories import InstitutionFactory

pytestmark = pytest.mark.django_db


def test_institutions_for_searches_and_filters_within_the_organisation(world):
    cm = world.members["case_manager"]
    InstitutionFactory(organisation=world.org, name="K-centrum Prosaz", category="health", needs=["addiction"])
    InstitutionFactory(organisation=world.org, name="PPP Praha 9", category="therapy", needs=["education"])
    InstitutionFactory(organisation=world.other, name="K-centrum jinde", category="health", needs=["addiction"])
    assert [i.name for i in institutions_for(cm, q="k-centrum")] == ["K-centrum Prosaz"]
    assert {i.name for i in institutions_for(cm, category="therapy")} == {"PPP Praha 9"}
    assert {i.name for i in institutions_for(cm, need="addiction")} == {"K-centrum Prosaz"}
    assert not institutions_for(world.members["school_staff"]).exists()


def test_a_case_manager_adds_a_directory_entry_with_areas_of_need(client, login, world):
    login(client, world.members["case_manager"])
    response = client.post(
        reverse("network:create"),
        {
            "name": "Krizové centrum RIAPS",
            "category": "health",
            "need_list": ["mental_health", "violence"],
            "phone": "222 580 697",
            "email": "riaps@example.cz",
            "last_verified": "2026-10-01",
        },
    )
    assert response.status_code == 302
    entry = Institution.objects.get(name="Krizové centrum RIAPS")
    assert entry.organisation == world.org and entry.need_codes == ["mental_health", "violence"]


def test_a_bad_entry_is_refused_next_to_the_field(client, login, world):
    login(client, world.members["case_manager"])
    response = client.post(reverse("network:create"), {"name": "", "category": "health", "email": "ne-e-mail"})
    assert response.status_code == 200
    assert response.context["form"].errors.keys() >= {"name", "email"}


def test_the_directory_is_paginated_in_few_queries(client, login, world, django_assert_max_num_queries):
    Institution.objects.bulk_create(
        [Institution(organisation=world.org, name=f"Služba {i:03d}", category="social_service") for i in range(60)]
    )
    login(client, world.members["coordinator"])
    with django_assert_max_num_queries(10):
        response = client.get(reverse("network:directory") + "?category=social_service")
    html = response.content.decode()
    assert "Služba 000" in html and "Služba 059" not in html
