"""Django's template rendering of a plain integer, computed more cheaply with the same result.

Every ``{{ value }}`` goes through ``django.utils.formats.localize``; an integer (an id in an
``id`` attribute or a URL, a count, minutes) becomes ``number_format(value)``: the active
language, three format look-ups and the number formatter, ≈ 50 Python calls, whose result is
``str(value)`` whenever thousands are not grouped (``USE_THOUSAND_SEPARATOR`` is off: Opora's
setting). The meeting page renders about two hundred integers. With grouping on, or for
anything but a plain ``int`` (``bool``, the members of ``IntegerChoices``, decimals, dates),
Django's function answers. Checked against Django's by ``opora/core/tests/test_templating.py``.
"""

from django.conf import settings
from django.template import base
from django.utils import formats
from django.utils.safestring import SafeString

_django_localize = formats.localize


def localize(value, use_l10n=None):
    if type(value) is int and not settings.USE_THOUSAND_SEPARATOR:
        # {% localize off %}: str(value); else numberformat.format's mark_safe(number)
        return str(value) if use_l10n is False else SafeString(value)
    return _django_localize(value, use_l10n=use_l10n)


def install() -> None:
    """Called once from CoreConfig.ready(): the templates' ``localize`` (render_value_in_context)."""
    base.localize = localize
