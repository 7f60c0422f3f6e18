"""The one registry type of the seams (opora.core.registry)."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from opora.cases import extensions
from opora.core import dashboard, privacy
from opora.core.registry import Panel, Registry


def _panel(key, order=100, title="x"):
    return Panel(key, title, "t.html", lambda *a: {}, order=order)


def test_registration_is_closed_once_the_apps_are_ready():
    registry = Registry("test")
    with pytest.raises(ImproperlyConfigured):
        registry.register(_panel("late"))


def test_providers_are_ordered_and_deduplicated_by_key(monkeypatch):
    from django.apps import apps

    monkeypatch.setattr(apps, "ready", False)  # as inside AppConfig.ready()
    registry = Registry("test")
    b, a = _panel("b", order=20), _panel("a", order=10)
    registry.register(b)
    registry.register(a)
    registry.register(b)  # the same provider again (ready() run twice): no copy
    assert registry.keys() == ["a", "b"] and len(registry) == 2
    with pytest.raises(ImproperlyConfigured):
        registry.register(_panel("b", order=30, title="another"))


def test_every_seam_is_a_registry_filled_by_the_apps():
    assert extensions.case_tabs.keys() == [
        "household",
        "indicators",
        "return",
        "agreement",
        "meetings",
        "consents",
        "reports",
        "outcomes",
    ]
    assert extensions.header_badges.keys() == ["consent", "attendance"]
    assert extensions.school_panels.keys() == ["school_reports", "meetings"]
    assert extensions.timeline_sources.keys() == ["meetings"]
    assert extensions.closure_hooks.keys() == ["outcomes_follow_ups"]
    assert dashboard.panels.keys() == [
        "my_day",
        "team_day",
        "my_cases",
        "meetings",
        "attendance_signals",
        "schools",
        "expiring_consents",
        "school_reports",
        "external_tasks",
    ]
    assert privacy.subject_access.keys() == [
        "student",
        "cases",
        "family",
        "meetings",
        "consents",
        "disclosures",
        "school_reports",
        "agreements",
        "attendance",
        "case_reports",
        "progress",
    ]
    from opora.day.rules import BUILTIN, rules

    # My day: the day's own rules and those the other apps register from their ready().
    assert set(rules.keys()) - {r.key for r in BUILTIN} == {
        "attendance_ospod",
        "attendance_commission",
        "follow_ups",
        "return_evaluations",
        "visits",
        "agreement_reviews",
        "reports_to_approve",
        "reports_to_hand_over",
    }
    assert privacy.retention.keys() == ["cases", "families", "meetings", "consents", "outcomes"]
    for registry in (extensions.case_tabs, extensions.header_badges, extensions.school_panels, dashboard.panels):
        assert all(p.title and p.template and callable(p.load) for p in registry)
