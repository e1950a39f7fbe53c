"""Fixtures of the reliability tests: small hand-written coded documents and stores of them.

Texts are our own; spans are computed from them, so the records are valid by construction.
"""

from __future__ import annotations

from collections.abc import Callable
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
