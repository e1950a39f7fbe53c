"""checks stage (TEMPORARY pass-through; being written now)."""

from __future__ import annotations

from eventwire.pipeline import Stage
from eventwire.records import Document


class ChecksStage(Stage):
    name = "checks"
    requires = ('events', 'quotes', 'places', 'dates')
    assigns = ('flags',)

    def __call__(self, doc: Document) -> Document:
        return doc
