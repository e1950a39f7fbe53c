"""Option parsing shared by several subcommands."""

from __future__ import annotations

import datetime as dt

from eventwire.errors import UsageError


def iso_date(value: str | None, option: str = "--pub-date") -> str | None:
    """Check a YYYY-MM-DD option value; a wrong one is a usage error (E501)."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError as exc:
        raise UsageError(f"{option} expects YYYY-MM-DD, got {value!r}", code="E501") from exc
