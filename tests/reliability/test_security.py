"""The threats of docs/security.md, one test (or a few) each: path traversal, SQL injection,
server-side request forgery (URL fetching and ``POST /code``), XML entity expansion in feeds,
entity tricks in web archives, and request limits of ``eventwire serve``."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from eventwire.errors import InputError, StoreError
from eventwire.inputs import read_inputs
from eventwire.pipeline import default_pipeline
from eventwire.records import Document, Rejected
from eventwire.sources.fetch import Fetcher
from eventwire.store import Reader
from eventwire.web.app import ServeConfig, create_app
from eventwire.web.coding import Coder

HOSTS = ("testserver", "127.0.0.1", "localhost")
TOKEN = "a-test-token-of-ours"


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory,
               make_store: Callable[[Path, int], Path]) -> Path:
    return make_store(tmp_path_factory.mktemp("sec") / "events.duckdb", 12)


@pytest.fixture(scope="module")
def coder() -> Coder:
    return Coder(default_pipeline(until="extract"))


@pytest.fixture(scope="module")
def client(store_path: Path, coder: Coder) -> Iterator[TestClient]:
    app = create_app(ServeConfig(db=store_path, hosts=HOSTS, token=TOKEN,
                                 max_body_bytes=50_000), coder=coder)
    with TestClient(app) as c:
        yield c


def _counts(client: TestClient) -> int:
    total = client.get("/events", params={"limit": 0}).json()
    return int(total.get("total", -1))


# --- path traversal ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", [
    "/static/../../../../etc/passwd", "/static/..%2f..%2f..%2fetc%2fpasswd",
    "/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/static/....//....//etc/passwd",
    "/static//etc/passwd", "/static/%00", "/..%2f..%2fpyproject.toml",
])
def test_static_files_do_not_leave_their_folder(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code in (400, 404, 405)
    assert "root:" not in response.text and "[project]" not in response.text


@pytest.mark.parametrize("doc_id", ["../../etc/passwd", "..%2F..%2Fetc%2Fpasswd", "%00"])
def test_document_ids_are_not_paths(client: TestClient, doc_id: str) -> None:
    response = client.get(f"/documents/{doc_id}")
    assert response.status_code == 404
    assert response.json()["error"]["code"] in ("E403", "E705")


# --- SQL injection ----------------------------------------------------------------------------

INJECTIONS = ["' OR 1=1 --", "'; DROP TABLE documents; --", "x\") OR (\"1\"=\"1",
              "%' UNION SELECT doc_json FROM documents --", "\\'; DELETE FROM events; --"]


@pytest.mark.parametrize("value", INJECTIONS)
@pytest.mark.parametrize("param", ["q", "place", "doc_id", "actor", "type", "since"])
def test_event_filters_are_parameters_not_sql(client: TestClient, param: str,
                                              value: str) -> None:
    before = _counts(client)
    response = client.get("/events", params={param: value})
    assert response.status_code in (200, 400, 422)
    if response.status_code == 200:
        assert response.json()["total"] == 0  # no injected clause matched everything
    else:
        assert response.json()["error"]["code"].startswith("E")
    assert _counts(client) == before == 12


@pytest.mark.parametrize("value", INJECTIONS)
def test_document_search_and_lookup_are_parameters(client: TestClient, store_path: Path,
                                                   value: str) -> None:
    assert client.get("/documents", params={"q": value}).status_code == 200
    assert client.get("/actors", params={"q": value}).status_code == 200
    with Reader(store_path) as reader, pytest.raises(StoreError) as err:
        reader.document(value)
    assert err.value.code == "E403"


# --- server-side request forgery ---------------------------------------------------------------


@pytest.mark.parametrize("url", [
    "http://127.0.0.1/", "http://localhost:8000/", "http://10.1.2.3/", "http://192.168.0.1/",
    "http://172.16.5.5/", "http://169.254.169.254/latest/meta-data/", "http://[::1]/",
    "http://0.0.0.0/", "http://[fd00::1]/", "http://100.64.0.1/", "http://224.0.0.1/",
    "http://2130706433/", "file:///etc/passwd", "gopher://example.org/", "ftp://example.org/",
    "http:///nohost",
])
def test_private_and_non_http_urls_are_refused(url: str) -> None:
    with pytest.raises(InputError) as err:
        Fetcher().check_url(url)
    assert err.value.code in ("E111", "E110")  # E110 only when the name does not resolve
    items = list(read_inputs([url])) if url.startswith("http") else []
    assert all(isinstance(i, Rejected) and i.code in ("E110", "E111") for i in items)


class FirstHopOnly(Fetcher):
    """A fetcher that lets through its first URL (standing in for a public page) and guards
    every other hop as usual."""

    first: str = ""

    def check_url(self, url: str) -> None:
        if url == self.first:
            return
        Fetcher.check_url(self, url)


def test_a_redirect_into_the_local_network_is_refused(
        bad_server: tuple[str, list[str]]) -> None:
    base, hits = bad_server
    fetcher = FirstHopOnly(timeout=2.0, retries=0, per_host_interval=0.0)
    fetcher.first = base + "/to-page"  # redirects to /page on 127.0.0.1: a private hop
    before = hits.count("/page")
    with pytest.raises(InputError) as err:
        fetcher.fetch(fetcher.first)
    assert err.value.code == "E111"
    assert hits.count("/page") == before  # the private hop was never requested
    assert hits[-1] == "/to-page"


def test_post_code_never_fetches_what_an_article_names(
        client: TestClient, bad_server: tuple[str, list[str]]) -> None:
    base, hits = bad_server
    before = len(hits)
    html = (f"<html><head><link rel='stylesheet' href='{base}/page'></head><body>"
            f"<img src='{base}/page'><iframe src='{base}/page'></iframe><article><p>"
            + "Norway met Chile in Oslo to talk about fishing quotas. " * 8
            + "</p></article></body></html>")
    for body in ({"html": html, "url": base + "/page"}, {"text": base + "/page", "url": base}):
        response = client.post("/code", json=body)
        assert response.status_code in (200, 422)
    assert len(hits) == before


# --- XML entity expansion ---------------------------------------------------------------------

_NESTED = "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">\n'
                  for i in range(9))  # &j; is 10^9 copies of &a;
LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY a "lollollollollollollollollollol">
""" + _NESTED + """
]><rss version="2.0"><channel><title>t</title><item><title>&j;</title>
<link>https://n.example/1</link><description>&j;</description></item></channel></rss>"""

