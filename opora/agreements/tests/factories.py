import datetime

import factory

from opora.agreements.models import Agreement


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    case = factory.SubFactory("opora.cases.tests.factories.CaseFactory")
    family_parties = "Jana Dvořáková (matka)"
    goals = "Návrat Petra z dětského domova do rodiny."
    family_promises = "Pravidelné návštěvy, spolupráce se školou."
    service_promises = "Doprovod na úřady, setkání jednou za dva týdny."
    information_sharing = "Informace sdílíme jen s OSPOD a školou podle souhlasu."
    review_on = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=90))
    created_by = factory.SelfAttribute("case.lead")
