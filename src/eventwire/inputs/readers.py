"""One reader per input format; each yields documents or rejections and never raises.

Text and HTML files are one document each. JSONL and CSV files are streamed record by record,
so a bad record is rejected alone and the others go on; for them ``max_file_bytes`` limits each
record, not the file.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

from eventwire.errors import InputError
from eventwire.inputs.files import (
    check_binary,
    decode,
    open_binary,
    parse_pub_date,
    read_file,
)
from eventwire.records import Document, Rejected

Item = Document | Rejected
T = TypeVar("T")
STAGE = "read"


def reject(err: InputError, source: str, doc_id: str = "") -> Rejected:
    """The rejection of one input, stage "read"."""
    return Rejected(id=doc_id, source=source, stage=STAGE, code=err.code, reason=err.message)


def _document(text: str, source: str, html: bool, pub_date: str | None) -> Document:
    if html:
        return Document(source=source, raw_html=text, pub_date=pub_date)
    return Document(source=source, raw_text=text, pub_date=pub_date)


def read_single(path: Path, html: bool, gzipped: bool, limit: int, pub_date: str | None) -> Item:
    """A .txt or .html file (maybe gzipped) as one document."""
    source = str(path)
    try:
        text = decode(read_file(path, gzipped, limit), html=html)
    except InputError as err:
        return reject(err, source)
    return _document(text, source, html, pub_date)


def read_bytes(data: bytes, source: str, pub_date: str | None) -> Item:
    """Bytes of unknown kind (stdin) as one document: HTML when it looks like markup."""
    try:
        text = decode(data, html=True)
    except InputError as err:
        return reject(err, source)
    return _document(text, source, looks_like_html(text), pub_date)


def looks_like_html(text: str) -> bool:
    """Whether text is an HTML page or fragment rather than plain text."""
    head = text[:2048].lstrip().lower()
    return head.startswith("<") and any(
        tag in head for tag in ("<html", "<!doctype html", "<body", "<head", "<article", "<p>")
    )


# --- JSONL ----------------------------------------------------------------------------------


def _lines(stream: BinaryIO, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) of each line; bytes is None for a line longer than ``limit``."""
    number = 0
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        number += 1
        if len(line) > limit and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):  # skip the rest of the oversized line
                line = stream.readline(1 << 20)
            yield number, None
        else:
            yield number, line


