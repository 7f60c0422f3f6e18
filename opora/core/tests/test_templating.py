"""The templates' localize (opora.core.templating) gives what Django's gives."""

import datetime
import decimal

import pytest
from django.db import models
from django.template import base
from django.utils import formats, translation

from opora.core import templating


class Minutes(models.IntegerChoices):
    SHORT = 15, "Short"


VALUES = [
    0,
    7,
    -3,
    12345,
    10**20,
    True,
    False,
    Minutes.SHORT,
    1.5,
    decimal.Decimal("1234.50"),
    None,
    "12345",
    datetime.date(2026, 3, 29),
    datetime.datetime(2026, 3, 29, 2, 30),
]


@pytest.mark.parametrize("grouping", [False, True])
@pytest.mark.parametrize("language", ["cs", "en"])
def test_every_kind_of_value_is_localised_as_django_does(settings, language, grouping):
    settings.USE_THOUSAND_SEPARATOR = grouping
    with translation.override(language):
        for value in VALUES:
            for use_l10n in (None, True, False):
                expected = formats.localize(value, use_l10n=use_l10n)
                found = templating.localize(value, use_l10n=use_l10n)
                assert (found, type(found)) == (expected, type(expected)), (value, use_l10n)
    if grouping:  # grouped, a large integer is Django's formatting, not its digits
        with translation.override("en"):
            assert templating.localize(12345) == "12,345"


def test_templates_render_integers_with_it():
    from django.template import Context, Template

    assert base.localize is templating.localize
    assert Template("{{ a }}|{{ b }}|{{ c }}").render(Context({"a": 12345, "b": True, "c": None})) == "12345|True|None"


class _Kept:
    """An object a template is given; a weak reference tells when it is freed."""

    name = "kept"


@pytest.fixture
def no_collector():
    """The garbage collector off: an object is freed only when nothing refers to it."""
    import gc

    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _render_and_forget(engine_backend, rf):
    import weakref

    from django.template.backends.django import DjangoTemplates

    backend = engine_backend({"NAME": "t", "DIRS": [], "APP_DIRS": False, "OPTIONS": {"context_processors": []}})
    assert isinstance(backend, DjangoTemplates)
    kept = _Kept()
    ref = weakref.ref(kept)
    html = backend.from_string("{% for x in xs %}{{ x.name }}{% endfor %}").render({"xs": [kept]}, rf.get("/"))
    assert html == "kept"
    del kept
    return ref


def test_a_rendered_page_frees_what_it_was_given_without_the_garbage_collector(no_collector, rf):
    ref = _render_and_forget(templating.DjangoTemplates, rf)
    assert ref() is None


def test_django_s_own_engine_keeps_it_in_a_reference_cycle(no_collector, rf):
    """Why the engine exists: with Django's, the same object waits for a collection."""
    import gc

    from django.template.backends.django import DjangoTemplates

    ref = _render_and_forget(DjangoTemplates, rf)
    assert ref() is not None
    gc.collect()
    assert ref() is None


def test_the_configured_engine_is_opora_s_and_keeps_django_s_name():
    from django.template import engines

    assert isinstance(engines["django"], templating.DjangoTemplates)


def test_a_missing_template_is_reported_by_the_engine(rf):
    from django.template import TemplateDoesNotExist, engines

    with pytest.raises(TemplateDoesNotExist):
        engines["django"].get_template("no/such/template.html")
    # A template that includes a missing one: the error is raised, the context is let go.
    template = engines["django"].from_string('{% include "no/such/template.html" %}')
    with pytest.raises(TemplateDoesNotExist):
        template.render({}, rf.get("/"))


def _served(environ) -> bytes:
    """A request served as the WSGI server serves it (the test client keeps each response in
    reference cycles of its own: its json() partial, the contexts it records)."""
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    statuses = []
    # As the test client does: the test's transaction keeps its connection open.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        result = WSGIHandler()(environ, lambda status, headers, exc_info=None: statuses.append(status))
        try:
            body = b"".join(result)
        finally:
            result.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    assert statuses == ["200 OK"]
    return body


@pytest.mark.django_db
def test_the_case_list_leaves_no_case_in_the_collector_s_garbage(client, world, no_collector):
    """The whole page: the list's cases, students and leads are freed with the page."""
    import gc

    from django.test import RequestFactory

    from opora.cases.models import Case
    from opora.core.testing.auth import login

    login(client, world.members["case_manager"])
    cookies = "; ".join(f"{name}={morsel.value}" for name, morsel in client.cookies.items())
    environ = RequestFactory()._base_environ(PATH_INFO="/cases/", REQUEST_METHOD="GET", HTTP_COOKIE=cookies)
    _served(dict(environ))  # the first request fills the caches
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        body = _served(dict(environ))
        gc.collect()
        leftovers = [o for o in gc.garbage if type(o) is Case]  # type(): a lazy object would evaluate
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
    assert world.case.number in body.decode()
    assert leftovers == []
