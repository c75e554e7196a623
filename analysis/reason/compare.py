"""Comparing two claims: how alike they are, and whether their facts agree.

The comparison works on :class:`~analysis.model.Claim` data alone (no model
call), so it is cheap enough to run on every candidate pair of two articles and
to reuse when claims of many articles are clustered into facts.

Two steps, kept apart:

1. *Similarity* (:func:`claim_similarity`): do the two claims speak of the same
   thing? A weighted Dice overlap of content-word stems, where each stem's
   weight is its inverse document frequency among the claims being compared
   (:class:`TermWeights`), so words every claim of the story shares ("North
   Korea", "missile") count for little; plus small bonuses for quantities of
   the same kind and for dates.
2. *Verdict* (:func:`compare_claims`): given that they do, are the facts the
   same (``agree``), the same up to precision, rounding, hedging or detail
   (``compatible``), or incompatible (``conflict``)? Quantities are compared in
   base units with a tolerance derived from how precisely each number is
   written and widened by its qualifier, and only with quantities of the same
   kind and role (an age is no duration; the "10-juror" of a majority is not
   "two jurors"); dates are compared as resolved intervals within their role
   (when it happened, when it was said, where a span ends), and a weekday with
   no date is checked against the other side's weekdays, or against its one
   date when it names none; opposite polarity and a quote given to different
   speakers are conflicts too.

Every difference found becomes a :class:`~analysis.model.Reason` saying what
differed and by how much; under a conflict, the reasons that make it come
first, and what differs only within rounding or precision is a ``detail``.
The comparison is symmetric: swapping ``a`` and ``b`` gives the same score and
status, with each reason's sides swapped and its note worded for them ("only B
hedges" becomes "only A hedges").

Why one module of some 1,450 lines: a verdict weighs quantities, dates,
weekdays, polarity, sources and hedges of one pair together (a date that
differs within rounding is a detail under a conflict of figures, and so on),
so the comparisons and the verdict that orders their reasons stay side by
side; the learnt parts live in :mod:`analysis.reason.pairing` and
:mod:`analysis.reason.assertion`, the wording in :mod:`analysis.reason.wording`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache
from typing import Literal

import numpy as np

from analysis.lexicon.calendar import CALENDAR_WORDS, WEEKDAYS
from analysis.lexicon.hedges import QUALIFIER_NAMES
from analysis.lexicon.numbers import NUMBER_WORDS
from analysis.lexicon.speech import ADDRESSING_VERBS, TELLING_VERBS, reported_forms
from analysis.lexicon.stop_words import CLAIM_STOP_WORDS
from analysis.lexicon.synonyms import SYNONYMS
from analysis.lexicon.units import UNIT_FACTORS, UNIT_SYMBOLS
from analysis.model import Claim, Quantity, Reason, TimeRef
from analysis.reason.assertion import (
    FEATURES,
    added_words,
    assertion_features,
    assertion_model,
    same_assertion,
)
from analysis.reason.wording import escape
from analysis.vectors import decode_vectors

Verdict = Literal["agree", "compatible", "conflict", "unrelated"]

# --- thresholds ------------------------------------------------------------------------
# Set on the sample pair (tests/gold/sample_alignment.json): the pairs a careful
# reader makes there score 0.26 to 0.92, the best-scoring wrong candidates 0.24
# and 0.25 (just below, as they fall short on the bonuses). In the perturbation
# suite (python -m evaluation.perturb) an untouched sentence scores ~1.0 against
# its copy and under 0.2 against sentences of other stories.
MATCH_THRESHOLD = 0.25
# Opposite polarity is only a conflict when the claims are close paraphrases;
# below this, "not" may belong to a different clause of a looser match.
POLARITY_MIN_SCORE = 0.5
# Bonuses added to the word overlap (only once the words already overlap a little).
_QUANTITY_SAME_BONUS = 0.12  # a quantity of the same kind and amount on both sides
_QUANTITY_KIND_BONUS = 0.05  # a quantity of the same kind, other amount
_TIME_SAME_BONUS = 0.1  # a date both sides give
_TIME_NEAR_BONUS = 0.1  # day-level dates a day or two apart: the pairs whose dates need checking
BONUS_MIN_OVERLAP = 0.12  # bonuses only count once the words overlap this much
MAX_BONUS = 0.25  # the most all bonuses together add
_NEAR_DAYS = 2
# A caption left after caption linking describes a photo ("A monitor displays
# ..."); matched against body text it is a weaker witness of the same fact.
_CAPTION_BODY_FACTOR = 0.6
# How far rounding alone may move a number: half a step of its last non-zero
# digit ("250" is 245-255), but never more than this share of it ("10,000" is
# not 5,000-15,000).
_ROUNDING_CAP = 0.05
# Two reports of one figure differ by less than this factor (see _far_apart).
_PLAUSIBLE_RATIO = 4.0
_SMALL_COUNT_GAP = 10
# Dates further apart than this are more likely of different events than a
# misdated one: such differences are shown, not called conflicts.
_CONFLICT_MAX_DAYS = {"day": 31, "week": 31, "month": 92}
# How far "about", "around", "nearly" widen a number, as a share of it.
_ABOUT_WIDTH = 0.10

# --- words ------------------------------------------------------------------------------


_STOP_WORDS = CLAIM_STOP_WORDS
_NUMBER_WORDS = NUMBER_WORDS
_TIME_WORDS = CALENDAR_WORDS
_SYNONYMS = SYNONYMS
_ACRONYM = re.compile(r"\b(?:[A-Z]\.){2,}|\b[A-Z][A-Z0-9]*[A-Z](?:s\b)?")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\d+(?:[.,]\d+)*")
_DEFINITION = re.compile(r"\(([A-Z][A-Za-z]{1,9}|(?:[A-Z]\.){2,})\)")


def _acronym_key(surface: str) -> str:
    letters = re.sub(r"[^A-Za-z0-9]", "", surface)
    if letters.endswith("s") and letters[:-1].isupper():
        letters = letters[:-1]  # "ICBMs"
    return letters.lower() + "."


def stem(word: str) -> str:
    """A crude, cheap stem of a lower-case word: "missiles" and "missile" -> "missil".

    Strips plural and verb endings, demonym endings ("Korean" -> "korea",
    "Japanese" -> "japan") and a final "e", then keeps eight letters, which
    merges most derivations ("presidential" and "president"). Stems only need
    to agree with each other; they are never shown.
    """
    w = word
    if len(w) > 4 and w.endswith("ies"):
        w = w[:-3] + "y"
    elif len(w) > 4 and w.endswith("sses"):
        w = w[:-2]
    elif len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    if len(w) > 5 and w.endswith("ing"):
        w = w[:-3]
    elif len(w) > 4 and w.endswith("ed"):
        w = w[:-2]
    if len(w) > 5 and w.endswith("ese"):
        w = w[:-3]
    elif len(w) > 5 and w.endswith("an"):
        w = w[:-1]
    if w.endswith("y") and len(w) > 3:
        w = w[:-1] + "i"
    if len(w) > 3 and w.endswith("e"):
        w = w[:-1]
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsz":
        w = w[:-1]
    return w[:8]


def content_terms(text: str, acronyms: Mapping[str, frozenset[str]] | None = None) -> set[str]:
    """The content-word stems of ``text``: no stop words, numbers, dates or reporting verbs.

    Acronyms are kept apart from words ("US" is not "us") and, when
    ``acronyms`` knows their expansion ("ICBM" -> intercontinental ballistic
    missile), the expansion's stems are added, so either form matches the other.
    """
    terms: set[str] = set()
    acronym_spans: list[tuple[int, int]] = []
    for m in _ACRONYM.finditer(text):
        surface = m.group(0)
        if len(re.sub(r"[^A-Za-z]", "", surface)) < 2:
            continue
        key = _acronym_key(surface)
        terms.add(key)
        if acronyms and key in acronyms:
            terms |= acronyms[key]
        acronym_spans.append((m.start(), m.end()))
    for m in _WORD.finditer(text):
        if any(s <= m.start() < e for s, e in acronym_spans):
            continue
        word = m.group(0).lower()
        word = re.sub(r"['’]s?$", "", word).replace("’", "'")
        if (
            not word
            or word[0].isdigit()
            or word in _STOP_WORDS
            or word in _NUMBER_WORDS
            or word in _TIME_WORDS
        ):
            continue
        word = _SYNONYMS.get(word, word)
        if len(word) < 2:
            continue
        terms.add(stem(word))
    if acronyms:
        # The expansion spelled out stands for the acronym too.
        terms.update(key for key, expansion in acronyms.items() if expansion <= terms)
    return terms


def find_acronyms(texts: Iterable[str]) -> dict[str, frozenset[str]]:
    """Acronyms defined in ``texts`` ("intercontinental ballistic missile (ICBM)").

    Returns the acronym's key mapped to the stems of its expansion. The
    expansion is found the Schwartz-Hearst way: the acronym's letters matched
    backwards in the words before the parenthesis, the first letter starting a
    word.
    """
    found: dict[str, frozenset[str]] = {}
    for text in texts:
        for m in _DEFINITION.finditer(text):
            letters = re.sub(r"[^A-Za-z]", "", m.group(1))
            capitals = sum(ch.isupper() for ch in letters)
            if capitals < 2 or capitals * 2 < len(letters):
                continue  # "(Bloomberg)" names an outlet, it defines no acronym
            before = text[max(0, m.start() - 120) : m.start()].split()
            words = before[-(len(letters) + 3) :]
            expansion = _expansion(letters.lower(), [w.strip(",;:") for w in words])
            if expansion:
                found[_acronym_key(m.group(1))] = frozenset(content_terms(" ".join(expansion))) - {
                    ""
                }
    return found


def _expansion(letters: str, words: list[str]) -> list[str] | None:
    text = " ".join(words).lower()
    i, j = len(letters) - 1, len(text) - 1
    while i >= 0:
        ch = letters[i]
        while j >= 0 and (text[j] != ch or (i == 0 and j > 0 and text[j - 1].isalnum())):
            j -= 1
        if j < 0:
            return None
        i -= 1
        j -= 1
    start = text.rfind(" ", 0, j + 1) + 1
    phrase = text[start:].split()
    if len(phrase) > len(letters) + 2 or len(phrase) < 2:
        return None
    return phrase


# --- features and weights -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class QuantityStatement:
    """One way a quantity is stated: its value and unit as written, and in base units."""

    value: float
    unit: str | None
    base_low: float
    base_high: float
    base_value: float


@dataclass(frozen=True, slots=True)
class QuantityFacts:
    """A quantity prepared for comparison: its kind and every statement of it."""

    quantity: Quantity
    kind: str
    statements: tuple[QuantityStatement, ...]


@dataclass(frozen=True, slots=True)
class TimeFacts:
    """A time reference as a closed interval of days (or only a weekday, when unresolved)."""

    ref: TimeRef
    granularity: str
    first: date | None
    last: date | None
    weekday: int | None
    # A month and day written without a year, unresolved for want of a publication date.
    month_day: tuple[int, int] | None = None
    # The date names an event by a noun ("the June 4, 2019, outage"), rather
    # than saying when the claim's own action happened.
    names_event: bool = False
    # What the date says of the claim: when its event happened ("event"), when it
    # was said ("police said Saturday": "telling"), or where a span ends or starts
    # ("until 5 a.m. Saturday", "since Monday": "bound").
    role: str = "event"


@dataclass(frozen=True, slots=True)
class ClaimFeatures:
    """What comparing a claim needs, computed once per claim.

    ``terms`` are content-word stems; ``kinds`` the kinds of its quantities
    ("count:soldier", "meter"); ``days`` its resolved day-level dates.
    """

    claim: Claim
    terms: frozenset[str]
    quantities: tuple[QuantityFacts, ...]
    times: tuple[TimeFacts, ...]
    kinds: frozenset[str]
    days: frozenset[date]
    source_terms: frozenset[str]
    # The glossary entity of who says it, when the glossary links the attribution.
    speaker: str | None = None
    # The claim's unit sentence embedding, when analysis stored one.
    vector: np.ndarray | None = field(default=None, compare=False)


def claim_features(
    claim: Claim,
    *,
    published: str | None = None,
    acronyms: Mapping[str, frozenset[str]] | None = None,
    speaker: str | None = None,
) -> ClaimFeatures:
    """The features of one claim, for :func:`claim_similarity` and :func:`compare_features`.

    ``published`` (ISO date) resolves time expressions the extractor left
    unresolved; ``acronyms`` (from :func:`find_acronyms`) expands acronyms;
    ``speaker`` is the glossary entity of who says it (:mod:`analysis.reason.speakers`).
    Pure and cheap: regular expressions over the claim's text and fields.
    """
    quantities = tuple(_quantity_facts(q) for q in claim.quantities)
    times = tuple(
        replace(
            t,
            names_event=t.first is not None and _names_event(claim, ref),
            role=_time_role(claim, ref),
        )
        for ref in claim.times
        if (t := _time_facts(ref, published)) is not None
    )
    days = frozenset(t.first for t in times if t.granularity == "day" and t.first is not None)
    source = claim.attribution.source if claim.attribution else None
    return ClaimFeatures(
        claim=claim,
        terms=frozenset(content_terms(claim.text, acronyms)),
        quantities=quantities,
        times=times,
        kinds=frozenset(q.kind for q in quantities),
        days=days,
        source_terms=frozenset(content_terms(source)) if source else frozenset(),
        speaker=speaker,
        vector=decode_vectors([claim.vector])[0] if claim.vector else None,
    )


@dataclass(frozen=True, slots=True)
class TermWeights:
    """Inverse document frequencies of terms over a collection of claims.

    A term found in few claims says more about what a claim is about than one
    found in most of them. Terms the collection never saw weigh ``default``.
    """

    weights: Mapping[str, float] = field(default_factory=dict)
    default: float = 1.0

    def __call__(self, term: str) -> float:
        return self.weights.get(term, self.default)

    def total(self, terms: Iterable[str]) -> float:
        """The summed weight of ``terms``."""
        get, default = self.weights.get, self.default
        return sum(get(t, default) for t in terms)


def term_weights(features: Iterable[ClaimFeatures]) -> TermWeights:
    """IDF weights of the terms of ``features``: log((N + 1) / (df + 0.5))."""
    df: dict[str, int] = {}
    n = 0
    for f in features:
        n += 1
        for t in f.terms:
            df[t] = df.get(t, 0) + 1
    weights = {t: math.log((n + 1) / (c + 0.5)) for t, c in df.items()}
    return TermWeights(weights, default=math.log((n + 1) / 0.5) if n else 1.0)


def blocking_keys(
    features: ClaimFeatures, weights: TermWeights | None = None, *, limit: int = 6
) -> frozenset[str]:
    """Keys under which to index a claim so that likely matches share at least one.

    The ``limit`` most distinctive terms (by weight, then alphabetically),
    plus one key per quantity kind and per resolved day. Two claims that state
    the same fact nearly always share one of their rarest words; indexing by
    these keys finds candidate pairs without comparing every claim with every
    other one.
    """
    w = weights or TermWeights()
    terms = sorted(features.terms, key=lambda t: (-w(t), t))[:limit]
    keys = set(terms)
    keys.update(f"qty:{k}" for k in features.kinds)
    keys.update(f"day:{d.isoformat()}" for d in features.days)
    return frozenset(keys)


# --- similarity -------------------------------------------------------------------------------


def word_overlap(fa: ClaimFeatures, fb: ClaimFeatures, weights: TermWeights) -> float:
    """Weighted Dice overlap of the two claims' terms, 0..1."""
    total = weights.total(fa.terms) + weights.total(fb.terms)
    if total <= 0:
        return 0.0
    return 2.0 * weights.total(fa.terms & fb.terms) / total


