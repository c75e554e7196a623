"""Quantities in running text: "up to 400 kilometers (250 miles)", "about 10,000 troops".

A :class:`~analysis.model.Quantity` keeps the number as written, its unit, the
value converted to a base unit (pint does the physics; money keeps its currency
code, since exchange rates change; a count's base unit is the lemma of the
thing counted), the qualifier in front of it ("at least" -> ``at_least``) and
any restatement in parentheses as an alternate rather than a second quantity.

What is deliberately *not* a quantity:

- years, dates and times of day (they are time references: see
  :mod:`analysis.extract.times`);
- ordinals ("seventh nuclear test", "31st"): they name a position in a
  series, not an amount, so two articles cannot disagree on them the way they
  disagree on a count;
- numbers inside names ("Hwasong-19", "B-1B", "Apollo 11", "No. 1") and
  numbers that label a position ("round three", "Game 7", "Chapter 11");
- a singular name after a number ("in round three Okafor ..."): a name is
  not what a number counts ("three Democrats" are counted);
- numbers around a slash ("9/11", "24/7");
- spelled-out numbers with nothing counted ("one of them", "the two").

Copies of a text that went through a tokeniser write "1, 500" and "$368. 0
million"; those are read as one number (see ``_SPACED_THOUSANDS``). Durations
all convert to seconds, so "two decades" and "20 years" compare.

An age ("a 37-year-old man", "the 18-month-old girl", "37 years old") is not
a duration: its unit is "years old" (or "months old", ...), and every age
converts to years of age, so ages compare with each other and never with how
long something lasted.

Vague plurals are kept as lower bounds: "hundreds of people" is more than 100
people, "dozens of" more than 12. A range ("10-15 people", "between 10 and 15
people") is kept as at least its low end.

Why one module of some 850 lines: finding a quantity, parsing its number and
unit, finding the thing it counts and converting it are one grammar of
"qualifier + number + unit or noun"; each step needs the spans and rules of
the others (a unit is what follows a number, a count noun what no unit took).
The words it reads live in :mod:`analysis.lexicon`. Naming units and amounts
for display (from :func:`qualifier_phrase` on) is the seam if it grows.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from analysis.lexicon.hedges import QUANTITY_QUALIFIERS, TAIL_QUALIFIERS
from analysis.lexicon.nouns import IRREGULAR_PLURALS, PLURAL_NOUNS
from analysis.lexicon.numbers import CARDINALS, MONEY_ONLY_SCALES, SCALES
from analysis.lexicon.stop_words import COUNT_STOP_WORDS, NOT_NAMES_BEFORE_NUMBERS
from analysis.lexicon.units import (
    AGE_BASE_UNIT,
    AGE_UNITS,
    CURRENCY_AFTER_SCALE,
    CURRENCY_SYMBOLS,
    CURRENCY_WORDS,
    DURATION_SECONDS,
    PLAIN_UNITS,
    UNIT_BY_SURFACE,
    UNIT_WORDS,
)
from analysis.model import Qualifier, Quantity

if TYPE_CHECKING:
    from spacy.tokens import Token


_QUALIFIER_BEFORE = re.compile(
    r"(?<![\w-])("
    + "|".join(re.escape(q).replace(r"\ ", r"\s+") for q, _ in QUANTITY_QUALIFIERS)
    + r")\s+$",
    re.IGNORECASE,
)
_QUALIFIER_BY_TEXT = dict(QUANTITY_QUALIFIERS)
_QUALIFIER_AFTER = re.compile(r"^(?:\s+or\s+(more|so|less|fewer)\b|(\+|-plus\b))", re.IGNORECASE)
_SINGULARS = {plural: singular for singular, plural in IRREGULAR_PLURALS.items()} | {
    "troops": "troop",
}


# --- the scanner --------------------------------------------------------------------------

_WORD_NUMBER = (
    r"(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
    r"|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy"
    r"|eighty|ninety|hundred|thousand|million|billion|trillion|dozen)"
)
_WORD_NUMBER_PHRASE = (
    rf"(?:(?:half\s+a|a|an)\s+(?=(?:hundred|thousand|million|billion|dozen)\b))?"
    rf"{_WORD_NUMBER}(?:(?:\s+and\s+|[\s-])(?={_WORD_NUMBER}\b){_WORD_NUMBER})*"
)
# Copies of a text that went through a tokeniser and back write "1, 500" and
# "$368. 0 million": the separators got a space after them. Such a number is one
# number when every group after the comma has exactly three digits, and not when
# a list goes on after it ("105, 110 and 120"); a decimal point followed by a
# space is a decimal point only right after a currency sign or before a scale
# word or a percent sign ("2012. 5 people" stays a year and a count). A year
# cannot start a spaced number: its four digits do not fit the first group.
_SPACED_THOUSANDS = (
    r"\d{1,3}(?:,\s\d{3})+(?!\d|,\d)"
    r"(?!(?:,|\s+(?:and|or))\s+\d{1,3}(?![\d,])(?!,\s\d{3}))"
)
_SPACED_DECIMAL = (
    r"\d{1,3}\.\s\d{1,3}(?!\d|,\d)"
    r"(?=\s?(?:(?i:thousand|million|billion|trillion|mln|mn|bn|tn)(?![\w])|%|percent\b))"
    r"|(?<=[$€£¥₩₹₽])(?:\d{1,3}(?:,\s?\d{3})+|\d+)\.\s\d{1,2}(?!\d|,\d)"
)
# The spaced decimal goes first: "$1,104. 0 million" is one number, not "$1,104".
_DIGITS = rf"{_SPACED_DECIMAL}|\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|{_SPACED_THOUSANDS}|\d+(?:\.\d+)?"
# What parse_number accepts as digits: the above without the context they need.
_DIGITS_ALONE = re.compile(r"\d{1,3}(?:,\s?\d{3})+(?:\.\s?\d+)?|\d+(?:\.\s?\d+)?")
_CURRENCY_PREFIX = r"US\$|C\$|A\$|HK\$|NZ\$|\$|€|£|¥|₩|₹|₽|(?:USD|EUR|GBP|JPY|KRW|CNY)\s"
_SCALE = r"thousand|million|billion|trillion|mln|mn|bn|tn|k|m|b"


def _alternation(words: Iterable[str]) -> str:
    ordered = sorted(words, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


_UNIT_RE = _alternation(UNIT_BY_SURFACE)
_CURRENCY_WORD_RE = _alternation(list(CURRENCY_WORDS) + list(CURRENCY_AFTER_SCALE))

_NUMBER_RE = re.compile(
    rf"""
    (?<![\w.,/$€£¥₩₹₽-])(?<![A-Za-z]-)
    (?P<cur>{_CURRENCY_PREFIX})?\s?
    (?P<num>{_DIGITS}|(?i:{_WORD_NUMBER_PHRASE})\b)
    (?![\d])
    (?:(?:\s|-)?(?P<scale>(?i:{_SCALE}))(?![\w]))?
    (?:(?:\s|-)?(?P<unit>(?i:{_UNIT_RE}))(?![\w/]))?
    (?:\s(?P<curword>(?i:{_CURRENCY_WORD_RE}))(?![\w]))?
    """,
    re.VERBOSE,
)
_VAGUE_RE = re.compile(
    r"(?<![\w-])(?:(?P<tens>tens|hundreds)\s+of\s+)?"
    r"(?P<vague>dozens|scores|hundreds|thousands|millions|billions)\s+of(?![\w])",
    re.IGNORECASE,
)
_VAGUE_VALUES = {
    "dozens": 12.0,
    "scores": 20.0,
    "hundreds": 100.0,
    "thousands": 1e3,
    "millions": 1e6,
    "billions": 1e9,
}
_RANGE_TAIL = re.compile(
    rf"^\s*(?:-|–|to|and)\s*(?:{_CURRENCY_PREFIX})?(?P<high>{_DIGITS})(?![\d])"
)
_ALTERNATE_RE = re.compile(
    rf"""^\s*\(\s*(?:about|around|roughly|approximately|approx\.|some|nearly|almost|up\s+to
    |more\s+than|over|at\s+least)?\s*
    (?P<cur>{_CURRENCY_PREFIX})?\s?(?P<num>{_DIGITS})
    (?:\s?(?P<scale>{_SCALE})(?![\w]))?
    (?:\s?(?P<unit>(?i:{_UNIT_RE})))?(?:\s(?P<curword>(?i:{_CURRENCY_WORD_RE})))?\s*\)""",
    re.VERBOSE,
)
_TIME_OF_DAY = re.compile(
    r"\b\d{1,2}(?::\d{2})?\s?(?:[ap]\.?\s?m\b\.?|[AP]\.?\s?M\b\.?)|\b\d{1,2}:\d{2}\b"
    r"|\b(?:[01]\d|2[0-3])[0-5]\d\s?(?:GMT|UTC|Z)\b"  # "1300 GMT": a 24-hour clock
)
_ANAPHORIC_BEFORE = re.compile(r"(?<![\w-])(?:the|these|those|both|all)\s+$", re.IGNORECASE)
_IDIOM_AFTER_ONE = re.compile(
    r"\s+(?:and\s+only|of|another|by\s+one|or\s+two|or\s+another|day|time)\b", re.IGNORECASE
)
_ORDINAL_TAIL = re.compile(r"^(?:st|nd|rd|th)\b", re.IGNORECASE)
# Nouns a number after which names a position in a series, not an amount: "round
# three", "Game 7", "Chapter 11". After a determiner the number starts a new
# phrase instead ("this season 20 teams", "during the game 3 fans").
_LABEL_BEFORE = re.compile(
    r"(?<![\w-])(?<!the\s)(?<!this\s)(?<!that\s)(?<!last\s)(?<!next\s)(?<!each\s)"
    r"(?<!every\s)"
    r"(?:round|game|chapter|stage|phase|episode|season|act|scene|section|article|paragraph"
    r"|page|step|level|lap|hole|inning|category|grade|proposition|amendment|version"
    r"|volume|part)\s+$",
    re.IGNORECASE,
)
_NAME_PREFIX = re.compile(r"(?:\b(?:No|Nos|Number)\.?|#)\s*$")
_CAPITALISED_WORD_BEFORE = re.compile(r"([A-Z][\w'’]*)\s+$")


@dataclass(frozen=True, slots=True)
class _Span:
    start: int
    end: int


@lru_cache(maxsize=1)
def _registry() -> Any:
    import pint

    return pint.UnitRegistry()


# Durations all convert to seconds (see analysis.lexicon.units): "two decades" and
# "20 years" must compare.
DURATION_BASE_UNIT = "second"

# Ages: "37-year-old" says how old someone is, not how long something took.
_AGE_FACTORS = dict(AGE_UNITS.values())
# "-old" or " old" right after the unit of "37-year", "37 year" or "37 years".
_AGE_TAIL = re.compile(r"(?:-|\s)old\b", re.IGNORECASE)


@lru_cache(maxsize=256)
def _to_base(unit: str) -> tuple[float, str] | None:
    """(factor, base unit) for a pint unit name, or None for plain and unknown units."""
    if unit in PLAIN_UNITS:
        return None
    if unit in DURATION_SECONDS:
        return DURATION_SECONDS[unit], DURATION_BASE_UNIT
    if unit in _AGE_FACTORS:
        return _AGE_FACTORS[unit], AGE_BASE_UNIT
    try:
        ureg = _registry()
        q = ureg.Quantity(1.0, unit).to_base_units()
        return float(q.magnitude), str(q.units)
    except Exception:  # pint raises several error types for odd names; none is fatal here
        return None


@lru_cache(maxsize=256)
def _dimension(unit: str) -> str:
    if unit in PLAIN_UNITS or unit.isupper():
        return unit if unit in PLAIN_UNITS else "money"
    if unit in DURATION_SECONDS:
        return "[time]"
    if unit in _AGE_FACTORS:
        return "[age]"
    try:
        return str(_registry().Quantity(1.0, unit).dimensionality)
    except Exception:  # unknown to pint: its own dimension
        return unit


def word_number(text: str) -> float | None:
    """The value of a spelled-out number ("twenty-five", "a dozen", "two hundred"), or None."""
    words = re.split(r"[\s-]+", text.lower().strip())
    multiplier = 1.0
    if words[:2] == ["half", "a"]:
        multiplier, words = 0.5, words[2:]
    elif words and words[0] in ("a", "an"):
        words = ["one", *words[1:]]
    total = 0.0
    current = 0.0
    seen = False
    for w in words:
        if w == "and":
            continue
        if w in CARDINALS:
            current += CARDINALS[w]
        elif w == "hundred":
            current = (current or 1.0) * 100
        elif w == "dozen":
            current = (current or 1.0) * 12
        elif w in ("thousand", "million", "billion", "trillion"):
            total += (current or 1.0) * SCALES[w]
            current = 0.0
        else:
            return None
        seen = True
    if not seen:
        return None
    return (total + current) * multiplier


def parse_number(text: str) -> float | None:
    """The value of a number as written: "10,000", "1.5", "seven", "a dozen"; None if not one."""
    t = text.strip()
    if _DIGITS_ALONE.fullmatch(t):
        try:
            value = float(t.replace(",", "").replace(" ", ""))
        except ValueError:
            return None
        return value if math.isfinite(value) else None
    return word_number(t)


def _currency_of(prefix: str | None, word: str | None, has_scale: bool) -> str | None:
    if prefix:
        return CURRENCY_SYMBOLS.get(prefix.strip().lower())
    if word:
        w = " ".join(word.lower().split())
        if w in CURRENCY_WORDS:
            return CURRENCY_WORDS[w]
        if has_scale and w in CURRENCY_AFTER_SCALE:
            return CURRENCY_AFTER_SCALE[w]
    return None


def _unit_of(surface: str | None) -> str | None:
    if not surface:
        return None
    return UNIT_BY_SURFACE.get(" ".join(surface.lower().split()))


def _overlaps(start: int, end: int, spans: Sequence[_Span]) -> bool:
    return any(start < s.end and s.start < end for s in spans)


_QUOTE_MARKS = frozenset('"“”‘’') | {"``", "''"}


def _opens_another_phrase(number: Token, noun: Token) -> bool:
    """Whether an article or an opening quotation mark stands between a number and a noun.

    "the uncle of two the calmest man": the noun has an article of its own;
    in "the aunt of three "a kind, calm woman"" it also sits inside a
    quotation the number is outside of. So the parse that hangs the number
    on it is wrong. A quotation closed between them ("three "lucky" horses")
    is a word set off, not a phrase begun.
    """
    between = number.doc[number.i + 1 : noun.i]
    quotes = sum(1 for t in between if t.text in _QUOTE_MARKS)
    return quotes % 2 == 1 or any(t.lower_ in ("a", "an", "the") for t in between)


def _counted_from_tokens(tokens: dict[int, Token], num_start: int, num_end: int) -> Token | None:
    """The noun a number counts, from the parse: "seven North Korean missiles" -> missiles."""
    token = None
    for idx in range(num_end - 1, num_start - 1, -1):
        if idx in tokens:
            token = tokens[idx]
            break
    if token is None:
        return None
    head = token.head
    # "at least seven": the number may hang off a quantmod chain; climb number tokens.
    while head.pos_ == "NUM" and head.i != token.i and head.head.i != head.i:
        token, head = head, head.head
    if head.i < token.i and head.i == token.i - 1 and head.pos_ in ("NOUN", "PROPN", "ADV"):
        return None  # "round three", "Game 7": the number labels the word before it
    # A parse that hangs the number off an adjective ("two [remarkably patient]
    # and elderly visitors") still has the noun at the end of the adjective's chain;
    # "two-handed" is one adjective, though, not a count.
    glued = token.i + 1 < len(token.doc) and token.doc[token.i + 1].text == "-"
    while (
        not glued
        and token.dep_ == "nummod"
        and head.pos_ in ("ADJ", "ADV")
        and head.dep_ in ("amod", "advmod", "conj")
        and head.head.i > head.i
        and head.head.i != head.i
    ):
        head = head.head
    # "six [plainclothes] officers": a noun used as a modifier is not what is counted.
    while (
        not glued
        and token.dep_ == "nummod"
        and head.pos_ == "NOUN"
        and head.dep_ == "compound"
        and head.head.i > head.i
        and head.head.pos_ in ("NOUN", "PROPN")
    ):
        head = head.head
    attached = token.dep_ in ("nummod", "quantmod", "compound", "amod", "nmod")
    if (
        attached
        and head.pos_ in ("NOUN", "PROPN")
        and head.i > token.i
        and (head.i - token.i <= 6 or (token.dep_ == "nummod" and _modifies(token, head)))
        and not _opens_another_phrase(token, head)
    ):
        return head
    if not attached and not glued:
        # The parser took the number for a noun of its own ("in front of [six]
        # remarkably patient and elderly visitors"): read on over the modifiers.
        noun = _plural_after_modifiers(token)
        if noun is not None:
            return noun
    nxt = token.nbor(1) if token.i + 1 < len(token.doc) else None
    if nxt is not None and nxt.lower_ == "of":
        for child in nxt.children:
            if child.dep_ == "pobj" and child.pos_ in ("NOUN", "PROPN"):
                return child
    return None


# How far a number may stand from the noun it counts, with only that noun's
# modifiers between them ("three very tall, heavily armed and visibly nervous men").
_MAX_MODIFIER_RUN = 15


_MODIFIER_POS = frozenset({"ADJ", "ADV", "CCONJ", "NOUN", "PROPN", "VERB", "PART"})


def _modifies(token: Token, head: Token) -> bool:
    """Whether only ``head``'s own modifiers stand between the number ``token`` and ``head``.

    Adjectives, adverbs, participles, "and" and commas may; another number, an
    article or a quotation mark starts something else ("father of two "a
    cold-blooded murder"").
    """
    if head.i - token.i > _MAX_MODIFIER_RUN or head.left_edge.i > token.i:
        return False
    between = token.doc[token.i + 1 : head.i]
    return all(t.pos_ in _MODIFIER_POS or t.text in (",", "-") for t in between)


def _plural_after_modifiers(token: Token) -> Token | None:
    """The plural noun right after ``token`` or after a run of adjectives ending in one.

    Adverbs, adjectives, participles and "and" may stand between; a comma or
    anything else ends the search, and "and" cannot be the last word before the
    noun ("scored two and fans cheered").
    """
    doc = token.doc
    last_pos: str | None = None
    for i in range(token.i + 1, min(len(doc), token.i + 1 + _MAX_MODIFIER_RUN)):
        t = doc[i]
        if t.tag_ in ("NNS", "NNPS"):
            return t if last_pos in (None, "ADJ", "VERB") else None
        participle = t.pos_ == "VERB" and t.tag_ in ("VBN", "VBG")
        if t.pos_ in ("ADV", "ADJ", "CCONJ") or participle:
            last_pos = t.pos_
            continue
        return None
    return None


def _is_name(token: Token) -> bool:
    """A singular proper noun: "three Okafor" counts no Okafors ("three Democrats" does).

    Abbreviations in capitals are kept: "121 RBI", "47 KO".
    """
    return token.pos_ == "PROPN" and token.tag_ != "NNPS" and not token.text.isupper()


def _next_noun(token: Token) -> Token | None:
    """The first head noun within a few words after ``token`` (skipping its modifiers)."""
    doc = token.doc
    for i in range(token.i + 1, min(len(doc), token.i + 6)):
        t = doc[i]
        if t.pos_ in ("NOUN", "PROPN") and t.dep_ != "compound":
            return t
        if t.pos_ not in ("DET", "ADJ", "NOUN", "PROPN", "NUM", "PUNCT"):
            return None
    return None


def _counted_from_text(text: str, end: int, value: float) -> tuple[str, int] | None:
    """A crude stand-in for the parse: the first plural-looking common noun after the number."""
    pos = end
    for _ in range(5):
        m = re.match(r"\s+([A-Za-z][\w'’]*(?:-[A-Za-z]+)*)", text[pos:])
        if not m:
            return None
        word = m.group(1)
        pos += m.end()
        low = word.lower()
        if low in COUNT_STOP_WORDS:
            return None
        if word[0].isupper() or "-" in word:
            continue
        if low in PLURAL_NOUNS or (low.endswith("s") and not low.endswith("ss")):
            return low, pos
        if value == 1:
            return low, pos
    return None


def _singular(word: str) -> str:
    if word in PLURAL_NOUNS:
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _qualifier_before(text: str, start: int) -> tuple[Qualifier, int, str] | None:
    m = _QUALIFIER_BEFORE.search(text, max(0, start - 25), start)
    if not m:
        return None
    phrase = " ".join(m.group(1).lower().split())
    qualifier = _QUALIFIER_BY_TEXT.get(phrase)
    if qualifier is None:
        return None
    return qualifier, m.start(1), phrase


@dataclass(frozen=True, slots=True)
class _Context:
    text: str
    offset: int
    tokens: dict[int, Token] | None  # local offset -> token


def find_quantities(
    text: str,
    offset: int = 0,
    *,
    tokens: Sequence[Token] | None = None,
    exclude: Sequence[tuple[int, int]] | None = None,
) -> list[Quantity]:
    """Every quantity in ``text``, offsets shifted by ``offset``.

    ``tokens``: the spaCy tokens covering ``text`` (their ``idx`` are offsets in
    the same document as ``offset``), used to find the thing counted; without
    them a plural noun after the number is taken. ``exclude``: spans (absolute
    offsets) that hold something else, typically the time expressions; when not
    given, :func:`analysis.extract.times.find_times` supplies them. Never raises on
    arbitrary text.
    """
    if exclude is None:
        from analysis.extract.times import find_times

        exclude = [(t.start, t.end) for t in find_times(text, None, offset)]
    blocked = [_Span(s - offset, e - offset) for s, e in exclude]
    blocked += [_Span(m.start(), m.end()) for m in _TIME_OF_DAY.finditer(text)]
    ctx = _Context(
        text=text,
        offset=offset,
        tokens={t.idx - offset: t for t in tokens} if tokens is not None else None,
    )
    found: list[Quantity] = []
    taken: list[_Span] = []
    for vague_match in _VAGUE_RE.finditer(text):
        if _overlaps(vague_match.start(), vague_match.end(), blocked):
            continue
        vague = _vague_quantity(ctx, vague_match)
        found.append(vague)
        taken.append(_Span(vague.start, vague.end))
    pos = 0
    while (m := _NUMBER_RE.search(text, pos)) is not None:
        pos = m.end()
        inside = [s for s in blocked if s.start <= m.start("num") < s.end]
        if inside and m.end("num") > inside[0].end:
            # "On May 12, 300 people": the date took "12"; read on after it.
            pos = inside[0].end
            continue
        if _overlaps(m.start("num"), m.end("num"), blocked) or _overlaps(
            m.start("num"), m.end("num"), taken
        ):
            continue
        q = _quantity_from_match(ctx, m, taken)
        if q is not None:
            found.append(q)
            taken.append(_Span(q.start, q.end))
    found.sort(key=lambda q: q.start)
    return [_shift(q, offset) for q in found]


def parse_quantity(text: str) -> Quantity | None:
    """The first quantity in a short phrase ("up to 400 kilometers (250 miles)"), or None."""
    found = find_quantities(text)
    return found[0] if found else None


def _shift(q: Quantity, offset: int) -> Quantity:
    if not offset:
        return q
    return replace(q, start=q.start + offset, end=q.end + offset)


def _vague_quantity(ctx: _Context, m: re.Match[str]) -> Quantity:
    value = _VAGUE_VALUES[m.group("vague").lower()]
    if m.group("tens"):
        value *= 10 if m.group("tens").lower() == "tens" else 100
    # The parse hangs the noun off "of"; the text fallback reads past it.
    noun_from = m.end() - 3 if ctx.tokens is not None else m.end()
    counted = _counted_after(ctx, m.start(), noun_from, 2.0)
    end = counted[2] if counted else m.end()
    return Quantity(
        text=ctx.text[m.start() : end],
        value=value,
        unit=None,
        base_value=value,
        base_unit=counted[1] if counted else None,
        counted=counted[0] if counted else None,
        qualifier="more_than",
        start=m.start(),
        end=end,
    )


def _counted_after(
    ctx: _Context, num_start: int, num_end: int, value: float
) -> tuple[str, str, int] | None:
    """(surface, lemma, local end offset) of the thing counted after a number, if any."""
    if ctx.tokens is not None:
        tok = _counted_from_tokens(ctx.tokens, num_start, num_end)
        if tok is None and ctx.text[num_end : num_end + 4].lower().startswith(" of"):
            # "hundreds of people", "two of the nine arrows": the noun hangs off "of".
            of = ctx.tokens.get(num_end + 1)
            if of is not None:
                tok = next((c for c in of.children if c.dep_ == "pobj"), None) or _next_noun(of)
        if tok is None or tok.pos_ not in ("NOUN", "PROPN") or tok.lower_ in UNIT_BY_SURFACE:
            return None
        if _is_name(tok):
            return None
        tok_end = tok.idx - ctx.offset + len(tok.text)
        if tok_end > len(ctx.text) or tok_end <= num_end:
            return None
        return tok.lower_, tok.lemma_.lower(), tok_end
    guess = _counted_from_text(ctx.text, num_end, value)
    if guess is None:
        return None
    word, word_end = guess
    if word in UNIT_BY_SURFACE:
        return None
    return word, _singular(word), word_end


def _quantity_from_match(ctx: _Context, m: re.Match[str], taken: list[_Span]) -> Quantity | None:
    text = ctx.text
    num_text = m.group("num")
    is_digits = num_text[0].isdigit()
    value = parse_number(num_text)
    if value is None:
        return None
    start = m.start("cur") if m.group("cur") else m.start("num")
    end = m.end("num")
    after = text[end:]
    if not is_digits and (
        _ANAPHORIC_BEFORE.search(text[max(0, start - 12) : start])
        or (num_text.lower() == "one" and _IDIOM_AFTER_ONE.match(after))
    ):
        return None  # "the two nations" refers back; "one and only" is an idiom
    if is_digits and (_ORDINAL_TAIL.match(after) or re.fullmatch(r"0\d+", num_text)):
        return None  # "31st"; "000" left over from a number split by a stray space
    if num_text == "One" and _starts_sentence(text[:start], None):
        return None  # "One factor was ...": a determiner, not a count
    if (
        is_digits
        and re.match(r"\.\d|[A-Za-z]", after)
        and not (m.group("scale") or m.group("unit"))
    ):
        return None  # "3.8.0", "4G": versions and names
    before = text[:start]
    if _NAME_PREFIX.search(before) or _LABEL_BEFORE.search(before, max(0, start - 20)):
        return None
    if is_digits and (re.match(r"\s?/\s?\d", after) or re.search(r"\d\s?/\s?$", before)):
        return None  # "9/11", "24/7", "9 / 11": a date or a fraction, not an amount
    if re.search(r"[A-Za-z]-$", before):
        return None  # "Hwasong-19"

    prefix = m.group("cur")
    scale_word = m.group("scale")
    unit: str | None = None
    if scale_word:
        s = scale_word.lower()
        if s in MONEY_ONLY_SCALES and not prefix:
            if s == "m" and is_digits and not m.group("unit"):
                unit, end = "meter", m.end("scale")  # "100m": metres, not millions
            elif re.match(r"[A-Za-z]", after):
                return None  # "1B", "3K": a name or a code
            scale_word = None
        else:
            value *= SCALES[s]
            end = m.end("scale")
    if m.group("unit") and (scale_word or not m.group("scale")):
        unit = _unit_of(m.group("unit"))
        end = m.end("unit")
        age = _AGE_TAIL.match(text, end) if unit in AGE_UNITS and not scale_word else None
        if unit is not None and age is not None:
            # "a 37-year-old man": an age, which no duration should be compared with.
            unit, end = AGE_UNITS[unit][0], age.end()
    currency = _currency_of(prefix, m.group("curword"), bool(scale_word))
    if unit == "pound" and scale_word and currency is None:
        currency = "GBP"  # "5 million pounds" is money; "3 pounds of meat" a weight
    if currency is not None:
        if m.group("curword") and end == m.start("curword") - 1:
            end = m.end("curword")
        unit = currency
    elif prefix:
        return None
    score = _RANGE_TAIL.match(after)
    if (
        unit is None
        and is_digits
        and not scale_word
        and score is not None
        and not re.match(r"\s*(?:to|and)\b", after)
        and _counted_after(ctx, start, end + score.end(), 2.0) is None
    ):
        return None  # "3-0", "5-4": a score unless something is counted after it
    return _build(ctx, start, end, value, unit, taken, is_digits)


def _starts_sentence(before: str, cap: re.Match[str] | None) -> bool:
    """Whether the text before a number (and before ``cap``, a word in its last 30
    characters) ends a sentence, i.e. that word or the number opens one."""
    window_start = max(0, len(before) - 30)
    head = (before[: window_start + cap.start()] if cap else before).rstrip()
    return head == "" or head[-1] in '.!?\n:"“'


def _build(
    ctx: _Context,
    start: int,
    end: int,
    value: float,
    unit: str | None,
    taken: list[_Span],
    is_digits: bool,
) -> Quantity | None:
    text = ctx.text
    qualifier: Qualifier = "exact"
    q_start = start
    qual = _qualifier_before(text, start)
    if qual is not None:
        qualifier, q_start, _ = qual
    tail = _QUALIFIER_AFTER.match(text[end:])
    if tail:
        word = (tail.group(1) or "").lower()
        qualifier = TAIL_QUALIFIERS.get(word, "more_than")
        end += tail.end()
    alternates: tuple[tuple[float, str], ...] = ()
    base_value = value
    base_unit: str | None = None
    counted: str | None = None
    if unit is not None and unit.isupper():  # money: no exchange rates offline
        base_unit = unit
        alt = _alternate(text[end:], unit)
        if alt is not None:
            alternates, end = (alt[0],), end + alt[1]
    elif unit is not None:
        conv = _to_base(unit)
        if conv is not None:
            base_value, base_unit = value * conv[0], conv[1]
        else:
            base_unit = unit
        alt = _alternate(text[end:], unit)
        if alt is not None:
            alternates, end = (alt[0],), end + alt[1]
    else:
        # A range "10-15 people" keeps its low end: look for the noun after the high end.
        rng = _RANGE_TAIL.match(text[end:])
        noun_from = end + rng.end() if rng else end
        found = _counted_after(ctx, start, noun_from, value)
        if found is not None:
            counted, base_unit, end = found
            if rng:
                qualifier = "at_least"
            tail = _QUALIFIER_AFTER.match(text[end:])
            if tail and tail.group(1):  # "50 people or more"
                qualifier = TAIL_QUALIFIERS.get(tail.group(1).lower(), qualifier)
                end += tail.end()
        elif not is_digits:
            return None  # "one of them", "the two": nothing counted
        else:
            cap = _CAPITALISED_WORD_BEFORE.search(text[max(0, start - 30) : start])
            if cap and cap.group(1) not in NOT_NAMES_BEFORE_NUMBERS:
                return None  # "Apollo 11", "Route 66": a number that is part of a name
    if not math.isfinite(base_value):
        return None
    later = [s.start for s in taken if s.start >= start]
    if later:
        end = min(end, min(later))
    return Quantity(
        text=text[q_start:end],
        value=value,
        unit=unit,
        base_value=base_value,
        base_unit=base_unit,
        counted=counted,
        qualifier=qualifier,
        start=q_start,
        end=end,
        alternates=alternates,
    )


def _alternate(after: str, unit: str) -> tuple[tuple[float, str], int] | None:
    """A restatement in parentheses right after a quantity: "(250 miles)", "(€1.8 billion)"."""
    m = _ALTERNATE_RE.match(after)
    if m is None:
        return None
    value = parse_number(m.group("num"))
    if value is None:
        return None
    scale = m.group("scale")
    if unit.isupper():
        currency = _currency_of(m.group("cur"), m.group("curword"), bool(scale))
        if currency is None:
            return None
        if scale and scale.lower() in SCALES:
            value *= SCALES[scale.lower()]
        return (value, currency), m.end()
    alt_unit = _unit_of(m.group("unit"))
    if alt_unit is None or scale or _dimension(alt_unit) != _dimension(unit):
        return None
    return (value, alt_unit), m.end()


_LEADING_QUALIFIER = re.compile(
    r"^(" + "|".join(re.escape(q).replace(r"\ ", r"\s+") for q, _ in QUANTITY_QUALIFIERS) + r")\s+",
    re.IGNORECASE,
)


def qualifier_phrase(q: Quantity) -> str | None:
    """The words that set a quantity's qualifier, lower case ("at least", "or more"), if any."""
    m = _LEADING_QUALIFIER.match(q.text)
    if m:
        return " ".join(m.group(1).lower().split())
    tail = re.search(r"\bor\s+(?:more|so|less|fewer)$", q.text, re.IGNORECASE)
    return " ".join(tail.group(0).lower().split()) if tail else None


