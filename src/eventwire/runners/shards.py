"""Shards: the input files an engine splits a corpus into, and the documents they hold.

A shard is one file: JSONL (and every other format :func:`eventwire.inputs.read_path` reads,
gzipped too, WARC as soon as the readers dispatch it) or Parquet with a ``text`` or ``html``
column (and optional ``id``, ``title``, ``url``, ``pub_date``). Each engine reads whole shards
in its workers, so a cluster reads in parallel; both engines read a shard with the same
function, so they see the same documents with the same ``source`` names.
"""

from __future__ import annotations

import glob
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from eventwire.errors import InputError, UsageError
from eventwire.inputs import read_path
from eventwire.inputs.files import input_format
from eventwire.inputs.readers import Item, record_document, reject
from eventwire.settings import get_settings

PARQUET = ".parquet"

def is_shard(path: Path) -> bool:
    """Whether ``path`` is a file an engine reads: Parquet or any format the readers know."""
    return path.suffix.lower() == PARQUET or input_format(path)[0] is not None


def list_shards(spec: str) -> list[Path]:
    """The shard files of a directory (recursively) or a glob pattern, sorted; E501 if none."""
    root = Path(spec)
    if root.is_dir():
        found = [p for p in root.rglob("*") if p.is_file() and not _hidden(p, root)]
    elif root.is_file():
        found = [root]
    else:
        found = [Path(p) for p in glob.glob(spec, recursive=True) if Path(p).is_file()]
    shards = sorted(p for p in found if is_shard(p))
    if not shards:
        raise UsageError(f"--input {spec!r} matches no JSONL, Parquet or text files", "E501")
    return shards


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def read_shard(path: str, pub_date: str | None = None) -> Iterator[Item]:
    """Documents (or read rejections) of one shard, in file order; never raises."""
    shard = Path(path)
    limit = get_settings().max_file_bytes
    if shard.suffix.lower() == PARQUET:
        yield from _read_parquet(shard, pub_date)
    else:
        yield from read_path(shard, limit, pub_date)


def _read_parquet(path: Path, pub_date: str | None) -> Iterator[Item]:
    """One document per row of a Parquet file, streamed a record batch at a time."""
    try:
        rows = _parquet_rows(path)
        for number, record in enumerate(rows, start=1):
            yield _record_item(record, f"{path}:{number}", pub_date)
    except InputError as err:
        yield reject(err, str(path))
    except (OSError, pa.ArrowException) as exc:
        yield reject(InputError(f"cannot read Parquet: {exc}", code="E106"), str(path))


def _parquet_rows(path: Path) -> Iterator[dict[str, Any]]:
    parquet = pq.ParquetFile(path)
    if not {"text", "html"} & set(parquet.schema_arrow.names):
        raise InputError("Parquet file has no 'text' or 'html' column", code="E105")
    for batch in parquet.iter_batches(batch_size=256):
        yield from batch.to_pylist()


def _record_item(record: dict[str, Any], source: str, pub_date: str | None) -> Item:
    try:
        return record_document(_cleaned(record), source, pub_date)
    except InputError as err:
        value = record.get("id")
        return reject(err, source, str(value) if value is not None else "")


def _cleaned(record: dict[str, Any]) -> dict[str, Any]:
    """A Parquet row as the JSONL reader expects it: missing values left out, ids as text."""
    out = {k: v for k, v in record.items() if v is not None}
    value = out.get("pub_date")
    if isinstance(value, date):  # a Parquet date or timestamp column
        out["pub_date"] = value.isoformat()
    return out
