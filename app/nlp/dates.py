"""Time expressions → ISO dates, months, years or intervals, resolved against publication."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

Tense = Literal["past", "future"] | None

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
_MON = r"(?P<mon>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_MONTH_NAME = r"(?P<mon>" + "|".join(n for n in MONTHS if len(n) > 3 or n == "may") + r")"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[89]|20)\d\d)"
_NUM = r"(?P<num>\d+|" + "|".join(sorted(NUMBERS, key=len, reverse=True)) + r")"
_UNIT = r"(?P<unit>day|week|month|year|decade)s?"
_WEEKDAY = r"(?P<wd>" + "|".join(WEEKDAYS) + r")"
_DEADLINE = re.compile(
    r"(?:\bby|\bno later than|\bnot later than|\bdeadline (?:of|is)|\bdue (?:by|on|in))\s+$",
    re.IGNORECASE,
)


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


def _week_of(day: dt.date) -> tuple[dt.date, dt.date]:
    """Monday and Sunday of the week holding day."""
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def _year_for(month: int, day: int, ctx: _Context) -> int | None:
    """The year of a month (and day) given without one: the nearest in the tense's direction."""
    pub = ctx.published
    if pub is None:
        return None
    if ctx.tense == "past" and (month, day) > (pub.month, pub.day):
        return pub.year - 1
    if ctx.tense == "future" and (month, day) < (pub.month, pub.day):
        return pub.year + 1
    return pub.year


def _number(word: str) -> int:
    return int(word) if word.isdigit() else NUMBERS[word.lower()]


def _r_iso(m: re.Match[str], ctx: _Context) -> str | None:
    """2024-01-26."""
    day = _safe_date(int(m["year"]), int(m["m"]), int(m["day"]))
    return _iso(day) if day else None


def _r_full(m: re.Match[str], ctx: _Context) -> str | None:
    """January 26, 2024 / 26 January 2024."""
    day = _safe_date(int(m["year"]), MONTHS[m["mon"].lower()], int(m["day"]))
    return _iso(day) if day else None


def _r_month_day(m: re.Match[str], ctx: _Context) -> str | None:
    """January 26 / 26 January: the year from publication and tense."""
    month, day = MONTHS[m["mon"].lower()], int(m["day"])
    year = _year_for(month, day, ctx)
    found = _safe_date(year, month, day) if year else None
    return _iso(found) if found else None


def _r_month_year(m: re.Match[str], ctx: _Context) -> str | None:
    """January 2024."""
    return _month(int(m["year"]), MONTHS[m["mon"].lower()])


def _r_month(m: re.Match[str], ctx: _Context) -> str | None:
    """A bare month after a preposition ("in June", "since March")."""
    month = MONTHS[m["mon"].lower()]
    past = m.group(0).lower().startswith(("since", "last"))
    tense: Tense = "past" if past else ctx.tense
    edge = 1 if tense == "past" else 31
    year = _year_for(month, edge, _Context(ctx.published, tense))
    return _month(year, month) if year else None


SEASONS = {
    "spring": (3, 5),
    "summer": (6, 8),
    "autumn": (9, 11),
    "fall": (9, 11),
    "winter": (12, 14),
}
_DEICTIC = {"yesterday": -1, "tomorrow": 1}
_SEASON_STEP = {"next": 1, "last": -1, "this": 0}


def _r_season(m: re.Match[str], ctx: _Context) -> str | None:
    """A northern-hemisphere season: this/next/last one, or the nearest in the tense's direction."""
    first, last = SEASONS[m["season"].lower()]
    if m["season"].lower() == "fall" and not m["which"]:
        return None  # the verb
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
    if ctx.tense == "future" and pub.month > min(last, 12):
        return pub.year + 1
    if ctx.tense == "past" and pub.month < first:
        return pub.year - 1
    return pub.year


def _r_quarter(m: re.Match[str], ctx: _Context) -> str | None:
    """The first/second/third/fourth quarter (of a year)."""
    quarter = {
        "first": 1,
        "1st": 1,
        "second": 2,
        "2nd": 2,
        "third": 3,
        "3rd": 3,
        "fourth": 4,
        "4th": 4,
    }[m["q"].lower()]
    year = int(m["year"]) if m["year"] else (ctx.published.year if ctx.published else None)
    if year is None:
        return None
    first = 3 * quarter - 2
    return _span(dt.date(year, first, 1), _month_end(year, first + 2))


def _r_decade(m: re.Match[str], ctx: _Context) -> str | None:
    """The 1990s."""
    start = int(m["decade"])
    return f"{start}/{start + 9}"


