"""date_conflict: one event given incompatible dates.

Two signals: a gathering or incident whose mentions carry dates that cannot both hold
("the summit on 3 March" and "the summit, held on 5 March"), and a weekday that does not
fall on the calendar date it is written with ("Thursday, 3 March 2023").
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from eventwire.checks.common import CheckContext
from eventwire.checks.gatherings import (
    CALENDAR_VALUE,
    GatheringMention,
    calendar_values,
    grouped,
    placed_apart,
)
from eventwire.records import Flag

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


def weekday_mismatches(ctx: CheckContext) -> list[Flag]:
    """Weekday names written with a calendar date that falls on another weekday."""
    flags: list[Flag] = []
    for pattern in WEEKDAY_DATE:
        for m in pattern.finditer(ctx.doc.text):
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


def check(ctx: CheckContext) -> list[Flag]:
    """Date conflicts of both kinds."""
    found = weekday_mismatches(ctx)
    return found + (gathering_dates(ctx) if ctx.doc.nlp is not None else [])
