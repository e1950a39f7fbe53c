"""GDELT 2.0 event (61 columns) and mentions (16 columns) rows, tab-separated.

Column order follows the GDELT 2.0 Event Database codebook. As in GDELT, an event reported by
several articles is one event row (its first report's) with NumMentions/NumSources/NumArticles
and AvgTone over all its original reports, and one mention row per report: the event is the
store's cluster (same type, actors, recipients, day and place; :mod:`eventwire.dedup`), and
syndicated copies are left out as the cluster counts leave them out. eventwire differs where
its data differs, and says so in ``docs/coming-from-gdelt.md``: one row per (actor, recipient)
pair of a PLOVER event; GLOBALEVENTID is a stable hash of the first report's document and event
id and the pair's codes; country codes of the geography fields are ISO alpha-3 unless
``fips=True``; FeatureID is the GeoNames id; GoldsteinScale carries the PLOVER score.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from eventwire.export import codes
from eventwire.records import Actor, Document, Event
from eventwire.store.duck import Reader, StoredDocument
from eventwire.store.query import EventFilter, cluster_members
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


@dataclass(frozen=True)
class Cluster:
    """What a GDELT event takes from all its reports: the first report (document, event id,
    when stored) names and dates it; the counts and the mean article tone cover its original
    articles (``tone`` None: the first report's own tone, as for a single article)."""

    first_doc: str
    first_event: str
    added: datetime
    mentions: int
    articles: int
    sources: int
    tone: float | None

    @classmethod
    def alone(cls, stored: StoredDocument, ev: Event) -> Cluster:
        """An event as its one and only report."""
        return cls(stored.document.id, ev.id, stored.ingested_at, 1, 1, 1, None)

    @classmethod
    def of(cls, member: dict[str, Any]) -> Cluster:
        """The cluster of a row of :func:`eventwire.store.query.cluster_members`."""
        return cls(member["first_doc"], member["first_event"], member["first_added"],
                   int(member["mentions"]), int(member["articles"]), int(member["sources"]),
                   None if member["avg_tone"] is None else float(member["avg_tone"]))


def _code(actor: Actor | None) -> str:
    return (actor.code or "") if actor else ""


def keyed_dyads(ev: Event) -> Iterator[tuple[Actor | None, Actor | None, str]]:
    """The event's (actor, recipient) pairs, each with the key that names it in its cluster:
    the pair's codes and how many pairs with the same codes came before it.

    Why codes: the events of one cluster have the same actor and recipient codes, so the same
    pairs of codes, in whatever order their articles list the actors.
    """
    seen: Counter[str] = Counter()
    for actor, recipient in codes.dyads(ev):
        pair = f"{_code(actor)}>{_code(recipient)}"
        yield actor, recipient, f"{pair}#{seen[pair]}"
        seen[pair] += 1


def event_id(cluster: Cluster, key: str) -> int:
    """The GLOBALEVENTID of one pair (``key`` from :func:`keyed_dyads`) of a cluster."""
    return codes.numeric_id(cluster.first_doc, cluster.first_event, key)


def event_rows(stored: StoredDocument, ev: Event, fips: bool = False,
               cluster: Cluster | None = None) -> Iterator[list[Any]]:
    """The GDELT event rows of one event, its cluster's first report (the event alone when
    ``cluster`` is None): one per (actor, recipient) pair."""
    doc = stored.document
    cluster = cluster or Cluster.alone(stored, ev)
    code, base, root = codes.cameo(ev)
    tone = cluster.tone if cluster.tone is not None else doc.tone.tone if doc.tone else 0.0
    for actor, recipient, key in keyed_dyads(ev):
        yield [
            event_id(cluster, key), *_date_cells(stored, ev),
            *_actor_cells(actor), *_actor_cells(recipient),
            is_root(doc, ev), code, base, root, codes.quad_class(ev), codes.score(ev),
            cluster.mentions, cluster.sources, cluster.articles, round(tone, 4),
            *_geo_cells(None, fips), *_geo_cells(None, fips), *_geo_cells(ev, fips),
            codes.stamp(cluster.added), codes.flat(doc.url or doc.source),
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


def mention_rows(stored: StoredDocument, ev: Event,
                 cluster: Cluster | None = None) -> Iterator[list[Any]]:
    """The GDELT mention rows of one event: this article mentions each pair of its cluster
    (of the event alone when ``cluster`` is None) once."""
    doc = stored.document
    cluster = cluster or Cluster.alone(stored, ev)
    pub = period(doc.pub_date)[0]
    tone = doc.tone.tone if doc.tone else 0.0
    for actor, recipient, key in keyed_dyads(ev):
        yield [
            event_id(cluster, key), codes.stamp(cluster.added),
            codes.stamp(pub or stored.ingested_at), 1,
            codes.flat(doc.site or codes.domain(doc.url) or doc.source),
            codes.flat(doc.url or doc.source), ev.sequence,
            _offset(doc, ev, actor), _offset(doc, ev, recipient), ev.start, 1,
            round(ev.confidence * 100), len(doc.text), round(tone, 4), "", "",
        ]


def clustered(reader: Reader, flt: EventFilter,
              first_only: bool) -> Iterator[tuple[StoredDocument, Event, Cluster]]:
    """Each event of an original article in the clusters matching ``flt`` (only the first
    report of each when ``first_only``) with its document and cluster, by document."""
    doc_id, current = None, None
    for member in cluster_members(reader.con, flt, first_only):
        if current is None or doc_id != member["doc_id"]:
            doc_id, current = member["doc_id"], reader.document(member["doc_id"])
        yield current, current.document.events[member["idx"]], Cluster.of(member)


def events_table(reader: Reader, flt: EventFilter, fips: bool = False) -> Iterator[list[Any]]:
    """The GDELT event table of the store: the rows of each cluster's first report."""
    for stored, ev, cluster in clustered(reader, flt, first_only=True):
        yield from event_rows(stored, ev, fips, cluster)


def mentions_table(reader: Reader, flt: EventFilter) -> Iterator[list[Any]]:
    """The GDELT mentions table of the store: every original report of every cluster."""
    for stored, ev, cluster in clustered(reader, flt, first_only=False):
        yield from mention_rows(stored, ev, cluster)
