import threading

import pytest
from django.db import connection

from opora.accounts.models import Role
from opora.cases import services
from opora.cases.models import Case
from opora.core.testing.factories import MembershipFactory


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
def test_concurrent_referrals_get_distinct_numbers():
    lead = MembershipFactory(role=Role.CASE_MANAGER)
    errors = []

    def refer(i):
        try:
            services.case_refer(
                organisation=lead.organisation,
                student_data={"first_name": "Student", "last_name": f"Č{i}"},
                school=None,
                lead=lead,
                by=lead,
            )
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=refer, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    numbers = list(Case.objects.filter(organisation=lead.organisation).values_list("number", flat=True))
    assert len(numbers) == 6 and len(set(numbers)) == 6
