import datetime

import factory

from opora.accounts.models import Role
from opora.cases.models import Case, NetworkActor, Student, Task
from opora.core.testing.factories import MembershipFactory, OrganisationFactory, SchoolFactory


class StudentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Student

    organisation = factory.SubFactory(OrganisationFactory)
    first_name = "Jaroslav"
    last_name = factory.Sequence(lambda n: f"Novák{n}")
    date_of_birth = datetime.date(2012, 5, 14)
    school = factory.LazyAttribute(lambda o: SchoolFactory(organisation=o.organisation))
    school_class = "7.B"


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    organisation = factory.SubFactory(OrganisationFactory)
    student = factory.LazyAttribute(lambda o: StudentFactory(organisation=o.organisation))
    school = factory.LazyAttribute(lambda o: o.student.school)
    lead = factory.LazyAttribute(lambda o: MembershipFactory(organisation=o.organisation, role=Role.CASE_MANAGER))
    number = factory.Sequence(lambda n: f"2026-{n + 1:04d}")


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    case = factory.SubFactory(CaseFactory)
    title = "Domluvit schůzku v SAS"
    responsible_label = "matka"
    due_date = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=14))


class NetworkActorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NetworkActor

    case = factory.SubFactory(CaseFactory)
    name = "SAS Rodina v centru"
    role = "sociálně aktivizační služba"
    support_kind = "podpora rodičovských kompetencí"
