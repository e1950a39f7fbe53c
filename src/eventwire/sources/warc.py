"""Web archives (WARC, WARC.gz; warcio) to documents: one per successful HTML response.

Common Crawl news WARCs hold responses, requests and metadata; only ``response`` records with
HTTP 200 and an HTML (or XHTML) body are articles. Each document is keyed by its target URL,
so re-reading an archive replaces rather than duplicates.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord

from eventwire.errors import InputError
from eventwire.inputs.files import decode
from eventwire.inputs.readers import Item, reject
from eventwire.records import Document
from eventwire.sources.feeds import url_id

HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_warc(path: Path, limit: int, pub_date: str | None = None) -> Iterator[Item]:
    """Documents of the HTML responses in a (maybe gzipped) WARC file; a broken archive is
    rejected (E112); an archive cut short keeps the records before the cut."""
    try:
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                if _is_article(record):
                    yield _document(record, str(path), limit, pub_date)
    # warcio raises AttributeError on a record cut inside its headers: still a broken archive.
    except (ArchiveLoadFailed, OSError, ValueError, EOFError, AttributeError) as exc:
        yield reject(InputError(f"cannot read web archive: {exc}", code="E112"), str(path))


def _is_article(record: ArcWarcRecord) -> bool:
    if record.rec_type != "response" or record.http_headers is None:
        return False
    kind = (record.http_headers.get_header("Content-Type") or "").split(";")[0].strip()
    return record.http_headers.get_statuscode() == "200" and kind.lower() in HTML_TYPES


def _document(record: ArcWarcRecord, archive: str, limit: int, pub_date: str | None) -> Item:
    url = record.rec_headers.get_header("WARC-Target-URI") or ""
    source = url or archive
    data = record.content_stream().read(limit + 1)
    if len(data) > limit:
        return reject(InputError(f"record larger than max_file_bytes={limit}", "E107"), source)
    try:
        html = decode(data, html=True)
    except InputError as err:
        return reject(err, source, url_id(url) if url else "")
    # The WARC-Date is when the page was crawled, not published: extraction finds the latter.
    return Document(id=url_id(url) if url else "", url=url or None, source=source,
                    raw_html=html, pub_date=pub_date)
