"""The fast path of ``context_hits`` (skip a context whose stems no word can start) counts
exactly what running every context's regex counts."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.tone import context_hits, context_patterns

TEXTS = [
    "An anti-NATO rally drew thousands; MI6 and the CIA declined to comment.",
    "Lawmakers passed the bill after a vote of confidence in parliament.",
    "The pro-democracy movement demanded free and fair elections.",
    "Markets fell as inflation rose and tariffs on exports bit.",
    "",
    "Nothing here signals anything at all.",
]


def _every_regex(text: str) -> dict[str, int]:
    hits = {name: len(p.findall(text)) for name, p in context_patterns().items()}
    return {k: v for k, v in hits.items() if v}


@pytest.mark.parametrize("text", TEXTS)
def test_same_counts_as_every_regex(text: str) -> None:
    assert context_hits(text) == _every_regex(text)


def test_a_stem_after_a_hyphen_still_counts() -> None:
    assert context_hits("an anti-NATO protest")["military"] == 1


WORDS = ["troops", "NATO", "anti-", "court", "vote", "MI6", "election", "coup", "trade", " ",
         ", ", "-", "'s", "x", "Parliament", "ceasefire", "protest", "9", "é"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=30).map("".join))
def test_same_counts_on_generated_text(text: str) -> None:
    assert context_hits(text) == _every_regex(text)
