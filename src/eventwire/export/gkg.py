"""GDELT Global Knowledge Graph 2.1-style rows: one per document, 27 tab-separated columns.

Filled from the knowledge record: persons, organisations, all names, locations, dates (with
GDELT's resolution codes), quotations with their verb, amounts and PLOVER-size counts, each
with its character offset in the clean text; themes are the document's PLOVER event types and
contexts (``PLOVER_CONSULT``, ``PLOVER_CONTEXT_DIPLOMATIC``), not GDELT's theme taxonomy;
tone is eventwire's lexicon tone (Activity Reference Density is not computed and left empty).
Image, video and translation fields stay empty: eventwire keeps none of them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any
from xml.sax.saxutils import escape

from eventwire.export import codes
from eventwire.records import Document, EventPlace, Place
from eventwire.store.duck import StoredDocument
from eventwire.store.rows import period

#: GKG 2.1 columns, in the codebook's order.
COLUMNS: tuple[str, ...] = (
    "GKGRECORDID", "V2.1DATE", "V2SOURCECOLLECTIONIDENTIFIER", "V2SOURCECOMMONNAME",
    "V2DOCUMENTIDENTIFIER", "V1COUNTS", "V2.1COUNTS", "V1THEMES", "V2ENHANCEDTHEMES",
    "V1LOCATIONS", "V2ENHANCEDLOCATIONS", "V1PERSONS", "V2ENHANCEDPERSONS", "V1ORGANIZATIONS",
    "V2ENHANCEDORGANIZATIONS", "V1.5TONE", "V2.1ENHANCEDDATES", "V2GCAM", "V2.1SHARINGIMAGE",
    "V2.1RELATEDIMAGES", "V2.1SOCIALIMAGEEMBEDS", "V2.1SOCIALVIDEOEMBEDS", "V2.1QUOTATIONS",
    "V2.1ALLNAMES", "V2.1AMOUNTS", "V2.1TRANSLATIONINFO", "V2EXTRASXML",
)

_DATE = re.compile(r"^(\d{4}|XXXX)(?:-(\d{2}))?(?:-(\d{2}))?$")
_WORD = re.compile(r"[A-Za-z']+")


def _name(text: str) -> str:
    """A name safe inside GKG's ';'- ',' and '#'-delimited blocks."""
    return " ".join(codes.flat(text, "\t\n\r;,#|").split())


def _names(doc: Document, labels: Iterable[str] | None) -> tuple[str, str]:
    """(V1 unique names, V2 "Name,Offset" list) of entities with the given labels."""
    ents = [e for e in doc.entities if labels is None or e.label in labels]
    unique = dict.fromkeys(_name(e.text) for e in ents)
    return ";".join(unique), ";".join(f"{_name(e.text)},{e.start}" for e in ents)


def _location(place: Place, fips: bool, offset: bool) -> str:
    loc = EventPlace.from_place(place)
    cells: list[Any] = [codes.geo_type(loc), _name(place.name or place.text),
                        codes.country(place.country_code, fips), ""]
    cells += ["", place.lat, place.lon, place.geonameid or "", place.start] if offset else [
        place.lat, place.lon, place.geonameid or ""]
    return "#".join("" if c is None else str(c) for c in cells)


def _themes(doc: Document) -> tuple[str, str]:
    pairs = [(f"PLOVER_{ev.event}", ev.start) for ev in doc.events]
    pairs += [(f"PLOVER_CONTEXT_{c.upper()}", ev.start) for ev in doc.events for c in ev.context]
    v1 = dict.fromkeys([t for t, _ in pairs] + [f"PLOVER_CONTEXT_{c.upper()}"
                                                for c in doc.contexts])
    return ";".join(v1), ";".join(f"{t},{o}" for t, o in pairs)


def _counts(doc: Document) -> tuple[str, str]:
    kinds = codes.tables()["gkg_count_types"]
    found = [a for a in doc.amounts if a.kind in kinds]
    v1 = [f"{kinds[a.kind]}#{a.value:g}#{_name(a.object or '')}#0######" for a in found]
    return ";".join(v1), ";".join(f"{c}#{a.start}" for c, a in zip(v1, found, strict=True))


def _tone(doc: Document) -> str:
    words = [w.lower() for w in _WORD.findall(doc.text)]
    pronouns = set(codes.tables()["gkg_self_group_pronouns"]["words"])
    density = 100 * sum(w in pronouns for w in words) / len(words) if words else 0.0
    t = doc.tone
    if t is None:
        return ""
    return ",".join([f"{t.tone:.4g}", f"{t.positive:.4g}", f"{t.negative:.4g}",
                     f"{t.polarity:.4g}", "", f"{density:.4g}", str(t.word_count)])


def _dates(doc: Document) -> str:
    out = []
    for d in doc.dates:
        m = _DATE.match(d.value)
        if not m:
            continue  # weeks, quarters, durations and references have no GKG form
        year, month, day = m[1], m[2] or "0", m[3] or "0"
        resolution = 4 if m[3] and year != "XXXX" else 3 if m[3] else 2 if m[2] else 1
        if year == "XXXX" and resolution != 3:
            continue
        year = "0" if year == "XXXX" else year
        out.append(f"{resolution}#{int(month)}#{int(day)}#{year}#{d.start}")
    return ";".join(out)


def _quotes(doc: Document) -> str:
    return "#".join(f"{q.start}|{q.end - q.start}|{_name(q.verb or '')}|"
                    f"{codes.flat(q.text, chr(9) + chr(10) + chr(13) + '|#')}" for q in doc.quotes)


def _amounts(doc: Document) -> str:
    return ";".join(f"{a.value:g},{_name(a.object or a.text)},{a.start}" for a in doc.amounts)


def _extras(doc: Document) -> str:
    parts = [f"<PAGE_TITLE>{escape(codes.flat(doc.title))}</PAGE_TITLE>" if doc.title else "",
             f"<PAGE_AUTHORS>{escape(codes.flat(doc.author))}</PAGE_AUTHORS>" if doc.author else ""]
    return "".join(parts)


def row(stored: StoredDocument, number: int, fips: bool = False) -> list[Any]:
    """The GKG row of one stored document; ``number`` makes GKGRECORDID unique in a file."""
    doc = stored.document
    pub = period(doc.pub_date)[0]
    persons, orgs, names = (_names(doc, {"PERSON"}), _names(doc, {"ORG"}), _names(doc, None))
    counts, themes = _counts(doc), _themes(doc)
    words = doc.tone.word_count if doc.tone else len(_WORD.findall(doc.text))
    return [
        f"{codes.stamp(stored.ingested_at)}-{number}", codes.stamp(pub or stored.ingested_at),
        1 if doc.url else 3, codes.flat(doc.site or codes.domain(doc.url)),
        codes.flat(doc.url or doc.source or doc.id), *counts, *themes,
        ";".join(dict.fromkeys(_location(p, fips, False) for p in doc.places)),  # V1: unique
        ";".join(_location(p, fips, True) for p in doc.places),
        *persons, *orgs, _tone(doc), _dates(doc), f"wc:{words}", "", "", "", "",
        _quotes(doc), names[1], _amounts(doc), "", _extras(doc),
    ]
