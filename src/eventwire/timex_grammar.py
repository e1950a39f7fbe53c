"""The time-expression grammar: word lists and patterns from ``resources/dates/``, compiled once.

``lexicon.json`` holds the vocabulary (months, weekdays, seasons, numbers, holidays, reference
words); ``patterns.tsv`` holds one ``kind<TAB>regex`` per line, whose ``{NAME}`` placeholders
expand to alternations built from the lexicon.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from eventwire.errors import StageError

#: Modifiers that narrow a period without changing its value ("early", "mid-", "the end of").
MOD = (
    r"(?:the\s+)?(?:very\s+)?(?:early|mid|middle|late|end|(?:end|beginning|start|middle|close|"
    r"turn|rest|remainder|bulk|course)\s+of)"
)
TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred"
UNITS = "one|two|three|four|five|six|seven|eight|nine"
TEENS = "thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
#: Years in words, as broadcast transcripts write them: "nineteen ninety-six", "two thousand".
SPELLED_YEAR = (
    rf"(?:nineteen|twenty)(?:\s+|-)(?:{TENS})(?:-(?:{UNITS}))?"
    rf"|two\s+thousand(?:\s+and)?(?:\s+(?:{UNITS}|ten|eleven|twelve|{TEENS}))?"
)


@dataclass(frozen=True)
class Rule:
    """One compiled pattern and the kind of normaliser that interprets its matches."""

    kind: str
    regex: re.Pattern[str]
    priority: int


@dataclass(frozen=True)
class Grammar:
    """The lexicon, the compiled rules, and how to find where rules may match: ``starts``
    finds every position an expression may begin at, and ``by_first`` gives the rules whose
    pattern can begin with a given (lower-case ASCII) character; other characters try all."""

    lexicon: dict[str, Any]
    rules: tuple[Rule, ...]
    starts: re.Pattern[str]
    by_first: dict[str, tuple[Rule, ...]]

    def rules_at(self, char: str) -> tuple[Rule, ...]:
        """The rules that may match at a position whose first character is ``char``."""
        return self.by_first.get(char.lower(), ()) if char.isascii() else self.rules

    def word(self, table: str, text: str) -> Any:
        """Look a matched word up in a lexicon table (case, dots and spaces normalised)."""
        key = re.sub(r"\s+", " ", text.lower().rstrip(".")).replace("\u2019", "'")
        return self.lexicon[table].get(key)


def _alternation(words: list[str], dotted: bool = False) -> str:
    """A regex alternation of words, longest first; abbreviations may take a dot."""
    parts = []
    for w in sorted(words, key=len, reverse=True):
        body = re.escape(w).replace(r"\ ", r"\s+").replace("'", "['\u2019]")
        short = len(w) <= 4 and w not in ("may", "june", "july")
        parts.append(body + (r"\.?" if dotted and short else ""))
    return "(?:" + "|".join(parts) + ")"


def _weekdays(lex: dict[str, Any]) -> str:
    # Short forms ("Sat", "Sun", "Wed") are ordinary words unless written with a dot.
    full = [w for w in lex["weekdays"] if len(w) > 5]
    short = [re.escape(w) + r"\." for w in lex["weekdays"] if len(w) <= 5]
    return "(?:" + "|".join(sorted(full, key=len, reverse=True) + short) + ")"


def _placeholders(lex: dict[str, Any]) -> dict[str, str]:
    numbers = [w for w in lex["numbers"]]
    compound = rf"(?:{TENS.replace('|hundred', '')})-(?:{UNITS})"
    return {
        "MONTH": _alternation(list(lex["months"]), dotted=True),
        "WEEKDAY": _weekdays(lex),
        "SEASON": _alternation(list(lex["seasons"])),
        "DAYPART": _alternation(list(lex["dayparts"])),
        "NUMBER": "(?:" + compound + "|" + _alternation(numbers)[3:],
        "ORDWORD": _alternation([w for w in lex["ordinals"] if not w[0].isdigit()]),
        "UNIT": _alternation(list(lex["units"])),
        "DECADEWORD": _alternation(list(lex["decade_words"])),
        "HOLIDAY": _alternation(list(lex["holidays"])),
        "REF": _alternation(list(lex["refs"])),
        "DAY": r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d)",
        "YEAR": r"(?<![\d,.$\u00a3\u20ac])(?:1\d|20)\d\d(?![\d]|,\d|\.\d|\s*(?:%|percent))",
        "MOD": MOD,
        "SPELLEDYEAR": SPELLED_YEAR,
        "TENS": TENS,
        "UNITS": UNITS,
        "TEENS": TEENS,
    }


def _expand(template: str, names: dict[str, str]) -> str:
    return re.sub(r"\{([A-Z]+)\}", lambda m: names[m.group(1)], template)


def _read(name: str) -> str:
    try:
        return resources.files("eventwire").joinpath("resources", "dates", name).read_text("utf-8")
    except OSError as exc:
        raise StageError(f"cannot read dates resource {name}: {exc}", code="E302") from exc


#: Where an expression may start: at a word (or "'90s"), not inside a word, an amount or a
#: hyphenated compound.
START = r"(?<![\w$\u00a3\u20ac-])(?=[\w'])"


def _regex(pattern: str, template: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error as exc:
        raise StageError(f"bad dates pattern {template!r}: {exc}", code="E302") from exc


def _compile(lines: str, names: dict[str, str]) -> tuple[Rule, ...]:
    rules: list[Rule] = []
    for line in lines.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, template = line.split("\t", 1)
        body = _expand(template.strip(), names)
        rules.append(Rule(kind, _regex(rf"{START}(?:{body})(?!\w)", template), len(rules)))
    return tuple(rules)


def _by_first(rules: tuple[Rule, ...]) -> dict[str, tuple[Rule, ...]]:
    """For each lower-case ASCII character, the rules whose pattern can begin with it. At a
    word start only these few of the ~50 rules are tried (the dates stage's main cost)."""
    firsts = [first_chars(rule.regex.pattern) for rule in rules]
    return {c: tuple(r for r, f in zip(rules, firsts, strict=True) if f is None or c in f)
            for c in map(chr, range(128)) if c == c.lower()}


@lru_cache(maxsize=1)
def load_grammar() -> Grammar:
    """The dates grammar, read and compiled once per process."""
    lexicon = json.loads(_read("lexicon.json"))
    rules = _compile(_read("patterns.tsv"), _placeholders(lexicon))
    return Grammar(lexicon, rules, re.compile(START), _by_first(rules))


def first_chars(pattern: str) -> frozenset[str] | None:
    """The lower-case characters a match of ``pattern`` (case-insensitive) can begin with,
    or None when that is not a small known set (any character, a class like \\w, an empty
    match, or a construct this reading does not know)."""
    try:
        first, nullable = _first_of(_sre_parse(pattern))
    except (ValueError, TypeError, AttributeError):
        return None  # read the pattern conservatively: every start tries it
    if first is None or nullable or not all(c.isascii() for c in first):
        return None  # (a non-ASCII letter may match an ASCII one case-insensitively: "ſ")
    return frozenset(c.lower() for c in first)


def _sre_parse(pattern: str) -> Any:
    from re import _parser  # type: ignore[attr-defined]  # noqa: PLC0415 - CPython's reader

    return _parser.parse(pattern, re.IGNORECASE)


First = tuple[set[str] | None, bool]  # (possible first characters or None for any, nullable)


def _first_of(items: Any) -> First:
    """FIRST set of a sequence of parsed regex items."""
    out: set[str] = set()
    for op, av in items:
        first, nullable = _first_item(str(op), av)
        if first is None:
            return None, False
        out |= first
        if not nullable:
            return out, False
    return out, True


def _first_item(op: str, av: Any) -> First:  # noqa: PLR0911 - one case per regex construct
    if op == "LITERAL":
        return {chr(av)}, False
    if op == "IN":
        return _first_in(av), False
    if op == "BRANCH":
        branches = [_first_of(b) for b in av[1]]
        if any(f is None for f, _ in branches):
            return None, False
        return set().union(*(f for f, _ in branches if f)), any(n for _, n in branches)
    if op in ("SUBPATTERN", "ATOMIC_GROUP"):
        return _first_of(av[-1])
    if op in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
        first, nullable = _first_of(av[2])
        return first, nullable or av[0] == 0
    if op in ("AT", "ASSERT", "ASSERT_NOT"):
        return set(), True  # zero-width: ignoring a look-around only widens the set
    return None, False


def _first_in(items: Any) -> set[str] | None:
    out: set[str] = set()
    for op, av in items:
        if str(op) == "LITERAL":
            out.add(chr(av))
        elif str(op) == "RANGE" and av[1] < 128:
            out.update(map(chr, range(av[0], av[1] + 1)))
        elif str(op) == "CATEGORY" and str(av) == "CATEGORY_DIGIT":
            out.update("0123456789")  # other digits are not ASCII: those starts try every rule
        else:
            return None  # a category (\\d, \\s, \\w) or a negated class: anything
    return out
