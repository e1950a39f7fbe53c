"""boilerplate: web furniture that extraction removed from the body, reported not silent."""

from __future__ import annotations

from eventwire.checks.common import CheckContext
from eventwire.records import Flag

#: Characters of a removed piece shown in the message.
SHOWN = 80


def check(ctx: CheckContext) -> list[Flag]:
    """One flag per piece in ``doc.removed``; it is not in ``text``, so no spans."""
    flags = []
    for piece in ctx.doc.removed:
        shown = " ".join(piece.split())
        if not shown:
            continue
        if len(shown) > SHOWN:
            shown = shown[: SHOWN - 1] + "\u2026"
        flags.append(Flag("boilerplate", f"removed from the body as web furniture: {shown!r}"))
    return flags