def unit_label(unit: str, value: float) -> str:
    """A unit in words, in the number ``value`` asks for: "1 mile", "250 miles", "37 years old".

    Currency codes stay as they are ("USD").
    """
    if unit.isupper():
        return unit
    singular, plural = UNIT_WORDS.get(unit) or (unit.replace("_", " "), "")
    if abs(value) == 1:
        return singular
    return plural or plural_noun(singular)


def plural_noun(noun: str) -> str:
    """The plural of an English noun or noun phrase (its last word): "juror" -> "jurors".

    Regular endings only, plus nouns that are already plural ("people", "police").
    """
    head, _, last = noun.rpartition(" ")
    low = last.lower()
    if not low or low in PLURAL_NOUNS:
        plural = last
    elif low in IRREGULAR_PLURALS:
        plural = IRREGULAR_PLURALS[low]
    elif len(low) > 3 and low.endswith("s") and not low.endswith(("ss", "us", "is")):
        plural = last  # already plural: "missiles"
    elif len(low) > 1 and low.endswith("y") and low[-2] not in "aeiou":
        plural = last[:-1] + "ies"
    elif low.endswith(("s", "x", "z", "ch", "sh")):
        plural = last + "es"
    else:
        plural = last + "s"
    return f"{head} {plural}" if head else plural


