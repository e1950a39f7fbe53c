"""Benchmark ``eventwire serve``: API requests per second over HTTP on the loopback.

    python bench/serve.py [--docs N] [--requests N]

A store of synthetic coded documents (10 events each) is served by ``eventwire serve`` in its
own process on 127.0.0.1 and queried over one keep-alive connection. The baseline, measured in
the same run, is the same queries run directly on a store reader (no HTTP, no JSON): the ratio
says what the web layer costs. A last pass repeats the events query while another process holds
the store as its writer, to show that the server still answers (from its snapshot) during an
ingest.
"""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import httpx

from eventwire.records import Actor, Document, Event, EventPlace
from eventwire.store import EventFilter, Reader, Store
from eventwire.web import queries

#: (API path, the same query run directly on a reader)
QUERIES: tuple[tuple[str, Callable[[Reader], object]], ...] = (
    ("/events?limit=50", lambda r: queries.events_page(r, queries.EventQuery(limit=50))),
    ("/events?actor=USA&type=REQUEST&limit=50", lambda r: queries.events_page(
        r, queries.EventQuery(EventFilter(actor="USA", type="REQUEST"), limit=50))),
    ("/events/timeline", lambda r: queries.timeline(r, queries.EventQuery())),
    ("/events/network", lambda r: queries.network(r, queries.EventQuery())),
    ("/places", lambda r: queries.event_places(r, queries.EventQuery())),
)

HOLD = """
import sys
from eventwire.store import Store
with Store(sys.argv[1]):
    print("holding", flush=True)
    sys.stdin.readline()
"""


def synthetic(n: int) -> list[Document]:
    """``n`` coded documents, 10 events each, over four actors and three places."""
    actors = [Actor(c, c, c, "GOV") for c in ("USA", "RUS", "UKR", "IND")]
    places = [EventPlace(p, p, g, la, lo, cc, "city") for p, g, la, lo, cc in (
        ("Delhi", 1273294, 28.65, 77.23, "IND"), ("Kyiv", 703448, 50.45, 30.52, "UKR"),
        ("Geneva", 2660646, 46.2, 6.14, "CHE"))]
    kinds = ("REQUEST", "CONSULT", "ACCUSE", "AID")
    sentence = "The United States urged Russia to return to talks in Delhi on Thursday. "
    docs = []
    for i in range(n):
        events = [Event(f"{i}-{k}", kinds[k % 4], [actors[k % 4]], [actors[(k + 1) % 4]],
                        sentence.strip(), k * len(sentence), (k + 1) * len(sentence) - 1, k,
                        date=f"2023-{1 + i % 12:02d}-{1 + k % 28:02d}", date_resolution="day",
                        event_loc=places[k % 3], cameo="100", confidence=0.8)
                  for k in range(10)]
        docs.append(Document(id=f"doc-{i}", pub_date="2023-03-02", text=sentence * 10,
                             events=events, source=f"doc-{i}.txt"))
    return docs


SERVE = """
import argparse, sys
from eventwire.commands import serve
parser = argparse.ArgumentParser()
serve.register(parser.add_subparsers())
sys.exit(serve.run(parser.parse_args(["serve", "--db", sys.argv[1], "--port", sys.argv[2]])))
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(db: Path) -> tuple[subprocess.Popen[bytes], str]:
    """``eventwire serve`` in its own process, once it answers (bounded wait)."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-c", SERVE, str(db), str(port)],
                            stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            httpx.get(url + "/status", timeout=1).raise_for_status()
            return proc, url
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("the server did not start")


def rate(n: int, fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    for _ in range(n):
        fn()
    return n / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=100, help="per query")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        with Store(db) as store:
            store.write_all(synthetic(args.docs))
        print(f"store: {args.docs} documents, {args.docs * 10} events")
        server, url = start_server(db)
        reader = Reader(db)  # read-only: allowed beside the server's snapshot copy
        with httpx.Client(base_url=url) as client:
            client.get("/status").raise_for_status()
            for path, direct in QUERIES:
                http = rate(args.requests, lambda p=path: client.get(p).raise_for_status())
                base = rate(args.requests, lambda d=direct: d(reader))  # type: ignore[misc]
                print(f"{path:<42} {http:8.1f} req/s over HTTP   {base:8.1f} q/s direct   "
                      f"ratio {http / base:.2f}")
            reader.close()
            hold = subprocess.Popen([sys.executable, "-c", HOLD, str(db)], stdin=subprocess.PIPE,
                                    stdout=subprocess.PIPE, text=True)
            assert hold.stdout is not None and hold.stdout.readline().strip() == "holding"
            busy = rate(args.requests, lambda: client.get("/events?limit=50").raise_for_status())
            status = client.get("/status").json()
            assert hold.stdin is not None
            hold.stdin.close()
            hold.wait()
            hold.stdout.close()
            print(f"{'/events?limit=50 during an ingest':<42} {busy:8.1f} req/s over HTTP   "
                  f"(writer_active={status['writer_active']})")
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
