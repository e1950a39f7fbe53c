"""quotes stage (TEMPORARY pass-through; being written now)."""

from __future__ import annotations

from eventwire.pipeline import Stage
from eventwire.records import Document


class QuotesStage(Stage):
    name = "quotes"
    requires = ('actors',)
    assigns = ('quotes',)

    def __call__(self, doc: Document) -> Document:
        return doc