def _r_year_range(m: re.Match[str], ctx: _Context) -> str | None:
    """2024-25, 2020-2022."""
    first, second = m["year"], m["to"]
    end = int(first[: 4 - len(second)] + second)
    return f"{first}/{end}" if end > int(first) else None


def _r_year(m: re.Match[str], ctx: _Context) -> str | None:
    """A bare year."""
    return m["year"]


def _r_relative(m: re.Match[str], ctx: _Context) -> str | None:
    """Last/next/this week, month or year."""
    pub = ctx.published
    if pub is None:
        return None
    which, unit = m["which"].lower(), m["unit"].lower()
    step = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}.get(which, 0)
    if unit == "week":
        lo, hi = _week_of(pub + dt.timedelta(weeks=step))
        return _span(lo, hi)
    if unit == "month":
        return _month(*_shift_month(pub.year, pub.month, step))
    return f"{pub.year + step:04d}"


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
    return {"beginning": "start", "mid": "middle"}.get(word.lower(), word.lower())


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
        return _year_part(int(g.get("year")), part)
    if g.get("mon"):
        month = MONTHS[g.get("mon").lower()]
        year = _year_for(month, 31 if ctx.tense == "future" else 1, ctx)
        return _month_part(year, month, part) if year else None
    if pub is None:
        return None
    step = {"next": 1, "last": -1}.get((g.get("which") or "").lower(), 0)
    unit = (g.get("unit") or "year").lower()
    if unit == "year":
        return _year_part(pub.year + step, part)
    if unit == "month":
        return _month_part(*_shift_month(pub.year, pub.month, step), part)
    monday = _week_of(pub + dt.timedelta(weeks=step))[0]
    first, last = _PART_WEEKDAYS[part]
    return _span(monday + dt.timedelta(days=first), monday + dt.timedelta(days=last))


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
    """Past tense → the last such day up to publication, future → the next one after it."""
    pub = ctx.published
    if pub is None:
        return None
    target = WEEKDAYS[m["wd"].lower()]
    which = (m["which"] or "").lower()
    back = (pub.weekday() - target) % 7
    if which == "last":
        return _iso(pub - dt.timedelta(days=back or 7))
    if which == "this":
        return _iso(_week_of(pub)[0] + dt.timedelta(days=target))
    if which in ("next", "coming") or ctx.tense == "future":
        return _iso(pub + dt.timedelta(days=(target - pub.weekday()) % 7 or 7))
    return _iso(pub - dt.timedelta(days=back))


@dataclass(frozen=True, slots=True)
class _Hint:
    """What a text must contain for a rule to be worth running (a cheap pre-check)."""

    digit: bool = False
    month: bool = False
    words: tuple[str, ...] = ()

    def allows(self, low: str, digit: bool, month: bool) -> bool:
        """True when the lower-cased text has what the rule needs."""
        if (self.digit and not digit) or (self.month and not month):
            return False
        return not self.words or any(w in low for w in self.words)


