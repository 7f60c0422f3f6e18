import datetime

import factory

from opora.core.testing.factories import SchoolFactory
from opora.schools.models import (
    CaseStudy,
    EvaluationMeeting,
    LocalityMeeting,
    SchoolContact,
    StageTransition,
    ThemeRecord,
)


class SchoolContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SchoolContact

    school = factory.SubFactory(SchoolFactory)
    role = SchoolContact.Role.COUNSELLOR
    name = "Mgr. Hana Procházková"
    email = "prochazkova@skola.example.cz"
    phone = "+420 777 111 222"


class StageTransitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StageTransition

    school = factory.SubFactory(SchoolFactory)
    from_stage = "mapping"
    to_stage = "offer"
    note = "Interní poznámka k jednání"


class ThemeRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ThemeRecord

    school = factory.SubFactory(SchoolFactory)
    theme = "bullying"
    period_start = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=30))
    period_end = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=30))
    student_count = 1


class EvaluationMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EvaluationMeeting

    school = factory.SubFactory(SchoolFactory)
    held_on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=10))
    what_works = "Rychlé předávání informací e-mailem."
    what_to_change = "Domluvit pevný termín porad."


class LocalityMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalityMeeting

    title = "Setkání aktérů Praha 9"
    held_on = factory.LazyFunction(datetime.date.today)


class CaseStudyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseStudy

    meeting = factory.SubFactory(LocalityMeetingFactory)
    title = "Kazuistika"
    anonymised_text = "[student] přestal chodit do školy."