def claim_similarity(
    fa: ClaimFeatures, fb: ClaimFeatures, weights: TermWeights, overlap: float | None = None
) -> float:
    """How likely two claims state the same fact, 0..1 (see the module docstring).

    ``overlap`` is :func:`word_overlap`, when the caller already has it.
    """
    if overlap is None:
        overlap = word_overlap(fa, fb, weights)
    score = overlap
    if overlap >= BONUS_MIN_OVERLAP:
        score += min(_fact_bonus(fa, fb), MAX_BONUS)
    if (fa.claim.block_role == "caption") != (fb.claim.block_role == "caption"):
        score *= _CAPTION_BODY_FACTOR
    return min(1.0, score)


def _fact_bonus(fa: ClaimFeatures, fb: ClaimFeatures) -> float:
    """Evidence from structured facts: quantities of one kind, dates on or near one day."""
    bonus = 0.0
    for kind in fa.kinds & fb.kinds:
        qa = [q for q in fa.quantities if q.kind == kind]
        qb = [q for q in fb.quantities if q.kind == kind]
        if any(_quantities_compatible(x, y) for x in qa for y in qb):
            bonus += _QUANTITY_SAME_BONUS
        else:
            bonus += _QUANTITY_KIND_BONUS
    if fa.days and fb.days:
        if fa.days & fb.days:
            bonus += _TIME_SAME_BONUS
        elif any(abs((x - y).days) <= _NEAR_DAYS for x in fa.days for y in fb.days):
            bonus += _TIME_NEAR_BONUS
    return bonus


