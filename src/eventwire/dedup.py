"""Article and event de-duplication.

Articles: an exact copy has the same normalised text (case, punctuation and spacing ignored);
a near copy (a wire story syndicated with another headline, a trimmed ending, an agency
credit) shares most of its word 5-shingles, estimated with MinHash (datasketch) and found
with banded LSH: articles sharing one band key are candidates, checked on their signatures.
Each article links to the first stored article it copies (its *canonical* article); copies
are kept but not counted again. The store keeps the band keys in a table, so an ingest's
memory does not grow with the corpus (an index in memory costs about 7 KB an article).

Events: the same event (type, actors, recipients, day, place) reported by several articles is
one cluster with counts of its mentions, articles and sources, as GDELT keeps them
(NumMentions, NumArticles, NumSources); events of copies are left out of the counts.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any, Protocol

import numpy as np
from datasketch import MinHash

NUM_PERM = 128
#: Estimated Jaccard similarity of 5-shingles above which an article is a near copy.
#: Why this low: outlets cut a wire story's closing paragraphs and add credits and headlines,
#: which leaves about 0.6-0.9; two outlets' own reports of one event share well under 0.2.
NEAR_THRESHOLD = 0.6
SHINGLE = 5
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def normalise(text: str) -> str:
    """Text reduced to lower-case words separated by single spaces (idempotent)."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _NON_WORD.sub(" ", folded).strip()


def text_hash(text: str) -> str:
    """Hash of the normalised text: equal for exact copies."""
    return hashlib.sha1(normalise(text).encode("utf-8")).hexdigest()


