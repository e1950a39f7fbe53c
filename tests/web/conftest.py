"""Fixtures of the web tests: hand-coded documents, stores of them, apps over them, and a
stand-in for an ingest in another process.

The documents are written here by hand (texts of our own, spans computed from them), so the
web tests do not depend on how well the coding stages do. Helpers reach the tests as fixtures,
so that they work in any pytest import mode.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from eventwire.pipeline import default_pipeline
from eventwire.records import (
    Actor,
    DateExpr,
    Document,
    Entity,
    Event,
    EventPlace,
    Flag,
    Place,
    Quote,
    Rejected,
)
from eventwire.store import Store
from eventwire.web.app import ServeConfig, create_app
from eventwire.web.coding import Coder

TOKEN = "s3cret-test-token"
HOSTS = ("testserver", "127.0.0.1", "localhost")

DELHI = EventPlace("New Delhi", "New Delhi", 1261481, 28.6358, 77.2245, "IND", "city")
ODESA = EventPlace("Odesa", "Odesa", 698740, 46.4775, 30.7326, "UKR", "city")
NAIROBI = EventPlace("Nairobi", "Nairobi", 184745, -1.2833, 36.8167, "KEN", "city")

USA = Actor("Blinken", "Antony Blinken", "USA", "GOV", "Q1507218")
RUS = Actor("Lavrov", "Sergey Lavrov", "RUS", "GOV", "Q48425")
RUS_MIL = Actor("Russian forces", "Russian armed forces", "RUS", "MIL")
UKR = Actor("Ukraine", "Ukraine", "UKR", "GOV")
KEN_COP = Actor("police", "Kenyan police", "KEN", "COP")
KEN_CVL = Actor("protesters", "protesters", "KEN", "CVL")


def span(text: str, part: str, nth: int = 0) -> tuple[int, int]:
    """Offsets of the ``nth`` occurrence of ``part`` in ``text``."""
    at = -1
    for _ in range(nth + 1):
        at = text.index(part, at + 1)
    return at, at + len(part)


def _event(text: str, n: int, kind: str, trigger: str, actor: list[Actor],
           recipient: list[Actor], date: str, loc: EventPlace | None, cameo: str) -> Event:
    sentence_start = text.rfind(".", 0, span(text, trigger)[0]) + 1
    sentence_end = text.index(".", span(text, trigger)[1]) + 1
    while text[sentence_start] == " ":
        sentence_start += 1
    return Event(id=f"ev{n}", event=kind, actor=actor, recipient=recipient,
                 event_text=text[sentence_start:sentence_end], start=sentence_start,
                 end=sentence_end, sequence=n, date=date, date_resolution="day",
                 event_loc=loc, cameo=cameo, confidence=0.8, trigger=span(text, trigger))


def talks_document() -> Document:
    text = ("Antony Blinken met Sergey Lavrov in New Delhi on Thursday, the first talks between "
            "the two since the war began. Blinken urged Moscow to return to the arms treaty. "
            "\"We will not be lectured,\" Lavrov said. Blinken accused Russia of waging a war of "
            "aggression. The meeting in Mumbai lasted ten minutes.")
    ents = [Entity("Antony Blinken", "PERSON", *span(text, "Antony Blinken"), USA),
            Entity("Sergey Lavrov", "PERSON", *span(text, "Sergey Lavrov"), RUS),
            Entity("Blinken", "PERSON", *span(text, "Blinken", 1), USA),
            Entity("Moscow", "GPE", *span(text, "Moscow"), RUS)]
    places = [Place("New Delhi", *span(text, "New Delhi"), 1261481, "New Delhi", "IND",
                    28.6358, 77.2245, "city"),
              Place("Mumbai", *span(text, "Mumbai"), 1275339, "Mumbai", "IND", 19.07, 72.88,
                    "city")]
    dates = [DateExpr("Thursday", *span(text, "Thursday"), "2023-03-02", "day")]
    quote_span = span(text, "We will not be lectured,")
    quotes = [Quote(text[quote_span[0]:quote_span[1]], *quote_span, RUS, "said")]
    events = [
        _event(text, 0, "CONSULT", "met", [USA], [RUS], "2023-03-02", DELHI, "040"),
        _event(text, 1, "REQUEST", "urged", [USA], [RUS], "2023-03-02", DELHI, "100"),
        _event(text, 2, "ACCUSE", "accused", [USA], [RUS], "2023-03-02", DELHI, "112"),
    ]
    flags = [Flag("place_conflict", "the meeting is placed in New Delhi and in Mumbai",
                  [span(text, "New Delhi"), span(text, "Mumbai")])]
    return Document(id="talks-delhi", title="Blinken and Lavrov meet briefly in New Delhi",
                    url="https://news.example.org/talks", pub_date="2023-03-02", text=text,
                    source="talks.txt", entities=ents, places=places, dates=dates,
                    quotes=quotes, events=events, flags=flags)


def drones_document() -> Document:
    text = ("Russian forces attacked the port of Odesa with drones overnight, officials said. "
            "Ukraine asked its partners for more air defence systems.")
    events = [
        _event(text, 0, "ASSAULT", "attacked", [RUS_MIL], [UKR], "2023-07-18", ODESA, "195"),
        _event(text, 1, "REQUEST", "asked", [UKR], [], "2023-07-18", ODESA, "103"),
    ]
    return Document(id="drones-odesa", title="Drones hit Odesa port", pub_date="2023-07-18",
                    text=text, source="drones.txt",
                    entities=[Entity("Odesa", "GPE", *span(text, "Odesa"))],
                    places=[Place("Odesa", *span(text, "Odesa"), 698740, "Odesa", "UKR",
                                  46.4775, 30.7326, "city")], events=events)


def protest_document() -> Document:
    text = ("Police in Nairobi fired tear gas at protesters marching against the finance bill. "
            "The protesters demanded that parliament withdraw the tax rises.")
    events = [
        _event(text, 0, "COERCE", "fired", [KEN_COP], [KEN_CVL], "2024-06-25", NAIROBI, "175"),
        _event(text, 1, "PROTEST", "marching", [KEN_CVL], [], "2024-06-25", NAIROBI, "141"),
    ]
    return Document(id="protest-nairobi", title="Tear gas in Nairobi", pub_date="2024-06-25",
                    text=text, source="protest.txt", events=events)


def sample_documents() -> list[Document]:
    return [talks_document(), drones_document(), protest_document()]


def write_store(path: Path, docs: list[Document]) -> Path:
    with Store(path) as store:
        for doc in docs:
            store.write(doc)
        store.write(Rejected("empty-one", "empty.txt", "extract", "E101", "empty document"))
    return path


def make_client(db: Path, coder: Coder, **config: object) -> TestClient:
    app = create_app(ServeConfig(db=db, hosts=HOSTS, **config), coder=coder)  # type: ignore[arg-type]
    return TestClient(app)


#: A stand-in for ``eventwire ingest``: opens the store as its writer, writes one document,
#: says so, and holds the store until its stdin closes.
WRITER = """
import json, sys
from eventwire.records import Document
from eventwire.store import Store
with Store(sys.argv[1]) as store:
    store.write(Document.from_dict(json.loads(sys.argv[2])))
    print("written", flush=True)
    sys.stdin.readline()
