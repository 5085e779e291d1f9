"""Time expressions → ISO dates, months, years or intervals, resolved against publication.

Dates are read in two passes. Direct expressions come first ("May 7", "fourth quarter 1985",
"the week ended February 25", "next week"). Then the ones that point at another period ("a year
earlier", "the previous quarter", "the same period last year") are resolved against the claim's
own period: the first direct mention before them in the claim, else one of its sentence.
A date without a year takes it from publication and the claim's tense; a split year ("1987/88")
starts in the month the claim, its sentence or the text before it states for the fiscal year.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Literal

Tense = Literal["past", "future"] | None
_How = Literal["last", "next", "nearest"]

MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "several": 3,
    "a few": 3,
    "few": 3,
}
ORDINALS = {
    "first": 1,
    "1st": 1,
    "second": 2,
    "2nd": 2,
    "third": 3,
    "3rd": 3,
    "fourth": 4,
    "4th": 4,
    "final": 4,
    "last": 4,
}
_MONTH_NAMES = "|".join(n for n in MONTHS if len(n) > 3 or n == "may")
_ANY_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_MON = rf"(?P<mon>{_ANY_MONTH})\.?"
_MONTH_NAME = rf"(?P<mon>{_MONTH_NAMES})"
_CAPITAL_MONTHS = "|".join(n.capitalize() for n in MONTHS if len(n) > 3)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[89]|20)\d\d)"
_NUM = r"(?P<num>\d+|" + "|".join(sorted(NUMBERS, key=len, reverse=True)) + r")"
_UNIT = r"(?P<unit>day|week|month|year|decade)s?"
_WEEKDAY = r"(?P<wd>" + "|".join(WEEKDAYS) + r")"
_THIS_YEAR = r"(?P<which>this|last|next|the\s+current)\s+(?:fiscal\s+|financial\s+)?year\b"
_FISCAL_WORD = re.compile("fiscal|financial", re.IGNORECASE)
_ORD = r"(?P<ord>first|second|third|fourth|final|1st|2nd|3rd|4th)"
_PART = rf"{_ORD}[\s-]+(?P<part>quarter|qtr|half)"
_END = (
    rf"(?:end-?|the\s+end\s+of\s+)?(?P<emon>{_ANY_MONTH})\.?"
    r"(?:\s+(?P<eday>[0-3]?\d)(?:st|nd|rd|th)?\b)?(?:,?\s+(?P<eyear>(?:1[89]|20)\d\d))?"
)
_DEADLINE = re.compile(
    r"(?:\bby|\bno later than|\bnot later than|\bdeadline (?:of|is)|\bdue (?:by|on|in))\s+$",
    re.IGNORECASE,
)
# Words just before a date that make it a plan, a deadline or a start: "set for May 7", "by May 8".
_AHEAD_BEFORE = re.compile(
    r"\b(?:by|before|until|till|for|due|effective|from|starting|beginning|through|"
    r"no later than|on or before)\s+(?:on\s+|the\s+|an?\s+)?$",
    re.IGNORECASE,
)
_DELIVERY_BEFORE = re.compile(r"\b(?:delivery|shipment|loading)\s+$", re.IGNORECASE)
# Words that make a whole claim look ahead, whatever the tense of its main verb.
_AHEAD = re.compile(
    r"(?i:\b(?:will|shall|'ll|likely to|expects? to|expected to|plans? to|planned|scheduled|"
    r"set to|intends? to|aims? to|hopes? to|forecasts? to|is to|are to|"
    r"to be (?:announced|reported|released|held|paid|signed|published|made)|"
    r"should|could|might)\b(?!\s+have\b))|\bmay\b(?!\s+have\b)"
)
_THIS_BEFORE = re.compile(r"\bthis\s+$", re.IGNORECASE)
_FOR_THE_MONTH = re.compile(r"\b(?:for|in)\s+the\s+month\b", re.IGNORECASE)
_PROGRESSIVE = re.compile(r"\b(?:is|are|was|were|be)\s+\w+ing\b", re.IGNORECASE)
_FRAME_YEAR = re.compile(
    rf"^\W*(?:in|during|for|throughout)\s+(?:calendar\s+|fiscal\s+)?{_YEAR}\b", re.IGNORECASE
)
_FISCAL_HINT = re.compile(r"\d\d[/-]\d\d\b|fiscal|financial|quarter|qtr", re.IGNORECASE)
_FISCAL_START = re.compile(
    r"(?:fiscal|financial|crop|marketing|\b(?:19|20)\d\d[/-]\d\d)\b[^.;]{0,40}?"
    r"\b(?:starting|beginning|from|which\s+(?:starts|begins|began|started))\s+(?:on\s+)?"
    rf"(?P<mon>{_ANY_MONTH})\.?\s+(?P<day>[0-3]?\d)\b",
    re.IGNORECASE,
)
_FISCAL_END = re.compile(
    r"(?:\b(?:fiscal|financial|business)\s+year\s+(?:ends|closing|on|ending|ended|to)"
    r"|\byear\s+(?:ending|ended|to|which\s+ends|that\s+ends))\s+(?:end-?)?"
    rf"(?P<mon>{_ANY_MONTH})\.?(?:\s+(?P<day>[0-3]?\d)\b)?",
    re.IGNORECASE,
)
_FISCAL_QUARTER = re.compile(
    rf"\b{_ORD}[\s-]+quarter\s+(?:ended|ending|to)\s+{_END}",
    re.IGNORECASE,
)
_CONTEXT_CHARS = 3000  # how much of the text before a sentence is read for fiscal years


@dataclass(frozen=True, slots=True)
class DateMention:
    """One normalised time expression found in a text."""

    start: int
    end: int
    text: str
    value: str
    deadline: bool

    def to_dict(self) -> dict[str, object]:
        """The JSON form stored on a claim."""
        return {"text": self.text, "value": self.value, "deadline": self.deadline}


@dataclass(frozen=True, slots=True)
class _Context:
    """What relative expressions are resolved against."""

    published: dt.date | None
    tense: Tense
    ahead: bool = False
    frame_year: int | None = None
    fiscal_start: tuple[int, int] | None = None
    fiscal_quarter: tuple[int, dt.date] | None = None


# --- calendar arithmetic -------------------------------------------------------------------


def _iso(day: dt.date) -> str:
    return day.isoformat()


def _month(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _span(lo: dt.date, hi: dt.date) -> str:
    return lo.isoformat() if lo == hi else f"{lo.isoformat()}/{hi.isoformat()}"


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    """The date, or None when the day does not exist (February 30)."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    """The (year, month) `by` months away."""
    index = year * 12 + month - 1 + by
    return index // 12, index % 12 + 1


def _add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` away; a month's last day stays its last day (Feb 28 → Mar 31)."""
    year, month = _shift_month(day.year, day.month, months)
    last = _month_end(year, month)
    if day == _month_end(day.year, day.month):
        return last
    return last.replace(day=min(day.day, last.day))


def _week_of(day: dt.date) -> tuple[dt.date, dt.date]:
    """Monday and Sunday of the week holding day."""
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def _months_ending(end: dt.date, months: int) -> str:
    """The `months` months that end on day `end`."""
    return _span(_add_months(end, -months) + dt.timedelta(days=1), end)


def _bounds(value: str) -> tuple[dt.date, dt.date]:
    """First and last day of an ISO date, month, year or interval."""
    lo, _, hi = value.partition("/")
    return _first_day(lo), _last_day(hi or lo)


