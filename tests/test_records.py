"""Document records: to_dict/from_dict round-trips and the JSON Schema of the contract."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from eventwire.records import (
    PLOVER_EVENTS,
    Actor,
    DateExpr,
    Document,
    Entity,
    Event,
    EventPlace,
    Flag,
    Place,
    Quote,
)
from eventwire.schema import validation_errors

codes = st.sampled_from(["USA", "RUS", "IND", "IGO", "UNO", None])
actors = st.builds(
    Actor,
    entity_text=st.text(min_size=1, max_size=20),
    name=st.text(min_size=1, max_size=20),
    code=codes,
    sector=st.sampled_from(["GOV", "MIL", "CVL", None]),
    identifier_id=st.sampled_from([None, "Q1", "Q42"]),
)


@st.composite
def documents(draw: st.DrawFn) -> Document:
    text = draw(st.text(min_size=1, max_size=200))
    n = len(text)

    def span() -> tuple[int, int]:
        a = draw(st.integers(0, n))
        return a, draw(st.integers(a, n))

    doc = Document(id=draw(st.text(min_size=1, max_size=10)), text=text,
                   pub_date=draw(st.sampled_from([None, "2023-03-02"])))
    for _ in range(draw(st.integers(0, 3))):
        a, b = span()
        doc.entities.append(Entity(text[a:b], "PERSON", a, b, draw(st.none() | actors)))
        doc.places.append(Place(text[a:b], a, b, 1261481, "New Delhi", "IND", 28.6, 77.2, "city"))
        doc.dates.append(DateExpr(text[a:b], a, b, "2023-03-02", "day"))
        doc.quotes.append(Quote(text[a:b], a, b, draw(st.none() | actors), "say"))
        doc.flags.append(Flag("location_conflict", "m", [(a, b)]))
        doc.events.append(Event(
            id=f"e{a}", event=draw(st.sampled_from(PLOVER_EVENTS)),
            actor=draw(st.lists(actors, max_size=2)), recipient=draw(st.lists(actors, max_size=2)),
            event_text=text[a:b], start=a, end=b, sequence=0, date="2023-03",
            date_resolution="month", aux=["future"], quad_code=1, cameo="040", confidence=0.5,
            event_loc=EventPlace("Delhi", "New Delhi", 1261481, 28.6, 77.2, "IND", "city"),
        ))
    return doc


@given(documents())
def test_round_trip_keeps_everything(doc: Document) -> None:
    d = doc.to_dict()
    assert Document.from_dict(d).to_dict() == d


@given(documents())
def test_well_formed_documents_validate(doc: Document) -> None:
    assert validation_errors(doc.to_dict()) == []


def test_validation_catches_offsets_outside_text() -> None:
    doc = Document(id="x", text="short")
    doc.entities.append(Entity("nope", "PERSON", 2, 40))
    errors = validation_errors(doc.to_dict())
    assert any("outside text" in e for e in errors)


def test_validation_catches_wrong_event_type() -> None:
    doc = Document(id="x", text="Talks.")
    doc.events.append(Event("e", "MEET", [], [], "Talks.", 0, 6, 0))
    assert any("MEET" in e for e in validation_errors(doc.to_dict()))
