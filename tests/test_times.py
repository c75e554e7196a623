"""Resolving time expressions against a publication date (news conventions)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.extract.times import find_times, parse_published, resolve_time, states_year

TUESDAY = date(2024, 11, 5)  # the samples' publication date


@pytest.mark.parametrize(
    ("text", "value", "granularity"),
    [
        ("On Friday", "2024-11-01", "day"),
        ("on Tuesday", "2024-11-05", "day"),  # the publication day itself
        ("Monday", "2024-11-04", "day"),
        ("Sunday", "2024-11-03", "day"),
        ("Friday night", "2024-11-01", "day"),
        ("late Thursday", "2024-10-31", "day"),
        ("last Tuesday", "2024-10-29", "day"),  # strictly before publication
        ("next Friday", "2024-11-08", "day"),
        ("Oct. 31", "2024-10-31", "day"),
        ("Nov. 1", "2024-11-01", "day"),
        ("Dec. 25", "2023-12-25", "day"),  # not yet this year: last year's
        ("Nov. 8", "2024-11-08", "day"),  # a few days ahead is still this year
        ("March 12, 2019", "2019-03-12", "day"),
        ("TUESDAY, MARCH 12, 2019", "2019-03-12", "day"),
        ("03 / 12 / 2019", "2019-03-12", "day"),
        ("12 March 2019", "2019-03-12", "day"),
        ("2019-03-12", "2019-03-12", "day"),
        ("last week", "2024-10-28/2024-11-03", "week"),
        ("this week", "2024-11-04/2024-11-10", "week"),
        ("In September", "2024-09", "month"),
        ("in November", "2024-11", "month"),
        ("December", "2023-12", "month"),  # the most recent December
        ("September 2010", "2010-09", "month"),
        ("last month", "2024-10", "month"),
        ("yesterday", "2024-11-04", "day"),
        ("today", "2024-11-05", "day"),
        ("two days ago", "2024-11-03", "day"),
        ("this year", "2024", "year"),
        ("last year", "2023", "year"),
        ("2018-19", "2018/2019", "year"),
        ("1950-53", "1950/1953", "year"),
        ("1999-2001", "1999/2001", "year"),
        ("in 2012", "2012", "year"),
        ("the 1990s", "1990/1999", "year"),
    ],
)
def test_resolve_against_publication(text: str, value: str, granularity: str) -> None:
    ref = resolve_time(text, TUESDAY)
    assert (ref.value, ref.granularity) == (value, granularity)
    assert ref.text == text


def test_stated_weekday_is_kept_to_check_the_date() -> None:
    ref = resolve_time("Tuesday, March 12", date(2019, 3, 13))
    assert (ref.value, ref.weekday) == ("2019-03-12", "Tuesday")
    mismatch = resolve_time("Friday, Oct. 31", TUESDAY)  # Oct. 31 2024 was a Thursday
    assert mismatch.value == "2024-10-31" and mismatch.weekday == "Friday"
    assert date.fromisoformat(mismatch.value).strftime("%A") != mismatch.weekday


def test_future_sentences_resolve_forwards() -> None:
    assert resolve_time("Friday", TUESDAY, future=True).value == "2024-11-08"
    assert resolve_time("April 10", date(2019, 3, 12), future=True).value == "2019-04-10"
    assert resolve_time("in March", TUESDAY, future=True).value == "2025-03"


@pytest.mark.parametrize("text", ["the following day", "the day before", "Friday", "Oct. 31"])
def test_unresolvable_without_anchor(text: str) -> None:
    published = None if text in ("Friday", "Oct. 31") else TUESDAY
    ref = resolve_time(text, published)
    assert ref.value is None and not ref.resolved


def test_not_a_time() -> None:
    assert resolve_time("the missile", TUESDAY).value is None
    assert resolve_time("Feb. 30", TUESDAY).value is None
    assert resolve_time("13/13/2013", TUESDAY).value is None


def test_find_times_in_running_text() -> None:
    text = (
        "North Korea claimed that the Hwasong-19 missile tested on Oct. 31 was strong. "
        "Quill was at Harrow Creek from March 2015 to June 2016. "
        "North Korea may carry out a test. In May she left, 2000 people said."
    )
    found = [(t.text, t.value) for t in find_times(text, TUESDAY, offset=10)]
    assert found == [
        ("Oct. 31", "2024-10-31"),
        ("March 2015", "2015-03"),
        ("June 2016", "2016-06"),
        ("May", "2024-05"),
    ]
    first = find_times(text, TUESDAY, offset=10)[0]
    assert text[first.start - 10 : first.end - 10] == "Oct. 31"


def test_times_of_day_and_numbers_are_not_times() -> None:
    text = "At 1:32 PM, 10,000 troops and Hwasong-19 and B-1B, at least 2013 votes, $2019."
    assert find_times(text, TUESDAY) == []


def test_parse_published() -> None:
    assert parse_published("2024-11-05") == TUESDAY
    assert parse_published("2024-11-05T08:00:00+09:00") == TUESDAY
    assert parse_published("yesterday") is None
    assert parse_published(None) is None


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80), st.none() | st.dates(), st.booleans())
def test_resolve_time_never_raises(text: str, published: date | None, future: bool) -> None:
    ref = resolve_time(text, published, future=future)
    assert ref.text == text
    assert ref.value is None or isinstance(ref.value, str)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Friday",
                "Oct. 31",
                ",",
                " ",
                "last week",
                "2018-19",
                "May",
                "in",
                "9999",
                "31st",
                "Feb. 29",
                "Thursday, May 2",
                "0",
                "/",
                "ago",
                "two days",
                "the following day",
            ]
        ),
        max_size=12,
    ).map("".join),
    st.dates(min_value=date(1, 1, 8), max_value=date(9998, 12, 24)),
)
def test_find_times_never_raises_and_stays_in_bounds(text: str, published: date) -> None:
    for ref in find_times(text, published):
        assert 0 <= ref.start < ref.end <= len(text)


@pytest.mark.parametrize("published", [date.min, date.max])
@pytest.mark.parametrize(
    "text", ["last week", "next year", "Friday", "Dec. 31", "Jan. 1", "tomorrow", "in March"]
)
def test_calendar_edges_do_not_raise(text: str, published: date) -> None:
    resolve_time(text, published)
    resolve_time(text, published, future=True)


@pytest.mark.parametrize(
    ("text", "published", "found"),
    [
        (
            "elections scheduled for August 21 of this year",
            date(2029, 6, 4),
            [("August 21 of this year", "2029-08-21")],
        ),
        ("a raid on 9 April this year", date(2029, 6, 4), [("9 April this year", "2029-04-09")]),
        ("in October last year", date(2029, 6, 4), [("October last year", "2028-10")]),
        ("in February of next year", date(2029, 6, 4), [("February of next year", "2030-02")]),
        ("in July of 1961", date(2029, 6, 4), [("July of 1961", "1961-07")]),
        ("in September of 2017", None, [("September of 2017", "2017-09")]),
        ("August 21 of this year", None, [("August 21 of this year", None)]),
    ],
)
def test_a_year_in_words_after_a_date_gives_its_year(
    text: str, published: date | None, found: list[tuple[str, str | None]]
) -> None:
    assert [(t.text, t.value) for t in find_times(text, published)] == found


def test_a_year_from_the_context() -> None:
    published = date(2013, 8, 2)
    assert resolve_time("September 11", published).value == "2012-09-11"
    assert resolve_time("September 11", published, year=2001).value == "2001-09-11"
    assert resolve_time("September 11", None, year=2001).value == "2001-09-11"
    assert resolve_time("in September", published, year=2001).value == "2001-09"
    # It wins over a forward reading, and never over a year the expression states.
    assert resolve_time("March 2", published, future=True, year=2001).value == "2001-03-02"
    assert resolve_time("March 12, 2010", published, year=2001).value == "2010-03-12"
    assert resolve_time("March of last year", published, year=2001).value == "2012-03"
    # Expressions without a month name ignore it.
    assert resolve_time("Friday", published, year=2001).value == "2013-08-02"
    assert resolve_time("last month", published, year=2001).value == "2013-07"
    assert resolve_time("2009", published, year=2001).value == "2009"


def test_states_year() -> None:
    assert states_year("March 12, 2019") and states_year("August 21 of this year")
    assert states_year("September 2010") and states_year("March last year")
    assert not states_year("September 11") and not states_year("in March")
    assert not states_year("10,000")


def test_expressions_anchored_on_another_event_take_its_date() -> None:
    from analysis.extract.times import resolve_from_anchor

    monday = resolve_time("on Monday", date(2024, 11, 8))
    assert monday.value == "2024-11-04"
    expected = {
        "the following day": ("2024-11-05", "day"),
        "the next morning": ("2024-11-05", "day"),
        "the day before": ("2024-11-03", "day"),
        "the preceding day": ("2024-11-03", "day"),
        "the following week": ("2024-11-11/2024-11-17", "week"),
        "the preceding month": ("2024-10", "month"),
        "the following year": ("2025", "year"),
    }
    for text, (value, granularity) in expected.items():
        ref = resolve_time(text, date(2024, 11, 8))
        assert ref.value is None, text  # alone, it is not resolved against publication
        found = resolve_from_anchor(ref, monday)
        assert found is not None and (found.value, found.granularity) == (value, granularity)
        assert found.text == text
    # A month is too coarse an anchor for a day; it still anchors a month.
    october = resolve_time("in October", date(2024, 11, 8))
    assert resolve_from_anchor(resolve_time("the next day", None), october) is None
    assert resolve_from_anchor(resolve_time("the following month", None), october) == replace(
        resolve_time("the following month", None), value="2024-11", granularity="month"
    )
    # Not an expression of that kind, or no anchor date: nothing.
    assert resolve_from_anchor(resolve_time("on Friday", None), monday) is None
    assert resolve_from_anchor(resolve_time("the next day", None), resolve_time("X", None)) is None


def test_only_expressions_with_the_take_an_anchor() -> None:
    from analysis.extract.times import resolve_from_anchor

    march = resolve_time("in March 2019", None)
    assert march.value == "2019-03"
    # Without a publication date these stay unresolved: they count from the day
    # of writing, which the article does not give, not from the last date.
    for text in ("next year", "next month", "previous year", "next week", "last year"):
        ref = resolve_time(text, None)
        assert ref.value is None and resolve_from_anchor(ref, march) is None, text
    assert resolve_from_anchor(resolve_time("the following year", None), march) is not None
    assert resolve_from_anchor(resolve_time("that month", None), march) is not None
