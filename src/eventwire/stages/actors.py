"""actors stage (TEMPORARY pass-through; being written now)."""

from __future__ import annotations

from eventwire.pipeline import Stage
from eventwire.records import Document


class ActorsStage(Stage):
    name = "actors"
    requires = ('entities',)
    assigns = ('actors',)

    def __call__(self, doc: Document) -> Document:
        return doc
