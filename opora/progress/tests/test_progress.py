"""Indicators, observations, return readiness and visits: services, pages and attacks."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from opora.audit.models import AuditEvent
from opora.cases.tests.factories import GoalFactory
from opora.core.concurrency import StaleEdit, make_stamp
from opora.progress import services
from opora.progress.models import Indicator, Observation, Visit
from opora.progress.tests.factories import IndicatorFactory, VisitFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


@pytest.fixture
def lead(world):
    return world.members["case_manager"]


def test_an_indicator_of_each_kind_validates_its_definition(world, lead):
    scale = services.indicator_create(
        goal=world.goal, name="Sebedůvěra", kind="scale", scale_min=1, scale_max=5, target=4, by=lead
    )
    assert scale.case_id == world.case.pk
    yes_no = services.indicator_create(goal=world.goal, name="Má vlastní pokoj", kind="yes_no", by=lead)
    assert yes_no.target == 1
    with pytest.raises(ValidationError):
        services.indicator_create(goal=world.goal, name="x", kind="scale", scale_min=1, scale_max=5, target=7, by=lead)
    with pytest.raises(ValidationError):
        services.indicator_create(goal=world.goal, name="x", kind="scale", scale_min=5, scale_max=1, target=3, by=lead)


def test_observations_must_fit_the_indicator(world, lead):
    yes_no = services.indicator_create(goal=world.goal, name="Byt zajištěn", kind="yes_no", by=lead)
    scale = services.indicator_create(
        goal=world.goal, name="Spolupráce", kind="scale", scale_min=0, scale_max=10, target=8, by=lead
    )
    with pytest.raises(ValidationError):
        services.observation_record(indicator=yes_no, observed_on=TODAY, value=2, by=lead)
    with pytest.raises(ValidationError):
        services.observation_record(indicator=scale, observed_on=TODAY, value=11, by=lead)
    mine = Observation.objects.filter(indicator__in=[yes_no, scale])
    assert not mine.exists()
    services.observation_record(indicator=yes_no, observed_on=TODAY, value=True, note="podepsaná smlouva", by=lead)
    services.observation_record(indicator=scale, observed_on=TODAY, value=10, by=lead)
    assert mine.count() == 2


def test_someone_outside_the_team_cannot_record(world):
    indicator = IndicatorFactory(goal=world.goal)
    with pytest.raises(PermissionDenied):
        services.observation_record(
            indicator=indicator, observed_on=TODAY, value=1, by=world.members["case_manager_other"]
        )


def test_the_kind_cannot_change_under_observations_that_would_not_fit(world, lead):
    indicator = services.indicator_create(goal=world.goal, name="Dny docházky", kind="count", target=5, by=lead)
    services.observation_record(indicator=indicator, observed_on=TODAY, value=4, by=lead)
    with pytest.raises(ValidationError):
        services.indicator_update(indicator=indicator, stamp=make_stamp(indicator), by=lead, kind="yes_no")


def test_a_stale_edit_of_an_indicator_or_a_visit_is_refused(world, lead):
    indicator = IndicatorFactory(goal=world.goal)
    stamp = make_stamp(indicator)
    services.indicator_update(indicator=indicator, stamp=stamp, by=lead, name="Dny ve škole")
    with pytest.raises(StaleEdit):
        services.indicator_update(indicator=Indicator.objects.get(pk=indicator.pk), stamp=stamp, by=lead, target=4)
    assert Indicator.objects.get(pk=indicator.pk).target == 5
    visit = VisitFactory(case=world.case)
    stamp = make_stamp(visit)
    services.visit_update(visit=visit, stamp=stamp, by=lead, happened=True)
    with pytest.raises(StaleEdit):
        services.visit_update(visit=Visit.objects.get(pk=visit.pk), stamp=stamp, by=lead, happened=False)
    assert Visit.objects.get(pk=visit.pk).happened is True


def test_the_migration_turns_every_goal_text_into_an_indicator(world):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("opora.progress.migrations.0002_goal_indicator_text")
    other = GoalFactory(case=world.case, indicator="podaná žádost o obecní byt")
    Indicator.objects.all().delete()
    migration.forward(apps, None)
    names = dict(Indicator.objects.values_list("goal_id", "name"))
    assert names[other.pk] == "podaná žádost o obecní byt"
    assert names[world.goal.pk] == world.goal.indicator
    migration.forward(apps, None)  # run twice: nothing doubled
    assert Indicator.objects.filter(goal=other).count() == 1


def test_the_tabs_show_trend_conditions_next_evaluation_and_visits(client, login, world, lead):
    indicator = services.indicator_create(
        goal=world.goal, name="Dny docházky", kind="count", target=5, return_condition=True, by=lead
    )
    services.observation_record(indicator=indicator, observed_on=TODAY - datetime.timedelta(days=30), value=2, by=lead)
    services.observation_record(indicator=indicator, observed_on=TODAY, value=4, by=lead)
    services.return_plan_save(
        case=world.case,
        placement="Dětský domov Dolní Počernice",
        next_evaluation_on=TODAY + datetime.timedelta(days=20),
        by=lead,
    )
    services.visit_create(case=world.case, planned_on=TODAY, who="matka", happened=False, note="nemoc", by=lead)
    login(client, lead)
    page = client.get(reverse("cases:detail", args=[world.case.pk]) + "?tab=indicators")
    assert page.status_code == 200
    html = page.content.decode()
    assert "2 → 4" in html and "<polyline" in html
    page = client.get(reverse("cases:detail", args=[world.case.pk]) + "?tab=return")
    html = page.content.decode()
    assert "Dětský domov Dolní Počernice" in html and "nemoc" in html and "Dny docházky" in html


def test_recording_an_observation_over_http(client, login, world, lead):
    indicator = IndicatorFactory(goal=world.goal, kind="scale", scale_min=1, scale_max=5, target=4)
    login(client, lead)
    url = reverse("progress:observation_create", args=[indicator.pk])
    bad = client.post(url, {"observed_on": TODAY.isoformat(), "value": "9", "note": ""})
    assert bad.status_code == 200 and not indicator.observations.exists()
    ok = client.post(url, {"observed_on": TODAY.isoformat(), "value": "3", "note": "lépe"})
    assert ok.status_code == 302
    assert indicator.observations.get().value == 3


@pytest.mark.parametrize("persona", ["other_org", "case_manager_other"])
def test_outsiders_cannot_observe_or_read(client, login, world, persona):
    indicator = IndicatorFactory(goal=world.goal)
    login(client, world.members[persona])
    url = reverse("progress:observation_create", args=[indicator.pk])
    assert client.post(url, {"observed_on": TODAY.isoformat(), "value": "5"}).status_code == 404
    assert not indicator.observations.exists()
    assert AuditEvent.objects.filter(action="access.denied").exists()


def test_school_staff_get_no_tab_and_no_page(client, login, world):
    login(client, world.members["school_staff"])
    page = client.get(reverse("cases:detail", args=[world.case.pk]) + "?tab=return")
    assert page.status_code == 200
    assert "Return readiness" not in page.content.decode() and "Připravenost" not in page.content.decode()
    assert client.get(reverse("progress:visit_create", args=[world.case.pk])).status_code == 403
