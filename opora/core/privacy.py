"""Registries for data-protection duties that span apps (§6).

* Subject access: each app registers a function ``(student) -> dict`` returning everything it
  holds about the student (JSON-serialisable); the consents app assembles the ZIP. A section
  registered with ``takes_choices=True`` is called ``(student, choices)`` with the
  coordinator's decisions for this export (``SubjectAccessChoices``).
* Retention: each app registers a function ``(case) -> None`` that anonymises what it holds
  about a closed case past the organisation's retention period. It must be idempotent.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

subject_access_sections: list[tuple[int, str, Callable]] = []
retention_anonymisers: list[tuple[int, Callable]] = []


@dataclass(frozen=True)
class SubjectAccessChoices:
    """What the coordinator decided for one subject-access export.

    Restricted activity notes may hold third persons' data: each goes out only when its id is
    in ``released_notes`` (the default releases none)."""

    released_notes: frozenset[int] = field(default_factory=frozenset)


def register_subject_access(name: str, order: int = 100, *, takes_choices: bool = False):
    def decorator(func):
        func.subject_access_takes_choices = takes_choices
        if name not in {n for _, n, _ in subject_access_sections}:
            subject_access_sections.append((order, name, func))
            subject_access_sections.sort(key=lambda item: item[0])
        return func

    return decorator


def register_retention(order: int = 100):
    def decorator(func):
        if func not in [f for _, f in retention_anonymisers]:
            retention_anonymisers.append((order, func))
            retention_anonymisers.sort(key=lambda item: item[0])
        return func

    return decorator


# Placeholder that replaces names and free text when a case is anonymised.
ANONYMISED = "Anonymizováno"


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
