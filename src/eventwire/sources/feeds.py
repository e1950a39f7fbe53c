"""RSS and Atom feeds (feedparser) to documents: one per entry, keyed by its link.

An entry's body is its full content (``content:encoded``, Atom ``content``) when the feed
carries one, else its summary; with a :class:`Fetcher` the linked page is fetched instead when
the feed holds only a short summary (most news feeds do).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import feedparser

from eventwire.errors import InputError
from eventwire.inputs.readers import Item, reject
from eventwire.records import Document
from eventwire.sources.fetch import Fetcher

#: Below this many characters an entry body is a teaser, not the article.
SHORT_BODY = 600


@dataclass
class FeedEntry:
    """What eventwire keeps of a feed entry."""

    key: str  # the entry's link, else its guid: what "new item" means to the watcher
    url: str | None
    title: str | None
    pub_date: str | None
    body: str


def url_id(url: str) -> str:
    """A stable document id for an article known by its URL (re-fetching replaces it)."""
    return "url-" + hashlib.sha1(url.strip().encode("utf-8")).hexdigest()[:16]


def parse_feed(data: bytes, source: str = "") -> list[FeedEntry]:
    """The entries of an RSS or Atom document; E101 when it is blank, E112 when it is not a
    feed at all. A feed without entries is no error: a live feed is often empty for a while."""
    if not data.strip():
        raise InputError("empty document", code="E101")
    parsed = feedparser.parse(data)
    entries = [e for e in (_entry(x) for x in parsed.entries) if e is not None]
    if not entries and (parsed.bozo or not parsed.get("version")):
        reason = parsed.get("bozo_exception") or "no RSS or Atom entries"
        raise InputError(f"not a readable RSS or Atom feed: {reason}", code="E112")
    return entries


def _entry(raw: Any) -> FeedEntry | None:
    url = raw.get("link") or None
    key = url or raw.get("id") or ""
    contents = [c.get("value", "") for c in raw.get("content", [])]
    body = max(contents, key=len, default="") or raw.get("summary", "") or ""
    if not key:
        return None  # an entry with neither link nor id cannot be told apart from the next
    return FeedEntry(key, url, raw.get("title"), _date(raw), body)


def _date(raw: Any) -> str | None:
    parsed = raw.get("published_parsed") or raw.get("updated_parsed")
    return time.strftime("%Y-%m-%d", parsed) if parsed else None


def entry_document(entry: FeedEntry, source: str, fetcher: Fetcher | None = None) -> Item:
    """The document of one entry (fetching the linked page when the body is a teaser)."""
    html = entry.body
    if fetcher is not None and entry.url and len(entry.body) < SHORT_BODY:
        try:
            html = fetcher.fetch(entry.url).body.decode("utf-8", errors="replace")
        except InputError as err:
            return reject(err, entry.url, url_id(entry.key))
    if not html.strip():
        return reject(InputError("feed entry has no text", code="E101"), source, url_id(entry.key))
    return Document(id=url_id(entry.key), url=entry.url, title=entry.title,
                    pub_date=entry.pub_date, source=entry.url or source, raw_html=html)


def read_feed(data: bytes, source: str, fetcher: Fetcher | None = None,
              skip: frozenset[str] = frozenset()) -> Iterator[Item]:
    """Documents of a feed's entries, except those whose key is in ``skip``."""
    try:
        entries = parse_feed(data, source)
    except InputError as err:
        yield reject(err, source)
        return
    for entry in entries:
        if entry.key not in skip:
            yield entry_document(entry, source, fetcher)
