"""A cheap estimate of how many documents (or rejections) some inputs will yield.

It feeds the progress bar's total, so the bar can show an ETA; it never parses a document.
A ``.txt``/``.html`` file is 1; a JSONL file is its number of lines (blank lines count too); a
CSV file is its number of lines less the header (a quoted field holding line breaks makes the
estimate high); a ``.urls`` file is its number of URLs (a URL answering with a feed yields its
entries, so the estimate can be low); a directory is the sum over the files ``read_inputs``
takes from it. Feeds, web archives, URLs and stdin cannot be counted without reading them
whole, so any of them makes the total unknown (``None``), as does running out of the budget.
"""

from __future__ import annotations

import time
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from eventwire.errors import InputError
from eventwire.inputs import _walk
from eventwire.inputs.files import input_format, open_binary
from eventwire.settings import get_settings
from eventwire.sources.urls import url_list

CHUNK = 1 << 20
#: Formats whose count needs reading (and parsing) the whole input.
UNCOUNTABLE = frozenset({"feed", "warc"})


class NoTotal(Exception):
    """The total cannot be estimated (cheaply enough)."""


class OverBudget(NoTotal):
    """Counting would cost more than the budget allows."""


class _Unknown(NoTotal):
    """An input whose number of documents cannot be told without reading it."""


@dataclass
class Budget:
    """How much counting may cost: wall time in seconds and (decompressed) bytes read."""

    seconds: float = 2.0
    max_bytes: int = 256 << 20
    read: int = 0
    deadline: float = field(default=0.0, repr=False)

    def start(self) -> None:
        self.deadline = time.monotonic() + self.seconds
        self.read = 0

    def spend(self, n_bytes: int = 0) -> None:
        """Account for ``n_bytes`` read; :class:`OverBudget` once time or bytes run out."""
        self.read += n_bytes
        if self.read > self.max_bytes or time.monotonic() > self.deadline:
            raise OverBudget


def estimate_total(paths: Sequence[str], budget: Budget | None = None) -> int | None:
    """About how many items ``read_inputs(paths)`` yields, or None when that is unknown."""
    plan = budget or Budget()
    plan.start()
    try:
        return sum(_estimate(name, plan) for name in (list(paths) or ["-"]))
    except NoTotal:
        return None


def _estimate(name: str, budget: Budget) -> int:
    if name == "-" or name.lower().startswith(("http://", "https://")):
        raise _Unknown
    path = Path(name)
    if path.is_dir():
        # Same selection as the directory reader: supported formats, .urls not fetched.
        files = [p for p in _files(path, budget) if input_format(p)[0] not in (None, "urls")]
        return sum(_count_file(p, budget) for p in files) or 1  # an empty folder: 1 rejection
    return _count_file(path, budget)


def _files(root: Path, budget: Budget) -> Iterator[Path]:
    for child in _walk(root):
        budget.spend()
        yield child


def _count_file(path: Path, budget: Budget) -> int:
    """Items of one file; a file that will be rejected whole counts 1."""
    kind, gzipped = input_format(path)
    if kind in UNCOUNTABLE:
        raise _Unknown
    if kind == "jsonl":
        return max(count_lines(path, gzipped, budget), 1)
    if kind == "csv":
        return max(count_lines(path, gzipped, budget) - 1, 1)
    if kind == "urls":
        return _count_urls(path, budget)
    return 1  # text, html, and unreadable or unsupported files (one rejection each)


def count_lines(path: Path, gzipped: bool, budget: Budget) -> int:
    """Lines of a (maybe gzipped) file, counting newlines chunk by chunk; 0 if unreadable."""
    lines, last = 0, b"\n"
    try:
        with open_binary(path, gzipped) as stream:
            while chunk := stream.read(CHUNK):
                budget.spend(len(chunk))
                lines += chunk.count(b"\n")
                last = chunk[-1:]
    except (InputError, OSError, EOFError, zlib.error):
        return 0  # the reader will reject the file: one item
    return lines + (last != b"\n")  # a last line without its newline


def _count_urls(path: Path, budget: Budget) -> int:
    try:
        budget.spend(path.stat().st_size)
        return max(len(url_list(path, get_settings().max_file_bytes)), 1)
    except (InputError, OSError):
        return 1
