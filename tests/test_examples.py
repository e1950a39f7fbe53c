"""Golden tests: the bundled example articles give the events their expected files list."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from eventwire.inputs import read_inputs
from eventwire.pipeline import Pipeline
from eventwire.records import Document
from eventwire.schema import validation_errors

EXPECTED = sorted((Path(__file__).resolve().parents[1] / "examples" / "expected").glob("*.json"))


def _codes(actors: list[dict[str, Any]]) -> set[str]:
    return {a["code"] for a in actors if a.get("code")}


def matches(event: dict[str, Any], spec: dict[str, Any]) -> bool:
    """Whether one output event satisfies one expected-event spec."""
    types = spec.get("event")
    if types and event["event"] not in ([types] if isinstance(types, str) else types):
        return False
    for role in ("actor", "recipient"):
        if role in spec and not _codes(event[role]) & set(spec[role]):
            return False
    loc = event.get("event_loc") or {}
    if "country" in spec and loc.get("country_code") != spec["country"]:
        return False
    return "date" not in spec or event.get("date") == spec["date"]


def _code(path: Path, pipeline: Pipeline) -> dict[str, Any]:
    expected = json.loads(path.read_text())
    [doc] = list(read_inputs([str(path.parents[1] / expected["input"])], expected["pub_date"]))
    assert isinstance(doc, Document), doc
    result = pipeline.run(doc)
    assert isinstance(result, Document), result
    return result.to_dict()


@pytest.mark.parametrize("path", EXPECTED, ids=[p.stem for p in EXPECTED])
def test_example_gives_expected_events(path: Path, nlp_pipeline: Pipeline) -> None:
    expected = json.loads(path.read_text())
    out = _code(path, nlp_pipeline)
    assert validation_errors(out) == []
    assert out["title"] == expected["title"]
    for s in expected["text_must_contain"]:
        assert s in out["text"]
    for s in expected["text_must_not_contain"]:
        assert s not in out["text"]
    summary = [(e["event"], sorted(_codes(e["actor"])), sorted(_codes(e["recipient"])),
                (e.get("event_loc") or {}).get("country_code"), e["date"]) for e in out["events"]]
    for spec in expected["events_must"]:
        assert any(matches(e, spec) for e in out["events"]), f"missing {spec} in {summary}"
    for spec in expected["events_must_not"]:
        assert not any(matches(e, spec) for e in out["events"]), f"unwanted {spec} in {summary}"


def test_matcher_rejects_wrong_actor() -> None:
    event = {"event": "ACCUSE", "actor": [{"code": "CHN"}], "recipient": [], "date": None}
    assert matches(event, {"event": "ACCUSE", "actor": ["CHN"]})
    assert not matches(event, {"event": "ACCUSE", "actor": ["JPN"]})
    assert not matches(event, {"event": "ACCUSE", "recipient": ["JPN"]})
