"""PLOVER auxiliary modes of an act: negation, hypothetical, future, historical.

Read from the clause of the trigger and the verbs that govern it: "did not meet" and "no
threats" are negated; "could carry out" and "if ... would" are hypothetical; "will visit
next week" is future; "last spoke in Geneva in January 2022" is historical. Dates of the
dates stage in the clause place the act before or after the publication date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from eventwire.coding.lexicon import Lexicon
from eventwire.records import Document

Token = Any

#: how far before publication a dated act counts as historical (a news cycle)
HISTORICAL_DAYS = 45
CHAIN_DEPS = frozenset({"xcomp", "ccomp", "advcl", "conj", "pcomp", "pobj", "prep", "dobj",
                        "acomp", "attr", "oprd", "relcl"})  # fmt: skip


@dataclass
class Aux:
    """The auxiliary modes of one act and the speech verb that reports it, if any."""

    modes: list[str]
    speech: Token | None
    conditional: bool = False  # "unless ...", "if ...": with a future act, an ultimatum


def _lemma(token: Token) -> str:
    return str(token.lemma_).lower()


def governors(token: Token) -> list[Token]:
    """The trigger and the chain of verbs above it up to its sentence root."""
    chain = [token]
    while chain[-1].dep_ in CHAIN_DEPS and chain[-1].head.i != chain[-1].i:
        chain.append(chain[-1].head)
    return chain


def _local(tokens: list[Token]) -> tuple[list[Token], list[Token]]:
    """Auxiliaries, negations, markers and adverbs attached to these tokens, and the words
    of their time phrases ("next week", "two years ago", "in the coming days")."""
    deps = {"aux", "auxpass", "neg", "det", "advmod", "mark", "npadvmod", "amod", "prep"}
    out = [c for t in tokens for c in t.children if c.dep_ in deps]
    deep = [g for c in out if c.dep_ == "npadvmod" for g in c.subtree]
    objs = [o for c in out if c.dep_ == "prep" for o in c.children if o.dep_ == "pobj"]
    deep += [m for o in objs for m in o.children if m.dep_ in ("amod", "det", "advmod")]
    return [c for c in out if c.dep_ not in ("prep", "npadvmod")], deep


def _words(tokens: list[Token]) -> set[str]:
    return {_lemma(t) for t in tokens} | {t.lower_ for t in tokens}


def _has_condition(clause: list[Token]) -> bool:
    """Whether an "if"/"unless" clause hangs on the act's clause."""
    return any(
        m.dep_ == "mark" and m.lower_ in ("if", "unless")
        for t in clause for c in t.children if c.dep_ == "advcl" for m in c.children
    )  # fmt: skip


def _speech(lexicon: Lexicon, chain: list[Token]) -> Token | None:
    for node in chain[1:]:
        if _lemma(node) in lexicon.cue("speech"):
            return node
    return None


def _past_tense(clause: list[Token]) -> bool:
    return any(t.tag_ in ("VBD", "VBN") for t in clause if t.pos_ in ("VERB", "AUX"))


def _parse_date(value: str) -> dt.date | None:
    parts = value.split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 1
        day = int(parts[2][:2]) if len(parts) > 2 and parts[2][:2].isdigit() else 1
        return dt.date(year, month, day)
    except (ValueError, IndexError):
        return None


def _time_spans(clause: list[Token]) -> list[tuple[int, int]]:
    """Character spans of the clause's own time phrases (no subordinate clauses in them)."""
    spans = []
    for tok in clause:
        for child in tok.children:
            if child.dep_ not in ("prep", "npadvmod"):
                continue
            sub = list(child.subtree)
            if not any(t.pos_ == "VERB" for t in sub):
                spans.append((sub[0].idx, sub[-1].idx + len(sub[-1].text)))
    return spans


def _date_modes(doc: Document, clause: list[Token]) -> set[str]:
    pub = _parse_date(doc.pub_date or "")
    if pub is None or not clause or not doc.dates:
        return set()
    spans = _time_spans(clause)
    modes: set[str] = set()
    for d in doc.dates:
        inside = any(s <= d.start and d.end <= e for s, e in spans)
        when = _parse_date(d.value) if inside else None
        if when is not None and (pub - when).days > HISTORICAL_DAYS:
            modes.add("historical")
        elif when is not None and when > pub and not _past_tense(clause):
            modes.add("future")  # a past-tense verb wins over a weekday read as coming
    return modes


def _word_modes(lexicon: Lexicon, clause: list[Token], words: set[str]) -> set[str]:
    modes = {k for k in ("negation", "hypothetical", "future", "historical")
             if words & lexicon.cue(k)}  # fmt: skip
    above = {_lemma(t) for t in clause[1:]}
    if above & lexicon.cue("negation_gov"):
        modes.add("negation")
    if above & lexicon.cue("future_gov") or "going" in words:
        modes.add("future")
    return modes


def aux_modes(lexicon: Lexicon, doc: Document, trigger: Token, anchor: Token | None) -> Aux:
    """The auxiliary modes of the act triggered at ``trigger``."""
    chain = governors(anchor if anchor is not None else trigger)
    if anchor is not None and anchor.i != trigger.i:
        chain = [trigger, *chain]
    speech = _speech(lexicon, chain)
    clause = chain[: chain.index(speech)] if speech is not None else chain
    direct, deep = _local(clause)
    words, time_words = _words(direct), _words(deep)
    # time phrases only place the act in time: "her possible role" is no conjecture
    timed = {k for k in ("future", "historical") if time_words & lexicon.cue(k)}
    modes = _word_modes(lexicon, clause, words) | timed | _date_modes(doc, clause)
    conditional = bool(words & {"if", "unless"}) or _has_condition(clause)
    if speech is not None and "hypothetical" in modes and not conditional and words & {"would"}:
        # "X said it would ..." reports an intention (future), not a conjecture
        modes = (modes - {"hypothetical"}) | {"future"}
    if "historical" in modes and "future" in modes:
        modes.discard("future")
    return Aux([m for m in ("historical", "future", "hypothetical", "negation") if m in modes],
               speech, conditional)  # fmt: skip
