"""Importing a PETRARCH/TABARI verb dictionary (a small one written for this test)."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.coding.petrarch_verbs import load_petrarch_verbs
from eventwire.errors import EvaluationError

DICTIONARY = """\
<!-- a test dictionary -->
&MONEY
+DUCATS
+GOLD CROWNS

--- PARLEY  [031] ---
PARLEY {PARLEYED}  # a comment
+HOLD_COUNSEL
- * WITH &MONEY [903]
- NOT * [112]
- % * [030:030]

--- GRUMBLE  [---] ---
GRUMBLE
- * LOUDLY [111]
"""


@pytest.fixture()
def lexicon(tmp_path: Path):  # type: ignore[no-untyped-def]
    path = tmp_path / "verbs.txt"
    path.write_text(DICTIONARY, encoding="utf-8")
    return load_petrarch_verbs(path)


def test_default_codes_and_forms(lexicon) -> None:  # type: ignore[no-untyped-def]
    assert [p.cameo for p in lexicon.candidates("V", "parley") if not p.specificity] == ["031"]
    assert lexicon.candidates("V", "parleyed")
    held = {(p.before, p.after): p.cameo for p in lexicon.candidates("V", "hold")}
    assert held[(), ("counsel",)] == "031"  # "+HOLD_COUNSEL" shares the block's patterns
    assert held[("not",), ("counsel",)] == "112"


def test_patterns_synsets_and_compounds(lexicon) -> None:  # type: ignore[no-untyped-def]
    codes = {(p.before, p.after): p.cameo for p in lexicon.candidates("V", "parley")}
    assert codes[(), ("with", "&money")] == "903"
    assert codes[(), ("with", "gold", "crowns")] == "903"  # multi-word member spelled out
    assert codes[("not",), ()] == "112"
    assert codes[("%",), ()] == "030:030"
    assert lexicon.wordsets["money"] == frozenset({"ducats"})


def test_no_code_blocks_only_code_their_patterns(lexicon) -> None:  # type: ignore[no-untyped-def]
    assert [p.cameo for p in lexicon.candidates("V", "grumble")] == ["111"]


def test_petrarch_codes_are_not_retyped(lexicon) -> None:  # type: ignore[no-untyped-def]
    assert lexicon.retype == {}


def test_missing_file_is_an_evaluation_error(tmp_path: Path) -> None:
    with pytest.raises(EvaluationError) as info:
        load_petrarch_verbs(tmp_path / "nope.txt")
    assert info.value.code == "E602"
