"""A small web server on 127.0.0.1 serving canned answers, for the fetcher, URL and feed tests."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass
class Answer:
    """What the server sends for one path; ``fail_first`` 503s precede it, ``delay`` before,
    ``drip`` seconds between two bytes of the body (a slow-loris page)."""

    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    location: str | None = None
    fail_first: int = 0
    delay: float = 0.0
    drip: float = 0.0


@dataclass
class Site:
    """The served answers and the requests received (path, User-Agent)."""

    port: int = 0
    answers: dict[str, Answer] = field(default_factory=dict)
    requests: list[tuple[str, str]] = field(default_factory=list)

    def serve(self, path: str, body: bytes = b"", **kw: object) -> str:
        """Answer ``path`` with ``body`` (and Answer's other fields); returns its URL."""
        self.answers[path] = Answer(body, **kw)  # type: ignore[arg-type]
        return self.url(path)

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server API
            site.requests.append((self.path, self.headers.get("User-Agent", "")))
            answer = site.answers.get(self.path, Answer(b"not found", "text/plain", 404))
            time.sleep(answer.delay)
            if answer.fail_first > 0:
                answer.fail_first -= 1
                self._send(503, "text/plain", b"busy", None)
                return
            self._send(answer.status, answer.content_type, answer.body, answer.location,
                       answer.drip)

        def _send(self, status: int, kind: str, body: bytes, location: str | None,
                  drip: float = 0.0) -> None:
            try:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                if location:
                    self.send_header("Location", location)
                self.end_headers()
                for piece in [body[i:i + 1] for i in range(len(body))] if drip else [body]:
                    self.wfile.write(piece)
                    self.wfile.flush()
                    time.sleep(drip)
            except OSError:
                return  # the client gave up waiting (a deadline test): nothing to report

        def log_message(self, *args: object) -> None:
            pass  # keep test output clean

    return Handler


@pytest.fixture
def site() -> Iterator[Site]:
    """A server on a free port of 127.0.0.1, stopped after the test."""
    served = Site()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(served))
    served.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield served
    server.shutdown()
    server.server_close()
    thread.join()
