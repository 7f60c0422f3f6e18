"""Areas of need are a JSON list; the directory filter finds a need exactly on SQLite and
PostgreSQL alike (the suite runs on both), and the data migration carries the old text over."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from opora.network.models import Institution
from opora.network.selectors import institutions_for, options_for_needs
from opora.network.tests.factories import InstitutionFactory


@pytest.mark.django_db
def test_the_filter_by_need_is_exact_and_stays_in_the_organisation(world):
    cm = world.members["case_manager"]
    InstitutionFactory(organisation=world.org, name="Pediatr", needs=["health"])
    InstitutionFactory(organisation=world.org, name="Psychiatr", needs=["mental_health"])
    InstitutionFactory(organisation=world.org, name="Poradna", needs=["family", "health", "violence"])
    InstitutionFactory(organisation=world.other, name="Cizí pediatr", needs=["health"])
    entry = Institution.objects.get(name="Poradna")
    assert entry.needs == ["family", "health", "violence"]  # a real JSON list, as stored
    assert {i.name for i in institutions_for(cm, need="health")} == {"Pediatr", "Poradna"}
    assert {i.name for i in institutions_for(cm, need="mental_health")} == {"Psychiatr"}
    assert not institutions_for(cm, need='health"') and not institutions_for(cm, need="%")
    found = options_for_needs(cm, ["health", "violence"])
    assert [(i.name, i.matched) for i in found] == [("Poradna", ["health", "violence"]), ("Pediatr", ["health"])]


@pytest.mark.django_db(transaction=True)
def test_the_migration_turns_the_comma_joined_text_into_a_list():
    executor = MigrationExecutor(connection)
    old, new = [("network", "0004_versioned_institutions")], [("network", "0005_institution_needs_json")]
    executor.migrate(old)
    try:
        apps = executor.loader.project_state(old).apps
        Organisation = apps.get_model("accounts", "Organisation")
        OldInstitution = apps.get_model("network", "Institution")
        org = Organisation.objects.create(name="Spolek")
        OldInstitution.objects.create(organisation=org, name="Poradna", needs=",family,housing,")
        OldInstitution.objects.create(organisation=org, name="Bez oblastí", needs="")
        executor = MigrationExecutor(connection)
        executor.migrate(new)
        apps = executor.loader.project_state(new).apps
        NewInstitution = apps.get_model("network", "Institution")
        assert NewInstitution.objects.get(name="Poradna").needs == ["family", "housing"]
        assert NewInstitution.objects.get(name="Bez oblastí").needs == []
        executor = MigrationExecutor(connection)
        executor.migrate(old)  # and back
        apps = executor.loader.project_state(old).apps
        assert apps.get_model("network", "Institution").objects.get(name="Poradna").needs == ",family,housing,"
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
