"""Every demo user follows every link they can see, in Czech and in English: no page fails,
and nobody is shown a link that then refuses them (a link to a 403/404 is a broken promise)."""

import re
from collections import deque
from urllib.parse import urldefrag, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client

from opora.accounts.models import Membership
from opora.core.testing.auth import login

pytestmark = pytest.mark.django_db

HREF = re.compile(r'href="([^"]+)"')
# Links that act rather than show (downloads are fetched but not parsed).
SKIP = re.compile(r"/(logout|i18n)/")
MAX_PAGES = 120


def _crawl(client, start="/"):
    seen, queue, problems = {start}, deque([start]), []
    while queue and len(seen) <= MAX_PAGES:
        url = queue.popleft()
        response = client.get(url)
        if response.status_code >= 500 or response.status_code in (403, 404):
            problems.append(f"{url} → {response.status_code}")
            continue
        if response.status_code in (301, 302):
            target = response.url
            if target.startswith("/") and target not in seen:
                seen.add(target)
                queue.append(target)
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        for href in HREF.findall(response.content.decode()):
            href = urldefrag(href.replace("&amp;", "&"))[0]
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not href.startswith("/") or href.startswith("/static/"):
                continue
            if SKIP.search(href) or href in seen:
                continue
            seen.add(href)
            queue.append(href)
    return seen, problems


@pytest.fixture
def demo(db):
    call_command("seed_demo", quiet=True)


@pytest.mark.parametrize("language", ["cs", "en"])
def test_every_demo_user_can_open_every_page_they_are_shown(demo, language):
    problems = {}
    for membership in Membership.objects.select_related("user", "organisation"):
        client = login(Client(), membership)
        client.cookies["django_language"] = language
        seen, failed = _crawl(client)
        assert len(seen) > 1, f"{membership} sees no links at all"
        if failed:
            problems[f"{membership.user.email} ({membership.role}, {membership.organisation.slug})"] = failed
    assert not problems, problems
