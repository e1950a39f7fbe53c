"""A file of URLs (one a line, ``#`` starts a comment) to documents, fetched one by one.

A URL that answers with an RSS or Atom feed yields the feed's entries; any other answer is
one HTML page. A URL that cannot be fetched is rejected (E110/E111) and the list goes on.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from eventwire.errors import InputError
from eventwire.inputs.files import decode, read_file
from eventwire.inputs.readers import Item, reject
from eventwire.records import Document
from eventwire.sources.feeds import read_feed, url_id
from eventwire.sources.fetch import Fetcher, Page

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/xml",
              "text/xml", "application/rdf+xml")


def url_list(path: Path, limit: int) -> list[str]:
    """The URLs listed in a file, in order, without blanks, comments and repeats."""
    text = decode(read_file(path, path.name.endswith(".gz"), limit))
    lines = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return list(dict.fromkeys(line for line in lines if line))


def read_url_file(path: Path, limit: int, fetcher: Fetcher,
                  pub_date: str | None = None) -> Iterator[Item]:
    """Documents fetched from the URLs listed in ``path``."""
    try:
        urls = url_list(path, limit)
    except InputError as err:
        yield reject(err, str(path))
        return
    for url in urls:
        yield from read_url(url, fetcher, pub_date)


def read_url(url: str, fetcher: Fetcher, pub_date: str | None = None) -> Iterator[Item]:
    """The document at ``url``, or the entries of the feed found there."""
    try:
        page = fetcher.fetch(url)
    except InputError as err:
        yield reject(err, url, url_id(url))
        return
    if is_feed(page):
        yield from read_feed(page.body, url, fetcher)
        return
    yield page_document(page, url, pub_date)


def is_feed(page: Page) -> bool:
    """Whether a fetched resource is an RSS/Atom feed (by media type, else by its root tag)."""
    if page.content_type in FEED_TYPES:
        return True
    head = page.body[:1024].lstrip().lower()
    return head.startswith(b"<?xml") and (b"<rss" in head or b"<feed" in head or b"<rdf" in head)


def page_document(page: Page, requested: str, pub_date: str | None) -> Item:
    """An HTML (or plain text) page as one document keyed by the URL asked for."""
    try:
        text = decode(page.body, html=True)
    except InputError as err:
        return reject(err, requested, url_id(requested))
    html = page.content_type != "text/plain"
    doc = Document(id=url_id(requested), url=page.url, source=requested, pub_date=pub_date)
    if html:
        doc.raw_html = text
    else:
        doc.raw_text = text
    return doc
