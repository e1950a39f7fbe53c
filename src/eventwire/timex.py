"""A rule-based temporal tagger for news: find time expressions and give their TIMEX3 values.

:func:`tag` runs the patterns of ``resources/dates/patterns.tsv`` over a text, keeps the
longest leftmost matches and normalises each with the function for its kind
(``timex_rules``), anchored on the publication date and, for weekdays and bare months, on
the tense of the clause around the expression (a callable supplied by the caller).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date

from eventwire.records import DateExpr
from eventwire.timex_grammar import Grammar, Rule, load_grammar
from eventwire.timex_values import parse_date

#: Given a character offset, the tense of the clause there: "past", "present", "future",
#: "modal" or None.
TenseFn = Callable[[int], str | None]


@dataclass(frozen=True)
class Timex:
    """A normalised value: TIMEX3 ``value``, its ``resolution`` and TIMEX3 ``type``."""

    value: str
    resolution: str
    type: str = "DATE"


@dataclass
class Context:
    """What normalisers know: the anchor, the text, the tense and what came before."""

    anchor: date | None
    text: str
    grammar: Grammar
    tense: TenseFn
    start: int = 0
    last: tuple[date, str] | None = None  # last concrete date and its resolution
    last_quarter: tuple[int, int] | None = None  # (year, quarter) last mentioned
    last_resolution: str | None = None
    found: list[DateExpr] = field(default_factory=list)

    def direction(self) -> str | None:
        """The tense at the expression being normalised."""
        return self.tense(self.start)

    def word_before(self) -> str:
        """The word just before the expression being normalised, lower-cased."""
        words = self.text[max(0, self.start - 30) : self.start].split()
        return words[-1].lower().strip(",(\"'") if words else ""


def _no_tense(_offset: int) -> str | None:
    return None


Candidate = tuple[int, int, int, Rule, re.Match[str]]


def _candidates(text: str, grammar: Grammar) -> list[Candidate]:
    """Every match of every rule, leftmost first, then longest, then earliest rule."""
    found: list[Candidate] = []
    for start in (s.start() for s in grammar.starts.finditer(text)):
        for rule in grammar.rules_at(text, start):
            m = rule.regex.match(text, start)
            if m and m.end() > start:
                found.append((start, start - m.end(), rule.priority, rule, m))
    found.sort(key=lambda c: (c[0], c[1], c[2]))
    return found


def _select(text: str, ctx: Context) -> Iterator[tuple[int, int, Timex]]:
    """Longest leftmost matches that normalise; a failed match lets a shorter one try."""
    from eventwire.timex_rules import normalise

    taken_end = 0
    for start, neg_len, _prio, rule, match in _candidates(text, ctx.grammar):
        if start < taken_end:
            continue
        ctx.start = start
        value = normalise(rule.kind, match, ctx)
        if value is not None:
            taken_end = start - neg_len
            yield (*_trim(text, start, taken_end, rule.kind, ctx.grammar), value)


def _trim(text: str, start: int, end: int, kind: str, grammar: Grammar) -> tuple[int, int]:
    """TimeML extent: no determiner before a quarter ("its third quarter") or an adjective
    ("a year-earlier", "the third-quarter"), no possessive "'s"; "a year ago" stays whole."""
    words = text[start:end].split(maxsplit=1)
    if len(words) == 2 and (kind in ("quarter", "half") or "-" in words[1]):
        drop = grammar.lexicon["span_drop_leading"]
        adjective = words[0].lower() == "the" and re.search(r"-quarter|-half", words[1], re.I)
        if words[0].lower() in drop or adjective:
            start = end - len(words[1])
    if text[end - 2 : end] in ("'s", "\u2019s"):
        end -= 2
    return start, end


def tag(text: str, pub_date: str | None = None, tense: TenseFn | None = None) -> list[DateExpr]:
    """All time expressions in ``text``, with values anchored on ``pub_date`` (YYYY-MM-DD)."""
    ctx = Context(parse_date(pub_date), text, load_grammar(), tense or _no_tense)
    for start, end, timex in _select(text, ctx):
        expr = DateExpr(text[start:end], start, end, timex.value, timex.resolution, timex.type)
        ctx.found.append(expr)
    return ctx.found
