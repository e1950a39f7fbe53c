"""Tone and PLOVER contexts of a text, from word lists the project writes.

Tone follows GDELT's GKG definition: the percentages of words that are positive and
negative, their difference (``tone``) and sum (``polarity``). A negator ("not", "no",
"never") up to two words before a tone word flips it. Contexts are PLOVER 2.0's 35 general
contexts, signalled by word stems (``resources/checks/contexts.tsv``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from eventwire.checks.common import resource_text, word_table
from eventwire.records import Tone

WORD_RE = re.compile(r"[a-z][a-z'\u2019-]*")
_RUN = re.compile(r"\w+")  # what a stem pattern's leading \b sees as a word
NEGATORS = frozenset({"not", "no", "never", "without", "nor", "n't", "cannot"})
SUFFIXES = ("ing", "ed", "es", "s", "d")
#: A document takes a context signalled at least this many times.
DOC_CONTEXT_HITS = 2
MAX_DOC_CONTEXTS = 6


@lru_cache(maxsize=1)
def lexicon() -> dict[str, int]:
    """Tone words and their polarity (+1/-1)."""
    return {w: int(v) for w, v in word_table("tone.tsv").items()}


def _polarity(word: str, lex: dict[str, int]) -> int:
    if word in lex:
        return lex[word]
    for suffix in SUFFIXES:  # a cheap stemmer: "condemned" -> "condemn"
        if word.endswith(suffix) and word[: -len(suffix)] in lex:
            return lex[word[: -len(suffix)]]
    return 0


@lru_cache(maxsize=1 << 14)  # news repeats its words
def _word_polarity(word: str) -> int:
    return _polarity(word, lexicon())


def text_tone(text: str) -> Tone:
    """The tone of ``text``."""
    words = WORD_RE.findall(text.lower())
    pos = neg = 0
    for i, word in enumerate(words):
        score = _word_polarity(word)
        if score and any(w in NEGATORS or w.endswith("n't") for w in words[max(i - 2, 0) : i]):
            score = -score
        pos += score > 0
        neg += score < 0
    n = len(words)
    if n == 0:
        return Tone()
    p, q = 100.0 * pos / n, 100.0 * neg / n
    return Tone(tone=p - q, positive=p, negative=q, polarity=p + q, word_count=n)


def _stem_pattern(stem: str) -> str:
    # Very short stems ("mp", "cia") must be whole words; longer ones match word starts.
    return rf"\b{re.escape(stem)}\b" if len(stem) <= 3 else rf"\b{re.escape(stem)}"


@lru_cache(maxsize=1)
def context_patterns() -> dict[str, re.Pattern[str]]:
    """One regex per PLOVER context."""
    out: dict[str, re.Pattern[str]] = {}
    for line in resource_text("contexts.tsv").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, stems = line.split("\t", 1)
        alts = "|".join(_stem_pattern(s.strip()) for s in stems.split(",") if s.strip())
        out[name.strip()] = re.compile(alts, re.IGNORECASE)
    return out


def context_hits(text: str) -> dict[str, int]:
    """How often each PLOVER context is signalled in ``text`` (contexts with hits only)."""
    return dict(_context_hits(text))


@lru_cache(maxsize=256)  # the events of one sentence ask for the same text
def _context_hits(text: str) -> tuple[tuple[str, int], ...]:
    index, odd = _word_starts(text)
    # the keys the words begin with (exactly so in ASCII text, as index holds every key)
    starts = set(index) if text.isascii() else {
        w[:n] for w in _RUN.findall(text.lower()) for n in (1, 2, 3, 4, 5)}
    hits = []
    for name, pattern in context_patterns().items():
        keys = context_keys()[name]
        if starts.isdisjoint(keys):
            continue  # no stem can match: skip its regex
        if name in _whole_text_contexts():
            count = len(pattern.findall(text))
        else:
            at = set(odd).union(*(index.get(k, ()) for k in keys))
            count = _count_at(pattern, text, sorted(at))
        if count:
            hits.append((name, count))
    return tuple(hits)


def _word_starts(text: str) -> tuple[dict[str, list[int]], list[int]]:
    """Where the words of ``text`` begin, by the context keys among their first one to five
    letters (lower case), and apart the words that are not ASCII (a stem matches them
    otherwise: "k" matches "\u212a" KELVIN SIGN)."""
    index: dict[str, list[int]] = {}
    odd: list[int] = []
    for run in _RUN.finditer(text):
        word = run.group()
        if not word.isascii():
            odd.append(run.start())
            continue
        for key in _keys_of(word.lower()):
            index.setdefault(key, []).append(run.start())
    return index, odd


@lru_cache(maxsize=1 << 14)  # news repeats its words
def _keys_of(word: str) -> tuple[str, ...]:
    """The context keys among the first one to five letters of a (lower-case) word."""
    keys = _all_keys()
    return tuple(word[:n] for n in range(1, min(len(word), 5) + 1) if word[:n] in keys)


def _count_at(pattern: re.Pattern[str], text: str, starts: list[int]) -> int:
    """``len(pattern.findall(text))`` for a pattern whose matches begin only at ``starts``:
    the leftmost match at or after the end of the last one, each time."""
    count = end = 0
    for start in starts:
        if start >= end and (match := pattern.match(text, start)) is not None:
            count, end = count + 1, match.end()
    return count


@lru_cache(maxsize=1)
def context_keys() -> dict[str, frozenset[str]]:
    """Per context, the first five letters of the first word of each stem: a stem can only
    match where a word of the text begins with them."""
    out: dict[str, frozenset[str]] = {}
    for name, stems in _context_stems().items():
        out[name] = frozenset(_RUN.findall(s.lower())[0][:5] for s in stems)
    return out


@lru_cache(maxsize=1)
def _all_keys() -> frozenset[str]:
    return frozenset().union(*context_keys().values())


@lru_cache(maxsize=1)
def _whole_text_contexts() -> frozenset[str]:
    """Contexts with a stem that is not ASCII or does not begin with a letter or digit: their
    matches may begin off a word start, so their regex reads the whole text."""
    return frozenset(name for name, stems in _context_stems().items()
                     if any(not s.isascii() or not _RUN.match(s) for s in stems))


def _context_stems() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for line in resource_text("contexts.tsv").splitlines():
        if line.strip() and not line.startswith("#"):
            name, stems = line.split("\t", 1)
            out[name.strip()] = [s.strip() for s in stems.split(",") if s.strip()]
    return out


def document_contexts(text: str) -> list[str]:
    """The PLOVER contexts of a whole article: the most signalled, at least twice each."""
    hits = context_hits(text)
    ranked = sorted((k for k, v in hits.items() if v >= DOC_CONTEXT_HITS), key=lambda k: -hits[k])
    return ranked[:MAX_DOC_CONTEXTS]


def sentence_contexts(text: str) -> list[str]:
    """The PLOVER contexts signalled in one event's sentence."""
    hits = context_hits(text)
    return sorted(hits, key=lambda k: -hits[k])
