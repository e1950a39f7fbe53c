"""Web archives (WARC, WARC.gz; warcio) to documents: one per successful HTML response.

Common Crawl news WARCs hold responses, requests and metadata; only ``response`` records with
HTTP 200 and an HTML (or XHTML) body are articles. Each document is keyed by its target URL,
so re-reading an archive replaces rather than duplicates.

An archive that yields nothing is one E101 rejection, as an empty JSONL or CSV file is: an empty
(or blank) file, and an archive whose records hold no article (only requests, metadata, images
or error pages), so the user learns that nothing was read from it.
"""

from __future__ import annotations

from collections import Counter
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
    rejected (E112), one without any HTML response too (E101); an archive cut short keeps the
    records before the cut."""
    seen = Counter[str]()
    try:
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                if _is_article(record):
                    seen["article"] += 1
                    yield _document(record, str(path), limit, pub_date)
                elif record.rec_type:  # warcio reads blank lines as a record without a type
                    seen[str(record.rec_type)] += 1
    # warcio raises AttributeError on a record cut inside its headers: still a broken archive.
    except (ArchiveLoadFailed, OSError, ValueError, EOFError, AttributeError) as exc:
        yield reject(InputError(f"cannot read web archive: {exc}", code="E112"), str(path))
        return
    if not seen["article"]:
        yield reject(InputError(_nothing_read(seen), code="E101"), str(path))


def _nothing_read(seen: Counter[str]) -> str:
    """Why an archive gave no document: it is empty, or what its records were instead."""
    if not seen:
        return "empty document"
    kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(seen.items()))
    return f"web archive holds no HTML response with HTTP 200 (records: {kinds})"


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