# --- quantities -------------------------------------------------------------------------------

# Factors to base units for the units the quantity finder knows, so comparing
# restatements never needs to load pint; anything else falls back to pint.
_UNIT_FACTORS = UNIT_FACTORS
_UNIT_SYMBOLS = UNIT_SYMBOLS
_UPPER = ("up_to", "at_most", "less_than")
_LOWER = ("at_least", "more_than")


def _rounding_step(value: float) -> float:
    """The place value of the last significant digit of a number as written."""
    v = abs(value)
    if v == 0 or not math.isfinite(v):
        return 1.0
    if v != round(v):
        # decimals: "1.5" is precise to 0.1
        for places in range(1, 7):
            if abs(v * 10**places - round(v * 10**places)) < 1e-6:
                return float(10**-places)
        return 1e-6
    n = round(v)
    step = 1
    while n % 10 == 0 and n >= 10:
        n //= 10
        step *= 10
    return float(step)


def _half_width(value: float) -> float:
    return min(_rounding_step(value) / 2, _ROUNDING_CAP * abs(value)) or 0.5


def _factor(q: Quantity, unit: str | None) -> float:
    if unit == q.unit:
        return q.base_value / q.value if q.value else 1.0
    if unit in _UNIT_FACTORS:
        return _UNIT_FACTORS[unit]
    from analysis.extract.quantities import base_amounts  # pint, only for units not listed above

    for (v, _), (alt_v, alt_u) in zip(base_amounts(q)[1:], q.alternates, strict=False):
        if alt_u == unit and alt_v:
            return v / alt_v
    return 1.0


# "10-juror majority", "12-member panel": a number glued to its noun by a hyphen
# sizes the noun after it (the majority, the panel). "Two jurors" on the other
# side count people in another role, so the two are kinds apart.
_SIZE_MODIFIER = re.compile(r"[^\W_]-[^\W\d_]+$")
# Vague plurals ("hundreds of", "dozens of") are lower bounds that still say
# roughly how many: "hundreds" of people are fewer than ten times a hundred.
_VAGUE_PLURAL = re.compile(
    r"^(?:(?:tens|hundreds)\s+of\s+)?(?:dozens|scores|hundreds|thousands|millions|billions)\b",
    re.IGNORECASE,
)
_VAGUE_RATIO = 10.0


def _quantity_kind(q: Quantity) -> str:
    if q.unit is None:
        counted = q.base_unit or q.counted
        if not counted:
            return "count:?"
        word = counted.lower()
        kind = "count:" + stem(_SYNONYMS.get(word, _SYNONYMS.get(word + "s", word)))
        return kind + ":size" if _SIZE_MODIFIER.search(q.text) else kind
    return q.base_unit or q.unit


def _quantity_facts(q: Quantity) -> QuantityFacts:
    statements = []
    pairs: list[tuple[float, str | None]] = [(q.value, q.unit)]
    if q.unit is not None:
        pairs += [(v, u) for v, u in q.alternates if not u.isupper() or u == q.unit]
    for value, unit in pairs:
        factor = _factor(q, unit)
        half = _half_width(value)
        if q.qualifier == "about":
            half += _ABOUT_WIDTH * abs(value)
        low, high = (value - half) * factor, (value + half) * factor
        if q.qualifier in _LOWER:
            high = math.inf
        elif q.qualifier in _UPPER:
            low = min(0.0, low)
        statements.append(QuantityStatement(value, unit, low, high, value * factor))
    return QuantityFacts(q, _quantity_kind(q), tuple(statements))


def _direction(q: Quantity) -> int:
    return 1 if q.qualifier in _LOWER else -1 if q.qualifier in _UPPER else 0


def _statements_compatible(
    a: QuantityStatement, b: QuantityStatement, qa: Quantity, qb: Quantity
) -> bool:
    # Intervals that only touch are apart: "37" covers 36.5-37.5 and "38" 37.5-38.5,
    # but neither figure is a rounding of the other.
    eps = 1e-9 * max(1.0, abs(a.base_value), abs(b.base_value))
    if _direction(qa) != 0 and _direction(qa) == _direction(qb):
        # "at least 3" and "at least 5" overlap as intervals, but they report
        # different figures: compare the figures themselves.
        fa, fb = a.base_value, b.base_value
        slack = _half_width(a.value) * abs(fa / a.value if a.value else 1) + _half_width(
            b.value
        ) * abs(fb / b.value if b.value else 1)
        return abs(fa - fb) < slack - eps
    return a.base_low < b.base_high - eps and b.base_low < a.base_high - eps


def _quantities_compatible(a: QuantityFacts, b: QuantityFacts) -> bool:
    return any(
        _statements_compatible(x, y, a.quantity, b.quantity)
        for x in a.statements
        for y in b.statements
    )


def _format_number(value: float) -> str:
    if value == round(value) and abs(value) < 1e15:
        return f"{round(value):,}"
    return f"{value:,.6g}"


def _format_statement(s: QuantityStatement, q: Quantity) -> str:
    """A statement of a quantity as a note shows it: "400 km", "7 missiles", "3 years"."""
    from analysis.extract.quantities import count_noun, unit_label

    number = _format_number(s.value)
    if s.unit is None:
        noun = count_noun(q, s.value)
        return f"{number} {noun}" if noun else number
    if s.unit.isupper():
        return f"{s.unit} {number}"
    symbol = _UNIT_SYMBOLS.get(s.unit)
    if symbol is not None:
        return f"{number}{'' if symbol == '%' else ' '}{symbol}"
    return f"{number} {unit_label(s.unit, s.value)}"


def _format_difference(value: float, unit: str | None, q: Quantity) -> str:
    """How far apart two statements are: "4 missiles", "1 year" (of two ages, not "1 year old")."""
    text = _format_statement(QuantityStatement(value, unit, 0, 0, 0), q)
    return text.removesuffix(" old")


def _gap(a: QuantityFacts, b: QuantityFacts) -> float:
    """Relative distance of the closest statements of two quantities."""
    best = math.inf
    for x in a.statements:
        for y in b.statements:
            scale = max(abs(x.base_value), abs(y.base_value))
            d = abs(x.base_value - y.base_value) / scale if scale else 0.0
            best = min(best, d)
    return best


def _pair_quantities(
    qa: Sequence[QuantityFacts], qb: Sequence[QuantityFacts]
) -> tuple[list[tuple[QuantityFacts, QuantityFacts]], list[QuantityFacts], list[QuantityFacts]]:
    """Pair the quantities of two claims, same kind only, closest amounts first."""
    candidates = sorted(
        (
            (_gap(x, y), min(x.quantity.start, y.quantity.start), i, j)
            for i, x in enumerate(qa)
            for j, y in enumerate(qb)
            if x.kind == y.kind
        ),
    )
    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs = []
    for _, _, i, j in candidates:
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        pairs.append((qa[i], qb[j]))
    pairs.sort(key=lambda p: p[0].quantity.start)
    rest_a = [q for i, q in enumerate(qa) if i not in used_a]
    rest_b = [q for j, q in enumerate(qb) if j not in used_b]
    return pairs, rest_a, rest_b


def _qualifier_phrase(q: Quantity) -> str:
    from analysis.extract.quantities import qualifier_phrase

    return qualifier_phrase(q) or QUALIFIER_NAMES[q.qualifier]


def _far_apart(kind: str, diff: float, smaller: float, same_unit_diff: float | None) -> bool:
    """Whether two amounts differ too much to be two reports of one figure.

    Outlets disagree on a toll or a distance by a few tens of percent, rarely
    by a factor of four or more; amounts that far apart ("10 killed" against
    the "26,000 killed" of an earlier disaster) are of different things. Small
    counts are the exception: "at least 3" and "at least 10" dead is a real
    discrepancy.
    """
    if smaller > 0 and (smaller + diff) / smaller <= _PLAUSIBLE_RATIO:
        return False
    return not (kind.startswith("count:") and diff <= _SMALL_COUNT_GAP)


# A duration in calendar units spans days; one in clock units totals time spent:
# "30 hours over five days" is one report, not two readings of one figure.
_CALENDAR_UNITS = frozenset({"day", "week", "month", "year", "decade", "century"})
_CLOCK_UNITS = frozenset({"second", "minute", "hour"})


