"""checks stage: the article's knowledge record and its self-contradictions.

Fills ``doc.amounts`` (numbers with what they count), ``doc.tone`` and ``doc.contexts``
(PLOVER contexts), each event's tone, contexts and size (dead, injured, arrested), and
``doc.flags`` with the stable kinds listed in :mod:`eventwire.checks`.
"""

from __future__ import annotations

from typing import Any

from eventwire.amounts import event_sizes, find_amounts
from eventwire.checks import run_checks
from eventwire.pipeline import Stage
from eventwire.records import Document
from eventwire.tone import document_contexts, sentence_contexts, text_tone


def annotate_events(doc: Document) -> None:
    """Tone, PLOVER contexts and size of each event, from its sentence."""
    for ev in doc.events:
        ev.tone = text_tone(ev.event_text)
        ev.context = list(dict.fromkeys([*ev.context, *sentence_contexts(ev.event_text)]))
        ev.size = {**event_sizes(doc, ev), **ev.size}


class ChecksStage(Stage):
    """Amounts, tone and contexts, then the flags."""

    name = "checks"
    requires = ("events", "quotes", "places", "dates")
    assigns = ("flags", "amounts", "tone", "contexts")

    def __init__(self, kb: Any = None) -> None:
        self.kb = kb  # an eventwire.actorkb.ActorKB; the process-wide one when None

    def __call__(self, doc: Document) -> Document:
        doc.amounts = find_amounts(doc)
        doc.tone = text_tone(doc.text)
        doc.contexts = document_contexts(doc.text)
        annotate_events(doc)
        doc.flags = run_checks(doc, self.kb)
        return doc