def _field(record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    if value is None or isinstance(value, str):
        return value or None
    if key == "id" and isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    kind = type(value).__name__
    raise InputError(f"field '{key}' must be a string, not {kind}", code="E109")


def record_document(record: Any, source: str, pub_date: str | None) -> Document:
    """A document from one JSONL/CSV record with ``text`` or ``html``; raises InputError."""
    if not isinstance(record, dict):
        raise InputError("a record must be a JSON object", code="E104")
    key = "html" if isinstance(record.get("html"), str) else "text"
    body = record.get(key)
    if not isinstance(body, str):
        raise InputError("record has no 'text' or 'html' string", code="E105")
    if not body.strip():
        raise InputError(f"record has an empty '{key}'", code="E101")
    doc = _document(body, source, key == "html", None)
    doc.id = _field(record, "id") or ""
    doc.title = _field(record, "title")
    doc.url = _field(record, "url")
    doc.pub_date = parse_pub_date(record.get("pub_date")) or pub_date
    return doc


def _record_id(record: Any) -> str:
    value = record.get("id") if isinstance(record, dict) else None
    return str(value) if isinstance(value, str | int) else ""


def _jsonl_item(line: bytes | None, source: str, limit: int, pub_date: str | None) -> Item:
    if line is None:
        err = InputError(f"line longer than max_file_bytes={limit}", code="E107")
        return reject(err, source)
    try:
        record = json.loads(line.decode("utf-8"))
    except UnicodeDecodeError as exc:
        return reject(InputError(f"not valid UTF-8 ({exc.reason})", "E103"), source)
    except ValueError as exc:
        return reject(InputError(f"malformed JSON: {exc}", "E104"), source)
    try:
        return record_document(record, source, pub_date)
    except InputError as err:
        return reject(err, source, _record_id(record))


def _sniff(stream: BinaryIO) -> None:
    """E102 for a stream whose first bytes look binary; rewinds it."""
    head = stream.read(io.DEFAULT_BUFFER_SIZE)
    if head.strip():
        check_binary(head.removeprefix(codecs.BOM_UTF8))
    stream.seek(0)


def _counted(items: Iterator[T]) -> Iterator[T]:
    """The items, or one E101 rejection when there are none (an empty or blank file)."""
    empty = True
    for item in items:
        empty = False
        yield item
    if empty:
        raise InputError("empty document", code="E101")


def read_jsonl(path: Path, gzipped: bool, limit: int, pub_date: str | None) -> Iterator[Item]:
    """One document per non-blank line of a JSONL file, streamed."""
    try:
        with open_binary(path, gzipped) as stream:
            _sniff(stream)
            yield from _counted(read_jsonl_stream(stream, str(path), limit, pub_date))
    except InputError as err:
        yield reject(err, str(path))
    except (OSError, EOFError, zlib.error) as exc:
        yield reject(InputError(f"cannot read: {exc}", code="E106"), str(path))


def read_jsonl_stream(
    stream: BinaryIO, name: str, limit: int, pub_date: str | None
) -> Iterator[Item]:
    """One document per non-blank line of a JSONL byte stream."""
    for number, line in _lines(stream, limit):
        if line is not None and not line.strip():
            continue
        yield _jsonl_item(line, f"{name}:{number}", limit, pub_date)


# --- CSV ------------------------------------------------------------------------------------


Row = tuple[int, dict[str, Any]]


def _csv_rows(text: io.TextIOWrapper, limit: int) -> Iterator[Row]:
    csv.field_size_limit(max(limit, csv.field_size_limit()))
    reader = csv.DictReader(text)
    blank_header = not any(c.strip() for c in reader.fieldnames or ())
    if blank_header and not any(line.strip() for line in text):  # nothing but white space
        raise InputError("empty document", code="E101")
    columns = {c.strip() for c in reader.fieldnames or ()}
    if not columns & {"text", "html"}:
        raise InputError("CSV has no 'text' or 'html' column", code="E105")
    for row in reader:
        yield reader.line_num, {(k or "").strip(): v for k, v in row.items()}


def read_csv(path: Path, gzipped: bool, limit: int, pub_date: str | None) -> Iterator[Item]:
    """One document per row of a CSV file with a ``text`` (or ``html``) column, streamed."""
    source, line = str(path), 0
    try:
        with open_binary(path, gzipped) as stream:
            _sniff(stream)
            with io.TextIOWrapper(stream, encoding="utf-8-sig", newline="") as text:
                for line, row in _counted(_csv_rows(text, limit)):
                    yield _csv_item(row, f"{source}:{line}", pub_date)
    except InputError as err:
        yield reject(err, source)
    except UnicodeDecodeError as exc:
        bad = InputError(f"after line {line}: not valid UTF-8 ({exc.reason})", "E103")
        yield reject(bad, source)
    except csv.Error as exc:
        bad = InputError(f"after line {line}: malformed CSV: {exc}", code="E104")
        yield reject(bad, source)
    except (OSError, EOFError, zlib.error) as exc:
        yield reject(InputError(f"cannot read: {exc}", code="E106"), source)


def _csv_item(row: dict[str, Any], source: str, pub_date: str | None) -> Item:
    record = {k: v for k, v in row.items() if k and v not in (None, "")}
    if "text" in row and "text" not in record and "html" not in record:
        record["text"] = ""  # an empty cell is an empty document, not a missing column
    try:
        return record_document(record, source, pub_date)
    except InputError as err:
        return reject(err, source, _record_id(record))