def _hours_within_days(x: QuantityStatement, y: QuantityStatement) -> bool:
    """Whether a clock-time total ("30 hours") fits within a calendar span ("four days")."""
    if x.unit in _CALENDAR_UNITS and y.unit in _CLOCK_UNITS:
        return y.base_low < x.base_high
    if y.unit in _CALENDAR_UNITS and x.unit in _CLOCK_UNITS:
        return x.base_low < y.base_high
    return False


def _open_bound_far_apart(a: QuantityFacts, b: QuantityFacts) -> bool:
    """Two amounts that only an open bound makes compatible, yet too far apart to be one figure.

    "more than six years" admits "370 years", and "up to 400 km" admits 4 km,
    but a report of one figure would not state it so far from the other's.
    """
    sa, sb = _closest(a, b)
    low, high = sorted((abs(sa.base_value), abs(sb.base_value)))
    if low == 0:
        return False
    lower = a if abs(sa.base_value) == low else b
    if _VAGUE_PLURAL.match(lower.quantity.text) and high / low <= _VAGUE_RATIO:
        return False
    return _far_apart(a.kind, high - low, low, None)


def _compare_quantity(a: QuantityFacts, b: QuantityFacts) -> list[tuple[Reason, bool]]:
    """Reasons for one pair of same-kind quantities, each with whether it is a conflict."""
    qa, qb = a.quantity, b.quantity
    if not _quantities_compatible(a, b):
        sa, sb = _closest(a, b)
        diff = abs(sa.base_value - sb.base_value)
        scale = max(abs(sa.base_value), abs(sb.base_value)) or 1.0
        diff_text = _format_difference(diff / _factor(qa, sa.unit), sa.unit, qa)
        values = _values(_format_statement(sa, qa), _format_statement(sb, qb))
        smaller = min(abs(sa.base_value), abs(sb.base_value))
        if _far_apart(a.kind, diff, smaller, sa.value - sb.value if sa.unit == sb.unit else None):
            note = "{av} vs {bv}: too far apart to be one figure reported twice"
            note += "; likely different things"
            return [(Reason("detail", qa.text, qb.text, template=note, **values), False)]
        if _hours_within_days(sa, sb):
            note = "{av} vs {bv}: hours of it may fall within those days (not one figure)"
            return [(Reason("detail", qa.text, qb.text, template=note, **values), False)]
        note = "{av} vs {bv}: differ by " + escape(f"{diff_text} ({diff / scale:.0%})")
        note += ", beyond rounding"
        if qa.qualifier != qb.qualifier:
            note += " and hedges"
        reason = Reason(
            "quantity",
            qa.text,
            qb.text,
            template=note,
            difference=diff_text,
            unit=sa.unit or "",
            **values,
        )
        return [(reason, True)]
    if _open_bound_far_apart(a, b):
        sa, sb = _closest(a, b)
        bound = escape(_qualifier_phrase(qa if qa.qualifier != "exact" else qb))
        note = "{av} vs {bv}: only a bound (" + bound + ") joins them; likely different things"
        values = _values(_format_statement(sa, qa), _format_statement(sb, qb))
        return [(Reason("detail", qa.text, qb.text, template=note, **values), False)]
    # Compatible: say which statements differ and why that is fine.
    reasons: list[Reason] = []
    by_unit_a = {s.unit: s for s in a.statements}
    by_unit_b = {s.unit: s for s in b.statements}
    shared_units = [u for u in by_unit_a if u in by_unit_b]
    differing = [u for u in shared_units if by_unit_a[u].value != by_unit_b[u].value]
    equal = [u for u in shared_units if by_unit_a[u].value == by_unit_b[u].value]
    for unit in differing:
        sa, sb = by_unit_a[unit], by_unit_b[unit]
        values = _values(_format_statement(sa, qa), _format_statement(sb, qb))
        if equal:
            note = "{av} vs {bv}: both round " + escape(_format_statement(by_unit_a[equal[0]], qa))
        elif qa.qualifier != "exact" or qb.qualifier != "exact":
            note = "{av} vs {bv}: within rounding and hedges"
        else:
            note = "{av} vs {bv}: within rounding"
        reasons.append(Reason("quantity", qa.text, qb.text, template=note, **values))
    if not shared_units:
        sa, sb = _closest(a, b)
        values = _values(_format_statement(sa, qa), _format_statement(sb, qb))
        note = "{av} vs {bv}: the same amount in other units"
        reasons.append(Reason("quantity", qa.text, qb.text, template=note, **values))
    if qa.qualifier != qb.qualifier:
        pa, pb = _qualifier_phrase(qa), _qualifier_phrase(qb)
        note = "{av} vs {bv}: both allow the same amount"
        reasons.append(Reason("hedge", qa.text, qb.text, template=note, **_values(pa, pb)))
    return [(r, False) for r in reasons]


def _closest(a: QuantityFacts, b: QuantityFacts) -> tuple[QuantityStatement, QuantityStatement]:
    def key(pair: tuple[QuantityStatement, QuantityStatement]) -> tuple[int, float]:
        x, y = pair
        scale = max(abs(x.base_value), abs(y.base_value)) or 1.0
        return (0 if x.unit == y.unit else 1, abs(x.base_value - y.base_value) / scale)

    return min(((x, y) for x in a.statements for y in b.statements), key=key)


# --- times --------------------------------------------------------------------------------

_WEEKDAY_NAMES = tuple(day.capitalize() for day in WEEKDAYS)
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")


def _interval(value: str) -> tuple[date, date] | None:
    parts = value.split("/")
    if len(parts) == 2:
        first, last = _interval(parts[0]), _interval(parts[1])
        return (first[0], last[1]) if first and last else None
    try:
        if m := _DAY.match(value):
            d = date(int(m[1]), int(m[2]), int(m[3]))
            return d, d
        if m := _MONTH.match(value):
            y, mo = int(m[1]), int(m[2])
            nxt = date(y + (mo == 12), mo % 12 + 1, 1)
            return date(y, mo, 1), nxt - timedelta(days=1)
        if m := _YEAR.match(value):
            return date(int(m[1]), 1, 1), date(int(m[1]), 12, 31)
    except ValueError:
        return None
    return None


def _weekday_number(name: str | None) -> int | None:
    if not name:
        return None
    key = name.strip().lower()[:3]
    for i, day in enumerate(_WEEKDAY_NAMES):
        if day.lower().startswith(key):
            return i
    return None


def _time_facts(ref: TimeRef, published: str | None) -> TimeFacts | None:
    if ref.value is None and published:
        from analysis.extract.times import parse_published, resolve_time

        resolved = resolve_time(ref.text, parse_published(published))
        if resolved.value is not None:
            ref = TimeRef(
                ref.text, resolved.value, resolved.granularity, ref.start, ref.end, ref.weekday
            )
    weekday = _weekday_number(ref.weekday)
    if ref.value is None:
        month_day = _month_day(ref)
        if weekday is None and month_day is None:
            return None
        return TimeFacts(ref, "weekday", None, None, weekday, month_day)
    span = _interval(ref.value)
    if span is None:
        return None
    granularity = ref.granularity
    if granularity not in ("day", "week", "month", "year"):
        days = (span[1] - span[0]).days
        granularity = (
            "day" if days == 0 else "week" if days < 28 else "month" if days < 360 else "year"
        )
    if "/" in ref.value and granularity == "year" and span[0].year != span[1].year:
        granularity = "years"
    return TimeFacts(ref, granularity, span[0], span[1], weekday)


def _month_day(ref: TimeRef) -> tuple[int, int] | None:
    """(month, day) of "by May 9" or "Oct. 31" written without a year, else ``None``."""
    if ref.granularity != "day":
        return None
    from analysis.extract.times import resolve_time

    # A leap year, so that "Feb. 29" still reads as a day; the year itself is never shown.
    probe = resolve_time(ref.text, None, year=_YEARLESS)
    if probe.value is None or not probe.value.startswith(f"{_YEARLESS}-"):
        return None
    day = date.fromisoformat(probe.value)
    return day.month, day.day


_YEARLESS = 2000


def _yearless_gap(x: tuple[int, int], y: tuple[int, int]) -> int:
    """Days between two month-days, the shorter way round the year."""
    gap = abs((date(_YEARLESS, *x) - date(_YEARLESS, *y)).days)
    return min(gap, 366 - gap)


