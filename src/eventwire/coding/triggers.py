"""Find event triggers in a parsed sentence and keep one per act.

A trigger is a token whose lemma starts a lexicon pattern whose other words are found
around it. When one trigger governs another ("urged Moscow to stop the war", "summoned the
ambassador to lodge a protest", "pledged to send aid") they describe one act, coded by the
governor: the governed trigger is absorbed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from eventwire.coding.lexicon import Lexicon, Pattern

Token = Any  # spacy.tokens.Token; spaCy ships no type stubs

POS_CLASS = {"VERB": "V", "NOUN": "N", "PROPN": "N", "ADJ": "A"}
#: dependents that start another act: their words are not part of the trigger's phrase
CLAUSE_BOUNDARY = frozenset({"conj", "relcl", "parataxis", "advcl", "cc", "appos"})
#: dependency links through which a governing trigger absorbs a governed one
ABSORBING = frozenset(
    {"xcomp", "ccomp", "dobj", "pobj", "pcomp", "prep", "acomp", "oprd", "attr", "nsubj",
     "advcl", "acl", "compound", "npadvmod", "dative", "agent", "nsubjpass", "amod"}
)  # fmt: skip
#: subordinating words that make an adverbial clause a separate act
SEPARATE_MARKS = frozenset({"after", "before", "because", "since", "when", "while", "as", "until"})


#: pattern word for a compound actor ("X and Y") at that place
COMPOUND = "%"


@dataclass
class Match:
    """A trigger token with the pattern it matched."""

    token: Token
    pattern: Pattern
    absorbed_by: Match | None = None

    @property
    def top(self) -> Match:
        """The match that codes this act (itself unless absorbed)."""
        return self.absorbed_by.top if self.absorbed_by else self


def _lemma(token: Token) -> str:
    return str(token.lemma_).lower()


def phrase_after(token: Token) -> list[Token]:
    """Tokens after the trigger inside its own phrase (not in coordinated or other clauses)."""
    out: list[Token] = []
    for child in token.children:
        if child.i > token.i and child.dep_ not in CLAUSE_BOUNDARY:
            out.extend(child.subtree)
    return sorted(out, key=lambda t: t.i)


#: A token with its lemma and lower-case text, as patterns compare them.
Word = tuple[Token, str, str]


def _words(tokens: list[Token]) -> list[Word]:
    return [(t, _lemma(t), t.lower_) for t in tokens]


def _word_at(lexicon: Lexicon, word: str, tok: Word) -> bool:
    if word == COMPOUND:
        return tok[0].pos_ in ("PROPN", "NOUN") and any(c.dep_ == "conj" for c in tok[0].children)
    return lexicon.word_matches(word, tok[1], tok[2])


def _in_order(lexicon: Lexicon, words: tuple[str, ...], tokens: list[Word]) -> bool:
    i = 0
    for tok in tokens:
        if i < len(words) and _word_at(lexicon, words[i], tok):
            i += 1
    return i == len(words)


class _Around:
    """The words a trigger's patterns are checked against, each list read on first use (most
    triggers' patterns need one or none of them)."""

    def __init__(self, token: Token, sent: Any) -> None:
        self.token, self.sent = token, sent

    @cached_property
    def before(self) -> list[Word]:
        return _words(list(self.token.doc[self.sent.start : self.token.i]))

    @cached_property
    def after(self) -> list[Word]:
        return _words(phrase_after(self.token))

    @cached_property
    def window(self) -> list[Word]:
        return _words(_window_after(self.token, self.sent))


def _compound_ok(token: Token, trigger: str, sent: Any) -> bool:
    words = trigger.split(" ")[:-1]
    start = token.i - len(words)
    if start < sent.start:
        return False
    doc = token.doc
    return all(w in (_lemma(doc[start + k]), doc[start + k].lower_) for k, w in enumerate(words))


