"""The duplicate index of a store, kept in its tables: ``article_links`` (each article's
canonical article, text hash and MinHash signature) and ``article_bands`` (its LSH band keys).

A batch of new articles costs two look-ups, one by text hash and one by band key, whatever the
size of the store, and nothing of the index stays in memory: held in Python it took about
7 KB an article, so an ingest of 20,000 articles grew by 140 MB. See :mod:`eventwire.dedup`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa

from eventwire.dedup import Known, Link, Match, Probe, band_keys, best_matches

#: Articles whose band keys are computed per statement when bands are rebuilt.
_REBUILD_SLICE = 2048

Insert = Callable[[str, list[tuple[Any, ...]]], None]


class StoredArticles:
    """The :class:`eventwire.dedup.Articles` of a store: ``con`` is its writer's connection
    (inside the writer's transaction, so an article sees the committed ones and its batch's
    own come from memory), ``insert`` its bulk insert."""

    def __init__(self, con: duckdb.DuckDBPyConnection, insert: Insert) -> None:
        self.con = con
        self.insert = insert

    def forget(self, doc_ids: list[str]) -> None:
        for table in ("article_links", "article_bands"):  # fixed names
            self.con.execute(f"DELETE FROM {table} WHERE doc_id IN (SELECT unnest(?))",
                             [doc_ids])

    def exact(self, digests: list[str]) -> dict[str, str]:
        # Why original first: every article of one text has the same canonical article,
        # but an original's row names it without a doubt.
        rows = self.con.execute(
            "SELECT text_hash, canonical_id FROM article_links "
            "WHERE text_hash IN (SELECT unnest(?)) ORDER BY kind <> 'original', doc_id",
            [digests]).fetchall()
        found: dict[str, str] = {}
        for digest, canonical in rows:
            found.setdefault(str(digest), str(canonical))
        return found

    def near(self, probes: list[Probe]) -> dict[str, Match]:
        keys = pa.table({"doc_id": [p.doc_id for p in probes for _ in p.keys],
                         "key": pa.array([k for p in probes for k in p.keys], pa.int64())})
        self.con.register("_eventwire_probes", keys)
        try:
            # Why DISTINCT here: a copy shares most bands with its original, and each
            # signature is 128 values to move and compare once, not once a band.
            pairs = self.con.execute(
                "SELECT DISTINCT p.doc_id, b.doc_id FROM _eventwire_probes p "
                "JOIN article_bands b ON b.key = p.key").fetchall()
        finally:
            self.con.unregister("_eventwire_probes")
        if not pairs:
            return {}
        return best_matches(probes, pairs, self._known(sorted({k for _, k in pairs})))

    def _known(self, doc_ids: list[str]) -> dict[str, Known]:
        rows = self.con.sql(
            "SELECT doc_id, canonical_id, minhash FROM article_links "
            "WHERE doc_id IN (SELECT unnest(?))", params=[doc_ids]).to_arrow_table()
        lists = rows.column("minhash").combine_chunks()
        values = lists.values.to_numpy().astype(np.uint32)
        offsets = lists.offsets.to_numpy()
        return {str(d): Known(str(d), str(c), values[offsets[i]:offsets[i + 1]])
                for i, (d, c) in enumerate(zip(rows.column("doc_id").to_pylist(),
                                               rows.column("canonical_id").to_pylist(),
                                               strict=True))}

    def save(self, links: list[Link]) -> None:
        self.insert("article_links", [(k.doc_id, k.canonical_id, k.kind, k.similarity,
                                       k.text_hash, list(k.signature)) for k in links])
        self.insert("article_bands", [(key, k.doc_id) for k in links for key in k.keys])

    def rebuild_bands(self) -> int:
        """Compute the band keys of linked articles that have none (a store written before
        the bands were kept, or repaired), a slice at a time; returns how many got them."""
        done = 0
        while rows := self.con.execute(
                "SELECT doc_id, minhash FROM article_links WHERE doc_id NOT IN "
                "(SELECT doc_id FROM article_bands) ORDER BY doc_id LIMIT ?",
                [_REBUILD_SLICE]).fetchall():
            self.insert("article_bands", [
                (key, str(doc_id)) for doc_id, values in rows
                for key in band_keys(np.asarray(values, dtype=np.uint32))])
            done += len(rows)
        return done
