"""Normalisers: turn a pattern match into a TIMEX3 value, one function per pattern kind.

Each takes the regex match and the :class:`~eventwire.timex.Context` and returns a
:class:`~eventwire.timex.Timex`, or None when the match is not a time expression after all
("may" the verb, "1,990 troops"). Deictic expressions count from the publication date;
anaphoric ones ("that day", "a year earlier") from the last date mentioned.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

from eventwire.timex import Context, Timex
from eventwire.timex_values import (
    SEASONS,
    add_months,
    day,
    easter,
    make_date,
    month,
    nth_weekday,
    quarter,
    quarter_of,
    resolution_of,
    season_of,
    week,
    weekday_near,
)

Match = re.Match[str]
Normaliser = Callable[[Match, Context], Timex | None]

FULL_MONTHS = frozenset(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december")
)  # fmt: skip


PLURAL_UNITS = {"centuries": "century", "millennia": "millennium"}


def _unit(m: Match, default: str) -> str:
    """The calendar unit a match names, in the singular."""
    unit = (_g(m, "unit") or default).lower()
    return PLURAL_UNITS.get(unit, unit)


def _g(m: Match, name: str) -> str | None:
    """A named group's text, or None when the pattern lacks the group or it did not match."""
    return m.groupdict().get(name)


def _remember(ctx: Context, value: str, resolution: str) -> None:
    from eventwire.timex_values import parse_date

    ctx.last_resolution = resolution
    d = parse_date(value) or _coarse_date(value)
    if d is not None:
        ctx.last = (d, resolution)


def _coarse_date(value: str) -> date | None:
    m = re.match(r"(\d{4})(?:-(\d{2}))?$", value)
    return date(int(m[1]), int(m[2] or 1), 1) if m else None


def _ok(ctx: Context, value: str, resolution: str | None = None, kind: str = "DATE") -> Timex:
    resolution = resolution or resolution_of(value)
    if kind in ("DATE", "TIME"):
        _remember(ctx, value, resolution)
    return Timex(value, resolution, kind)


# --- years and months --------------------------------------------------------------------


def _month_no(ctx: Context, text: str | None) -> int | None:
    """Month number of a capitalised month name; lower-case "may"/"march" are verbs."""
    if not text or not text[0].isupper():
        return None
    value = ctx.grammar.word("months", text)
    return int(value) if value else None


def _spelled_year(ctx: Context, text: str) -> int | None:
    words = [w for w in re.split(r"[\s-]+", text.lower()) if w != "and"]
    nums = ctx.grammar.lexicon["numbers"]
    if words[:2] == ["two", "thousand"]:
        return 2000 + sum(int(nums[w]) for w in words[2:])
    if words[0] in ("nineteen", "twenty"):  # "nineteen hundred" is 1900, not 1900 + 100
        rest = [w for w in words[1:] if w != "hundred"]
        return int(nums[words[0]]) * 100 + sum(int(nums[w]) for w in rest)
    return None


def _year(ctx: Context, m: Match) -> int | None:
    if _g(m, "year"):
        return int(m["year"])
    if _g(m, "ayear"):
        return int(m["ayear"])
    spelled = _g(m, "spelled")
    return _spelled_year(ctx, spelled) if spelled else None


def _rel_year(ctx: Context, rel: str | None) -> int | None:
    if ctx.anchor is None:
        return None
    offsets = {"this": 0, "last": -1, "next": 1}
    return ctx.anchor.year + offsets.get((rel or "this").lower(), 0)


def year_rule(m: Match, ctx: Context) -> Timex | None:
    """For "2019", "fiscal 1989", "nineteen ninety-six", "mid-2023": the year."""
    year = _year(ctx, m)
    if year is None or (ctx.anchor and year > ctx.anchor.year + 50):
        return None
    return _ok(ctx, f"{year:04d}", "year")


