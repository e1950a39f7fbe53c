"""RSS and Atom feeds to documents; garbage feeds are rejected, teasers fetched."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from eventwire.errors import InputError
from eventwire.inputs import read_inputs
from eventwire.records import Document, Rejected
from eventwire.sources.feeds import parse_feed, read_feed, url_id
from eventwire.sources.fetch import Fetcher

BODY = ("<p>The prime minister of Freedonia met the visiting Sylvanian foreign minister in the "
        "capital on Monday to discuss trade, officials said. The two agreed to reopen the "
        "border crossing at the river for lorries from next month.</p>")

RSS = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Test wire</title><link>http://news.example/</link>
<item><title>Leaders meet</title><link>http://news.example/a</link>
<pubDate>Mon, 04 Mar 2024 10:00:00 GMT</pubDate><description>Short teaser.</description>
<content:encoded><![CDATA[{BODY}]]></content:encoded></item>
<item><title>Second story</title><link>http://news.example/b</link>
<pubDate>Tue, 05 Mar 2024 08:00:00 GMT</pubDate><description>Only a teaser here.</description>
</item>
</channel></rss>""".encode()

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom wire</title>
<entry><title>Atom story</title><id>tag:news.example,2024:1</id>
<link href="http://news.example/atom-1"/><updated>2024-03-06T12:00:00Z</updated>
<content type="html">&lt;p&gt;Ministers met in the capital.&lt;/p&gt;</content></entry>
</feed>"""


def test_rss_entries_keep_link_title_date_and_full_content() -> None:
    entries = parse_feed(RSS, "test.rss")
    assert [e.url for e in entries] == ["http://news.example/a", "http://news.example/b"]
    assert entries[0].title == "Leaders meet" and entries[0].pub_date == "2024-03-04"
    assert "border crossing" in entries[0].body
    assert entries[1].body == "Only a teaser here."


def test_atom_entries_are_read() -> None:
    (entry,) = parse_feed(ATOM, "test.atom")
    assert (entry.url, entry.pub_date) == ("http://news.example/atom-1", "2024-03-06")
    assert "Ministers met" in entry.body


def test_feed_documents_are_keyed_by_link() -> None:
    docs = list(read_feed(RSS, "test.rss"))
    assert all(isinstance(d, Document) for d in docs)
    first = docs[0]
    assert isinstance(first, Document)
    assert first.id == url_id("http://news.example/a") and first.raw_html is not None
    assert first.source == "http://news.example/a"


def test_skipped_keys_are_not_read_again() -> None:
    docs = list(read_feed(RSS, "test.rss", skip=frozenset({"http://news.example/a"})))
    assert [d.id for d in docs] == [url_id("http://news.example/b")]


@pytest.mark.parametrize("garbage", [b"\x00\x01binary", b"<html><body>a page</body></html>",
                                     b"<?xml version='1.0'?><rss><channel><item>"])
def test_garbage_is_rejected_not_raised(garbage: bytes) -> None:
    with pytest.raises(InputError) as err:
        parse_feed(garbage, "bad.xml")
    assert err.value.code == "E112"
    (rej,) = read_feed(garbage, "bad.xml")
    assert isinstance(rej, Rejected) and rej.code == "E112"


@pytest.mark.parametrize("blank", [b"", b" \n\t\r\n"])
def test_a_blank_feed_is_an_empty_document(blank: bytes) -> None:
    with pytest.raises(InputError) as err:
        parse_feed(blank, "blank.rss")
    assert err.value.code == "E101"
    (rej,) = read_feed(blank, "blank.rss")
    assert isinstance(rej, Rejected) and rej.code == "E101"


def test_a_feed_without_entries_gives_nothing() -> None:
    # A live feed is often empty between stories: that is no error (the watcher polls it again).
    empty = b"<?xml version='1.0'?><rss version='2.0'><channel><title>t</title></channel></rss>"
    assert parse_feed(empty, "empty.rss") == [] and list(read_feed(empty, "empty.rss")) == []


def test_teaser_entries_fetch_the_linked_page(site: Any) -> None:
    page = f"<html><body><article>{BODY}</article></body></html>".encode()
    link = site.serve("/story", page)
    feed = RSS.replace(b"http://news.example/b", link.encode())
    fetcher = Fetcher(allow_private=True, per_host_interval=0.0)
    docs = list(read_feed(feed, "test.rss", fetcher))
    assert [p for p, _ua in site.requests] == ["/story"]  # the full entry needs no fetch
    assert isinstance(docs[1], Document) and "border crossing" in (docs[1].raw_html or "")


def test_feed_files_are_read_by_ingest_inputs(tmp_path: Path) -> None:
    (tmp_path / "wire.rss").write_bytes(RSS)
    (tmp_path / "wire.atom").write_bytes(ATOM)
    (tmp_path / "notes.urls").write_text("http://127.0.0.1:9/never-fetched\n")
    items = list(read_inputs([str(tmp_path)]))
    assert [i.source for i in items] == [
        "http://news.example/atom-1", "http://news.example/a", "http://news.example/b"]
