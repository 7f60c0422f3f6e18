"""Registries for data-protection duties that span apps (§6).

* Subject access: each app registers an ``Exporter`` in ``subject_access`` whose
  ``load(student, choices)`` returns everything it holds about the student (JSON-serialisable),
  with the coordinator's decisions for this export (``SubjectAccessChoices``); the consents app
  assembles the ZIP.
* Retention: each app registers an ``Anonymiser`` in ``retention`` whose ``load(case)``
  anonymises what it holds about a closed case past the organisation's retention period. It
  must be idempotent.

Registration happens in the apps' ``AppConfig.ready()`` (``opora.core.registry``).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from opora.core.registry import Registry


@dataclass(frozen=True)
class SubjectAccessChoices:
    """What the coordinator decided for one subject-access export.

    Restricted activity notes may hold third persons' data: each goes out only when its id is
    in ``released_notes`` (the default releases none)."""

    released_notes: frozenset[int] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Exporter:
    """A section of the subject-access export: `load(student, choices) -> JSON-serialisable`."""

    key: str
    title: object
    load: Callable
    order: int = 100


@dataclass(frozen=True)
class Anonymiser:
    """What one app anonymises of a closed case past retention: `load(case) -> None`, idempotent."""

    key: str
    title: object
    load: Callable
    order: int = 100


@dataclass(frozen=True)
class Purge:
    """Working data an app keeps only for a while (an abandoned import's parsed rows, the API's
    idempotency keys): `load(now) -> int` deletes what is older than it needs and returns how
    many rows went; idempotent. Run daily by ``manage.py purge_transient_data``."""

    key: str
    title: object
    load: Callable
    order: int = 100


subject_access = Registry("subject-access sections")
retention = Registry("retention anonymisers")
transient = Registry("transient data purges")


# Placeholder that replaces names and free text when a case is anonymised. It is a stored
# marker, not a word of the page: `shown` (and the template filter of the same name) puts it
# into the reader's language at display.
ANONYMISED = "Anonymizováno"


def shown(value):
    """A stored text as the reader sees it: the anonymisation marker in their language."""
    from django.utils.translation import gettext

    if value == ANONYMISED:
        return gettext("Anonymised")
    return value


def retention_cutoff(case):
    """The day from which a closed case may be anonymised (closure + the organisation's
    retention period), or None for an open case."""
    if case.closed_at is None:
        return None
    years = case.organisation.retention_years
    try:
        return case.closed_at.replace(year=case.closed_at.year + years)
    except ValueError:  # 29 February
        return case.closed_at.replace(year=case.closed_at.year + years, day=28)


def is_past_retention(case, today=None) -> bool:
    from django.utils import timezone

    today = today or timezone.localdate()
    cutoff = retention_cutoff(case)
    return case.is_closed and cutoff is not None and cutoff <= today
