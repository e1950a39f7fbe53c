"""Plain renderings of event listings and stored documents: table, CSV, JSONL, readable text."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any, TextIO

from eventwire.records import Actor, Event
from eventwire.store.duck import StoredDocument

#: (column of an events listing, header, width) shown by the readable table.
TABLE_COLUMNS: tuple[tuple[str, str, int], ...] = (
    ("date", "DATE", 10),
    ("event", "EVENT", 9),
    ("actor", "ACTOR", 9),
    ("recipient", "RECIPIENT", 9),
    ("location", "LOCATION", 14),
    ("doc_id", "DOCUMENT", 18),
    ("event_text", "TEXT", 60),
)


def cell(value: Any, missing: str = "") -> str:
    """One value as flat text: lists joined with ';' (``missing`` for a None in a list),
    dates in ISO form, None empty."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ";".join(missing if v is None else cell(v) for v in value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


def jsonable(row: dict[str, Any]) -> dict[str, Any]:
    """A listing row with dates as ISO strings, ready for ``json.dumps``."""
    return {k: v.isoformat() if isinstance(v, date | datetime) else v for k, v in row.items()}


def _fit(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def format_table(rows: Sequence[dict[str, Any]]) -> str:
    """A fixed-width table of events for the terminal."""
    lines = ["  ".join(h.ljust(w) for _, h, w in TABLE_COLUMNS).rstrip()]
    for row in rows:
        cells = (_fit(cell(row.get(k), "?"), w).ljust(w) for k, _, w in TABLE_COLUMNS)
        lines.append("  ".join(cells).rstrip())
    lines.append(f"({len(rows)} event{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines)


def write_csv(rows: Iterable[dict[str, Any]], columns: Sequence[str], out: TextIO) -> None:
    """Rows as CSV with a header line, lists joined with ';'."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([cell(row.get(c)) for c in columns])


def write_jsonl(rows: Iterable[dict[str, Any]], out: TextIO) -> None:
    """Rows as one JSON object per line."""
    for row in rows:
        out.write(json.dumps(jsonable(row), ensure_ascii=False) + "\n")


def _actors(actors: list[Actor]) -> str:
    return ", ".join(f"{a.name} ({a.code or '?'}{'/' + a.sector if a.sector else ''})"
                     for a in actors) or "-"


def format_event(ev: Event) -> str:
    """One event on two lines: what, who, when, where; then its text."""
    where = ev.event_loc.resolved_place or ev.event_loc.extracted_place if ev.event_loc else "-"
    extras = " ".join(f"[{x}]" for x in (*ev.mode, *ev.aux))
    head = (f"  {ev.date or '?':<10}  {ev.event:<9} {_actors(ev.actor)} -> "
            f"{_actors(ev.recipient)}  @ {where} {extras}").rstrip()
    return f"{head}\n      \"{_fit(ev.event_text, 100)}\""


def format_document(stored: StoredDocument) -> str:
    """A stored document as readable text: metadata, counts, flags, events and quotes."""
    doc = stored.document
    lines = [f"{doc.id}  {doc.title or '(no title)'}"]
    meta = {"url": doc.url, "published": doc.pub_date, "source": stored.source,
            "stored": stored.ingested_at.isoformat(timespec="seconds")}
    lines.append("  " + "  ".join(f"{k}: {v}" for k, v in meta.items() if v))
    lines.append(f"  {len(doc.text)} characters, {len(doc.entities)} entities, "
                 f"{len(doc.places)} places, {len(doc.dates)} dates, {len(doc.quotes)} quotes")
    lines += [f"  flag {f.kind}: {f.message}" for f in doc.flags]
    lines.append(f"events ({len(doc.events)}):")
    lines += [format_event(ev) for ev in doc.events] or ["  (none)"]
    if doc.quotes:
        lines.append(f"quotes ({len(doc.quotes)}):")
        lines += [f"  {q.speaker.name if q.speaker else '?'} ({q.verb or '-'}): "
                  f"\"{_fit(q.text, 100)}\"" for q in doc.quotes]
    return "\n".join(lines)