def _compare_month_days(
    ta: Sequence[TimeFacts], tb: Sequence[TimeFacts]
) -> tuple[list[Reason], bool, bool]:
    """Yearless month-days ("by May 9") against month-days or dates on the other side.

    Returns the reasons, whether they conflict, and whether anything was compared.
    """
    for mine, theirs, flip in ((ta, tb, False), (tb, ta, True)):
        yearless = [t for t in mine if t.month_day is not None]
        if not yearless:
            continue
        others: list[tuple[TimeFacts, tuple[int, int]]] = []
        for t in theirs:
            if t.month_day is not None:
                others.append((t, t.month_day))
            elif t.first is not None and t.granularity == "day":
                others.append((t, (t.first.month, t.first.day)))
        if not others:
            continue
        gaps = sorted(
            (_yearless_gap(x.month_day, md), i, j)
            for i, x in enumerate(yearless)
            if x.month_day is not None
            for j, (_, md) in enumerate(others)
        )
        gap, i, j = gaps[0]
        if gap == 0:
            return [], False, True
        x, y = yearless[i], others[j][0]
        unit = "day" if gap == 1 else "days"
        note = "{av} vs {bv}: " + f"{gap} {unit} apart (no year given)"
        first, second = (_describe_time(y), x.ref.text) if flip else (x.ref.text, _describe_time(y))
        values = _values(y.ref.text, x.ref.text) if flip else _values(x.ref.text, y.ref.text)
        values.update(difference=f"{gap} {unit}", unit="day")
        if gap > _CONFLICT_MAX_DAYS["day"]:
            note += "; likely dates of different events"
            return [Reason("detail", first, second, template=note, **values)], False, True
        return [Reason("time", first, second, template=note, **values)], True, True
    return [], False, False


def _describe_time(t: TimeFacts) -> str:
    if t.first is None:
        return t.ref.text
    if t.first == t.last:
        return f"{t.ref.text} ({t.first.isoformat()}, {_WEEKDAY_NAMES[t.first.weekday()]})"
    return f"{t.ref.text} ({t.ref.value})"


def _overlap(x: TimeFacts, y: TimeFacts) -> bool:
    assert x.first and x.last and y.first and y.last
    return x.first <= y.last and y.first <= x.last


def _gap_days(x: TimeFacts, y: TimeFacts) -> int:
    """Days between two intervals, 0 when they overlap."""
    assert x.first and x.last and y.first and y.last
    if x.first <= y.last and y.first <= x.last:
        return 0
    return min(abs((x.first - y.last).days), abs((y.first - x.last).days))


def _pair_times(
    xs: Sequence[TimeFacts], ys: Sequence[TimeFacts]
) -> list[tuple[TimeFacts, TimeFacts]]:
    """Pair the dates of two claims one-to-one, closest first.

    "from April 3 to May 21" against "from April 6 to May 21":
    May 21 pairs with itself, April 3 with April 6, which then conflict.
    """
    candidates = sorted(
        ((_gap_days(x, y), i, j) for i, x in enumerate(xs) for j, y in enumerate(ys)),
    )
    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs = []
    for _, i, j in candidates:
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        pairs.append((xs[i], ys[j]))
    return pairs


def _compare_times(ta: Sequence[TimeFacts], tb: Sequence[TimeFacts]) -> list[tuple[Reason, bool]]:
    """Reasons about the two claims' dates, each with whether it is a conflict.

    Dates are compared within their role (see TimeFacts): when each side was
    said only with when the other was ("police said Saturday" against "said
    Friday"), the end of a span with the end of a span; dates of what happened
    with each other. Only those say that one side alone dates the claim.
    """
    found = _compare_time_sets(
        [t for t in ta if t.role == "event"], [t for t in tb if t.role == "event"]
    )
    for role in ("telling", "bound"):
        mine = [t for t in ta if t.role == role]
        theirs = [t for t in tb if t.role == role]
        if mine and theirs:
            found += _compare_time_sets(mine, theirs)
    return found


def _compare_time_sets(
    ta: Sequence[TimeFacts], tb: Sequence[TimeFacts]
) -> list[tuple[Reason, bool]]:
    """Reasons about two sets of dates of the same role (see :func:`_compare_times`)."""
    found: list[tuple[Reason, bool]] = []
    resolved_a = [t for t in ta if t.first is not None]
    resolved_b = [t for t in tb if t.first is not None]
    compared = False
    for granularity in ("day", "week", "month", "year"):
        xs = [t for t in resolved_a if t.granularity == granularity]
        ys = [t for t in resolved_b if t.granularity == granularity]
        if not xs or not ys:
            continue
        compared = True
        for x, y in _pair_times(xs, ys):
            if _overlap(x, y):
                if granularity == "day" and _stated_weekdays_differ(x, y):
                    found.append((_weekday_mismatch(x, y), True))
                continue
            assert x.first and y.first
            apart = abs((x.first - y.first).days)
            unit = "day" if apart == 1 else "days"
            note = "{av} vs {bv}: " + f"{apart} {unit} apart"
            if granularity == "day":
                note += escape(_weekday_remark(x, y) or _weekday_remark(y, x))
            values = _values(x.ref.value or "", y.ref.value or "")
            values.update(difference=f"{apart} {unit}", unit="day")
            dx, dy = _describe_time(x), _describe_time(y)
            if apart > _CONFLICT_MAX_DAYS.get(granularity, -1):
                note += "; likely dates of different events"
                found.append((Reason("detail", dx, dy, template=note, **values), False))
                continue
            found.append((Reason("time", dx, dy, template=note, **values), True))
    weekday_found, weekday_compared = _compare_weekdays(ta, tb)
    found += weekday_found
    compared = compared or weekday_compared
    conflict = any(clash for _, clash in found)
    if not conflict:
        yearless_reasons, conflict, yearless_compared = _compare_month_days(ta, tb)
        found += [(r, conflict) for r in yearless_reasons]
        compared = compared or yearless_compared
    if not conflict and resolved_a and resolved_b and not compared:
        # Different precision ("last week" against "Oct. 29"): fine if one holds the other.
        x, y = resolved_a[0], resolved_b[0]
        values = _values(x.ref.value or "", y.ref.value or "")
        dx, dy = _describe_time(x), _describe_time(y)
        if _overlap(x, y):
            note = "{av} vs {bv}: one holds the other (precision differs)"
            found.append((Reason("time", dx, dy, template=note, **values), False))
        else:
            note = (
                "{av} vs {bv}: dates of different precision that do "
                "not overlap; perhaps of different events"
            )
            found.append((Reason("detail", dx, dy, template=note, **values), False))
    if not conflict and bool(ta) != bool(tb):
        only = ta or tb
        text = "; ".join(_describe_time(t) for t in only)
        note = "only {A} dates it: {a}" if ta else "only {B} dates it: {b}"
        reason = Reason("detail", text if ta else "", text if tb else "", template=note)
        found.append((reason, False))
    return found


# A date right after a determiner or a possessive modifies a noun: "the March 11,
# 2005, incident", "last year's Oct. 31 test".
_BEFORE_EVENT_NAME = re.compile(r"(?:\b(?:the|a|an|this|that|its|his|her|their)|['’]s)\s+$", re.I)
# A date right after a reporting verb dates the telling: "said Saturday", "said in
# a statement on Tuesday", "told reporters Monday". After anything else ("claimed
# the test on Oct. 31") the date is of what was said.
_BEFORE_TELLING = re.compile(
    rf"\b(?:(?:{'|'.join(reported_forms(TELLING_VERBS))})"
    r"(?:\s+(?:in\s+an?\s+\w+|at\s+an?(?:\s+\w+){1,2}|here|there|late|early|to\s+reporters))?"
    rf"|(?:{'|'.join(reported_forms(ADDRESSING_VERBS))})(?:\s+[\w.'’]+){{1,4}}?)\s+(?:on\s+)?$",
    re.I,
)
# A date right after "until", "since" or "through" (a clock time may stand between)
# bounds a span: "until about 4 a.m. Tuesday", "through Friday".
_BEFORE_BOUND = re.compile(
    r"\b(?:until|till|through|since)(?:\s+(?:about|around|early|late|noon|midnight"
    r"|[\d:.]+|[ap]\.?m\.?))*\s+(?:on\s+)?$",
    re.I,
)


def _text_before(claim: Claim, ref: TimeRef, width: int) -> str | None:
    """Up to ``width`` characters of ``claim``'s text before ``ref``, if its offsets fit."""
    offset = ref.start - claim.start
    if not 0 <= offset <= len(claim.text) or not claim.text.startswith(ref.text, offset):
        return None  # offsets of another text: nothing to read around the date
    return claim.text[max(0, offset - width) : offset]


