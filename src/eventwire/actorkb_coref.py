"""Coreference for the actors stage: pronouns and nominals to earlier actors.

"he"/"she"/"his" go to the latest compatible person (same sentence first, unless a quote
or another clause's subject stands between); "the minister" to the latest person with that
kind of office; "the two leaders" to the two latest people (one Mention each, same span);
"the official"/"the person" to the latest anonymous official; "it"/"its"/"they" to the
country or organisation whose clause governs them ("Moscow said it would respond").
"""

from __future__ import annotations

from typing import Any

from eventwire.actorkb import TitleRule, norm
from eventwire.actorkb_text import (
    QUOTES,
    SUBJECT_DEPS,
    TextBase,
    nominal_heads,
    nominal_starts,
)
from eventwire.records import Actor, Mention

#: Offices of the office table: "the foreign minister" only fits a foreign minister.
TABLE_OFFICES = frozenset({"head_of_state", "head_of_government", "foreign_minister",
                           "defence_minister", "vice_president"})


class Coreference(TextBase):
    """The coreference pass (run last, over the mentions the other passes made)."""

    def _coref(self) -> None:
        names = sorted(self.mentions, key=lambda m: m.start)
        for i, key in enumerate(self._norm):
            if self.taken[i]:
                continue
            nominal = self._nominal_at(i)
            if nominal:
                j, refers = nominal
                self._resolve_nominal(i, j, refers, names)
            elif key in self.w["person_pronouns"]:
                actor = self._antecedent(self.sp[i], names)
                if actor is not None:
                    self._add(i, i + 1, actor, "pronoun")
            elif key in self.w["group_pronouns"]:
                actor = self._group_antecedent(self.sp[i])
                if actor is not None:
                    self._add(i, i + 1, actor, "pronoun")

    def _nominal_at(self, i: int) -> tuple[int, str] | None:
        first = self._norm[i].split(" ", 1)[0]
        if first and first not in nominal_heads():
            return None
        found = None  # the longest of two to five tokens, found shortest first
        for j in range(i + 2, min(i + 5, len(self.sp)) + 1):
            text = self._text(i, j)
            key = norm(text)
            refers = self.w["nominals"].get(key)
            if refers and self._edges_ok(i, j) and self._free(i, j) and not self._named_after(j):
                found = j, refers
            if text.isascii() and key and key not in nominal_starts():
                break  # no longer phrase either (see ``TextBase._match_at``)
        return found

    def _named_after(self, j: int) -> bool:
        """ "the minister Sergei Lavrov" / "the president of Russia" are not coreference."""
        return j < len(self._pos) and (self._pos[j] == "PROPN" or self._norm[j] == "of")

    def _resolve_nominal(self, i: int, j: int, refers: str, names: list[Mention]) -> None:
        before = [m for m in names if m.end <= self._starts[i]]
        if refers == "pair":
            sector = self._pair_sector(j - 1)
            people = _distinct([m.actor for m in reversed(before)
                                if m.actor.name in self.person_names
                                and sector in (None, m.actor.sector)])[:2]
            for actor in people if len(people) == 2 else []:
                self._add(i, j, actor, "nominal")  # one per person, same span
            return
        wanted = self._nominal_title(i, j)
        for m in reversed(before):
            if self._compatible(m, refers, wanted):
                self._add(i, j, m.actor, "nominal")
                return

    def _pair_sector(self, k: int) -> str | None:
        """ "the two ministers" are government people; "the two" and "both men" anyone."""
        word = self._norm[k]
        rule = self.kb.title(word.removesuffix("s")) or self.kb.agent(word)
        return rule.sector if rule and word not in ("two", "men", "women", "pair") else None

    def _nominal_title(self, i: int, j: int) -> TitleRule | None:
        return self.kb.title(self._text(i + 1, j)) if j > i + 1 else None

    def _compatible(self, m: Mention, refers: str, wanted: TitleRule | None) -> bool:
        if refers == "anonymous":  # "the official", "the person": an unnamed source
            return m.kind == "agent" and m.actor.sector == "GOV"
        if m.actor.name not in self.person_names:
            return False
        if wanted is None or wanted.office in (None, m.actor.office):
            return True
        # "the minister" fits a foreign minister; "the foreign minister" only fits one.
        return wanted.office not in TABLE_OFFICES and wanted.sector == m.actor.sector

    def _antecedent(self, tok: Any, names: list[Mention]) -> Actor | None:
        """The person a pronoun refers to: same sentence first (unless a quote or another
        subject stands between), else the latest subject of the nearest earlier sentence."""
        people = [m for m in names if m.actor.name in self.person_names and m.end <= tok.idx]
        same = [m for m in people if m.start >= tok.sent.start_char]
        if same and not any(self._blocked(tok, m) for m in same
                            if m.actor.name == same[-1].actor.name):
            return same[-1].actor
        earlier = [m for m in people if m.start < tok.sent.start_char]
        if not earlier:
            return None
        last_sent = self.sp.char_span(earlier[-1].start, earlier[-1].end,
                                      alignment_mode="expand")
        in_sent = [m for m in earlier if m.start >= last_sent.sent.start_char] if last_sent \
            else earlier[-1:]
        subjects = [m for m in in_sent if self._is_subject(m)]
        return (subjects or in_sent)[-1].actor

    def _group_antecedent(self, tok: Any) -> Actor | None:
        """The country or organisation "it"/"its"/"they" refers to. A subject pronoun needs
        a governing subject ("Moscow said it would respond"); a possessive takes the latest
        organisation or country of this or the previous sentence ("withdrew its troops")."""
        cands = [m for m in sorted(self.mentions, key=lambda m: m.start)
                 if m.end <= tok.idx and m.kind != "pronoun"
                 and m.actor.name not in self.person_names and m.actor.code]
        for m in reversed([m for m in cands if m.start >= tok.sent.start_char]):
            span = self.sp.char_span(m.start, m.end, alignment_mode="expand")
            if span is not None and span.root.dep_ in SUBJECT_DEPS \
                    and span.root.head in list(tok.ancestors):
                return m.actor
        if norm(tok.text) in ("its", "their"):
            floor = self._previous_sentence_start(tok)
            recent = [m for m in cands if m.start >= floor]
            return recent[-1].actor if recent else None
        return None

    def _previous_sentence_start(self, tok: Any) -> int:
        start = tok.sent.start
        return self.sp[start - 1].sent.start_char if start > 0 else 0

    def _blocked(self, tok: Any, cand: Mention) -> bool:
        """A subject pronoun does not refer to a subject of another clause in its sentence
        (Putin, "has shown no interest," he continued) unless that clause reports it
        ("Cameron said he would resign")."""
        if tok.dep_ not in SUBJECT_DEPS:
            return False
        if any(q in self.doc.text[cand.end: tok.idx] for q in QUOTES):
            return True
        span = self.sp.char_span(cand.start, cand.end, alignment_mode="expand")
        if span is None or span.root.dep_ not in SUBJECT_DEPS:
            return False
        return span.root.head not in list(tok.ancestors)

    def _is_subject(self, m: Mention) -> bool:
        span = self.sp.char_span(m.start, m.end, alignment_mode="expand")
        return span is not None and span.root.dep_ in SUBJECT_DEPS


def _distinct(actors: list[Actor]) -> list[Actor]:
    seen: dict[str, Actor] = {}
    for a in actors:
        seen.setdefault(a.name, a)
    return list(seen.values())

