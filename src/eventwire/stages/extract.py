"""extract stage: turn raw input into the clean body ``doc.text`` and its metadata.

HTML goes through trafilatura (precise pass, with a default-pass and a readability fallback
measured on the Zyte benchmark; options in ``resources/extract/html.toml``) and yields title,
date, author, site and URL. Plain text is normalised (Unicode NFC, one space between words,
paragraphs kept as blank lines), its first line is taken out as the title when it looks like a
headline (``resources/extract/title.toml``), and web boilerplate pasted along with it (comment
forms, share bars, cookie notes, newsletter boxes, related-article footers;
``resources/extract/boilerplate.toml``) is removed into ``doc.removed``.

A document without an id gets a stable one: the first 16 hex digits of the SHA-1 of its body,
so that re-ingesting the same text never makes a second document.
"""

from __future__ import annotations

import hashlib
import logging
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from eventwire.errors import ExtractError, InputError
from eventwire.pipeline import Stage
from eventwire.records import Document
from eventwire.settings import get_settings

log = logging.getLogger(__name__)

# Invisible characters that only break tokenisation: C0 controls (not \t \n), DEL, zero-width
# spaces and joiners, soft hyphen, BOM.
_INVISIBLE = re.compile(r"[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f\u00ad\u200b-\u200d\u2060\ufeff]")
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_BLANKS = re.compile(r"\n{3,}")
_WORD = re.compile(r"\w+")
_START_TAG = re.compile(r"<[a-zA-Z][^<>]*")
#: Attributes one tag may carry; real pages stay far below it (a base64 image has one '=').
MAX_TAG_ATTRIBUTES = 2000


# --- resources ------------------------------------------------------------------------------


def _load_toml(name: str) -> dict[str, Any]:
    text = resources.files("eventwire").joinpath("resources", "extract", name).read_text("utf-8")
    return tomllib.loads(text)


def _compile(patterns: list[str]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in patterns)


@dataclass(frozen=True)
class BoilerplateRules:
    """Line and footer patterns of ``boilerplate.toml``."""

    line: tuple[re.Pattern[str], ...]
    line_max_chars: int
    tail: tuple[re.Pattern[str], ...]
    tail_min_position: float


@dataclass(frozen=True)
class TitleRules:
    """When a first line is a headline (``title.toml``)."""

    max_chars: int
    max_words: int
    min_words: int
    final_punctuation: str
    not_title: tuple[re.Pattern[str], ...]


@lru_cache(maxsize=1)
def boilerplate_rules() -> BoilerplateRules:
    """The boilerplate patterns, loaded once per process."""
    data = _load_toml("boilerplate.toml")
    return BoilerplateRules(
        line=_compile(data["line"]["patterns"]),
        line_max_chars=int(data["line"]["max_chars"]),
        tail=_compile(data["tail"]["patterns"]),
        tail_min_position=float(data["tail"]["min_position"]),
    )


@lru_cache(maxsize=1)
def title_rules() -> TitleRules:
    """The headline rules, loaded once per process."""
    data = _load_toml("title.toml")
    return TitleRules(
        max_chars=int(data["max_chars"]),
        max_words=int(data["max_words"]),
        min_words=int(data["min_words"]),
        final_punctuation=str(data["final_punctuation"]),
        not_title=_compile(data["not_title"]),
    )


@lru_cache(maxsize=1)
def html_options() -> dict[str, Any]:
    """trafilatura options and fallback thresholds of ``html.toml``."""
    return _load_toml("html.toml")


# --- plain text -----------------------------------------------------------------------------


def normalise(text: str) -> str:
    """NFC, unified newlines, no invisible characters, single spaces, at most one blank line.

    Idempotent: ``normalise(normalise(t)) == normalise(t)``.
    """
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2029", "\n\n").replace("\u2028", "\n").replace("\x85", "\n")
    text = _INVISIBLE.sub("", text)
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip()


def _line_starts(lines: list[str]) -> list[int]:
    starts, pos = [], 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    return starts


def _tail_index(lines: list[str], rules: BoilerplateRules) -> int | None:
    """Index of the first line that opens a footer: in the last part of the body, or followed
    by nothing but boilerplate lines (a comment form under a very short article)."""
    total = sum(len(line) + 1 for line in lines)
    for i, start in enumerate(_line_starts(lines)):
        if len(lines[i]) > rules.line_max_chars or not _matches(lines[i], rules.tail):
            continue
        if start >= rules.tail_min_position * total or _all_boilerplate(lines[i + 1 :], rules):
            return i
    return None


