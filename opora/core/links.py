"""Links to an object's page by its id, reversed once instead of once per link.

My day lists dozens of items, each with a link to a case, a task's plan or a meeting; Django's
``reverse`` walks the URL resolver for each (≈ 40 µs). ``id_url(name, pk)`` reverses the view
with a placeholder id once per view name, script prefix, URLconf and language, and puts each id
in its place: the same URL as ``reverse(name, args=[pk])``."""

import functools

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

# Digits only, so that an ``<int:…>`` converter takes it and no other part of a URL holds it.
_PLACEHOLDER = "9182736450192837465"


@functools.lru_cache(maxsize=512)
def _parts(viewname: str, prefix: str, urlconf, language) -> tuple[str, str]:
    url = reverse(viewname, args=[int(_PLACEHOLDER)], urlconf=urlconf)
    head, _, tail = url.partition(_PLACEHOLDER)
    return head, tail


@functools.lru_cache(maxsize=512)
def _plain(viewname: str, prefix: str, urlconf, language) -> str:
    return reverse(viewname, urlconf=urlconf)


def url(viewname: str) -> str:
    """``reverse(viewname)`` for a view without arguments (the navigation's, on every page)."""
    return _plain(viewname, get_script_prefix(), get_urlconf(), get_language())


def id_url(viewname: str, pk: int) -> str:
    """``reverse(viewname, args=[pk])`` for a view of one id."""
    head, tail = _parts(viewname, get_script_prefix(), get_urlconf(), get_language())
    return f"{head}{int(pk)}{tail}"


@functools.lru_cache(maxsize=512)
def _pieces(viewname: str, n: int, prefix: str, urlconf, language) -> tuple[str, ...]:
    # Distinct placeholders of the same length, so that none is found inside another.
    marks = [str(int(_PLACEHOLDER) + 1000 * i) for i in range(n)]
    url = reverse(viewname, args=[int(m) for m in marks], urlconf=urlconf)
    pieces = []
    for mark in marks:
        head, found, url = url.partition(mark)
        if not found:  # a converter changed the value: let reverse() answer each time
            raise NoReverseMatch(viewname)
        pieces.append(head)
    return (*pieces, url)


def ids_url(viewname: str, *pks: int) -> str:
    """``reverse(viewname, args=pks)`` for a view of several ids (a participant of a meeting)."""
    pieces = _pieces(viewname, len(pks), get_script_prefix(), get_urlconf(), get_language())
    return "".join(f"{piece}{int(pk)}" for piece, pk in zip(pieces[:-1], pks, strict=True)) + pieces[-1]


def id_urls(viewname: str):
    """``id_url`` for many ids of one view in the same request (the rows of a list): the
    script prefix, URLconf and language are read once. Returns a function of the id."""
    head, tail = _parts(viewname, get_script_prefix(), get_urlconf(), get_language())
    return lambda pk: f"{head}{int(pk)}{tail}"


@receiver(setting_changed)
def _forget(*, setting, **kwargs):
    # As Django forgets its resolvers (django.test.signals.root_urlconf_changed).
    if setting == "ROOT_URLCONF":
        for cached in (_parts, _plain, _pieces):
            cached.cache_clear()
