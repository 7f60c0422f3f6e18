import datetime

import factory

from opora.progress.models import Indicator, Observation, Visit


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    goal = factory.SubFactory("opora.cases.tests.factories.GoalFactory")
    case = factory.SelfAttribute("goal.case")
    name = "Docházka do školy (dny v týdnu)"
    kind = "count"
    target = 5


class ObservationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Observation

    indicator = factory.SubFactory(IndicatorFactory)
    observed_on = factory.LazyFunction(datetime.date.today)
    value = 3
    recorded_by = factory.SelfAttribute("indicator.case.lead")


class VisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Visit

    case = factory.SubFactory("opora.cases.tests.factories.CaseFactory")
    planned_on = factory.LazyFunction(datetime.date.today)
    who = "matka a babička"
