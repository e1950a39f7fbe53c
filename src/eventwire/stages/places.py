"""places stage (TEMPORARY pass-through; being written now)."""

from __future__ import annotations

from eventwire.pipeline import Stage
from eventwire.records import Document


class PlacesStage(Stage):
    name = "places"
    requires = ('entities', 'actors')
    assigns = ('places',)

    def __call__(self, doc: Document) -> Document:
        return doc
