"""Files of URLs and URL inputs: pages and feeds fetched, failures rejected, guard on."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from eventwire.inputs import read_inputs
from eventwire.records import Document, Rejected
from eventwire.sources import Fetcher, url_id
from eventwire.sources.urls import url_list

PAGE = b"<html><body><article><p>Ministers met on Monday.</p></article></body></html>"
FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><title>One</title><link>{link}</link>
<description>&lt;p&gt;A teaser.&lt;/p&gt;</description></item>
</channel></rss>"""


def _fetcher() -> Fetcher:
    return Fetcher(allow_private=True, per_host_interval=0.0, retries=0, backoff=0.0)


def test_url_list_skips_comments_blanks_and_repeats(tmp_path: Path) -> None:
    path = tmp_path / "list.urls"
    path.write_text("# my sources\nhttp://a.example/1\n\nhttp://a.example/2  # second\n"
                    "http://a.example/1\n")
    assert url_list(path, 10_000) == ["http://a.example/1", "http://a.example/2"]


def test_urls_file_fetches_pages_and_feeds_and_rejects_failures(site: Any,
                                                                tmp_path: Path) -> None:
    page = site.serve("/page", PAGE)
    story = site.serve("/story", PAGE.replace(b"Monday", b"Friday"))
    feed = site.serve("/feed", FEED.format(link=story).encode(), content_type="text/xml")
    missing = site.url("/missing")
    (tmp_path / "in.urls").write_text(f"{page}\n{feed}\n{missing}\n")
    items = list(read_inputs([str(tmp_path / "in.urls")], fetcher=_fetcher()))
    docs = [i for i in items if isinstance(i, Document)]
    assert [d.id for d in docs] == [url_id(page), url_id(story)]
    assert "Friday" in (docs[1].raw_html or "")  # the teaser's linked page was fetched
    assert docs[0].url == page and docs[0].raw_html is not None
    (rej,) = [i for i in items if isinstance(i, Rejected)]
    assert (rej.source, rej.code) == (missing, "E110")


def test_url_inputs_are_guarded_by_default(site: Any) -> None:
    page = site.serve("/page", PAGE)
    (rej,) = read_inputs([page])
    assert isinstance(rej, Rejected) and rej.code == "E111"
    assert site.requests == []
    (doc,) = read_inputs([page], fetcher=_fetcher())
    assert isinstance(doc, Document) and doc.id == url_id(page)
