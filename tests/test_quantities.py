"""Quantities: numbers with units, counts, qualifiers and restatements."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.extract.quantities import (
    count_noun,
    find_quantities,
    parse_number,
    parse_quantity,
    plural_noun,
    qualifier_phrase,
    same_amount,
    unit_label,
    word_number,
)


def _one(text: str):  # type: ignore[no-untyped-def]
    found = find_quantities(text)
    assert len(found) == 1, found
    return found[0]


def test_restatement_in_parentheses_is_one_quantity() -> None:
    q = _one("missiles traveled up to 400 kilometers (250 miles) into the sea")
    assert (q.value, q.unit, q.base_value, q.base_unit) == (400, "kilometer", 400000, "meter")
    assert q.qualifier == "up_to" and q.alternates == ((250.0, "mile"),)
    assert q.text == "up to 400 kilometers (250 miles)"
    assert qualifier_phrase(q) == "up to"


def test_around_is_about() -> None:
    q = _one("the missiles flew around 400 kilometers (249 miles).")
    assert q.qualifier == "about" and q.alternates == ((249.0, "mile"),)


@pytest.mark.parametrize(
    ("text", "value", "counted", "qualifier"),
    [
        ("at least seven North Korean missiles", 7, "missiles", "at_least"),
        ("up to 10,000 North Korean soldiers", 10000, "soldiers", "up_to"),
        ("about 10,000 troops", 10000, "troops", "about"),
        ("more than a dozen workers", 12, "workers", "more_than"),
        ("nearly 1.5 million people", 1_500_000, "people", "about"),
        ("twenty-five students", 25, "students", "exact"),
        ("hundreds of people", 100, "people", "more_than"),
        ("tens of thousands of fans", 10000, "fans", "more_than"),
        ("fewer than 40 cases", 40, "cases", "less_than"),
        ("no more than 3 ships", 3, "ships", "at_most"),
        ("50 people or more", 50, "people", "at_least"),
        ("10-15 people", 10, "people", "at_least"),
    ],
)
def test_counts(text: str, value: float, counted: str, qualifier: str) -> None:
    q = _one(text)
    assert (q.value, q.unit, q.counted, q.qualifier) == (value, None, counted, qualifier)
    assert q.base_value == value


@pytest.mark.parametrize(
    ("text", "value", "unit", "base_value", "base_unit"),
    [
        ("$2 billion", 2e9, "USD", 2e9, "USD"),
        ("€1.5 million", 1.5e6, "EUR", 1.5e6, "EUR"),
        ("5 million pounds", 5e6, "GBP", 5e6, "GBP"),
        ("2bn won", 2e9, "KRW", 2e9, "KRW"),
        ("$2m", 2e6, "USD", 2e6, "USD"),
        ("43 percent", 43, "percent", 43, "percent"),
        ("50%", 50, "percent", 50, "percent"),
        ("in 24 hours", 24, "hour", 86400, "second"),
        ("for more than 20 years", 20, "year", 631152000, "second"),
        ("a 90-day stay", 90, "day", 7776000, "second"),
        ("60 miles", 60, "mile", 96560.64, "meter"),
        ("100 km", 100, "kilometer", 100000, "meter"),
        ("3 pounds of meat", 3, "pound", 1.36077711, "kilogram"),
        ("20 tonnes", 20, "metric_ton", 20000, "kilogram"),
        ("120 mph", 120, "mile_per_hour", 53.6448, "meter / second"),
    ],
)
def test_units(text: str, value: float, unit: str, base_value: float, base_unit: str) -> None:
    q = _one(text)
    assert (q.value, q.unit, q.base_unit) == (value, unit, base_unit)
    assert math.isclose(q.base_value, base_value, rel_tol=1e-6)


@pytest.mark.parametrize(
    "text",
    [
        "the Hwasong-19 missile",
        "a B-1B bomber",
        "its seventh nuclear test",
        "the 31st floor",
        "tested on Oct. 31",
        "in 2018-19",
        "since the Korean War of 1950-53",
        "at 4:05 PM on Tuesday",
        "around 2:45 a. m.",
        "one of them added",
        "the two nations",
        "the “one and only choice”",
        "Apollo 11 landed",
        "the No. 1 seed",
        "they won 3-0",
        "a 4G network",
        "version 3.8.0",
        "in 2012",
        "One factor was the weather",
    ],
)
def test_not_quantities(text: str) -> None:
    assert find_quantities(text) == []


def test_offsets_are_shifted() -> None:
    text = "He said about 10,000 troops left."
    q = find_quantities(text, offset=100)[0]
    assert (q.start, q.end) == (108, 127)
    assert text[q.start - 100 : q.end - 100] == "about 10,000 troops"


def test_with_the_parse_the_head_noun_is_counted() -> None:
    from analysis.nlp.load import load_pipeline

    doc = load_pipeline()("She managed to slip past hundreds of prison guards looking for her.")
    q = find_quantities(doc.text, tokens=list(doc))[0]
    assert (q.counted, q.base_unit, q.qualifier) == ("guards", "guard", "more_than")
    doc = load_pipeline()("Seven North Korean missiles flew east.")
    q = find_quantities(doc.text, tokens=list(doc))[0]
    assert (q.value, q.counted, q.base_unit) == (7, "missiles", "missile")


def test_same_amount_across_units_and_restatements() -> None:
    a = parse_quantity("up to 400 kilometers (250 miles)")
    b = parse_quantity("as far as 250 miles")
    c = parse_quantity("around 400 kilometers (249 miles)")
    d = parse_quantity("about 100 km")
    assert a and b and c and d
    assert same_amount(a, b) and same_amount(b, c) and same_amount(a, c)
    assert not same_amount(a, d)
    troops = parse_quantity("about 10,000 troops")
    soldiers = parse_quantity("10,000 soldiers")
    assert troops and soldiers and not same_amount(troops, soldiers)  # different things counted


def test_number_words() -> None:
    assert word_number("twenty-five") == 25
    assert word_number("two hundred and five") == 205
    assert word_number("a dozen") == 12
    assert word_number("half a million") == 500000
    assert word_number("three million") == 3e6
    assert word_number("banana") is None
    assert parse_number("10,000") == 10000
    assert parse_number("1.5") == 1.5
    assert parse_number("") is None


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=120))
def test_find_quantities_never_raises(text: str) -> None:
    for q in find_quantities(text):
        assert 0 <= q.start < q.end <= len(text)
        assert math.isfinite(q.value) and math.isfinite(q.base_value)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "at least",
                "up to",
                " ",
                "10,000",
                "1.5",
                "million",
                "$",
                "€",
                "km",
                "(",
                ")",
                "250 miles",
                "seven",
                "-",
                "troops",
                "of",
                "hundreds",
                "%",
                "9" * 400,
                "1e308",
                "bn",
                "Hwasong",
                "B-1B",
                "or more",
                "and",
                "twenty",
            ]
        ),
        max_size=14,
    ).map("".join)
)
def test_quantity_parsing_never_raises_on_number_soup(text: str) -> None:
    for q in find_quantities(text):
        assert 0 <= q.start < q.end <= len(text)
        assert math.isfinite(q.base_value)
    parse_quantity(text)


# --- text that went through a tokeniser and back; labels; long modifier runs; durations ---


@pytest.mark.parametrize(
    ("text", "value", "unit", "counted"),
    [
        ("a crowd of 1, 500 people", 1500, None, "people"),
        ("more than 1, 700 state teachers", 1700, None, "teachers"),
        ("about 1, 000, 000 residents", 1_000_000, None, "residents"),
        ("the building, valued at $380, 600, burned", 380_600, "USD", None),
        ("it has earned $412. 0 million worldwide", 412_000_000, "USD", None),
        ("the pound slipped below $1. 47 on Monday", 1.47, "USD", None),
        ("it has earned $1,215. 0 million", 1_215_000_000, "USD", None),
        ("injured more than 2, 600, flattening homes", 2600, None, None),
    ],
)
def test_thousands_written_with_a_space_are_one_number(
    text: str, value: float, unit: str | None, counted: str | None
) -> None:
    q = _one(text)
    assert (q.value, q.unit, q.counted) == (value, unit, counted)


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("the numbers 1, 2 and 3", [1, 2, 3]),
        ("he listed 105, 110 and 120", [105, 110, 120]),  # a list, not 105,110
        ("in 2012, 300 people died", [300]),  # a year, then a count
        ("On May 12, 300 people died", [300]),  # a date, then a count
        ("by 2012. 5 people were hurt", [5]),
        ("from 1, 500 and 2, 000 people", [1500]),  # a range of two spaced numbers
    ],
)
def test_spaced_numbers_do_not_swallow_lists_years_or_dates(text: str, values: list[float]) -> None:
    assert [q.value for q in find_quantities(text)] == values


@pytest.mark.parametrize(
    "text",
    [
        "In round 3 the champion landed a jab",
        "It went to round three before he fell",
        "the company filed for Chapter 11 bankruptcy protection",
        "Section 9 of the Coastal Fisheries Act",
        "after the 9/11 attacks",
        "after the 9 / 11 tragedy",
        "the 24/7 news cycle",
        "at 1023 GMT",
    ],
)
def test_numbers_that_label_or_date_are_not_amounts(text: str) -> None:
    assert find_quantities(text) == []


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # A name after a number is not what it counts; a plural proper noun is.
        ("In round three Ravensworth was again leaning on his jab.", []),
        ("The party won three Democrats over.", [(3, "democrats")]),
        ("She ended the year with 134 RBI.", [(134, "rbi")]),
        # The counted noun after a run of its own modifiers, however long.
        ("Police found three very tall, heavily armed and visibly nervous men.", [(3, "men")]),
        ("It happened in front of two remarkably patient and elderly visitors.", [(2, "visitors")]),
        # The parser may take the number for a noun of its own ("of [six]"), or hang it
        # off a noun that only modifies the one counted ("six [plainclothes] officers").
        (
            "The theft was carried out brazenly in front of six remarkably "
            "patient and elderly visitors, Marsh said.",
            [(6, "visitors")],
        ),
        ("He was shot dead by six plainclothes officers.", [(6, "officers")]),
        ("In the final he scored two, and fans cheered.", []),
        ("They agreed on a two-party basis.", [(2, "party")]),
        # ... but not across an article or a quotation mark.
        ('He called the shooting of the father of two "a cruel, cold-hearted act."', []),
        ('She called the attack on the aunt of three "a brutal, senseless crime."', []),
        ("He called the uncle of two the calmest man in the village.", []),
        ('She owns three "lucky" horses.', [(3.0, "horses")]),
        ("Officials counted 40 no-show voters.", [(40.0, "voters")]),
        ("a clumsy two-handed shove sent him sprawling", []),
    ],
)
def test_what_a_number_counts_with_the_parse(
    sentence: str, expected: list[tuple[float, str]]
) -> None:
    from analysis.nlp.load import load_pipeline

    doc = load_pipeline()(sentence)
    found = find_quantities(doc.text, tokens=list(doc))
    assert [(q.value, q.counted) for q in found] == expected


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("two decades", "20 years"),
        ("one century", "100 years"),
        ("18 months", "1.5 years"),
        ("two weeks", "14 days"),
        ("three hours", "180 minutes"),
    ],
)
def test_durations_share_one_base_unit(a: str, b: str) -> None:
    qa, qb = parse_quantity(a), parse_quantity(b)
    assert qa is not None and qb is not None
    assert qa.base_unit == qb.base_unit == "second"
    assert same_amount(qa, qb)
    assert not same_amount(qa, parse_quantity("7 years") or qa)


def test_a_decade_is_ten_years_of_seconds() -> None:
    q = _one("for more than five decades")
    assert (q.unit, q.base_unit, q.qualifier) == ("decade", "second", "more_than")
    assert math.isclose(q.base_value, 50 * 365.25 * 86400)
    restated = _one("five decades (50 years)")
    assert restated.alternates == ((50.0, "year"),)


@pytest.mark.parametrize(
    ("text", "quantity", "value", "unit", "years"),
    [
        ("Brandt, a 44-year-old man, was sentenced.", "44-year-old", 44, "years old", 44),
        ("a two-year-old girl", "two-year-old", 2, "years old", 2),
        ("an 18-month-old boy", "18-month-old", 18, "months old", 1.5),
        ("a 37 year-old man", "37 year-old", 37, "years old", 37),
        ("She was 91 years old.", "91 years old", 91, "years old", 91),
    ],
)
def test_an_age_is_not_a_duration(
    text: str, quantity: str, value: float, unit: str, years: float
) -> None:
    q = _one(text)
    assert (q.text, q.value, q.unit, q.base_unit) == (quantity, value, unit, "years old")
    assert math.isclose(q.base_value, years)
    assert same_amount(q, _one(f"a {years:g}-year-old"))
    assert not same_amount(q, _one(f"for {years:g} years"))


@pytest.mark.parametrize(
    ("text", "unit"),
    [("a 40-year sentence", "year"), ("a four-day trial", "day"), ("for 37 years", "year")],
)
def test_durations_written_as_modifiers_stay_durations(text: str, unit: str) -> None:
    q = _one(text)
    assert (q.unit, q.base_unit) == (unit, "second")


@pytest.mark.parametrize(
    ("unit", "value", "label"),
    [
        ("kilometer", 400, "kilometers"),
        ("mile", 1, "mile"),
        ("mile", 250, "miles"),
        ("year", 3, "years"),
        ("foot", 3, "feet"),
        ("century", 2, "centuries"),
        ("mile_per_hour", 60, "miles per hour"),
        ("years old", 37, "years old"),
        ("years old", 1, "year old"),
        ("percent", 5, "percent"),
        ("USD", 5, "USD"),
    ],
)
def test_unit_labels_agree_with_their_number(unit: str, value: float, label: str) -> None:
    assert unit_label(unit, value) == label


def test_what_a_count_counts_agrees_with_its_number() -> None:
    missiles = _one("seven missiles")
    assert count_noun(missiles, 7) == "missiles" and count_noun(missiles, 1) == "missile"
    people = _one("37 people")
    assert count_noun(people, 1) == "person" and count_noun(people, 2) == "people"
    assert [plural_noun(n) for n in ("juror", "city", "church", "police officer", "man")] == [
        "jurors",
        "cities",
        "churches",
        "police officers",
        "men",
    ]