def _near_year(ctx: Context, month_no: int, day_no: int = 15) -> int | None:
    """The year of a month (and day) given without one.

    The occurrence nearest the anchor; in a past-tense clause the latest one not after the
    anchor (give or take a week), in a future clause the first one not before it.
    """
    if ctx.anchor is None:
        return None
    anchor, tense = ctx.anchor, ctx.direction()
    years = range(anchor.year - 1, anchor.year + 2)
    dated = [(y, date(y, month_no, min(day_no, 28))) for y in years]
    # Past reporting often looks a little ahead ("was set for Nov. 10"), so the past tense
    # (and no tense at all: news mostly reports) only rules out occurrences more than a
    # season ahead; the future rules out the past.
    if ctx.word_before() in ctx.grammar.lexicon["past_cues"]:  # "since April"
        dated = [(y, d) for y, d in dated if d <= anchor] or dated
    elif tense in ("past", None):
        dated = [(y, d) for y, d in dated if (d - anchor).days <= 90] or dated
    elif tense == "future":
        dated = [(y, d) for y, d in dated if (anchor - d).days <= 7] or dated
    return min(dated, key=lambda c: abs((c[1] - anchor).days))[0]


def date_rule(m: Match, ctx: Context) -> Timex | None:
    """A full calendar date: "2 March 2023", "March 2, 2023", "2023-03-02"."""
    month_no = _month_no(ctx, m["month"]) if not m["month"].isdigit() else int(m["month"])
    d = make_date(int(m["year"]), month_no, int(re.sub(r"\D", "", m["day"]))) if month_no else None
    return _ok(ctx, day(d), "day") if d else None


def monthday_rule(m: Match, ctx: Context) -> Timex | None:
    """For "March 2", "the 2nd of March": a day in the year nearest the anchor."""
    month_no = _month_no(ctx, m["month"])
    day_no = int(re.sub(r"\D", "", m["day"]))
    if month_no is None:
        return None
    year = _near_year(ctx, month_no, day_no)
    if year is None:
        return _ok(ctx, f"XXXX-{month_no:02d}-{day_no:02d}", "day")
    d = make_date(year, month_no, day_no)
    return _ok(ctx, day(d), "day") if d else None


def monthyear_rule(m: Match, ctx: Context) -> Timex | None:
    """For "January 2022", "June last year": a month."""
    month_no = _month_no(ctx, m["month"])
    year = _year(ctx, m) or _rel_year(ctx, _g(m, "rel"))
    if month_no is None:
        return None
    return _ok(ctx, f"{year:04d}-{month_no:02d}" if year else f"XXXX-{month_no:02d}", "month")


def _bare_month_ok(m: Match, ctx: Context) -> bool:
    name = m["month"].rstrip(".").lower()
    if name not in FULL_MONTHS:
        return False  # "Mar", "Jan" alone are names or words, not months
    if _g(m, "mod") or _g(m, "rel"):
        return True
    cued = ctx.word_before() in ctx.grammar.lexicon["month_cues"]
    # "June Almeida", "August Wilson": a bare month before a capitalised word is a name.
    after = ctx.text[m.end() : m.end() + 2].strip()
    if (not cued or ctx.word_before() in ("and", "or")) and after[:1].isupper():
        return False
    # A bare "May"/"March" is a month only after a cue word ("in May", "since March").
    return cued or name not in ("may", "march")


def month_rule(m: Match, ctx: Context) -> Timex | None:
    """For "January", "last April", "late November": a month of the year the tense points to."""
    month_no = _month_no(ctx, m["month"])
    if month_no is None or not _bare_month_ok(m, ctx):
        return None
    if ctx.anchor is None:
        return _ok(ctx, f"XXXX-{month_no:02d}", "month")
    rel, now = (_g(m, "rel") or "").lower(), ctx.anchor.month
    year = ctx.anchor.year
    if rel in ("last", "past"):
        year -= month_no >= now
    elif rel in ("next", "coming"):
        year += month_no <= now
    elif rel == "that" and ctx.last:
        year = ctx.last[0].year
    elif rel != "this":
        year = _near_year(ctx, month_no) or year
    return _ok(ctx, f"{year:04d}-{month_no:02d}", "month")