def _names_event(claim: Claim, ref: TimeRef) -> bool:
    """Whether the date ``ref`` of ``claim`` stands before a noun it dates (see TimeFacts)."""
    before = _text_before(claim, ref, 12)
    return before is not None and bool(_BEFORE_EVENT_NAME.search(before))


def _time_role(claim: Claim, ref: TimeRef) -> str:
    """What the date ``ref`` says of ``claim``: "event", "telling" or "bound" (see TimeFacts)."""
    before = _text_before(claim, ref, 60)
    if before is None:
        return "event"
    if _BEFORE_TELLING.search(before):
        return "telling"
    if _BEFORE_BOUND.search(before):
        return "bound"
    return "event"


def _loose_weekdays(times: Sequence[TimeFacts]) -> list[TimeFacts]:
    """Weekdays stated with no date to them ("was sentenced Saturday", no publication date)."""
    return [t for t in times if t.first is None and t.weekday is not None]


def _named_weekdays(times: Sequence[TimeFacts]) -> set[int]:
    """Every weekday a claim names or implies: loose weekdays, stated ones, those of its days."""
    named = {t.weekday for t in times if t.weekday is not None}
    named |= {t.first.weekday() for t in times if t.granularity == "day" and t.first is not None}
    return named


def _compare_weekdays(
    ta: Sequence[TimeFacts], tb: Sequence[TimeFacts]
) -> tuple[list[tuple[Reason, bool]], bool]:
    """Weekdays with no date to them against what the other claim says of the day.

    A weekday the other side names too (loose, stated with a date, or the
    weekday of one of its dates) is consistent: "sentenced Saturday" against
    "sentenced Saturday morning ... for the thefts of June 3, 2027" agrees,
    whatever day June 3 was. Two loose weekdays that share nothing conflict.
    A loose weekday is checked against a date only when the date is plausibly
    of the same event: the other claim names no weekday and has that one day.
    Returns the reasons, each with whether it conflicts, and whether anything
    was compared.
    """
    loose_a, loose_b = _loose_weekdays(ta), _loose_weekdays(tb)
    named_a, named_b = _named_weekdays(ta), _named_weekdays(tb)
    if not loose_a and not loose_b:
        return [], False
    a_fits = any(t.weekday in named_b for t in loose_a)
    b_fits = any(t.weekday in named_a for t in loose_b)
    if loose_a and loose_b:
        if a_fits or b_fits:
            return [], True
        x, y = loose_a[0], loose_b[0]
        assert x.weekday is not None and y.weekday is not None
        values = _values(_WEEKDAY_NAMES[x.weekday], _WEEKDAY_NAMES[y.weekday])
        return [
            (Reason("time", x.ref.text, y.ref.text, template="{av} vs {bv}", **values), True)
        ], True
    loose, theirs, fits, flip = (
        (loose_a, tb, a_fits, False) if loose_a else (loose_b, ta, b_fits, True)
    )
    days = [t for t in theirs if t.granularity == "day" and t.first is not None]
    if not days:
        return [], False
    if fits or len(days) != 1 or days[0].names_event or len({t.weekday for t in loose}) != 1:
        # Several dates or weekdays, or a date of an event named by a noun ("for
        # the March 11 incident"): which goes with which event is open.
        return [], True
    w, d = loose[0], days[0]
    assert d.first is not None and w.weekday is not None
    note = (
        f"{d.ref.value} was a {_WEEKDAY_NAMES[d.first.weekday()]}, "
        f"not a {_WEEKDAY_NAMES[w.weekday]}"
    )
    a_text, b_text = (_describe_time(d), w.ref.text) if flip else (w.ref.text, _describe_time(d))
    return [(Reason("time", a_text, b_text, note), True)], True


def _stated_weekdays_differ(x: TimeFacts, y: TimeFacts) -> bool:
    """Both name a weekday for the same date, and not the same one."""
    return x.weekday is not None and y.weekday is not None and x.weekday != y.weekday


def _weekday_mismatch(x: TimeFacts, y: TimeFacts) -> Reason:
    """Same date, different stated weekday: one of the two is wrong (or the date is)."""
    assert x.first is not None and x.weekday is not None and y.weekday is not None
    actual = _WEEKDAY_NAMES[x.first.weekday()]
    day = x.first.isoformat()
    note = f"both {day}, but " + "{av} vs {bv}" + f"; {day} was a {actual}"
    values = _values(_WEEKDAY_NAMES[x.weekday], _WEEKDAY_NAMES[y.weekday])
    return Reason("time", x.ref.text, y.ref.text, template=note, **values)


def _weekday_remark(x: TimeFacts, y: TimeFacts) -> str:
    """ "; 2024-10-31 was a Thursday, not a Friday" when ``y`` states a weekday ``x`` is not."""
    if y.weekday is None or x.first is None or x.first.weekday() == y.weekday:
        return ""
    return (
        f"; {x.first.isoformat()} was a {_WEEKDAY_NAMES[x.first.weekday()]}, "
        f"not a {_WEEKDAY_NAMES[y.weekday]}"
    )


# --- attribution, polarity, hedges ----------------------------------------------------------


def _compare_attribution(fa: ClaimFeatures, fb: ClaimFeatures) -> list[tuple[Reason, bool]]:
    """Who says each claim, each reason with whether it is a conflict."""
    a, b = fa.claim.attribution, fb.claim.attribution
    src_a = a.source if a and a.source else None
    src_b = b.source if b and b.source else None
    if src_a is None and src_b is None:
        return []
    if src_a is None or src_b is None:
        reason = Reason(
            "attribution",
            src_a or "(unattributed)",
            src_b or "(unattributed)",
            template="only {A} says who says it" if src_a else "only {B} says who says it",
        )
        return [(reason, False)]
    if fa.speaker is not None and fb.speaker is not None:
        # The glossary links both names: one entity is one source, whatever the
        # words ("Ms. Alvarez" / "the spokeswoman, Dana Alvarez"), and two
        # entities are two, even with a shared surname.
        if fa.speaker == fb.speaker:
            return []
    elif fa.source_terms & fb.source_terms or src_a.lower() == src_b.lower():
        return []
    if not fa.source_terms or not fb.source_terms:
        # A pronoun the extractor could not resolve ("they"): who it is stays open.
        return []
    # A quote given to different speakers is a conflict only when each claim names
    # its speaker itself: a source carried over from an earlier sentence may be wrong.
    own_names = src_a in fa.claim.text and src_b in fb.claim.text
    both_quotes = fa.claim.kind == "quote" and fb.claim.kind == "quote"
    named = bool(a and a.named and b and b.named)
    if both_quotes and named and own_names:
        if _names_fit(src_a, src_b):
            # "Clinton" and "Mrs. Clinton": the glossary tells them apart, but
            # nothing in the names does; a reader should look, not be told.
            note = "the same quote, given to speakers the glossary tells apart"
            return [(Reason("attribution", src_a, src_b, note), False)]
        note = "the same quote given to different speakers"
        return [(Reason("attribution", src_a, src_b, note), True)]
    return [(Reason("attribution", src_a, src_b, "different sources"), False)]


def _names_fit(a: str, b: str) -> bool:
    """Whether one speaker's name may be a shorter form of the other's.

    The words of one, less honorifics and titles, are all in the other's
    ("Varga" / "Ms. Ilona Varga"): a surname alone cannot show two people.
    """
    from analysis.lexicon.names import HONORIFICS
    from analysis.lexicon.people import TITLES

    def words(name: str) -> frozenset[str]:
        found = re.findall(r"[a-z]+(?:'[a-z]+)?", name.lower().replace("\u2019", "'"))
        return frozenset(w for w in found if w not in HONORIFICS and w not in TITLES)

    wa, wb = words(a), words(b)
    return bool(wa and wb) and (wa <= wb or wb <= wa)


def _compare_hedges(fa: ClaimFeatures, fb: ClaimFeatures) -> list[Reason]:
    """Hedges other than the quantities' qualifiers (those are reported with the quantity)."""
    from analysis.extract.quantities import qualifier_phrase

    def own(f: ClaimFeatures) -> set[str]:
        qualifiers = {p for q in f.claim.quantities if (p := qualifier_phrase(q))}
        return {h.lower() for h in f.claim.hedges} - qualifiers

    ha, hb = own(fa), own(fb)
    if ha == hb:
        return []
    a_text, b_text = ", ".join(sorted(ha)), ", ".join(sorted(hb))
    if not hb:
        note = "only {A} hedges ({a})"
    elif not ha:
        note = "only {B} hedges ({b})"
    else:
        note = "{A} hedges with {a}, {B} with {b}"
    return [Reason("hedge", a_text, b_text, template=note)]