def count_noun(q: Quantity, value: float) -> str | None:
    """What a count counts, in the number ``value`` asks for ("1 missile", "7 missiles")."""
    lemma = q.base_unit if q.unit is None else None
    surface = q.counted
    if not lemma and not surface:
        return None
    if abs(value) == 1:
        word = lemma or surface or ""
        return _SINGULARS.get(word.lower(), word)
    if surface and lemma and surface.lower() != lemma.lower():
        return surface  # already plural as written ("missiles", "people")
    return plural_noun(lemma or surface or "")


def base_amounts(q: Quantity) -> list[tuple[float, str | None]]:
    """The quantity's value and its alternates, each in base units."""
    out: list[tuple[float, str | None]] = [(q.base_value, q.base_unit)]
    for value, unit in q.alternates:
        if unit.isupper():
            out.append((value, unit))
            continue
        conv = _to_base(unit)
        out.append((value * conv[0], conv[1]) if conv else (value, unit))
    return out


def same_amount(a: Quantity, b: Quantity, tolerance: float = 0.03) -> bool:
    """Whether two quantities state the same amount, within rounding.

    Any statement of ``a`` (its value or an alternate) matching any of ``b``
    counts: "400 kilometers (250 miles)" and "250 miles" are the same amount
    (402 km against 400 km is inside the default 3 % tolerance).
    """
    for va, ua in base_amounts(a):
        for vb, ub in base_amounts(b):
            if ua != ub:
                continue
            scale = max(abs(va), abs(vb))
            if scale == 0 or abs(va - vb) <= tolerance * scale:
                return True
    return False
