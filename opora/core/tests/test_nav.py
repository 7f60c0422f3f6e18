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
    included = engine.get_template("components/nav.html")
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
