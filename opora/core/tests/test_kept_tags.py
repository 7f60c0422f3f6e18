"""The kept tags of opora.core.templatetags (translate, static, the language buttons) render what Django's render."""

import re

import pytest
from django.template import Context, Engine
from django.utils import translation

from opora.core.templatetags import opora_i18n, opora_static

SOURCES = [
    '{% translate "Cases" %}',
    "{% translate 'Next steps' %}",
    '{% translate "Cases" as title %}[{{ title }}]',
    '{% translate "May" context "month name" %}',
    '{% translate "Cases" noop %}',
    '{% translate "Fish & <chips> 100%% sure" %}',
    "{% translate text %}",
    "{% translate text as shown %}{{ shown }}",
    '{% translate "Cases"|upper %}',
    '{% autoescape off %}{% translate "Fish & <chips>" %}{% endautoescape %}',
]


def _engines():
    django_engine = Engine(builtins=["django.templatetags.i18n"])
    kept_engine = Engine(builtins=["opora.core.templatetags.opora_i18n"])
    return django_engine, kept_engine


@pytest.mark.parametrize("source", SOURCES)
def test_each_form_of_the_tag_renders_as_djangos_in_both_languages_every_time(source):
    django_engine, kept_engine = _engines()
    opora_i18n._KEPT.clear()
    values = {"text": "Fish & <chips>"}
    for language in ("cs", "en", "cs", "en"):  # the second round is answered from what was kept
        with translation.override(language):
            expected = django_engine.from_string(source).render(Context(values))
            assert kept_engine.from_string(source).render(Context(values)) == expected
            assert type(kept_engine.from_string(source).render(Context(values))) is type(expected)


def test_a_constant_is_kept_per_language_and_a_variable_is_not():
    _, kept_engine = _engines()
    opora_i18n._KEPT.clear()
    template = kept_engine.from_string('{% translate "Cases" %}|{% translate text %}')
    with translation.override("cs"):
        assert template.render(Context({"text": "Cases"})) == "Případy|Případy"
    with translation.override("en"):
        assert template.render(Context({"text": "Schools"})) == "Cases|Schools"
    assert {key[:3] for key in opora_i18n._KEPT} == {("cs", True, "Cases"), ("en", True, "Cases")}


def test_the_kept_texts_are_forgotten_when_the_catalogues_change(settings):
    _, kept_engine = _engines()
    with translation.override("cs"):
        kept_engine.from_string('{% translate "Cases" %}').render(Context())
    assert opora_i18n._KEPT
    settings.LOCALE_PATHS = [*settings.LOCALE_PATHS]
    assert not opora_i18n._KEPT


# --- {% static %} of opora.core.templatetags.opora_static --------------------------------------


STATIC_SOURCES = [
    '{% static "opora/opora.css" %}',
    "{% static path %}",
    '{% static "opora/a b&c.css" as css %}[{{ css }}]',
    '{% autoescape off %}{% static "opora/a b&c.css" %}{% endautoescape %}',
]


@pytest.mark.parametrize("source", STATIC_SOURCES)
def test_the_static_tag_renders_as_djangos_and_follows_the_static_url(source, settings):
    django_engine = Engine(libraries={"static": "django.templatetags.static"})
    kept_engine = Engine(libraries={"static": "opora.core.templatetags.opora_static"})
    source = "{% load static %}" + source
    values = {"path": "opora/opora.js"}
    for static_url in ("/static/", "/assets/", "/static/"):
        settings.STATIC_URL = static_url
        expected = django_engine.from_string(source).render(Context(values))
        assert static_url in expected
        for _ in range(2):  # the second is the kept address
            assert kept_engine.from_string(source).render(Context(values)) == expected


def test_templates_use_the_kept_tags_and_never_load_djangos_libraries():
    from django.conf import settings
    from django.template import engines

    engine = engines["django"].engine
    assert isinstance(engine.from_string("{% static 'x' %}").nodelist[-1], opora_static.KeptStaticNode)
    assert isinstance(engine.from_string("{% translate 'x' %}").nodelist[-1], opora_i18n.KeptTranslateNode)
    # {% load static %} / {% load i18n %} would put Django's tags back in that template.
    loading = re.compile(r"{%\s*load\s[^%]*\b(static|i18n)\b")
    roots = [settings.BASE_DIR / "templates", *settings.BASE_DIR.glob("opora/*/templates")]
    found = [str(path) for root in roots for path in root.rglob("*.html") if loading.search(path.read_text())]
    assert found == []


# --- {% extends %} of opora.core.templatetags.opora_extends --------------------------------------

INHERITED = {
    "root.html": "<{% block title %}Root{% endblock %}|"
    "{% block body %}{% block inner %}in{% endblock %}{% endblock %}>",
    "middle.html": '{% extends "root.html" %}{% block inner %}[{{ block.super }}+mid]{% endblock %}',
    "leaf.html": '{% extends "middle.html" %}{% block title %}{{ name }}{% endblock %}'
    "{% block inner %}{{ block.super }}{% for i in items %}{{ i }}{% endfor %}{% endblock %}",
    "dynamic.html": "{% extends parent %}{% block body %}dyn:{{ block.super }}{% endblock %}",
    "other_root.html": "{% block body %}other{% endblock %}!",
}


def _engine(*builtins):
    loaders = [("django.template.loaders.locmem.Loader", INHERITED)]
    return Engine(loaders=loaders, builtins=list(builtins))


def test_inherited_templates_render_as_with_djangos_extends_every_time():
    from opora.core.templatetags import opora_extends

    django_engine, kept_engine = _engine(), _engine("opora.core.templatetags.opora_extends")
    assert isinstance(kept_engine.get_template("leaf.html").nodelist[0], opora_extends.KeptExtendsNode)
    cases = [
        ("root.html", {}),
        ("middle.html", {}),
        ("leaf.html", {"name": "<b>", "items": [1, 2]}),
        ("leaf.html", {"name": "again", "items": []}),
        ("dynamic.html", {"parent": "middle.html"}),
        ("dynamic.html", {"parent": "other_root.html"}),
        ("dynamic.html", {"parent": "root.html"}),
    ]
    for _ in range(2):  # the second round with the root's blocks kept
        for name, values in cases:
            expected = django_engine.get_template(name).render(Context(values))
            assert kept_engine.get_template(name).render(Context(values)) == expected, name
    assert kept_engine.get_template("leaf.html").render(Context({"name": "x", "items": [3]})) == "<x|[in+mid]3>"