def _first_day(part: str) -> dt.date:
    if len(part) == 4:
        return dt.date(int(part), 1, 1)
    if len(part) == 7:
        return dt.date(int(part[:4]), int(part[5:]), 1)
    return dt.date.fromisoformat(part)


def _last_day(part: str) -> dt.date:
    if len(part) == 4:
        return dt.date(int(part), 12, 31)
    if len(part) == 7:
        return _month_end(int(part[:4]), int(part[5:]))
    return dt.date.fromisoformat(part)


def _shifted(value: str, *, months: int = 0, days: int = 0) -> str:
    """The same period moved by whole months or days, written as it was (a month stays a month)."""
    if len(value) == 4:
        return f"{int(value) + months // 12:04d}"
    if len(value) == 7:
        return _month(*_shift_month(int(value[:4]), int(value[5:]), months))
    lo, hi = _bounds(value)
    if days:
        return _span(lo + dt.timedelta(days=days), hi + dt.timedelta(days=days))
    return _span(_add_months(lo, months), _add_months(hi, months))


def _length(value: str) -> int:
    """How many days a value covers."""
    lo, hi = _bounds(value)
    return (hi - lo).days + 1


# --- choosing the year of a date given without one ------------------------------------------


def _how(ctx: _Context, cue: bool = False) -> _How:
    """Which occurrence a date without a year means: the tense's direction, else the nearest."""
    if ctx.tense == "future":
        return "next"
    if ctx.tense == "past" and not cue and not ctx.ahead:
        return "last"
    return "nearest"


def _choose(last: dt.date | None, nxt: dt.date | None, pub: dt.date, how: _How) -> dt.date | None:
    """The last (≤ publication), next (≥ publication) or nearer of two occurrences."""
    if how == "last" and last:
        far_back = (pub - last).days > 183 and nxt is not None and (nxt - pub).days <= 92
        if not far_back:  # "vowed decisions in a May 14 statement" (March): this year's
            return last
    if how == "next" and nxt and not (last and (pub - last).days <= 31):
        return nxt  # "will return March 30 to the plant shut March 16" (March 26): both this year
    options = [d for d in (last, nxt) if d]
    return min(options, key=lambda d: abs((d - pub).days), default=None)


def _day_near(month: int, day: int | None, pub: dt.date, how: _How) -> dt.date | None:
    """A day given without a year (day None: the month's last day), chosen as `how` says."""
    days = []
    for year in (pub.year - 1, pub.year, pub.year + 1):
        found = _month_end(year, month) if day is None else _safe_date(year, month, day)
        if found:
            days.append(found)
    last = max((d for d in days if d <= pub), default=None)
    nxt = min((d for d in days if d >= pub), default=None)
    return _choose(last, nxt, pub, how)


def _month_near(month: int, pub: dt.date, how: _How) -> int:
    """The year of a month given without one."""
    last = pub.year if month <= pub.month else pub.year - 1
    nxt = pub.year if month >= pub.month else pub.year + 1
    back = (pub.year - last) * 12 + pub.month - month
    ahead = (nxt - pub.year) * 12 + month - pub.month
    if last == nxt or (how == "last" and not (back > 6 and ahead <= 2)):
        return last  # but "agreed on a price from May shipment" (late April): this May
    if how == "next" and (pub - _month_end(last, month)).days > 45:
        return nxt  # "the first issue since one in February" (April, future): this February
    return last if back <= ahead else nxt


def _part_year(first: int, last: int, ctx: _Context, *, nearest: bool = True) -> int | None:
    """The year of months `first`–`last` named without one ("the fourth quarter").

    Past: a part not yet begun at publication is last year's ("fourth quarter profit rose",
    March); so is the whole year until it is over ("for the year, it earned"). Future:
    publication's year, or the nearer one when that part is over. Otherwise the nearer one
    (`nearest`) or publication's.
    """
    pub = ctx.published
    if ctx.frame_year:
        return ctx.frame_year
    if pub is None:
        return None
    end = _month_end(pub.year, last)
    tense = "future" if ctx.ahead else ctx.tense
    if tense == "past":
        edge = end if (first, last) == (1, 12) else dt.date(pub.year, first, 1)
        return pub.year - 1 if edge > pub else pub.year
    if (tense == "future" and end >= pub) or (tense is None and not nearest):
        return pub.year
    return min((pub.year - 1, pub.year, pub.year + 1), key=lambda y: _gap(first, last, y, pub))


def _gap(first: int, last: int, year: int, day: dt.date) -> int:
    """Days between `day` and months `first`–`last` of `year` (0 inside them)."""
    start, end = dt.date(year, first, 1), _month_end(year, last)
    return max((start - day).days, (day - end).days, 0)


def _number(word: str) -> int:
    return int(word) if word.isdigit() else NUMBERS[word.lower()]


def _cue_before(m: re.Match[str]) -> bool:
    """True when the words before the match make it a plan or a deadline ("set for", "by")."""
    return bool(_AHEAD_BEFORE.search(m.string, max(0, m.start() - 30), m.start()))


# --- resolvers of direct expressions ---------------------------------------------------------


def _r_iso(m: re.Match[str], ctx: _Context) -> str | None:
    """2024-01-26."""
    day = _safe_date(int(m["year"]), int(m["m"]), int(m["day"]))
    return _iso(day) if day else None


def _r_full(m: re.Match[str], ctx: _Context) -> str | None:
    """January 26, 2024 / 26 January 2024."""
    day = _safe_date(int(m["year"]), MONTHS[m["mon"].lower()], int(m["day"]))
    return _iso(day) if day else None


def _r_month_day(m: re.Match[str], ctx: _Context) -> str | None:
    """January 26 / 26 January: the year from publication, tense and the words before it."""
    if ctx.published is None:
        return None
    month, day = MONTHS[m["mon"].lower()], int(m["day"])
    if _THIS_BEFORE.search(m.string, max(0, m.start() - 6), m.start()):  # "ends this September 30"
        found = _safe_date(ctx.published.year, month, day)
    else:
        found = _day_near(month, day, ctx.published, _how(ctx, _cue_before(m)))
    return _iso(found) if found else None


def _r_month_year(m: re.Match[str], ctx: _Context) -> str | None:
    """January 2024."""
    return _month(int(m["year"]), MONTHS[m["mon"].lower()])


def _r_month(m: re.Match[str], ctx: _Context) -> str | None:
    """A bare month after a preposition ("in June", "since March")."""
    if ctx.published is None:
        return None
    month, words = MONTHS[m["mon"].lower()], m.group(0).lower()
    cue = _cue_before(m) or words.startswith(("by", "until", "till", "from", "before"))
    pub = ctx.published
    if words.startswith("last"):  # "last March" said in March is a year back
        return _month(pub.year - (month >= pub.month), month)
    if words.startswith("since"):
        return _month(pub.year - (month > pub.month), month)
    if words.startswith(("next", "this")):  # "next March" said in March is a year ahead
        return _month(pub.year + (words.startswith("next") and month <= pub.month), month)
    how = _how(ctx, cue)
    return _month(_month_near(month, ctx.published, how), month)


def _ending_day(m: re.Match[str], ctx: _Context) -> dt.date | None:
    """The last day of a period "ended March 31" / "to end-February" / "ending June 30, 1988"."""
    groups = m.groupdict()
    month = MONTHS[m["emon"].lower()]
    day = int(m["eday"]) if m["eday"] else None
    year = groups.get("eyear") or groups.get("fy")
    if year:
        return _month_end(int(year), month) if day is None else _safe_date(int(year), month, day)
    if ctx.published is None:
        return None
    verb = (groups.get("verb") or "ended").lower()  # an earnings table's "Jan 31 end": ended
    how: _How = "last" if verb.endswith("ed") else "nearest"
    return _day_near(month, day, ctx.published, how)


