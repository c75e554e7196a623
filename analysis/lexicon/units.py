"""Units of measure and currencies: how text writes them, and how they convert.

Source: the SI and US customary definitions (the factors pint uses), with the
spellings and abbreviations of English news writing ("kms", "kph", "sq mi").
Each unit is named as pint names it, so units not converted here can still be
converted by pint.
"""

from __future__ import annotations

from typing import NamedTuple


class Unit(NamedTuple):
    """One unit: its spellings (lower case), its factor to ``base`` and how it reads."""

    surfaces: tuple[str, ...]
    base: str | None = None  # the base unit ``factor`` converts to; None: not converted here
    factor: float | None = None
    symbol: str | None = None  # the short form a report writes ("km"), if any
    words: tuple[str, str] | None = None  # (singular, plural) where the pint name does not read


_YEAR_SECONDS = 365.25 * 86400.0

# pint unit name -> the unit. A month is a twelfth of a (Julian) year; pint reads
# "decade" as a logarithmic ratio, not ten years, so durations are all converted here.
UNITS: dict[str, Unit] = {
    "kilometer": Unit(
        ("km", "kms", "kilometer", "kilometers", "kilometre", "kilometres"), "meter", 1000.0, "km"
    ),
    "mile": Unit(("mile", "miles", "mi"), "meter", 1609.344, "mi"),
    "nautical_mile": Unit(("nautical mile", "nautical miles"), "meter", 1852.0, "nmi"),
    "meter": Unit(("meter", "meters", "metre", "metres"), "meter", 1.0, "m"),
    "centimeter": Unit(
        ("cm", "centimeter", "centimeters", "centimetre", "centimetres"), "meter", 0.01, "cm"
    ),
    "millimeter": Unit(
        ("mm", "millimeter", "millimeters", "millimetre", "millimetres"), "meter", 0.001, "mm"
    ),
    "foot": Unit(("ft", "feet", "foot"), "meter", 0.3048, "ft", ("foot", "feet")),
    "inch": Unit(("inch", "inches"), "meter", 0.0254, "in", ("inch", "inches")),
    "yard": Unit(("yard", "yards"), "meter", 0.9144, "yd"),
    "kilogram": Unit(
        ("kg", "kgs", "kilogram", "kilograms", "kilo", "kilos"), "kilogram", 1.0, "kg"
    ),
    "gram": Unit(("gram", "grams"), "kilogram", 0.001, "g"),
    "ton": Unit(("ton", "tons"), "kilogram", 907.18474),
    "metric_ton": Unit(("tonne", "tonnes", "metric ton", "metric tons"), "kilogram", 1000.0, "t"),
    "pound": Unit(("pound", "pounds", "lb", "lbs"), "kilogram", 0.45359237, "lb"),
    "second": Unit(("second", "seconds", "sec", "secs"), "second", 1.0, "s"),
    "minute": Unit(("minute", "minutes", "min", "mins"), "second", 60.0, "min"),
    "hour": Unit(("hour", "hours", "hr", "hrs"), "second", 3600.0, "h"),
    "day": Unit(("day", "days"), "second", 86400.0),
    "week": Unit(("week", "weeks"), "second", 7 * 86400.0),
    "month": Unit(("month", "months"), "second", _YEAR_SECONDS / 12),
    "year": Unit(("year", "years", "yr", "yrs"), "second", _YEAR_SECONDS),
    "decade": Unit(("decade", "decades"), "second", 10 * _YEAR_SECONDS),
    "century": Unit(
        ("century", "centuries"), "second", 100 * _YEAR_SECONDS, None, ("century", "centuries")
    ),
    "mile_per_hour": Unit(
        ("mph", "miles per hour"),
        "meter / second",
        0.44704,
        "mph",
        ("mile per hour", "miles per hour"),
    ),
    "kilometer_per_hour": Unit(
        ("km/h", "kph", "kmh", "kilometers per hour", "kilometres per hour"),
        "meter / second",
        1 / 3.6,
        "km/h",
        ("kilometer per hour", "kilometers per hour"),
    ),
    "knot": Unit(("knot", "knots"), "meter / second", 1852 / 3600),
    "kilometer ** 2": Unit(
        ("square kilometers", "square kilometres", "sq km", "km2"),
        "meter ** 2",
        1e6,
        "km²",
        ("square kilometer", "square kilometers"),
    ),
    "mile ** 2": Unit(
        ("square miles", "square mile", "sq mi"),
        "meter ** 2",
        2589988.110336,
        "sq mi",
        ("square mile", "square miles"),
    ),
    "acre": Unit(("acre", "acres"), "meter ** 2", 4046.8726098742513),
    "hectare": Unit(("hectare", "hectares"), "meter ** 2", 1e4),
    "liter": Unit(("liter", "liters", "litre", "litres"), "meter ** 3", 1e-3, "l"),
    "gallon": Unit(("gallon", "gallons"), "meter ** 3", 0.003785411784),
    "oil_barrel": Unit(
        ("barrel", "barrels"), "meter ** 3", 0.158987294928, None, ("barrel", "barrels")
    ),
    # No physical dimension: kept as written, never converted.
    "percent": Unit(("%", "percent", "per cent", "pct"), None, None, "%", ("percent", "percent")),
    "percentage_point": Unit(("percentage point", "percentage points")),
}

