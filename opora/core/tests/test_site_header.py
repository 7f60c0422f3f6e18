"""The page header ({% site_header %}) is rendered once per set of its values and kept: each
user still gets their own header, with their own CSRF token and the page's own address, and a
change (a name, an unread notification, the section) shows on the next page."""

import re
from html import escape

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from opora.core.templatetags import opora_nav
from opora.day.models import Notification

pytestmark = pytest.mark.django_db

HEADER = re.compile(r'<header class="site-header">.*?</header>', re.S)
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _header(response) -> str:
    return HEADER.search(response.content.decode()).group(0)


@pytest.fixture(autouse=True)
def _no_kept_headers():
    opora_nav._HEADERS.clear()
    yield
    opora_nav._HEADERS.clear()


def test_each_user_gets_their_own_header(world, login):
    roles = ("case_manager", "case_manager_other", "other_org", "school_staff", "school_staff_other")
    headers = {}
    for role in roles:
        headers[role] = _header(login(Client(), world.members[role]).get("/"))
    for role in roles:
        own = world.members[role]
        assert escape(own.user.full_name) in headers[role]
        assert escape(own.organisation.name) in headers[role]
        for other in roles:
            if world.members[other].user.full_name != own.user.full_name:
                assert escape(world.members[other].user.full_name) not in headers[role], (role, other)
    assert escape(world.school.name) in headers["school_staff"]
    assert escape(world.school.name) not in headers["school_staff_other"]
    assert escape(world.org.name) not in headers["other_org"]


def test_the_header_carries_the_requests_own_token_which_is_accepted(world, login):
    client = login(Client(enforce_csrf_checks=True), world.members["case_manager"])
    first, second = client.get("/"), client.get("/")
    tokens = TOKEN.findall(_header(first))
    assert len(tokens) == 2 and tokens[0] == tokens[1]
    # The same token as the rest of the page (htmx's header), and a new one on the next page.
    assert f'"X-CSRFToken": "{tokens[0]}"' in first.content.decode()
    assert TOKEN.findall(_header(second))[0] != tokens[0]
    switched = client.post(reverse("set_language"), {"language": "en", "next": "/", "csrfmiddlewaretoken": tokens[0]})
    assert switched.status_code == 302
    # Another browser's token (kept HTML must not hand one session's token to another).
    stranger = login(Client(enforce_csrf_checks=True), world.members["case_manager"])
    refused = stranger.post(reverse("set_language"), {"language": "en", "next": "/", "csrfmiddlewaretoken": tokens[0]})
    assert refused.status_code == 403


def test_the_pages_address_is_its_own_and_escaped(world, login):
    client = login(Client(), world.members["case_manager"])
    header = _header(client.get("/cases/", QUERY_STRING="state=open&q='x'"))
    assert """name="next" type="hidden" value="/cases/?state=open&amp;q=&#x27;x&#x27;">""" in header
    header = _header(client.get("/cases/", {"q": '"><script>alert(1)</script>'}))
    assert "<script>alert(1)" not in header
    assert 'name="next" type="hidden" value="/cases/?state=open"' in _header(client.get("/cases/", {"state": "open"}))


def test_what_changes_shows_on_the_next_page(world, login):
    membership = world.members["case_manager"]
    Notification.objects.filter(membership=membership).delete()
    client = login(Client(), membership)
    before = _header(client.get("/"))
    assert '<a href="/" aria-current="page">' in before
    assert 'data-testid="notifications-link">Upozornění</a>' in before
    Notification.objects.create(membership=membership, rule="tasks_overdue", subject="Zavolat", url="/")
    assert "1 nepřečtené" in _header(client.get("/"))
    Notification.objects.filter(membership=membership).update(read_at=timezone.now())
    membership.user.full_name = "Jana Nová-Přejmenovaná"
    membership.user.save()
    renamed = _header(client.get("/"))
    assert "Jana Nová-Přejmenovaná" in renamed and "nepřečten" not in renamed
    on_cases = _header(client.get("/cases/"))
    assert '<a href="/cases/" aria-current="page">' in on_cases
    assert '<a href="/" aria-current="page">' not in on_cases
    czech = _header(client.get("/"))
    client.cookies["django_language"] = "en"
    english = _header(client.get("/"))
    assert "Odhlásit" in czech and "Odhlásit" not in english
    assert "Sign out" in english and 'aria-current="page">Overview</a>' in english


def test_the_kept_header_is_the_rendered_one(world, login):
    """The header served from what is kept is the one rendered for the same request."""
    client = login(Client(), world.members["coordinator"])
    fresh = TOKEN.sub("", _header(client.get("/cases/", {"page": "1"})))
    assert len(opora_nav._HEADERS) == 1
    kept = TOKEN.sub("", _header(client.get("/cases/", {"page": "1"})))
    assert kept == fresh
    opora_nav._HEADERS.clear()
    assert TOKEN.sub("", _header(client.get("/cases/", {"page": "1"}))) == kept


def test_a_visitor_gets_the_language_switch_only(client):
    header = _header(client.get(reverse("accounts:login")))
    assert 'class="who"' not in header and 'class="main-nav"' not in header
    assert len(TOKEN.findall(header)) == 1


def test_the_kept_headers_are_bounded(world, login, monkeypatch):
    monkeypatch.setattr(opora_nav, "HEADERS_KEPT", 2)
    for role in ("case_manager", "coordinator", "other_org", "school_staff"):
        login(Client(), world.members[role]).get("/")
        assert 1 <= len(opora_nav._HEADERS) <= 2


def test_a_name_with_markup_is_shown_as_text(world, login):
    membership = world.members["case_manager"]
    membership.user.full_name = '<img src=x onerror=alert(1)> =HYPERLINK("http://x")'
    membership.user.save()
    header = _header(login(Client(), membership).get("/"))
    assert "<img" not in header
    assert "&lt;img src=x onerror=alert(1)&gt; =HYPERLINK(&quot;http://x&quot;)" in header
