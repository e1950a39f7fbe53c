"""Property tests of every input reader: whatever the bytes, ``read_inputs`` never raises, every
item is a document with a body or a rejection with a code, and extraction of what was read
never crashes and keeps every offset inside the text.

``EVENTWIRE_FUZZ_EXAMPLES`` raises the number of examples per test (``bench/fuzz.py`` does).
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire.inputs import read_inputs
from eventwire.pipeline import Pipeline, default_pipeline
from eventwire.records import Document, Rejected
from eventwire.schema import validation_errors

EXAMPLES = int(os.environ.get("EVENTWIRE_FUZZ_EXAMPLES", "60"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
CODE = re.compile(r"^E[1-9]\d\d$")
SUFFIXES = (".txt", ".html", ".jsonl", ".csv", ".rss", ".atom", ".xml", ".warc")

words = st.sampled_from(["Oslo", "Chile", "minister", "met", "the", "on", "Tuesday", "<p>",
                         "</p>", "<div>", "&amp;", "\n", "\n\n", "“", "é", "🙂", "\u200b", "{",
                         "\"", ",", "\r\n", "\x00", "\x1b", "<script>", "]]>", "<!--"])
texts = st.one_of(st.text(max_size=400), st.lists(words, max_size=120).map(" ".join))
raw = st.one_of(st.binary(max_size=2000), texts.map(lambda t: t.encode("utf-8", "replace")))


@pytest.fixture(scope="module")
def extractor() -> Pipeline:
    return default_pipeline(until="extract")


def _read(name: str, data: bytes) -> list[Document | Rejected]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        return list(read_inputs([str(path)]))


def _check_items(items: list[Document | Rejected], may_be_empty: bool = False
                 ) -> Iterator[Document]:
    # Why only a feed may give nothing: an empty feed is a live feed's normal state (see
    # test_feeds); every file format, WARC included, gives E101 when it holds no document.
    assert items or may_be_empty, "a file gave neither documents nor rejections"
    for item in items:
        if isinstance(item, Rejected):
            assert CODE.match(item.code), item
            assert item.stage == "read" and item.reason
        else:
            assert isinstance(item, Document)
            body = item.raw_html if item.raw_html is not None else item.raw_text
            assert isinstance(body, str) and body.strip()
            yield item


def _check_extracted(pipeline: Pipeline, doc: Document) -> None:
    result = pipeline.run(doc)
    if isinstance(result, Rejected):
        assert CODE.match(result.code) and result.code != "E301", result  # E301: a crash
        return
    assert validation_errors(result.to_dict()) == []


@FUZZ
@given(data=raw, suffix=st.sampled_from(SUFFIXES), gz=st.booleans())
def test_any_bytes_in_any_format(data: bytes, suffix: str, gz: bool) -> None:
    name = "input" + suffix + (".gz" if gz else "")
    items = _read(name, gzip.compress(data) if gz else data)
    list(_check_items(items))
    if not data.strip():
        assert [getattr(i, "code", "doc") for i in items] == ["E101"]


@FUZZ
@given(data=raw)
def test_any_bytes_on_stdin(data: bytes) -> None:
    items = list(read_inputs(["-"], stdin=io.BytesIO(data)))
    list(_check_items(items))
    if not data.strip():
        assert [getattr(i, "code", "doc") for i in items] == ["E101"]


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
@pytest.mark.parametrize("data", [b"", b"\n\n", b" \r\n\t "])
def test_empty_warc_is_rejected(name: str, data: bytes) -> None:
    stored = gzip.compress(data) if name.endswith(".gz") else data
    items = _read(name, stored)
    assert [(type(i).__name__, getattr(i, "code", "")) for i in items] == [("Rejected", "E101")]


@FUZZ
@given(text=texts, html=st.booleans())
def test_text_and_html_extract_without_crash(extractor: Pipeline, text: str, html: bool) -> None:
    body = f"<html><body><article><p>{text}</p></article></body></html>" if html else text
    for doc in _check_items(_read("page.html" if html else "page.txt", body.encode())):
        _check_extracted(extractor, doc)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | texts,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                               max_size=3), max_leaves=8)
records = st.fixed_dictionaries(
    {}, optional={"id": st.one_of(st.text(max_size=10), st.integers()), "text": json_values,
                  "html": json_values, "pub_date": json_values, "title": json_values,
                  "url": json_values})


@FUZZ
@given(lines=st.lists(st.one_of(records.map(json.dumps), json_values.map(json.dumps), texts),
                      min_size=1, max_size=8))
def test_jsonl_records(extractor: Pipeline, lines: list[str]) -> None:
    data = "\n".join(lines).encode("utf-8")
    items = _read("batch.jsonl", data)
    for doc in _check_items(items):
        _check_extracted(extractor, doc)


@FUZZ
@given(header=st.lists(st.sampled_from(["text", "html", "id", "title", "pub_date", "url", "",
                                        "x"]), min_size=1, max_size=5),
       rows=st.lists(st.lists(texts, max_size=6), max_size=6))
def test_csv_rows(extractor: Pipeline, header: list[str], rows: list[list[str]]) -> None:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    for doc in _check_items(_read("batch.csv", out.getvalue().encode("utf-8", "replace"))):
        _check_extracted(extractor, doc)


def _feed(items: list[tuple[str, str, str]], atom: bool) -> str:
    if atom:
        entries = "".join(f"<entry><id>{i}</id><title>{t}</title><link href='{u}'/>"
                          f"<content type='html'>{b}</content></entry>" for i, (t, u, b)
                          in enumerate(items))
        return f"<feed xmlns='http://www.w3.org/2005/Atom'><title>f</title>{entries}</feed>"
    entries = "".join(f"<item><title>{t}</title><link>{u}</link><description>{b}</description>"
                      "</item>" for t, u, b in items)
    return f"<?xml version='1.0'?><rss version='2.0'><channel>{entries}</channel></rss>"


@FUZZ
@given(items=st.lists(st.tuples(texts, st.sampled_from(["https://n.example/a", "", "x", "&"]),
                                texts), max_size=5), atom=st.booleans())
def test_feeds(extractor: Pipeline, items: list[tuple[str, str, str]], atom: bool) -> None:
    data = _feed(items, atom).encode("utf-8", "replace")
    # Why only then: entries with neither link nor id are dropped (they have no key) and an
    # empty feed is no error (the watcher polls it again).
    linked = bool(items) and all(u.startswith("https") for _t, u, _b in items)
    for doc in _check_items(_read("news.atom" if atom else "news.rss", data), not linked):
        _check_extracted(extractor, doc)


def _warc(bodies: list[tuple[bytes, str, str]]) -> bytes:
    """A WARC of response records, written by hand (byte-exact and without temporary files)."""
    out = b""
    for n, (body, status, kind) in enumerate(bodies):
        http = (f"HTTP/1.1 {status}\r\nContent-Type: {kind}\r\n"
                f"Content-Length: {len(body)}\r\n\r\n").encode() + body
        head = ("WARC/1.0\r\nWARC-Type: response\r\n"
                f"WARC-Target-URI: https://n.example/{n}\r\n"
                "WARC-Date: 2024-05-07T10:00:00Z\r\n"
                f"WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-{n:012d}>\r\n"
                "Content-Type: application/http; msgtype=response\r\n"
                f"Content-Length: {len(http)}\r\n\r\n").encode()
        out += head + http + b"\r\n\r\n"
    return out


@FUZZ
@given(bodies=st.lists(st.tuples(raw, st.sampled_from(["200 OK", "404 Not Found", "301 Moved"]),
                                 st.sampled_from(["text/html", "application/pdf",
                                                  "text/html; charset=latin-1"])),
                       min_size=1, max_size=4))
def test_warc_records(extractor: Pipeline, bodies: list[tuple[bytes, str, str]]) -> None:
    for doc in _check_items(_read("crawl.warc", _warc(bodies))):
        _check_extracted(extractor, doc)


@pytest.mark.parametrize("cut", [29, 40])
def test_truncated_warc_header_is_rejected(cut: int) -> None:
    data = _warc([(b"<html><body><p>A page.</p></body></html>", "200 OK", "text/html")])
    assert [r.code for r in _read("crawl.warc", data[:cut]) if isinstance(r, Rejected)] == [
        "E112"]
