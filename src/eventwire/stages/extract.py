"""extract stage (TEMPORARY pass-through; being written now)."""

from __future__ import annotations

from eventwire.pipeline import Stage
from eventwire.records import Document


class ExtractStage(Stage):
    name = "extract"
    requires = ('raw',)
    assigns = ('text', 'title', 'pub_date')

    def __call__(self, doc: Document) -> Document:
        doc.text = (doc.raw_text or '').strip()
        return doc