_PERIOD_MONTHS = {"year": 12, "quarter": 3, "qtr": 3, "half": 6, "month": 1}


def _r_period_ending(m: re.Match[str], ctx: _Context) -> str | None:
    """A period named by its last day: "the year ending March 31, 1988", "the week ended Feb 25"."""
    end = _ending_day(m, ctx)
    named = m["kind"].lower().replace("-", " ").split()
    kind = "half" if named[:2] == ["half", "year"] else named[-1]  # ("the half-year to June 30")
    if end is None:
        return None
    if kind.endswith(("week", "weeks")):
        weeks = _number(m.groupdict().get("w") or "1")
        return _span(end - dt.timedelta(days=7 * weeks - 1), end) if weeks <= 53 else None
    months = _number(m["n"]) if m["n"] else _PERIOD_MONTHS.get(kind, 12)
    return _months_ending(end, months) if 0 < months <= 24 else None


def _r_day_range(m: re.Match[str], ctx: _Context) -> str | None:
    """March 11-20: the days of one month, its year chosen by the last day."""
    if ctx.published is None:
        return None
    month, first, last = MONTHS[m["mon"].lower()], int(m["day"]), int(m["day2"])
    end = _day_near(month, last, ctx.published, _how(ctx, _cue_before(m)))
    start = end and _safe_date(end.year, month, first)
    return _span(start, end) if start and end and start < end else None


_NTH_WEEK = {"first": 1, "second": 2, "third": 3, "fourth": 4}


def _r_week_of_month(m: re.Match[str], ctx: _Context) -> str | None:
    """The third week of March: days 15–21; the last week: its last seven days."""
    month = MONTHS[m["mon"].lower()]
    if m["year"]:
        year = int(m["year"])
    elif ctx.published:
        year = _month_near(month, ctx.published, _how(ctx))
    else:
        return None
    nth = _NTH_WEEK.get(m["nth"].lower())
    end = dt.date(year, month, 7 * nth) if nth else _month_end(year, month)
    return _span(end - dt.timedelta(days=6), end)


def _r_week_from(m: re.Match[str], ctx: _Context) -> str | None:
    """The week starting (from) March 2: seven days from that day."""
    month, day = MONTHS[m["mon"].lower()], int(m["day"])
    if m["year"]:
        first = _safe_date(int(m["year"]), month, day)
    elif ctx.published:
        first = _day_near(month, day, ctx.published, _how(ctx, cue=True))
    else:
        first = None
    return _span(first, first + dt.timedelta(days=6)) if first else None


def _r_between_days(m: re.Match[str], ctx: _Context) -> str | None:
    """Between February 16 and March 9: the end chosen like any date, the start just before it."""
    pub = ctx.published
    end_month, start_month = MONTHS[m["mon2"].lower()], MONTHS[m["mon"].lower()]
    if m["year"]:
        end = _safe_date(int(m["year"]), end_month, int(m["day2"]))
    elif pub:
        delivery = _DELIVERY_BEFORE.search(m.string, max(0, m.start() - 30), m.start())
        how: _How = "next" if delivery else _how(ctx)  # ("awarded contracts … for delivery
        # between May 10 and October 10": goods still to come, whatever the tense)
        end = _day_near(end_month, int(m["day2"]), pub, how)
    else:
        return None
    start = end and _safe_date(end.year, start_month, int(m["day"]))
    if start and end and start > end:
        start = _safe_date(end.year - 1, start_month, int(m["day"]))
    return _span(start, end) if start and end else None


def _r_between_months(m: re.Match[str], ctx: _Context) -> str | None:
    """Between June and July (this year): from the first month's start to the second's end."""
    first, last = MONTHS[m["mon"].lower()], MONTHS[m["mon2"].lower()]
    year = _named_year(m, ctx)
    if year is None and ctx.published:
        year = _month_near(last, ctx.published, _how(ctx))
    if year is None:
        return None
    start_year = year if first <= last else year - 1
    return _span(dt.date(start_year, first, 1), _month_end(year, last))


def _named_year(m: re.Match[str], ctx: _Context) -> int | None:
    """An explicit year, or "this/last/next year" relative to publication (for "this fiscal
    year", the year in which the fiscal year holding publication starts)."""
    groups = m.groupdict()
    if groups.get("year"):
        return int(groups["year"])
    which = (groups.get("which") or "").lower()
    step = {"this": 0, "the current": 0, "last": -1, "next": 1}.get(" ".join(which.split()))
    pub = ctx.published
    if step is None or pub is None:
        return None
    if ctx.fiscal_start and _FISCAL_WORD.search(m[0]):
        return _fiscal_year_of(pub, ctx.fiscal_start) + step
    return pub.year + step


def _fiscal_year_of(day: dt.date, start: tuple[int, int]) -> int:
    """The calendar year in which the fiscal year holding `day` starts."""
    return day.year - ((day.month, day.day) < start)


def _part_months(m: re.Match[str]) -> tuple[int, int]:
    """First and last month of a quarter, half or "first N months"."""
    groups = m.groupdict()
    if groups.get("n"):
        return 1, min(_number(groups["n"]), 12)
    number = ORDINALS[groups["ord"].lower()]
    if groups["part"].lower() == "half":
        number = 2 if number > 1 else 1
        return 6 * number - 5, 6 * number
    return 3 * number - 2, 3 * number


def _r_year_part(m: re.Match[str], ctx: _Context) -> str | None:
    """The fourth quarter (of 1985), 1985's fourth quarter, the first half, the first six months."""
    first, last = _part_months(m)
    year = _named_year(m, ctx)
    if m.groupdict().get("which") and ctx.fiscal_start and _FISCAL_WORD.search(m[0]):
        return _fiscal_part(first, last, year, ctx.fiscal_start) if year else None
    if year is None and ctx.fiscal_quarter and m.groupdict().get("part", "").lower() == "quarter":
        return _fiscal_quarter(ORDINALS[m["ord"].lower()], ctx.fiscal_quarter)
    if year is None:
        year = _part_year(first, last, ctx)
    if year is None:
        return None
    return _span(dt.date(year, first, 1), _month_end(year, last))


def _r_month_span(m: re.Match[str], ctx: _Context) -> str | None:
    """The January-March quarter, October/December (1986): from one month to another."""
    first, last = MONTHS[m["mon"].lower()], MONTHS[m["mon2"].lower()]
    if first == last:
        return None
    year = int(m["year"]) if m["year"] else _span_year(first, last, ctx)
    if year is None:
        return None
    start = _add_months(dt.date(year, last, 1), -((last - first) % 12))
    return _span(start, _month_end(year, last))


def _span_year(first: int, last: int, ctx: _Context) -> int | None:
    """The year in which months `first`–`last` named without one end."""
    if first < last:
        return _part_year(first, last, ctx)
    return _month_near(last, ctx.published, _how(ctx)) if ctx.published else None


def _r_month_quarter(m: re.Match[str], ctx: _Context) -> str | None:
    """The June quarter: the three months that end in June."""
    last = MONTHS[m["mon"].lower()]
    year = int(m["year"]) if m["year"] else _span_year(_shift_month(2001, last, -2)[1], last, ctx)
    if year is None:
        return None
    return _months_ending(_month_end(year, last), 3)


