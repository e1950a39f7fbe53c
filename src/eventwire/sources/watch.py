"""Polling feeds: what ``eventwire watch`` does each round.

A round reads every feed in the list (a URL, or a local file), keeps the entries not seen
before (their document id is neither stored nor rejected for good), codes them and stores them.
A feed that is down, slow or answers with garbage is reported and skipped; the other feeds and
the next round go on. The store is opened for each round only, so readers can use it between.
"""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from eventwire.errors import InputError, StoreError, UsageError
from eventwire.inputs.files import decode, read_file
from eventwire.inputs.readers import Item
from eventwire.settings import get_settings
from eventwire.sources.feeds import FeedEntry, entry_document, parse_feed, url_id
from eventwire.sources.fetch import Fetcher
from eventwire.store.duck import Store
from eventwire.store.ingest import IngestOptions, IngestSummary, code_items, store_results

_EVERY = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$", re.IGNORECASE)
_UNIT = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}
#: Rejection codes worth another try in the next round (the web may be back by then).
RETRY_CODES = frozenset({"E110"})


def parse_every(text: str) -> float:
    """Seconds in an interval such as "90", "30s", "10m", "1.5h"; E501 otherwise."""
    found = _EVERY.match(text)
    if not found or float(found.group(1)) <= 0:
        raise UsageError(f"--every expects a duration such as 30s, 10m or 1h, got {text!r}",
                         code="E501")
    return float(found.group(1)) * _UNIT[found.group(2).lower()]


def feed_list(path: Path) -> list[str]:
    """The feeds listed in a file (URLs or paths, one a line, ``#`` comments); E106/E501."""
    text = decode(read_file(path, path.name.endswith(".gz"), get_settings().max_file_bytes))
    feeds = [line.split("#", 1)[0].strip() for line in text.splitlines()]
    if not any(feeds):
        raise UsageError(f"{path} lists no feeds", code="E501")
    return list(dict.fromkeys(f for f in feeds if f))


@dataclass
class RoundSummary:
    """What one round did: feeds that failed, entries seen and new, what was stored."""

    stored: IngestSummary
    feeds: int = 0
    failed: list[str] = field(default_factory=list)
    entries: int = 0
    new: int = 0

    def line(self) -> str:
        bad = f", {len(self.failed)} failed" if self.failed else ""
        return (f"{self.feeds} feeds{bad}, {self.entries} entries, {self.new} new; "
                f"{self.stored.line()}")


def poll_once(feeds: list[str], db: str | Path | None, fetcher: Fetcher,
              log: TextIO | None = sys.stderr, fetch_articles: bool = True,
              show_progress: bool = False) -> RoundSummary:
    """Read every feed once and store the entries not seen before."""
    with Store(db) as store:
        seen = _seen(store)
        summary = RoundSummary(stored=IngestSummary(db=store.path), feeds=len(feeds))
        new = [e for e in _entries(feeds, fetcher, summary, log) if url_id(e[1].key) not in seen]
        summary.new = len(new)
        items = _documents(new, fetcher if fetch_articles else None)
        opts = IngestOptions(show_progress=show_progress)
        summary.stored = store_results(code_items(items, opts), store, log)
    return summary


def _seen(store: Store) -> set[str]:
    rows = store.con.execute(
        "SELECT id FROM documents UNION SELECT id FROM rejected WHERE NOT list_contains(?, code)",
        [sorted(RETRY_CODES)]).fetchall()
    return {r[0] for r in rows}


def _entries(feeds: list[str], fetcher: Fetcher, summary: RoundSummary,
             log: TextIO | None) -> Iterator[tuple[str, FeedEntry]]:
    for feed in feeds:
        try:
            entries = parse_feed(_feed_bytes(feed, fetcher), feed)
        except InputError as err:
            summary.failed.append(feed)
            if log is not None:
                print(f"eventwire: feed {feed} skipped this round: {err}", file=log)
            continue
        summary.entries += len(entries)
        yield from ((feed, e) for e in entries)


def _feed_bytes(feed: str, fetcher: Fetcher) -> bytes:
    if feed.lower().startswith(("http://", "https://")):
        return fetcher.fetch(feed).body
    return read_file(Path(feed), feed.endswith(".gz"), get_settings().max_file_bytes)


def _documents(new: list[tuple[str, FeedEntry]], fetcher: Fetcher | None) -> Iterator[Item]:
    for feed, entry in new:
        yield entry_document(entry, feed, fetcher)


def watch(feeds_file: Path, db: str | Path | None, every: float, fetcher: Fetcher,
          once: bool = False, log: TextIO | None = sys.stderr, fetch_articles: bool = True,
          sleep: Callable[[float], None] = time.sleep) -> RoundSummary:
    """Poll the feeds of ``feeds_file`` every ``every`` seconds (one round when ``once``);
    the list is read again each round, so feeds can be added while it runs."""
    while True:
        started = time.monotonic()
        try:
            summary = poll_once(feed_list(feeds_file), db, fetcher, log, fetch_articles)
        except (InputError, StoreError) as err:
            if once:
                raise
            # Why go on: a store busy with another ingest or a feed list being edited is
            # a passing state; a long-running watcher must not die of it.
            _say(log, f"eventwire: watch round failed, retrying next round: {err}")
        else:
            _say(log, f"eventwire: watch round: {summary.line()}")
            if once:
                return summary
        sleep(max(0.0, every - (time.monotonic() - started)))


def _say(log: TextIO | None, line: str) -> None:
    if log is not None:
        print(line, file=log, flush=True)