"""


class Writer:
    """A writer process holding ``db``; ``finish()`` lets it close the store and exit."""

    def __init__(self, db: Path) -> None:
        extra = drones_document()
        extra.id = "drones-again"
        self.proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(db), json.dumps(extra.to_dict())],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        assert line.strip() == "written", "the writer process failed"

    def finish(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        code = self.proc.wait(timeout=60)
        if self.proc.stdout is not None:
            self.proc.stdout.close()
        assert code == 0


@pytest.fixture(scope="session")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding the three sample documents and one rejection."""
    return write_store(tmp_path_factory.mktemp("web") / "events.duckdb", sample_documents())


@pytest.fixture(scope="session")
def extract_coder() -> Coder:
    """A coder over the extract stage only: enough to test the coding endpoints' plumbing."""
    return Coder(default_pipeline(until="extract"))


@pytest.fixture(scope="session")
def client(store_path: Path, extract_coder: Coder) -> Iterator[TestClient]:
    """A read-only app over the sample store."""
    with make_client(store_path, extract_coder) as c:
        yield c


@pytest.fixture
def fresh_store(tmp_path: Path) -> Path:
    """A new store of the sample documents, for a test that changes it."""
    return write_store(tmp_path / "fresh.duckdb", sample_documents())


@pytest.fixture(scope="session")
def client_for() -> Callable[..., TestClient]:
    """``client_for(db, coder, **config)``: a test client of an app over ``db``."""
    return make_client


@pytest.fixture(scope="session")
def ingest_process() -> type[Writer]:
    """``ingest_process(db)``: another process holding ``db`` as its writer (see Writer)."""
    return Writer


@pytest.fixture
def extra_document() -> Document:
    """A coded document that is not in the sample store."""
    return drones_document()


@pytest.fixture(scope="session")
def token() -> str:
    """The write token of the writable test apps."""
    return TOKEN