def _fiscal_part(first: int, last: int, year: int, start: tuple[int, int]) -> str:
    """Months `first`–`last` of the fiscal year that starts in `year` on day `start`."""
    begin = _safe_date(year, *start) or dt.date(year, start[0], 1)
    lo, hi = _add_months(begin, first - 1), _add_months(begin, last) - dt.timedelta(days=1)
    return _span(lo, hi)


def _fiscal_quarter(number: int, stated: tuple[int, dt.date]) -> str:
    """Quarter `number` of the fiscal year in which quarter stated[0] ended on day stated[1]."""
    known, end = stated
    return _months_ending(_add_months(end, 3 * (number - known)), 3)


def _r_whole_year(m: re.Match[str], ctx: _Context) -> str | None:
    """ "For the year", "the year as a whole", "full-year": the claim's year; beside "for the
    month" in a monthly report, the year so far."""
    if m["year"]:
        return m["year"]
    if ctx.published and _FOR_THE_MONTH.search(m.string):
        return f"{ctx.published.year:04d}"
    year = _part_year(1, 12, ctx, nearest=False)
    return f"{year:04d}" if year else None


def _r_decade(m: re.Match[str], ctx: _Context) -> str | None:
    """The 1990s."""
    start = int(m["decade"])
    return f"{start}/{start + 9}"


def _r_year_range(m: re.Match[str], ctx: _Context) -> str | None:
    """2024-25, 2020-2022; a split year starts in the month stated for the fiscal year."""
    first, second = int(m["year"]), m["to"]
    end = int(m["year"][: 4 - len(second)] + second)
    if end <= first:
        return None
    if m["smon"]:
        stated = MONTHS[m["smon"].lower()], int(m["sday"])
    elif m["pmon"]:  # "the 1986/87 season (August/July)"
        stated = MONTHS[m["pmon"].lower()], 1
    elif m["xmon"]:  # "1986/87 ending March"
        stated = _shift_month(2001, MONTHS[m["xmon"].lower()], 1)[1], 1
    else:
        stated = ctx.fiscal_start
    if end == first + 1 and stated and stated != (1, 1):
        start = _safe_date(first, *stated) or _month_end(first, stated[0])
        return _span(start, _add_months(start, 12) - dt.timedelta(days=1))
    return f"{first}/{end}"


def _r_year(m: re.Match[str], ctx: _Context) -> str | None:
    """A bare year."""
    return m["year"]


_STEPS = {"last": -1, "past": -1, "next": 1, "coming": 1}


