"""Trying only the rules whose matches can begin with the text at a position finds exactly
the candidates that trying every rule finds."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.regex_prefix import prefixes
from eventwire.timex import _candidates
from eventwire.timex_grammar import Grammar, load_grammar


def _every_rule(text: str, grammar: Grammar) -> list[tuple[int, int, int]]:
    found = []
    for start in (s.start() for s in grammar.starts.finditer(text)):
        for rule in grammar.rules:
            m = rule.regex.match(text, start)
            if m and m.end() > start:
                found.append((start, start - m.end(), rule.priority))
    return sorted(found)


def _filtered(text: str, grammar: Grammar) -> list[tuple[int, int, int]]:
    return [c[:3] for c in _candidates(text, grammar)]


TEXTS = [
    "On Tuesday, 4 March 2024, ministers met; in the early 1990s and the '90s too.",
    "Q3 results for the third quarter of fiscal 2023 came on 2023-10-05 at 10:30 a.m.",
    "Late last year, next month, two weeks ago, nineteen ninety-six, the 21st century.",
    "Ša\u017ftern Monday and Ｔｕｅｓｄａｙ; \u0663\u0660 days.",
]
WORDS = ["Monday", "March", "2024", "4", "the", "early", "mid-", "1990s", "'90s", "last",
         "next", "year", "Q3", "quarter", "ago", "two", "weeks", "today", "\u017f", "\u0663",
         " ", ", ", "-", "of", "fiscal", "21st", "century", "at", "10:30", "tonight"]


@pytest.mark.parametrize("text", TEXTS)
def test_same_candidates_as_every_rule(text: str) -> None:
    grammar = load_grammar()
    assert _filtered(text, grammar) == _every_rule(text, grammar)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=25).map("".join))
def test_same_candidates_on_generated_text(text: str) -> None:
    grammar = load_grammar()
    assert _filtered(text, grammar) == _every_rule(text, grammar)


@pytest.mark.parametrize(("pattern", "found"), [
    (r"(?:the\s+)?(?P<m>jan|feb)", {"th", "ja", "fe"}),
    (r"\d{4}", {str(a) + str(b) for a in range(10) for b in range(10)}),
    (r"[A-C]x", {"ax", "bx", "cx"}),
    (r"(?<!\w)5(?!\d)", {"5"}),  # a one-character match is its own prefix
    (r"(?:ab){2,}", {"ab"}),
    (r"(?:a|one)\s+day", {"a ", "a\t", "a\n", "a\r", "a\x0b", "a\x0c", "a\x1c", "a\x1d",
                         "a\x1e", "a\x1f", "on"}),
    (r"(?:x)?\w+", None),  # \w: anything
    (r"(?:x)?", None),  # may match nothing
    (r"\u017fx", None),  # non-ASCII: matches "sx" case-insensitively
])
def test_prefixes(pattern: str, found: set[str] | None) -> None:
    got = prefixes(pattern, 2)
    assert (None if got is None else set(got)) == found


@settings(max_examples=300, deadline=None)
@given(st.from_regex(r"(?:the\s+)?(?:[0-3]?\d|mid-)?(?:jan|feb|[xy]{1,3})", fullmatch=True,
                     alphabet=st.characters(max_codepoint=127)))
def test_every_ascii_match_begins_with_a_prefix(text: str) -> None:
    pattern = r"(?:the\s+)?(?:[0-3]?\d|mid-)?(?:jan|feb|[xy]{1,3})"
    found = prefixes(pattern, 2)
    assert found is not None
    assert re.fullmatch(pattern, text, re.IGNORECASE)
    assert any(text.lower().startswith(s) for s in found)
