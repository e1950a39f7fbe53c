"""What a regular expression's matches can begin with: the set of their first ``k``
characters (lower case, for case-insensitive patterns), read from CPython's regex parser.

A scanner that tries many patterns at every word start (the dates stage) uses it to try only
the patterns whose matches can begin with the text there. Every answer is conservative: when
a construct is not understood, or the set would be large, the answer is None ("anything").
"""

from __future__ import annotations

import re
from typing import Any

MAX_PREFIXES = 10000  # beyond this, a set costs more than it saves
Prefixes = set[str] | None  # None: any text
#: The ASCII members of the classes \d and \s.
_ASCII_OF = {"CATEGORY_DIGIT": "0123456789", "CATEGORY_SPACE": " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f"}


def prefixes(pattern: str, k: int = 2) -> frozenset[str] | None:
    """Lower-case strings of at most ``k`` characters such that every match of ``pattern``
    (compiled case-insensitively) whose first ``k`` characters are ASCII begins with one of
    them; a shorter string is a whole match. (Callers try every pattern before non-ASCII
    text: ``\\d`` also matches other scripts' digits.)
    None when the pattern may begin with anything (or with a non-ASCII letter, which may
    match an ASCII one case-insensitively, as "\u017f" matches "s")."""
    from re import _parser  # type: ignore[attr-defined]  # noqa: PLC0415 - CPython's reader

    try:
        found = _seq(_parser.parse(pattern, re.IGNORECASE), k)
    except (ValueError, TypeError, AttributeError, re.error):
        return None
    if found is None or "" in found or not all(s.isascii() for s in found):
        return None
    return frozenset(s.lower() for s in found)


def _seq(items: Any, k: int) -> Prefixes:
    """Prefixes of a sequence of parsed items: each item continues the strings still short."""
    states: set[str] = {""}
    for op, av in items:
        short = {s for s in states if len(s) < k}
        if not short:
            break
        grown = {s for s in states if len(s) == k}
        for s in short:
            ends = _item(str(op), av, k - len(s))
            if ends is None:
                return None
            grown |= {s + t for t in ends}
        if len(grown) > MAX_PREFIXES:
            return None
        states = grown
    return states


def _item(op: str, av: Any, k: int) -> Prefixes:  # noqa: PLR0911 - one case per construct
    if op == "LITERAL":
        return {chr(av).lower()}
    if op == "IN":
        chars = _chars(av)
        return None if chars is None else {c.lower() for c in chars}
    if op == "BRANCH":
        out: set[str] = set()
        for branch in av[1]:
            found = _seq(branch, k)
            if found is None:
                return None
            out |= found
        return out
    if op in ("SUBPATTERN", "ATOMIC_GROUP"):
        return _seq(av[-1], k)
    if op in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
        return _repeat(av[0], av[1], av[2], k)
    if op in ("AT", "ASSERT", "ASSERT_NOT"):
        return {""}  # zero-width: ignoring a look-around only widens the set
    return None


def _repeat(low: int, high: int, body: Any, k: int) -> Prefixes:
    one = _seq(body, k)
    if one is None or "" in one:
        return None  # a body that may match nothing: not worth reading
    out = {""} if low == 0 else set()
    states = {""}
    for count in range(1, min(high, k) + 1):
        states = {s + t[: k - len(s)] for s in states for t in one}
        if count >= low or count == k:
            out |= states
    return out if len(out) <= MAX_PREFIXES else None


def _chars(items: Any) -> set[str] | None:
    out: set[str] = set()
    for op, av in items:
        if str(op) == "LITERAL":
            out.add(chr(av))
        elif str(op) == "RANGE" and av[1] < 128:
            out.update(map(chr, range(av[0], av[1] + 1)))
        elif str(op) == "CATEGORY" and str(av) in _ASCII_OF:
            out.update(_ASCII_OF[str(av)])  # the rest is not ASCII: callers try those anyway
        else:
            return None  # \w, \s, a negated class: anything
    return out
