"""Flatten a :class:`Document` into the rows of the store's tables (pure functions)."""

from __future__ import annotations

import calendar
import json
import re
from datetime import date, datetime
from typing import Any

from eventwire.records import Actor, Document, Event, Rejected

Row = tuple[Any, ...]

_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


def period(value: str | None) -> tuple[date | None, date | None]:
    """First and last day covered by "YYYY", "YYYY-MM" or "YYYY-MM-DD"; (None, None) otherwise."""
    m = _DATE.match(value or "")
    if not m:
        return None, None
    year, month, day = int(m[1]), int(m[2] or 0), int(m[3] or 0)
    try:
        if day:
            return date(year, month, day), date(year, month, day)
        if month:
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        return date(year, 1, 1), date(year, 12, 31)
    except ValueError:  # "2023-02-30": keep the text, index nothing
        return None, None


def document_rows(doc: Document, doc_id: str, at: datetime) -> dict[str, list[Row]]:
    """The rows of every table for one document, keyed by table name: its ``documents`` row
    (``doc_json`` is the full contract record) and its child rows."""
    record = doc.to_dict()
    record["id"] = doc_id
    # Why spliced: each event's JSON is encoded once, for its events row and inside doc_json
    # (a dict's JSON lists its items in order, a list's its elements joined by ", ").
    events = [json.dumps(ev, ensure_ascii=False) for ev in record["events"]]
    record["events"] = []
    doc_json = json.dumps(record, ensure_ascii=False).replace(
        _NO_EVENTS, '"events": [' + ", ".join(events) + "]", 1)
    pub = period(doc.pub_date)[0] if doc.pub_date and len(doc.pub_date) == 10 else None
    rows = child_rows(doc, doc_id, events)
    rows["documents"] = [(doc_id, doc.title, doc.url, pub, doc.text, doc.source, doc.author,
                          doc.site, doc_json, at)]
    return rows


#: The empty events list in a record's JSON: its first occurrence is the record's own key (in a
#: string value the quotes would be escaped).
_NO_EVENTS = '"events": []'


def _codes(actors: list[Actor]) -> tuple[list[str | None], list[str | None], list[str]]:
    return (
        [a.code for a in actors],
        [a.sector for a in actors],
        [a.name for a in actors],
    )


def event_row(doc_id: str, idx: int, ev: Event, ev_json: str) -> Row:
    """One ``events`` row: actor/recipient codes flattened for filtering, plus the full JSON
    (``ev_json``, the event's encoded record)."""
    start, end = period(ev.date)
    loc = ev.event_loc
    return (
        doc_id, idx, ev.id, ev.event, list(ev.mode), list(ev.context),
        *_codes(ev.actor), *_codes(ev.recipient),
        ev.date, ev.date_resolution, start, end,
        loc.resolved_place or loc.extracted_place if loc else None,
        loc.geonameid if loc else None, loc.country_code if loc else None,
        loc.lat if loc else None, loc.lon if loc else None,
        ev.event_text, ev.start, ev.end, ev.sequence, list(ev.aux), ev.quad_code, ev.cameo,
        ev.confidence, ev_json,
    )


def child_rows(doc: Document, doc_id: str, events: list[str]) -> dict[str, list[Row]]:
    """Rows of every child table for one document, keyed by table name; ``events`` are the
    encoded records of its events."""
    def actor(a: Actor | None) -> tuple[Any, ...]:
        return (a.name, a.code) if a else (None, None)

    return {
        "entities": [
            (doc_id, i, e.text, e.label, e.start, e.end, *actor(e.actor),
             e.actor.sector if e.actor else None, e.actor.identifier_id if e.actor else None)
            for i, e in enumerate(doc.entities)
        ],
        "events": [event_row(doc_id, i, ev, ev_json)
                   for i, (ev, ev_json) in enumerate(zip(doc.events, events, strict=True))],
        "places": [
            (doc_id, i, p.text, p.start, p.end, p.geonameid, p.name, p.country_code, p.lat,
             p.lon, p.feature)
            for i, p in enumerate(doc.places)
        ],
        "dates": [
            (doc_id, i, d.text, d.start, d.end, d.value, d.resolution)
            for i, d in enumerate(doc.dates)
        ],
        "quotes": [
            (doc_id, i, q.text, q.start, q.end, *actor(q.speaker), q.verb)
            for i, q in enumerate(doc.quotes)
        ],
        "flags": [
            (doc_id, i, f.kind, f.message, json.dumps([list(s) for s in f.spans]))
            for i, f in enumerate(doc.flags)
        ],
    }


def rejected_row(rej: Rejected, at: datetime) -> Row:
    """The ``rejected`` row of a document the pipeline could not process."""
    return (rej.id, rej.source, rej.stage, rej.code, rej.reason, at)
