"""id_url gives exactly Django's reverse, whatever the language, the script prefix and the id."""

import pytest
from django.urls import reverse, set_script_prefix
from django.utils import translation

from opora.core.links import id_url, url
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
                        assert id_url(name, pk) == reverse(name, args=[pk]), (name, pk, prefix)
                for entry in ENTRIES:
                    assert url(entry.url_name) == reverse(entry.url_name), (entry.url_name, prefix)
            assert id_url("cases:detail", 5).startswith(prefix) and url("cases:list").startswith(prefix)
    finally:
        set_script_prefix("/")
