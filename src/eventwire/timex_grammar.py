"""The time-expression grammar: word lists and patterns from ``resources/dates/``, compiled once.

``lexicon.json`` holds the vocabulary (months, weekdays, seasons, numbers, holidays, reference
words); ``patterns.tsv`` holds one ``kind<TAB>regex`` per line, whose ``{NAME}`` placeholders
expand to alternations built from the lexicon.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from eventwire.errors import StageError
from eventwire.regex_prefix import prefixes

#: Characters of text that choose the rules tried at a position (see ``Grammar.rules_at``).
PREFIX = 3
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
    finds every position an expression may begin at, and ``rules_at`` the few rules whose
    matches can begin with the text there (read from the patterns by ``regex_prefix``)."""

    lexicon: dict[str, Any]
    rules: tuple[Rule, ...]
    starts: re.Pattern[str]
    prefixes: tuple[frozenset[str] | None, ...]
    _by_key: dict[str, tuple[Rule, ...]] = field(default_factory=dict, compare=False)

    def rules_at(self, text: str, start: int) -> tuple[Rule, ...]:
        """The rules that may match ``text`` at ``start`` (all of them before non-ASCII)."""
        key = text[start:start + PREFIX].lower()
        if not key.isascii():
            return self.rules
        if key not in self._by_key:
            # Prefixes are at most PREFIX characters: a rule may match if one is a head of key.
            heads = {key[:n] for n in range(len(key) + 1)}
            self._by_key[key] = tuple(
                rule for rule, pre in zip(self.rules, self.prefixes, strict=True)
                if pre is None or not heads.isdisjoint(pre))
        return self._by_key[key]

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


@lru_cache(maxsize=1)
def load_grammar() -> Grammar:
    """The dates grammar, read and compiled once per process."""
    lexicon = json.loads(_read("lexicon.json"))
    rules = _compile(_read("patterns.tsv"), _placeholders(lexicon))
    return Grammar(lexicon, rules, re.compile(START),
                   tuple(prefixes(rule.regex.pattern, PREFIX) for rule in rules))

