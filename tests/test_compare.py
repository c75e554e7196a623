"""Comparing two claims: similarity, verdict and reasons, on hand-built claims.

Quantities and times are built with the extractor's own parsers
(``parse_quantity``, ``resolve_time``), so these tests also pin that the two
sides speak the same language.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.extract.quantities import find_quantities, parse_quantity
from analysis.extract.times import parse_published, resolve_time
from analysis.model import Attribution, Claim, ClaimKind, Quantity, TimeRef
from analysis.reason.compare import (
    MATCH_THRESHOLD,
    Comparison,
    blocking_keys,
    claim_features,
    compare_claims,
    content_terms,
    find_acronyms,
    stem,
    term_weights,
)


def q(text: str) -> Quantity:
    found = parse_quantity(text)
    assert found is not None, text
    return found


def when(text: str, published: str | None = None) -> TimeRef:
    return resolve_time(text, parse_published(published))


def when_in(sentence: str, phrase: str) -> TimeRef:
    """``phrase`` resolved (no publication date) at its offsets in ``sentence``."""
    start = sentence.index(phrase)
    return replace(when(phrase), start=start, end=start + len(phrase))


def quantities_in(sentence: str) -> tuple[Quantity, ...]:
    """The quantities the extractor finds in ``sentence``, with the parse."""
    from analysis.nlp.load import load_pipeline

    doc = load_pipeline()(sentence)
    return tuple(find_quantities(sentence, tokens=list(doc)))


def claim(
    text: str,
    *,
    quantities: tuple[Quantity, ...] = (),
    times: tuple[TimeRef, ...] = (),
    source: str | None = None,
    kind: ClaimKind = "statement",
    negated: bool = False,
    hedges: tuple[str, ...] = (),
    cid: str = "c",
    role: str = "body",
) -> Claim:
    return Claim(
        id=cid,
        article="art",
        start=0,
        end=len(text),
        text=text,
        kind=kind,
        block_role=role,
        attribution=Attribution(source, "said") if source else None,
        hedges=hedges,
        negated=negated,
        quantities=quantities,
        times=times,
    )


def kinds(result: Comparison) -> list[str]:
    return [r.kind for r in result.reasons]


# --- the cases named in the design ------------------------------------------------------


def test_distance_rounded_in_miles_is_compatible_with_quantity_and_hedge_reasons() -> None:
    a = claim(
        "At least seven North Korean missiles traveled up to 400 kilometers (250 miles).",
        quantities=(q("at least seven missiles"), q("up to 400 kilometers (250 miles)")),
        hedges=("at least", "up to"),
        source="Gen Nakatani",
    )
    b = claim(
        "At least seven missiles flew around 400 kilometers (249 miles), Gen Nakatani said.",
        quantities=(q("at least seven missiles"), q("around 400 kilometers (249 miles)")),
        hedges=("at least", "around"),
        source="Japanese Minister of Defense Gen Nakatani",
    )
    result = compare_claims(a, b)
    assert result.status == "compatible"
    notes = [r.note for r in result.reasons]
    assert "250 mi vs 249 mi: both round 400 km" in notes
    assert any(r.kind == "hedge" and r.note.startswith("up to vs around") for r in result.reasons)
    assert "attribution" not in kinds(result)  # the same source, named two ways
    assert "detail" not in kinds(result)  # the seven missiles agree


def test_restated_distance_in_other_unit_is_the_same_amount() -> None:
    a = claim("The missile flew 400 kilometers.", quantities=(q("400 kilometers"),))
    b = claim("The missile flew 249 miles.", quantities=(q("249 miles"),))
    result = compare_claims(a, b)
    assert result.status == "compatible"
    assert kinds(result) == ["quantity"]
    assert "other units" in result.reasons[0].note


def test_lower_bound_and_exact_count_are_compatible() -> None:
    a = claim(
        "North Korea fired at least seven missiles.", quantities=(q("at least seven missiles"),)
    )
    b = claim("North Korea fired seven missiles.", quantities=(q("seven missiles"),))
    assert compare_claims(a, b).status == "compatible"


def test_up_to_and_about_the_same_figure_are_compatible_across_synonyms() -> None:
    a = claim(
        "Up to 10,000 North Korean soldiers are in Russia.",
        quantities=(q("up to 10,000 soldiers"),),
    )
    b = claim(
        "North Korea sent about 10,000 troops to Russia.", quantities=(q("about 10,000 troops"),)
    )
    result = compare_claims(a, b)
    assert result.status == "compatible"
    assert kinds(result) == ["hedge"]


def test_count_beyond_rounding_is_a_conflict_saying_by_how_much() -> None:
    a = claim("North Korea fired seven missiles into the sea.", quantities=(q("seven missiles"),))
    b = claim("North Korea fired 11 missiles into the sea.", quantities=(q("11 missiles"),))
    result = compare_claims(a, b)
    assert result.status == "conflict"
    assert result.reasons[0].kind == "quantity"
    assert "7 missiles vs 11 missiles: differ by 4 missiles" in result.reasons[0].note


def test_same_direction_bounds_with_different_figures_conflict() -> None:
    a = claim("At least 3 people were hurt in the crash.", quantities=(q("at least 3 people"),))
    b = claim("At least 5 people were hurt in the crash.", quantities=(q("at least 5 people"),))
    assert compare_claims(a, b).status == "conflict"


def test_round_figures_within_their_precision_are_compatible() -> None:
    a = claim("The fund holds $2 million in cash.", quantities=(q("$2 million"),))
    b = claim("The fund holds $2.5 million in cash.", quantities=(q("$2.5 million"),))
    c = claim("The fund holds $2.04 million in cash.", quantities=(q("$2.04 million"),))
    assert compare_claims(a, b).status == "conflict"
    assert compare_claims(a, c).status == "compatible"


def test_amounts_orders_of_magnitude_apart_are_different_things_not_a_conflict() -> None:
    a = claim("The quake killed 10 people on the island.", quantities=(q("10 people"),))
    b = claim("The quake in Bam killed 26,000 people.", quantities=(q("26,000 people"),))
    result = compare_claims(a, b)
    assert result.status != "conflict"
    assert any("too far apart" in r.note for r in result.reasons)


def test_dates_resolved_from_publication_conflict_with_weekday_remark() -> None:
    a = claim(
        "North Korea claimed that the Hwasong-19 missile tested on Oct. 31 was its strongest ICBM",
        times=(when("Oct. 31", "2024-11-05"),),
    )
    b = claim(
        "On Friday, North Korea fired an intercontinental ballistic missile.",
        times=(when("Friday", "2024-11-05"),),
    )
    result = compare_claims(a, b)
    assert result.status == "conflict"
    time = result.reasons[0]
    assert time.kind == "time"
    assert time.note == (
        "2024-10-31 vs 2024-11-01: 1 day apart; 2024-10-31 was a Thursday, not a Friday"
    )


def test_weekday_without_publication_date_is_checked_against_a_date() -> None:
    a = claim("The missile was tested on Oct. 31, 2024.", times=(when("Oct. 31, 2024"),))
    b = claim("On Friday, North Korea tested the missile.", times=(when("Friday"),))
    assert b.times[0].value is None  # no publication date: only the weekday is known
    result = compare_claims(a, b)
    assert result.status == "conflict"
    assert result.reasons[0].note == "2024-10-31 was a Thursday, not a Friday"
    # ... and late publication dates help nothing when the weekday fits.
    c = claim("On Thursday, North Korea tested the missile.", times=(when("Thursday"),))
    assert compare_claims(a, c).status != "conflict"


def test_weekday_resolved_late_from_the_publication_date_given() -> None:
    a = claim("North Korea fired the missile on Friday.", times=(when("Friday"),))
    b = claim("North Korea fired the missile on Nov. 1.", times=(when("Nov. 1", "2024-11-05"),))
    assert compare_claims(a, b, published_a="2024-11-05").status != "conflict"
    assert compare_claims(a, b, published_a="2024-11-12").status == "conflict"


def test_same_date_with_different_stated_weekdays_is_a_conflict() -> None:
    a = claim(
        "The festival opened on Tuesday, June 11, 2019.",
        times=(when("Tuesday, June 11, 2019"),),
    )
    b = claim(
        "The festival opened on Friday, June 11, 2019.",
        times=(when("Friday, June 11, 2019"),),
    )
    assert a.times[0].value == b.times[0].value == "2019-06-11"
    result = compare_claims(a, b)
    assert result.status == "conflict"
    assert result.reasons[0].kind == "time"
    assert result.reasons[0].note == (
        "both 2019-06-11, but Tuesday vs Friday; 2019-06-11 was a Tuesday"
    )
    # The same date with the same weekday, or a weekday on one side only, agrees.
    c = claim("The festival opened on June 11, 2019.", times=(when("June 11, 2019"),))
    assert compare_claims(a, a).status == "agree"
    assert compare_claims(a, c).status != "conflict"


def test_weekday_the_other_side_states_too_is_consistent_whatever_its_dates() -> None:
    # B also says Thursday: its June 4, 2019 is the date of the fires, not the sentencing.
    a = claim("The arsonist was sentenced Thursday to life in prison.", times=(when("Thursday"),))
    text_b = (
        "Dale Rourke was sentenced Thursday morning to life plus 120 years for the fires "
        "he set on June 4, 2019."
    )
    b = claim(text_b, times=(when_in(text_b, "Thursday morning"), when_in(text_b, "June 4, 2019")))
    result = compare_claims(a, b)
    assert result.status != "conflict"
    assert not any("was a Tuesday" in r.note for r in result.reasons)
    # A weekday the other side states differently is a conflict, dates or not.
    c = claim(
        text_b.replace("Thursday morning", "Monday morning"),
        times=(when("Monday morning"), when("June 4, 2019")),
    )
    result = compare_claims(a, c)
    assert result.status == "conflict"
    assert [(r.kind, r.note) for r in result.reasons[:1]] == [("time", "Thursday vs Monday")]


def test_weekday_is_checked_only_against_a_date_plausibly_of_the_same_event() -> None:
    a = claim("A judge on Thursday sentenced Rourke to life.", times=(when("Thursday"),))
    # The only date, and the sentencing's: June 4, 2019 was a Tuesday.
    text = "A judge sentenced Rourke to life on June 4, 2019."
    b = claim(text, times=(when_in(text, "June 4, 2019"),))
    result = compare_claims(a, b)
    assert result.status == "conflict"
    assert result.reasons[0].note == "2019-06-04 was a Tuesday, not a Thursday"
    assert (result.reasons[0].a, result.reasons[0].b) == (
        "Thursday",
        "June 4, 2019 (2019-06-04, Tuesday)",
    )
    # A date that names another event by a noun ("the June 4, 2019, fire")...
    text = "Judge Harlow sentenced Rourke to life for the June 4, 2019, fire."
    c = claim(text, times=(when_in(text, "June 4, 2019"),))
    assert compare_claims(a, c).status != "conflict"
    # ... or one of several dates is no ground for a conflict.
    text = "A judge sentenced Rourke on June 4, 2019, after a trial begun on May 27, 2019."
    d = claim(text, times=(when_in(text, "June 4, 2019"), when_in(text, "May 27, 2019")))
    assert compare_claims(a, d).status != "conflict"


def test_when_something_was_said_is_compared_only_with_when_the_other_was_said() -> None:
    text_a = "A blast injured a security guard at the depot, officials said Thursday."
    text_b = "A gas main exploded at the depot late Wednesday, injuring a security guard."
    text_c = "A blast injured a security guard at the depot, officials said Monday."
    a = claim(text_a, times=(when_in(text_a, "Thursday"),))
    b = claim(text_b, times=(when_in(text_b, "Wednesday"),))
    c = claim(text_c, times=(when_in(text_c, "Monday"),))
    result = compare_claims(a, b)
    assert result.status != "conflict"
    assert [r.note for r in result.reasons] == ["only B dates it: Wednesday"]
    assert compare_claims(a, c).reasons[0].note == "Thursday vs Monday"
    # Where a span ends is no date of the event either: "until 4 a.m. Tuesday".
    text_d = "Crews pumped water from the tunnel until about 4 a.m. Tuesday."
    text_e = "Water was pouring into the tunnel Monday evening when crews arrived."
    d = claim(text_d, times=(when_in(text_d, "Tuesday"),))
    e = claim(text_e, times=(when_in(text_e, "Monday evening"),))
    assert compare_claims(d, e).status != "conflict"


def test_month_days_without_a_year_are_still_compared() -> None:
    a = claim("Officials must respond by May 9.", times=(when("by May 9"),))
    b = claim("Officials must respond by May 12.", times=(when("by May 12"),))
    assert a.times[0].value is None and b.times[0].value is None  # no publication date
    result = compare_claims(a, b)
    assert result.status == "conflict"
    assert result.reasons[0].note == "by May 9 vs by May 12: 3 days apart (no year given)"
    # Against a full date on the other side, only the month and day are compared.
    c = claim("Officials must respond by May 9, 2014.", times=(when("by May 9, 2014"),))
    assert compare_claims(a, c).status == "agree"
    d = claim("Officials must respond by May 12, 2014.", times=(when("May 12, 2014"),))
    assert compare_claims(a, d).status == "conflict"
    # Across the turn of the year, the short way round counts.
    e = claim("The talks ended on Dec. 30.", times=(when("Dec. 30"),))
    f = claim("The talks ended on Jan. 2.", times=(when("Jan. 2"),))
    assert "3 days apart" in compare_claims(e, f).reasons[0].note


def test_one_pair_of_dates_differing_among_several_is_a_conflict() -> None:
    a = claim(
        "Registration of voters will run from April 3 to May 21.",
        times=(when("April 3, 2029"), when("May 21, 2029")),
    )
    b = claim(
        "Registration of voters will run from April 6 to May 21.",
        times=(when("April 6, 2029"), when("May 21, 2029")),
    )
    result = compare_claims(a, b)
    assert result.status == "conflict"
    assert "2029-04-03 vs 2029-04-06" in result.reasons[0].note


def test_week_holding_the_day_is_only_a_precision_difference() -> None:
    a = claim(
        "The agency reported last week that tests were ready.",
        times=(when("last week", "2024-11-05"),),
    )
    b = claim(
        "The agency reported on Oct. 30 that tests were ready.",
        times=(when("Oct. 30", "2024-11-05"),),
    )
    result = compare_claims(a, b)
    assert result.status == "compatible"
    assert "precision" in result.reasons[0].note


def test_opposite_polarity_of_a_close_paraphrase_conflicts() -> None:
    a = claim("The US confirmed reports of North Korean combat engagement.", source="The US")
    b = claim(
        "The US couldn't confirm reports of North Korean combat engagement.",
        source="The US",
        negated=True,
    )
    result = compare_claims(a, b)
    assert result.status == "conflict"
    assert kinds(result) == ["polarity"]


def test_quote_given_to_different_named_speakers_conflicts() -> None:
    text = "“We are not in a court here,” said {}."
    a = claim(text.format("Anna Evstigneeva"), source="Anna Evstigneeva", kind="quote")
    b = claim(text.format("Robert Wood"), source="Robert Wood", kind="quote")
    result = compare_claims(a, b)
    assert result.status == "conflict"
    reason = result.reasons[0]
    assert (reason.kind, reason.a, reason.b) == ("attribution", "Anna Evstigneeva", "Robert Wood")


def test_statement_from_different_sources_is_compatible_and_shows_both() -> None:
    text = "The missiles were fired toward waters off the east coast, {} said."
    a = claim(text.format("Japan's defence minister"), source="Japan's defence minister")
    b = claim(
        text.format("South Korea's Joint Chiefs of Staff"),
        source="South Korea's Joint Chiefs of Staff",
    )
    result = compare_claims(a, b)
    assert result.status == "compatible"
    assert [(r.kind, r.a, r.b) for r in result.reasons] == [
        ("attribution", "Japan's defence minister", "South Korea's Joint Chiefs of Staff")
    ]


def test_identical_claims_agree_and_unrelated_ones_do_not_match() -> None:
    a = claim("The US flew a B-1B bomber for joint drills with South Korea and Japan.")
    assert compare_claims(a, a) == Comparison(1.0, "agree", ())
    b = claim("Harris has pledged to keep up support for Kyiv for as long as needed.")
    result = compare_claims(a, b)
    assert result.status == "unrelated" and not result.matched
    assert result.score < MATCH_THRESHOLD


# --- what a quantity reason may and may not say ---------------------------------------


def test_whole_numbers_one_apart_are_beyond_rounding() -> None:
    a = claim("Police said 37 people were killed.", quantities=(q("37 people"),))
    b = claim("Police said 38 people were killed.", quantities=(q("38 people"),))
    result = compare_claims(a, b)
    assert result.status == "conflict"
    assert result.reasons[0].note == (
        "37 people vs 38 people: differ by 1 person (3%), beyond rounding"
    )


def test_ages_conflict_with_ages_and_are_never_durations() -> None:
    a = claim("Nichols, a 37-year-old man, was sentenced.", quantities=(q("a 37-year-old man"),))
    b = claim("Nichols, a 38-year-old man, was sentenced.", quantities=(q("a 38-year-old man"),))
    result = compare_claims(a, b)
    assert result.status == "conflict"
    assert result.reasons[0].note == (
        "37 years old vs 38 years old: differ by 1 year (3%), beyond rounding"
    )
    # "37-year-old" against a duration of years: two different things, never paired.
    c = claim("Nichols, 37, was sentenced to 40 years.", quantities=(q("40 years"),))
    kinds_and_notes = [(r.kind, r.note) for r in compare_claims(a, c).reasons]
    assert kinds_and_notes == [
        ("detail", "only A gives 37-year-old"),
        ("detail", "only B gives 40 years"),
    ]


def test_units_without_a_symbol_read_in_the_number_they_go_with() -> None:
    a = claim("The trial lasted 1 day.", quantities=(q("1 day"),))
    b = claim("The trial lasted 3 days.", quantities=(q("3 days"),))
    assert compare_claims(a, b).reasons[0].note == (
        "1 day vs 3 days: differ by 2 days (67%), beyond rounding"
    )
    c = claim("The ship carried 400 tons of grain.", quantities=(q("400 tons"),))
    d = claim("The ship carried 900 tons of grain.", quantities=(q("900 tons"),))
    assert (
        compare_claims(c, d).reasons[0].note.startswith("400 tons vs 900 tons: differ by 500 tons")
    )


def test_an_open_bound_far_from_the_other_figure_is_not_within_rounding() -> None:
    text_a = "After more than six years of delays, the man was sentenced Thursday."
    text_b = "Rourke was sentenced Thursday to life plus 370 years."
    a = claim(text_a, quantities=(q("more than six years"),), times=(when("Thursday"),))
    b = claim(text_b, quantities=(q("370 years"),), times=(when("Thursday"),))
    result = compare_claims(a, b)
    assert result.status == "compatible"
    assert [r.kind for r in result.reasons] == ["detail"]
    assert result.reasons[0].note == (
        "6 years vs 370 years: only a bound (more than) joins them; likely different things"
    )
    # A vague plural still says roughly how many: "hundreds of" is not 2,000.
    c = claim("Hundreds of officers searched the city.", quantities=(q("hundreds of officers"),))
    d = claim("Police sent 300 officers to search the city.", quantities=(q("300 officers"),))
    e = claim("Police sent 2,000 officers to search the city.", quantities=(q("2,000 officers"),))
    assert "likely different things" not in compare_claims(c, d).reasons[0].note
    assert "likely different things" in compare_claims(c, e).reasons[0].note


def test_a_number_sizing_a_group_is_not_paired_with_a_count_in_another_role() -> None:
    text_a = "Okafor backed a plan to allow verdicts even when one or two jurors disagreed."
    text_b = "She would ask legislators to let an 11-juror majority decide a verdict."
    a = claim(text_a, quantities=quantities_in(text_a))
    b = claim(text_b, quantities=quantities_in(text_b))
    assert [x.text for x in b.quantities] == ["11-juror"]
    result = compare_claims(a, b)
    assert result.status != "conflict"
    assert {r.kind for r in result.reasons} == {"detail"}
    # Two groups sized the same way do pair.
    text_c = text_b.replace("11-juror", "eight-juror")
    c = claim(text_c, quantities=quantities_in(text_c))
    assert compare_claims(b, c).status == "conflict"


def test_hours_spent_within_a_span_of_days_are_not_one_figure() -> None:
    a = claim("After five days of talks, the negotiators gave up.", quantities=(q("five days"),))
    b = claim("The negotiators gave up after 40 hours of talks.", quantities=(q("40 hours"),))
    result = compare_claims(a, b)
    assert result.status != "conflict"
    assert "hours of it may fall within those days" in result.reasons[0].note
    c = claim("The negotiators gave up after 150 hours of talks.", quantities=(q("150 hours"),))
    assert compare_claims(a, c).status == "conflict"


def test_reasons_within_rounding_never_lead_or_join_a_conflict() -> None:
    text = "The missiles flew {} on {}."
    a = claim(
        text.format("up to 400 kilometers (250 miles)", "Oct. 31"),
        quantities=(q("up to 400 kilometers (250 miles)"),),
        times=(when("Oct. 31", "2024-11-05"),),
    )
    b = claim(
        text.format("around 400 kilometers (249 miles)", "Nov. 1"),
        quantities=(q("around 400 kilometers (249 miles)"),),
        times=(when("Nov. 1", "2024-11-05"),),
    )
    result = compare_claims(a, b)
    assert result.status == "conflict"
    assert [r.kind for r in result.reasons] == ["time", "hedge", "detail"]
    assert result.reasons[2].note == "250 mi vs 249 mi: both round 400 km"
    # Without the date, the same quantity reason makes the pair compatible.
    c = replace(a, times=())
    d = replace(b, times=())
    assert [r.kind for r in compare_claims(c, d).reasons] == ["quantity", "hedge"]


def test_hedge_on_one_side_only_names_that_side_and_its_words() -> None:
    a = claim("North Korea fired a missile that stayed airborne for a record time.")
    b = claim(
        "North Korea fired a missile that potentially stayed airborne for a record time.",
        hedges=("potentially",),
    )
    [reason] = compare_claims(a, b).reasons
    assert (reason.kind, reason.a, reason.b) == ("hedge", "", "potentially")
    assert reason.note == "only B hedges (potentially)"
    [reason] = compare_claims(b, a).reasons
    assert (reason.a, reason.b, reason.note) == ("potentially", "", "only A hedges (potentially)")
    c = replace(a, hedges=("reportedly",))
    assert compare_claims(c, b).reasons[0].note == "A hedges with reportedly, B with potentially"


def test_the_same_negation_read_from_different_clauses_is_no_conflict() -> None:
    a = claim("And I only want to add that I will not forget the kindness shown to my family.")
    b = claim("I will not forget the kindness shown to my family.", negated=True)
    result = compare_claims(a, b)
    assert result.status != "conflict"
    assert result.reasons[0].kind == "detail"


# --- words and features ---------------------------------------------------------------


def test_stems_merge_inflections_and_demonyms() -> None:
    assert stem("missiles") == stem("missile")
    assert stem("launched") == stem("launches") == stem("launch")
    assert stem("fired") == stem("fire") == stem("firing")
    assert stem("korean") == stem("korea")
    assert stem("japanese") == stem("japan")
    assert stem("presidential")[:6] == stem("president")[:6]


def test_content_terms_drop_stop_words_numbers_dates_and_keep_acronyms_apart() -> None:
    terms = content_terms("On Friday, the US said it fired 7 missiles at us in October.")
    assert terms == {"us.", stem("fired"), stem("missiles")}


def test_acronym_definitions_make_both_forms_match() -> None:
    acronyms = find_acronyms(["a new intercontinental ballistic missile (ICBM) was tested"])
    assert set(acronyms) == {"icbm."}
    short = content_terms("the world's strongest ICBM", acronyms)
    long = content_terms("an intercontinental ballistic missile flew", acronyms)
    assert "icbm." in short and "icbm." in long
    assert {stem("intercontinental"), stem("ballistic")} <= short


def test_generic_words_weigh_little_with_story_weights() -> None:
    story = [
        claim("North Korea fired a missile on Tuesday.", cid="1"),
        claim("North Korea's missile launch drew condemnation.", cid="2"),
        claim("North Korea defended its missile program at the UN.", cid="3"),
        claim("Kim Yo Jong accused North Korea's rivals of threats.", cid="4"),
    ]
    features = [claim_features(c) for c in story]
    weights = term_weights(features)
    assert weights("korea") < weights(stem("accused"))
    keys = blocking_keys(features[3], weights, limit=2)
    assert "korea" not in keys


def test_blocking_keys_of_restated_claims_overlap() -> None:
    a = claim_features(
        claim("The missiles were fired from North Hwanghae province, officials said.")
    )
    b = claim_features(claim("Officials said North Hwanghae province was the launch site."))
    assert blocking_keys(a) & blocking_keys(b)


# --- symmetry ----------------------------------------------------------------------------

_QUANTITY_TEXTS = (
    "7 missiles",
    "at least seven missiles",
    "11 missiles",
    "up to 400 kilometers (250 miles)",
    "around 400 kilometers (249 miles)",
    "249 miles",
    "500 kilometers",
    "about 10,000 troops",
    "up to 10,000 soldiers",
    "3,000 soldiers",
    "$2 million",
    "$2.5 million",
)
_TIME_TEXTS = ("Friday", "Thursday", "Oct. 31", "Nov. 1", "last week", "September", "2023")


@st.composite
def claims(draw: st.DrawFn, cid: str) -> Claim:
    words = draw(
        st.lists(
            st.sampled_from(
                ["Korea", "missile", "fired", "sea", "Japan", "troops", "Russia", "Kursk", "test"]
            ),
            min_size=3,
            max_size=8,
        )
    )
    quantities = tuple(q(t) for t in draw(st.lists(st.sampled_from(_QUANTITY_TEXTS), max_size=3)))
    published = draw(st.sampled_from([None, "2024-11-05"]))
    times = tuple(
        when(t, published) for t in draw(st.lists(st.sampled_from(_TIME_TEXTS), max_size=2))
    )
    source = draw(
        st.sampled_from(
            [None, "Gen Nakatani", "Nakatani", "South Korea's Joint Chiefs of Staff", "they"]
        )
    )
    kind = draw(st.sampled_from(["statement", "quote"]))
    return claim(
        " ".join(words) + ".",
        quantities=quantities,
        times=times,
        source=source,
        kind=kind,
        negated=draw(st.booleans()),
        hedges=tuple(draw(st.lists(st.sampled_from(["reportedly", "likely"]), max_size=1))),
        cid=cid,
    )


@settings(max_examples=200, deadline=None)
@given(claims("a"), claims("b"))
def test_comparison_is_symmetric(a: Claim, b: Claim) -> None:
    ab = compare_claims(a, b)
    ba = compare_claims(b, a)
    assert ab.score == ba.score
    assert ab.status == ba.status
    assert Counter((r.kind, r.a, r.b) for r in ab.reasons) == Counter(
        (r.kind, r.b, r.a) for r in ba.reasons
    )
    # Each direction words its notes for its own sides.
    for result in (ab, ba):
        for r in result.reasons:
            if r.note.startswith("only A "):
                assert r.a and r.a != "(unattributed)" and r.b in ("", "(unattributed)"), r
            if r.note.startswith("only B "):
                assert r.b and r.b != "(unattributed)" and r.a in ("", "(unattributed)"), r
