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