#: Reads a file under a 600 MiB address-space limit; prints each item's code and body size.
BOUNDED = textwrap.dedent("""
    import resource, sys
    resource.setrlimit(resource.RLIMIT_AS, (600 << 20, 600 << 20))
    from eventwire.inputs import read_inputs
    for r in read_inputs(sys.argv[1:]):
        print(r.code if hasattr(r, "code") else "doc", len(r.raw_html or r.raw_text or "")
              if hasattr(r, "raw_html") else 0)
""")


def _read_bounded(path: Path) -> list[tuple[str, int]]:
    done = subprocess.run([sys.executable, "-c", BOUNDED, str(path)], capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return [(a, int(b)) for a, b in (line.split() for line in done.stdout.splitlines())]


def test_billion_laughs_feed_is_not_expanded(tmp_path: Path) -> None:
    feed = tmp_path / "laughs.rss"
    feed.write_text(LAUGHS)
    items = _read_bounded(feed)
    assert items
    for code, size in items:
        assert code in ("doc", "E101", "E112")
        assert size < 100_000  # 10^9 "lol"s would be 3 GB


def test_external_entities_are_not_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-MARKER")
    feed = tmp_path / "xxe.rss"
    feed.write_text(f"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret}">]>
<rss version="2.0"><channel><title>t</title><item><title>leak &xxe;</title>
<link>https://n.example/2</link><description>body &xxe; end</description></item>
</channel></rss>""")
    for item in read_inputs([str(feed)]):
        if isinstance(item, Document):
            assert "TOP-SECRET-MARKER" not in (item.raw_html or "") + (item.title or "")


def test_entities_in_an_archived_page_are_not_expanded(tmp_path: Path) -> None:
    page = ("<?xml version='1.0'?><!DOCTYPE html [" + LAUGHS.split("[", 1)[1].split("]>")[0]
            + "]><html xmlns='http://www.w3.org/1999/xhtml'><body><p>&j;</p><p>"
            + "Norway met Chile in Oslo. " * 20 + "</p></body></html>").encode()
    http = (b"HTTP/1.1 200 OK\r\nContent-Type: application/xhtml+xml\r\nContent-Length: "
            + str(len(page)).encode() + b"\r\n\r\n" + page)
    warc = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://n.example/x\r\n"
            b"WARC-Record-ID: <urn:uuid:2>\r\nContent-Type: application/http; msgtype=response"
            b"\r\nContent-Length: " + str(len(http)).encode() + b"\r\n\r\n" + http + b"\r\n\r\n")
    path = tmp_path / "crawl.warc"
    path.write_bytes(warc)
    items = _read_bounded(path)
    assert items and all(size < 100_000 for _code, size in items)
    (doc,) = read_inputs([str(path)])
    assert isinstance(doc, Document)
    result = default_pipeline(until="extract").run(doc)
    assert isinstance(result, Rejected) or len(result.text) < 100_000


def test_an_oversized_warc_header_is_bounded(tmp_path: Path) -> None:
    head = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://n.example/"
            + b"a" * 5_000_000 + b"\r\n\r\n")
    path = tmp_path / "header.warc"
    path.write_bytes(head)
    items = _read_bounded(path)
    assert all(code.startswith("E") for code, _size in items)


# --- request limits ---------------------------------------------------------------------------


def test_a_body_over_the_limit_is_E701(client: TestClient) -> None:
    response = client.post("/code", content=b"x" * 60_000, headers={"content-type": "text/plain"})
    assert response.status_code == 413 and response.json()["error"]["code"] == "E701"


def test_a_streamed_body_over_the_limit_is_E701(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(20):
            yield b"y" * 5_000

    response = client.post("/code", content=chunks(), headers={"content-type": "text/plain"})
    assert response.status_code == 413 and response.json()["error"]["code"] == "E701"


def test_a_lying_content_length_is_refused(client: TestClient) -> None:
    response = client.post("/code", content=b"z" * 60_000,
                           headers={"content-type": "text/plain", "content-length": "10"})
    assert response.status_code in (400, 413, 422)


def test_writing_needs_the_token(client: TestClient) -> None:
    body = {"text": "Norway met Chile in Oslo on Tuesday to talk about fishing quotas."}
    assert client.post("/documents", json=body).json()["error"]["code"] == "E703"
    wrong = {"Authorization": "Bearer " + TOKEN[:-1]}
    assert client.post("/documents", json=body, headers=wrong).json()["error"]["code"] == "E703"


@pytest.mark.parametrize("headers", [{"host": "evil.example"},
                                     {"origin": "https://evil.example"}])
def test_other_hosts_and_origins_are_refused(client: TestClient,
                                             headers: dict[str, str]) -> None:
    response = client.get("/events", headers=headers)
    assert response.status_code in (400, 403)
    assert response.json()["error"]["code"] == "E707"


def test_paging_is_bounded(client: TestClient) -> None:
    response = client.get("/events", params={"limit": 10**9})
    assert response.status_code in (400, 422)
