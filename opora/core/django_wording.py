"""Django's own Czech wording of its form errors, kept although Django REST framework is installed.

An app's catalogue ranks above Django's own, and REST framework's Czech catalogue words some of
the same messages differently ("Toto pole je vyžadováno." for "This field is required."): every
form of the application would change its wording. This app ranks above REST framework in
INSTALLED_APPS, so its catalogue carries Django's wording of these messages (for the API too).
``opora/core/tests/test_i18n.py`` checks that each of them reads as Django words it.

It also words in Czech what Django's Czech catalogue lacks (PLURAL_MESSAGES): Django 5.2 changed
the password length error to "%d character(s)", and its Czech catalogue still translates only
the former "%(min_length)d" message, so a new user choosing a short password read it in English."""

from django.utils.translation import gettext_noop, ngettext_lazy

MESSAGES = [
    gettext_noop("This field is required."),
    gettext_noop("Enter a valid URL."),
    gettext_noop("Enter a valid email address."),
    gettext_noop("No file was submitted."),
    gettext_noop("The submitted file is empty."),
    gettext_noop("Upload a valid image. The file you uploaded was either not an image or a corrupted image."),
    gettext_noop("Value must be valid JSON."),
]

PLURAL_MESSAGES = [
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        "n",
    ),
]
