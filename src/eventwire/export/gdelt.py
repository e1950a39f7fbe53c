"""GDELT 2.0 event (61 columns) and mentions (16 columns) rows, tab-separated.

Column order follows the GDELT 2.0 Event Database codebook. eventwire differs where its data
differs, and says so in ``docs/coming-from-gdelt.md``: one row per (actor, recipient) pair of
a PLOVER event; GLOBALEVENTID is a stable hash of document and event id; country codes of the
geography fields are ISO alpha-3 unless ``fips=True``; FeatureID is the GeoNames id; the
GoldsteinScale column carries the PLOVER score; NumMentions/NumSources/NumArticles are 1.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from eventwire.export import codes
from eventwire.records import Actor, Document, Event
from eventwire.store.duck import StoredDocument
from eventwire.store.rows import period

_ACTOR_FIELDS = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
                 "Religion2Code", "Type1Code", "Type2Code", "Type3Code")
_GEO_FIELDS = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long",
               "FeatureID")

#: GDELT 2.0 event table columns, in the codebook's order.
EVENT_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{f}" for f in _ACTOR_FIELDS), *(f"Actor2{f}" for f in _ACTOR_FIELDS),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"Actor1Geo_{f}" for f in _GEO_FIELDS), *(f"Actor2Geo_{f}" for f in _GEO_FIELDS),
    *(f"ActionGeo_{f}" for f in _GEO_FIELDS),
    "DATEADDED", "SOURCEURL",
)

#: GDELT 2.0 mentions table columns, in the codebook's order.
MENTION_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "EventTimeDate", "MentionTimeDate", "MentionType", "MentionSourceName",
    "MentionIdentifier", "SentenceID", "Actor1CharOffset", "Actor2CharOffset",
    "ActionCharOffset", "InRawText", "Confidence", "MentionDocLen", "MentionDocTone",
    "MentionDocTranslationInfo", "Extras",
)


def _actor_cells(actor: Actor | None) -> list[str]:
    parts = codes.cameo_actor(actor)
    return [parts["code"], codes.flat(parts["name"]), parts["country"], parts["group"],
            "", "", "", parts["type"], "", ""]


def _geo_cells(ev: Event | None, fips: bool) -> list[Any]:
    loc = ev.event_loc if ev else None
    if loc is None:
        return [""] * len(_GEO_FIELDS)
    name = ", ".join(x for x in (loc.resolved_place or loc.extracted_place,
                                 codes.country_name(loc.country_code)) if x)
    if loc.resolution == "country":
        name = codes.country_name(loc.country_code) or name
    return [codes.geo_type(loc), codes.flat(name), codes.country(loc.country_code, fips), "", "",
            loc.lat, loc.lon, loc.geonameid]


def _date_cells(stored: StoredDocument, ev: Event) -> list[Any]:
    day = codes.event_day(ev, stored.document.pub_date)
    if day is None:
        return ["", "", "", ""]
    # YYYY.FFFF, FFFF the share of the year completed by that day (GDELT: Jan 1 -> .0027)
    fraction = day.year + min(day.timetuple().tm_yday / 365, 0.9999)
    return [day.strftime("%Y%m%d"), day.strftime("%Y%m"), day.year, f"{fraction:.4f}"]


def is_root(doc: Document, ev: Event) -> int:
    """1 when the event is in the lead paragraph (GDELT's proxy for importance).

    The lead is the first paragraph that is not the title repeated at the top of the text.
    """
    start = 0
    for para in doc.text.split("\n\n"):
        end = start + len(para)
        if para.strip() and para.strip() != (doc.title or "").strip():
            return int(start <= ev.start < end)
        start = end + 2
    return 0


def event_id(stored: StoredDocument, ev: Event, pair: int) -> int:
    return codes.numeric_id(stored.document.id, ev.id, str(pair))


def event_rows(stored: StoredDocument, ev: Event, fips: bool = False) -> Iterator[list[Any]]:
    """The GDELT event rows of one event: one per (actor, recipient) pair."""
    doc = stored.document
    code, base, root = codes.cameo(ev)
    tone = doc.tone.tone if doc.tone else 0.0
    for pair, (actor, recipient) in enumerate(codes.dyads(ev)):
        yield [
            event_id(stored, ev, pair), *_date_cells(stored, ev),
            *_actor_cells(actor), *_actor_cells(recipient),
            is_root(doc, ev), code, base, root, codes.quad_class(ev), codes.score(ev),
            1, 1, 1, round(tone, 4),
            *_geo_cells(None, fips), *_geo_cells(None, fips), *_geo_cells(ev, fips),
            codes.stamp(stored.ingested_at), codes.flat(doc.url or doc.source),
        ]


def _offset(doc: Document, ev: Event, actor: Actor | None) -> int:
    """Where the actor is named inside the event's sentence, or -1 (as GDELT does)."""
    if actor is None:
        return -1
    for ent in doc.entities:
        if ev.start <= ent.start < ev.end and ent.actor is not None and (
                ent.actor.code, ent.actor.name) == (actor.code, actor.name):
            return ent.start
    found = doc.text.find(actor.entity_text, ev.start, ev.end) if actor.entity_text else -1
    return found


def mention_rows(stored: StoredDocument, ev: Event) -> Iterator[list[Any]]:
    """The GDELT mention rows of one event: this article mentions each of its pairs once."""
    doc = stored.document
    pub = period(doc.pub_date)[0]
    tone = doc.tone.tone if doc.tone else 0.0
    for pair, (actor, recipient) in enumerate(codes.dyads(ev)):
        yield [
            event_id(stored, ev, pair), codes.stamp(stored.ingested_at),
            codes.stamp(pub or stored.ingested_at), 1,
            codes.flat(doc.site or codes.domain(doc.url) or doc.source),
            codes.flat(doc.url or doc.source), ev.sequence,
            _offset(doc, ev, actor), _offset(doc, ev, recipient), ev.start, 1,
            round(ev.confidence * 100), len(doc.text), round(tone, 4), "", "",
        ]
