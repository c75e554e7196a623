"""English calendar names: weekdays and months, as news writing spells and abbreviates them.

Source: the English names of the Gregorian calendar, with the abbreviations
datelines, time stamps and AP style use ("Sept.", "Thurs.").
"""

from __future__ import annotations

# Weekday names, Monday first: the order of ``datetime.date.weekday()``.
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# fmt: off
# Abbreviated weekday names -> weekday number (Monday is 0).
WEEKDAY_ABBREVIATIONS = {
    "mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3, "fri": 4,
    "sat": 5, "sun": 6,
}
# Month names, January first.
MONTH_NAMES = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)
# Abbreviated month names -> month number.
MONTH_ABBREVIATIONS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
# fmt: on
# Every spelling of a month, full or abbreviated -> month number.
MONTHS = {name: number for number, name in enumerate(MONTH_NAMES, start=1)} | MONTH_ABBREVIATIONS

# The same names as regular-expression alternations (lower case; callers match
# them with re.IGNORECASE or derive the capitalised forms): every spelling above.
MONTH_PATTERN = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
WEEKDAY_PATTERN = (
    r"(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|"
    r"sat(?:urday)?|sun(?:day)?)"
)

# Words naming a day by its distance from the day of writing, with that distance
# in days ("yesterday" is -1). Source: common news usage.
RELATIVE_DAYS = {
    "today": 0,
    "tonight": 0,
    "this morning": 0,
    "this afternoon": 0,
    "this evening": 0,
    "earlier today": 0,
    "later today": 0,
    "yesterday": -1,
    "last night": -1,
    "yesterday morning": -1,
    "yesterday afternoon": -1,
    "yesterday evening": -1,
    "tomorrow": 1,
    "tomorrow morning": 1,
    "tomorrow night": 1,
    "overnight": 0,
    "the day before yesterday": -2,
    "the day after tomorrow": 2,
}
# The one-word days among them.
DAY_WORDS = frozenset({"today", "tonight", "yesterday", "tomorrow"})
# Every word that names a calendar day or month.
CALENDAR_WORDS = (
    frozenset(WEEKDAYS) | frozenset(WEEKDAY_ABBREVIATIONS) | frozenset(MONTHS) | DAY_WORDS
)
