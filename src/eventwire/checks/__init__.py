"""Self-contradiction and defect checks; each module finds one stable kind of flag.

=====================  ================================================================
kind                   what it means
=====================  ================================================================
``location_conflict``  one gathering or meeting placed in different places
``speaker_conflict``   a quote attributed to someone other than who the text says spoke
``role_anachronism``   a person given an office they did not hold at the article's date
``date_conflict``      one event given incompatible dates (or a weekday/date mismatch)
``number_conflict``    one count given incompatible values without an update cue
``boilerplate``        web furniture that extraction removed from the body
=====================  ================================================================
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from eventwire.checks.common import CheckContext
from eventwire.records import Document, Flag

KINDS: tuple[str, ...] = (
    "location_conflict", "speaker_conflict", "role_anachronism", "date_conflict",
    "number_conflict", "boilerplate",
)  # fmt: skip


def checks() -> tuple[Callable[[CheckContext], list[Flag]], ...]:
    """The check functions, one per kind, in the order of :data:`KINDS`."""
    # Imported here: amounts and tone share checks.common, and must not import every check.
    from eventwire.checks import boilerplate, dates, location, numbers, roles, speaker

    return (location.check, speaker.check, roles.check, dates.check, numbers.check,
            boilerplate.check)


def run_checks(doc: Document, kb: Any = None) -> list[Flag]:
    """Every flag of ``doc`` (which has been through the stages before checks)."""
    ctx = CheckContext(doc, kb)
    flags: list[Flag] = []
    for check in checks():
        flags.extend(check(ctx))
    return flags
