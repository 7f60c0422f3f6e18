"""Small helpers that read settings from the environment (healthchecks style)."""

import os
from pathlib import Path


def envstr(name: str, default: str | None = None) -> str | None:
    """Return NAME from the environment (empty counts as unset), or the contents of the file
    named by NAME_FILE."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        return Path(file_name).read_text(encoding="utf-8").strip()
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def envbool(name: str, default: bool) -> bool:
    value = envstr(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: int) -> int:
    value = envstr(name)
    return int(value) if value not in (None, "") else default


def envlist(name: str, default: list[str]) -> list[str]:
    value = envstr(name)
    if value in (None, ""):
        return default
    return [item.strip() for item in value.split(",") if item.strip()]
