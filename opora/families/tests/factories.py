import factory

from opora.core.testing.factories import OrganisationFactory
from opora.families.models import Family, FamilyAdult, FamilyChild


class FamilyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Family

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Dvořákovi {n}")


class FamilyAdultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FamilyAdult

    family = factory.SubFactory(FamilyFactory)
    name = "Petra Dvořáková"
    role = "parent"
    legal_guardian = True
    phone = "+420 777 123 456"


class FamilyChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FamilyChild

    family = factory.SubFactory(FamilyFactory)
    first_name = "Ema"
    last_name = "Dvořáková"
    residence = "home"