def decade_rule(m: Match, ctx: Context) -> Timex | None:
    """For "the 1990s", "the '80s", "the nineties": a decade."""
    if _g(m, "cent"):
        return _ok(ctx, f"{m['cent']}{m['dec']}", "decade")
    digit = m["short"] if _g(m, "short") else str(ctx.grammar.word("decade_words", m["word"]))
    if _g(m, "word") and not _g(m, "mod") and not m.group(0).lower().startswith("the"):
        return None  # bare "sixties" is more often an age than a decade
    century = ctx.anchor.year // 100 if ctx.anchor else 19
    if ctx.anchor and century * 100 + int(digit) * 10 > ctx.anchor.year:
        century -= 1
    return _ok(ctx, f"{century}{digit}", "decade")


def century_rule(m: Match, ctx: Context) -> Timex | None:
    """For "the 20th century": a century ("19")."""
    ordinal = m["ord"].lower()
    n = int(re.sub(r"\D", "", ordinal)) if ordinal[0].isdigit() else None
    n = n or ctx.grammar.word("ordinals", ordinal)
    if not isinstance(n, int) or not 1 <= n <= 22:
        return None
    return _ok(ctx, f"{n - 1:02d}", "century")


# --- parts of years -----------------------------------------------------------------------

QUARTER_ORD = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4,
               "4th": 4, "final": 4, "last": 4}  # fmt: skip


def _last_completed_quarter(anchor: date) -> tuple[int, int]:
    q = quarter_of(anchor) - 1
    return (anchor.year, q) if q else (anchor.year - 1, 4)


def _quarter_year(ctx: Context, m: Match, q: int) -> int | None:
    explicit = _year(ctx, m)
    if explicit:
        return explicit
    anchor_words = (_g(m, "anchor") or "").lower()
    for word in ("this", "last", "next"):
        if f"{word} year" in anchor_words:
            return _rel_year(ctx, word)
    if _g(m, "rel"):
        return _rel_year(ctx, m["rel"])
    if ctx.anchor is None:
        return None
    # Quarters well ahead of the anchor are last year's results ("fourth quarter" in January).
    return ctx.anchor.year - (q > quarter_of(ctx.anchor) + 1)


def _anaphoric_quarter(ctx: Context, m: Match) -> tuple[int, int] | None:
    anchor_words = (_g(m, "anchor") or "").lower() + (_g(m, "ago") or "")
    if "current" in anchor_words and ctx.anchor:
        return ctx.anchor.year, quarter_of(ctx.anchor)
    latest = "latest" in anchor_words or "current" in anchor_words
    base = None if latest else ctx.last_quarter
    base = base or (_last_completed_quarter(ctx.anchor) if ctx.anchor else None)
    if base is None or (not ctx.last_quarter and not anchor_words and m[0].endswith("period")):
        return None
    year, q = base
    if re.search(r"ago|earlier|corresponding|comparable|last year", anchor_words + m.group(0)):
        year -= 1
    elif re.search(r"previous|prior|preceding", anchor_words):
        year, q = (year, q - 1) if q > 1 else (year - 1, 4)
    return year, q


def quarter_rule(m: Match, ctx: Context) -> Timex | None:
    """For "the third quarter", "the year-ago quarter", "Q3 2023": a quarter."""
    ordinal = (_g(m, "ord") or "").lower()
    if ordinal.isdigit():
        ordinal = {"1": "first", "2": "second", "3": "third", "4": "fourth"}[ordinal]
    if ordinal:
        q = QUARTER_ORD[ordinal]
        year = _quarter_year(ctx, m, q)
        if "year-" in (_g(m, "anchor") or "").lower() and year:
            year -= 1
        found = (year, q) if year else None
    else:
        found = _anaphoric_quarter(ctx, m)
        if _g(m, "ayear") and found:
            found = (int(m["ayear"]), found[1])
        elif _g(m, "ayear"):
            return _ok(ctx, m["ayear"], "year")
    if found is None:
        return _ok(ctx, f"XXXX-Q{QUARTER_ORD.get(ordinal, 'X')}", "quarter") if ordinal else None
    comparison = r"ago|earlier|previous|prior|preceding|comparable|corresponding|\d{4}\s+period"
    if not re.search(comparison, m[0], re.I):
        ctx.last_quarter = found  # comparisons do not move the quarter under discussion
    return _ok(ctx, quarter(*found), "quarter")


