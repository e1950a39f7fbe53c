"""Feeds polled by ``watch`` go through the fetcher's deadline: a feed or a linked page that
trickles in is cut off (E110), reported, and the round goes on."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from eventwire.sources.fetch import Fetcher
from eventwire.sources.watch import watch

TEASER_FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>w</title>
<item><title>Talks</title><link>{link}</link><description>Only a teaser.</description></item>
</channel></rss>"""


def _fetcher() -> Fetcher:
    # Each byte arrives well within the timeout; only the deadline stops a trickle.
    return Fetcher(allow_private=True, per_host_interval=0.0, retries=1, backoff=0.0,
                   timeout=5.0, deadline=0.5)


def test_a_trickling_feed_is_skipped_at_the_deadline(site: Any, tmp_path: Path) -> None:
    feed = site.serve("/feed.rss", TEASER_FEED.format(link="http://n.example/a").encode(),
                      content_type="application/rss+xml", drip=0.05)
    listed = tmp_path / "feeds.txt"
    listed.write_text(f"{feed}\n", encoding="utf-8")
    log = io.StringIO()
    summary = watch(listed, tmp_path / "w.duckdb", 60.0, _fetcher(), once=True, log=log)
    assert summary.failed == [feed] and summary.entries == 0
    assert f"feed {feed} skipped this round: E110" in log.getvalue()
    assert "within the 0.5 s deadline" in log.getvalue()


def test_a_trickling_article_page_is_rejected_at_the_deadline(site: Any, tmp_path: Path) -> None:
    page = site.serve("/story", b"<html><body><p>" + b"x" * 200 + b"</p></body></html>",
                      drip=0.05)
    feed = site.serve("/feed.rss", TEASER_FEED.format(link=page).encode(),
                      content_type="application/rss+xml")
    listed = tmp_path / "feeds.txt"
    listed.write_text(f"{feed}\n", encoding="utf-8")
    log = io.StringIO()
    summary = watch(listed, tmp_path / "w.duckdb", 60.0, _fetcher(), once=True, log=log)
    assert summary.failed == [] and summary.new == 1
    assert summary.stored.rejected == {"E110": 1} and summary.stored.stored == 0
    assert "E110" in log.getvalue() and "within the 0.5 s deadline" in log.getvalue()
