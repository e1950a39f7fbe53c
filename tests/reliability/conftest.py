"""Fixtures of the reliability tests: small hand-written coded documents and stores of them.

Texts are our own; spans are computed from them, so the records are valid by construction.
"""

from __future__ import annotations

import http.server
import socketserver
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from eventwire.records import Document, Entity, Event, Rejected
from eventwire.store import Store

PARAGRAPH = ("The foreign ministers of Norway and Chile met in Oslo on Tuesday to discuss "
             "fishing quotas, and Norway urged Chile to sign the new treaty. ")


def coded_document(n: int, repeat: int = 1) -> Document:
    """A small coded document with one entity and one event; ``repeat`` makes it longer."""
    text = f"Report {n}. " + PARAGRAPH * repeat
    at = text.index("Norway")
    trigger = text.index("urged")
    return Document(
        id=f"doc-{n:05d}", title=f"Report {n}", pub_date="2024-05-07", text=text,
        source=f"report-{n}.txt",
        entities=[Entity("Norway", "GPE", at, at + len("Norway"))],
        events=[Event(id=f"ev-{n}", event="REQUEST", actor=[], recipient=[], sequence=0,
                      event_text=text[:trigger + 5], start=0,
                      end=trigger + 5, date="2024-05-07", date_resolution="day")],
    )


def build_store(path: Path, count: int, repeat: int = 1) -> Path:
    """A store of ``count`` coded documents and one rejection."""
    with Store(path) as store:
        store.write_all((coded_document(n, repeat) for n in range(count)), batch_size=64)
        store.write(Rejected("bad-one", "bad.txt", "read", "E101", "empty document"))
    return path


@pytest.fixture(scope="session")
def make_store() -> Callable[[Path, int], Path]:
    """``make_store(path, count)``: a store of ``count`` small coded documents."""
    return build_store


@pytest.fixture(scope="session")
def document_for() -> Callable[..., Document]:
    """``document_for(n, repeat=1)``: a small coded document."""
    return coded_document


# --- local servers that misbehave --------------------------------------------------------------


#: How long the trickling page keeps sending, one byte at a time.
TRICKLE_SECONDS = 3.0


class _Handler(http.server.BaseHTTPRequestHandler):
    """Pages that hang, trickle, never end, loop, or answer garbage; counts every request."""

    hits: list[str]

    def log_message(self, *args: object) -> None:  # quiet test output
        return

    def do_GET(self) -> None:  # noqa: N802 - the http.server API
        self.hits.append(self.path)
        route = getattr(self, "route_" + self.path.strip("/").split("?")[0].replace("-", "_"),
                        None)
        if route is None:
            self.send_error(404)
        else:
            route()

    def _head(self, kind: str = "text/html", length: int | None = None) -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind)
        if length is not None:
            self.send_header("Content-Length", str(length))
        self.end_headers()

    def route_page(self) -> None:
        body = b"<html><body><article><p>" + b"A quiet page about fishing talks. " * 20
        self._head(length=len(body) + 25)
        self.wfile.write(body + b"</p></article></body></html>")

    def route_hang(self) -> None:
        time.sleep(30)  # never answers within any client timeout

    def route_trickle(self) -> None:
        self._head()
        end = time.monotonic() + TRICKLE_SECONDS
        while time.monotonic() < end:
            self.wfile.write(b"<")
            self.wfile.flush()
            time.sleep(0.2)

    def route_endless(self) -> None:
        self._head()
        chunk = b"<p>" + b"x" * 65533
        try:
            for _ in range(10_000):  # 640 MB at most: the client must stop long before
                self.wfile.write(chunk)
        except OSError:
            return

    def route_garbage(self) -> None:
        body = bytes(range(256)) * 64
        self._head(length=len(body))
        self.wfile.write(body)

    def route_notfeed(self) -> None:
        body = b"<?xml version='1.0'?><rss><channel><item><title>unclosed"
        self._head("application/rss+xml", len(body))
        self.wfile.write(body)

    def route_loop(self) -> None:
        self.send_response(302)
        self.send_header("Location", "/loop")
        self.end_headers()

    def route_to_page(self) -> None:
        self.send_response(302)
        self.send_header("Location", "/page")
        self.end_headers()

    def route_bad_length(self) -> None:
        self._head(length=100_000)
        self.wfile.write(b"<html><body><p>cut short")


class _Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


@pytest.fixture(scope="session")
def bad_server() -> Iterator[tuple[str, list[str]]]:
    """(base URL, paths requested so far) of a misbehaving server on 127.0.0.1."""
    hits: list[str] = []
    handler = type("Handler", (_Handler,), {"hits": hits})
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()
    server.server_close()
