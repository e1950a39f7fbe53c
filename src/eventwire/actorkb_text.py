"""Per-document state and text helpers shared by the actors stage's passes.

:class:`TextBase` holds what one document's resolution builds up (token claims, mentions,
people seen, dictionary matches) and the small helpers every pass uses: token spans, the
longest dictionary match at a token, and the closed word classes of ``words.json``.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date
from functools import cached_property, lru_cache
from importlib import resources
from typing import Any

from eventwire.actorkb import ActorKB, KBEntry, TitleRule, key_starts, norm, word_heads
from eventwire.records import Actor, Document, Mention, RoleMismatch

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
QUOTES = frozenset({'"', "\u201c", "\u201d", "\u00ab", "\u00bb", "''", "``"})
Match = tuple[int, int, KBEntry]


@lru_cache(maxsize=1)
def words() -> dict[str, Any]:
    """Closed word classes (honorifics, locative prepositions, pronouns, nominals)."""
    path = resources.files("eventwire") / "resources" / "actors" / "words.json"
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return {k: (set(v) if isinstance(v, list) else v) for k, v in data.items()}


@lru_cache(maxsize=1)
def nominal_heads() -> frozenset[str]:
    """The words a nominal phrase ("the minister", "both men") can begin with, and prefixes."""
    return word_heads(words()["nominals"])


@lru_cache(maxsize=1)
def nominal_starts() -> frozenset[str]:
    """Every prefix of every nominal phrase: a scan that lengthens a span stops once no
    phrase begins with the span's key."""
    return key_starts(words()["nominals"])


@dataclass
class Role:
    """What the text around a name says: country, title, and whether it is a past role."""

    country: str | None = None
    title: TitleRule | None = None
    start: int | None = None  # token index where the title/country prefix starts
    past: bool = False


class TextBase:
    """One document's resolution state: token claims, people seen, mentions made."""

    def __init__(self, doc: Document, kb: ActorKB, day: date | None) -> None:
        self.doc, self.kb, self.day, self.sp = doc, kb, day, doc.nlp
        self.taken = [False] * len(self.sp)
        self.mentions: list[Mention] = []
        self.people: dict[str, Actor] = {}
        self.person_names: set[str] = set()
        self.mismatches: list[RoleMismatch] = []
        self._matches: list[tuple[int, int, KBEntry]] = []
        self.gpe_names = {norm(e.text) for e in doc.entities if e.label == "GPE"}
        self.person_words = {norm(w) for e in doc.entities if e.label == "PERSON"
                             and " " in e.text.strip() for w in e.text.split()}
        self.deferred: list[tuple[int, int]] = []  # definite agents awaiting coreference
        self.w = words()
        # Token attributes read once, in one pass: the passes below ask for them ~100 times a
        # token, and every ``self.sp[i]`` builds a new spaCy Token object.
        self._starts: list[int] = []
        self._words: list[str] = []  # token texts
        self._pos: list[str] = []
        self._edge: list[bool] = []  # punctuation or white space
        for t in self.sp:
            self._starts.append(t.idx)
            self._words.append(t.text)
            self._pos.append(t.pos_)
            self._edge.append(t.is_punct or t.is_space)
        self._ends = [i + len(w) for i, w in zip(self._starts, self._words, strict=True)]
        self._norm = [norm(w) for w in self._words]

    @cached_property
    def _sent_starts(self) -> list[int]:
        """The first token of each token's sentence (``self.sp[i].sent.start``)."""
        out: list[int] = []
        for sent in self.sp.sents:
            out += [sent.start] * (sent.end - sent.start)
        return out

    @cached_property
    def _ents(self) -> tuple[Any, ...]:
        """The named entities (``self.sp.ents`` builds new spans on every read)."""
        return tuple(self.sp.ents)

    # --- helpers --------------------------------------------------------------------------
    def _text(self, i: int, j: int) -> str:
        """Text of tokens [i, j)."""
        return self.doc.text[self._starts[i]: self._ends[j - 1]]

    def _add(self, i: int, j: int, actor: Actor, kind: str) -> None:
        """Record a mention over tokens [i, j) (trimmed of white space and punctuation)."""
        while i < j - 1 and self._edge[i]:
            i += 1
        while j - 1 > i and self._edge[j - 1]:
            j -= 1
        self.mentions.append(Mention(self._starts[i], self._ends[j - 1], actor, kind))
        for k in range(i, j):
            self.taken[k] = True

    def _token_range(self, start: int, end: int) -> tuple[int, int] | None:
        """The tokens [i, j) of ``self.sp.char_span(start, end, alignment_mode="expand")``,
        found in the token offsets (``char_span`` costs as much as a dozen token reads)."""
        # Tokens and their trailing spaces tile the text: a character is in the last token
        # that starts at or before it.
        i = bisect_right(self._starts, start) - 1 if 0 <= start < len(self.doc.text) else -1
        k = bisect_right(self._starts, end - 1) - 1 if 0 <= end - 1 < len(self.doc.text) else -1
        if i < 0 or k < 0:
            return None
        if start == self._ends[i]:  # the trailing space is not part of the token
            i += 1
        if i > k + 1:  # no span at all: let spaCy say so
            span = self.sp.char_span(start, end, alignment_mode="expand")
            return (span.start, span.end) if span is not None else None
        return i, k + 1

    def _free(self, i: int, j: int) -> bool:
        return not any(self.taken[i:j])

    # --- dictionary scan --------------------------------------------------------------------
    def _dictionary_matches(self) -> list[tuple[int, int, KBEntry]]:
        """Longest KB alias matches over the tokens, left to right, without overlaps."""
        out: list[tuple[int, int, KBEntry]] = []
        i, n = 0, len(self.sp)
        while i < n:
            found = self._match_at(i)
            if found:
                out.append(found)
                i = found[1]
            else:
                i += 1
        return out

    def _edges_ok(self, i: int, j: int) -> bool:
        """A span neither starts nor ends on punctuation or white space."""
        return not (self._edge[i] or self._edge[j - 1])

    def _match_at(self, i: int) -> tuple[int, int, KBEntry] | None:
        first = self._words[i]
        hyphened = i + 1 < len(self._words) and self._words[i + 1] == "-"  # "al-Qaeda"
        if not (first[:1].isupper() or first[:1].isdigit() or first == "the" or hyphened):
            return None  # names start with a capital (or "the": "the Shire" in a dictionary)
        longest = i + self.kb.max_alias_words if self.kb.may_start_name(self._norm[i]) else i
        # Shortest span first, and no longer once no alias key begins with the span's key (in
        # ASCII, the key of a span begins with the key of any shorter span at the same token).
        found: tuple[int, int, KBEntry] | None = None
        for j in range(i + 1, min(len(self.sp), longest) + 1):
            text = self._text(i, j)
            if self._edges_ok(i, j) and not (first == "the" and j - i == 1):
                entries = self.kb.find(text, exact_case=text)
                if entries:
                    found = i, j, entries[0]
            if text.isascii() and not self.kb.may_begin_alias(norm(text)):
                break
        if found:
            return found
        code = self._misspelt(i)
        entry = self.kb.country_entry(code) if code else None
        return (i, i + 1, entry) if entry is not None else None

    def _misspelt(self, i: int) -> str | None:
        """The country a misspelt country name or demonym at token i stands for ("Ethopia"),
        unless the word is part of a person's full name."""
        text = self._words[i]
        if self._pos[i] not in ("PROPN", "ADJ", "NOUN") or not text[:1].isupper() \
                or self._norm[i] in self.person_words:
            return None
        return self.kb.misspelt_country(text)
