"""Hostile inputs and misbehaving servers: deep nesting, pages over the size limit, gzip bombs,
pages that hang, trickle, never end, loop or answer garbage. Every case ends with a document or
a coded rejection, within the limits (no timing assertions: a hang would fail the run).

Memory is bounded by running the readers in a child process under an address-space limit.
"""

from __future__ import annotations

import gzip
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from eventwire.errors import InputError
from eventwire.inputs import read_inputs
from eventwire.pipeline import Pipeline, default_pipeline
from eventwire.records import Document, Rejected
from eventwire.sources.fetch import Fetcher

CODE = re.compile(r"^E[1-9]\d\d$")
MIB = 1 << 20


@pytest.fixture(scope="module")
def extractor() -> Pipeline:
    return default_pipeline(until="extract")


def _gzip_zeros(path: Path, size: int, prefix: bytes = b"") -> Path:
    """A gzip file of ``prefix`` then ``size`` zero-ish bytes (a decompression bomb)."""
    block = b"a" * MIB
    with gzip.open(path, "wb", compresslevel=9) as out:
        out.write(prefix)
        for _ in range(size // MIB):
            out.write(block)
    return path


#: Reads its argument with read_inputs under a 600 MiB address-space limit; prints the codes.
BOUNDED = textwrap.dedent("""
    import resource, sys
    resource.setrlimit(resource.RLIMIT_AS, (600 << 20, 600 << 20))
    from eventwire.inputs import read_inputs
    from eventwire.records import Rejected
    print(" ".join(r.code if isinstance(r, Rejected) else "doc" for r in read_inputs(sys.argv[1:])))
""")


def _read_bounded(*paths: Path) -> list[str]:
    done = subprocess.run([sys.executable, "-c", BOUNDED, *map(str, paths)], capture_output=True,
                          text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.split()


@pytest.fixture(scope="module")
def bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """256 MiB inflated (over ten times the default limit), a quarter MiB on disk."""
    return _gzip_zeros(tmp_path_factory.mktemp("bomb") / "bomb.gz", 256 * MIB)


@pytest.mark.parametrize("name", ["bomb.html.gz", "bomb.txt.gz", "bomb.rss.gz"])
def test_gzip_bomb_is_E107_in_bounded_memory(tmp_path: Path, bomb: Path, name: str) -> None:
    assert bomb.stat().st_size < MIB
    (tmp_path / name).symlink_to(bomb)
    assert _read_bounded(tmp_path / name) == ["E107"]


def test_gzip_bomb_in_jsonl_rejects_the_line_and_keeps_the_rest(tmp_path: Path) -> None:
    good = b'{"id": "a", "text": "Norway met Chile."}\n'
    bomb = _gzip_zeros(tmp_path / "bomb.jsonl.gz", 64 * MIB, prefix=good + b'{"text": "')
    assert _read_bounded(bomb) == ["doc", "E107"]


def test_huge_page_is_E107_before_reading(tmp_path: Path) -> None:
    page = tmp_path / "huge.html"
    with page.open("wb") as out:  # a 100 MB sparse file: no disk used, no time spent writing
        out.truncate(100_000_000)
    assert _read_bounded(page) == ["E107"]


def test_warc_bomb_is_bounded(tmp_path: Path) -> None:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
    size = 64 * MIB
    head = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://n.example/x\r\n"
            b"WARC-Record-ID: <urn:uuid:1>\r\nContent-Type: application/http; msgtype=response"
            b"\r\nContent-Length: " + str(len(http) + size).encode() + b"\r\n\r\n")
    bomb = _gzip_zeros(tmp_path / "crawl.warc.gz", size, prefix=head + http)
    assert _read_bounded(bomb) == ["E107"]


@pytest.mark.parametrize("depth", [10_000, 200_000])
def test_deeply_nested_html_is_extracted_or_rejected(tmp_path: Path, extractor: Pipeline,
                                                     depth: int) -> None:
    page = tmp_path / "deep.html"
    page.write_text("<html><body>" + "<div>" * depth + "<p>Norway met Chile in Oslo.</p>"
                    + "</div>" * depth + "</body></html>")
    (item,) = read_inputs([str(page)])
    assert isinstance(item, Document)
    result = extractor.run(item)
    if isinstance(result, Rejected):
        assert CODE.match(result.code) and result.code != "E301", result
    else:
        assert "Norway" in result.text or not result.text


def test_a_tag_with_thousands_of_attributes_is_E107(tmp_path: Path, extractor: Pipeline) -> None:
    # lxml's parse time grows with the square of one tag's attributes: 20,000 took 3 s
    page = tmp_path / "attrs.html"
    attrs = " ".join(f'data-a{i}="{i}"' for i in range(20_000))
    page.write_text(f"<html><body><p {attrs}>x</p><article><p>"
                    + "Norway met Chile in Oslo. " * 40 + "</p></article></body></html>")
    (item,) = read_inputs([str(page)])
    result = extractor.run(item)
    assert isinstance(result, Rejected) and result.code == "E107"


def test_many_tags_and_an_inline_image_still_extract(tmp_path: Path, extractor: Pipeline) -> None:
    page = tmp_path / "wide.html"
    image = "data:image/png;base64," + "QUJD" * 50_000 + "=="
    page.write_text(f"<html><body><img src='{image}' alt='a' class='b' width='3'>"
                    + "<span>y</span>" * 20_000 + "<article><p>"
                    + "Norway met Chile in Oslo. " * 40 + "</p></article></body></html>")
    (item,) = read_inputs([str(page)])
    result = extractor.run(item)
    assert isinstance(result, Document) and "Norway met Chile" in result.text


# --- servers --------------------------------------------------------------------------------------


def _fetcher(**options: float) -> Fetcher:
    return Fetcher(timeout=options.get("timeout", 1.0), deadline=options.get("deadline", 60.0),
                   retries=int(options.get("retries", 0)), per_host_interval=0.0,
                   allow_private=True, backoff=0.0, max_bytes=int(options.get("max_bytes", MIB)))


def _fetch_error(url: str, fetcher: Fetcher) -> str:
    try:
        fetcher.fetch(url)
    except InputError as err:
        return str(err)
    return "fetched"


def _fetch_code(url: str, fetcher: Fetcher) -> str:
    return _fetch_error(url, fetcher).split(":")[0]


def test_a_page_that_hangs_times_out(bad_server: tuple[str, list[str]]) -> None:
    base, _hits = bad_server
    assert _fetch_code(base + "/hang", _fetcher()) == "E110"


def test_a_page_that_never_ends_is_E107(bad_server: tuple[str, list[str]]) -> None:
    base, _hits = bad_server
    assert _fetch_code(base + "/endless", _fetcher(max_bytes=2 * MIB)) == "E107"


def test_a_redirect_loop_is_E110(bad_server: tuple[str, list[str]]) -> None:
    base, hits = bad_server
    before = hits.count("/loop")
    assert _fetch_code(base + "/loop", _fetcher()) == "E110"
    assert hits.count("/loop") - before == 6  # the first request and five redirects, no more


def test_a_body_shorter_than_its_length_is_E110(bad_server: tuple[str, list[str]]) -> None:
    base, _hits = bad_server
    assert _fetch_code(base + "/bad-length", _fetcher()) == "E110"


@pytest.mark.parametrize("path", ["/garbage", "/notfeed", "/page", "/missing"])
def test_garbage_answers_are_documents_or_coded_rejections(
        bad_server: tuple[str, list[str]], path: str) -> None:
    base, _hits = bad_server
    items = list(read_inputs([base + path], fetcher=_fetcher()))
    assert items
    for item in items:
        assert isinstance(item, Document) or CODE.match(item.code), item
    if path == "/garbage":
        assert [getattr(i, "code", "doc") for i in items] == ["E102"]
    if path == "/page":
        assert isinstance(items[0], Document)


def test_a_trickling_page_is_cut_off_by_the_deadline(bad_server: tuple[str, list[str]]) -> None:
    # One byte every 0.2 s for 3 s: each read is well within the 1 s timeout, so only the total
    # deadline stops it, and retries do not start it again.
    base, hits = bad_server
    before = hits.count("/trickle")
    error = _fetch_error(base + "/trickle", _fetcher(timeout=1.0, deadline=1.0, retries=2))
    assert error.startswith("E110: ") and "within the 1 s deadline" in error
    assert hits.count("/trickle") - before == 1
