"""The CLI in-process: code to JSONL, exit codes, errors with codes on stderr."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventwire.cli import main
from eventwire.schema import validation_errors

ARTICLE = (
    "Talks in Geneva\n\n"
    "GENEVA, 3 May 2022 - French President Emmanuel Macron met German Chancellor Olaf Scholz "
    "in Geneva on Tuesday.\n"
)


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_help_lists_commands_by_purpose(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    for word in ("code", "ingest", "events", "evaluate", "coding", "store"):
        assert word in out


def test_no_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert _run([], capsys)[0] == 2


def test_code_prints_valid_jsonl(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    code, out, _ = _run(["code", str(tmp_path / "a.txt"), "--pub-date", "2022-05-03"], capsys)
    assert code == 0
    [doc] = [json.loads(line) for line in out.splitlines()]
    assert validation_errors(doc) == []
    assert doc["pub_date"] == "2022-05-03"
    consults = [e for e in doc["events"] if e["event"] == "CONSULT"]
    assert consults, doc["events"]
    codes = {a["code"] for e in consults for a in e["actor"] + e["recipient"]}
    assert {"FRA", "DEU"} <= codes


def test_bad_documents_are_rejected_and_the_batch_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 talks in S\xe3o Paulo.".encode("latin-1"))
    (tmp_path / "docs.jsonl").write_text(
        json.dumps({"id": "j1", "text": ARTICLE}) + "\n{not json\n"
        + json.dumps({"id": "j3", "text": ARTICLE.replace("Geneva", "Bern")}) + "\n",
        encoding="utf-8",
    )
    code, out, err = _run(["code", str(tmp_path), "--pub-date", "2022-05-03"], capsys)
    assert code == 1
    ids = [json.loads(line)["id"] for line in out.splitlines()]
    assert len(ids) == 3 and "j1" in ids and "j3" in ids
    for needle in ("E101", "E102", "E103", "E104"):
        assert needle in err, err


def test_bad_pub_date_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    code, _, err = _run(["code", str(tmp_path / "a.txt"), "--pub-date", "March 2"], capsys)
    assert code == 2 and "E501" in err
