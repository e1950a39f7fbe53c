"""Event lexicons: trigger patterns, the CAMEO→PLOVER crosswalk and cue words, as data.

The packaged files live in ``eventwire/resources/events/``; :func:`default_lexicon` loads
them once. :meth:`Lexicon.load` reads a user's own pattern file in the same format, and
:func:`eventwire.coding.petrarch_verbs.load_petrarch_verbs` imports a PETRARCH/TABARI verb
dictionary into a :class:`Lexicon`.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from eventwire.errors import StageError

RESOURCE_DIR = "resources/events"


@dataclass(frozen=True)
class Pattern:
    """One trigger pattern: a trigger lemma with words required before and after it."""

    trigger: str
    pos: str  # V verb, N noun, A adjective
    cameo: str
    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()
    event: str | None = None
    mode: str | None = None
    context: tuple[str, ...] = ()
    source: str = "eventwire"

    @property
    def specificity(self) -> int:
        return len(self.before) + len(self.after)


@dataclass(frozen=True)
class Crosswalk:
    """What a CAMEO code means in PLOVER: event type, mode and contexts."""

    event: str
    mode: str | None
    context: tuple[str, ...]


@dataclass
class Lexicon:
    """Trigger patterns indexed by (pos, trigger lemma), plus word sets and cue words."""

    patterns: dict[tuple[str, str], list[Pattern]] = field(default_factory=dict)
    wordsets: dict[str, frozenset[str]] = field(default_factory=dict)
    cues: dict[str, frozenset[str]] = field(default_factory=dict)
    crosswalk: dict[str, Crosswalk] = field(default_factory=dict)
    quads: dict[str, int] = field(default_factory=dict)
    default_cameo: dict[str, str] = field(default_factory=dict)
    #: lemma -> PLOVER contexts it signals in an event's sentence; see ``contexts.tsv``
    context_words: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: (event, condition) -> (new event, new CAMEO code); see ``retype.tsv``
    retype: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)
    #: multi-word noun triggers by (pos, head word): ("N", "strike") → ["hunger strike"]
    multiword: dict[tuple[str, str], list[str]] = field(default_factory=dict)

    def add(self, pattern: Pattern) -> None:
        """Add one pattern; more specific patterns are tried first."""
        key = (pattern.pos, pattern.trigger)
        group = self.patterns.setdefault(key, [])
        group.append(pattern)
        group.sort(key=lambda p: -p.specificity)
        if " " in pattern.trigger:  # compounds are found through their head, the last word
            head = pattern.trigger.split(" ")[-1]
            self.multiword.setdefault((pattern.pos, head), []).append(pattern.trigger)

    def candidates(self, pos: str, lemma: str) -> list[Pattern]:
        """Patterns whose trigger is this lemma, most specific first."""
        return self.patterns.get((pos, lemma), [])

    def cue(self, kind: str) -> frozenset[str]:
        """The cue words of one kind (see ``cues.tsv``)."""
        return self.cues.get(kind, frozenset())

    def word_matches(self, word: str, lemma: str, text: str) -> bool:
        """Whether a pattern word (a lemma or ``&set``) matches a token."""
        if word.startswith("&"):
            members = self.wordsets.get(word[1:], frozenset())
            return lemma in members or text in members
        return word in (lemma, text)

    def load(self, path: Path | str) -> Lexicon:
        """Add the patterns of a user lexicon file (same format as ``lexicon.tsv``)."""
        with open(path, encoding="utf-8") as fh:
            for pattern in parse_patterns(fh, source=str(path)):
                self.add(pattern)
        return self

    def describe(self, cameo: str) -> Crosswalk | None:
        """The PLOVER meaning of a CAMEO code, trying shorter prefixes when unknown."""
        for n in range(len(cameo), 1, -1):
            found = self.crosswalk.get(cameo[:n])
            if found:
                return found
        return None


def _rows(lines: Iterable[str]) -> Iterator[dict[str, str]]:
    body = (line for line in lines if line.strip() and not line.startswith("#"))
    for row in csv.DictReader(body, delimiter="\t", quoting=csv.QUOTE_NONE):
        yield {k: (v or "").strip() for k, v in row.items() if k is not None}


def _split_pattern(text: str) -> tuple[tuple[str, ...], str, tuple[str, ...]]:
    words = text.lower().split()
    if "*" in words:
        i = words.index("*")
        return tuple(words[:i]), words[i + 1], tuple(words[i + 2 :])
    return (), words[0], tuple(words[1:])


def _compound_trigger(
    pos: str, trigger: str, after: tuple[str, ...]
) -> tuple[str, tuple[str, ...]]:
    # Noun compounds ("hunger strike", "war game") are one trigger, not trigger + word.
    if pos == "N" and after:
        return " ".join((trigger, *after)), ()
    return trigger, after


def parse_patterns(lines: Iterable[str], source: str = "eventwire") -> Iterator[Pattern]:
    """Read pattern rows (``pattern pos cameo [event mode context]``) from TSV lines."""
    for row in _rows(lines):
        before, trigger, after = _split_pattern(row["pattern"])
        pos = row.get("pos") or "V"
        trigger, after = _compound_trigger(pos, trigger, after)
        context = tuple(c for c in row.get("context", "").split(";") if c)
        yield Pattern(
            trigger=trigger, pos=pos, cameo=row["cameo"], before=before, after=after,
            event=row.get("event") or None, mode=row.get("mode") or None,
            context=context, source=source,
        )  # fmt: skip


def _read(name: str) -> list[str]:
    try:
        path = resources.files("eventwire").joinpath(f"{RESOURCE_DIR}/{name}")
        return path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:  # a broken install, not a bad document
        raise StageError(f"cannot read event resource {name}: {exc}", code="E302") from exc


def _grouped(rows: Iterable[dict[str, str]], key: str, value: str) -> dict[str, frozenset[str]]:
    groups: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        groups[row[key]].add(row[value].lower() if key != "kind" else row[value])
    return {k: frozenset(v) for k, v in groups.items()}


def _crosswalk() -> dict[str, Crosswalk]:
    out: dict[str, Crosswalk] = {}
    for row in _rows(_read("cameo_plover.tsv")):
        context = tuple(c for c in row.get("context", "").split(";") if c)
        out[row["cameo"]] = Crosswalk(row["event"], row.get("mode") or None, context)
    return out


def base_lexicon() -> Lexicon:
    """A lexicon with the packaged crosswalk, word sets and cues but no patterns."""
    types = list(_rows(_read("types.tsv")))
    return Lexicon(
        wordsets=_grouped(_rows(_read("wordsets.tsv")), "set", "word"),
        cues=_grouped(_rows(_read("cues.tsv")), "kind", "word"),
        crosswalk=_crosswalk(),
        quads={r["event"]: int(r["quad"]) for r in types},
        default_cameo={r["event"]: r["default_cameo"] for r in types},
        retype={
            (r["event"], r["when"]): (r["new_event"], r["new_cameo"])
            for r in _rows(_read("retype.tsv"))
        },
        context_words=_context_words(),
    )


def _context_words() -> dict[str, tuple[str, ...]]:
    words: dict[str, list[str]] = defaultdict(list)
    for row in _rows(_read("contexts.tsv")):
        words[row["word"].lower()].append(row["context"])
    return {w: tuple(c) for w, c in words.items()}


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The packaged lexicon, loaded once per process."""
    lexicon = base_lexicon()
    for pattern in parse_patterns(_read("lexicon.tsv")):
        lexicon.add(pattern)
    return lexicon
