"""What the checks share: word lists, sentence lookup, dates and actor comparison."""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, lru_cache
from importlib import resources
from typing import Any

from eventwire.records import Actor, Document, Place
from eventwire.stages.quotes import lexicon
from eventwire.timex_values import parse_date as parse_day

Span = tuple[int, int]


def resource_text(name: str) -> str:
    """The text of ``resources/checks/<name>``."""
    return resources.files("eventwire").joinpath("resources", "checks", name).read_text("utf-8")


@lru_cache(maxsize=16)
def word_list(name: str) -> frozenset[str]:
    """The non-comment lines of a word list in ``resources/checks``."""
    lines = (ln.strip() for ln in resource_text(name).splitlines())
    return frozenset(ln for ln in lines if ln and not ln.startswith("#"))


@lru_cache(maxsize=16)
def word_table(name: str) -> dict[str, str]:
    """A two-column TSV of ``resources/checks`` as a dict (comments skipped)."""
    rows = (ln.split("\t") for ln in resource_text(name).splitlines())
    return {r[0].strip(): r[1].strip() for r in rows if len(r) >= 2 and not r[0].startswith("#")}


@dataclass
class CheckContext:
    """One document under check, with lazily built lookups the checks share."""

    doc: Document
    kb: Any = None  # eventwire.actorkb.ActorKB, loaded on first use
    _kb_loaded: bool = field(default=False, repr=False)
    #: the gathering mentions by gathering (``checks.gatherings.grouped``), once read
    gatherings: dict[str, list[Any]] | None = field(default=None, repr=False)

    @cached_property
    def sentences(self) -> list[Span]:
        """(start, end) of each sentence, from the parse or, lacking one, punctuation."""
        if self.doc.nlp is not None:
            return [(s.start_char, s.end_char) for s in self.doc.nlp.sents]
        return [m.span() for m in re.finditer(r"[^.!?\n]+[.!?]*", self.doc.text)]

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [s for s, _ in self.sentences]

    @cached_property
    def lemmas(self) -> list[str]:
        """The lower-case lemma of each token of the parse."""
        return [t.lemma_.lower() for t in self.doc.nlp] if self.doc.nlp is not None else []

    @cached_property
    def token_starts(self) -> list[int]:
        """The character offset of each token of the parse."""
        return [t.idx for t in self.doc.nlp] if self.doc.nlp is not None else []

    def sentence_at(self, i: int) -> Span:
        """The sentence holding character ``i``."""
        k = max(bisect_right(self._sentence_starts, i) - 1, 0)
        return self.sentences[k] if self.sentences else (0, len(self.doc.text))

    def sentence_index(self, i: int) -> int:
        return max(bisect_right(self._sentence_starts, i) - 1, 0)

    @property
    def pub_day(self) -> date | None:
        return parse_day(self.doc.pub_date)

    def actorkb(self) -> Any:
        """The actor knowledge base (office holders), or None when it is unavailable."""
        if self.kb is None and not self._kb_loaded:
            self._kb_loaded = True
            try:
                from eventwire.actorkb import get_kb
            except ImportError:  # the actors engineer's module not installed: no role checks
                return None
            self.kb = get_kb()
        return self.kb

    def place_at(self, start: int, end: int) -> Place | None:
        """The resolved place overlapping [start, end), if the places stage found one."""
        return next((p for p in self.doc.places if p.start < end and start < p.end), None)

    def dates_in(self, start: int, end: int) -> list[Any]:
        """Date expressions (DATE/TIME, not durations) inside [start, end)."""
        return [d for d in self.doc.dates
                if start <= d.start and d.end <= end and d.timex_type in ("DATE", "TIME")]


def surname(name: str) -> str:
    return name.replace(".", " ").split()[-1].lower() if name.strip() else ""


def same_actor(a: Actor | None, b: Actor | None) -> bool:
    """Whether two actors are the same one (by identifier, name, or shared last name)."""
    if a is None or b is None:
        return True  # unknown is never a conflict
    if a.identifier_id and a.identifier_id == b.identifier_id:
        return True
    names_a = {a.name.lower(), a.entity_text.lower()}
    names_b = {b.name.lower(), b.entity_text.lower()}
    if names_a & names_b:
        return True
    return bool({surname(n) for n in names_a} & {surname(n) for n in names_b})


def km_between(a: Place, b: Place) -> float | None:
    """Great-circle distance in km, when both places have coordinates."""
    if None in (a.lat, a.lon, b.lat, b.lon):
        return None
    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))  # type: ignore[arg-type]
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin(
        (lo2 - lo1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(h))


#: Two city-level places closer than this are one place (New Delhi and Delhi).
SAME_PLACE_KM = 60.0
LOCAL_FEATURES = frozenset({"city", "landmark", None})


def _plain(name: str | None) -> str:
    return re.sub(r"^(new|greater|old)\s+", "", (name or "").lower()).strip()


def different_places(a: Place, b: Place) -> bool:
    """Whether two places cannot both be where one gathering happened."""
    if a.feature not in LOCAL_FEATURES or b.feature not in LOCAL_FEATURES:
        return False  # a country or region contains cities: no contradiction
    if a.geonameid is not None and a.geonameid == b.geonameid:
        return False
    km = km_between(a, b)
    if km is not None:
        return km > SAME_PLACE_KM
    return _plain(a.name or a.text) != _plain(b.name or b.text)


def token_at(nlp: Any, i: int) -> Any:
    """The token of a parse holding character ``i``."""
    span = nlp.char_span(i, i + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else nlp[0]


def event_dates(ctx: CheckContext, sent: Span) -> list[Any]:
    """Dates of a sentence's events: "the UN said on Sunday" dates the report, not them."""
    verbs = lexicon().verbs
    out = []
    for d in ctx.dates_in(*sent):
        head = token_at(ctx.doc.nlp, d.start).head if ctx.doc.nlp is not None else None
        while head is not None and head.pos_ == "ADP" and head.head.i != head.i:
            head = head.head
        if head is None or head.lemma_.lower() not in verbs:
            out.append(d)
    return out
