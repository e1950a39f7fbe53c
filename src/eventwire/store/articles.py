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

from eventwire.dedup import Known, Link, band_keys

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

    def near(self, keys: list[int]) -> dict[int, list[Known]]:
        if not keys:
            return {}
        rows = self.con.execute(
            "SELECT b.key, l.doc_id, l.canonical_id, l.minhash FROM article_bands b "
            "JOIN article_links l ON l.doc_id = b.doc_id "
            "WHERE b.key IN (SELECT unnest(?::BIGINT[]))", [keys]).fetchall()
        found: dict[int, list[Known]] = {}
        for key, doc_id, canonical, values in rows:
            sig = np.asarray(values, dtype=np.uint32)
            found.setdefault(int(key), []).append(Known(str(doc_id), str(canonical), sig))
        return found

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
