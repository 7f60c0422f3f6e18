"""Identifiers of the Czech school register: IČO (8 digits, mod-11 checksum) and RED IZO."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def ico_is_valid(value: str) -> bool:
    """The Czech IČO: 8 digits, the last one a mod-11 check digit of the first seven
    (weights 8..2; check = (11 - sum % 11) % 10)."""
    if not re.fullmatch(r"\d{8}", value or ""):
        return False
    total = sum(int(d) * w for d, w in zip(value[:7], range(8, 1, -1), strict=True))
    return (11 - total % 11) % 10 == int(value[7])


def validate_ico(value: str) -> None:
    if not re.fullmatch(r"\d{8}", value or ""):
        raise ValidationError(_("IČO must have exactly 8 digits."), code="ico_format")
    if not ico_is_valid(value):
        raise ValidationError(_("This IČO is not valid (the check digit does not match)."), code="ico_checksum")


def validate_red_izo(value: str) -> None:
    if not re.fullmatch(r"\d{9}", value or ""):
        raise ValidationError(_("RED IZO must have exactly 9 digits."), code="red_izo_format")
