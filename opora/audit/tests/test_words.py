"""Issue 11, words not codes: the audit logs show actions, objects and roles in words, in the
viewer's language, with objects linked only where the viewer may open them."""

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from opora.audit import words
from opora.audit.services import audit_log

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]
WRITTEN = re.compile(r"(?:action=|_audit\(\s*|else\s+)\"([a-z]+\.[a-z_0-9]+)\"")
RAW = ("consents.case_view", "cases.case", ">coordinator<", ">case_manager<", "meetings.view")


def _shown(html: str) -> str:
    """The page without attribute values (the action filter's options carry the codes)."""
    return re.sub(r'value="[^"]*"', "", html)


def _codes_written_by_the_apps():
    codes = set()
    for path in (ROOT / "opora").rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts or path.name == "region.py":
            continue
        codes |= set(WRITTEN.findall(path.read_text(encoding="utf-8")))
    return codes


def test_every_action_the_apps_write_has_words():
    codes = _codes_written_by_the_apps()
    assert len(codes) > 80
    assert sorted(codes - set(words.ACTIONS)) == []


def _events(world):
    coordinator = world.members["coordinator"]
    audit_log(action="consents.case_view", membership=coordinator, actor=coordinator.user, obj=world.case)
    audit_log(action="meetings.view", membership=coordinator, actor=coordinator.user, obj=world.meeting)


@pytest.mark.parametrize(
    ("language", "phrase", "role", "kind"),
    [
        ("en", "Opened the consents of the case", "Coordinator", "Case"),
        ("cs", "Otevřel/a souhlasy případu", "Koordinátor/ka", "Případ"),
    ],
)
def test_the_case_audit_log_is_in_words_and_links_the_case(world, login, language, phrase, role, kind):
    _events(world)
    client = login(Client(), world.members["coordinator"])
    html = client.get(reverse("consents:case_audit", args=[world.case.pk]), HTTP_ACCEPT_LANGUAGE=language)
    html = html.content.decode()
    assert phrase in html and f"<td>{role}</td>" in html
    assert f'{kind} <a href="{reverse("cases:detail", args=[world.case.pk])}">{world.case.number}</a>' in html
    for raw in RAW:
        assert raw not in _shown(html)


def test_the_case_audit_export_is_in_words(world, login):
    _events(world)
    client = login(Client(), world.members["coordinator"])
    response = client.get(reverse("consents:case_audit_csv", args=[world.case.pk]), HTTP_ACCEPT_LANGUAGE="en")
    text = b"".join(response.streaming_content if response.streaming else [response.content]).decode()
    assert "Opened the consents of the case" in text and "Coordinator" in text
    assert "consents.case_view" not in text and "cases.case" not in text


def test_the_admin_reads_the_log_in_words_but_gets_no_link_to_a_case_they_may_not_open(world, login):
    _events(world)
    client = login(Client(), world.members["admin"])
    html = client.get(reverse("audit:log"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Opened the consents of the case" in html
    assert f"Case #{world.case.pk}" in html
    assert reverse("cases:detail", args=[world.case.pk]) not in html
    assert reverse("meetings:detail", args=[world.meeting.pk]) not in html
    for raw in RAW:
        assert raw not in _shown(html)


def test_the_coordinator_gets_links_to_the_case_and_the_meeting(world, login):
    _events(world)
    client = login(Client(), world.members["coordinator"])
    html = client.get(reverse("audit:log"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'href="{reverse("cases:detail", args=[world.case.pk])}"' in html
    assert f'href="{reverse("meetings:detail", args=[world.meeting.pk])}"' in html


def test_an_unknown_code_still_reads_as_words():
    # The language is stated: tests start in the default language (Czech), not in whatever
    # language an earlier test's request left active.
    with translation.override("en"):
        assert words.action_label("future.thing") == "Other action (future.thing)"
        assert words.object_type_label("no.such") == "Record"
        assert words.role_label("coordinator") == "Coordinator"
    with translation.override("cs"):
        assert words.action_label("future.thing") == "Jiná akce (future.thing)"
        assert words.object_type_label("no.such") == "Záznam"
        assert words.role_label("coordinator") == "Koordinátor/ka"


def test_a_stored_value_that_is_no_code_is_shown_as_it_was_stored():
    """No app writes such a value; wrapping it in words would hide it (the exports neutralise
    it as a formula, test_exports)."""
    assert words.action_label("=1+1") == "=1+1"
    assert words.object_type_label("=1+1") == "=1+1"