def half_rule(m: Match, ctx: Context) -> Timex | None:
    """For "the first half of 2024": a half year."""
    ordinal = (_g(m, "ord") or "first").lower()
    h = 1 if ordinal == "first" else 2
    year = _year(ctx, m) or _quarter_year(ctx, m, 2 * h)
    return _ok(ctx, f"{year:04d}-H{h}" if year else f"XXXX-H{h}", "half")


def season_rule(m: Match, ctx: Context) -> Timex | None:
    """For "last summer", "the spring of 2021": a season."""
    code = str(ctx.grammar.word("seasons", m["season"]))
    rel = (_g(m, "rel") or "").lower()
    bare = not (rel or _g(m, "year") or _g(m, "mod") or _g(m, "mod2"))
    if bare and (m["season"].lower() == "fall" or not m["season"][0].isupper()):
        return None  # "fall" the verb, "spring" the noun
    year = _year(ctx, m)
    if year is None and ctx.anchor is not None:
        year = _season_year(ctx, ctx.anchor, code, rel)
    return _ok(ctx, f"{year:04d}-{code}" if year else f"XXXX-{code}", "season")


def _season_year(ctx: Context, anchor: date, code: str, rel: str) -> int:
    """The year of a season named without one, counted in seasons from the anchor's."""
    year, now = season_of(anchor)
    target, current = SEASONS.index(code), SEASONS.index(now)
    if rel in ("last", "past"):
        return year - (target >= current)
    if rel in ("next", "coming"):
        return year + (target <= current)
    if not rel and ctx.direction() == "past" and target > current:
        return year - 1
    return year


# --- days ------------------------------------------------------------------------------------


def _daypart(ctx: Context, part: str | None) -> str:
    if not part:
        return ""
    code = str(ctx.grammar.word("dayparts", part))
    return f"T{code}"


def _weekday_date(ctx: Context, weekday: int, rel: str) -> date | None:
    if ctx.anchor is None:
        return None
    if rel in ("last", "past", "this past"):
        return weekday_near(ctx.anchor, weekday, "before")
    if rel in ("next", "coming", "this coming"):
        return weekday_near(ctx.anchor, weekday, "after")
    if rel == "that" and ctx.last:
        return weekday_near(ctx.last[0], weekday, "future")
    # News reports what happened: only a future or modal clause ("could come as early as
    # Tuesday") or a deadline ("until Tuesday") points a bare weekday forward.
    before = ctx.text[max(0, ctx.start - 12) : ctx.start].lower()
    cue = any(before.rstrip().endswith(c) for c in ctx.grammar.lexicon["weekday_future_cues"])
    tense = ctx.direction()
    ahead = tense in ("future", "modal") or (cue and tense != "past")
    if ahead and ctx.anchor.isoweekday() != weekday:
        return weekday_near(ctx.anchor, weekday, "future")
    return weekday_near(ctx.anchor, weekday, "same")


def weekday_rule(m: Match, ctx: Context) -> Timex | None:
    """For "Thursday", "last Friday", "Monday night": a day counted from the anchor."""
    if not m["weekday"][0].isupper():
        return None
    weekday = int(ctx.grammar.word("weekdays", m["weekday"]))
    d = _weekday_date(ctx, weekday, re.sub(r"\s+", " ", (_g(m, "rel") or "").lower()))
    part = _daypart(ctx, _g(m, "part"))
    if d is None:
        return _ok(ctx, f"XXXX-WXX-{weekday}{part}", "day")
    return _ok(ctx, day(d) + part, "time" if part[1:2].isdigit() else "day")


DEICTIC = {"today": 0, "tonight": 0, "overnight": 0, "yesterday": -1, "tomorrow": 1,
           "this": 0, "last": -1}  # fmt: skip


