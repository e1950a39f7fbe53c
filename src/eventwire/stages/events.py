"""events stage: code the political events of a document in PLOVER 2.0.

Triggers come from the event lexicon (``resources/events/lexicon.tsv``, extendable with
:meth:`eventwire.coding.lexicon.Lexicon.load`), actors and recipients from the dependency
parse and the actors stage's mentions, auxiliary modes from the trigger's clause (see
:mod:`eventwire.coding`). Location and date of each event come from the places and dates
stages' ``event_location`` and ``event_date``.
"""

from __future__ import annotations

from eventwire.coding.coder import Coded, code_document
from eventwire.coding.lexicon import Lexicon, default_lexicon
from eventwire.pipeline import Stage
from eventwire.records import Document, Event
from eventwire.stages.dates import event_date
from eventwire.stages.places import event_location


def to_event(doc: Document, coded: Coded, n: int, lexicon: Lexicon) -> Event | None:
    """The Event record of one coded act, or None when its code has no PLOVER type."""
    if coded.event is None:
        return None
    sent, tok = coded.sentence, coded.trigger
    start, end = sent.start_char, sent.end_char
    return Event(
        id=f"{doc.id}-{n}" if doc.id else str(n),
        event=coded.event,
        actor=coded.actors,
        recipient=coded.recipients,
        event_text=doc.text[start:end],  # the parsed text (Span.text joins the tokens again)
        start=start,
        end=end,
        sequence=coded.sequence,
        mode=coded.mode,
        context=coded.context,
        aux=coded.aux,
        quad_code=lexicon.quads.get(coded.event),
        cameo=coded.cameo,
        confidence=coded.confidence,
        trigger=(tok.idx, tok.idx + len(tok.text)),
    )


def place_and_date(doc: Document, event: Event) -> None:
    """Fill the event's location and date from the places and dates stages."""
    event.event_loc = event_location(doc, event)
    event.date, event.date_resolution, event.date_inherited = event_date(doc, event)


class EventsStage(Stage):
    """Fill ``doc.events`` with one PLOVER event per act described in the text."""

    name = "events"
    requires = ("actors", "places", "dates")
    assigns = ("events",)

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self.lexicon = lexicon or default_lexicon()

    def __call__(self, doc: Document) -> Document:
        events: list[Event] = []
        for coded in code_document(self.lexicon, doc):
            event = to_event(doc, coded, len(events), self.lexicon)
            if event is not None:
                place_and_date(doc, event)
                events.append(event)
        doc.events = events
        return doc
