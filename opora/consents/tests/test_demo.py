import pytest

from opora.cases.tests.factories import CaseFactory, NetworkActorFactory
from opora.consents import demo as consents_demo
from opora.consents.models import Basis, Consent, Disclosure, SchoolReport
from opora.core import demo

pytestmark = pytest.mark.django_db


def test_the_demo_seed_does_nothing_without_cases():
    ctx = demo.DemoContext()
    demo.seed_foundation(ctx)
    consents_demo.seed(ctx)
    assert not Consent.objects.exists()


def test_the_demo_seed_adds_consents_a_sent_report_and_a_legal_duty_disclosure():
    ctx = demo.DemoContext()
    demo.seed_foundation(ctx)
    case = CaseFactory(organisation=ctx.org, school=ctx.schools["vysluni"], lead=ctx.users["cm1"])
    NetworkActorFactory(case=case)
    CaseFactory(organisation=ctx.org, school=ctx.schools["libenska"], lead=ctx.users["cm2"])
    consents_demo.seed(ctx)
    assert Consent.objects.count() == 2
    assert SchoolReport.objects.filter(case=case, sent_at__isnull=False).count() == 1
    assert set(Disclosure.objects.filter(case=case).values_list("basis", flat=True)) == {
        Basis.CONSENT,
        Basis.LEGAL_DUTY,
    }
    assert case.actors.first().membership == ctx.users["external"]