def deictic_rule(m: Match, ctx: Context) -> Timex | None:
    """For "today", "yesterday", "tonight", "this morning", "overnight"."""
    word = re.sub(r"\s+", " ", m["word"].lower())
    offset = DEICTIC.get(word, -2 if "before" in word else 2)
    part = _daypart(ctx, _g(m, "part") or (word if word in ("tonight", "overnight") else None))
    if word == "last" and part != "TNI":
        offset = 0  # "last evening" is earlier today only for the night
    if ctx.anchor is None:
        return _ok(ctx, "XXXX-XX-XX" + part, "day")
    value = day(ctx.anchor + timedelta(days=offset)) + part
    return _ok(ctx, value, "time" if part[1:2].isdigit() else "day")


def holiday_rule(m: Match, ctx: Context) -> Timex | None:
    """For "Christmas Day", "Thanksgiving", "Easter": a holiday in the year at hand."""
    rule = str(ctx.grammar.word("holidays", m["holiday"]))
    year = _year(ctx, m) or (ctx.anchor.year if ctx.anchor else None)
    if year is None:
        return None
    d = _holiday_date(rule, year)
    rel = (_g(m, "rel") or "").lower()
    if ctx.anchor and not _year(ctx, m) and (rel == "last" or d > ctx.anchor + timedelta(60)):
        d = _holiday_date(rule, year - 1) if d >= ctx.anchor or rel == "last" else d
    return _ok(ctx, day(d), "day")


def _holiday_date(rule: str, year: int) -> date:
    if rule.startswith("EASTER"):
        return easter(year) - timedelta(days=int(rule[7:] or 0))
    month_no, rest = int(rule[:2]), rule[3:]
    if rest.isdigit():
        return date(year, month_no, int(rest))
    weekdays = {"MO": 1, "TU": 2, "WE": 3, "TH": 4, "FR": 5}
    n = -1 if rest[2] == "L" else int(rest[2])
    return nth_weekday(year, month_no, weekdays[rest[:2]], n)


# --- units relative to the anchor --------------------------------------------------------

REL_OFFSET = {"last": -1, "previous": -1, "next": 1, "coming": 1}


def _unit_value(anchor: date, unit: str, offset: int) -> tuple[str, str]:
    if unit == "day":  # "earlier in the day"
        return day(anchor + timedelta(days=offset)), "day"
    if unit == "week":
        return week(anchor + timedelta(weeks=offset)), "week"
    if unit == "weekend":
        return week(anchor + timedelta(weeks=offset)) + "-WE", "week"
    if unit == "month":
        return month(add_months(anchor, offset)), "month"
    if unit == "decade":
        return f"{anchor.year // 10 + offset:03d}", "decade"
    if unit == "century":
        return f"{anchor.year // 100 + offset:02d}", "century"
    return f"{anchor.year + offset:04d}", "year"


def relunit_rule(m: Match, ctx: Context) -> Timex | None:
    """For "last week", "this month", "earlier this year", "the weekend": a unit of the anchor."""
    rel = re.sub(r"\s+", " ", m["rel"].lower())
    unit = (_g(m, "unit") or "year").lower().split()[-1]
    if ctx.anchor is None:
        return None
    qualified = " " in (_g(m, "unit") or "")  # "the fiscal year", "the full year"
    generic = unit in ("decade", "century", "month", "year") and not qualified
    if rel == "the" and generic and not _g(m, "mod"):
        return None  # "the year" alone is mostly generic ("the year before", "of the year")
    if rel == "the" and unit == "weekend":
        return _ok(ctx, week(weekday_near(ctx.anchor, 6, _tense_side(ctx))) + "-WE", "week")
    if rel == "the" and unit == "week" and not _g(m, "mod") and ctx.direction() != "present":
        return None  # "the week" is usually a span of time, not this week
    offset = next((v for k, v in REL_OFFSET.items() if rel.endswith(k)), 0)
    value, resolution = _unit_value(ctx.anchor, unit, offset)
    return _ok(ctx, value, resolution)


