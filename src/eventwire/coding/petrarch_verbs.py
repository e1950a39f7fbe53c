"""Import a PETRARCH/TABARI verb dictionary (``CAMEO.2.0.txt`` format) into a Lexicon.

The format::

    &SYNSET                     a word set, its members on "+WORD" lines
    +WORD
    --- ATTACK  [190] ---       a verb block with the verb's default code ("---": none)
    ATTACK {ATTACKED}           the verb (irregular forms in braces)
    +STRIKE_OUT                 another verb sharing the block's patterns
    - * TOWN  [1831]            a pattern: words before/after the verb ("*"), its code
    - WILL NOT * [081]

Markers inside patterns are dropped (``+`` target, ``$`` source, ``^`` skip) except a
lone ``%``, which stands for a compound actor ("Gondor and Osgiliath"); ``_`` joins words
that must follow each other, which is read as "in order". Multi-word synset members
("&CURRENCY" → "SWISS FRANCS") are spelled out into pattern variants.
Codes such as ``032:033`` code the act and its reciprocal; they are kept verbatim.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from eventwire.coding.lexicon import Lexicon, Pattern, base_lexicon
from eventwire.errors import EvaluationError

HEADER = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]\s*---")
PATTERN = re.compile(r"^-\s+(.*?)\s*\[([^\]]*)\]")
NO_CODE = {"---", ""}


def _words(text: str) -> list[str]:
    out = []
    for raw in text.replace("_", " ").split():
        if raw == "%":  # a compound actor at this place
            out.append("%")
            continue
        word = raw.strip("+$%^").lower()
        if word.startswith("&") or word and word not in ("*",):
            out.append(word)
        elif word == "*":
            out.append("*")
    return out


def _verb_forms(line: str) -> list[str]:
    """The verb and its listed forms from a verb line ("BAN {BANS BANNED}")."""
    head, _, rest = line.partition("{")
    forms = [head.strip().lstrip("+")] + rest.rstrip("} ").split()
    return [f.lstrip("+").replace("_", " ").lower() for f in forms if f.strip("+")]


class _Reader:
    def __init__(self, source: str) -> None:
        self.source = source
        self.patterns: list[Pattern] = []
        self.sets: dict[str, set[str]] = {}
        self.current_set: str | None = None
        self.verbs: list[str] = []
        self.code = "---"

    def line(self, line: str) -> None:
        if m := HEADER.match(line):
            self.verbs, self.code, self.current_set = [], m.group(2).strip(), None
            self._verb(m.group(1).rstrip("_"))
        elif line.startswith("&"):
            self.current_set = line.split()[0][1:].lower()
            self.sets.setdefault(self.current_set, set())
        elif line.startswith("+") and self.current_set is not None:
            self.sets[self.current_set].add(" ".join(_words(line[1:])))
        elif m := PATTERN.match(line):
            self._pattern(m.group(1), m.group(2).strip())
        elif line[0].isalpha() or line.startswith("+"):
            self._verb(line)

    def _verb(self, line: str) -> None:
        for form in _verb_forms(line):
            if form not in self.verbs:
                self.verbs.append(form)
                if self.code not in NO_CODE:
                    self._add(form, (), (), self.code)

    def _pattern(self, text: str, code: str) -> None:
        words = _words(text)
        if "*" not in words or code in NO_CODE:
            return
        i = words.index("*")
        for verb in self.verbs:
            self._add(verb, tuple(words[:i]), tuple(words[i + 1 :]), code)

    def _add(self, verb: str, before: tuple[str, ...], after: tuple[str, ...], code: str) -> None:
        first, *rest = verb.split(" ")
        self.patterns.append(
            Pattern(trigger=first, pos="V", cameo=code, before=before,
                    after=tuple(rest) + after, source=self.source)
        )  # fmt: skip


def _expand_words(
    words: tuple[str, ...], phrases: dict[str, list[list[str]]]
) -> list[tuple[str, ...]]:
    """Variants of a word sequence with multi-word synset members spelled out."""
    out: list[tuple[str, ...]] = [()]
    for word in words:
        options = [[word]] + phrases.get(word[1:], []) if word.startswith("&") else [[word]]
        out = [(*prefix, *option) for prefix in out for option in options]
    return out


def _expand(pattern: Pattern, phrases: dict[str, list[list[str]]]) -> Iterator[Pattern]:
    for before in _expand_words(pattern.before, phrases):
        for after in _expand_words(pattern.after, phrases):
            yield replace(pattern, before=before, after=after)


def _lines(path: Path) -> Iterator[str]:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise EvaluationError(f"cannot read verb dictionary {path}: {exc}", code="E602") from exc
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    for raw in text.splitlines():
        line = raw.split("#")[0].rstrip()
        if line.strip():
            yield line.strip()


def load_petrarch_verbs(path: Path | str, lexicon: Lexicon | None = None) -> Lexicon:
    """A lexicon with the patterns and synsets of a PETRARCH verb dictionary.

    Without ``lexicon``, the packaged crosswalk and cues are used with no packaged patterns.
    """
    lexicon = lexicon or base_lexicon()
    reader = _Reader(str(path))
    for line in _lines(Path(path)):
        reader.line(line)
    for name, words in reader.sets.items():
        lexicon.wordsets[name] = frozenset(w for w in words if " " not in w)
    phrases = {n: [w.split() for w in ws if " " in w] for n, ws in reader.sets.items()}
    for pattern in reader.patterns:
        for variant in _expand(pattern, phrases):
            lexicon.add(variant)
    lexicon.retype = {}  # PETRARCH codes are kept verbatim: no PLOVER re-typing
    return lexicon
