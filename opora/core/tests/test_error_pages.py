"""Issue 11: the error pages are the app's own, in Czech and in English, under every setting."""

import importlib
import sys

import pytest
from django.test import Client, RequestFactory
from django.utils import translation

from opora.core import errors

pytestmark = pytest.mark.django_db

PAGES = {
    "cs": {404: "Stránka nenalezena", 500: "Něco se pokazilo"},
    "en": {404: "Page not found", 500: "Something went wrong"},
}


@pytest.mark.parametrize("language", ["cs", "en"])
def test_a_missing_page_is_the_apps_own_404_in_the_users_language(language):
    response = Client().get("/no-such-page/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 404
    html = response.content.decode()
    assert PAGES[language][404] in html
    assert "URLconf" not in html and "urlpatterns" not in html.lower()


@pytest.mark.parametrize("language", ["cs", "en"])
def test_a_forbidden_page_is_in_the_users_language(world, login, language):
    client = login(Client(), world.members["school_staff"])
    response = client.get("/audit/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 403
    assert ("Přístup odepřen" if language == "cs" else "Access denied") in response.content.decode()


@pytest.mark.parametrize("language", ["cs", "en"])
def test_the_server_error_page_is_in_the_users_language_without_the_database(language, django_assert_num_queries):
    request = RequestFactory().get("/")
    with translation.override(language), django_assert_num_queries(0):
        response = errors.server_error(request)
    assert response.status_code == 500
    assert PAGES[language][500] in response.content.decode()


def test_the_project_names_its_own_handlers_for_every_error():
    from config import urls

    for code in (400, 403, 404, 500):
        assert getattr(urls, f"handler{code}").startswith("opora.core.errors.")


def test_the_demo_settings_do_not_show_djangos_debug_pages(monkeypatch):
    """The demo (manage.py's default settings) lists no URL patterns for a missing page: DEBUG
    is off unless a developer sets DEBUG=1."""
    monkeypatch.delenv("DEBUG", raising=False)
    sys.modules.pop("config.settings_demo", None)
    demo = importlib.import_module("config.settings_demo")
    assert demo.DEBUG is False
    assert demo.WHITENOISE_USE_FINDERS is True  # the demo still serves its static files
    sys.modules.pop("config.settings_demo", None)
