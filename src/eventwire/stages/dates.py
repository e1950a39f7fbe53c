"""dates stage: time expressions with TIMEX3 values, the publication date, and event dates.

The tagger (:mod:`eventwire.timex`) is rule-based and anchored on ``doc.pub_date``; this
stage gives it the tense of the clause around each expression, read from the spaCy parse,
so that "on Thursday" points back in past-tense reporting and forward in future-tense.
When the document has no publication date, a dateline ("MOSCOW, March 2 (Reuters) -")
supplies one. :func:`event_date` dates an event for the events stage.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from eventwire.pipeline import Stage
from eventwire.records import DateExpr, Document, Event
from eventwire.timex import TenseFn, tag
from eventwire.timex_grammar import load_grammar
from eventwire.timex_values import make_date, parse_date

#: Auxiliaries that put a clause in the future.
FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo", "\u2019ll"})


def _verb_of(token: Any) -> Any:
    """The verb governing a token: itself, or the nearest verb up the dependency tree."""
    while token.pos_ not in ("VERB", "AUX") and token.head.i != token.i:
        token = token.head
    return token


def _clause_tense(verb: Any) -> str | None:
    """past, present, future or modal ("might come") for the clause headed by ``verb``."""
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(a.lower_ in FUTURE_AUX for a in auxes):
        return "future"
    perfect = any(a.lemma_ == "have" for a in auxes)  # "may have been" looks back
    if not perfect and any(a.lower_ in load_grammar().lexicon["modals"] for a in auxes):
        return "modal"
    tags = [verb.tag_] + [a.tag_ for a in auxes]
    if "VBD" in tags or (verb.tag_ == "VBN" and any(a.lemma_ == "have" for a in auxes)):
        return "past"
    if verb.tag_ == "VB" and any(c.lower_ == "to" for c in verb.children):
        if verb.head.i == verb.i:
            return None
        governor = _verb_of(verb.head)
        if governor.lemma_ in load_grammar().lexicon["future_governors"]:
            return "future"
        return _clause_tense(governor) if governor.i != verb.i else None
    if verb.tag_ in ("VBZ", "VBP", "VBG") or (verb.tag_ == "VB" and auxes):
        return "present"
    return None


def tense_reader(nlp_doc: Any) -> TenseFn:
    """A function giving the tense of the clause at a character offset of a spaCy Doc."""

    def tense(offset: int) -> str | None:
        span = nlp_doc.char_span(offset, offset + 1, alignment_mode="expand")
        if span is None or len(span) == 0:
            return None
        verb = _verb_of(span[0])
        if verb.pos_ not in ("VERB", "AUX"):
            return None
        return _clause_tense(verb)

    return tense


# --- publication date from a dateline ------------------------------------------------------

DATELINE = re.compile(
    r"^\s*(?:[A-Z][A-Za-z.'\u2019-]*\s*){1,4}(?:,\s*[A-Z][A-Za-z. ]+)?\s*"
    r"(?:\([^)]{1,30}\)\s*)?(?:[,\u2013\u2014-]\s*)?"
    r"(?:(?P<month>[A-Z][a-z]{2,8})\.?\s+(?P<day>\d{1,2})"
    r"|(?P<day2>\d{1,2})\s+(?P<month2>[A-Z][a-z]{2,8})\.?)"
    r"(?:,?\s+(?P<year>\d{4}))?\s*"
    r"(?:\([^)]{1,30}\)\s*)?[-\u2013\u2014_:]",
)
YEAR = re.compile(r"(?<![\d,.$])(?:19|20)\d\d(?!\d)")


def dateline_date(text: str) -> str | None:
    """The date of a dateline at the start of ``text`` as YYYY-MM-DD, or None.

    A dateline without a year takes the year the text mentions most (the later one on a tie).
    """
    m = DATELINE.match(text[:200])
    if not m:
        return None
    month_no = load_grammar().word("months", m["month"] or m["month2"])
    years = Counter(int(y) for y in YEAR.findall(text))
    common = max(years.items(), key=lambda kv: (kv[1], kv[0]), default=None)
    year = int(m["year"]) if m["year"] else (common[0] if common else None)
    if not month_no or year is None:
        return None
    d = make_date(year, int(month_no), int(m["day"] or m["day2"]))
    return d.isoformat() if d else None


class DatesStage(Stage):
    """Tag and normalise time expressions; fill ``doc.pub_date`` from a dateline if missing."""

    name = "dates"
    requires = ("nlp",)
    assigns = ("dates",)

    def __call__(self, doc: Document) -> Document:
        if doc.pub_date is None:
            doc.pub_date = dateline_date(doc.text)
        tense = tense_reader(doc.nlp) if doc.nlp is not None else None
        doc.dates = tag(doc.text, doc.pub_date, tense)
        return doc


# --- event dates ------------------------------------------------------------------------------

#: Resolutions an event date can take, and how a TIMEX3 value maps onto them.
EVENT_RESOLUTION = {
    "day": "day", "time": "day", "week": "day", "month": "month",
    "quarter": "year", "half": "year", "season": "year", "year": "year",
}  # fmt: skip


_CALENDAR = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
_WEEK = re.compile(r"(\d{4})-W(\d{2})")


def _event_value(expr: DateExpr) -> tuple[str, str] | None:
    """The event date ("YYYY-MM-DD", "YYYY-MM" or "YYYY") an expression gives, if concrete."""
    if expr.timex_type not in ("DATE", "TIME") or expr.resolution not in EVENT_RESOLUTION:
        return None
    resolution = EVENT_RESOLUTION[expr.resolution]
    if expr.resolution == "week":
        return _week_value(expr.value)
    length = {"day": 10, "month": 7, "year": 4}[resolution]
    value = expr.value[:length]
    if not _CALENDAR.fullmatch(value) or len(value) != length:
        return None
    return value, resolution


def _week_value(value: str) -> tuple[str, str] | None:
    """A week as its month when it lies in one month (weeks cannot be event dates)."""
    m = _WEEK.match(value)
    if not m:
        return None
    from datetime import date

    monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
    sunday = date.fromisocalendar(int(m[1]), int(m[2]), 7)
    if monday.month == sunday.month:
        return f"{monday.year:04d}-{monday.month:02d}", "month"
    return f"{monday.year:04d}", "year"


def _tokens(doc: Document, start: int, end: int) -> Any:
    """The root token of the parse over [start, end), or None."""
    if doc.nlp is None:
        return None
    span = doc.nlp.char_span(start, end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _link(doc: Document, expr: DateExpr, trigger: tuple[int, int] | None) -> str:
    """How an expression relates to the trigger verb in the parse.

    "attached" when it hangs off the trigger, "governs" when it hangs off a verb above the
    trigger (its clause includes the event), "elsewhere" when it belongs to another clause
    ("since the war began a year ago"), "unknown" without a parse.
    """
    root = _tokens(doc, expr.start, expr.end)
    trig = _tokens(doc, *trigger) if trigger else None
    if root is None or trig is None:
        return "unknown"
    verb = _verb_of(root.head)
    if verb.i == trig.i or root.head.i == trig.i:
        return "attached"
    if any(a.i == verb.i for a in trig.ancestors):
        return "governs"
    return "elsewhere"


def _distance(expr: DateExpr, trigger: tuple[int, int] | None, start: int) -> int:
    point = trigger[0] if trigger else start
    return abs(expr.start - point)


def _in_sentence(doc: Document, event: Event) -> list[tuple[DateExpr, tuple[str, str]]]:
    found = []
    for expr in doc.dates:
        inside = event.start <= expr.start and expr.end <= event.end
        if inside and (value := _event_value(expr)):
            found.append((expr, value))
    return found


def _paragraph_start(text: str, offset: int) -> int:
    return text.rfind("\n", 0, offset) + 1


def _from_paragraph(doc: Document, event: Event) -> tuple[str, str] | None:
    """The last day named earlier in the event's paragraph.

    Only a day carries over ("On Thursday, X said ... He added ..."): a year or month in an
    earlier sentence is usually background ("annexed in 2014"), not the story's time.
    """
    para = _paragraph_start(doc.text, event.start)
    before = [e for e in doc.dates if para <= e.start and e.end <= event.start]
    for expr in reversed(before):
        value = _event_value(expr)
        if value and expr.resolution in ("day", "time"):
            return value
    return None


def event_date(doc: Document, event: Event) -> tuple[str | None, str | None, bool]:
    """(date, resolution, inherited) for an event.

    The time expression attached to the event's trigger, else the one governing its clause
    or sentence, else the last one earlier in its paragraph, else the publication date
    (``inherited`` True). A historical event keeps its own date: it takes nothing from the
    paragraph or the publication date.
    """
    own = _in_sentence(doc, event)
    links = [(_link(doc, x[0], event.trigger), x) for x in own]
    for wanted in (("attached",), ("governs", "unknown")):
        group = [x for link, x in links if link in wanted]
        if group:
            best = min(group, key=lambda x: _distance(x[0], event.trigger, event.start))
            return best[1][0], best[1][1], False
    if "historical" in event.aux:
        return None, None, False
    para = _from_paragraph(doc, event)
    if para:
        return para[0], para[1], False
    published = parse_date(doc.pub_date)
    if published is None:
        return None, None, False
    return published.isoformat(), "day", True
