"""``eventwire evaluate``: figures printed, missing data a coded usage error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventwire.cli import main

CHECKS = Path(__file__).resolve().parents[1] / "data" / "checks"


def test_missing_reference_data_is_e601(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", "geo", "/nonexistent/GeoWebNews.xml"]) == 2
    assert "E601" in capsys.readouterr().err


def test_checks_evaluation_prints_figures_per_kind(capsys: pytest.CaptureFixture[str]) -> None:
    path = sorted(CHECKS.glob("*.jsonl"))[0]
    assert main(["evaluate", "checks", str(path), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert "location_conflict" in json.dumps(result)
