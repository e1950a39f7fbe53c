"""Bytes in, text out: opening (maybe gzipped) files, size limits, binary and encoding checks.

Every function here raises :class:`eventwire.errors.InputError` with a stable code for a bad
input; the readers turn it into a :class:`eventwire.records.Rejected`.
"""

from __future__ import annotations

import codecs
import gzip
import re
import zlib
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO, cast

from eventwire.errors import InputError

#: Input formats by file suffix (a further ``.gz`` means gzip-compressed).
FORMATS: dict[str, str] = {
    ".txt": "text", ".text": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".csv": "csv",
    ".rss": "feed", ".atom": "feed", ".xml": "feed",
    ".warc": "warc", ".arc": "warc",
    ".urls": "urls",
}  # fmt: skip

SNIFF_BYTES = 8192
# Signatures of common binary files that can carry a misleading extension.
_MAGIC: tuple[bytes, ...] = (
    b"%PDF-", b"PK\x03\x04", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x1f\x8b",
    b"\xfd7zXZ", b"7z\xbc\xaf", b"\x7fELF", b"\xd0\xcf\x11\xe0",
)  # fmt: skip
# Control bytes that never occur in text (tab, newlines, form feed and escape can).
_CONTROL = frozenset(range(32)) - {9, 10, 12, 13, 27}
_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]{0,100}encoding\s*=\s*["']([\w.:-]+)""", re.IGNORECASE)


def input_format(path: Path) -> tuple[str | None, bool]:
    """(format, gzipped) of a path from its suffixes; format is None when unsupported."""
    name = path.name.lower()
    gzipped = name.endswith(".gz")
    if gzipped:
        name = name[:-3]
    return FORMATS.get(Path(name).suffix), gzipped


def open_binary(path: Path, gzipped: bool) -> BinaryIO:
    """Open a file for reading bytes, decompressing gzip on the fly."""
    try:
        stream = gzip.open(path, "rb") if gzipped else path.open("rb")  # noqa: SIM115 - caller closes
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", code="E106") from exc
    return cast(BinaryIO, stream)


def read_limited(stream: BinaryIO, limit: int) -> bytes:
    """All bytes of ``stream``, or E107 when there are more than ``limit``."""
    try:
        data = stream.read(limit + 1)
    except (OSError, EOFError, zlib.error) as exc:
        raise InputError(f"cannot read: {exc}", code="E106") from exc
    if len(data) > limit:
        raise InputError(
            f"larger than max_file_bytes={limit}; split it or raise the setting",
            code="E107",
        )
    return data


def read_file(path: Path, gzipped: bool, limit: int) -> bytes:
    """The (decompressed) bytes of a file, with E106 for unreadable and E107 for too large."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", code="E106") from exc
    if size > limit:
        raise InputError(f"{size} bytes, more than max_file_bytes={limit}", "E107")
    with open_binary(path, gzipped) as stream:
        return read_limited(stream, limit)


def check_binary(data: bytes) -> None:
    """E102 when the first bytes look like a binary file rather than text."""
    head = data[:SNIFF_BYTES]
    control = sum(1 for b in head if b in _CONTROL)
    # Why a ratio: stray control characters occur in scraped text; binaries are full of them.
    if b"\x00" in head or head.startswith(_MAGIC) or control > max(2, len(head) // 20):
        raise InputError("binary content, not text", code="E102")


def _declared_charset(data: bytes) -> str | None:
    head = data[:SNIFF_BYTES]
    found = _CHARSET.search(head) or _XML_ENCODING.search(head)
    if not found:
        return None
    try:
        return codecs.lookup(found.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None


def _utf16(data: bytes) -> str:
    try:
        return data.decode("utf-16")
    except UnicodeDecodeError as exc:
        raise InputError("has a UTF-16 mark but is not valid UTF-16", "E103") from exc


def decode(data: bytes, html: bool = False) -> str:
    """Text of ``data``: UTF-8 (or UTF-16 with a byte-order mark, or an HTML page's declared
    charset); E101 when empty, E102 when binary, E103 when not valid in its encoding."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _utf16(data)
    else:
        data = data.removeprefix(codecs.BOM_UTF8)
        if not data.strip():
            raise InputError("empty document", code="E101")
        check_binary(data)
        text = _decode_8bit(data, html)
    if not text.strip():
        raise InputError("empty document", code="E101")
    return text


def _decode_8bit(data: bytes, html: bool) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        charset = _declared_charset(data) if html else None
        if charset and charset != "utf-8":
            try:
                return data.decode(charset)
            except UnicodeDecodeError:
                pass
        raise InputError(
            f"not valid UTF-8 (byte {exc.start}: {data[exc.start : exc.start + 1]!r}); "
            "convert it, e.g. with 'iconv -t UTF-8'",
            code="E103",
        ) from exc


def parse_pub_date(value: object, source: str = "pub_date") -> str | None:
    """A publication date as "YYYY-MM-DD" (an ISO date-time keeps its date); E109 otherwise."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        text = value.strip()
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            pass
        try:
            return datetime.fromisoformat(text.replace("Z", "+00:00")).date().isoformat()
        except ValueError:
            pass
    raise InputError(f"{source} {value!r} is not a date in YYYY-MM-DD form", code="E109")