def _pattern_for(lexicon: Lexicon, token: Token, sent: Any, lemma: str) -> Pattern | None:
    """The pattern a token of the sentence ``sent`` (with its ``lemma``) triggers, if any."""
    pos = POS_CLASS.get(token.pos_)
    if pos is None:
        return None
    lower = token.lower_
    if (pos, lemma) not in lexicon.patterns and (pos, lower) not in lexicon.patterns and (
        (pos, lemma) not in lexicon.multiword
    ):
        return None
    options = [p for t in lexicon.multiword.get((pos, lemma), []) if _compound_ok(token, t, sent)
               for p in lexicon.candidates(pos, t)]  # fmt: skip
    # surface-form entries ("left", "called") come before the lemma's ("leave", "call")
    surface = lexicon.candidates(pos, lower) if lower != lemma else []
    options += sorted(surface + lexicon.candidates(pos, lemma), key=lambda p: -p.specificity)
    around = _Around(token, sent)
    for pattern in options:
        if pattern.before and not _in_order(lexicon, pattern.before, around.before):
            continue
        if not pattern.after or _in_order(lexicon, pattern.after, around.after):
            return pattern
        # a verb's phrase may be misparsed: its words up to the next coordinated verb
        if pos == "V" and around.after and _in_order(lexicon, pattern.after, around.window):
            return pattern
    return None


def _window_after(token: Token, sent: Any) -> list[Token]:
    """The words after a verb up to its next coordinated verb (or the end of its sentence
    ``sent``): a fallback for misparsed phrases ("called the withdrawal from the deal a
    'reckless action' and ...")."""
    stops = [c.i for c in token.children if c.dep_ == "cc" and c.i > token.i]
    end = min(stops) if stops else sent.end
    return [t for t in token.doc[token.i + 1 : end]]


def find_matches(lexicon: Lexicon, sent: Any, lemmas: list[str] | None = None,
                 tokens: list[Token] | None = None) -> list[Match]:  # fmt: skip
    """All trigger matches of a sentence, in token order, with absorption resolved
    (``lemmas`` and ``tokens``: the sentence's, when the caller has read them already)."""
    if tokens is None:
        tokens = list(sent)
    if lemmas is None:
        lemmas = [_lemma(t) for t in tokens]
    matches = [Match(t, p) for t, lemma in zip(tokens, lemmas, strict=True)
               if (p := _pattern_for(lexicon, t, sent, lemma)) is not None]  # fmt: skip
    by_index = {m.token.i: m for m in matches}
    light = lexicon.cue("light")
    for m in matches:  # "staged demonstrations to demand ...": the light verb stands for the noun
        head = m.token.head
        if m.pattern.pos == "N" and m.token.dep_ == "dobj" and head.lemma_.lower() in light:
            by_index.setdefault(head.i, m)
    speech = lexicon.cue("speech")
    for i in [i for i, m in by_index.items() if _lemma(m.token) in speech and m.token.i == i]:
        del by_index[i]  # a report does not absorb the act it reports ("X did Y, Z said")
    for m in matches:
        gov = _governor(m.token, by_index)
        m.absorbed_by = gov if gov is not m else None
    return matches


def _separate_clause(token: Token) -> bool:
    if token.dep_ in ("conj", "relcl", "parataxis"):
        return True
    marks = {_lemma(c) for c in token.children if c.dep_ == "mark"}
    return token.dep_ == "advcl" and bool(marks & SEPARATE_MARKS)


def _governor(token: Token, by_index: dict[int, Match]) -> Match | None:
    node = token
    while node.head.i != node.i:
        if node.dep_ == "conj" and node.head.i not in by_index and node.head.dep_ in ABSORBING:
            node = node.head  # "urged Russia to halt ... and withdraw": both are the request
            continue
        if _separate_clause(node) or node.dep_ not in ABSORBING:
            return None
        node = node.head
        if node.i in by_index:
            return by_index[node.i]
    return None


def acts(matches: list[Match]) -> Iterator[tuple[Match, list[Match]]]:
    """Each top-level match with the matches it absorbed."""
    for m in matches:
        if m.absorbed_by is None:
            yield m, [o for o in matches if o is not m and o.top is m]