_NEGATION = re.compile(
    r"\b(?:not|no|never|none|nobody|nothing|neither|nor|without|cannot)\b|n['’]t\b", re.I
)


def _negations(text: str) -> list[str]:
    """The negation words of a text, in order ("n't" and "not" count alike)."""
    return [
        "not" if m.group(0).lower() in ("n't", "n’t") else m.group(0).lower()
        for m in _NEGATION.finditer(text)
    ]


# --- the verdict ------------------------------------------------------------------------------

# A clause ends at these marks and before these linking words.
_CLAUSE_BREAK = re.compile(r"[;:,—–]|\s(?:but|while|although|though|whereas|yet)\s", re.I)


def _values(a_value: str, b_value: str) -> dict[str, str]:
    """A reason's compared values, one per side."""
    return {"a_value": a_value, "b_value": b_value}


def _negation_shared(negated: ClaimFeatures, other: ClaimFeatures) -> bool:
    """Whether a negated clause of ``negated`` is one ``other`` also makes.

    The negation counts only when most content words of the clause it stands
    in appear in the other claim: a denial in a side clause is no denial of
    what both say.
    """
    text = negated.claim.text
    bounds = [0, *(m.start() for m in _CLAUSE_BREAK.finditer(text)), len(text)]
    for m in _NEGATION.finditer(text):
        start = max(b for b in bounds if b <= m.start())
        end = min(b for b in bounds if b > m.start())
        terms = content_terms(text[start:end])
        if not terms or len(terms & other.terms) * 2 >= len(terms):
            return True
    return False


# Reasons that only say one side leaves a detail out (see compare_features).
_PRESENCE_ONLY = frozenset(
    {
        "only {A} says who says it",
        "only {B} says who says it",
        "only {A} dates it: {a}",
        "only {B} dates it: {b}",
        "only {A} gives {a}",
        "only {B} gives {b}",
    }
)


def _core_terms(f: ClaimFeatures) -> frozenset[str]:
    """The claim's content words less its speaker and its dates (reasons of their own)."""
    dates: set[str] = set()
    for t in f.claim.times:
        dates |= _time_terms(t.text)
    return f.terms - f.source_terms - dates


@lru_cache(maxsize=4096)
def _time_terms(text: str) -> frozenset[str]:
    """:func:`content_terms` of a time expression, remembered: a story's claims share
    their few dates, and coverage compares each claim many times."""
    return frozenset(content_terms(text))


def _same_assertion(fa: ClaimFeatures, fb: ClaimFeatures) -> float | None:
    """P(same assertion) from the learnt model, or None without embeddings.

    Who says it and when are compared apart (attribution and time reasons), so
    the words naming them are left out here.
    """
    if fa.vector is None or fb.vector is None:
        return None
    cos = float(fa.vector @ fb.vector)
    return same_assertion(cos, _core_terms(fa), _core_terms(fb), fa.claim.text, fb.claim.text)


# Text between double quotation marks; a quote the claim opens and does not
# close (a speaker's words running on into the next sentence) runs to its end.
_QUOTED = re.compile(r"[\u201c\"]([^\u201c\u201d\"]+)(?:[\u201d\"]|$)")
# Words, and the punctuation that ends a clause (as "|").
_QUOTE_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[,.;:!?()\u2014\u2013]|\s-\s|\.\.\.|\u2026")
# A shared quotation must run at least this many words.
_QUOTE_MIN_WORDS = 5
# Words that may open a clause after a comma-less join ("... our jobs and we will ...").
_CLAUSE_OPENERS = frozenset({"and", "but", "or", "so"})


def _quote_tokens(text: str) -> list[str]:
    tokens = _QUOTE_TOKEN.findall(text.lower().replace("\u2019", "'"))
    return [t if t[0].isalnum() else "|" for t in tokens]


def _opens_inside_quote(text: str) -> bool:
    """Whether the claim begins inside a quotation: its first mark closes one.

    The speaker's words ran on from the sentence before ("... heritage," says
    the ad): a curly closing mark comes first, or a straight one that follows
    the words and is followed by a space or the end.
    """
    marks = [(k, ch) for k, ch in enumerate(text) if ch in '\u201c\u201d"']
    if not marks:
        return False
    k, ch = marks[0]
    if ch != '"':
        return ch == "\u201d"
    before = text[k - 1] if k else " "
    after = text[k + 1] if k + 1 < len(text) else " "
    return not before.isspace() and (after.isspace() or after in ",.;:")


def _quoted_tokens(claim: Claim) -> list[str]:
    """What a claim quotes, as tokens: within its marks, or all of it when it is one quote.

    Only a quote someone is said to speak counts: a claim with a source, or
    one the extractor read as a quote. Marks around a title or scare quotes
    in an unattributed sentence quote nobody.
    """
    attributed = claim.kind == "quote" or bool(claim.attribution and claim.attribution.source)
    if not attributed:
        return []
    text = claim.text
    if _opens_inside_quote(text):
        text = "\u201c" + text
    spans = _QUOTED.findall(text)
    if spans:
        return _quote_tokens(" . ".join(spans))
    return _quote_tokens(claim.text) if claim.kind == "quote" else []


def _is_clause_of(words: Sequence[str], tokens: Sequence[str]) -> bool:
    """Whether ``words`` stand in ``tokens`` whole, between clause punctuation.

    Punctuation inside the run ("As mayor, I will ...") does not break it.
    """
    plain: list[str] = []
    stops = {0}  # word positions that follow clause punctuation (or open the text)
    for t in tokens:
        if t == "|":
            stops.add(len(plain))
        else:
            plain.append(t)
    stops.add(len(plain))
    n = len(words)
    for k in range(len(plain) - n + 1):
        if plain[k : k + n] == list(words):
            opens = k in stops or plain[k - 1] in _CLAUSE_OPENERS
            if opens and k + n in stops:
                return True
    return False


def _shares_quote(fa: ClaimFeatures, fb: ClaimFeatures) -> bool:
    """Whether one claim's quoted words stand whole, as a clause, in the other's quote.

    A speaker's words given verbatim by two outlets are one assertion, however
    differently each frames them ("'We will reopen the bridge,' the mayor said
    at the depot" / "The mayor told reporters: 'We will reopen the bridge, and
    the ferries will run until then'"): the framing is attribution and context,
    and a clause one side quotes beyond the other is another assertion of the
    speaker's. Words that continue the same clause ("... the bridge by May")
    are more detail about it, so they do not count.
    """
    ta, tb = _quoted_tokens(fa.claim), _quoted_tokens(fb.claim)
    if not ta and not tb:
        return False
    # A side may give the words without marks ("I will fight on" as a sentence
    # of a transcript): its whole text then counts, less a framing word at
    # either edge ("It" for "the plan" in "It 'is a fair plan'").
    wa = [t for t in (ta or _quote_tokens(fa.claim.text)) if t != "|"]
    wb = [t for t in (tb or _quote_tokens(fb.claim.text)) if t != "|"]
    for words, marked, other in ((wa, bool(ta), tb), (wb, bool(tb), ta)):
        if not other or len(words) < _QUOTE_MIN_WORDS:
            continue
        needles = [words] if marked else [words, words[1:], words[:-1]]
        if any(len(w) >= _QUOTE_MIN_WORDS and _is_clause_of(w, other) for w in needles):
            return True
    return False


def _same_event(fa: ClaimFeatures, fb: ClaimFeatures) -> float | None:
    """How likely two claims whose figures or dates differ report one event (None: no embeddings).

    They must pass the test ``agree`` passes, with their numbers set aside (the
    model would otherwise count the very difference in question): one event
    reported twice reads as the same assertion up to its figures; two events of
    one story ("criticised on Friday" / "pressed on Sunday") do not. The
    shipped model's threshold decides.
    """
    if fa.vector is None or fb.vector is None:
        return None
    cos = float(fa.vector @ fb.vector)
    x = assertion_features(cos, fa.terms, fb.terms, fa.claim.text, fb.claim.text)
    x[FEATURES.index("numbers")] = 0.0
    return float(assertion_model().probability(x[None, :])[0])


