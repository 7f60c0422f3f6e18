import datetime

import factory

from opora.network.models import Institution


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution

    name = factory.Sequence(lambda n: f"Služba {n}")
    category = Institution.Category.SOCIAL_SERVICE
    needs = ["housing", "family"]  # as need_codes stores them (in the order of Need)
    address = "Sokolovská 1, 180 00 Praha 8"
    phone = "+420 222 000 111"
    last_verified = factory.LazyFunction(datetime.date.today)
