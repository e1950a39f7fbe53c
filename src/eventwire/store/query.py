"""Event filters and the parameterised SQL they become.

User values only ever travel as ``?`` parameters; the SQL text is assembled from the fixed
fragments in :data:`CONDITIONS`, chosen by which filters are set.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

import duckdb

from eventwire.dedup import EVENT_CLUSTERS_SQL
from eventwire.errors import UsageError
from eventwire.records import PLOVER_EVENTS
from eventwire.store.rows import period

#: filter field -> SQL condition over ``events e`` joined with ``documents d``.
CONDITIONS: dict[str, str] = {
    "actor": "list_contains(e.actor_codes, ?)",
    "recipient": "list_contains(e.recipient_codes, ?)",
    "type": "e.event = ?",
    "since": "e.date_end >= ?",
    "until": "e.date_start <= ?",
    "doc_id": "e.doc_id = ?",
}

#: (output column, SQL expression) of an events listing, in order.
EVENT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("doc_id", "e.doc_id"),
    ("event_id", "e.event_id"),
    ("date", "e.date"),
    ("date_resolution", "e.date_resolution"),
    ("event", "e.event"),
    ("mode", "e.mode"),
    ("context", "e.context"),
    ("actor", "e.actor_codes"),
    ("actor_sector", "e.actor_sectors"),
    ("actor_name", "e.actor_names"),
    ("recipient", "e.recipient_codes"),
    ("recipient_sector", "e.recipient_sectors"),
    ("recipient_name", "e.recipient_names"),
    ("location", "e.loc_name"),
    ("country", "e.loc_country"),
    ("geonameid", "e.loc_geonameid"),
    ("lat", "e.loc_lat"),
    ("lon", "e.loc_lon"),
    ("cameo", "e.cameo"),
    ("quad_code", "e.quad_code"),
    ("aux", "e.aux"),
    ("confidence", "e.confidence"),
    ("event_text", "e.event_text"),
    ("start", "e.start"),
    ("end", 'e."end"'),
    ("sequence", "e.sequence"),
    ("title", "d.title"),
    ("url", "d.url"),
    ("pub_date", "d.pub_date"),
)

_CODE = re.compile(r"^[A-Z]{3}$")


@dataclass(frozen=True)
class EventFilter:
    """Which events to list: every set field must match (None = any).

    ``actor``/``recipient`` match any code in the event's actor/recipient list;
    ``since``/``until`` keep events whose date period overlaps [since, until].
    """

    actor: str | None = None
    recipient: str | None = None
    type: str | None = None
    since: date | None = None
    until: date | None = None
    doc_id: str | None = None

    @classmethod
    def parse(cls, **raw: str | None) -> EventFilter:
        """Build a filter from user strings, normalising case and checking every value."""
        unknown = sorted(set(raw) - set(CONDITIONS))
        if unknown:
            raise UsageError(f"unknown event filter(s) {', '.join(unknown)}; known: "
                             f"{', '.join(CONDITIONS)}", code="E501")
        return cls(
            actor=_code(raw.get("actor"), "actor"),
            recipient=_code(raw.get("recipient"), "recipient"),
            type=_event_type(raw.get("type")),
            since=_day(raw.get("since"), "since", first=True),
            until=_day(raw.get("until"), "until", first=False),
            doc_id=raw.get("doc_id"),
        )

    def where(self, conditions: dict[str, str] = CONDITIONS) -> tuple[str, list[Any]]:
        """The WHERE clause (fixed text from ``conditions``) and its parameters."""
        conds, params = [], []
        for f in fields(self):
            value = getattr(self, f.name)
            if value is not None:
                conds.append(conditions[f.name])
                params.append(value)
        return (" WHERE " + " AND ".join(conds) if conds else ""), params


def _code(value: str | None, what: str) -> str | None:
    if value is None:
        return None
    code = value.strip().upper()
    if not _CODE.match(code):
        raise UsageError(f"--{what} expects a 3-letter code such as RUS or IGO, got {value!r}",
                         code="E501")
    return code


def _event_type(value: str | None) -> str | None:
    if value is None:
        return None
    kind = value.strip().upper()
    if kind not in PLOVER_EVENTS:
        raise UsageError(f"--type expects a PLOVER event type ({', '.join(PLOVER_EVENTS)}), "
                         f"got {value!r}", code="E501")
    return kind


def _day(value: str | None, what: str, first: bool) -> date | None:
    """"2023", "2023-03" or "2023-03-02" -> the first (since) or last (until) day covered."""
    if value is None:
        return None
    start, end = period(value.strip())
    if start is None:
        raise UsageError(f"--{what} expects YYYY, YYYY-MM or YYYY-MM-DD, got {value!r}",
                         code="E501")
    return start if first else end


def events_sql(flt: EventFilter, limit: int | None = None) -> tuple[str, list[Any]]:
    """SQL listing the events that match ``flt``, oldest first, and its parameters."""
    where, params = flt.where()
    select = ", ".join(f'{expr} AS "{name}"' for name, expr in EVENT_COLUMNS)
    sql = (f"SELECT {select} FROM events e JOIN documents d ON d.id = e.doc_id{where} "
           "ORDER BY e.date_start NULLS LAST, e.doc_id, e.idx")
    return _limited(sql, params, limit)


def _limited(sql: str, params: list[Any], limit: int | None) -> tuple[str, list[Any]]:
    if limit is not None:
        if limit < 0:
            raise UsageError(f"--limit must be 0 or more, got {limit}", code="E501")
        sql += " LIMIT ?"
        params.append(limit)
    return sql, params


# --- clusters of one event across articles (eventwire.dedup.EVENT_CLUSTERS_SQL) ------------

#: filter field -> SQL condition over one cluster ``c``; a cluster has one type, one sorted
#: actor and recipient list and one day, so the event filters carry over (dates: its day).
CLUSTER_CONDITIONS: dict[str, str] = {
    "actor": "list_contains(c.actors, ?)",
    "recipient": "list_contains(c.recipients, ?)",
    "type": "c.event = ?",
    "since": "c.date >= ?",
    "until": "c.date <= ?",
}

#: An original (not copied) article reporting the cluster, the first by id: the cluster's
#: ``doc_ids`` also name the syndicated copies, which are not the report to read.
_EXAMPLE = """(SELECT min(t.doc_id) FROM unnest(c.doc_ids) AS t(doc_id)
    LEFT JOIN article_links l ON l.doc_id = t.doc_id
    WHERE coalesce(l.kind, 'original') = 'original')"""

#: (output column, SQL expression) of a clusters listing, in order.
CLUSTER_COLUMNS: tuple[tuple[str, str], ...] = (
    ("event", "c.event"),
    ("actor", "c.actors"),
    ("recipient", "c.recipients"),
    ("date", "c.date"),
    ("place", "coalesce(c.place_name, c.place)"),
    ("mentions", "c.mentions"),
    ("articles", "c.articles"),
    ("sources", "c.sources"),
    ("copies", "c.copies"),
    ("example_doc", _EXAMPLE),
    ("doc_ids", "c.doc_ids"),
)


def clusters_sql(flt: EventFilter, limit: int | None = None) -> tuple[str, list[Any]]:
    """SQL listing the event clusters that match ``flt``, most articles first, and its
    parameters (E501 for a ``doc_id`` filter: a cluster spans documents)."""
    if flt.doc_id is not None:
        raise UsageError("event clusters cannot be filtered by document id", code="E501")
    where, params = flt.where(CLUSTER_CONDITIONS)
    select = ", ".join(f'{expr} AS "{name}"' for name, expr in CLUSTER_COLUMNS)
    sql = (f"SELECT {select} FROM ({EVENT_CLUSTERS_SQL}) c{where} ORDER BY c.articles DESC, "
           "c.mentions DESC, c.sources DESC, c.date NULLS LAST, c.event, c.doc_ids")
    return _limited(sql, params, limit)


def clusters_relation(con: duckdb.DuckDBPyConnection, flt: EventFilter | None = None,
                      limit: int | None = None) -> duckdb.DuckDBPyRelation:
    """The event clusters matching ``flt`` as a relation (columns of ``CLUSTER_COLUMNS``)."""
    sql, params = clusters_sql(flt or EventFilter(), limit)
    return con.sql(sql, params=params)


# --- the events of each cluster, for exports that write one row per cluster (GDELT) ---------

#: Each event of an original article in a cluster of ``EVENT_CLUSTERS_SQL`` (filtered by
#: ``{where}`` over the cluster ``c``), with the cluster's counts and first report: the
#: earliest stored, then by document id and position (GDELT keeps an event as first seen).
#: Events join their cluster on the same key the clusters group by; copies are left out as the
#: counts leave them out. ``avg_tone`` is the mean tone of the cluster's articles, computed
#: only for clusters of several articles (NULL otherwise): why, the tone sits inside each
#: document's JSON, and reading every document's JSON here would cache the whole documents
#: table in DuckDB's memory while the export reads each document anyway.
_MEMBERS_SQL = """
WITH c AS (
    SELECT * FROM ({clusters}) c{where}
),
ev AS (
    SELECT e.doc_id, e.idx, e.event_id, e.event, list_sort(e.actor_codes) AS actors,
           list_sort(e.recipient_codes) AS recipients, e.date_start AS date,
           coalesce(CAST(e.loc_geonameid AS VARCHAR), e.loc_country) AS place,
           d.ingested_at
    FROM events e JOIN documents d ON d.id = e.doc_id
    LEFT JOIN article_links l ON l.doc_id = e.doc_id
    WHERE coalesce(l.kind, 'original') = 'original'
),
m AS (
    SELECT ev.*, c.mentions, c.articles, c.sources,
           row_number() OVER w AS report,
           first_value(ev.doc_id) OVER w AS first_doc,
           first_value(ev.event_id) OVER w AS first_event,
           first_value(ev.ingested_at) OVER w AS first_added,
           -- an article's first report of the event carries its tone, however many it has
           row_number() OVER (PARTITION BY c.event, c.actors, c.recipients, c.date, c.place,
                              ev.doc_id ORDER BY ev.idx) = 1 AS article_first
    FROM ev JOIN c ON ev.event = c.event
        AND ev.actors IS NOT DISTINCT FROM c.actors
        AND ev.recipients IS NOT DISTINCT FROM c.recipients
        AND ev.date IS NOT DISTINCT FROM c.date
        AND ev.place IS NOT DISTINCT FROM c.place
    WINDOW w AS (PARTITION BY c.event, c.actors, c.recipients, c.date, c.place
                 ORDER BY ev.ingested_at, ev.doc_id, ev.idx)
),
tones AS (
    SELECT d.id AS doc_id,
           TRY_CAST(json_extract_string(d.doc_json, '$.tone.tone') AS DOUBLE) AS tone
    FROM documents d SEMI JOIN (SELECT doc_id FROM m WHERE articles > 1) s ON s.doc_id = d.id
),
t AS (
    SELECT m.*, avg(CASE WHEN m.article_first THEN tones.tone END) OVER (
               PARTITION BY m.event, m.actors, m.recipients, m.date, m.place) AS avg_tone
    FROM m LEFT JOIN tones ON tones.doc_id = m.doc_id
)
SELECT doc_id, idx, first_doc, first_event, first_added, mentions, articles, sources, avg_tone
FROM t{first}
ORDER BY doc_id, idx
"""

#: Columns of :func:`cluster_members_sql`, in order.
MEMBER_COLUMNS: tuple[str, ...] = (
    "doc_id", "idx", "first_doc", "first_event", "first_added", "mentions", "articles", "sources",
    "avg_tone",
)


#: filter field -> SQL condition over one cluster ``c`` for :func:`cluster_members_sql`: as
#: for the clusters listing, and a document id keeps the clusters that document reports.
MEMBER_CONDITIONS: dict[str, str] = {**CLUSTER_CONDITIONS, "doc_id": "list_contains(c.doc_ids, ?)"}


def cluster_members_sql(flt: EventFilter, first_only: bool = False) -> tuple[str, list[Any]]:
    """SQL listing each event of an original article in the clusters matching ``flt`` (only
    each cluster's first report when ``first_only``), by document and position, with
    :data:`MEMBER_COLUMNS`."""
    where, params = flt.where(MEMBER_CONDITIONS)
    sql = _MEMBERS_SQL.format(clusters=EVENT_CLUSTERS_SQL, where=where,
                              first=" WHERE report = 1" if first_only else "")
    return sql, params


def cluster_members(con: duckdb.DuckDBPyConnection, flt: EventFilter | None = None,
                    first_only: bool = False) -> Iterator[dict[str, Any]]:
    """The rows of :func:`cluster_members_sql` as dicts, read in batches on a cursor of their
    own (the caller may query the store between two rows)."""
    sql, params = cluster_members_sql(flt or EventFilter(), first_only)
    cur = con.cursor()
    try:
        cur.execute(sql, params)
        while batch := cur.fetchmany(1024):
            yield from (dict(zip(MEMBER_COLUMNS, row, strict=True)) for row in batch)
    finally:
        cur.close()
