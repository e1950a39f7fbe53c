"""Input readers: files, directories and stdin to :class:`Document` records.

``read_inputs`` reads ``.txt``, ``.html``/``.htm``, ``.jsonl`` (one document per line) and
``.csv`` (a ``text`` or ``html`` column) files, each also gzipped (``.gz``); RSS/Atom feeds
(``.rss``, ``.atom``, ``.xml``), web archives (``.warc``, ``.warc.gz``), lists of URLs to
fetch (``.urls``) and http(s) URLs themselves (see :mod:`eventwire.sources`); directories
recursively by extension, in sorted order; ``-`` or no path at all reads stdin (plain text,
HTML, or JSONL when it starts with ``{``). A bad input never raises out of the iterator: it
becomes a :class:`Rejected` with stage ``read`` and one of the codes E101-E109 (see
:mod:`eventwire.errors`).
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO, cast

from eventwire.errors import InputError
from eventwire.inputs.files import (
    FORMATS,
    input_format,
    parse_pub_date,
    read_file,
    read_limited,
)
from eventwire.inputs.readers import (
    Item,
    read_bytes,
    read_csv,
    read_jsonl,
    read_jsonl_stream,
    read_single,
    reject,
)
from eventwire.records import Document, Rejected
from eventwire.settings import get_settings
from eventwire.sources.fetch import Fetcher

__all__ = ["FORMATS", "read_inputs", "read_path", "read_stdin"]

STDIN = "<stdin>"


def read_inputs(
    paths: Sequence[str], pub_date: str | None = None, stdin: BinaryIO | None = None,
    fetcher: Fetcher | None = None,
) -> Iterator[Document | Rejected]:
    """Documents (or rejections) from ``paths``, in order; ``pub_date`` fills missing dates.

    ``pub_date`` must be "YYYY-MM-DD": anything else raises :class:`InputError` E109 at once,
    before any input is read. ``stdin`` replaces ``sys.stdin`` (for tests and embedding).
    ``fetcher`` fetches URLs and ``.urls`` lists (default: a :class:`Fetcher` that refuses
    private addresses).
    """
    default_date = parse_pub_date(pub_date, "--pub-date")
    return _read_all(list(paths) or ["-"], default_date, stdin, fetcher)


def _read_all(paths: list[str], pub_date: str | None, stdin: BinaryIO | None,
              fetcher: Fetcher | None) -> Iterator[Item]:
    from eventwire.sources.urls import read_url  # noqa: PLC0415 - sources import the readers

    limit = get_settings().max_file_bytes
    web = fetcher or Fetcher.from_settings(get_settings())
    for name in paths:
        if name == "-":
            yield from read_stdin(stdin or sys.stdin.buffer, limit, pub_date)
        elif name.lower().startswith(("http://", "https://")):
            yield from read_url(name, web, pub_date)
        else:
            yield from read_path(Path(name), limit, pub_date, web)


def read_stdin(stream: BinaryIO, limit: int, pub_date: str | None) -> Iterator[Item]:
    """Text, HTML or JSONL from a byte stream (JSONL when its first character is ``{``)."""
    if not hasattr(stream, "peek"):
        stream = cast(BinaryIO, io.BufferedReader(cast(io.RawIOBase, stream)))
    try:
        head = cast(io.BufferedReader, stream).peek(1)[:64]
    except (OSError, ValueError) as exc:
        yield reject(InputError(f"cannot read stdin: {exc}", code="E106"), STDIN)
        return
    if head.lstrip().startswith(b"{"):
        yield from read_jsonl_stream(stream, STDIN, limit, pub_date)
        return
    try:
        data = read_limited(stream, limit)
    except InputError as err:
        yield reject(err, STDIN)
        return
    yield read_bytes(data, STDIN, pub_date)


def read_path(path: Path, limit: int, pub_date: str | None,
              fetcher: Fetcher | None = None) -> Iterator[Item]:
    """Documents from a file or, recursively, a directory."""
    if path.is_dir():
        yield from _read_directory(path, limit, pub_date, fetcher)
        return
    if not path.exists():
        yield reject(InputError("no such file or directory", code="E106"), str(path))
        return
    kind, gzipped = input_format(path)
    if kind in ("text", "html"):
        yield read_single(path, kind == "html", gzipped, limit, pub_date)
    elif kind == "jsonl":
        yield from read_jsonl(path, gzipped, limit, pub_date)
    elif kind == "csv":
        yield from read_csv(path, gzipped, limit, pub_date)
    elif kind in ("feed", "warc", "urls"):
        yield from _read_source(kind, path, gzipped, limit, pub_date, fetcher)
    else:
        supported = ", ".join(sorted(FORMATS))
        err = InputError(f"unsupported input type (use {supported}, maybe .gz)", "E108")
        yield reject(err, str(path))


def _read_source(kind: str, path: Path, gzipped: bool, limit: int, pub_date: str | None,
                 fetcher: Fetcher | None) -> Iterator[Item]:
    """Feeds, web archives and URL lists (:mod:`eventwire.sources`)."""
    from eventwire.sources import read_feed, read_url_file, read_warc  # noqa: PLC0415

    if kind == "warc":  # warcio reads gzipped archives itself, record by record
        yield from read_warc(path, limit, pub_date)
    elif kind == "urls":
        yield from read_url_file(path, limit, fetcher or Fetcher.from_settings(get_settings()),
                                 pub_date)
    else:
        try:
            data = read_file(path, gzipped, limit)
        except InputError as err:
            yield reject(err, str(path))
            return
        yield from read_feed(data, str(path))


def _read_directory(root: Path, limit: int, pub_date: str | None,
                    fetcher: Fetcher | None = None) -> Iterator[Item]:
    # Why not .urls in directories: a folder of pages must not start fetching the web.
    files = sorted(p for p in _walk(root) if input_format(p)[0] not in (None, "urls"))
    if not files:
        err = InputError(f"directory holds no {', '.join(sorted(FORMATS))} files", code="E108")
        yield reject(err, str(root))
    for path in files:
        yield from read_path(path, limit, pub_date, fetcher)


def _walk(root: Path) -> Iterator[Path]:
    """Files under ``root``, skipping hidden files and folders (version control, caches)."""
    try:
        children = sorted(root.iterdir())
    except OSError:
        return
    for child in children:
        if child.name.startswith("."):
            continue
        if child.is_dir() and not child.is_symlink():
            yield from _walk(child)
        elif child.is_file():
            yield child
