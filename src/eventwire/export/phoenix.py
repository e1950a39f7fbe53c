"""Phoenix event data rows: 26 tab-separated columns in the Phoenix codebook's order.

One row per (actor, recipient) pair. EventCode/EventRootCode are CAMEO (the event's own code,
else its PLOVER type's default); GoldsteinScore carries the PLOVER score; Issues lists the
PLOVER contexts as "CONTEXT,1"; CountryCode is ISO alpha-3, as Phoenix had it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from eventwire.export import codes
from eventwire.records import Event
from eventwire.store.duck import StoredDocument

#: Phoenix columns, in the codebook's order.
COLUMNS: tuple[str, ...] = (
    "EventID", "Date", "Year", "Month", "Day",
    "SourceActorFull", "SourceActorEntity", "SourceActorRole", "SourceActorAttribute",
    "TargetActorFull", "TargetActorEntity", "TargetActorRole", "TargetActorAttribute",
    "EventCode", "EventRootCode", "PentaClass", "GoldsteinScore", "Issues",
    "Lat", "Lon", "LocationName", "StateName", "CountryCode", "SentenceID", "URLs",
    "NewsSources",
)


def _side(parts: dict[str, str]) -> list[str]:
    entity = parts["country"] or parts["group"] or parts["type"]
    return [parts["code"], entity, parts["type"] if parts["type"] != entity else "", ""]


def rows(stored: StoredDocument, ev: Event) -> Iterator[list[Any]]:
    """The Phoenix rows of one event: one per (actor, recipient) pair."""
    doc = stored.document
    code, _base, root = codes.cameo(ev)
    day = codes.event_day(ev, doc.pub_date)
    when = [day.strftime("%Y%m%d"), day.year, day.month, day.day] if day else ["", "", "", ""]
    loc = ev.event_loc
    where = ([loc.lat, loc.lon, codes.flat(loc.resolved_place or loc.extracted_place), "",
              loc.country_code or ""] if loc else ["", "", "", "", ""])
    issues = ";".join(f"{c.upper()},1" for c in ev.context)
    pairs = codes.dyads(ev)
    for n, (actor, recipient) in enumerate(pairs):
        yield [
            ev.id if len(pairs) == 1 else f"{ev.id}-{n + 1}", *when,
            *_side(codes.cameo_actor(actor)), *_side(codes.cameo_actor(recipient)),
            code, root, codes.penta_class(root), codes.score(ev), issues, *where,
            f"{doc.id}-{ev.sequence}", codes.flat(doc.url or doc.source),
            codes.flat(doc.site or codes.domain(doc.url)),
        ]
