"""events stage (TEMPORARY pass-through; being written now)."""

from __future__ import annotations

from eventwire.pipeline import Stage
from eventwire.records import Document


class EventsStage(Stage):
    name = "events"
    requires = ('actors', 'places', 'dates')
    assigns = ('events',)

    def __call__(self, doc: Document) -> Document:
        return doc