# The views of that table the code reads.
UNIT_BY_SURFACE = {surface: name for name, unit in UNITS.items() for surface in unit.surfaces}
UNIT_FACTORS = {name: unit.factor for name, unit in UNITS.items() if unit.factor is not None}
UNIT_SYMBOLS = {name: unit.symbol for name, unit in UNITS.items() if unit.symbol is not None}
DURATION_SECONDS = {
    name: unit.factor
    for name, unit in UNITS.items()
    if unit.base == "second" and unit.factor is not None
}
PLAIN_UNITS = frozenset(name for name, unit in UNITS.items() if unit.base is None)

# Ages ("a 37-year-old"): a duration unit -> the age unit it makes and its factor
# to years of age, the unit every age compares in.
AGE_BASE_UNIT = "years old"
AGE_UNITS = {
    "year": ("years old", 1.0),
    "month": ("months old", 1 / 12),
    "week": ("weeks old", 7 / 365.25),
    "day": ("days old", 1 / 365.25),
}
# How each unit reads in words, singular and plural, where its name does not.
UNIT_WORDS = {name: unit.words for name, unit in UNITS.items() if unit.words is not None} | {
    age: (age.replace("s old", " old"), age) for age, _ in AGE_UNITS.values()
}

# fmt: off
# Currency signs and ISO codes as written before an amount -> ISO 4217 code.
CURRENCY_SYMBOLS = {
    "us$": "USD", "$": "USD", "c$": "CAD", "a$": "AUD", "hk$": "HKD", "nz$": "NZD", "€": "EUR",
    "£": "GBP", "¥": "JPY", "₩": "KRW", "₹": "INR", "₽": "RUB", "usd": "USD", "eur": "EUR",
    "gbp": "GBP", "jpy": "JPY", "krw": "KRW", "cny": "CNY",
}
# Currency names as written after an amount -> ISO 4217 code.
CURRENCY_WORDS = {
    "dollar": "USD", "dollars": "USD", "euro": "EUR", "euros": "EUR", "yen": "JPY", "yuan": "CNY",
    "renminbi": "CNY", "ruble": "RUB", "rubles": "RUB", "rouble": "RUB", "roubles": "RUB",
    "rupee": "INR", "rupees": "INR", "franc": "CHF", "francs": "CHF",
    # "won" and "pounds" are verbs and weights too: only money after a scale word.
    "won": "KRW", "pounds sterling": "GBP",
}
# fmt: on
CURRENCY_AFTER_SCALE = {"won": "KRW", "pounds": "GBP", "pound": "GBP"}
