"""Lexicon data files: patterns parse, codes map to PLOVER types, user files extend them."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.coding.lexicon import base_lexicon, default_lexicon, parse_patterns
from eventwire.records import PLOVER_EVENTS


def test_every_pattern_maps_to_a_plover_type() -> None:
    lexicon = default_lexicon()
    for group in lexicon.patterns.values():
        for pattern in group:
            event = pattern.event or (lexicon.describe(pattern.cameo) or None)
            name = event if isinstance(event, str) else getattr(event, "event", None)
            assert name in PLOVER_EVENTS, pattern


def test_crosswalk_facts() -> None:
    lexicon = base_lexicon()
    assert lexicon.describe("0256").event == "REQUEST"  # type: ignore[union-attr]
    assert lexicon.describe("114").event == "ACCUSE"  # type: ignore[union-attr]
    assert lexicon.describe("163").event == "COERCE"  # type: ignore[union-attr]
    assert lexicon.describe("1712").event == "ASSAULT"  # type: ignore[union-attr]
    assert lexicon.describe("19999").event == "ASSAULT"  # type: ignore[union-attr]  # prefix
    assert lexicon.describe("99") is None


def test_quads_follow_the_manual() -> None:
    quads = base_lexicon().quads
    assert set(quads) == set(PLOVER_EVENTS)
    assert quads["CONSULT"] == 1 and quads["AID"] == 2
    assert quads["ACCUSE"] == 3 and quads["ASSAULT"] == 4


def test_pattern_syntax() -> None:
    rows = ["pattern\tpos\tcameo\tevent\tmode\tcontext",
            "not * agree talk\tV\t125\tREJECT\tmeet\tdiplomatic;legal",
            "hunger strike\tN\t142"]  # fmt: skip
    first, second = parse_patterns(rows)
    assert (first.before, first.trigger, first.after) == (("not",), "agree", ("talk",))
    assert first.event == "REJECT" and first.context == ("diplomatic", "legal")
    assert first.specificity == 2
    assert second.trigger == "hunger strike" and second.after == ()


def test_more_specific_patterns_come_first() -> None:
    options = default_lexicon().candidates("V", "urge")
    assert options[0].specificity >= options[-1].specificity
    assert options[-1].after == ()


def test_user_file_adds_patterns(tmp_path: Path) -> None:
    path = tmp_path / "extra.tsv"
    path.write_text("pattern\tpos\tcameo\nfrobnicate\tV\t190\n", encoding="utf-8")
    lexicon = base_lexicon().load(path)
    [pattern] = lexicon.candidates("V", "frobnicate")
    assert pattern.source == str(path)


@pytest.mark.parametrize("kind", ["speech", "light", "negation", "hypothetical", "future"])
def test_cue_kinds_are_present(kind: str) -> None:
    assert default_lexicon().cue(kind)
