import factory
from django_otp.plugins.otp_totp.models import TOTPDevice

from opora.accounts.models import Membership, Organisation, Role, User
from opora.schools.models import School

TEST_PASSWORD = "correct horse battery staple 42"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organizace {n}, z. s.")
    slug = factory.Sequence(lambda n: f"org-{n}")


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Základní škola č. {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.cz")
    full_name = factory.Sequence(lambda n: f"Uživatel Číslo{n}")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.CASE_MANAGER
    school = factory.LazyAttribute(
        lambda o: SchoolFactory(organisation=o.organisation) if o.role == Role.SCHOOL_STAFF else None
    )


def totp_device(user, confirmed=True) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="test", confirmed=confirmed)