_Resolver = Callable[[re.Match[str], _Context], "str | None"]
_RULES: list[tuple[str, _Resolver, _Hint]] = [
    (
        rf"\b(?P<year>\d{{4}})-(?P<m>[01]\d)-{_DAY}\b",
        _r_iso,
        _Hint(digit=True, month=False, words=()),
    ),
    (
        rf"\b{_MON}\s+{_DAY},?\s+{_YEAR}\b",
        _r_full,
        _Hint(digit=True, month=True, words=()),
    ),
    (
        rf"\b{_DAY}\s+(?:of\s+)?{_MON},?\s+{_YEAR}\b",
        _r_full,
        _Hint(digit=True, month=True, words=()),
    ),
    (
        rf"\b(?:(?P<q>first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter)(?:\s+of\s+{_YEAR})?\b",
        _r_quarter,
        _Hint(digit=False, month=False, words=("quarter",)),
    ),
    (
        r"\b(?:the\s+)?(?P<part>end|start|beginning|middle)\s+of\s+"
        r"(?:(?:the|this|(?P<which>next|last))\s+(?P<unit>year|month|week)"
        rf"|{_YEAR}|{_MONTH_NAME})\b",
        _r_part_of,
        _Hint(digit=False, month=False, words=("end of", "start of", "beginning of", "middle of")),
    ),
    (
        r"\b(?P<unit>year)[- ]end\b",
        _r_part_of,
        _Hint(digit=False, month=False, words=("year-end", "year end")),
    ),
    (
        rf"\b{_MON},?\s+{_YEAR}\b",
        _r_month_year,
        _Hint(digit=True, month=True, words=()),
    ),
    (
        rf"\b{_MON}\s+{_DAY}\b(?!\s*%)",
        _r_month_day,
        _Hint(digit=True, month=True, words=()),
    ),
    (
        rf"\b{_DAY}\s+(?:of\s+)?{_MON}\b",
        _r_month_day,
        _Hint(digit=True, month=True, words=()),
    ),
    (
        r"\b(?P<when>earlier|later)\s+this\s+(?P<unit>week|month|year)\b",
        _r_partial,
        _Hint(digit=False, month=False, words=("earlier this", "later this")),
    ),
    (
        rf"\b(?:(?P<which>the|this|next|last)\s+)?(?P<season>spring|summer|autumn|fall|winter)"
        rf"(?:\s+(?:of\s+)?{_YEAR})?\b",
        _r_season,
        _Hint(digit=False, month=False, words=("spring", "summer", "autumn", "fall", "winter")),
    ),
    (
        r"\b(?P<which>last|next|this|past|previous|coming)\s+(?P<unit>week|month|year)\b",
        _r_relative,
        _Hint(digit=False, month=False, words=("week", "month", "year")),
    ),
    (
        rf"\b{_NUM}\s+{_UNIT}\s+ago\b",
        _r_ago,
        _Hint(digit=False, month=False, words=("ago",)),
    ),
    (
        rf"\bin\s+{_NUM}\s+{_UNIT}\b",
        _r_in_future,
        _Hint(digit=False, month=False, words=("day", "week", "month", "year", "decade")),
    ),
    (
        r"\b(?P<word>today|tonight|yesterday|tomorrow|last\s+night"
        r"|this\s+(?:morning|afternoon|evening))\b",
        _r_deictic,
        _Hint(
            digit=False,
            month=False,
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
        _Hint(digit=False, month=False, words=("weekend",)),
    ),
    (
        rf"\b(?:(?P<which>last|next|this|coming)\s+)?{_WEEKDAY}\b",
        _r_weekday,
        _Hint(digit=False, month=False, words=("day",)),
    ),
    (
        rf"\b(?:since|in|until|till|by|from|during|before|after|last|early|late|as|mid-|mid)\s*(?:early\s+|late\s+|mid-)?(?P<core>{_MONTH_NAME})\b(?!\s+\d)",
        _r_month,
        _Hint(digit=False, month=True, words=()),
    ),
    (
        r"\b(?:the\s+)?(?P<decade>(?:1[89]|20)\d0)s\b",
        _r_decade,
        _Hint(digit=True, month=False, words=()),
    ),
    (
        rf"\b{_YEAR}[-–/](?P<to>\d\d(?:\d\d)?)\b(?!-)",
        _r_year_range,
        _Hint(digit=True, month=False, words=()),
    ),
    (
        rf"(?<![$€£¥\d.,])\b{_YEAR}\b(?![.,]?\d|\s*%|\s*(?:percent|per cent)\b)",
        _r_year,
        _Hint(digit=True, month=False, words=()),
    ),
]
_DATE_HINT = re.compile(
    r"\d|day\b|night\b|morning|afternoon|evening|tomorrow|week|month|year|ago\b|spring|summer|autumn|fall|winter|quarter|"
    + "|".join(MONTHS),
    re.IGNORECASE,
)
_COMPILED = [(re.compile(p, re.IGNORECASE), f, h) for p, f, h in _RULES]
_MONTH_WORD = re.compile(r"\b(?:" + "|".join(MONTHS) + r")\b", re.IGNORECASE)


def _is_may_modal(m: re.Match[str]) -> bool:
    """True for lower-case "may": the modal, never the month."""
    mon = m.groupdict().get("mon")
    return bool(mon) and mon.lower() == "may" and mon == "may"


def _mention(text: str, m: re.Match[str], value: str) -> DateMention:
    """The mention of one match: its core words, and whether "by …" makes it a deadline."""
    start, end = m.span("core") if "core" in m.re.groupindex else m.span()
    before = _DEADLINE.search(text, 0, m.start())
    deadline = bool(before) or m.group(0).lower().startswith("by ")
    return DateMention(start, end, text[start:end], value, deadline)


def find_dates(
    text: str, published: dt.date | None = None, tense: Tense = None
) -> list[DateMention]:
    """Every time expression in text with its normalised value, left to right."""
    if not _DATE_HINT.search(text):
        return []
    ctx = _Context(published, tense)
    low = text.lower()
    digit, month = any(c.isdigit() for c in text), bool(_MONTH_WORD.search(text))
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []
    for pattern, resolve, hint in _COMPILED:
        if not hint.allows(low, digit, month):
            continue
        for m in pattern.finditer(text):
            if _is_may_modal(m) or any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            value = resolve(m, ctx)
            if value:
                found.append(_mention(text, m, value))
    return sorted(found, key=lambda d: d.start)
