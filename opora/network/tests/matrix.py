"""Rows of the authorisation matrix for the network directory."""

from opora.core.testing.matrix import Row
from opora.network.tests.factories import InstitutionFactory

WORKERS = {"*": 403, "coordinator": 200, "case_manager": 200, "case_manager_other": 200}


def populate(w):
    w.institution = InstitutionFactory(organisation=w.org, name="OSPOD Praha 9")


MATRIX = {
    "network:directory": Row(expect={**WORKERS, "other_org": 200}),
    "network:create": Row(expect={**WORKERS, "other_org": 200}),
    "network:edit": Row(kwargs=lambda w: {"pk": w.institution.pk}, expect={**WORKERS, "other_org": 404}),
}
