"""The data migration: guardian close persons become family adults, nothing lost (issue 10)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("families", "0001_initial"), ("cases", "0007_families_and_referrers")]
AFTER = [("families", "0002_guardians_to_families")]


@pytest.mark.django_db(transaction=True)
def test_guardian_close_persons_become_family_adults_and_nothing_is_lost():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    try:
        apps = executor.loader.project_state(BEFORE).apps
        Organisation = apps.get_model("accounts", "Organisation")
        User = apps.get_model("accounts", "User")
        Membership = apps.get_model("accounts", "Membership")
        Student = apps.get_model("cases", "Student")
        Case = apps.get_model("cases", "Case")
        ClosePerson = apps.get_model("cases", "ClosePerson")
        org = Organisation.objects.create(name="Spolek")
        user = User.objects.create(email="cm@example.org", full_name="Case Manager")
        lead = Membership.objects.create(organisation=org, user=user, role="case_manager")
        anna = Student.objects.create(organisation=org, first_name="Anna", last_name="Kovářová")
        petr = Student.objects.create(organisation=org, first_name="Petr", last_name="Kovář")
        alone = Student.objects.create(organisation=org, first_name="Jakub", last_name="Sám")
        for student, n in ((anna, 1), (petr, 2), (alone, 3)):
            Case.objects.create(organisation=org, student=student, lead=lead, number=f"2026-000{n}")
        # The same mother on two siblings' cases; a grandmother on one; an aunt who is no guardian.
        ClosePerson.objects.create(student=anna, name="Marie Kovářová", relation="matka", legal_guardian=True,
                                   phone="777 111 222", note="Pracuje v noci.")  # fmt: skip
        ClosePerson.objects.create(student=petr, name="Marie Kovářová", relation="matka", legal_guardian=True,
                                   phone="777111222")  # fmt: skip
        ClosePerson.objects.create(student=petr, name="Věra Kovářová", relation="babička", legal_guardian=True)
        ClosePerson.objects.create(student=anna, name="Teta Jana", relation="teta", legal_guardian=False)
        before = sorted(ClosePerson.objects.values_list("student_id", "name", "relation", "legal_guardian", "phone"))

        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)
        apps = executor.loader.project_state(AFTER).apps
        Family = apps.get_model("families", "Family")
        FamilyAdult = apps.get_model("families", "FamilyAdult")
        FamilyChild = apps.get_model("families", "FamilyChild")
        ClosePerson = apps.get_model("cases", "ClosePerson")
        Case = apps.get_model("cases", "Case")

        # Nothing lost: every close person is still there, as it was.
        after = sorted(ClosePerson.objects.values_list("student_id", "name", "relation", "legal_guardian", "phone"))
        assert after == before
        # The siblings share one family; the mother is entered once, the grandmother too.
        family = Family.objects.get()
        assert family.organisation_id == org.pk
        assert sorted(FamilyChild.objects.values_list("student_id", flat=True)) == sorted([anna.pk, petr.pk])
        adults = {a.name: a for a in FamilyAdult.objects.filter(family=family)}
        assert set(adults) == {"Marie Kovářová", "Věra Kovářová"}
        mother = adults["Marie Kovářová"]
        assert (mother.role, mother.legal_guardian, mother.phone, mother.note) == (
            "parent",
            True,
            "777 111 222",
            "Pracuje v noci.",
        )
        assert mother.close_person_id is not None and adults["Věra Kovářová"].role == "grandparent"
        # Their cases link to the family and stay the students' own; a student without guardians is untouched.
        assert set(Case.objects.filter(family=family).values_list("student_id", flat=True)) == {anna.pk, petr.pk}
        assert set(Case.objects.values_list("client", flat=True)) == {"student"}
        assert Case.objects.get(student_id=alone.pk).family_id is None
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
