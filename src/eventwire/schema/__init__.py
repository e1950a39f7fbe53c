"""The JSON Schema of eventwire's output contract, and a validator for it."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any


@lru_cache(maxsize=1)
def document_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one output document."""
    text = resources.files("eventwire.schema").joinpath("document.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def validation_errors(doc: dict[str, Any]) -> list[str]:
    """Every way ``doc`` breaks the contract: schema errors, then offsets outside ``text``."""
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(document_schema())
    errors = [f"{'/'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(doc)]
    return errors + _offset_errors(doc)


def _offset_errors(doc: dict[str, Any]) -> list[str]:
    text = doc.get("text", "")
    bad: list[str] = []
    spans: list[tuple[str, int, int, str | None]] = []
    for key in ("entities", "places", "dates", "quotes", "amounts"):
        spans += [(key, x["start"], x["end"], x.get("text")) for x in doc.get(key, [])]
    for ev in doc.get("events", []):
        spans.append(("events", ev["text_info"]["start"], ev["text_info"]["end"], ev["event_text"]))
    for fl in doc.get("flags", []):
        spans += [("flags", a, b, None) for a, b in fl["spans"]]
    for key, start, end, surface in spans:
        if not 0 <= start <= end <= len(text):
            bad.append(f"{key}: span [{start},{end}) outside text of length {len(text)}")
        elif surface is not None and text[start:end] != surface:
            bad.append(f"{key}: text[{start}:{end}]={text[start:end]!r} != {surface!r}")
    return bad
