"""``TextBase._token_range`` finds by bisection the tokens ``Doc.char_span(start, end,
alignment_mode="expand")`` would, for any character range."""

from __future__ import annotations

from eventwire.actorkb import get_kb
from eventwire.actorkb_text import TextBase
from eventwire.pipeline import Pipeline
from eventwire.records import Document

TEXT = ("NAIROBI (Wire) - Kenya's President  met  the U.N. envoy on Monday.\n\n"
        "\"We agreed,\" she said; talks resume in Geneva.  ")


def test_token_range_agrees_with_char_span_everywhere(nlp_pipeline: Pipeline) -> None:
    doc = nlp_pipeline.stages[0](Document(raw_text=TEXT))
    for stage in nlp_pipeline.stages[1:3]:  # up to the parse
        doc = stage(doc)
    base = TextBase(doc, get_kb(), None)
    n = len(doc.text)
    for start in range(-1, n + 2):
        for end in range(start, n + 2):
            span = doc.nlp.char_span(start, end, alignment_mode="expand") \
                if 0 <= start <= end <= n else None
            expected = (span.start, span.end) if span is not None else None
            assert base._token_range(start, end) == expected, (start, end)
