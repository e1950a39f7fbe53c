"""The input count estimate behind the progress bar's total: each kind of input, and the budget."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from eventwire.inputs import read_inputs
from eventwire.inputs.estimate import Budget, count_lines, estimate_total

STORY = "Fredonia's foreign minister met the Sylvanian ambassador in Fredonia City on Monday."


def _jsonl(n: int, trailing_newline: bool = True) -> str:
    lines = [json.dumps({"id": f"d{i}", "text": f"{STORY} Item {i}."}) for i in range(n)]
    return "\n".join(lines) + ("\n" if trailing_newline else "")


def _csv(n: int) -> str:
    rows = [f'r{i},"{STORY} Row {i}."' for i in range(n)]
    return "id,text\n" + "\n".join(rows) + "\n"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A folder of every countable kind, with files the directory reader skips."""
    root = tmp_path / "corpus"
    (root / "deeper").mkdir(parents=True)
    (root / "a.txt").write_text(STORY)
    (root / "b.html").write_text(f"<html><body><p>{STORY}</p></body></html>")
    (root / "c.txt.gz").write_bytes(gzip.compress(STORY.encode()))
    (root / "deeper" / "d.jsonl").write_text(_jsonl(5))
    (root / "deeper" / "e.jsonl.gz").write_bytes(gzip.compress(_jsonl(4, False).encode()))
    (root / "f.csv").write_text(_csv(3))
    (root / "skipped.urls").write_text("http://127.0.0.1:9/a\n")  # never fetched from a folder
    (root / "notes.pdf").write_bytes(b"%PDF-1.4")  # unsupported: skipped in a folder
    (root / ".hidden").mkdir()
    (root / ".hidden" / "g.txt").write_text(STORY)  # hidden: skipped
    return root


def test_directory_estimate_equals_what_the_reader_yields(corpus: Path) -> None:
    expected = 1 + 1 + 1 + 5 + 4 + 3
    assert estimate_total([str(corpus)]) == expected
    assert len(list(read_inputs([str(corpus)]))) == expected


@pytest.mark.parametrize("name,content,expected", [
    ("one.txt", STORY, 1),
    ("one.html", f"<p>{STORY}</p>", 1),
    ("lines.jsonl", _jsonl(7), 7),
    ("no-final-newline.ndjson", _jsonl(2, False), 2),
    ("rows.csv", _csv(4), 4),
    ("empty.jsonl", "", 1),  # read as one E101 rejection
])
def test_single_files(tmp_path: Path, name: str, content: str, expected: int) -> None:
    path = tmp_path / name
    path.write_text(content)
    assert estimate_total([str(path)]) == expected
    assert len(list(read_inputs([str(path)]))) == expected


def test_gzipped_jsonl_lines_are_counted_decompressed(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl.gz"
    path.write_bytes(gzip.compress(_jsonl(300).encode()))
    assert estimate_total([str(path)]) == 300


def test_csv_estimate_is_lines_so_a_multiline_field_overcounts(tmp_path: Path) -> None:
    path = tmp_path / "quoted.csv"
    path.write_text(f'id,text\nq1,"{STORY}\nSecond paragraph."\n')
    assert estimate_total([str(path)]) == 2  # one row really: the estimate says so up front
    assert len(list(read_inputs([str(path)]))) == 1


def test_url_list_counts_distinct_urls_without_fetching(tmp_path: Path) -> None:
    path = tmp_path / "pages.urls"
    path.write_text("# morning list\nhttp://127.0.0.1:9/a\n\nhttp://127.0.0.1:9/b  # two\n"
                    "http://127.0.0.1:9/a\nhttp://127.0.0.1:9/c\n")
    assert estimate_total([str(path)]) == 3


def test_several_inputs_add_up(tmp_path: Path, corpus: Path) -> None:
    extra = tmp_path / "more.jsonl"
    extra.write_text(_jsonl(10))
    assert estimate_total([str(corpus), str(extra), str(corpus / "a.txt")]) == 15 + 10 + 1


def test_missing_path_and_empty_folder_count_one_rejection_each(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    paths = [str(tmp_path / "nowhere.txt"), str(tmp_path / "empty")]
    assert estimate_total(paths) == 2
    assert len(list(read_inputs(paths))) == 2


@pytest.mark.parametrize("name", ["feed.rss", "feed.atom.gz", "news.xml", "crawl.warc",
                                  "crawl.warc.gz"])
def test_feeds_and_archives_are_unknown(tmp_path: Path, name: str) -> None:
    (tmp_path / "a.txt").write_text(STORY)
    (tmp_path / name).write_bytes(b"not read at all")
    assert estimate_total([str(tmp_path / "a.txt"), str(tmp_path / name)]) is None
    assert estimate_total([str(tmp_path)]) is None  # inside a folder too


@pytest.mark.parametrize("paths", [[], ["-"], ["http://127.0.0.1:9/page"],
                                   ["https://127.0.0.1:9/feed"]])
def test_stdin_and_urls_are_unknown(paths: list[str]) -> None:
    assert estimate_total(paths) is None


def test_byte_budget_gives_up_rather_than_read_a_huge_file(tmp_path: Path) -> None:
    path = tmp_path / "huge.jsonl"
    path.write_text(_jsonl(2000))
    assert estimate_total([str(path)], Budget(max_bytes=path.stat().st_size // 2)) is None
    assert estimate_total([str(path)], Budget(max_bytes=path.stat().st_size)) == 2000


def test_time_budget_gives_up(corpus: Path) -> None:
    assert estimate_total([str(corpus)], Budget(seconds=-1.0)) is None


def test_budget_restarts_for_each_estimate(tmp_path: Path) -> None:
    path = tmp_path / "lines.jsonl"
    path.write_text(_jsonl(50))
    budget = Budget(max_bytes=path.stat().st_size + 10)
    assert estimate_total([str(path)], budget) == 50
    assert estimate_total([str(path)], budget) == 50  # the first run's bytes are not carried


def test_unreadable_gzip_counts_as_its_one_rejection(tmp_path: Path) -> None:
    path = tmp_path / "broken.jsonl.gz"
    path.write_bytes(b"\x1f\x8b\x08\x00garbage")
    assert count_lines(path, True, Budget()) == 0
    assert estimate_total([str(path)]) == 1
    assert len(list(read_inputs([str(path)]))) == 1
