"""``eventwire serve``: options, safe defaults and the configuration it builds."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import pytest

from eventwire.commands import serve
from eventwire.errors import UsageError
from eventwire.web.security import allowed_hosts, content_security_policy, host_name


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    serve.register(parser.add_subparsers())
    return parser.parse_args(["serve", *argv])


def test_defaults_bind_loopback_read_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(serve.TOKEN_ENV, raising=False)
    monkeypatch.delenv(serve.TILES_ENV, raising=False)
    args = parse("--db", "x.duckdb")
    assert (args.host, args.port) == ("127.0.0.1", 8000)
    config = serve.build_config(args)
    assert config.token is None and config.tile_url is None
    assert config.db == Path("x.duckdb")
    assert "*" not in config.hosts and "127.0.0.1" in config.hosts


def test_token_and_tiles_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(serve.TOKEN_ENV, "from-env")
    monkeypatch.setenv(serve.TILES_ENV, "https://tiles.example.org/{z}/{x}/{y}.png")
    config = serve.build_config(parse())
    assert config.token == "from-env"
    assert config.tile_url == "https://tiles.example.org/{z}/{x}/{y}.png"
    assert serve.build_config(parse("--token", "flag")).token == "flag"


@pytest.mark.parametrize("argv", [("--port", "70000"), ("--tiles", "javascript:alert(1)"),
                                  ("--max-body", "0")])
def test_bad_options_are_usage_errors(argv: tuple[str, ...]) -> None:
    with pytest.raises(UsageError) as info:
        serve.build_config(parse(*argv))
    assert info.value.code == "E501"


def test_run_starts_uvicorn_on_the_given_address(monkeypatch: pytest.MonkeyPatch,
                                                 tmp_path: Path) -> None:
    calls: dict[str, Any] = {}

    def fake_run(app: object, **kwargs: Any) -> None:  # stands in for the blocking server
        calls.update(kwargs, app=app)

    import uvicorn

    monkeypatch.setattr(uvicorn, "run", fake_run)
    db = tmp_path / "new.duckdb"
    assert serve.run(parse("--db", str(db), "--port", "8123", "--token", "t")) == 0
    assert (calls["host"], calls["port"]) == ("127.0.0.1", 8123)
    assert db.exists()  # a writable server creates an empty store to write into
    assert calls["app"].state.config.token == "t"


def test_hosts_of_a_public_bind_and_extra_names() -> None:
    assert allowed_hosts("0.0.0.0") == ["*"]
    assert "events.internal" in allowed_hosts("127.0.0.1", ["events.internal"])


@pytest.mark.parametrize(("header", "host"), [("localhost:8000", "localhost"),
                                              ("[::1]:8000", "[::1]"), ("127.0.0.1", "127.0.0.1"),
                                              ("Example.ORG", "example.org")])
def test_host_name(header: str, host: str) -> None:
    assert host_name(header) == host


def test_csp_allows_only_the_configured_tile_server() -> None:
    assert "img-src 'self' data:;" in content_security_policy(None)
    csp = content_security_policy("https://{s}.tiles.example.org/{z}/{x}/{y}.png")
    assert "img-src 'self' data: https://*.tiles.example.org;" in csp


def test_port_zero_picks_a_free_port(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    calls: dict[str, Any] = {}
    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.update(kw))
    assert serve.run(parse("--db", str(tmp_path / "x.duckdb"), "--port", "0")) == 0
    assert calls["port"] > 0
    assert f"http://127.0.0.1:{calls['port']}/" in capsys.readouterr().err
