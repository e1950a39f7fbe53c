"""date_conflict: one event given incompatible dates.

Two signals: a gathering or incident whose mentions carry dates that cannot both hold
("the summit on 3 March" and "the summit, held on 5 March"), and a weekday that does not
fall on the calendar date it is written with ("Thursday, 3 March 2023").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from eventwire.checks import milestones
from eventwire.checks.common import CheckContext, event_dates, word_list, word_table
from eventwire.checks.gatherings import (
    CALENDAR_VALUE,
    GatheringMention,
    calendar_values,
    grouped,
    own_dates,
    placed_apart,
)
from eventwire.records import DateExpr, Flag
from eventwire.timex_values import parse_date as parse_day

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")
_WD = r"(?P<wd>" + "|".join(WEEKDAYS) + r")"
#: Full month names and the news abbreviations ("Nov. 5", "Sept. 12").
_ABBR = r"(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?"
_MO = r"(?P<mo>" + "|".join([*MONTHS, _ABBR]) + r")"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+(?P<year>\d{4}))?"
WEEKDAY_DATE = (
    re.compile(rf"\b{_WD},?\s+(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MO}{_YEAR}", re.IGNORECASE),
    re.compile(rf"\b{_WD},?\s+{_MO}\s+{_DAY}\b{_YEAR}", re.IGNORECASE),
)
#: An undated "3 March" more than this far after the article is last year's.
FUTURE_SLACK = timedelta(days=180)
#: An undated "3 March" this close to the article's date is surely in the article's year.
SURE_DAYS = 60


def _calendar(m: re.Match[str], pub: date | None) -> date | None:
    year = int(m["year"]) if m["year"] else (pub.year if pub else None)
    if year is None:
        return None
    try:
        month = next(i for i, name in enumerate(MONTHS) if name.startswith(m["mo"][:3].lower()))
        day = date(year, month + 1, int(m["day"]))
    except ValueError:
        return None
    if not m["year"] and pub is not None and day - pub > FUTURE_SLACK:
        day = day.replace(year=year - 1)
    return day


def _fits_nearby_year(day: date, weekday: str) -> bool:
    for year in (day.year - 1, day.year + 1):
        try:
            if WEEKDAYS[day.replace(year=year).weekday()] == weekday:
                return True
        except ValueError:  # 29 February
            continue
    return False


#: Every weekday name ends in "day": the patterns are tried only where a name may end at one
#: (a search for the literal is much cheaper than trying the names at every position).
_DAY_END = re.compile("day", re.IGNORECASE)
_NAME_LENGTHS = sorted({len(w) for w in WEEKDAYS})


def _weekday_matches(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` for a pattern whose matches begin with a weekday name."""
    starts = sorted({m.end() - n for m in _DAY_END.finditer(text) for n in _NAME_LENGTHS})
    end = 0
    for start in starts:
        if start >= end and (m := pattern.match(text, start)) is not None:
            end = m.end()
            yield m


def weekday_mismatches(ctx: CheckContext) -> list[Flag]:
    """Weekday names written with a calendar date that falls on another weekday."""
    flags: list[Flag] = []
    for pattern in WEEKDAY_DATE:
        for m in _weekday_matches(pattern, ctx.doc.text):
            day = _calendar(m, ctx.pub_day)
            if day is None or WEEKDAYS[day.weekday()] == m["wd"].lower():
                continue
            pub = ctx.pub_day
            guessed = not m["year"] and (pub is None or abs((day - pub).days) > SURE_DAYS)
            if guessed and _fits_nearby_year(day, m["wd"].lower()):
                continue  # the year is a guess far from the article's date: another may be meant
            flags.append(Flag("date_conflict",
                              f"{m[0]!r}: {day.isoformat()} is a "
                              f"{WEEKDAYS[day.weekday()].capitalize()}", [m.span()]))
    return flags


def _dates_clash(a: GatheringMention, b: GatheringMention) -> bool:
    return not any(x.startswith(y) or y.startswith(x)
                   for x in calendar_values(a.dates) for y in calendar_values(b.dates))


