"""Web archives: HTML responses become documents; other records are skipped; bad archives
are rejected."""

from __future__ import annotations

import gzip
import uuid
from pathlib import Path

import pytest

from eventwire.inputs import read_inputs
from eventwire.records import Document, Rejected
from eventwire.sources import read_warc, url_id

PAGE = ("<html><head><title>Talks</title></head><body><article><p>Ministers of two "
        "neighbouring states met on Monday.</p></article></body></html>")


def _record(url: str, body: bytes, status: str = "200 OK",
            kind: str = "text/html; charset=utf-8", rec_type: str = "response") -> bytes:
    """One WARC record, written out by hand (warcio's writer leaves temporary files open)."""
    if rec_type == "response":
        block = (f"HTTP/1.1 {status}\r\nContent-Type: {kind}\r\n"
                 f"Content-Length: {len(body)}\r\n\r\n").encode() + body
    else:
        block = body
    msgtype = "response" if rec_type == "response" else "request"
    head = (f"WARC/1.0\r\nWARC-Type: {rec_type}\r\nWARC-Target-URI: {url}\r\n"
            f"WARC-Date: 2024-03-04T10:00:00Z\r\nWARC-Record-ID: <urn:uuid:{uuid.uuid4()}>\r\n"
            f"Content-Type: application/http; msgtype={msgtype}\r\n"
            f"Content-Length: {len(block)}\r\n\r\n")
    return head.encode() + block + b"\r\n\r\n"


def write_warc(path: Path, gz: bool) -> None:
    records = [
        _record("https://news.example/talks", PAGE.encode()),
        _record("https://news.example/missing", b"gone", status="404 Not Found"),
        _record("https://news.example/logo.png", b"\x89PNG...", kind="image/png"),
        _record("https://news.example/talks",
                b"GET /talks HTTP/1.1\r\nHost: news.example\r\n\r\n", rec_type="request"),
        _record("https://news.example/second", PAGE.replace("Monday", "Friday").encode()),
    ]
    # a .warc.gz is one gzip member per record, so readers can seek to any record
    path.write_bytes(b"".join(gzip.compress(r) if gz else r for r in records))


@pytest.mark.parametrize("name,gz", [("crawl.warc", False), ("crawl.warc.gz", True)])
def test_only_html_responses_become_documents(tmp_path: Path, name: str, gz: bool) -> None:
    path = tmp_path / name
    write_warc(path, gz)
    docs = list(read_warc(path, 10_000_000))
    assert [d.url if isinstance(d, Document) else d.code for d in docs] == [
        "https://news.example/talks", "https://news.example/second"]
    first = docs[0]
    assert isinstance(first, Document) and first.id == url_id("https://news.example/talks")
    assert "met on Monday" in (first.raw_html or "")


def test_ingest_inputs_dispatch_warc_gz(tmp_path: Path) -> None:
    write_warc(tmp_path / "crawl.warc.gz", True)
    assert len(list(read_inputs([str(tmp_path / "crawl.warc.gz")]))) == 2


def test_archive_cut_short_keeps_the_records_before_the_cut(tmp_path: Path) -> None:
    whole = tmp_path / "whole.warc.gz"
    write_warc(whole, True)
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])  # a download cut short
    items = list(read_warc(cut, 10_000_000))
    assert [i.url for i in items if isinstance(i, Document)] == ["https://news.example/talks"]


def test_garbage_file_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "junk.warc.gz"
    path.write_bytes(gzip.compress(b"definitely not an archive"))
    (rej,) = read_warc(path, 10_000_000)
    assert isinstance(rej, Rejected) and rej.code == "E112"


def test_oversized_record_is_rejected(tmp_path: Path) -> None:
    write_warc(tmp_path / "c.warc", False)
    items = list(read_warc(tmp_path / "c.warc", 50))
    assert [i.code for i in items if isinstance(i, Rejected)] == ["E107", "E107"]


@pytest.mark.parametrize("gz", [False, True])
def test_archive_without_an_html_response_is_one_e101(tmp_path: Path, gz: bool) -> None:
    # Like a CSV with a header and no rows: the user learns that nothing was read, and why.
    path = tmp_path / ("other.warc.gz" if gz else "other.warc")
    records = [_record("https://news.example/missing", b"gone", status="404 Not Found"),
               _record("https://news.example/logo.png", b"\x89PNG...", kind="image/png"),
               _record("https://news.example/a", b"GET /a HTTP/1.1\r\n\r\n", rec_type="request")]
    path.write_bytes(b"".join(gzip.compress(r) if gz else r for r in records))
    (rej,) = read_warc(path, 10_000_000)
    assert isinstance(rej, Rejected) and (rej.code, rej.source) == ("E101", str(path))
    assert "no HTML response" in rej.reason and "1 request, 2 response" in rej.reason


def test_empty_archive_is_an_empty_document(tmp_path: Path) -> None:
    path = tmp_path / "empty.warc"
    path.write_bytes(b"\r\n\r\n")
    (rej,) = read_inputs([str(path)])
    assert isinstance(rej, Rejected) and (rej.code, rej.reason) == ("E101", "empty document")
