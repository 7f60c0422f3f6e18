"""Demo data: the foundation (organisations, people, schools). Each app adds its own part in
``opora/<app>/demo.py`` with a ``seed(ctx)`` function, called in DEMO_APPS order."""

from dataclasses import dataclass, field

from opora.accounts.models import Membership, Organisation, Role, User
from opora.schools.models import School

DEMO_PASSWORD = "opora-demo-2026"
DEMO_APPS = [
    "schools",
    "network",
    "cases",
    "consents",
    "meetings",
    "families",
    "progress",
    "agreements",
    "reports",
    "outcomes",
]


@dataclass
class DemoContext:
    """Everything the seeds create, so later apps can build on earlier ones."""

    org: Organisation = None
    other_org: Organisation = None
    users: dict = field(default_factory=dict)  # key -> Membership
    schools: dict = field(default_factory=dict)  # key -> School
    extra: dict = field(default_factory=dict)
    sign_ins: list = field(default_factory=list)  # (email, role label, organisation)


def _member(ctx, key, *, org, email, name, role, school=None, job_title=""):
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=DEMO_PASSWORD, full_name=name)
    membership = Membership.objects.create(user=user, organisation=org, role=role, school=school, job_title=job_title)
    ctx.users[key] = membership
    ctx.sign_ins.append((email, membership.get_role_display(), org.name))
    return membership


def seed_foundation(ctx: DemoContext) -> None:
    ctx.org = org = Organisation.objects.create(name="Cesta spolu, z. s.", slug="cesta-spolu", kind="ngo")
    ctx.other_org = other = Organisation.objects.create(name="Pomocná ruka, o. p. s.", slug="pomocna-ruka", kind="ngo")
    ctx.schools["vysluni"] = School.objects.create(
        organisation=org, name="Základní škola Na Výsluní", address="Na Výsluní 12, 190 00 Praha 9"
    )
    ctx.schools["libenska"] = School.objects.create(
        organisation=org, name="Střední odborná škola Libeňská", address="Libeňská 340/5, 180 00 Praha 8"
    )
    ctx.schools["other_vysluni"] = School.objects.create(
        organisation=other, name="Základní škola Na Výsluní", address="Na Výsluní 12, 190 00 Praha 9"
    )
    _member(
        ctx,
        "coordinator",
        org=org,
        email="koordinatorka@demo.opora.cz",
        name="Jana Dvořáková",
        role=Role.COORDINATOR,
        job_title="vedoucí služby",
    )
    _member(
        ctx,
        "cm1",
        org=org,
        email="petra.svobodova@demo.opora.cz",
        name="Petra Svobodová",
        role=Role.CASE_MANAGER,
        job_title="case manažerka",
    )
    _member(
        ctx,
        "cm2",
        org=org,
        email="tomas.kral@demo.opora.cz",
        name="Tomáš Král",
        role=Role.CASE_MANAGER,
        job_title="case manažer",
    )
    _member(
        ctx,
        "facilitator",
        org=org,
        email="marie.horakova@demo.opora.cz",
        name="Marie Horáková",
        role=Role.FACILITATOR,
        job_title="facilitátorka",
    )
    _member(
        ctx, "admin", org=org, email="spravce@demo.opora.cz", name="Karel Beneš", role=Role.ADMIN, job_title="správce"
    )
    _member(
        ctx,
        "director",
        org=org,
        email="reditelka@zs-vysluni.demo.cz",
        name="Ivana Černá",
        role=Role.SCHOOL_STAFF,
        school=ctx.schools["vysluni"],
        job_title="ředitelka školy",
    )
    _member(
        ctx,
        "counsellor",
        org=org,
        email="vychovny.poradce@zs-vysluni.demo.cz",
        name="Martin Veselý",
        role=Role.SCHOOL_STAFF,
        school=ctx.schools["vysluni"],
        job_title="výchovný poradce",
    )
    _member(
        ctx,
        "psychologist",
        org=org,
        email="psycholozka@sos-libenska.demo.cz",
        name="Lucie Marková",
        role=Role.SCHOOL_STAFF,
        school=ctx.schools["libenska"],
        job_title="školní psycholožka",
    )
    # The school counsellor also works with a second NGO and chooses which one they act in.
    _member(
        ctx,
        "counsellor_other",
        org=other,
        email="vychovny.poradce@zs-vysluni.demo.cz",
        name="Martin Veselý",
        role=Role.SCHOOL_STAFF,
        school=ctx.schools["other_vysluni"],
        job_title="výchovný poradce",
    )
    _member(
        ctx,
        "other_coordinator",
        org=other,
        email="koordinator@pomocna-ruka.demo.cz",
        name="Ondřej Malý",
        role=Role.COORDINATOR,
        job_title="koordinátor",
    )