def _r_relative(m: re.Match[str], ctx: _Context) -> str | None:
    """Last/next/this/the current week, month, quarter or year."""
    pub = ctx.published
    if pub is None:
        return None
    step, unit = _STEPS.get(m["which"].lower(), 0), m["unit"].lower()
    if m["fiscal"] and ctx.fiscal_start and unit == "year":
        first = _fiscal_year_of(pub, ctx.fiscal_start) + step
        return _fiscal_part(1, 12, first, ctx.fiscal_start)
    if unit == "week":
        return _span(*_week_of(pub + dt.timedelta(weeks=step)))
    if unit == "month":
        return _month(*_shift_month(pub.year, pub.month, step))
    if unit == "quarter":
        year, month = _shift_month(pub.year, (pub.month - 1) // 3 * 3 + 1, 3 * step)
        return _span(dt.date(year, month, 1), _month_end(year, month + 2))
    return f"{pub.year + step:04d}"


def _r_year_to_date(m: re.Match[str], ctx: _Context) -> str | None:
    """Year-to-date, so far this year: January 1 up to publication."""
    pub = ctx.published
    return _span(dt.date(pub.year, 1, 1), pub) if pub else None


def _r_partial(m: re.Match[str], ctx: _Context) -> str | None:
    """Earlier this week/month/year: its start up to publication; "later": publication to end."""
    pub = ctx.published
    if pub is None:
        return None
    unit = m["unit"].lower()
    if unit == "week":
        lo, hi = _week_of(pub)
    elif unit == "month":
        lo, hi = pub.replace(day=1), _month_end(pub.year, pub.month)
    else:
        lo, hi = dt.date(pub.year, 1, 1), dt.date(pub.year, 12, 31)
    return _span(lo, pub) if m["when"].lower() == "earlier" else _span(pub, hi)


_PART_MONTHS = {"start": (1, 1), "middle": (6, 7), "end": (12, 12)}
_PART_DAYS = {"start": (1, 10), "middle": (11, 20), "end": (21, 31)}
_PART_WEEKDAYS = {"start": (0, 1), "middle": (2, 3), "end": (4, 6)}


def _part(word: str) -> str:
    return {"beginning": "start", "mid": "middle", "early": "start", "late": "end"}.get(
        word.lower(), word.lower()
    )


def _month_part(year: int, month: int, part: str) -> str:
    """The first, middle or last ten days of a month."""
    first, last = _PART_DAYS[part]
    end = min(last, _month_end(year, month).day)
    return _span(dt.date(year, month, first), dt.date(year, month, end))


def _year_part(year: int, part: str) -> str:
    """January, June–July or December of a year."""
    first, last = _PART_MONTHS[part]
    if first == last:
        return _month(year, first)
    return _span(dt.date(year, first, 1), _month_end(year, last))


def _r_part_of(m: re.Match[str], ctx: _Context) -> str | None:
    """The start, middle or end of a year, month or week ("by the end of the year")."""
    g = m.groupdict()
    part, pub = _part(g.get("part") or "end"), ctx.published
    if g.get("year"):
        return _year_part(int(g["year"]), part)
    if g.get("mon"):
        if pub is None:
            return None
        month = MONTHS[g["mon"].lower()]
        return _month_part(_month_near(month, pub, _how(ctx, cue=True)), month, part)
    if pub is None:
        return None
    which = (g.get("which") or "").lower()
    step = {"next": 1, "last": -1}.get(which, 0)
    unit = (g.get("unit") or "year").lower()
    if unit == "year":
        first, last = _PART_MONTHS[part]
        if which in ("the", ""):  # "was closed by the end of the year" (March): last year's
            return _year_part(_part_year(first, last, ctx, nearest=False) or pub.year, part)
        return _year_part(pub.year + step, part)
    if unit == "month":
        return _month_part(*_shift_month(pub.year, pub.month, step), part)
    monday = _week_of(pub + dt.timedelta(weeks=step))[0]
    first, last = _PART_WEEKDAYS[part]
    return _span(monday + dt.timedelta(days=first), monday + dt.timedelta(days=last))


def _r_year_edge(m: re.Match[str], ctx: _Context) -> str | None:
    """End-1986, mid-1987: December, June–July or January of that year."""
    return _year_part(int(m["year"]), _part(m["part"]))


def _r_month_edge(m: re.Match[str], ctx: _Context) -> str | None:
    """End-February, early-March: the last or first ten days of the nearest such month."""
    if ctx.published is None and not m["year"]:
        return None
    month = MONTHS[m["mon"].lower()]
    year = int(m["year"]) if m["year"] else _month_near(month, ctx.published, _how(ctx))
    return _month_part(year, month, _part(m["edge"]))


SEASONS = {
    "spring": (3, 5),
    "summer": (6, 8),
    "autumn": (9, 11),
    "fall": (9, 11),
    "winter": (12, 14),
}
_DEICTIC = {"yesterday": -1, "tomorrow": 1}
_SEASON_AFTER = re.compile(r"\b(?:in|by|during|until|since|early|late|mid-?)\s*$", re.IGNORECASE)
_SEASON_STEP = {"next": 1, "last": -1, "this": 0}


def _r_season(m: re.Match[str], ctx: _Context) -> str | None:
    """A northern-hemisphere season: this/next/last one, or the nearest in the tense's direction."""
    first, last = SEASONS[m["season"].lower()]
    which = (m["which"] or "").lower()
    loose = not which or (which == "the" and m["season"].lower() == "fall")
    after = _SEASON_AFTER.search(m.string, max(0, m.start() - 8), m.start())
    if loose and not (m["year"] or after):
        return None  # "prices fall", "the fall in the share price", "winter wheat"
    if m["year"]:
        year = int(m["year"])
    elif ctx.published is None:
        return None
    else:
        step = _SEASON_STEP.get((m["which"] or "").lower())
        year = ctx.published.year + step if step is not None else _season_year(first, last, ctx)
    end_year, end_month = _shift_month(year, first, last - first)
    return _span(dt.date(year, first, 1), _month_end(end_year, end_month))


def _season_year(first: int, last: int, ctx: _Context) -> int:
    """The year of a season named without one, in the tense's direction."""
    pub = ctx.published
    assert pub is not None
    tense = "future" if ctx.ahead else ctx.tense
    if tense == "future" and pub.month > min(last, 12):
        return pub.year + 1
    if tense == "past" and pub.month < first:
        return pub.year - 1
    return pub.year


def _r_ago(m: re.Match[str], ctx: _Context) -> str | None:
    """N days/weeks/months/years/decades ago."""
    pub = ctx.published
    if pub is None:
        return None
    n, unit = _number(m["num"]), m["unit"].lower()
    if unit in ("day", "week"):
        return _iso(pub - dt.timedelta(days=n * (7 if unit == "week" else 1)))
    if unit == "month":
        return _month(*_shift_month(pub.year, pub.month, -n))
    return f"{pub.year - n * (10 if unit == 'decade' else 1):04d}"


def _r_in_future(m: re.Match[str], ctx: _Context) -> str | None:
    """ "in N weeks" (only in future statements: "the highest in 10 years" is a span)."""
    pub = ctx.published
    if pub is None or ctx.tense != "future":
        return None
    n, unit = _number(m["num"]), m["unit"].lower()
    if unit in ("day", "week"):
        return _iso(pub + dt.timedelta(days=n * (7 if unit == "week" else 1)))
    if unit == "month":
        return _month(*_shift_month(pub.year, pub.month, n))
    return f"{pub.year + n * (10 if unit == 'decade' else 1):04d}"


def _r_weekend(m: re.Match[str], ctx: _Context) -> str | None:
    """The weekend before publication (or after it, for "next weekend" and future tense)."""
    pub = ctx.published
    if pub is None:
        return None
    ahead = (m["which"] or "").lower() in ("next", "this", "coming") or ctx.tense == "future"
    saturday = pub + dt.timedelta(days=(5 - pub.weekday()) % 7)
    if not ahead and saturday > pub - dt.timedelta(days=1):
        saturday -= dt.timedelta(days=7)
    return _span(saturday, saturday + dt.timedelta(days=1))


def _r_deictic(m: re.Match[str], ctx: _Context) -> str | None:
    """Today, tonight, yesterday, tomorrow, last night, this morning."""
    pub = ctx.published
    if pub is None:
        return None
    word = " ".join(m["word"].lower().split())
    offset = -1 if word == "last night" else _DEICTIC.get(word, 0)
    return _iso(pub + dt.timedelta(days=offset))


def _r_weekday(m: re.Match[str], ctx: _Context) -> str | None:
    """The weekday before or after publication that the claim's words and tense point to."""
    pub = ctx.published
    if pub is None:
        return None
    target, which = WEEKDAYS[m["wd"].lower()], (m["which"] or "").lower()
    if which == "this":
        return _iso(_week_of(pub)[0] + dt.timedelta(days=target))
    back = (pub.weekday() - target) % 7 or (7 if which == "last" else 0)
    ahead = (target - pub.weekday()) % 7 or 7
    how: _How = "last" if which == "last" else _weekday_how(m, ctx, which)
    if how == "next" or (how == "nearest" and ahead < back):
        return _iso(pub + dt.timedelta(days=ahead))
    return _iso(pub - dt.timedelta(days=back))


def _weekday_how(m: re.Match[str], ctx: _Context, which: str) -> _How:
    """Possessives ("Monday's fall") have been; starts and plans ("for Monday") are to come,
    in a past claim too when it reports a progressive ("was suspending exports from Thursday")."""
    if which in ("next", "coming"):
        return "next"
    if m.string.startswith("'s", m.end()):
        return "last" if ctx.tense == "past" else "nearest"
    if which in ("from", "starting", "effective", "beginning"):
        return "next" if ctx.tense != "past" or _PROGRESSIVE.search(m.string) else "last"
    return "next" if _cue_before(m) else _how(ctx)


# --- the rules, in priority order --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Hint:
    """What a text must contain for a rule to be worth running (a cheap pre-check)."""

    digit: bool = False
    month: bool = False
    words: tuple[str, ...] = ()
    year: bool = False

    def allows(self, low: str, digit: bool, month: bool, year: bool) -> bool:
        """True when the lower-cased text has what the rule needs."""
        if (self.digit and not digit) or (self.month and not month) or (self.year and not year):
            return False
        return not self.words or any(w in low for w in self.words)


_Resolver = Callable[[re.Match[str], _Context], "str | None"]
_YEARISH = _Hint(year=True)
_DIGIT_MONTH = _Hint(digit=True, month=True)
_PARTS = _Hint(words=("quarter", "qtr", "half", "months"))
_RULES: list[tuple[str, _Resolver, _Hint]] = [
    (rf"\b(?P<year>\d{{4}})-(?P<m>[01]\d)-{_DAY}\b", _r_iso, _YEARISH),
    (
        r"\b(?:the\s+)?(?:(?:first|second|third|fourth|final|1st|2nd|3rd|4th)[\s-]+)?"
        r"(?P<kind>(?:fiscal|financial)\s+(?:year|(?P<fy>(?:1[89]|20)\d\d))|half[\s-]year|year|"
        r"quarter|half|"
        r"week|month|(?P<n>\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+"
        r"months|(?P<w>\d{1,2}|two|three|four|five|six|eight|ten|twelve)[\s-]+weeks?)\s+(?:which\s+|that\s+)?(?P<verb>ended|ending|to|through)"
        rf"\s+{_END}",
        _r_period_ending,
        _Hint(month=True, words=("ended", "ending", " to ", "through")),
    ),
    (
        r"\b(?:(?:1st|2nd|3rd|4th|first|second|third|fourth)\s+)?(?P<kind>qtr|quarter|half|year|"
        rf"(?P<n>six|nine|3|6|9)\s+(?:months|mths))\s+(?P<emon>{_ANY_MONTH})\.?\s+"
        r"(?P<eday>[0-3]?\d)\s+end\b",
        _r_period_ending,
        _Hint(digit=True, month=True, words=(" end",)),
    ),
    (
        r"\b(?:the\s+)?week\s+(?:starting|beginning|commencing|from)\s+(?:from\s+|on\s+)?"
        rf"{_MON}\s+{_DAY}(?:,?\s+{_YEAR})?",
        _r_week_from,
        _Hint(digit=True, month=True, words=("week",)),
    ),
    (
        rf"\b(?:between|from)\s+{_MON}\s+{_DAY}\s+(?:and|to|through|until)\s+"
        rf"(?P<mon2>{_ANY_MONTH})\.?\s+(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?(?:,?\s+{_YEAR})?\b",
        _r_between_days,
        _DIGIT_MONTH,
    ),
    (
        rf"\b(?:between|from|the)\s+{_MONTH_NAME}\s+(?:and|to|through|until)\s+"
        rf"(?P<mon2>{_MONTH_NAMES})\b(?!\s+\d)(?:\s+(?:of\s+)?(?:(?P<which>this|last|next)\s+year"
        rf"|{_YEAR}))?",
        _r_between_months,
        _Hint(month=True, words=("between", "from", "the")),
    ),
    (
        r"(?<![\d/-])\b(?:(?:fiscal|financial|crop|marketing|budget|season)\s+(?:year\s+)?)?"
        rf"{_YEAR}[-–/](?P<to>\d\d(?:\d\d)?)\b(?![-/]?\d)(?:,?\s+(?:starting|beginning|which\s+"
        rf"(?:starts|begins))\s+(?:on\s+)?(?P<smon>{_ANY_MONTH})\.?\s+(?P<sday>[0-3]?\d)\b"
        rf"|(?:\s+(?:season|crop|campaign|year))?\s*\(\s*(?P<pmon>{_ANY_MONTH})\.?\s*[/-]\s*"
        rf"(?:{_ANY_MONTH})\.?\s*\)|,?\s+(?:ending|ended|to)\s+(?:end-)?(?P<xmon>{_MONTH_NAMES}))?",
        _r_year_range,
        _YEARISH,
    ),
    (rf"\b{_MON}\s+{_DAY},?\s+{_YEAR}\b", _r_full, _DIGIT_MONTH),
    (rf"\b{_DAY}\s+(?:of\s+)?{_MON},?\s+{_YEAR}\b", _r_full, _DIGIT_MONTH),
    (rf"\b{_YEAR}(?:'s)?\s+{_PART}\b", _r_year_part, _PARTS),
    (rf"\b(?P<which>last|this|next)\s+year's\s+{_PART}\b", _r_year_part, _PARTS),
    (
        rf"\b(?:the\s+)?{_MON}\s*[-–/]\s*(?P<mon2>{_ANY_MONTH})\.?(?:\s+(?:quarter|period|months))?"
        rf"(?:\s+(?:of\s+)?{_YEAR})?\b(?!\s*\d)",
        _r_month_span,
        _Hint(month=True),
    ),
    (
        rf"\bthe\s+{_MONTH_NAME}\s+(?:quarter|qtr)(?:\s+(?:of\s+)?{_YEAR})?\b",
        _r_month_quarter,
        _PARTS,
    ),
    (
        r"\b(?:the\s+)?(?P<ord>last)\s+(?P<part>quarter|half)\s+of\s+(?:(?:fiscal|calendar)\s+)?"
        rf"{_YEAR}\b",
        _r_year_part,
        _PARTS,
    ),
    (
        rf"\b(?:the\s+)?{_PART}(?:\s+(?:of\s+)?(?:(?:the\s+)?(?:fiscal|financial|calendar)\s+"
        rf"(?:year\s+)?)?{_YEAR}\b|\s+of\s+{_THIS_YEAR})?",
        _r_year_part,
        _PARTS,
    ),
    (
        r"\b(?:the\s+)?first\s+(?P<n>two|three|four|five|six|seven|eight|nine|ten|eleven|\d{1,2})"
        rf"\s+months(?:\s+of\s+(?:(?:fiscal|calendar)\s+)?{_YEAR}\b"
        rf"|\s+of\s+{_THIS_YEAR})?",
        _r_year_part,
        _Hint(words=("months",)),
    ),
    (
        r"\b(?:the\s+)?(?P<part>end|start|beginning|middle)\s+of\s+"
        r"(?:(?P<which>the|this|next|last)\s+(?P<unit>year|month|week)"
        rf"|{_YEAR}|{_MONTH_NAME})\b",
        _r_part_of,
        _Hint(words=("end of", "start of", "beginning of", "middle of")),
    ),
    (
        rf"\b(?:(?P<unit>year)[- ]end|(?P<part>mid)[- ]year)(?:\s+{_YEAR})?\b",
        _r_part_of,
        _Hint(words=("year-end", "year end", "mid-year", "mid year")),
    ),
    (
        rf"\b(?P<part>end|early|late|mid)-{_YEAR}\b",
        _r_year_edge,
        _Hint(digit=True, words=("end-", "early-", "late-", "mid-")),
    ),
    (
        rf"\b(?P<edge>end|early|late)-{_MON}(?:,?\s+{_YEAR})?\b",
        _r_month_edge,
        _Hint(month=True, words=("end-", "early-", "late-")),
    ),
    (rf"\b{_MON},?\s+{_YEAR}\b", _r_month_year, _DIGIT_MONTH),
    (
        rf"\b{_MON}\s+{_DAY}\s*-\s*(?P<day2>[0-3]?\d)\b(?![/.]?\d|\s*%)",
        _r_day_range,
        _DIGIT_MONTH,
    ),
    (
        rf"\b(?:the\s+)?(?P<nth>first|second|third|fourth|last|final)\s+week\s+of\s+{_MONTH_NAME}"
        rf"(?:,?\s+{_YEAR})?\b",
        _r_week_of_month,
        _Hint(month=True, words=("week of",)),
    ),
    (rf"\b{_MON}\s+{_DAY}\b(?!\s*%)", _r_month_day, _DIGIT_MONTH),
    (rf"\b{_DAY}\s+(?:of\s+)?{_MON}\b", _r_month_day, _DIGIT_MONTH),
    (
        r"\b(?:(?:the\s+)?year[- ]to[- ]date|so\s+far\s+this\s+year)\b",
        _r_year_to_date,
        _Hint(words=("to-date", "to date", "so far")),
    ),
    (
        r"\b(?P<when>earlier|later)\s+this\s+(?P<unit>week|month|year)\b",
        _r_partial,
        _Hint(words=("earlier this", "later this")),
    ),
    (
        r"\b(?:for\s+the\s+(?:full\s+|whole\s+|entire\s+)?year"
        r"(?!\s+(?:ended|ending|to|before|earlier|ago|\d))(?:\s+as\s+a\s+whole)?"
        r"|the\s+(?:full|whole|entire)\s+year|the\s+year\s+as\s+a\s+whole"
        rf"|(?:{_YEAR}\s+)?full[- ]year)\b",
        _r_whole_year,
        _Hint(words=("year",)),
    ),
    (
        r"\b(?:(?P<which>the|this|next|last)\s+)?(?P<season>spring|summer|autumn|fall|winter)"
        rf"(?:\s+(?:of\s+)?{_YEAR})?\b",
        _r_season,
        _Hint(words=("spring", "summer", "autumn", "fall", "winter")),
    ),
    (
        r"\b(?:the\s+)?(?P<which>last|next|this|past|coming|current)\s+"
        r"(?:(?P<fiscal>fiscal|financial)\s+)?(?P<unit>week|month|quarter|year)\b",
        _r_relative,
        _Hint(words=("week", "month", "quarter", "year")),
    ),
    (rf"(?<![\d,.])\b{_NUM}\s+{_UNIT}\s+ago\b", _r_ago, _Hint(words=("ago",))),
    (
        rf"\bin\s+{_NUM}\s+{_UNIT}\b",
        _r_in_future,
        _Hint(words=("day", "week", "month", "year", "decade")),
    ),
    (
        r"\b(?P<word>today|tonight|yesterday|tomorrow|last\s+night"
        r"|this\s+(?:morning|afternoon|evening))\b",
        _r_deictic,
        _Hint(
            words=(
                "today",
                "tonight",
                "yesterday",
                "tomorrow",
                "night",
                "morning",
                "afternoon",
                "evening",
            ),
        ),
    ),
    (
        r"\b(?:(?P<which>last|next|this|coming|the)\s+)weekend\b",
        _r_weekend,
        _Hint(words=("weekend",)),
    ),
    (
        r"\b(?:(?P<which>last|next|this|coming|from|starting|effective|beginning)\s+)?"
        rf"{_WEEKDAY}\b",
        _r_weekday,
        _Hint(words=("day",)),
    ),
    (
        r"\b(?:since|in|until|till|by|from|during|before|after|last|next|this|early|late|as|mid-|mid)\s*"
        rf"(?:early\s+|late\s+|mid-)?(?P<core>{_MONTH_NAME})\b(?!\s+\d)",
        _r_month,
        _Hint(month=True),
    ),
    (
        # "January imports fell", "its February load factor": a month before a noun
        r"(?:^\W*|\b(?:its|the|their|his|her|our)\s+|'s\s+)"
        rf"(?-i:(?P<core>(?P<mon>{_CAPITAL_MONTHS})))(?=\s+(?-i:[a-z]))",
        _r_month,
        _Hint(month=True),
    ),
    (r"\b(?:the\s+)?(?P<decade>(?:1[89]|20)\d0)s\b", _r_decade, _YEARISH),
    (
        rf"(?<![$€£¥\d.,])\b{_YEAR}\b(?![.,]?\d|\s*%|\s*(?:percent|per cent)\b)",
        _r_year,
        _YEARISH,
    ),
]
# A cheap pre-check (find_dates runs on every claim): some word of a date, or a year-like number.
_DATE_WORDS = frozenset(
    [*MONTHS, *WEEKDAYS, *SEASONS]
    + "today tonight yesterday tomorrow night morning afternoon evening week weeks weekend "
    "month months year years ago quarter quarters qtr half decade".split()
)
_WORD = re.compile(r"[a-z]+")
_COMPILED = [(re.compile(p, re.IGNORECASE), f, h) for p, f, h in _RULES]
_YEAR_NUMBER = re.compile(r"\b(?:1[89]|20)\d\d")


# --- expressions that point at the claim's own period ---------------------------------------


@dataclass(frozen=True, slots=True)
class _Anaphor:
    """ "A year earlier", "the previous quarter": a step back from another period of the claim.

    `unit` says what the step is and which periods can be stepped from (a quarter steps from a
    quarter); `part_only` is for "(up from) last year's", which means the same part of last year
    only beside a quarter, half or month; `fiscal` lets the step start from the text before.
    """

    pattern: re.Pattern[str]
    unit: Literal["year", "quarter", "month", "week"]
    part_only: bool = False
    fiscal: bool = False


_BACK = r"(?:a|one)\s+year\s+(?:ago|earlier|before|previously)|last\s+year|the\s+year\s+before|"
_BACK += r"the\s+(?:previous|prior|preceding)\s+year"
_COMPARE = r"(?:over|from|than|against|with|versus|vs\.?)"
_ANAPHORS = [
    _Anaphor(
        re.compile(
            rf"\b(?P<core>the\s+same\s+{_YEAR}\s+(?:period|quarter|month|week|half|months))\b",
            re.IGNORECASE,
        ),
        "year",
    ),
    _Anaphor(
        re.compile(
            r"\b(?P<core>the\s+(?:same|corresponding|comparable)\s+(?:period|quarter|month|week|"
            rf"half|time|months|day)(?:\s+(?:of\s+|in\s+)?(?:{_BACK}))?)\b",
            re.IGNORECASE,
        ),
        "year",
    ),
    _Anaphor(
        re.compile(
            r"\b(?P<core>(?:the\s+)?(?:prior|previous|preceding|last)\s+(?:fiscal|financial)\s+year"
            r"|(?:the\s+)?(?:fiscal|financial)\s+year\s+before)\b",
            re.IGNORECASE,
        ),
        "year",
        fiscal=True,
    ),
    _Anaphor(
        re.compile(
            r"\b(?P<core>(?:the\s+)?year[- ](?:ago|earlier)(?:\s+(?:period|quarter|month|half|"
            r"week|level|levels|figure|figures|results?))?"
            r"|(?:a|one)\s+year\s+(?:ago|earlier|before|previously)|the\s+year\s+before"
            r"|the\s+(?:previous|prior|preceding)\s+year)\b",
            re.IGNORECASE,
        ),
        "year",
    ),
    _Anaphor(
        re.compile(
            rf"(?:\b{_COMPARE}\s+)?\b(?P<core>last\s+year's)(?!\s+{_ORD}[\s-]+(?:quarter|qtr|half))"
            rf"|\b{_COMPARE}\s+(?P<c2>last\s+year)\b(?!')",
            re.IGNORECASE,
        ),
        "year",
        part_only=True,
    ),
    _Anaphor(
        re.compile(
            r"\b(?P<core>the\s+(?:previous|prior|preceding)\s+quarter|the\s+quarter\s+before)\b",
            re.IGNORECASE,
        ),
        "quarter",
    ),
    _Anaphor(
        re.compile(
            r"\b(?P<core>the\s+(?:previous|prior|preceding)\s+month|the\s+month\s+before)\b",
            re.IGNORECASE,
        ),
        "month",
    ),
    _Anaphor(
        re.compile(
            r"\b(?P<core>the\s+(?:previous|prior|preceding)\s+week|the\s+week\s+before)\b",
            re.IGNORECASE,
        ),
        "week",
    ),
]
_ANAPHOR_HINT = re.compile(r"year|previous|prior|preceding|same|corresponding|comparable", re.I)
_CLAUSE_BREAK = re.compile(r",|;|\band\b|\bbut\b|\bwhile\b")
_UNIT_DAYS = {"quarter": (80, 100), "month": (28, 31), "week": (5, 8)}


def _steps_from(anaphor: _Anaphor, value: str) -> bool:
    """True when `value` is a period this anaphor can step back from."""
    days = _length(value)
    if anaphor.part_only:
        return days < 300
    if anaphor.unit == "year":
        return True
    low, high = _UNIT_DAYS[anaphor.unit]
    return low <= days <= high


def _step_back(anaphor: _Anaphor, value: str) -> str:
    """The period one unit before `value`."""
    if anaphor.unit == "week":
        return _shifted(value, days=-7)
    return _shifted(value, months={"year": -12, "quarter": -3, "month": -1}[anaphor.unit])


def _default_back(anaphor: _Anaphor, ctx: _Context) -> str | None:
    """With no period to step from: the unit before publication's."""
    pub = ctx.published
    if pub is None:
        return None
    if anaphor.unit == "year":
        return f"{pub.year - 1:04d}"
    if anaphor.unit == "week":
        return _span(*_week_of(pub - dt.timedelta(weeks=1)))
    if anaphor.unit == "month":
        return _month(*_shift_month(pub.year, pub.month, -1))
    year, month = _shift_month(pub.year, (pub.month - 1) // 3 * 3 + 1, -3)
    return _span(dt.date(year, month, 1), _month_end(year, month + 2))


def _anchor(
    anaphor: _Anaphor, at: int, mentions: list[DateMention], text: str = ""
) -> DateMention | None:
    """The claim's own period for an anaphor at offset `at`: the first before it ("January
    imports fell from 240 in December and 281 a year earlier": January), a period before a
    single day; else the first after it in the same clause, longer than a day."""
    usable = sorted((d for d in mentions if _steps_from(anaphor, d.value)), key=lambda d: d.start)
    before = [d for d in usable if d.end <= at]
    if before:
        return next((d for d in before if _length(d.value) > 1), before[0])
    after = [
        d for d in usable if _length(d.value) > 1 and not _CLAUSE_BREAK.search(text, at, d.start)
    ]
    return after[0] if after else None


# --- reading a text ----------------------------------------------------------------------------


def _is_may_modal(m: re.Match[str]) -> bool:
    """True for lower-case "may": the modal, never the month."""
    mon = m.groupdict().get("mon")
    return bool(mon) and mon.lower() == "may" and mon == "may"


def _mention(text: str, m: re.Match[str], value: str) -> DateMention:
    """The mention of one match: its core words, and whether "by …" makes it a deadline."""
    groups = m.re.groupindex
    core = next((g for g in ("core", "c2") if g in groups and m.group(g)), None)
    start, end = m.span(core) if core else m.span()
    before = _DEADLINE.search(text, 0, m.start())
    deadline = bool(before) or m.group(0).lower().startswith("by ")
    return DateMention(start, end, text[start:end], value, deadline)


def _overlaps(m: re.Match[str], taken: list[tuple[int, int]]) -> bool:
    return any(m.start() < e and s < m.end() for s, e in taken)


def _anaphor_matches(text: str) -> Iterator[tuple[_Anaphor, re.Match[str]]]:
    """Each anaphor of a text, the longest first where two overlap."""
    if not _ANAPHOR_HINT.search(text):
        return
    taken: list[tuple[int, int]] = []
    for anaphor in _ANAPHORS:
        for m in anaphor.pattern.finditer(text):
            if not _overlaps(m, taken):
                taken.append(m.span())
                yield anaphor, m


def _direct(text: str, ctx: _Context, taken: list[tuple[int, int]]) -> list[DateMention]:
    """The direct time expressions of a text, outside the spans already taken."""
    low = text.lower()
    digit, month = any(c.isdigit() for c in text), not MONTHS.keys().isdisjoint(_WORD.findall(low))
    year = bool(digit and _YEAR_NUMBER.search(text))
    taken = list(taken)
    found: list[DateMention] = []
    for pattern, resolve, hint in _COMPILED:
        if not hint.allows(low, digit, month, year):
            continue
        for m in pattern.finditer(text):
            if _is_may_modal(m) or _overlaps(m, taken):
                continue
            taken.append(m.span())
            try:
                value = resolve(m, ctx)
            except (OverflowError, ValueError):  # "in 99999999999999999999 weeks", "next week"
                value = None  # of 9999-12-31: past the calendar, so no date (the claim stays)
            if value:
                found.append(_mention(text, m, value))
    return found


def _fiscal_start(texts: list[str]) -> tuple[int, int] | None:
    """The first (month, day) of the fiscal year the nearest of `texts` states, if any."""
    for text in texts:
        starts = [m for m in _FISCAL_START.finditer(text)]
        if starts:
            m = starts[-1]
            return MONTHS[m["mon"].lower()], int(m["day"])
        ends = [m for m in _FISCAL_END.finditer(text)]
        if ends:
            m = ends[-1]
            month = MONTHS[m["mon"].lower()]
            if m["day"] and int(m["day"]) < 28:  # "year ended January 3": 52-week years
                return month, int(m["day"]) + 1
            return _shift_month(2001, month, 1)[1], 1
    return None


def _fiscal_quarter_end(texts: list[str], pub: dt.date | None) -> tuple[int, dt.date] | None:
    """A fiscal quarter the nearest of `texts` states with its last day ("second quarter ended
    January 31"), so that the document's other quarters follow the same fiscal year."""
    for text in texts:
        for m in reversed(list(_FISCAL_QUARTER.finditer(text))):
            month, day = MONTHS[m["emon"].lower()], m["eday"]
            if m["eyear"]:
                end = _safe_date(int(m["eyear"]), month, int(day or 1))
            elif pub:
                end = _day_near(month, int(day) if day else None, pub, "last")
            else:
                end = None
            if end and (end.month % 3 != 0 or end.day < 28):  # not a calendar quarter
                return ORDINALS[m["ord"].lower()], end
    return None


def _context(
    text: str,
    published: dt.date | None,
    tense: Tense,
    sentence: str | None,
    preceding: str,
) -> _Context:
    """What the claim's dates are resolved against: read from it, its sentence, the text before."""
    frame = _FRAME_YEAR.match(text)
    ctx = _Context(
        published,
        tense,
        ahead=bool(_AHEAD.search(text)),
        frame_year=int(frame["year"]) if frame else None,
    )
    if not _FISCAL_HINT.search(text):
        return ctx
    texts = [text, sentence or "", preceding[-_CONTEXT_CHARS:]]
    quarter = _fiscal_quarter_end(texts, published)
    return replace(ctx, fiscal_start=_fiscal_start(texts), fiscal_quarter=quarter)


def _context_mentions(
    anaphor: _Anaphor, text: str, ctx: _Context, sentence: str | None, preceding: str
) -> DateMention | None:
    """A period to step from found outside the claim: in its sentence, else (fiscal years only)
    in the text before it."""
    if sentence and sentence != text:
        at = sentence.find(text[:20]) if text else -1
        found = _direct(sentence, ctx, [m.span() for _, m in _anaphor_matches(sentence)])
        anchor = _anchor(anaphor, at + len(text) if at >= 0 else len(sentence), found, sentence)
        if anchor:
            return anchor
    if anaphor.fiscal and preceding:
        tail = preceding[-_CONTEXT_CHARS:]
        years = [d for d in _direct(tail, replace(ctx, tense=None), []) if _length(d.value) >= 360]
        return max(years, key=lambda d: d.end, default=None)  # the latest year stated
    return None


def find_dates(
    text: str,
    published: dt.date | None = None,
    tense: Tense = None,
    *,
    sentence: str | None = None,
    preceding: str = "",
) -> list[DateMention]:
    """Every time expression in text with its normalised value, left to right.

    `sentence` (the claim's sentence) and `preceding` (the document's text before it) are read
    only for context: the period that "a year earlier" steps from when the claim has none, the
    month a fiscal year starts, a fiscal quarter's last day. Mentions are found in `text` only.
    """
    if _DATE_WORDS.isdisjoint(_WORD.findall(text.lower())) and not _YEAR_NUMBER.search(text):
        return []
    ctx = _context(text, published, tense, sentence, preceding)
    anaphors = list(_anaphor_matches(text))
    direct = _direct(text, ctx, [m.span() for _, m in anaphors])
    found = list(direct)
    for anaphor, m in anaphors:
        value = _resolve_anaphor(anaphor, m, direct, text, ctx, sentence, preceding)
        if value:
            found.append(_mention(text, m, value))
    return sorted(found, key=lambda d: d.start)


def _resolve_anaphor(
    anaphor: _Anaphor,
    m: re.Match[str],
    found: list[DateMention],
    text: str,
    ctx: _Context,
    sentence: str | None,
    preceding: str,
) -> str | None:
    """The value of one anaphor: its anchor stepped back, else the unit before publication."""
    anchor = _anchor(anaphor, m.start(), found, text) or _context_mentions(
        anaphor, text, ctx, sentence, preceding
    )
    if anchor and m.groupdict().get("year"):  # "the same 1986 month": that month of 1986
        lo = _bounds(anchor.value)[0]
        return _shifted(anchor.value, months=12 * (int(m["year"]) - lo.year))
    if anchor:
        return _step_back(anaphor, anchor.value)
    if m.groupdict().get("year"):
        return m["year"]
    return _default_back(anaphor, ctx)
