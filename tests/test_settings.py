"""Settings: packaged defaults < config file < EVENTWIRE_* environment < flags, checked values;
the fetcher's flags of ``ingest`` and ``watch`` take their defaults from the settings."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import pytest

from eventwire.commands import ingest as ingest_command
from eventwire.commands import watch as watch_command
from eventwire.commands.ingest import FETCH_FLAGS, fetcher_from
from eventwire.errors import UsageError
from eventwire.settings import SETTINGS, default, load_settings
from eventwire.sources.fetch import Fetcher


@pytest.fixture(autouse=True)
def clean(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No user config file and no EVENTWIRE_* setting from the machine; the config path."""
    for setting in SETTINGS:
        monkeypatch.delenv(f"EVENTWIRE_{setting.name.upper()}", raising=False)
    config = tmp_path / "config.toml"
    monkeypatch.setenv("EVENTWIRE_CONFIG", str(config))
    return config


def _fetcher(command: str, *flags: str) -> Fetcher:
    parser = argparse.ArgumentParser(prog="eventwire")
    sub = parser.add_subparsers()
    ingest_command.register(sub)
    watch_command.register(sub)
    target = ["x.urls"] if command == "ingest" else ["feeds.txt"]
    return fetcher_from(parser.parse_args([command, *target, *flags]))


def test_fetcher_defaults_are_the_declared_settings() -> None:
    resolved = load_settings()
    fetcher = Fetcher()
    for _flag, name, _metavar in FETCH_FLAGS:
        assert getattr(resolved, name) == default(name)
        assert getattr(fetcher, name.removeprefix("fetch_")) == default(name), name
    assert Fetcher.from_settings(resolved) == fetcher


# (setting, flag, value in the config file, in the environment, on the command line, attribute)
LAYERS = [
    ("fetch_timeout", "--timeout", "5.0", "6.5", "7.25", "timeout"),
    ("fetch_deadline", "--deadline", "30", "45", "90", "deadline"),
    ("fetch_retries", "--retries", "4", "5", "0", "retries"),
    ("fetch_user_agent", "--user-agent", '"from-config"', "from-env", "from-flag", "user_agent"),
]


@pytest.mark.parametrize("command", ["ingest", "watch"])
@pytest.mark.parametrize("name,flag,config,env,cli,attribute", LAYERS)
def test_config_file_then_environment_then_flag(
        clean: Path, monkeypatch: pytest.MonkeyPatch, command: str, name: str, flag: str,
        config: str, env: str, cli: str, attribute: str) -> None:
    kind = type(default(name))

    def value(*flags: str) -> Any:
        return getattr(_fetcher(command, *flags), attribute)

    assert value() == default(name)
    clean.write_text(f"{name} = {config}\n", encoding="utf-8")
    assert value() == kind(config.strip('"')) != default(name)
    monkeypatch.setenv(f"EVENTWIRE_{name.upper()}", env)
    assert value() == kind(env)
    assert value(flag, cli) == kind(cli)


def test_allow_private_from_config_env_and_both_flags(
        clean: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _fetcher("ingest").allow_private is False
    clean.write_text("fetch_allow_private = true\n", encoding="utf-8")
    assert _fetcher("ingest").allow_private is True
    monkeypatch.setenv("EVENTWIRE_FETCH_ALLOW_PRIVATE", "off")
    assert _fetcher("ingest").allow_private is False
    assert _fetcher("watch", "--allow-private").allow_private is True
    monkeypatch.setenv("EVENTWIRE_FETCH_ALLOW_PRIVATE", "yes")
    assert _fetcher("watch", "--no-allow-private").allow_private is False


@pytest.mark.parametrize("text,expected", [("1", True), ("TRUE", True), (" on ", True),
                                           ("0", False), ("no", False), ("False", False)])
def test_booleans_from_the_environment(monkeypatch: pytest.MonkeyPatch, text: str,
                                       expected: bool) -> None:
    monkeypatch.setenv("EVENTWIRE_FETCH_ALLOW_PRIVATE", text)
    assert load_settings().fetch_allow_private is expected


@pytest.mark.parametrize("name,value,message", [
    ("fetch_allow_private", "maybe", "expects bool"),
    ("fetch_timeout", "0", "must be > 0"),
    ("fetch_deadline", "-1", "must be > 0"),
    ("fetch_retries", "1.5", "expects int"),
    ("fetch_per_host_interval", "-0.5", "must be >= 0"),
])
def test_a_bad_environment_value_is_E501_naming_the_variable(
        monkeypatch: pytest.MonkeyPatch, name: str, value: str, message: str) -> None:
    monkeypatch.setenv(f"EVENTWIRE_{name.upper()}", value)
    with pytest.raises(UsageError) as err:
        load_settings()
    assert err.value.code == "E501" and message in err.value.message
    assert f"EVENTWIRE_{name.upper()}" in err.value.message


def test_a_bad_config_value_and_a_bad_flag_are_E501(clean: Path) -> None:
    clean.write_text("fetch_max_bytes = 0\n", encoding="utf-8")
    with pytest.raises(UsageError, match=r"E501: setting 'fetch_max_bytes' \(config file"):
        _fetcher("ingest")
    clean.write_text("", encoding="utf-8")
    with pytest.raises(UsageError, match=r"E501: setting 'fetch_retries' \(command line\)"):
        _fetcher("ingest", "--retries", "-1")


def test_help_shows_the_declared_defaults(capsys: pytest.CaptureFixture[str]) -> None:
    parser = argparse.ArgumentParser(prog="eventwire")
    ingest_command.register(parser.add_subparsers())
    with pytest.raises(SystemExit):
        parser.parse_args(["ingest", "--help"])
    shown = " ".join(capsys.readouterr().out.split())
    for flag, name, _metavar in FETCH_FLAGS:
        assert flag in shown and f"setting {name})" in shown
    assert f"(default {default('fetch_deadline')}; setting fetch_deadline)" in shown
