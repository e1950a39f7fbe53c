"""entities stage: named-entity spans over the clean text.

spaCy's entities, tidied: a leading "the" is kept out of the span, possessive "'s" is
dropped, and entity types that carry no actor or place (numbers, money) are left to the
amounts logic elsewhere.
"""

from __future__ import annotations

from eventwire.pipeline import Stage
from eventwire.records import Document, Entity

#: spaCy labels kept as entities.
KEEP_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "LAW"})


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    span = text[start:end]
    for prefix in ("the ", "The "):
        if span.startswith(prefix) and end - start > len(prefix):
            start += len(prefix)
            span = text[start:end]
    for suffix in ("'s", "\u2019s", "'", "\u2019"):
        if span.endswith(suffix) and end - start > len(suffix):
            end -= len(suffix)
            break
    return start, end


class EntitiesStage(Stage):
    name = "entities"
    requires = ("nlp",)
    assigns = ("entities",)

    def __call__(self, doc: Document) -> Document:
        ents: list[Entity] = []
        for ent in doc.nlp.ents:
            if ent.label_ not in KEEP_LABELS:
                continue
            start, end = _trim(doc.text, ent.start_char, ent.end_char)
            if start >= end:
                continue
            ents.append(Entity(doc.text[start:end], ent.label_, start, end))
        doc.entities = ents
        return doc