def _all_boilerplate(lines: list[str], rules: BoilerplateRules) -> bool:
    return all(not line or _is_boilerplate_line(line, rules) for line in lines)


def _is_boilerplate_line(line: str, rules: BoilerplateRules) -> bool:
    return len(line) <= rules.line_max_chars and _matches(line, rules.line)


def _matches(line: str, patterns: tuple[re.Pattern[str], ...]) -> bool:
    return any(p.search(line) for p in patterns)


def clean_boilerplate(text: str) -> tuple[str, list[str]]:
    """Remove web boilerplate from normalised text; return the body and the removed pieces."""
    rules = boilerplate_rules()
    lines = text.split("\n")
    removed: list[str] = []
    cut = _tail_index(lines, rules)
    if cut is not None:
        removed.append("\n".join(lines[cut:]).strip())
        lines = lines[:cut]
    kept = []
    for line in lines:
        if line and _is_boilerplate_line(line, rules):
            removed.append(line)
        else:
            kept.append(line)
    return normalise("\n".join(kept)), removed


def _same_text(a: str, b: str) -> bool:
    return _WORD.findall(a.casefold()) == _WORD.findall(b.casefold())


def looks_like_title(line: str) -> bool:
    """A short first line without final punctuation, like a headline."""
    rules = title_rules()
    words = _WORD.findall(line)
    return (
        0 < len(line) <= rules.max_chars
        and rules.min_words <= len(words) <= rules.max_words
        and line.rstrip("\"'”’»)")[-1:] not in rules.final_punctuation
        and not _matches(line, rules.not_title)
    )


def split_title(text: str, known: str | None = None) -> tuple[str | None, str]:
    """Separate a headline first line from the body; ``known`` is a title given by the input.

    A first line equal to the known title is removed from the body; otherwise, without a known
    title, a first line that looks like a headline becomes the title.
    """
    first, _, rest = text.partition("\n")
    if not rest.strip():
        return known, text
    if known:
        return (known, rest.strip()) if _same_text(first, known) else (known, text)
    if looks_like_title(first):
        return first, rest.strip()
    return None, text


# --- HTML -----------------------------------------------------------------------------------


@dataclass
class HtmlBody:
    """The main text of an HTML page and the metadata found with it."""

    text: str
    title: str | None = None
    date: str | None = None
    author: str | None = None
    site: str | None = None
    url: str | None = None


