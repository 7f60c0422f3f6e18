import datetime

import factory

from opora.cases.tests.factories import CaseFactory
from opora.consents.models import Consent, SchoolReport


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consent
        skip_postgeneration_save = True

    case = factory.SubFactory(CaseFactory)
    given_by_kind = "guardian"
    given_by_name = "Hana Dvořáková"
    categories = factory.LazyFunction(lambda: ["school", "reports", "minutes", "plan"])
    to_school = True
    purpose = "Spolupráce školy a služby při podpoře docházky."
    given_on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=10))
    recorded_by = factory.LazyAttribute(lambda o: o.case.lead)

    @factory.post_generation
    def actors(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.actors.set(extracted)


class SchoolReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SchoolReport

    case = factory.SubFactory(CaseFactory)
    school = factory.LazyAttribute(lambda o: o.case.school)
    title = "Zpráva pro školu"
    text = "Docházka se zlepšila, rodina spolupracuje se SAS."
    written_by = factory.LazyAttribute(lambda o: o.case.lead)
