"""Property tests: any event survives the store, PLOVER JSONL and Parquet unchanged."""

from __future__ import annotations

import tempfile
from datetime import datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire.export import plover
from eventwire.export.tabular import read_parquet, write_parquet
from eventwire.records import PLOVER_EVENTS, Actor, Document, Event, EventPlace, Tone
from eventwire.store import Store
from eventwire.store.duck import StoredDocument

texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
codes = st.none() | st.sampled_from(["USA", "RUS", "IND", "UNO", "IGO", "KOS"])
thousandths = st.integers(-10_000, 10_000).map(lambda n: n / 1000)

actors = st.builds(Actor, entity_text=texts, name=texts, code=codes,
                   sector=st.none() | st.sampled_from(["GOV", "MIL", "CVL"]),
                   identifier_id=st.none() | st.from_regex(r"Q[1-9][0-9]{0,6}", fullmatch=True))
places = st.builds(EventPlace, extracted_place=texts, resolved_place=st.none() | texts,
                   geonameid=st.none() | st.integers(1, 2**40), lat=st.none() | st.floats(-90, 90),
                   lon=st.none() | st.floats(-180, 180), country_code=codes,
                   resolution=st.sampled_from(["country", "admin1", "city"]))
tones = st.builds(Tone, tone=thousandths, positive=thousandths, negative=thousandths,
                  polarity=thousandths, word_count=st.integers(0, 10_000))
dates = st.none() | st.sampled_from(["2023", "2023-03", "2023-03-02", "1999-12-31"])
events = st.builds(
    Event, id=st.uuids().map(str), event=st.sampled_from(PLOVER_EVENTS),
    actor=st.lists(actors, max_size=3), recipient=st.lists(actors, max_size=2),
    event_text=texts, start=st.integers(0, 10_000), end=st.integers(0, 10_000),
    sequence=st.integers(0, 500), mode=st.lists(st.sampled_from(["visit", "arrest", "x"]),
                                               max_size=2),
    context=st.lists(st.sampled_from(["military", "economic"]), max_size=2),
    date=dates, date_resolution=st.none() | st.sampled_from(["day", "month", "year"]),
    date_inherited=st.booleans(), event_loc=st.none() | places,
    aux=st.lists(st.sampled_from(["future", "negation"]), max_size=2),
    quad_code=st.none() | st.integers(1, 4),
    cameo=st.none() | st.from_regex(r"[01][0-9]{2,3}", fullmatch=True),
    confidence=st.integers(0, 1000).map(lambda n: n / 1000), tone=st.none() | tones,
    size=st.dictionaries(st.sampled_from(["dead", "injured", "arrested"]), st.integers(0, 999)),
)
documents = st.builds(Document, id=st.from_regex(r"[a-z0-9-]{1,12}", fullmatch=True),
                      title=st.none() | texts, url=st.none() | texts,
                      pub_date=st.none() | st.sampled_from(["2023-03-02", "2024-01-31"]),
                      text=texts, events=st.lists(events, max_size=4))

FAST = settings(max_examples=40, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _stored(doc: Document) -> StoredDocument:
    return StoredDocument(doc, "src.txt", datetime(2024, 1, 2, 3, 4, 5))


@FAST
@given(documents)
def test_store_round_trip(doc: Document) -> None:
    with Store(":memory:") as store:
        store.write(doc)
        assert store.reader().document(doc.id).document.to_dict() == doc.to_dict()
        assert store.reader().counts()["events"] == len(doc.events)


@FAST
@given(documents)
def test_plover_round_trip(doc: Document) -> None:
    stored = _stored(doc)
    back = [plover.from_record(plover.to_record(stored, ev)) for ev in doc.events]
    assert [(i, ev.to_dict()) for i, ev in back] == [(doc.id, ev.to_dict()) for ev in doc.events]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_parquet_round_trip(doc: Document) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "pq"
        write_parquet(((_stored(doc), ev) for ev in doc.events), out)
        back = read_parquet(out) if doc.events else []
    assert [(i, ev.to_dict()) for i, ev in back] == [(doc.id, ev.to_dict()) for ev in doc.events]
