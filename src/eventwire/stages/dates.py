"""dates stage (TEMPORARY pass-through; being written now)."""

from __future__ import annotations

from eventwire.pipeline import Stage
from eventwire.records import Document


class DatesStage(Stage):
    name = "dates"
    requires = ('nlp',)
    assigns = ('dates',)

    def __call__(self, doc: Document) -> Document:
        return doc