@lru_cache(maxsize=1)
def _quiet_extractors() -> None:
    # trafilatura and readability log every unparsable page at ERROR level, with tracebacks;
    # eventwire reports such a page once, as a coded rejection (E201), instead.
    for name in ("trafilatura", "readability", "htmldate", "courlan"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


def _trafilatura(html: str, url: str | None, **options: Any) -> Any:
    import trafilatura

    _quiet_extractors()
    try:
        return trafilatura.bare_extraction(html, url=url, **options)
    except Exception as exc:  # lxml/trafilatura failures on broken markup: no body from this pass
        log.debug("trafilatura failed on %s: %s", url, exc)
        return None


def _readability(html: str) -> str:
    """Body found by readability-lxml, as text (empty when it finds none)."""
    import lxml.html
    from readability import Document as ReadableDocument

    _quiet_extractors()
    try:
        summary = ReadableDocument(html).summary(html_partial=True)
    except Exception as exc:  # readability raises on pages without a usable body
        log.debug("readability failed: %s", exc)
        return ""
    found = _trafilatura(summary, None, include_comments=False, favor_recall=True)
    if found is not None and found.text:
        return str(found.text)
    return str(lxml.html.fromstring(summary).text_content()) if summary.strip() else ""


def _words(text: str | None) -> int:
    return len(_WORD.findall(text or ""))


def _best_body(html: str, url: str | None, precise: Any) -> str:
    """The precise body, unless the fallback passes agree that it misses most of the article."""
    fallback = html_options()["fallback"]
    body = _text_of(precise)
    readable = _readability(html)
    if _default_may_win(_words(body), _words(readable), fallback):
        default = _text_of(_trafilatura(html, url, include_comments=False))
        longer = _words(default)
        # The default pass alone also swells on pages full of teasers and metadata: trust it
        # over the precise pass only when readability, too, sees a long article.
        short = _words(body) < fallback["min_precise_share"] * longer
        if short and _words(readable) >= fallback["default_needs_readability_share"] * longer:
            body = default
    gain = _words(readable) > fallback["readability_gain"] * _words(body)
    if gain and _words(readable) >= fallback["readability_min_words"]:
        body = readable
    return body


def _default_may_win(precise: int, readable: int, fallback: dict[str, float]) -> bool:
    """Whether the default pass could replace the precise one, so is worth running.

    It wins when precise < share * default and readable >= agree * default, which needs
    readable > (agree / share) * precise: without that, skip the pass (same result, faster).
    """
    share, agree = fallback["min_precise_share"], fallback["default_needs_readability_share"]
    return share > 0 and readable > (agree / share) * precise


def _text_of(found: Any) -> str:
    return str(found.text) if found is not None and found.text else ""


def extract_html(html: str, url: str | None = None) -> HtmlBody:
    """Main text and metadata of an HTML page; the text is not yet normalised or cleaned."""
    options = dict(html_options()["trafilatura"])
    precise = _trafilatura(html, url, with_metadata=True, **options)
    body = _best_body(html, url, precise)
    if precise is None:
        return HtmlBody(text=body, url=url)
    return HtmlBody(
        text=body,
        title=precise.title or None,
        date=_iso_day(precise.date),
        author=precise.author or None,
        site=precise.sitename or None,
        url=precise.url or url,
    )


def _iso_day(value: Any) -> str | None:
    text = str(value or "")
    return text[:10] if re.fullmatch(r"\d{4}-\d{2}-\d{2}.*", text) else None


def _paragraphs(text: str) -> str:
    """One blank line between the paragraphs trafilatura puts on separate lines."""
    return "\n\n".join(line for line in normalise(text).split("\n") if line)


# --- the stage ------------------------------------------------------------------------------


def document_id(text: str) -> str:
    """Stable id of a body: the first 16 hex digits of the SHA-1 of its UTF-8 bytes."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


class ExtractStage(Stage):
    """Clean body, title and publication date from ``raw_html`` or ``raw_text``."""

    name = "extract"
    requires = ("raw",)
    assigns = ("text", "title", "pub_date")

    def __call__(self, doc: Document) -> Document:
        if doc.raw_html is not None:
            body = self._from_html(doc)
        elif doc.raw_text is not None:
            body = normalise(doc.raw_text)
        elif doc.text.strip():
            return self._given(doc)
        else:
            raise InputError("document has neither raw_text nor raw_html", code="E101")
        if not body:
            raise InputError("document is empty", code="E101")
        doc.text = self._finish(doc, body)
        doc.id = doc.id or document_id(doc.text)
        return doc

    def _given(self, doc: Document) -> Document:
        """A document built with ``text`` and no raw input is taken as clean, unchanged:
        callers such as evaluations hold annotations whose offsets index that exact text."""
        _check_size(doc.text)
        doc.id = doc.id or document_id(doc.text)
        return doc

    def _from_html(self, doc: Document) -> str:
        _check_tags(doc.raw_html or "")
        found = extract_html(doc.raw_html or "", doc.url)
        if not _WORD.search(found.text):
            raise ExtractError("HTML page has no main text", code="E201")
        doc.title = doc.title or found.title
        doc.pub_date = doc.pub_date or found.date
        doc.author = doc.author or found.author
        doc.site = doc.site or found.site
        doc.url = doc.url or found.url
        return _paragraphs(found.text)

    def _finish(self, doc: Document, body: str) -> str:
        """Boilerplate removed, title out of the body, size checked."""
        body, removed = clean_boilerplate(body)
        doc.removed.extend(removed)
        if not _WORD.search(body):
            raise ExtractError("text is only boilerplate (" + _preview(removed) + ")", code="E202")
        doc.title, body = split_title(body, doc.title)
        _check_size(body)
        return body


def _check_size(body: str) -> None:
    limit = get_settings().max_doc_chars
    if len(body) > limit:
        raise InputError(
            f"body has {len(body)} characters, more than max_doc_chars={limit}", code="E107"
        )


def _check_tags(html: str) -> None:
    """E107 for a tag with thousands of attributes: lxml's duplicate-attribute check is
    quadratic in them, so one such tag could hold the parser for minutes."""
    for tag in _START_TAG.finditer(html):
        if tag.group().count("=") > MAX_TAG_ATTRIBUTES:
            raise InputError(f"a <{tag.group()[1:20].split()[0]}> tag has more than "
                             f"{MAX_TAG_ATTRIBUTES} attributes; not a web page", code="E107")


def _preview(pieces: list[str]) -> str:
    text = " | ".join(pieces)
    return text if len(text) <= 80 else text[:77] + "..."
