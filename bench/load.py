"""Load test of ``eventwire serve`` while ``eventwire ingest`` writes the same store.

    python bench/load.py [--docs N] [--requests N] [--clients N] [--max-seconds S]
                         [--articles N]

Loopback only, bounded: a store of synthetic coded documents is served by ``eventwire serve``
on 127.0.0.1; ``--clients`` threads, each with its own keep-alive connection, send
``--requests`` GET requests in all (a mix of the API's read queries), stopping early after
``--max-seconds``. The baseline pass runs with the store idle; the measured pass runs the same
load while an ``eventwire ingest`` process codes ``--articles`` articles into the same store
(the full pipeline: it loads the models and holds the store as its writer). Printed: requests/s,
p50 and p99 latency, errors (any exception or non-2xx answer) and the loaded/baseline ratio.
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from eventwire.records import Actor, Document, Event, EventPlace
from eventwire.store import Store

PATHS: tuple[str, ...] = (
    "/events?limit=50", "/events?actor=NOR&type=REQUEST&limit=20", "/events/timeline",
    "/events/network", "/places", "/actors", "/documents?limit=20", "/status",
)
COUNTRIES = (("Norway", "NOR"), ("Chile", "CHL"), ("Kenya", "KEN"), ("Peru", "PER"))


def synthetic(n: int) -> list[Document]:
    """``n`` coded documents of 5 events each, over four actors and two places."""
    actors = [Actor(name, name, code, "GOV") for name, code in COUNTRIES]
    places = [EventPlace("Oslo", "Oslo", 3143244, 59.91, 10.75, "NOR", "city"),
              EventPlace("Lima", "Lima", 3936456, -12.04, -77.03, "PER", "city")]
    sentence = "Norway urged Chile to sign the fishing treaty in Oslo on Tuesday. "
    kinds = ("REQUEST", "CONSULT", "AGREE", "ACCUSE", "AID")
    docs = []
    for i in range(n):
        events = [Event(f"{i}-{k}", kinds[k], [actors[k % 4]], [actors[(k + 1) % 4]],
                        sentence.strip(), k * len(sentence), (k + 1) * len(sentence) - 1, k,
                        date=f"2024-{1 + i % 12:02d}-{1 + k:02d}", date_resolution="day",
                        event_loc=places[k % 2], confidence=0.7) for k in range(5)]
        docs.append(Document(id=f"load-{i}", pub_date="2024-05-07", text=sentence * 5,
                             events=events, source=f"load-{i}.txt"))
    return docs


def articles(n: int) -> str:
    """JSONL of ``n`` short articles of our own for the ingest to code."""
    lines = []
    for i in range(n):
        a, b = COUNTRIES[i % 4][0], COUNTRIES[(i + 1) % 4][0]
        text = (f"The foreign minister of {a} met her counterpart from {b} in Geneva on "
                f"Monday, {i % 28 + 1} days after the fishing talks broke down. {a} urged {b} "
                f"to return {i + 3} seized boats. Officials of {b} rejected the demand and "
                "accused the coast guard of firing warning shots.")
        lines.append(json.dumps({"id": f"ingest-{i}", "text": text, "pub_date": "2024-05-07"}))
    return "\n".join(lines) + "\n"


@dataclass
class Load:
    """Latencies (seconds) of answered requests, and errors by kind."""

    latencies: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def error(self, kind: str) -> None:
        with self.lock:
            self.errors[kind] = self.errors.get(kind, 0) + 1

    def summary(self) -> str:
        done = len(self.latencies) + sum(self.errors.values())
        ms = sorted(x * 1000 for x in self.latencies) or [0.0]
        p99 = ms[min(len(ms) - 1, int(len(ms) * 0.99))]
        return (f"{done} requests in {self.seconds:.1f} s: {done / self.seconds:7.1f} req/s, "
                f"p50 {statistics.median(ms):6.1f} ms, p99 {p99:6.1f} ms, "
                f"errors {sum(self.errors.values())} {self.errors or ''}")


def _client(url: str, jobs: list[int], load: Load, deadline: float) -> None:
    with httpx.Client(base_url=url, timeout=30) as client:
        while time.monotonic() < deadline:
            with load.lock:
                if not jobs:
                    return
                n = jobs.pop()
            start = time.perf_counter()
            try:
                response = client.get(PATHS[n % len(PATHS)])
            except httpx.HTTPError as exc:
                load.error(type(exc).__name__)
                continue
            if response.is_success:
                with load.lock:
                    load.latencies.append(time.perf_counter() - start)
            else:
                load.error(f"HTTP {response.status_code}")


def run_load(url: str, requests: int, clients: int, max_seconds: float) -> Load:
    """Send ``requests`` requests from ``clients`` threads, for ``max_seconds`` at most."""
    load, jobs = Load(), list(range(requests))
    deadline = time.monotonic() + max_seconds
    threads = [threading.Thread(target=_client, args=(url, jobs, load, deadline))
               for _ in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    load.seconds = time.perf_counter() - start
    return load


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(db: Path) -> tuple[subprocess.Popen[bytes], str]:
    """``eventwire serve`` on 127.0.0.1 in its own process, once it answers (bounded wait)."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "eventwire", "serve", "--db", str(db),
                             "--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            httpx.get(url + "/status", timeout=1).raise_for_status()
            return proc, url
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("the server did not start within 30 s")


def start_ingest(db: Path, inputs: Path) -> subprocess.Popen[bytes]:
    """``eventwire ingest`` of ``inputs`` into ``db``, once it holds the store."""
    proc = subprocess.Popen([sys.executable, "-m", "eventwire", "ingest", "--db", str(db),
                             str(inputs)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    time.sleep(3.0)  # let it load its models and open the store: the load starts mid-ingest
    return proc


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=500, help="documents in the served store")
    parser.add_argument("--requests", type=int, default=600, help="requests per pass")
    parser.add_argument("--clients", type=int, default=4, help="concurrent connections")
    parser.add_argument("--max-seconds", type=float, default=60.0, help="cap per pass")
    parser.add_argument("--articles", type=int, default=60, help="articles the ingest codes")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db, inputs = Path(tmp) / "load.duckdb", Path(tmp) / "articles.jsonl"
        with Store(db) as store:
            store.write_all(synthetic(args.docs))
        inputs.write_text(articles(args.articles), encoding="utf-8")
        server, url = start_server(db)
        try:
            print(f"store: {args.docs} documents; {args.clients} clients, {args.requests} "
                  f"requests per pass, {len(PATHS)} read queries; server {url}")
            base = run_load(url, args.requests, args.clients, args.max_seconds)
            print(f"baseline (store idle)   {base.summary()}")
            ingest = start_ingest(db, inputs)
            busy = run_load(url, args.requests, args.clients, args.max_seconds)
            running = ingest.poll() is None
            print(f"during ingest           {busy.summary()}")
            code = ingest.wait(timeout=600)
            err = ""
            if ingest.stderr is not None:
                err = ingest.stderr.read().decode(errors="replace")
                ingest.stderr.close()
            print(f"ingest: still running at the end of the load: {running}; exit code {code}"
                  + (f"; stderr tail: {err.strip().splitlines()[-1]}" if err.strip() else ""))
            after = httpx.get(url + "/documents?limit=1", timeout=30).json()
            print(f"documents served after the ingest: {after.get('total')}")
            ratio = (len(busy.latencies) / busy.seconds) / (len(base.latencies) / base.seconds)
            print(f"ratio (during ingest / baseline, answered req/s): {ratio:.2f}")
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
