"""id_url gives exactly Django's reverse, whatever the language, the script prefix and the id."""

import pytest
from django.urls import reverse, set_script_prefix
from django.utils import translation

from opora.core.links import id_url, id_urls, url
from opora.core.navigation import ENTRIES

NAMES = [
    "cases:detail",
    "meetings:detail",
    "meetings:create",
    "consents:case",
    "consents:report_create",
    "consents:legal_duty",
    "agreements:detail",
    "progress:visit_edit",
    "reports:detail",
]


@pytest.mark.parametrize("language", ["cs", "en"])
def test_an_id_url_is_the_reversed_url(language):
    try:
        for prefix in ("/", "/opora/"):
            set_script_prefix(prefix)
            with translation.override(language):
                for name in NAMES:
                    for pk in (1, 7, 12345, 2_147_483_647):
                        assert id_url(name, pk) == id_urls(name)(pk) == reverse(name, args=[pk]), (name, pk, prefix)
                for entry in ENTRIES:
                    assert url(entry.url_name) == reverse(entry.url_name), (entry.url_name, prefix)
            assert id_url("cases:detail", 5).startswith(prefix) and url("cases:list").startswith(prefix)
    finally:
        set_script_prefix("/")


def _url_names():
    """Every named view of the project, with its namespace ("cases:detail", "set_language"…)."""
    from django.urls import URLPattern, URLResolver, get_resolver

    def walk(patterns, namespace):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, f"{namespace}{p.namespace}:" if p.namespace else namespace)
            elif isinstance(p, URLPattern) and p.name:
                yield namespace + p.name

    return sorted(set(walk(get_resolver().url_patterns, "")))


@pytest.mark.parametrize("language", ["cs", "en"])
def test_the_url_tag_writes_what_djangos_writes_for_every_view(language):
    """{% url %} (opora_urls, a builtin) against Django's own tag, for every named view of the
    project with no argument, one id, a text, two arguments and a keyword, under two script
    prefixes: the same link, or the same error."""
    from django.template import Context, Engine, engines
    from django.template.defaulttags import URLNode
    from django.urls import NoReverseMatch

    from opora.core.templatetags.opora_urls import KeptURLNode

    engine = engines["django"].engine
    plain = Engine(libraries={})  # Django's builtins only: its own {% url %}

    def both(source, **context):
        results = []
        for used, node_class in ((engine, KeptURLNode), (plain, URLNode)):
            template = used.from_string(source)
            assert any(type(node) is node_class for node in template.nodelist.get_nodes_by_type(URLNode))
            try:
                results.append(template.render(Context(context, autoescape=True)))
            except NoReverseMatch:
                results.append(NoReverseMatch)
        return results

    names = _url_names()
    assert len(names) > 100 and "cases:detail" in names and "set_language" in names
    shapes = [
        ("{% url name %}", {}),
        ("{% url name pk %}", {"pk": 7}),
        ("{% url name pk %}", {"pk": 2_147_483_647}),
        ("{% url name pk %}", {"pk": -1}),
        ("{% url name pk %}", {"pk": "abc"}),
        ("{% url name pk pk %}", {"pk": 3}),
        ("{% url name pk other %}", {"pk": 3, "other": 41}),
        ("{% url name pk other pk %}", {"pk": 3, "other": 41}),
        ("{% url name pk other %}", {"pk": 3, "other": "abc"}),
        ("{% url name pk=pk %}", {"pk": 3}),
        ("[{% url name pk as link %}]{{ link }}", {"pk": 9}),
    ]
    try:
        for prefix in ("/", "/opora/"):
            set_script_prefix(prefix)
            with translation.override(language):
                for name in names:
                    for source, values in shapes:
                        kept, django = both(source, name=name, **values)
                        assert kept == django, (name, source, values, prefix)
                        # The name written in the tag, as templates do (a literal is a SafeString).
                        kept, django = both(source.replace("url name", f"url '{name}'"), **values)
                        assert kept == django, (name, source, values, prefix)
    finally:
        set_script_prefix("/")


def test_the_url_tag_does_not_walk_the_resolver_for_a_link_of_ids(monkeypatch):
    """The point of the tag: once a view's link is known, a quoted name with ids (as templates
    write it) is answered without Django's reverse()."""
    import django.urls
    from django.template import Context, engines

    template = engines["django"].engine.from_string(
        "{% url 'cases:detail' pk %} {% url 'meetings:attendance' pk 5 %} {% url 'cases:list' %}"
    )
    expected = template.render(Context({"pk": 7}))
    assert expected == f"{reverse('cases:detail', args=[7])} {reverse('meetings:attendance', args=[7, 5])} /cases/"

    def walked(*args, **kwargs):
        raise AssertionError("reverse() was called")

    monkeypatch.setattr(django.urls, "reverse", walked)
    assert template.render(Context({"pk": 7})) == expected
    assert template.render(Context({"pk": 12})) == expected.replace("/7/", "/12/")
