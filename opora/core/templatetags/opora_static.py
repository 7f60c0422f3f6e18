"""Django's ``static`` library as a builtin (templates use ``{% static %}`` without loading
Django's), with the address of a file kept.

``{% static "opora/opora.css" %}`` asks the static files storage for the address on every
rendering (with the manifest storage: the hashed name, a URL join and a quote, ≈ 100 Python
calls); every page has four. The address of a path is the same until the storage or its
settings change, so it is kept by path and script prefix and forgotten when they change (tests).
A path from a variable is kept the same way; the tag renders exactly what Django's renders."""

import functools

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags import static as django_static
from django.urls import get_script_prefix

register = template.Library()
register.tags.update(django_static.register.tags)
register.filters.update(django_static.register.filters)


@functools.lru_cache(maxsize=1024)
def _kept_url(path: str, script_prefix: str) -> str:
    return django_static.StaticNode.handle_simple(path)


class KeptStaticNode(django_static.StaticNode):
    def url(self, context):
        path = self.path.resolve(context)
        if not isinstance(path, str):
            return self.handle_simple(path)
        return _kept_url(str(path), get_script_prefix())


@register.tag("static")
def do_static(parser, token):
    """``{% static path [as varname] %}``: Django's tag (see the module)."""
    return KeptStaticNode.handle_token(parser, token)


@receiver(setting_changed)
def _forget(*, setting, **kwargs):
    if setting.startswith("STATIC") or setting in {"STORAGES", "INSTALLED_APPS", "FORCE_SCRIPT_NAME"}:
        _kept_url.cache_clear()
