"""Calendar arithmetic and TIMEX3 value strings.

Values follow TimeML: "2023-03-02", "2023-03", "2023", "2023-W09", "2023-W09-WE", "2023-Q1",
"2023-H1", "2023-SU", "199" (a decade), "19" (a century), "2023-03-02TMO", "2023-03-02T09:00".
"""

from __future__ import annotations

import re
from datetime import date, timedelta

SEASONS: tuple[str, ...] = ("WI", "SP", "SU", "FA")
#: Month that opens each season (northern hemisphere; winter is counted from December).
SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def parse_date(value: str | None) -> date | None:
    """A date from "YYYY-MM-DD" (anything after the day is ignored), or None."""
    if not value:
        return None
    m = _DAY.match(value)
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def make_date(year: int, month: int, day: int) -> date | None:
    """The date, or None when the parts do not form one (31 February)."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def add_months(d: date, months: int) -> date:
    """``d`` moved by whole months, clamped to the month's last day."""
    index = d.year * 12 + d.month - 1 + months
    year, month = divmod(index, 12)
    for day in (d.day, 30, 29, 28):
        moved = make_date(year, month + 1, day)
        if moved:
            return moved
    raise ValueError(f"cannot move {d} by {months} months")  # unreachable: day 28 exists


def day(d: date) -> str:
    """"YYYY-MM-DD"."""
    return d.isoformat()


def month(d: date) -> str:
    """"YYYY-MM"."""
    return f"{d.year:04d}-{d.month:02d}"


def week(d: date) -> str:
    """The ISO week, "YYYY-Www"."""
    iso = d.isocalendar()
    return f"{iso.year:04d}-W{iso.week:02d}"


def quarter_of(d: date) -> int:
    """The quarter (1-4) a date falls in."""
    return (d.month - 1) // 3 + 1


def quarter(year: int, q: int) -> str:
    """"YYYY-Qn"."""
    return f"{year:04d}-Q{q}"


def season_of(d: date) -> tuple[int, str]:
    """(year, season) of a date; December belongs to the next year's winter."""
    if d.month == 12:
        return d.year + 1, "WI"
    return d.year, SEASONS[(d.month % 12) // 3]


def nth_weekday(year: int, month_no: int, weekday: int, n: int) -> date:
    """The n-th ISO weekday (1=Monday) of a month; n = -1 for the last one."""
    if n > 0:
        first = date(year, month_no, 1)
        return first + timedelta(days=(weekday - first.isoweekday()) % 7 + 7 * (n - 1))
    last = add_months(date(year, month_no, 1), 1) - timedelta(days=1)
    return last - timedelta(days=(last.isoweekday() - weekday) % 7)


def easter(year: int) -> date:
    """Western Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (b - (b + 8) // 25 + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    n = h + l_ - 7 * m + 114
    return date(year, n // 31, n % 31 + 1)


def weekday_near(anchor: date, weekday: int, direction: str) -> date:
    """The given weekday relative to ``anchor``.

    ``direction``: "same" (this day when the anchor is that weekday, else the last one),
    "past"/"future" (the last/next one, the anchor itself counting when it matches),
    "before"/"after" (strictly before/after the anchor).
    """
    back = (anchor.isoweekday() - weekday) % 7
    ahead = (weekday - anchor.isoweekday()) % 7
    if direction == "before":
        return anchor - timedelta(days=back or 7)
    if direction == "after":
        return anchor + timedelta(days=ahead or 7)
    if direction == "future":
        return anchor + timedelta(days=ahead)
    return anchor - timedelta(days=back)


def resolution_of(value: str) -> str:
    """The resolution a TIMEX3 value expresses (day, month, week, ..., ref)."""
    if value.endswith("_REF"):
        return "ref"
    if "T" in value:
        return "time" if re.search(r"T\d", value) else "day"
    patterns = (
        (r"\d{4}-\d{2}-\d{2}$", "day"), (r"\w{4}-W\w{2}(-WE)?$", "week"),
        (r"\w{4}-Q\w$", "quarter"), (r"\w{4}-H\w$", "half"),
        (r"\w{4}-(SP|SU|FA|WI)$", "season"), (r"\w{4}-[\dX]{2}$", "month"), (r"\w{4}$", "year"),
        (r"\w{3}$", "decade"), (r"\w{2}$", "century"),
    )  # fmt: skip
    for pattern, name in patterns:
        if re.match(pattern, value):
            return name
    return "day"
