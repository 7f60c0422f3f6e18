import datetime

import factory

from opora.reports.models import CaseReport


class CaseReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseReport

    case = factory.SubFactory("opora.cases.tests.factories.CaseFactory")
    recipient_kind = "court"
    title = "Zpráva pro soud"
    period_from = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=90))
    period_to = factory.LazyFunction(datetime.date.today)
    goals_text = "Docházka: 3 → 5 dní v týdnu"
    recommendation = "Doporučujeme postupný návrat dítěte do rodiny."
    written_by = factory.SelfAttribute("case.lead")