def _tense_side(ctx: Context) -> str:
    return "future" if ctx.direction() == "future" else "same"


UNIT_DAYS = {"day": 1, "week": 7, "fortnight": 14}


def _shift(base: date, unit: str, n: int) -> tuple[str, str]:
    if unit in UNIT_DAYS:
        moved = base + timedelta(days=n * UNIT_DAYS[unit])
        return (week(moved), "week") if unit == "week" else (day(moved), "day")
    if unit == "month":
        return month(add_months(base, n)), "month"
    if unit == "quarter":
        return month(add_months(base, 3 * n)), "month"
    # "A decade ago" is a year ten years back, not the previous decade.
    years = {"decade": 10, "century": 100}.get(unit, 1)
    return f"{base.year + years * n:04d}", "year"


def _count(ctx: Context, text: str | None) -> int | None:
    if text is None:
        return 1
    if re.fullmatch(r"\d+", text):
        return int(text)
    parts = [ctx.grammar.word("numbers", p) for p in re.split(r"-", text)]
    return sum(parts) if all(isinstance(p, int) for p in parts) else None


def ago_rule(m: Match, ctx: Context) -> Timex | None:
    """For "a year ago", "two days later", "year-earlier": a shift from the anchor or last date."""
    direction = (_g(m, "dir") or _g(m, "prep") or "ago").lower().lstrip("-")
    unit = _unit(m, "year")
    if unit not in UNIT_DAYS and unit not in ("month", "quarter", "year", "decade", "century"):
        return None  # "an hour later" needs a clock time to count from: a duration
    n = _count(ctx, _g(m, "num"))
    back = not re.search(r"later|after|from now|hence", direction)
    if n is None:  # "several years ago" is some time in the past, "a few days later" unknown
        return _ok(ctx, "PAST_REF", "ref") if direction == "ago" else None
    n = -n if back else n
    if unit == "year" and ctx.last_resolution == "quarter" and ctx.last_quarter:
        # Earnings reports compare a quarter with the same quarter a year before.
        year, q = ctx.last_quarter
        return Timex(quarter(year + n, q), "quarter")
    # "Two days later" counts from the day just mentioned; longer spans from the anchor.
    anaphoric = re.search(r"earlier|later|before|after|previously", direction)
    day_before = ctx.last and ctx.last[1] == "day" and unit in UNIT_DAYS
    base = ctx.last[0] if anaphoric and day_before and ctx.last else ctx.anchor
    if base is None:
        return None
    value, resolution = _shift(base, unit, n)
    return _ok(ctx, value, resolution) if unit in UNIT_DAYS else Timex(value, resolution)


ANAPHOR_OFFSET = {"following": 1, "next": 1, "previous": -1, "preceding": -1, "prior": -1}


def anaphor_rule(m: Match, ctx: Context) -> Timex | None:
    """For "that day", "the following year", "the day before": from the last date named."""
    rel = re.sub(r"\s+", " ", m["rel"].lower())
    unit = (_g(m, "unit") or "day").lower()
    if rel == "the day":
        unit, rel = "day", ("following" if m["dir"].lower() == "after" else "previous")
    offset = next((v for k, v in ANAPHOR_OFFSET.items() if rel.endswith(k)), 0)
    base = ctx.last[0] if ctx.last else ctx.anchor
    coarse = ctx.last is not None and unit not in ("year", "month") and ctx.last[1] != "day"
    if base is None or (coarse and unit != "week"):
        return None  # "that day" after "in 1987" names no day we know
    if unit in ("morning", "afternoon", "evening", "night"):
        d = base + timedelta(days=offset)
        return _ok(ctx, day(d) + _daypart(ctx, unit), "day")
    value, resolution = _shift(base, unit, offset)
    return _ok(ctx, value, resolution)


# --- clock times -----------------------------------------------------------------------------


