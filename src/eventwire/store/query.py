"""Event filters and the parameterised SQL they become.

User values only ever travel as ``?`` parameters; the SQL text is assembled from the fixed
fragments in :data:`CONDITIONS`, chosen by which filters are set.
"""

from __future__ import annotations

import re
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
