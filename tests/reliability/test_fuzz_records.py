"""Property tests of the record model and of the whole pipeline on odd texts: records round-trip
through JSON and the store unchanged, the validator catches offsets outside the text, and the
pipeline never crashes (E301) and never emits an offset outside its text."""

from __future__ import annotations

import json
import os
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire.pipeline import Pipeline
from eventwire.records import DATE_RESOLUTIONS, DateExpr, Document, Entity, Flag, Place, Rejected
from eventwire.schema import validation_errors
from eventwire.store import Store

EXAMPLES = int(os.environ.get("EVENTWIRE_FUZZ_EXAMPLES", "60"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])
#: The full pipeline is slower; it gets a quarter of the examples.
PIPELINE = settings(FUZZ, max_examples=max(10, EXAMPLES // 4))
CODE = re.compile(r"^E[1-9]\d\d$")
FLAG_KINDS = ("location_conflict", "speaker_conflict", "role_anachronism", "date_conflict",
              "number_conflict", "boilerplate")


@st.composite
def documents(draw: st.DrawFn) -> Document:
    """A document over a random text with spans that index it."""
    text = draw(st.text(min_size=1, max_size=300))

    def spans() -> st.SearchStrategy[tuple[int, int]]:
        return st.tuples(st.integers(0, len(text)), st.integers(0, len(text))).map(
            lambda p: (min(p), max(p)))

    ents = [Entity(text[a:b], draw(st.sampled_from(["PERSON", "GPE", "ORG"])), a, b)
            for a, b in draw(st.lists(spans(), max_size=4))]
    places = [Place(text[a:b], a, b, draw(st.none() | st.integers(1, 10**7)))
              for a, b in draw(st.lists(spans(), max_size=3))]
    dates = [DateExpr(text[a:b], a, b, "2024-05-07", draw(st.sampled_from(DATE_RESOLUTIONS)))
             for a, b in draw(st.lists(spans(), max_size=3))]
    flags = [Flag(draw(st.sampled_from(FLAG_KINDS)), draw(st.text(max_size=20)),
                  draw(st.lists(spans(), max_size=2))) for _ in range(draw(st.integers(0, 2)))]
    return Document(id=draw(st.text(min_size=1, max_size=12)), text=text,
                    title=draw(st.none() | st.text(max_size=20)), pub_date="2024-05-07",
                    entities=ents, places=places, dates=dates, flags=flags)


@FUZZ
@given(doc=documents())
def test_records_round_trip_through_json(doc: Document) -> None:
    data = doc.to_dict()
    assert validation_errors(data) == []
    back = Document.from_dict(json.loads(json.dumps(data)))
    assert back == doc
    assert back.to_dict() == data


@FUZZ
@given(doc=documents(), shift=st.integers(1, 50))
def test_validator_catches_offsets_outside_the_text(doc: Document, shift: int) -> None:
    doc.entities.append(Entity("x", "GPE", len(doc.text), len(doc.text) + shift))
    assert any("outside text" in e for e in validation_errors(doc.to_dict()))


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    return Store(tmp_path_factory.mktemp("fuzz") / "fuzz.duckdb")


@FUZZ
@given(doc=documents())
def test_records_round_trip_through_the_store(store: Store, doc: Document) -> None:
    store.write(doc)
    reader = store.reader()
    assert reader.document(doc.id).document.to_dict() == doc.to_dict()
    reader.close()


sentences = st.sampled_from([
    "The foreign minister of Chile met his Norwegian counterpart in Oslo on Tuesday.",
    "Police fired tear gas at protesters in the capital.", "He said: “We will not accept it.”",
    "Troops were sent to the border, officials said.", "On 3 March the talks ended.",
    "NATO urged Moscow to withdraw.", "(AP) —", "Share this:", "", "\u00a0", "1,200 people",
])
texts = st.one_of(st.lists(sentences, min_size=1, max_size=8).map(" ".join),
                  st.text(min_size=1, max_size=200),
                  st.lists(st.one_of(sentences, st.text(max_size=30)), max_size=6).map("\n".join))


@PIPELINE
@given(text=texts)
def test_pipeline_never_crashes_and_keeps_offsets_in_text(nlp_pipeline: Pipeline,
                                                          text: str) -> None:
    result = nlp_pipeline.run(Document(source="fuzz", raw_text=text, pub_date="2024-05-07"))
    if isinstance(result, Rejected):
        assert CODE.match(result.code) and result.code != "E301", result
        return
    assert validation_errors(result.to_dict()) == []

