"""PLOVER JSONL: one event record per line, with the field names of the PLOVER manual's JSON
record (id, date, actor, recipient, event, event_loc, event_text, quad_code, event_scale, mode,
context, text_info, cite_info, coder, coded_date).

eventwire adds named fields the manual allows ("providers should feel free to include named
fields beyond those provided"): doc_id, pub_date, date_resolution, date_inherited, aux, cameo,
confidence, tone and size. With them :func:`from_record` rebuilds the event exactly.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from eventwire import __version__
from eventwire.export import codes
from eventwire.records import Actor, Event, EventPlace, Tone
from eventwire.store.duck import StoredDocument

CODER = f"eventwire {__version__}"
CODEBOOK = "plover-2.0"


def _entity(actor: Actor) -> dict[str, Any]:
    return {"code": actor.code, "sector": actor.sector, "entity_text": actor.entity_text,
            "identifier_id": actor.identifier_id, "identifier_text": actor.name}


def _actor(d: dict[str, Any]) -> Actor:
    return Actor(d["entity_text"], d["identifier_text"], d.get("code"), d.get("sector"),
                 d.get("identifier_id"))


def _location(loc: EventPlace | None) -> dict[str, Any] | None:
    if loc is None:
        return None
    levels = codes.tables()["plover_resolution"]
    return {"extracted_place": loc.extracted_place, "resolved_place": loc.resolved_place,
            "geonameid": loc.geonameid, "lat": loc.lat, "lon": loc.lon,
            "country": codes.country_name(loc.country_code) or None,
            "country_code": loc.country_code, "resolution": levels.get(loc.resolution)}


def _place(d: dict[str, Any] | None) -> EventPlace | None:
    if d is None:
        return None
    names = {v: k for k, v in codes.tables()["plover_resolution"].items() if k != "_source"}
    return EventPlace(d["extracted_place"], d.get("resolved_place"), d.get("geonameid"),
                      d.get("lat"), d.get("lon"), d.get("country_code"),
                      names.get(d.get("resolution"), "city"))


def to_record(stored: StoredDocument, ev: Event) -> dict[str, Any]:
    """The PLOVER JSON record of one event."""
    doc = stored.document
    return {
        "id": ev.id, "date": ev.date, "actor": [_entity(a) for a in ev.actor],
        "recipient": [_entity(a) for a in ev.recipient], "event": [ev.event],
        "event_loc": _location(ev.event_loc), "event_text": [ev.event_text],
        "quad_code": codes.quad_class(ev), "event_scale": codes.score(ev),
        "mode": list(ev.mode), "context": list(ev.context),
        "text_info": {"sequence": ev.sequence, "start": ev.start, "end": ev.end},
        "cite_info": {"citation": doc.id, "url": doc.url, "title": doc.title,
                      "publication": doc.site, "coder": CODER, "codebook": CODEBOOK},
        "coder": CODER, "coded_date": stored.ingested_at.date().isoformat(),
        "coded_time": stored.ingested_at.time().isoformat(timespec="seconds"),
        # eventwire's own fields
        "doc_id": doc.id, "pub_date": doc.pub_date, "date_resolution": ev.date_resolution,
        "date_inherited": ev.date_inherited, "aux": list(ev.aux), "quad_code_coded": ev.quad_code,
        "cameo": ev.cameo, "confidence": round(ev.confidence, 3),
        "tone": ev.tone.to_dict() if ev.tone else None, "size": dict(ev.size),
    }


def from_record(rec: dict[str, Any]) -> tuple[str, Event]:
    """(document id, event) back from a PLOVER record written by :func:`to_record`."""
    ti = rec["text_info"]
    event = Event(
        id=rec["id"], event=rec["event"][0], actor=[_actor(a) for a in rec["actor"]],
        recipient=[_actor(a) for a in rec.get("recipient") or []],
        event_text=rec["event_text"][0], start=ti["start"], end=ti["end"],
        sequence=ti["sequence"], mode=list(rec.get("mode") or []),
        context=list(rec.get("context") or []), date=rec.get("date"),
        date_resolution=rec.get("date_resolution"),
        date_inherited=bool(rec.get("date_inherited")), event_loc=_place(rec.get("event_loc")),
        aux=list(rec.get("aux") or []), quad_code=rec.get("quad_code_coded"),
        cameo=rec.get("cameo"), confidence=float(rec.get("confidence") or 0.0),
        tone=Tone.from_dict(rec.get("tone")), size=dict(rec.get("size") or {}),
    )
    return rec["doc_id"], event


def write(pairs: Iterable[tuple[StoredDocument, Event]], out: TextIO) -> int:
    """Write one PLOVER record per line; returns the number of records."""
    n = 0
    for stored, ev in pairs:
        out.write(json.dumps(to_record(stored, ev), ensure_ascii=False) + "\n")
        n += 1
    return n


def read(lines: Iterable[str]) -> Iterator[tuple[str, Event]]:
    """(document id, event) for each PLOVER JSONL line written by eventwire."""
    for line in lines:
        if line.strip():
            yield from_record(json.loads(line))
