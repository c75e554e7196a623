"""Time expressions: finding them in text and resolving them against a publication date.

News writing anchors relative dates on the day the story runs. The conventions
followed here:

- a bare weekday ("on Friday") is the most recent such day on or before the
  publication date; "last Friday" is strictly before it, "next Friday"
  strictly after it;
- a month without a year ("in September") is the most recent such month not
  after publication; a month and day without a year ("Oct. 31") takes the
  year that puts it on or before publication, allowing a few days of slack for
  something announced as imminent;
- "last week" is the previous Monday..Sunday, "this week" the current one;
- when the sentence speaks of the future (``future=True``), weekdays, months
  and month-days resolve forwards instead;
- "August 21 of this year", "March last year": the words after the date
  give its year; a caller that knows the year from elsewhere in the sentence
  ("in 2011, ... the June 14 floods") passes it as ``year``.

Times of day ("1:32 PM") are not time references here: they carry no date of
their own. Expressions that depend on another event ("the following day",
"the day before", "that week") are kept unresolved here;
:func:`resolve_from_anchor` resolves one against the date the text gave last
(claim extraction passes it when the paragraph has one).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

from analysis.lexicon.calendar import (
    MONTH_ABBREVIATIONS,
    MONTH_NAMES,
    MONTH_PATTERN,
    MONTHS,
    RELATIVE_DAYS,
    WEEKDAY_ABBREVIATIONS,
    WEEKDAY_PATTERN,
    WEEKDAYS,
)
from analysis.lexicon.numbers import SMALL_COUNTS
from analysis.model import TimeRef

# How far after publication a date without a year may fall and still be read as
# this year's: stories mention things a few days ahead ("the Nov. 8 summit").
_FUTURE_SLACK = timedelta(days=7)

_MONTH_RE = rf"{MONTH_PATTERN}\.?"
_WEEKDAY_RE = rf"{WEEKDAY_PATTERN}\.?"
_DAY_RE = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR_RE = r"(?:1[89]\d\d|20\d\d)"
_PART_OF_DAY = r"(?:\s+(?:morning|afternoon|evening|night))?"
_NUM_WORD_RE = rf"(?:\d{{1,3}}|{'|'.join(sorted(SMALL_COUNTS, key=len, reverse=True))})"

# --- resolving one expression -------------------------------------------------

_LEADING_WORDS = re.compile(
    r"^(?:(?:on|in|at|during|since|by|until|till|from|as\s+of|before|after|of|"
    r"early|late|mid|earlier|later|the)[\s-]+)+",
    re.IGNORECASE,
)


def _norm(text: str) -> str:
    return " ".join(text.replace("\u2013", "-").replace("\u2014", "-").lower().split())


def _month_number(word: str) -> int | None:
    return MONTHS.get(word.rstrip(".").lower())


def _weekday_number(word: str) -> int | None:
    w = word.rstrip(".").lower()
    if w in WEEKDAYS:
        return WEEKDAYS.index(w)
    return WEEKDAY_ABBREVIATIONS.get(w)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _add_months(d: date, months: int) -> tuple[int, int]:
    total = d.year * 12 + (d.month - 1) + months
    return total // 12, total % 12 + 1


def _month_value(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _range(a: date, b: date) -> str:
    return f"{a.isoformat()}/{b.isoformat()}"


def _weekday_date(weekday: int, published: date, mode: str, future: bool) -> date:
    """The date of ``weekday`` relative to publication (mode: bare, last, next, this)."""
    monday = published - timedelta(days=published.weekday())
    if mode == "this":
        return monday + timedelta(days=weekday)
    if mode == "next" or (mode == "bare" and future):
        delta = (weekday - published.weekday()) % 7
        if mode == "next" and delta == 0:
            delta = 7
        return published + timedelta(days=delta)
    delta = (published.weekday() - weekday) % 7
    if mode == "last" and delta == 0:
        delta = 7
    return published - timedelta(days=delta)


def _month_day_year(month: int, day: int, published: date, future: bool) -> date | None:
    """The year for a month and day given without one (see the module docstring)."""
    candidates = [
        d
        for y in (published.year - 1, published.year, published.year + 1)
        if (d := _safe_date(y, month, day)) is not None
    ]
    if not candidates:
        return None
    if future:
        ahead = [d for d in candidates if d >= published - timedelta(days=1)]
        return min(ahead) if ahead else None
    behind = [d for d in candidates if d <= published + _FUTURE_SLACK]
    return max(behind) if behind else None


def _month_year(month: int, published: date, future: bool) -> int:
    if future:
        return published.year if month >= published.month else published.year + 1
    return published.year if month <= published.month else published.year - 1


def _expand_year(first: int, second: str) -> int:
    """The full year of the second half of "2018-19" / "1950-53" / "1999-2001"."""
    if len(second) == 4:
        return int(second)
    century = first - first % (10 ** len(second))
    value = century + int(second)
    return value if value >= first else value + 10 ** len(second)


def _number(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return SMALL_COUNTS.get(word)


_ISO = re.compile(rf"^({_YEAR_RE})-(\d\d)-(\d\d)$")
_NUMERIC = re.compile(rf"^(\d{{1,2}})\s*[/.]\s*(\d{{1,2}})\s*[/.]\s*({_YEAR_RE}|\d\d)$")
_MONTH_DAY = re.compile(
    rf"^(?:({_WEEKDAY_RE}),?\s+)?({_MONTH_RE})\s+({_DAY_RE})(?:,?\s+({_YEAR_RE}))?$"
)
_DAY_MONTH = re.compile(
    rf"^(?:({_WEEKDAY_RE}),?\s+)?(?:the\s+)?({_DAY_RE})(?:\s+of)?\s+({_MONTH_RE})"
    rf"(?:,?\s+({_YEAR_RE}))?$"
)
_MONTH_YEAR = re.compile(rf"^({_MONTH_RE}),?\s+(?:of\s+)?({_YEAR_RE})$")
_MONTH_ONLY = re.compile(rf"^(last\s+|this\s+|next\s+)?({_MONTH_RE})$")
_YEAR_SPAN = re.compile(rf"^({_YEAR_RE})\s*-\s*(\d{{4}}|\d\d)$")
_YEAR_ONLY = re.compile(rf"^({_YEAR_RE})$")
_DECADE = re.compile(r"^(1[89]\d0|20\d0)'?s$")
_WEEKDAY = re.compile(rf"^(last\s+|this\s+|next\s+|this\s+past\s+)?({_WEEKDAY_RE}){_PART_OF_DAY}$")
_RELATIVE_UNIT = re.compile(r"^(last|this|next|past|coming|previous)\s+(week|month|year|weekend)$")
_EARLIER_LATER = re.compile(r"^(earlier|later)\s+this\s+(week|month|year)$")
_AGO = re.compile(rf"^({_NUM_WORD_RE})\s+(day|week|month|year)s?\s+(ago|earlier|before)$")
_UNRESOLVABLE = re.compile(
    r"^(?:the\s+)?(?:following|next|previous|preceding)\s+(?:day|week|month|year|morning|night)$"
    r"|^(?:the\s+)?day\s+(?:before|after)$|^(?:that|the\s+same)\s+(?:day|week|month|night)$"
)


def _unresolved(text: str, granularity: str = "unknown", weekday: str | None = None) -> TimeRef:
    return TimeRef(text=text, value=None, granularity=granularity, weekday=weekday)


def _resolve_relative_unit(text: str, which: str, unit: str, published: date) -> TimeRef:
    step = {"last": -1, "past": -1, "previous": -1, "this": 0, "next": 1, "coming": 1}[which]
    if unit == "week":
        monday = published - timedelta(days=published.weekday()) + timedelta(weeks=step)
        return TimeRef(text, _range(monday, monday + timedelta(days=6)), "week")
    if unit == "weekend":
        # The weekend of the week in question: Saturday and Sunday of it; "last
        # weekend" read on a Monday is the one just gone.
        monday = published - timedelta(days=published.weekday())
        saturday = monday + timedelta(days=5)
        if which in ("last", "past", "previous"):
            saturday = saturday - timedelta(weeks=1)
        elif which in ("next", "coming") and published.weekday() >= 5:
            saturday = saturday + timedelta(weeks=1)
        return TimeRef(text, _range(saturday, saturday + timedelta(days=1)), "week")
    if unit == "month":
        y, m = _add_months(published, step)
        return TimeRef(text, _month_value(y, m), "month")
    return TimeRef(text, f"{published.year + step:04d}", "year")


def resolve_time(
    text: str, published: date | None, *, future: bool = False, year: int | None = None
) -> TimeRef:
    """Resolve one time expression against the publication date.

    ``text`` is the expression as written ("On Friday", "Oct. 31", "last week",
    "2018-19"); ``future`` says the sentence speaks of something to come, so
    weekdays and months resolve forwards. ``year`` is a year the context states
    for a month or a month and day written without one ("the June 14
    floods" in a sentence about 2011); it wins over ``future`` and the
    publication date, and is ignored by every other kind of expression. Returns
    a :class:`TimeRef` whose ``value`` is an ISO date, range, month or year, or
    ``None`` when the expression cannot be resolved (no publication date, a
    reference to another event, or text that is not a time at all). Never
    raises.
    """
    try:
        return _resolve(text, published, future, year)
    except (OverflowError, ValueError):  # a date at the edge of the calendar
        return _unresolved(text)


def states_year(text: str) -> bool:
    """Whether a time expression names its own year ("May 2, 2013", "March of last year")."""
    return bool(re.search(rf"(?<!\d){_YEAR_RE}(?!\d)", text) or _YEAR_WORDS.search(_norm(text)))


# "August 21 of this year", "March last year": the year in words after a date.
_YEAR_WORDS = re.compile(r",?\s+(?:of\s+)?(this|last|next)\s+year$")
_YEAR_WORD_STEP = {"this": 0, "last": -1, "next": 1}


def _resolve(text: str, published: date | None, future: bool, year: int | None) -> TimeRef:
    raw = text
    core = _LEADING_WORDS.sub("", _norm(text)).strip(" ,.;:()")
    core = re.sub(r"\s+,", ",", core)
    weekday_name: str | None = None
    if (words := _YEAR_WORDS.search(core)) and (
        _MONTH_DAY.match(core[: words.start()])
        or _DAY_MONTH.match(core[: words.start()])
        or _MONTH_ONLY.match(core[: words.start()])
    ):
        core = core[: words.start()]
        year = published.year + _YEAR_WORD_STEP[words[1]] if published is not None else None
        if year is None:
            granularity = "month" if _MONTH_ONLY.match(core) else "day"
            return _unresolved(raw, granularity)
    if year is not None and not (1 <= year <= 9999):
        year = None

    if m := _ISO.match(core):
        d = _safe_date(int(m[1]), int(m[2]), int(m[3]))
        return TimeRef(raw, d.isoformat(), "day") if d else _unresolved(raw)
    if m := _NUMERIC.match(core):
        first, second, year = int(m[1]), int(m[2]), int(m[3])
        if year < 100:
            year += 2000 if year < 70 else 1900
        # Month first (US usage) unless that cannot be a date.
        d = _safe_date(year, first, second) or _safe_date(year, second, first)
        return TimeRef(raw, d.isoformat(), "day") if d else _unresolved(raw)
    m = _MONTH_DAY.match(core)
    day_month = _DAY_MONTH.match(core) if m is None else None
    if m or day_month:
        if m:
            wd, month_word, day_word, year_word = m[1], m[2], m[3], m[4]
        else:
            assert day_month is not None
            wd, day_word, month_word, year_word = (
                day_month[1],
                day_month[2],
                day_month[3],
                day_month[4],
            )
        if wd:
            number = _weekday_number(wd)
            weekday_name = WEEKDAYS[number].capitalize() if number is not None else None
        month = _month_number(month_word)
        day = int(re.sub(r"\D", "", day_word))
        if month is None:
            return _unresolved(raw, "day", weekday_name)
        if year_word:
            d = _safe_date(int(year_word), month, day)
        elif year is not None:
            d = _safe_date(year, month, day)
        elif published is not None:
            d = _month_day_year(month, day, published, future)
        else:
            d = None
        if d is None:
            return _unresolved(raw, "day", weekday_name)
        return TimeRef(raw, d.isoformat(), "day", weekday=weekday_name)
    if m := _MONTH_YEAR.match(core):
        month = _month_number(m[1])
        if month is None:
            return _unresolved(raw, "month")
        return TimeRef(raw, _month_value(int(m[2]), month), "month")
    if m := _MONTH_ONLY.match(core):
        month = _month_number(m[2])
        which = (m[1] or "").strip()
        if month is not None and year is not None and not which:
            return TimeRef(raw, _month_value(year, month), "month")
        if month is None or published is None:
            return _unresolved(raw, "month")
        if which == "last":
            year = published.year - 1 if month >= published.month else published.year
        elif which == "next":
            year = published.year + 1 if month <= published.month else published.year
        elif which == "this":
            year = published.year
        else:
            year = _month_year(month, published, future)
        return TimeRef(raw, _month_value(year, month), "month")
    if m := _YEAR_SPAN.match(core):
        first = int(m[1])
        last = _expand_year(first, m[2])
        if last <= first or last - first > 100:
            return _unresolved(raw, "year")
        return TimeRef(raw, f"{first:04d}/{last:04d}", "year")
    if m := _YEAR_ONLY.match(core):
        return TimeRef(raw, m[1], "year")
    if m := _DECADE.match(core):
        first = int(m[1])
        return TimeRef(raw, f"{first:04d}/{first + 9:04d}", "year")
    if m := _WEEKDAY.match(core):
        number = _weekday_number(m[2])
        if number is None:
            return _unresolved(raw, "day")
        weekday_name = WEEKDAYS[number].capitalize()
        if published is None:
            return _unresolved(raw, "day", weekday_name)
        which = (m[1] or "").strip()
        mode = {
            "": "bare",
            "last": "last",
            "next": "next",
            "this": "this",
            "this past": "last",
        }.get(which, "bare")
        d = _weekday_date(number, published, mode, future)
        return TimeRef(raw, d.isoformat(), "day", weekday=weekday_name)
    if core in RELATIVE_DAYS:
        if published is None:
            return _unresolved(raw, "day")
        d = published + timedelta(days=RELATIVE_DAYS[core])
        return TimeRef(raw, d.isoformat(), "day")
    if m := _RELATIVE_UNIT.match(core):
        if published is None:
            return _unresolved(raw, "week" if m[2].startswith("week") else m[2])
        return _resolve_relative_unit(raw, m[1], m[2], published)
    if m := _EARLIER_LATER.match(core):
        if published is None:
            return _unresolved(raw, m[2])
        return _resolve_relative_unit(raw, "this", m[2], published)
    if m := _AGO.match(core):
        count = _number(m[1])
        if published is None or count is None:
            return _unresolved(raw, m[2])
        unit = m[2]
        if unit == "day":
            return TimeRef(raw, (published - timedelta(days=count)).isoformat(), "day")
        if unit == "week":
            d = published - timedelta(weeks=count)
            monday = d - timedelta(days=d.weekday())
            return TimeRef(raw, _range(monday, monday + timedelta(days=6)), "week")
        if unit == "month":
            y, mo = _add_months(published, -count)
            return TimeRef(raw, _month_value(y, mo), "month")
        return TimeRef(raw, f"{published.year - count:04d}", "year")
    if _UNRESOLVABLE.match(core):
        granularity = next((g for g in ("day", "week", "month", "year") if g in core), "day")
        return _unresolved(raw, granularity)
    return _unresolved(raw)


# --- expressions anchored on another event ----------------------------------------

# "the following day", "the day before", "that week": a step from the date of the
# event the text spoke of last, in days, weeks, months or years. "The" is part
# of it: "next year" without it counts from the day of writing, however the
# article is dated.
_ANCHORED = re.compile(
    r"^(?:(?:on|in|by|during|over)\s+)?(?:the\s+(?:(?P<after>following|next)|(?P<before>previous"
    r"|preceding)|(?P<same>same))|(?P<that>that))"
    r"\s+(?P<unit>day|morning|afternoon|evening|night|week|month|year)$"
    r"|^(?:(?:on|in|by|during|over)\s+)?the\s+day\s+(?P<side>before|after)$"
)
_ANCHOR_DAY = re.compile(r"^(\d{4})-(\d\d)-(\d\d)$")
_ANCHOR_MONTH = re.compile(r"^(\d{4})-(\d\d)$")


def resolve_from_anchor(ref: TimeRef, anchor: TimeRef) -> TimeRef | None:
    """``ref`` ("the following day") resolved against ``anchor``, the last date given before it.

    The step follows the expression's unit: "the day before" a day is the day
    before it; "the following week" the Monday-to-Sunday week after the
    anchor's day; "that month" the anchor's month. An anchor too coarse for the
    unit (a month for "the next day"), or an expression of another kind, gives
    None: it stays unresolved rather than guessed.
    """
    m = _ANCHORED.match(_norm(ref.text).strip(" ,.;:()"))
    if m is None or anchor.value is None:
        return None
    if m["side"]:
        step, unit = (1 if m["side"] == "after" else -1), "day"
    else:
        step = 1 if m["after"] else -1 if m["before"] else 0  # "the same", "that"
        unit = (
            "day" if m["unit"] in ("day", "morning", "afternoon", "evening", "night") else m["unit"]
        )
    day = _ANCHOR_DAY.match(anchor.value) if anchor.granularity == "day" else None
    month = _ANCHOR_MONTH.match(anchor.value)
    try:
        if day:
            d = date(int(day[1]), int(day[2]), int(day[3]))
            if unit == "day":
                return replace(ref, value=(d + timedelta(days=step)).isoformat(), granularity="day")
            if unit == "week":
                monday = d - timedelta(days=d.weekday()) + timedelta(weeks=step)
                return replace(
                    ref, value=_range(monday, monday + timedelta(days=6)), granularity="week"
                )
            if unit == "month":
                return replace(ref, value=_month_value(*_add_months(d, step)), granularity="month")
            return replace(ref, value=f"{d.year + step:04d}", granularity="year")
        if month and unit in ("month", "year"):
            first = date(int(month[1]), int(month[2]), 1)
            if unit == "month":
                return replace(
                    ref, value=_month_value(*_add_months(first, step)), granularity="month"
                )
            return replace(ref, value=f"{first.year + step:04d}", granularity="year")
        if anchor.granularity == "year" and unit == "year" and anchor.value.isdigit():
            return replace(ref, value=f"{int(anchor.value) + step:04d}", granularity="year")
    except (OverflowError, ValueError):  # a date at the edge of the calendar
        return None
    return None


# --- finding expressions in running text -----------------------------------------


# Month and weekday names must be capitalised in running text ("may" is a verb);
# "May" and "March" alone are months only after a preposition or before a year.
def _capitalised(pattern: str) -> str:
    """A lower-case alternation of names ("(?:jan(?:uary)?|feb...)"), each name capitalised."""
    return "|".join(name[0].upper() + name[1:] for name in pattern[3:-1].split("|"))


_CAP_MONTH = rf"(?:{_capitalised(MONTH_PATTERN)}|{MONTH_PATTERN[3:-1].upper()})\.?"
# Month names that are no other word ("March" and "May" are), and abbreviations
# with their full stop ("Mar.", "Jun.").
_CAP_FULL_MONTH = (
    "(?:"
    + "|".join(name.title() for name in MONTH_NAMES if name not in ("march", "may"))
    + "|"
    + "|".join(re.escape(abbr.title() + ".") for abbr in MONTH_ABBREVIATIONS)
    + ")"
)
_CAP_WEEKDAY = (
    "(?:"
    + "|".join(day.title() for day in WEEKDAYS)
    + "|"
    + "|".join(day.upper() for day in WEEKDAYS)
    + ")"
)
_B = r"(?<![\w-])"  # no word character or hyphen right before
_E = r"(?![\w-]|\.\d)"  # nor right after
_IN_YEAR_WORDS = r"(?:,?\s+(?:of\s+)?(?:this|last|next)\s+year)"
# A month alone is not followed by its year or day ("September 2010" is one expression).
_NO_YEAR_OR_DAY_AFTER = rf"(?!,?\s+(?:(?:of\s+)?{_YEAR_RE}|{_DAY_RE})\b)"

_FIND_PATTERNS = [
    # 2031-03-11
    rf"{_B}{_YEAR_RE}-(?:0[1-9]|1[0-2])-(?:[0-2]\d|3[01]){_E}",
    # 03/11/2031, 03 / 11 / 2031
    rf"{_B}\d{{1,2}}\s?/\s?\d{{1,2}}\s?/\s?{_YEAR_RE}{_E}",
    # (Tuesday,) March 11(, 2031 | of this year)
    rf"{_B}(?:{_CAP_WEEKDAY},?\s+)?{_CAP_MONTH}\s+{_DAY_RE}"
    rf"(?:,?\s+{_YEAR_RE}|{_IN_YEAR_WORDS})?{_E}",
    # (Tuesday,) 11 March (2031 | of this year)
    rf"{_B}(?:{_CAP_WEEKDAY},?\s+)?{_DAY_RE}\s+{_CAP_MONTH}"
    rf"(?:,?\s+{_YEAR_RE}|{_IN_YEAR_WORDS})?{_E}",
    # September 2010, July of 1961
    rf"{_B}{_CAP_MONTH},?\s+(?:of\s+)?{_YEAR_RE}{_E}",
    # in September / last March
    rf"{_B}(?:(?:[Ii]n|[Ss]ince|[Uu]ntil|[Bb]y|[Ss]ince|[Ff]rom|[Ll]ast|[Nn]ext|[Tt]his"
    rf"|[Ee]arly|[Ll]ate|[Mm]id|[Dd]uring|[Tt]hrough|[Bb]efore|[Aa]fter)[\s-]+)"
    rf"{_CAP_MONTH}(?:{_IN_YEAR_WORDS}{_E}|{_E}{_NO_YEAR_OR_DAY_AFTER})",
    rf"{_B}{_CAP_FULL_MONTH}(?:{_IN_YEAR_WORDS}{_E}|{_E}{_NO_YEAR_OR_DAY_AFTER})",
    # 2018-19, 1950-53, 1999-2001
    rf"{_B}{_YEAR_RE}\s?[-\u2013]\s?(?:\d{{4}}|\d\d){_E}",
    # the 1990s
    rf"{_B}(?:1[89]\d0|20\d0)'?s{_E}",
    # last Friday, Friday morning
    rf"{_B}(?:(?:[Ll]ast|[Nn]ext|[Tt]his(?:\s+past)?)\s+)?{_CAP_WEEKDAY}{_PART_OF_DAY}{_E}",
    r"(?i:" + _B + r"(?:(?:earlier|later)\s+)?(?:today|tonight|yesterday(?:\s+(?:morning|afternoon"
    r"|evening))?|tomorrow(?:\s+(?:morning|night))?|last\s+night|this\s+(?:morning|afternoon"
    r"|evening)|the\s+day\s+(?:before\s+yesterday|after\s+tomorrow))" + _E + ")",
    r"(?i:"
    + _B
    + r"(?:last|this|next|past|coming|previous)\s+(?:week|month|year|weekend)"
    + _E
    + ")",
    r"(?i:" + _B + r"(?:earlier|later)\s+this\s+(?:week|month|year)" + _E + ")",
    r"(?i:" + _B + _NUM_WORD_RE + r"\s+(?:day|week|month|year)s?\s+ago" + _E + ")",
    r"(?i:" + _B + r"the\s+(?:following|next|previous|preceding)\s+(?:day|week|month|morning"
    r"|night)" + _E + ")",
    r"(?i:" + _B + r"the\s+day\s+(?:before|after)" + _E + ")",
    # a bare year
    rf"{_B}(?<![$\u20ac\u00a3.,]){_YEAR_RE}(?!,\d)(?!\.\d){_E}",
]
_FINDER = re.compile("|".join(f"(?:{p})" for p in _FIND_PATTERNS))

# A bare four-digit number is not a year when a quantity reading is evident.
_NOT_A_YEAR_BEFORE = re.compile(
    r"(?:at\s+least|about|around|some|nearly|almost|more\s+than|fewer\s+than|less\s+than"
    r"|up\s+to|approximately|roughly|over|than|of\s+the|No\.|number|\$)\s*$",
    re.IGNORECASE,
)
_NOT_A_YEAR_AFTER = re.compile(
    r"^\s*(?:%|percent|per\s+cent|people|persons|troops|soldiers|residents|civilians|"
    r"members|workers|votes|km|kilomet|miles|meters|metres|feet|tons|tonnes|kg|"
    r"dollars|euros|units|cases|deaths|homes|houses|students|children|men|women)\b",
    re.IGNORECASE,
)
# Prepositions the finder needs for context ("in May") but that are not part of the time.
_LEADING_PREPOSITION = re.compile(
    r"^(?:in|since|until|by|from|during|through|before|after)\s+", re.IGNORECASE
)


def find_times(
    text: str, published: date | None, offset: int = 0, *, future: bool = False
) -> list[TimeRef]:
    """Every time expression in ``text``, resolved, with offsets shifted by ``offset``.

    ``future`` resolves weekdays and months forwards (see :func:`resolve_time`).
    Overlapping matches keep the longest.
    """
    found: list[TimeRef] = []
    for m in _FINDER.finditer(text):
        surface = m.group(0)
        start, end = m.start(), m.end()
        if _YEAR_ONLY.match(surface) and (
            _NOT_A_YEAR_BEFORE.search(text[max(0, start - 20) : start])
            or _NOT_A_YEAR_AFTER.match(text[end : end + 20])
        ):
            continue
        lead = _LEADING_PREPOSITION.match(surface)
        if lead and lead.end() < len(surface):
            start += lead.end()
            surface = surface[lead.end() :]
        ref = resolve_time(surface, published, future=future)
        found.append(replace(ref, start=start + offset, end=end + offset))
    return found


def parse_published(value: str | None) -> date | None:
    """The date part of an ISO publication stamp ("2024-11-05", "2024-11-05T08:00"), or None."""
    if not value:
        return None
    m = re.match(r"^(\d{4})-(\d{2})-(\d{2})", value.strip())
    if not m:
        return None
    return _safe_date(int(m[1]), int(m[2]), int(m[3]))
