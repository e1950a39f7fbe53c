"""The tables of the embedded store, as DDL, and the schema version they make.

Every child table is keyed by ``(doc_id, idx)``: ``idx`` is the position of the row in the
document's list (``entities``, ``events`` ...), so a document's rows come back in order.
There are no foreign keys on purpose: DuckDB checks them eagerly inside a transaction, which
would forbid replacing a document (delete its rows, insert the new ones) in one transaction.
``documents.doc_json`` and ``events.event_json`` hold the full ``to_dict()`` records, so
nothing is lost; the other columns are flattened copies for filtering. ``article_links``
ties each document to the article it copies (itself when original; see :mod:`eventwire.dedup`)
and keeps its text hash and MinHash signature; ``article_bands`` holds the LSH band keys of
each signature, so the duplicate index lives in the store (see :mod:`eventwire.store.articles`).
"""

from __future__ import annotations

#: Bump when a table changes; :class:`eventwire.store.duck.Store` refuses newer stores.
SCHEMA_VERSION = 3  # 2: article_links (de-duplication of syndicated copies); 3: article_bands
#: The first version that keeps LSH band keys; older stores get theirs computed on opening.
BANDS_SINCE = 3

CHILD_TABLES: tuple[str, ...] = ("entities", "events", "places", "dates", "quotes", "flags")

DDL: tuple[str, ...] = (
    """CREATE TABLE IF NOT EXISTS schema_version (
        version INTEGER NOT NULL, applied_at TIMESTAMP NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS documents (
        id VARCHAR PRIMARY KEY, title VARCHAR, url VARCHAR, pub_date DATE, text VARCHAR,
        source VARCHAR, author VARCHAR, site VARCHAR, doc_json VARCHAR NOT NULL,
        ingested_at TIMESTAMP NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS entities (
        doc_id VARCHAR NOT NULL, idx INTEGER NOT NULL, text VARCHAR, label VARCHAR,
        start INTEGER, "end" INTEGER, actor_name VARCHAR, actor_code VARCHAR,
        actor_sector VARCHAR, identifier_id VARCHAR, PRIMARY KEY (doc_id, idx))""",
    """CREATE TABLE IF NOT EXISTS events (
        doc_id VARCHAR NOT NULL, idx INTEGER NOT NULL, event_id VARCHAR, event VARCHAR,
        mode VARCHAR[], context VARCHAR[], actor_codes VARCHAR[], actor_sectors VARCHAR[],
        actor_names VARCHAR[], recipient_codes VARCHAR[], recipient_sectors VARCHAR[],
        recipient_names VARCHAR[], date VARCHAR, date_resolution VARCHAR, date_start DATE,
        date_end DATE, loc_name VARCHAR, loc_geonameid BIGINT, loc_country VARCHAR,
        loc_lat DOUBLE, loc_lon DOUBLE, event_text VARCHAR, start INTEGER, "end" INTEGER,
        sequence INTEGER, aux VARCHAR[], quad_code INTEGER, cameo VARCHAR, confidence DOUBLE,
        event_json VARCHAR NOT NULL, PRIMARY KEY (doc_id, idx))""",
    """CREATE TABLE IF NOT EXISTS places (
        doc_id VARCHAR NOT NULL, idx INTEGER NOT NULL, text VARCHAR, start INTEGER,
        "end" INTEGER, geonameid BIGINT, name VARCHAR, country_code VARCHAR, lat DOUBLE,
        lon DOUBLE, feature VARCHAR, PRIMARY KEY (doc_id, idx))""",
    """CREATE TABLE IF NOT EXISTS dates (
        doc_id VARCHAR NOT NULL, idx INTEGER NOT NULL, text VARCHAR, start INTEGER,
        "end" INTEGER, value VARCHAR, resolution VARCHAR, PRIMARY KEY (doc_id, idx))""",
    """CREATE TABLE IF NOT EXISTS quotes (
        doc_id VARCHAR NOT NULL, idx INTEGER NOT NULL, text VARCHAR, start INTEGER,
        "end" INTEGER, speaker_name VARCHAR, speaker_code VARCHAR, verb VARCHAR,
        PRIMARY KEY (doc_id, idx))""",
    """CREATE TABLE IF NOT EXISTS flags (
        doc_id VARCHAR NOT NULL, idx INTEGER NOT NULL, kind VARCHAR, message VARCHAR,
        spans VARCHAR, PRIMARY KEY (doc_id, idx))""",
    """CREATE TABLE IF NOT EXISTS article_links (
        doc_id VARCHAR PRIMARY KEY, canonical_id VARCHAR NOT NULL, kind VARCHAR NOT NULL,
        similarity DOUBLE, text_hash VARCHAR NOT NULL, minhash UINTEGER[] NOT NULL)""",
    # Why no key or index: a batch looks its keys up with one hash join over the table, and
    # an index would hold memory that grows with the store.
    "CREATE TABLE IF NOT EXISTS article_bands (key BIGINT NOT NULL, doc_id VARCHAR NOT NULL)",
    """CREATE TABLE IF NOT EXISTS rejected (
        id VARCHAR, source VARCHAR, stage VARCHAR, code VARCHAR, reason VARCHAR,
        "at" TIMESTAMP NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS events_date ON events (date_start)",
    "CREATE INDEX IF NOT EXISTS events_type ON events (event)",
)
