import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

ROOT = Path(settings.BASE_DIR)
CATALOGUES = sorted([ROOT / "locale/cs/LC_MESSAGES/django.po", *ROOT.glob("opora/*/locale/cs/LC_MESSAGES/django.po")])


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_czech_catalogue_is_complete(path):
    po = polib.pofile(str(path))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not untranslated, f"untranslated in {path}: {untranslated}"
    assert not fuzzy, f"fuzzy in {path}: {fuzzy}"


def test_every_marked_string_is_in_a_catalogue(tmp_path):
    """Run makemessages on a copy of the code: no marked string may be missing from the .po."""
    if not shutil.which("xgettext"):
        pytest.skip("gettext is not installed")
    copy = tmp_path / "src"
    ignore = shutil.ignore_patterns("*.po", "*.mo", "__pycache__", "static")
    shutil.copytree(ROOT / "opora", copy / "opora", ignore=ignore)
    shutil.copytree(ROOT / "templates", copy / "templates", ignore=ignore)
    shutil.copytree(ROOT / "config", copy / "config", ignore=ignore)
    (copy / "locale").mkdir()
    for po in CATALOGUES:
        (copy / po.relative_to(ROOT)).parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [str(ROOT / ".venv/bin/django-admin"), "makemessages", "-l", "cs", "--no-location", "-v0"],
        cwd=copy,
        check=True,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "config.settings_test", "PYTHONPATH": str(copy)},
    )
    missing = {}
    for po in CATALOGUES:
        fresh = {e.msgid for e in polib.pofile(str(copy / po.relative_to(ROOT)))}
        committed = {e.msgid for e in polib.pofile(str(po))}
        if fresh - committed:
            missing[str(po.relative_to(ROOT))] = sorted(fresh - committed)
    assert not missing, f"Run scripts/messages.sh and translate: {missing}"


@pytest.mark.django_db
def test_czech_is_the_default_and_english_can_be_chosen():
    client = Client()
    page = client.get(reverse("accounts:login"))
    assert '<html lang="cs">' in page.content.decode()
    assert "Přihlásit se" in page.content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/accounts/login/"})
    page = client.get(reverse("accounts:login"))
    assert '<html lang="en">' in page.content.decode()
    assert "Sign in" in page.content.decode()


def test_forms_keep_djangos_czech_wording_with_rest_framework_installed():
    """REST framework's catalogue ranks above Django's and words some form errors differently;
    a required field must still read "Toto pole je třeba vyplnit." as Django words it."""
    import django
    from django.utils import translation

    from opora.core.django_wording import MESSAGES

    django_po = polib.pofile(Path(django.__file__).parent / "conf/locale/cs/LC_MESSAGES/django.po")
    djangos = {entry.msgid: entry.msgstr for entry in django_po}
    with translation.override("cs"):
        for message in MESSAGES:
            assert translation.gettext(message) == djangos[message]
        assert translation.gettext("This field is required.") == "Toto pole je třeba vyplnit."


@pytest.mark.parametrize(
    ("password", "expected"),
    [
        ("kratke", "Heslo je příliš krátké. Musí mít délku aspoň 12 znaků."),
        ("123456789012345", "Heslo se skládá pouze z čísel."),
        ("password1234", "Heslo je příliš běžné."),
    ],
)
def test_every_password_rule_speaks_czech(password, expected):
    """Django 5.2's Czech catalogue lacks its reworded length error (opora.core.django_wording):
    a new user choosing a password reads every rule it breaks in Czech."""
    from django.contrib.auth import password_validation
    from django.core.exceptions import ValidationError
    from django.utils import translation

    from opora.accounts.models import User

    user = User(email="jana.novakova@example.cz", full_name="Jana Nováková")
    with translation.override("cs"), pytest.raises(ValidationError) as refused:
        password_validation.validate_password(password, user)
    assert expected in refused.value.messages
    with translation.override("cs"):
        for text in password_validation.password_validators_help_texts():
            assert "password" not in text.lower(), text