def gathering_dates(ctx: CheckContext) -> list[Flag]:
    """A gathering or incident whose mentions carry incompatible calendar dates."""
    flags: list[Flag] = []
    for key, group in grouped(ctx).items():
        dated = [m for m in group if calendar_values(m.dates)]
        clash = any(_dates_clash(a, b) and not placed_apart(a, b)
                    for i, a in enumerate(dated) for b in dated[i + 1 :])
        if clash:
            dates = [d for m in dated for d in m.dates if CALENDAR_VALUE.match(d.value)]
            values = sorted({d.value for d in dates})
            flags.append(Flag("date_conflict",
                              f"the {key} is dated {' and '.join(values)}",
                              sorted({(d.start, d.end) for d in dates})))
    return flags


FULL_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: A day-named event ("the 21 May election") this close to the day the article gives the
#: same event is a second date for it; further off it is surely another one.
NAMED_DAY_WINDOW = 10


def _event_key(tok: Any, lemma: str) -> str | None:
    """The gathering or dated event a noun (of lower-case lemma ``lemma``) names ("quake" →
    "earthquake"), if any."""
    if lemma not in _event_words():
        return None
    if tok.pos_ not in ("NOUN", "PROPN") or tok.tag_ in ("NNS", "NNPS") and lemma not in (
            "talk", "negotiation"):
        return None
    return str(word_table("gathering_aliases.tsv").get(lemma, lemma))


@lru_cache(maxsize=1)
def _event_words() -> frozenset[str]:
    return word_list("gatherings.txt") | word_list("dated_events.txt")


def _day_name(ctx: CheckContext, tok: Any) -> DateExpr | None:
    """The calendar day naming an event ("the 21 May election"), unless a preposition sets
    it beside another ("since the 7 October attack")."""
    days = [d for d in ctx.dates_in(tok.left_edge.idx, tok.idx) if FULL_DAY.match(d.value)]
    if len(days) != 1 or tok.head.lower_ in word_list("temporal_preps.txt"):
        return None
    day: DateExpr = days[0]
    return day


def _anchor_days(ctx: CheckContext, tok: Any) -> list[DateExpr]:
    """The day the text gives an event mentioned without one in its name: its own date, or
    the one event date of its sentence."""
    own = [d for d in own_dates(ctx, tok) if FULL_DAY.match(d.value)]
    if own:
        return own
    days = [d for d in event_dates(ctx, ctx.sentence_at(tok.idx)) if FULL_DAY.match(d.value)]
    return days if len({d.value for d in days}) == 1 else []


def _near(a: str, b: str) -> bool:
    da, db = parse_day(a), parse_day(b)
    return da is not None and db is not None and 0 < abs((da - db).days) <= NAMED_DAY_WINDOW


def named_day_dates(ctx: CheckContext) -> list[Flag]:
    """An event named by a day ("the 11 September referendum") that the article dates to a
    nearby other day elsewhere ("in a referendum on 4 September")."""
    named: list[tuple[str, DateExpr]] = []
    anchors: list[tuple[str, DateExpr]] = []
    mods = word_list("instance_modifiers.txt")
    for i, lemma in enumerate(ctx.lemmas):
        if lemma not in _event_words():
            continue
        tok = ctx.doc.nlp[i]
        key = _event_key(tok, lemma)
        if key is None or any(c.lower_ in mods for c in tok.children):
            continue
        day = _day_name(ctx, tok)
        if day is not None:
            named.append((key, day))
        else:
            anchors += [(key, d) for d in _anchor_days(ctx, tok)]
    flags = []
    for key, day in named:
        other = next((d for k, d in anchors if k == key and _near(d.value, day.value)), None)
        if other is not None and not any(k == key and d.value == day.value for k, d in anchors):
            flags.append(Flag("date_conflict", f"the {key} is dated {other.value} and "
                              f"{day.value}", sorted({(other.start, other.end),
                                                      (day.start, day.end)})))
    return flags


def check(ctx: CheckContext) -> list[Flag]:
    """Date conflicts of all kinds (one flag per event is enough for a reader)."""
    found = weekday_mismatches(ctx)
    if ctx.doc.nlp is not None:
        found += gathering_dates(ctx) or named_day_dates(ctx) or milestones.check(ctx)
    return found
