"""The main navigation ({% nav_list %}, written in Python) is what the template loop over
nav_items wrote, for every role, page and language."""

import pytest
from django.template import Context, engines
from django.test import RequestFactory
from django.utils import translation

pytestmark = pytest.mark.django_db

LOOP = (
    "{% load opora_nav %}{% nav_items as items %}\n<ul>\n"
    '  {% for item in items %}<li><a href="{{ item.url }}"{% if item.active %} aria-current="page"{% endif %}>'
    "{{ item.label }}</a></li>{% endfor %}\n</ul>\n"
)


@pytest.mark.parametrize("language", ["cs", "en"])
def test_the_navigation_is_what_the_template_loop_wrote(world, language):
    engine = engines["django"].engine
    loop = engine.from_string(LOOP)
    included = engine.from_string("{% load opora_nav %}\n{% nav_list %}\n")
    for role, membership in world.members.items():
        for path in ("/", "/cases/", "/cases/5/?tab=plan", "/meetings/", "/schools/", "/nothing/"):
            request = RequestFactory().get(path)
            request.membership = membership
            with translation.override(language):
                expected = loop.render(Context({"request": request}))
                assert included.render(Context({"request": request})) == expected, (role, path)
                if path == "/cases/" and "/cases/" in expected:
                    assert '<a href="/cases/" aria-current="page">' in expected
    request = RequestFactory().get("/")
    request.membership = None
    assert included.render(Context({"request": request})) == "\n<ul>\n  \n</ul>\n"


def test_the_language_switch_offers_every_other_language_in_its_own_name(settings):
    from opora.core.templatetags import opora_nav

    template = engines["django"].engine.from_string("{% load opora_nav %}{% language_buttons current %}")
    button = '<button type="submit" name="language" value="{0}" class="link" lang="{0}">{1}</button>'
    assert template.render(Context({"current": "cs"})) == button.format("en", "English")
    assert template.render(Context({"current": "en"})) == button.format("cs", "Česky")
    settings.LANGUAGES = [("cs", "Czech"), ("en", "English"), ("de", "German")]
    assert template.render(Context({"current": "de"})) == button.format("cs", "Česky") + button.format("en", "English")
    assert template.render(Context({"current": "cs"})).endswith(button.format("de", "Deutsch"))
    assert len(opora_nav._BUTTONS) >= 4
