import datetime

import factory

from opora.accounts.models import Role
from opora.cases.models import Activity, Attachment, Case, ClosePerson, Goal, NetworkActor, Referral, Student, Task
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
    student = factory.SubFactory(StudentFactory, organisation=factory.SelfAttribute("..organisation"))
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


class ClosePersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClosePerson

    student = factory.SubFactory(StudentFactory)
    name = "Marie Dvořáková"
    relation = "matka"
    legal_guardian = True
    takes_part = True


class ReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Referral

    case = factory.SubFactory(CaseFactory)
    referred_by_name = "Mgr. Ivana Černá, ředitelka"
    school_view = "Chodí nepravidelně, bývá hladový."
    consent_to_pass_contacts = True


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    case = factory.SubFactory(CaseFactory)
    kind = Activity.Kind.MEETING
    occurred_on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=3))
    duration_minutes = 60
    participants = "student, matka"
    note = "Společně jsme prošli, co se daří."


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    case = factory.SubFactory(CaseFactory)
    title = "Pravidelná docházka do školy"
    indicator = "nejvýše 2 neomluvené hodiny za měsíc"


class AttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attachment

    case = factory.SubFactory(CaseFactory)
    original_name = "zprava-skoly.pdf"
    file = factory.django.FileField(filename="zprava-skoly.pdf", data=b"%PDF-1.4 test")
    size = 13
