"""The read queries behind the API: events with paging, sorting, place and text search, and the
aggregates the page draws (timeline, network, map, actors).

They build on the store's :func:`eventwire.store.query.events_sql` (the filters of
``eventwire events``) and add conditions over its output columns. User values only ever travel
as ``?`` parameters; the SQL text is made of the fixed fragments below, chosen by which
options are set, and sort keys come from a whitelist.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from eventwire.errors import UsageError
from eventwire.store import EventFilter, Reader
from eventwire.store.query import events_sql

#: sort key -> ORDER BY text over the events listing's columns (fixed; never user text).
SORTS: dict[str, str] = {
    "date": '"date" NULLS LAST, doc_id, "sequence"',
    "-date": '"date" DESC NULLS LAST, doc_id, "sequence"',
    "event": 'event, "date" NULLS LAST',
    "-event": 'event DESC, "date" NULLS LAST',
    "confidence": 'confidence, "date" NULLS LAST',
    "-confidence": 'confidence DESC, "date" NULLS LAST',
    "doc": 'doc_id, "sequence"',
}

#: extra condition per option, over the listing's output columns.
EXTRA_CONDITIONS: dict[str, str] = {
    "place": "(contains(lower(coalesce(location, '')), lower(?)) OR country = upper(?))",
    "q": "(contains(lower(coalesce(event_text, '')), lower(?)) "
    "OR contains(lower(coalesce(title, '')), lower(?)) "
    "OR contains(lower(array_to_string(actor_name, ' ')), lower(?)) "
    "OR contains(lower(array_to_string(recipient_name, ' ')), lower(?)))",
}

#: how many ``?`` each extra condition takes.
EXTRA_ARITY: dict[str, int] = {"place": 2, "q": 4}

#: timeline bucket -> characters of the ISO date kept ("2023", "2023-03", "2023-03-02").
BUCKETS: dict[str, int] = {"year": 4, "month": 7, "day": 10}

MAX_LIMIT = 1000


@dataclass(frozen=True)
class EventQuery:
    """The filters of ``eventwire events`` plus place, free text, sorting and paging."""

    filter: EventFilter = EventFilter()
    place: str | None = None
    q: str | None = None
    sort: str = "date"
    limit: int = 50
    offset: int = 0

    def __post_init__(self) -> None:
        if self.sort not in SORTS:
            raise UsageError(f"sort expects one of {', '.join(SORTS)}, got {self.sort!r}",
                             code="E501")
        if not 0 <= self.limit <= MAX_LIMIT or self.offset < 0:
            raise UsageError(f"limit expects 0..{MAX_LIMIT} and offset 0 or more",
                             code="E501")

    def filtered(self) -> tuple[str, list[Any]]:
        """SQL of the matching events (all listing columns, unordered) and its parameters."""
        sql, params = events_sql(self.filter)
        conds = []
        for name in ("place", "q"):
            value = getattr(self, name)
            if value:
                conds.append(EXTRA_CONDITIONS[name])
                params.extend([value.strip()] * EXTRA_ARITY[name])
        where = " WHERE " + " AND ".join(conds) if conds else ""
        return f"SELECT * FROM ({sql}){where}", params


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def _rows(reader: Reader, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    cur = reader.con.execute(sql, params)
    names = [d[0] for d in cur.description or []]
    return [{n: _jsonable(v) for n, v in zip(names, row, strict=True)} for row in cur.fetchall()]


def events_page(reader: Reader, query: EventQuery) -> dict[str, Any]:
    """One page of matching events, with the total count and the paging used."""
    base, params = query.filtered()
    total = reader.con.execute(f"SELECT count(*) FROM ({base})", params).fetchone()
    items = _rows(reader, f"{base} ORDER BY {SORTS[query.sort]} LIMIT ? OFFSET ?",
                  [*params, query.limit, query.offset])
    return {"total": int(total[0]) if total else 0, "limit": query.limit,
            "offset": query.offset, "sort": query.sort, "items": items}


def _bucket(reader: Reader, base: str, params: list[Any], bucket: str) -> str:
    """``bucket`` itself, or for "auto" the finest one that keeps the chart readable."""
    if bucket != "auto":
        if bucket not in BUCKETS:
            raise UsageError(f"bucket expects auto, {', '.join(BUCKETS)}, got {bucket!r}",
                             code="E501")
        return bucket
    row = reader.con.execute(
        f"SELECT min(\"date\"), max(\"date\") FROM ({base}) WHERE length(\"date\") = 10",
        params).fetchone()
    if not row or row[0] is None:
        return "month"
    days = (dt.date.fromisoformat(row[1]) - dt.date.fromisoformat(row[0])).days
    return "day" if days <= 62 else "month" if days <= 5 * 366 else "year"


def timeline(reader: Reader, query: EventQuery, bucket: str = "auto") -> dict[str, Any]:
    """Event counts per period and type; events dated more coarsely than the bucket apart."""
    base, params = query.filtered()
    chosen = _bucket(reader, base, params, bucket)
    width = BUCKETS[chosen]
    rows = _rows(reader,
                 f'SELECT substr("date", 1, ?) AS period, event, count(*) AS n FROM ({base}) '
                 f'WHERE length("date") >= ? GROUP BY ALL ORDER BY period, event',
                 [width, *params, width])
    coarse = reader.con.execute(
        f'SELECT count(*) FROM ({base}) WHERE "date" IS NULL OR length("date") < ?',
        [*params, width]).fetchone()
    return {"bucket": chosen, "series": rows, "undated_or_coarser": int(coarse[0]) if coarse else 0}


def network(reader: Reader, query: EventQuery, max_nodes: int = 40) -> dict[str, Any]:
    """Who acts on whom: directed actor→recipient edges weighted by events, busiest nodes."""
    base, params = query.filtered()
    edges = _rows(reader,
                  "SELECT source, target, count(*) AS weight, list(DISTINCT event) AS events "
                  "FROM (SELECT source, unnest(recipients) AS target, event FROM (SELECT "
                  f"unnest(actor) AS source, recipient AS recipients, event FROM ({base}))) "
                  "WHERE source <> '' AND target <> '' AND source <> target "
                  "GROUP BY source, target ORDER BY weight DESC, source, target", params)
    degree: Counter[str] = Counter()
    for e in edges:
        degree[e["source"]] += e["weight"]
        degree[e["target"]] += e["weight"]
    keep = {code for code, _ in degree.most_common(max_nodes)}
    nodes = [{"id": c, "weight": w} for c, w in degree.most_common(max_nodes)]
    for e in edges:
        e["events"] = sorted(e["events"])
    return {"nodes": nodes,
            "edges": [e for e in edges if e["source"] in keep and e["target"] in keep]}


def event_places(reader: Reader, query: EventQuery) -> list[dict[str, Any]]:
    """Event locations with coordinates, with how many events (by type) happened at each."""
    base, params = query.filtered()
    rows = _rows(reader,
                 "SELECT location, country, geonameid, lat, lon, count(*) AS events, "
                 f"list(event) AS types FROM ({base}) WHERE lat IS NOT NULL AND lon IS NOT NULL "
                 "GROUP BY location, country, geonameid, lat, lon ORDER BY events DESC, location",
                 params)
    for r in rows:
        r["types"] = dict(Counter(r["types"]).most_common())
    return rows


def actors(reader: Reader, query: EventQuery, q: str | None = None,
           limit: int = 200) -> list[dict[str, Any]]:
    """Actor codes and names in the matching events, with counts as actor and as recipient."""
    base, params = query.filtered()
    cond, extra = ("", [])
    if q:
        cond, extra = ("WHERE contains(lower(code), lower(?)) OR contains(lower(name), lower(?))",
                       [q.strip(), q.strip()])
    return _rows(reader,
                 "SELECT code, name, sum(a)::INTEGER AS as_actor, "
                 "sum(r)::INTEGER AS as_recipient FROM ("
                 "SELECT unnest(actor) AS code, unnest(actor_name) AS name, 1 AS a, 0 AS r "
                 f"FROM ({base}) UNION ALL "
                 f"SELECT unnest(recipient), unnest(recipient_name), 0, 1 FROM ({base})) "
                 f"{cond} GROUP BY code, name ORDER BY sum(a) + sum(r) DESC, code, name LIMIT ?",
                 [*params, *params, *extra, limit])


def documents_page(reader: Reader, q: str | None, limit: int, offset: int) -> dict[str, Any]:
    """Stored documents (newest publication first) with their event and flag counts."""
    if not 0 <= limit <= MAX_LIMIT or offset < 0:
        raise UsageError(f"limit expects 0..{MAX_LIMIT} and offset 0 or more", code="E501")
    cond, params = "", []
    if q:
        cond = ("WHERE contains(lower(coalesce(d.title, '')), lower(?)) "
                "OR contains(lower(d.text), lower(?))")
        params = [q.strip(), q.strip()]
    total = reader.con.execute(f"SELECT count(*) FROM documents d {cond}", params).fetchone()
    items = _rows(reader,
                  "SELECT d.id, d.title, d.url, d.pub_date, d.source, d.ingested_at, "
                  "(SELECT count(*) FROM events e WHERE e.doc_id = d.id) AS events, "
                  "(SELECT count(*) FROM flags f WHERE f.doc_id = d.id) AS flags "
                  f"FROM documents d {cond} ORDER BY d.pub_date DESC NULLS LAST, d.id "
                  "LIMIT ? OFFSET ?", [*params, limit, offset])
    return {"total": int(total[0]) if total else 0, "limit": limit, "offset": offset,
            "items": items}


def document(reader: Reader, doc_id: str) -> dict[str, Any]:
    """One document's full record (text and every span) with its source and ingest time."""
    stored = reader.document(doc_id)
    record = stored.document.to_dict()
    record["source"] = stored.source
    record["ingested_at"] = stored.ingested_at.isoformat(timespec="seconds")
    return record