def _clock(m: Match) -> str:
    if _g(m, "named"):
        return {"noon": "12:00", "midday": "12:00", "midnight": "24:00"}[m["named"].lower()]
    hour, minute = int(m["hour"]), int(_g(m, "min") or 0)
    meridiem = (_g(m, "ampm") or "").lower()
    part = (_g(m, "part") or "").lower()
    if (meridiem.startswith("p") or part in ("afternoon", "evening")) and hour < 12:
        hour += 12
    elif meridiem.startswith("a") and hour == 12:
        hour = 0
    return f"{hour:02d}:{minute:02d}"


def _time_day(m: Match, ctx: Context) -> date | None:
    if _g(m, "weekday"):
        return _weekday_date(ctx, int(ctx.grammar.word("weekdays", m["weekday"])), "")
    if _g(m, "deictic") and ctx.anchor:
        return ctx.anchor + timedelta(days=DEICTIC[m["deictic"].lower()])
    if _g(m, "month"):
        month_no = _month_no(ctx, m["month"])
        year = _near_year(ctx, month_no or 1)
        day_no = int(re.sub(r"\D", "", m["day"]))
        return make_date(year, month_no, day_no) if year and month_no else None
    return ctx.anchor


def time_rule(m: Match, ctx: Context) -> Timex | None:
    """For "9 a.m. Thursday", "noon", "1230 GMT": a clock time on a day."""
    d = _time_day(m, ctx)
    clock = _clock(m)
    if d is None:
        return _ok(ctx, f"XXXX-XX-XXT{clock}", "time", "TIME")
    return _ok(ctx, f"{day(d)}T{clock}", "time", "TIME")


# --- references, durations, sets -----------------------------------------------------------


def ref_rule(m: Match, ctx: Context) -> Timex | None:
    """For "now", "recently", "the future": PRESENT_REF, PAST_REF or FUTURE_REF."""
    value = str(ctx.grammar.word("refs", m["ref"]))
    return _ok(ctx, value, "ref") if value != "None" else None


DURATION_UNIT = {"second": "S", "minute": "M", "hour": "H", "day": "D", "week": "W",
                 "weekend": "WE", "fortnight": "W", "month": "M", "quarter": "Q", "year": "Y",
                 "decade": "E", "century": "C", "millennium": "L"}  # fmt: skip


def duration_rule(m: Match, ctx: Context) -> Timex | None:
    """For "three years", "the past week": a DURATION, never an event date."""
    unit = _unit(m, "day")
    n = _count(ctx, _g(m, "num")) if _g(m, "num") else None
    code = DURATION_UNIT.get(unit, "X")
    if unit == "fortnight" and n:
        n *= 2
    prefix = "PT" if code in ("S", "H") or unit == "minute" else "P"
    value = f"{prefix}{n if n is not None else 'X'}{code}"
    return Timex(value, unit if unit in ("day", "week", "month", "year") else "day", "DURATION")


def set_rule(m: Match, ctx: Context) -> Timex | None:
    """For "every week", "annually": a SET, never an event date."""
    word = (_g(m, "unit") or _g(m, "adverb") or "").lower()
    if (_g(m, "quant") or "").lower() == "a" and ctx.word_before() in ("for", "than", "about"):
        return None  # "for a year" is a duration
    return Timex(f"P1{DURATION_UNIT.get(word[:-2] if word.endswith('ly') else word, 'X')}",
                 "day", "SET")


NORMALISERS: dict[str, Normaliser] = {
    "date": date_rule, "monthday": monthday_rule, "monthyear": monthyear_rule,
    "month": month_rule, "year": year_rule, "decade": decade_rule, "century": century_rule,
    "quarter": quarter_rule, "half": half_rule, "season": season_rule,
    "weekday": weekday_rule, "deictic": deictic_rule, "holiday": holiday_rule,
    "relunit": relunit_rule, "ago": ago_rule, "anaphor": anaphor_rule, "time": time_rule,
    "ref": ref_rule, "duration": duration_rule, "set": set_rule,
}  # fmt: skip


def normalise(kind: str, m: Match, ctx: Context) -> Timex | None:
    """The value of a match of a pattern of the given kind, or None if it is not one."""
    return NORMALISERS[kind](m, ctx)
