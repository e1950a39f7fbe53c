"""Shared fixtures: the expensive objects load once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.pipeline import Pipeline, default_pipeline

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="session")
def nlp_pipeline() -> Pipeline:
    """The full default pipeline (spaCy model, gazetteer and dictionaries loaded once)."""
    return default_pipeline()


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    return EXAMPLES
