"""Article and event de-duplication.

Articles: an exact copy has the same normalised text (case, punctuation and spacing ignored);
a near copy (a wire story syndicated with another headline, a trimmed ending, an agency
credit) shares most of its word 5-shingles, estimated with MinHash and found with LSH
(datasketch). Each article links to the first stored article it copies (its *canonical*
article); copies are kept but not counted again.

Events: the same event (type, actors, recipients, day, place) reported by several articles is
one cluster with counts of its mentions, articles and sources, as GDELT keeps them
(NumMentions, NumArticles, NumSources); events of copies are left out of the counts.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from datasketch import MinHash, MinHashLSH

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


def minhash(text: str) -> MinHash:
    """The MinHash signature of a text's shingles."""
    base = _template()
    sig = MinHash(num_perm=NUM_PERM, permutations=base.permutations, scheme=base.scheme)
    sig.update_batch(list(shingles(text)))
    return sig


def from_values(values: list[int]) -> MinHash:
    """A MinHash rebuilt from its stored hash values."""
    base = _template()
    return MinHash(num_perm=NUM_PERM, hashvalues=np.asarray(values, dtype=np.uint32),
                   permutations=base.permutations, scheme=base.scheme)


@dataclass(frozen=True)
class Link:
    """How an article relates to the stored ones: ``kind`` is original, exact or near."""

    doc_id: str
    canonical_id: str
    kind: str
    similarity: float
    text_hash: str
    signature: tuple[int, ...]


class ArticleIndex:
    """Exact and near-duplicate lookup over the articles seen so far."""

    def __init__(self, threshold: float = NEAR_THRESHOLD) -> None:
        self.threshold = threshold
        self.lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self.by_hash: dict[str, str] = {}
        # Hash values alone (512 bytes an article), not MinHash objects: the index holds every
        # stored article, so its size per article is what grows with the store.
        self.signatures: dict[str, np.ndarray] = {}
        self.canonical: dict[str, str] = {}

    def link(self, doc_id: str, text: str) -> Link:
        """Link an article to the article it copies (or to itself) and remember it."""
        self.forget(doc_id)  # a re-ingested article must not find its own old version
        digest, sig = text_hash(text), minhash(text)
        found = self._find(digest, sig)
        canonical, kind, sim = found or (doc_id, "original", 1.0)
        values = tuple(int(v) for v in sig.hashvalues)
        link = Link(doc_id, canonical, kind, sim, digest, values)
        self.add(link, sig)
        return link

    def _find(self, digest: str, sig: MinHash) -> tuple[str, str, float] | None:
        if digest in self.by_hash:
            return self.canonical[self.by_hash[digest]], "exact", 1.0
        values = sig.hashvalues.astype(np.uint32)
        scored = [(float(np.mean(values == self.signatures[k])), k) for k in self.lsh.query(sig)]
        best = max(scored, default=None)
        if best is None or best[0] < self.threshold:
            return None
        return self.canonical[best[1]], "near", round(float(best[0]), 3)

    def add(self, link: Link, sig: MinHash | None = None) -> None:
        """Remember a (stored) link."""
        sig = sig or from_values(list(link.signature))
        self.by_hash.setdefault(link.text_hash, link.doc_id)
        self.signatures[link.doc_id] = sig.hashvalues.astype(np.uint32)
        self.canonical[link.doc_id] = link.canonical_id
        self.lsh.insert(link.doc_id, sig, check_duplication=False)

    def forget(self, doc_id: str) -> None:
        """Drop an article (it is being replaced)."""
        if doc_id not in self.signatures:
            return
        self.lsh.remove(doc_id)
        del self.signatures[doc_id], self.canonical[doc_id]
        self.by_hash = {h: d for h, d in self.by_hash.items() if d != doc_id}


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
