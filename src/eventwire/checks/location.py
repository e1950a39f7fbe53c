"""location_conflict: one gathering or meeting placed in different places in one article."""

from __future__ import annotations

from eventwire.checks.common import CheckContext
from eventwire.checks.gatherings import GatheringMention, dated_apart, grouped, placed_apart
from eventwire.records import Event, Flag


def _label(m: GatheringMention) -> str:
    assert m.place is not None
    return m.place.name or m.place.text


def gathering_conflicts(ctx: CheckContext) -> list[Flag]:
    """A named gathering ("the G20 meeting") said to be in two distinct places."""
    flags: list[Flag] = []
    for key, group in grouped(ctx).items():
        placed = [m for m in group if m.place is not None]
        clash = [(a, b) for i, a in enumerate(placed) for b in placed[i + 1 :]
                 if placed_apart(a, b) and not dated_apart(a, b)]
        if not clash:
            continue
        names = sorted({_label(m) for m in placed})
        spans = sorted({(m.place.start, m.place.end) for m in placed})  # type: ignore[union-attr]
        flags.append(Flag("location_conflict",
                          f"the {key} is placed in {' and in '.join(names)}", spans))
    return flags


def _meeting_key(ev: Event) -> tuple[str, str, str, str | None]:
    codes = sorted(a.code or a.name for a in ev.actor + ev.recipient)
    return ev.event, ",".join(codes), ev.date or "", None


def event_conflicts(ctx: CheckContext) -> list[Flag]:
    """The same meeting (CONSULT, same parties, same day) coded in two distinct places."""
    seen: dict[tuple[str, str, str, str | None], Event] = {}
    flags: list[Flag] = []
    for ev in ctx.doc.events:
        if ev.event != "CONSULT" or "historical" in ev.aux or ev.event_loc is None or not ev.date:
            continue
        key = _meeting_key(ev)
        other = seen.setdefault(key, ev)
        a, b = other.event_loc, ev.event_loc
        if other is not ev and a is not None and a.resolution == b.resolution == "city" and (
            a.geonameid != b.geonameid and (a.resolved_place or "") != (b.resolved_place or "")
        ):
            message = f"one meeting is placed in {a.resolved_place} and in {b.resolved_place}"
            spans = [(other.start, other.end), (ev.start, ev.end)]
            flags.append(Flag("location_conflict", message, spans))
    return flags


def check(ctx: CheckContext) -> list[Flag]:
    """Location conflicts by gathering mentions, else by coded meeting events."""
    return gathering_conflicts(ctx) or event_conflicts(ctx)
