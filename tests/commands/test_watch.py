"""``eventwire watch``: rounds store new feed entries once, and survive bad feeds."""

from __future__ import annotations

import argparse
import io
from pathlib import Path

import pytest

from eventwire.commands import watch as watch_command
from eventwire.errors import UsageError
from eventwire.pipeline import Pipeline
from eventwire.sources import Fetcher
from eventwire.sources.watch import parse_every, watch
from eventwire.store import Reader

STORIES = [
    ("a", "Freedonia and Sylvania agree on river survey",
     "The foreign ministers of Freedonia and Sylvania met in the Sylvanian capital on Tuesday "
     "and agreed to set up a joint commission to survey their disputed river border."),
    ("b", "Farmers march on regional assembly",
     "Thousands of farmers marched on the regional assembly of Freedonia on Friday to protest "
     "against new water charges, blocking the main road for several hours."),
    ("c", "Minister visits port city",
     "The Sylvanian trade minister visited the Freedonian port of Marlow on Sunday to open "
     "a new ferry line between the two countries."),
]


def rss(count: int) -> str:
    items = "".join(
        f"<item><title>{title}</title><link>http://news.example/{key}</link>"
        f"<pubDate>Tue, 05 Mar 2024 08:00:00 GMT</pubDate>"
        f"<description><![CDATA[<p>{body}</p><p>{body}</p>]]></description></item>"
        for key, title, body in STORIES[:count])
    head = '<?xml version="1.0"?><rss version="2.0"><channel><title>w</title>'
    return f"{head}{items}</channel></rss>"


def _run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="eventwire")
    watch_command.register(parser.add_subparsers())
    args = parser.parse_args(argv)
    return int(args.func(args))


@pytest.mark.parametrize("text,seconds", [("90", 90), ("30s", 30), ("10m", 600),
                                          ("1.5h", 5400), ("1d", 86400)])
def test_every_reads_durations(text: str, seconds: float) -> None:
    assert parse_every(text) == seconds


@pytest.mark.parametrize("text", ["", "0m", "ten minutes", "5w", "-3s"])
def test_every_refuses_other_text(text: str) -> None:
    with pytest.raises(UsageError, match="E501"):
        parse_every(text)


def _stored(db: Path) -> list[str]:
    with Reader(db) as reader:
        return sorted(d.document.url or "" for d in reader.documents())


def test_watch_once_stores_new_entries_and_skips_bad_feeds(
        nlp_pipeline: Pipeline, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good, junk, feeds, db = (tmp_path / n for n in ("good.rss", "junk.xml", "feeds.txt", "w.db"))
    good.write_text(rss(2))
    junk.write_bytes(b"\x00\x01 not a feed")
    feeds.write_text(f"# my feeds\n{good}\n{junk}\nhttp://127.0.0.1:9/down.rss\n")
    args = ["watch", str(feeds), "--once", "--db", str(db), "--allow-private", "--retries",
            "0", "--no-fetch-articles"]
    assert _run(args) == 1  # two feeds failed this round
    err = capsys.readouterr().err
    assert "junk.xml skipped this round: E112" in err and "down.rss skipped" in err
    assert _stored(db) == ["http://news.example/a", "http://news.example/b"]
    good.write_text(rss(3))
    feeds.write_text(f"{good}\n")
    assert _run(args) == 0
    assert "3 entries, 1 new" in capsys.readouterr().err
    assert _stored(db) == [f"http://news.example/{k}" for k in "abc"]


class _Stop(Exception):
    pass


def test_watch_loop_survives_a_garbled_round(nlp_pipeline: Pipeline, tmp_path: Path) -> None:
    feed, feeds, db = tmp_path / "f.rss", tmp_path / "feeds.txt", tmp_path / "w.db"
    feed.write_text("<rss><channel><item><title>cut off")
    feeds.write_text(f"{feed}\n")
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        if len(waits) == 2:
            raise _Stop
        feed.write_text(rss(1))  # the feed comes back for the next round

    log = io.StringIO()
    with pytest.raises(_Stop):
        watch(feeds, db, 60.0, Fetcher(), log=log, fetch_articles=False, sleep=sleep)
    assert _stored(db) == ["http://news.example/a"]
    assert "skipped this round" in log.getvalue() and "1 new" in log.getvalue()
    assert all(0 < w <= 60.0 for w in waits)
