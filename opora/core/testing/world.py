"""One small world for access tests: an organisation with every role, two schools, and a
second organisation. Apps add their objects in ``opora/<app>/tests/matrix.py:populate``."""

from types import SimpleNamespace

from opora.accounts.models import Role
from opora.core.testing.factories import MembershipFactory, OrganisationFactory, SchoolFactory

# Personas every matrix row is checked with.
PERSONAS = [
    "anon",
    "admin",
    "coordinator",
    "case_manager",  # the lead case manager of the world's case
    "team_member",  # a case manager on the world's case team who is not its lead
    "case_manager_other",  # same organisation, not on the case
    "facilitator",
    "school_staff",  # staff of the school that referred the case
    "school_staff_other",  # staff of another school of the same organisation
    "other_org",  # coordinator of another organisation
    "external",  # an external actor with an account (e.g. an SAS worker), an actor of the case
]


def build_world():
    w = SimpleNamespace()
    w.org = OrganisationFactory(name="Cesta spolu, z. s.")
    w.other = OrganisationFactory(name="Jiná organizace, o. p. s.")
    w.school = SchoolFactory(organisation=w.org, name="ZŠ Na Výsluní")
    w.school_other = SchoolFactory(organisation=w.org, name="SOŠ Libeňská")
    w.school_of_other_org = SchoolFactory(organisation=w.other, name="ZŠ Jinde")
    m = w.members = {}
    m["admin"] = MembershipFactory(organisation=w.org, role=Role.ADMIN)
    m["coordinator"] = MembershipFactory(organisation=w.org, role=Role.COORDINATOR)
    m["case_manager"] = MembershipFactory(organisation=w.org, role=Role.CASE_MANAGER)
    m["case_manager_other"] = MembershipFactory(organisation=w.org, role=Role.CASE_MANAGER)
    m["team_member"] = MembershipFactory(organisation=w.org, role=Role.CASE_MANAGER)
    m["facilitator"] = MembershipFactory(organisation=w.org, role=Role.FACILITATOR)
    m["school_staff"] = MembershipFactory(organisation=w.org, role=Role.SCHOOL_STAFF, school=w.school)
    m["school_staff_other"] = MembershipFactory(organisation=w.org, role=Role.SCHOOL_STAFF, school=w.school_other)
    m["other_org"] = MembershipFactory(organisation=w.other, role=Role.COORDINATOR)
    # Linked to w.actor (NetworkActor.membership) by the consents app's populate.
    m["external"] = MembershipFactory(organisation=w.org, role=Role.EXTERNAL)
    # Each app adds its objects (a case, a meeting…) so URL parameters can point at them.
    from opora.core.testing.matrix import app_matrix_modules

    for module in app_matrix_modules():
        populate = getattr(module, "populate", None)
        if populate is not None:
            populate(w)
    if getattr(w, "case", None) is not None:
        w.case.team.add(m["team_member"])
    return w