def shingles(text: str, size: int = SHINGLE) -> set[bytes]:
    """The set of word ``size``-grams of the normalised text (the whole text when shorter)."""
    words = normalise(text).split()
    if len(words) <= size:
        return {" ".join(words).encode("utf-8")}
    return {" ".join(words[i:i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


@lru_cache(maxsize=1)
def _template() -> MinHash:
    # Why one template: drawing the permutations is the costly part of making a MinHash.
    return MinHash(num_perm=NUM_PERM, seed=1)


def signature(text: str) -> np.ndarray:
    """The MinHash signature of a text's shingles: NUM_PERM uint32 hash values."""
    base = _template()
    sig = MinHash(num_perm=NUM_PERM, permutations=base.permutations, scheme=base.scheme)
    sig.update_batch(list(shingles(text)))
    return np.asarray(sig.hashvalues, dtype=np.uint32)


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures: the share of equal hash values."""
    return float(np.mean(a == b))


#: LSH bands and hash values per band: the optimum for NEAR_THRESHOLD and NUM_PERM, false
#: positives and negatives weighed alike, as datasketch's MinHashLSH computes it (a test
#: checks them). Two articles become candidates when all values of one band agree.
BANDS, ROWS = 18, 7
_MULT = np.uint64(0x100000001B3)  # FNV-1a 64-bit prime: mixes the values of a band
_KEY_MASK = np.uint64((1 << 63) - 1)  # keys fit DuckDB's signed BIGINT


def band_keys(sig: np.ndarray) -> list[int]:
    """One 63-bit key per band of a signature; the band's number is part of its key."""
    bands = sig[:BANDS * ROWS].astype(np.uint64).reshape(BANDS, ROWS)
    keys = np.arange(1, BANDS + 1, dtype=np.uint64)
    for column in range(ROWS):
        keys = keys * _MULT + bands[:, column]  # wraps modulo 2**64, as intended
    return [int(k) for k in keys & _KEY_MASK]


@dataclass(frozen=True)
class Link:
    """How an article relates to the stored ones: ``kind`` is original, exact or near."""

    doc_id: str
    canonical_id: str
    kind: str
    similarity: float
    text_hash: str
    signature: tuple[int, ...]

    @cached_property
    def keys(self) -> list[int]:
        # Why cached: the batch's index and the store both file a new link under its keys.
        return band_keys(np.asarray(self.signature, dtype=np.uint32))


@dataclass(frozen=True)
class Known:
    """An article already seen, as a candidate original of a new one."""

    doc_id: str
    canonical_id: str
    signature: np.ndarray


@dataclass(frozen=True)
class Probe:
    """A new article looking for the known article it copies."""

    doc_id: str
    signature: np.ndarray
    keys: list[int]


#: A probe's best candidate: (similarity, doc_id, canonical_id); the larger tuple wins.
Match = tuple[float, str, str]


def best_matches(probes: Sequence[Probe], pairs: Iterable[tuple[str, str]],
                 known: dict[str, Known]) -> dict[str, Match]:
    """The best of each probe's candidates: ``pairs`` are (probe id, known id), each once."""
    signatures = {p.doc_id: p.signature for p in probes}
    best: dict[str, Match] = {}
    for probe_id, known_id in pairs:
        k = known[known_id]
        match = (similarity(signatures[probe_id], k.signature), k.doc_id, k.canonical_id)
        if probe_id not in best or match > best[probe_id]:
            best[probe_id] = match
    return best


class Articles(Protocol):
    """Where the articles seen so far are kept: in memory (:class:`ArticleIndex`) or in the
    store (:class:`eventwire.store.articles.StoredArticles`), looked up a batch at a time."""

    def forget(self, doc_ids: list[str]) -> None:
        """Drop these articles (they are being replaced)."""

    def exact(self, digests: list[str]) -> dict[str, str]:
        """The canonical article of each known text hash among ``digests``."""

    def near(self, probes: list[Probe]) -> dict[str, Match]:
        """The most similar known article of each probe among those sharing a band key with
        it (probes sharing none are left out)."""

    def save(self, links: list[Link]) -> None:
        """Remember new links."""


def link_articles(items: Sequence[tuple[str, str]], known: Articles,
                  threshold: float = NEAR_THRESHOLD) -> list[Link]:
    """Link each ``(doc_id, text)`` to the article it copies (or to itself), looking up the
    known articles once for the whole batch and the batch's own earlier articles in memory;
    the links are saved in ``known``."""
    known.forget([doc_id for doc_id, _ in items])  # a new version must not copy its old one
    probes = [Probe(doc_id, sig, band_keys(sig))
              for doc_id, sig in ((d, signature(text)) for d, text in items)]
    digests = [text_hash(text) for _, text in items]
    exact = known.exact(sorted(set(digests)))
    near = known.near(probes)
    batch = ArticleIndex()  # the articles of this batch, which ``known`` does not hold yet
    links = []
    for probe, digest in zip(probes, digests, strict=True):
        found = exact.get(digest) or batch.exact([digest]).get(digest)
        if found is not None:
            canonical, kind, sim = found, "exact", 1.0
        else:
            matches = [m for m in (near.get(probe.doc_id),
                                   batch.near([probe]).get(probe.doc_id)) if m is not None]
            best = max(matches, default=None)
            if best is not None and best[0] >= threshold:
                canonical, kind, sim = best[2], "near", round(best[0], 3)
            else:
                canonical, kind, sim = probe.doc_id, "original", 1.0
        link = Link(probe.doc_id, canonical, kind, sim, digest,
                    tuple(int(v) for v in probe.signature))
        batch.save([link])
        links.append(link)
    known.save(links)
    return links


class ArticleIndex:
    """The articles seen so far, in memory: one batch's, or all of them for a small run (the
    store keeps its own in tables, so that its memory does not grow with the corpus)."""

    def __init__(self) -> None:
        self.by_hash: dict[str, str] = {}
        self.by_key: dict[int, list[str]] = {}
        self.links: dict[str, Link] = {}

    def link(self, doc_id: str, text: str) -> Link:
        """Link one article to the article it copies (or to itself) and remember it."""
        return link_articles([(doc_id, text)], self)[0]

    def forget(self, doc_ids: list[str]) -> None:
        for doc_id in (d for d in doc_ids if d in self.links):
            old = self.links.pop(doc_id)
            for key in old.keys:
                self.by_key[key].remove(doc_id)
            if self.by_hash.get(old.text_hash) == doc_id:
                del self.by_hash[old.text_hash]
                other = next((k for k in self.links.values() if k.text_hash == old.text_hash),
                             None)
                if other is not None:
                    self.by_hash[old.text_hash] = other.doc_id

    def exact(self, digests: list[str]) -> dict[str, str]:
        return {d: self.links[self.by_hash[d]].canonical_id
                for d in digests if d in self.by_hash}

    def near(self, probes: list[Probe]) -> dict[str, Match]:
        pairs = {(p.doc_id, d) for p in probes for key in p.keys for d in self.by_key.get(key, ())}
        known = {d: self._known(d) for _, d in pairs}
        return best_matches(probes, sorted(pairs), known)

    def _known(self, doc_id: str) -> Known:
        link = self.links[doc_id]
        return Known(doc_id, link.canonical_id, np.asarray(link.signature, dtype=np.uint32))

    def save(self, links: list[Link]) -> None:
        for link in links:
            self.links[link.doc_id] = link
            self.by_hash.setdefault(link.text_hash, link.doc_id)
            for key in link.keys:
                self.by_key.setdefault(key, []).append(link.doc_id)


#: One row per cluster of events that agree on type, actors, recipients, day and place,
#: counting only events of canonical articles (a syndicated copy adds to ``copies`` alone).
EVENT_CLUSTERS_SQL = """
WITH ev AS (
    SELECT e.*, coalesce(l.kind, 'original') AS link_kind,
           coalesce(d.site, regexp_extract(d.url, '^[a-z]+://([^/]+)', 1), d.source) AS outlet
    FROM events e JOIN documents d ON d.id = e.doc_id
    LEFT JOIN article_links l ON l.doc_id = e.doc_id
)
SELECT event, list_sort(actor_codes) AS actors, list_sort(recipient_codes) AS recipients,
       date_start AS date, coalesce(CAST(loc_geonameid AS VARCHAR), loc_country) AS place,
       any_value(loc_name) AS place_name,
       count(*) FILTER (WHERE link_kind = 'original') AS mentions,
       count(DISTINCT doc_id) FILTER (WHERE link_kind = 'original') AS articles,
       count(DISTINCT outlet) FILTER (WHERE link_kind = 'original') AS sources,
       count(DISTINCT doc_id) FILTER (WHERE link_kind <> 'original') AS copies,
       list(DISTINCT doc_id ORDER BY doc_id) AS doc_ids,
       list(event_id ORDER BY doc_id, idx) AS event_ids
FROM ev
GROUP BY ALL
HAVING count(*) FILTER (WHERE link_kind = 'original') > 0
ORDER BY date NULLS LAST, mentions DESC, event
"""


def event_clusters(con: Any) -> list[dict[str, Any]]:
    """The stored events merged across articles (a DuckDB connection or cursor of a store)."""
    rel = con.sql(EVENT_CLUSTERS_SQL)
    return [dict(zip(rel.columns, row, strict=True)) for row in rel.fetchall()]
