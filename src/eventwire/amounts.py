"""Amounts: numbers with what they count, and casualty and arrest counts of events.

"300 drones" (count of drones), "$1.85 billion in military aid" (money, USD),
"85% of the world's economic output" (percent), "two-thirds of its population" (fraction),
"at least 12 people were killed" (dead: PLOVER's size field). Numbers come from spaCy's
CARDINAL/MONEY/PERCENT entities plus a pattern for fractions; what they count from the
parse. Word lists live in ``resources/checks/``.
"""

from __future__ import annotations

import re
from typing import Any

from eventwire.checks.common import word_list, word_table
from eventwire.records import Amount, Document, Event

NUMBER_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
)
SMALL = {w: i for i, w in enumerate(NUMBER_WORDS.split())}  # noqa: SIM905
TENS = {w: 10 * (i + 2) for i, w in enumerate(
    ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"])}
SCALES = {"hundred": 1e2, "thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6,
          "billion": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12, "dozen": 12,
          "lakh": 1e5, "crore": 1e7}
FRACTIONS = {"half": 0.5, "halves": 0.5, "third": 1 / 3, "thirds": 1 / 3, "quarter": 0.25,
             "quarters": 0.25, "fifth": 0.2, "fifths": 0.2, "tenth": 0.1, "tenths": 0.1}
CURRENCY_SIGNS = {"us$": "USD", "$": "USD", "\u20ac": "EUR", "\u00a3": "GBP", "\u00a5": "JPY",
                  "\u20b9": "INR", "\u20bd": "RUB", "\u20b4": "UAH"}
CURRENCY_WORDS = {"dollar": "USD", "euro": "EUR", "pound": "GBP", "sterling": "GBP",
                  "yen": "JPY", "yuan": "CNY", "renminbi": "CNY", "rouble": "RUB",
                  "ruble": "RUB", "rupee": "INR", "hryvnia": "UAH", "shekel": "ILS"}
FRACTION_RE = re.compile(
    r"\b(?P<num>a|one|two|three|four|nine)[\s-](?P<den>half|halves|thirds?|quarters?|fifths?"
    r"|tenths?)\b|\b(?P<half>half)(?=\s+of\b)", re.IGNORECASE)
LABELS = frozenset({"CARDINAL", "MONEY", "PERCENT"})
NUMERIC_LABELS = LABELS | {"DATE", "TIME", "ORDINAL", "QUANTITY"}
MONTH_NAMES = (  # "may" left out: "12 may die" is a count
    "january february march april june july august september october november december "
    "jan feb apr jun jul aug sep sept oct nov dec"
)
MONTHS = frozenset(MONTH_NAMES.split())


def parse_number(text: str) -> float | None:
    """The value of "1,200", "1.85 billion", "twenty-five", "3m", "two dozen"; else None."""
    words = re.findall(r"\d[\d,]*(?:\.\d+)?|[a-z]+", text.lower().replace("-", " "))
    total = current = 0.0
    seen = False
    for w in words:
        if w[0].isdigit():
            current += float(w.replace(",", ""))
        elif w in SMALL or w in TENS:
            current += SMALL.get(w, 0) + TENS.get(w, 0)
        elif w in SCALES and (seen or current):
            current = (current or 1) * SCALES[w]
            if SCALES[w] >= 1e3:
                total, current = total + current, 0.0
        elif w == "a" and not seen:
            current = 1
        else:
            continue
        seen = True
    return total + current if seen else None


def _currency(text: str, after: str) -> str | None:
    low = text.lower()
    for sign, code in CURRENCY_SIGNS.items():
        if sign in low:
            return code
    for word, code in CURRENCY_WORDS.items():
        if word in low or after.lower().startswith(word):
            return code
    return None


def _phrase(tok: Any) -> str:
    """A noun with its left modifiers ("military aid", "the world's economic output")."""
    toks = [t for t in tok.subtree if t.i <= tok.i and t.i >= tok.left_edge.i]
    words = [t.text_with_ws for t in toks if t.dep_ != "det" or t.i != toks[0].i]
    return "".join(words).strip()


def _of_object(span: Any) -> str | None:
    """What follows "in/of/for" after an amount: "$2 billion in aid" -> "aid"."""
    nxt = span.doc[span.end] if span.end < len(span.doc) else None
    if nxt is None or nxt.lower_ not in ("in", "of", "for") or nxt.dep_ != "prep":
        return None
    obj = next((c for c in nxt.children if c.dep_ == "pobj"), None)
    return _phrase(obj) if obj is not None else None


def _is_label(span: Any) -> bool:
    """A number that ends a name or label ("Red Dead Redemption 2", "Meal 2")."""
    root = span.root
    prev = span.doc[span.start - 1] if span.start > 0 else None
    return bool(root.head.i < root.i and root.head.pos_ in ("NOUN", "PROPN")
                and prev is not None and prev.pos_ == "PROPN")


def _counted_noun(span: Any) -> Any | None:
    root = span.root
    # A number after its noun is a label ("Meal 2", "Article 5"), not a count.
    if root.dep_ in ("nummod", "quantmod") and root.head.pos_ in ("NOUN", "PROPN") and (
        root.i < root.head.i
    ):
        return root.head
    return None


def _noun_phrase(noun: Any, span: Any) -> str:
    toks = [t for t in noun.lefts if t.i >= span.end and t.dep_ in ("amod", "compound")]
    return " ".join([*(t.text for t in toks), noun.text])


def casualty_kind(span: Any, noun: Any | None) -> str | None:
    """dead | injured | arrested when the words around a count say so."""
    table = word_table("casualty_words.tsv")
    if noun is not None and noun.lemma_.lower() not in word_list("person_nouns.txt"):
        return table.get(noun.lemma_.lower())  # "12 deaths"; "30 drones" is no casualty
    anchor = noun if noun is not None else span.root
    near = [anchor.head, *anchor.head.children, *anchor.children]
    sent = span.sent
    near += [t for t in sent if abs(t.i - anchor.i) <= 4]
    hits = sorted((abs(t.i - anchor.i), table[t.lemma_.lower()]) for t in near
                  if t.lemma_.lower() in table)
    return hits[0][1] if hits else None


def _amount(doc: Document, span: Any) -> Amount | None:
    value = parse_number(span.text)
    if value is None:
        return None
    a = Amount(span.text, span.start_char, span.end_char, value)
    after = doc.text[span.end_char : span.end_char + 12]
    before = doc.text[max(span.start_char - 3, 0) : span.start_char]
    if span.label_ == "MONEY":
        unit = _currency(before[-1:] + span.text, after)
        a.kind, a.unit, a.object = "money", unit, _of_object(span)
    elif span.label_ == "PERCENT":
        a.kind, a.unit, a.object = "percent", "%", _of_object(span)
    elif _is_label(span):
        return None
    else:
        noun = _counted_noun(span)
        a.object = _noun_phrase(noun, span) if noun is not None else _of_object(span)
        a.kind = casualty_kind(span, noun) or "count"
        if a.kind == "count" and (a.object is None or span.root.i > span.root.head.i):
            return None  # "the two met", "Meal 2": a number that counts nothing named
    return a


def _fractions(doc: Document) -> list[Amount]:
    out: list[Amount] = []
    if doc.text.isascii() and not any(word in doc.text.lower() for word in FRACTIONS):
        return out  # every fraction has one of these words: no need to run the pattern
    for m in FRACTION_RE.finditer(doc.text):
        value = 0.5 if m["half"] else (parse_number(m["num"]) or 1) * FRACTIONS[m["den"].lower()]
        span = doc.nlp.char_span(m.start(), m.end(), alignment_mode="expand")
        a = Amount(m[0], m.start(), m.end(), round(value, 4), "fraction")
        if span is not None:
            nxt = span[-1]
            a.object = _of_object(span) if nxt.lower_ != "of" else _of_object(span[:-1])
        out.append(a)
    return out


def _untagged_numbers(doc: Document) -> list[Any]:
    """Counts the entity tagger missed or mislabelled ("Sixty passengers" as a PRODUCT)."""
    out = []
    for tok in doc.nlp:
        if tok.like_num and tok.dep_ == "nummod" and tok.ent_type_ not in NUMERIC_LABELS:
            span = doc.nlp[tok.i : tok.i + 1]
            span.label_ = "CARDINAL"
            out.append(span)
    return out


def _in_date(doc: Document, a: Amount) -> bool:
    """A number spaCy split off a date ("5" before "August 2023")."""
    span = doc.nlp.char_span(a.start, a.end, alignment_mode="expand")
    if span is None:
        return False
    near = [doc.nlp[i] for i in (span.start - 1, span.end) if 0 <= i < len(doc.nlp)]
    return any(t.ent_type_ == "DATE" or t.lower_ in MONTHS for t in near)


def find_amounts(doc: Document) -> list[Amount]:
    """Every amount in ``doc`` (needs the spaCy parse), in text order."""
    if doc.nlp is None:
        return []
    fractions = _fractions(doc)
    spans = [e for e in doc.nlp.ents if e.label_ in LABELS] + _untagged_numbers(doc)
    found = [a for a in (_amount(doc, e) for e in spans) if a]
    taken = fractions + doc.dates  # "5" of "5 August 2023" is a day, not an amount
    found = [a for a in found if not any(t.start < a.end and a.start < t.end for t in taken)]
    found = [a for a in found if not _in_date(doc, a)]
    return sorted(found + fractions, key=lambda a: a.start)


SIZE_KINDS = ("dead", "injured", "arrested")


def event_sizes(doc: Document, event: Event) -> dict[str, int]:
    """PLOVER size of an event: the casualty and arrest counts in its sentence."""
    size: dict[str, int] = {}
    for a in doc.amounts:
        if a.kind in SIZE_KINDS and event.start <= a.start and a.end <= event.end:
            size[a.kind] = max(size.get(a.kind, 0), int(a.value))
    return size