def _chance(p: float) -> str:
    """A probability as a user reads it, with its article: "a 7% chance", "an 11% chance".

    Whole percent from 1% to 99%; "an" where the number is read with a vowel
    first (8, 11, 18, the eighties).
    """
    percent = min(99, max(1, round(100 * p)))
    article = "an" if percent in (8, 11, 18) or 80 <= percent <= 89 else "a"
    return f"{article} {percent}% chance"


def _adds_reason(fa: ClaimFeatures, fb: ClaimFeatures) -> Reason:
    """What each side asserts that the other does not: the words only it has."""
    core_a, core_b = _core_terms(fa), _core_terms(fb)
    a_text = _word_list_text(added_words(core_a, core_b, fa.claim.text))
    b_text = _word_list_text(added_words(core_b, core_a, fb.claim.text))
    if a_text and b_text:
        note = "not the same assertion: only {A} has {a}; only {B} has {b}"
    elif a_text:
        note = "{A} says more: only it has {a}"
    elif b_text:
        note = "{B} says more: only it has {b}"
    else:
        note = "worded differently enough that it may not be the same assertion"
    return Reason("detail", a_text, b_text, template=note)


def _word_list_text(words: Sequence[str], limit: int = 6) -> str:
    """“a”, “b”, “c” and 2 more."""
    shown = ", ".join(f"\u201c{w}\u201d" for w in words[:limit])
    more = len(words) - limit
    return f"{shown} and {more} more" if more > 0 else shown


@dataclass(frozen=True, slots=True)
class Comparison:
    """The outcome of comparing two claims: similarity, verdict and the reasons for it.

    ``status`` is ``unrelated`` when the score is below :data:`MATCH_THRESHOLD`
    (the claims are about different things); the reasons are still filled.
    """

    score: float
    status: Verdict
    reasons: tuple[Reason, ...] = ()
    # A figure, date, polarity or source differs, but the claims may report different events, so
    # the verdict is not a conflict: a reader should check (see _same_event).
    check: bool = False

    @property
    def matched(self) -> bool:
        """Whether the two claims state the same fact (in any verdict but unrelated)."""
        return self.status != "unrelated"


def compare_features(
    fa: ClaimFeatures,
    fb: ClaimFeatures,
    weights: TermWeights,
    *,
    score: float | None = None,
    threshold: float = MATCH_THRESHOLD,
) -> Comparison:
    """Compare two claims' features: see :func:`compare_claims`.

    ``score`` is :func:`claim_similarity`, when the caller already has it.
    """
    if score is None:
        score = claim_similarity(fa, fb, weights)
    found: list[tuple[Reason, bool]] = []
    pairs, rest_a, rest_b = _pair_quantities(fa.quantities, fb.quantities)
    for x, y in pairs:
        found += _compare_quantity(x, y)
    for q in rest_a:
        found.append((Reason("detail", q.quantity.text, "", template="only {A} gives {a}"), False))
    for q in rest_b:
        found.append((Reason("detail", "", q.quantity.text, template="only {B} gives {b}"), False))
    found += _compare_times(fa.times, fb.times)
    if fa.claim.negated != fb.claim.negated:
        a_pol = "negative" if fa.claim.negated else "positive"
        b_pol = "negative" if fb.claim.negated else "positive"
        negated, other = (fa, fb) if fa.claim.negated else (fb, fa)
        if not _negation_shared(negated, other):
            # "We won't say more, but the talks go on" / "the talks go on": the
            # negation sits in a clause the other side does not have.
            note = "the negation is in a clause the other side does not have"
            found.append((Reason("detail", a_pol, b_pol, note), False))
        elif score >= POLARITY_MIN_SCORE and _negations(fa.claim.text) == _negations(fb.claim.text):
            # Both word the same negations ("I will not forget the kindness" quoted whole
            # or after "I only want to add that"): the flags differ by the clause read.
            note = "polarity read differently, though both sides word the same negation"
            found.append((Reason("detail", a_pol, b_pol, note), False))
        elif score >= POLARITY_MIN_SCORE:
            found.append(
                (Reason("polarity", a_pol, b_pol, "one side denies what the other says"), True)
            )
        else:
            found.append((Reason("detail", a_pol, b_pol, "polarity differs"), False))
    found += _compare_attribution(fa, fb)
    found += [(r, False) for r in _compare_hedges(fa, fb)]
    same = _same_assertion(fa, fb)
    # A figure, date, polarity or source differs: a conflict only when both claims report the same
    # event, not merely the same story (see _same_event).
    event = _same_event(fa, fb) if any(clash for _, clash in found) else None
    held_back = event is not None and event < assertion_model().threshold
    held: list[Reason] = []
    if event is not None and held_back:
        note = (
            "the claims seem to report different events ("
            + _chance(event)
            + " they report one), so this is not called a conflict"
        )
        # Each difference keeps its kind (a date is a time reason) and leads the
        # row, followed by why it is not a conflict: a reader checks them first.
        held = [r for r, clash in found if clash]
        found = [(r, False) for r, clash in found]
        found.append((Reason("detail", "", "", note), False))
        held.append(found[-1][0])
    elif event is not None:
        # How sure the conflict is: that both report one event is what it rests on.
        note = "both seem to report one event (" + _chance(event) + ")"
        found.append((Reason("detail", "", "", note), False))
    # Only a detail one side leaves out (who says it, when, a figure it does not
    # give) does not stop two claims making the same assertion; anything else does.
    substantive = [r for r, _ in found if r.template not in _PRESENCE_ONLY]
    same_assertion = same is None or same >= assertion_model().threshold or _shares_quote(fa, fb)
    if same is not None and not substantive and not same_assertion:
        found.append((_adds_reason(fa, fb), False))
    conflict = any(clash for _, clash in found)
    status: Verdict
    if score < threshold:
        status = "unrelated"
    elif conflict:
        status = "conflict"
    elif same is None:
        status = "compatible" if found else "agree"
    elif substantive or not same_assertion:
        status = "compatible"
    else:
        status = "agree"
    if conflict:
        # Under a conflict, a quantity or date that differs only within rounding or
        # precision is no part of it: it is shown as a detail, after the conflict.
        found = [
            (
                replace(r, kind="detail") if not clash and r.kind in ("quantity", "time") else r,
                clash,
            )
            for r, clash in found
        ]
    # Conflicts first, so a row's first reason says why it is one; on a row to
    # check, what differs and why it is not called a conflict.
    order = {"polarity": 0, "time": 1, "quantity": 1, "attribution": 2, "hedge": 3, "detail": 4}
    first = {id(r) for r in held}
    found.sort(key=lambda item: (not item[1], id(item[0]) not in first, order[item[0].kind]))
    check = held_back and status == "compatible"
    return Comparison(score, status, tuple(r for r, _ in found), check=check)


def may_clash(fa: ClaimFeatures, fb: ClaimFeatures) -> bool:
    """Whether :func:`compare_features` could find a clash (a conflict, or a row to check).

    Every clash needs something on both sides: a figure each gives, a date
    each gives, a source each names, or polarities that differ. Without one,
    the verdict is agree or compatible, and a caller that only looks for
    conflicts (coverage) can skip it.
    """
    a, b = fa.claim.attribution, fb.claim.attribution
    return bool(
        (fa.quantities and fb.quantities)
        or (fa.times and fb.times)
        or fa.claim.negated != fb.claim.negated
        or (a and a.source and b and b.source)
    )


def compare_claims(
    a: Claim,
    b: Claim,
    *,
    published_a: str | None = None,
    published_b: str | None = None,
    weights: TermWeights | None = None,
    threshold: float = MATCH_THRESHOLD,
    speaker_a: str | None = None,
    speaker_b: str | None = None,
) -> Comparison:
    """Compare two claims: how similar they are, and whether their facts agree.

    ``published_a``/``published_b`` (ISO dates) resolve time expressions the
    extractor could not; ``weights`` (:func:`term_weights` over the claims of
    the story) make generic words count less. Without weights every word counts
    the same, which suits a one-off comparison; clustering many claims should
    pass them. ``threshold`` 0 is for claims already known to state one fact
    (the verdict is then never ``unrelated``). ``speaker_a``/``speaker_b`` are
    the glossary entities of who says each (:mod:`analysis.reason.speakers`).
    Pure and cheap; symmetric up to swapping a and b.
    """
    w = weights or TermWeights()
    acronyms = find_acronyms((a.text, b.text))
    fa = claim_features(a, published=published_a, acronyms=acronyms, speaker=speaker_a)
    fb = claim_features(b, published=published_b, acronyms=acronyms, speaker=speaker_b)
    return compare_features(fa, fb, w, threshold=threshold)
