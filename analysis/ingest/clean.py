"""Page cleaning: split an article's text into role-tagged blocks, read its page metadata.

Text copied from a web page carries more than the story: navigation words,
"See also" links, photo captions with their credits, wire prefixes such as
"(Bloomberg) --", time stamps, bylines, copyright lines. :func:`segment` tells
them apart with cheap signals only (regular expressions, line shape, position
on the page, a lexicon of photo and wire agencies), so it runs in well under a
millisecond per kilobyte and needs no NLP model. :func:`find_page_meta` then
reads the headline, outlet, byline and publication date from those blocks.

Every offset is into the text as given, so a block can always be shown in
context.

Why one module of some 800 lines: :func:`segment` and :func:`find_page_meta`
read the same line shapes with the same date, byline, credit and wire-prefix
patterns, and segmenting already decides which line is the dateline and which
the byline that the metadata reader then parses. Split apart, each pattern
would live away from half of its readers. (Page metadata, from "page
metadata" on, is the seam to cut along if it grows.)
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from analysis.lexicon.agencies import PHOTO_AND_WIRE_AGENCIES
from analysis.lexicon.calendar import MONTH_PATTERN, MONTHS, WEEKDAY_PATTERN
from analysis.lexicon.page import (
    CHROME_LINES,
    LINK_LABELS,
    LINK_PHRASES,
    NOT_A_PLACE_LABELS,
    PROMO_OPENERS,
    SOCIAL_NETWORKS,
)
from analysis.lexicon.stop_words import TITLE_CASE_SMALL_WORDS
from analysis.model import Block, BlockRole, PageMeta

__all__ = ["find_page_meta", "segment"]

# --- lexicons ------------------------------------------------------------------


def _alternation(words: tuple[str, ...]) -> str:
    """Words of the lexicon as a regex alternation (spaces escaped for re.VERBOSE)."""
    return "|".join(re.escape(w) for w in words)


_AGENCY_ALT = "|".join(re.escape(a) for a in sorted(PHOTO_AND_WIRE_AGENCIES, key=len, reverse=True))
_AGENCY_FULL = re.compile(rf"(?:{_AGENCY_ALT})")


# Prefixes that turn the rest of a short line into a link ("See also  <title>").
# Multi-word phrases need no separator; single words need one (":", "|", "»", NBSP,
# or two spaces) so that "Related charges were filed" stays a sentence.
_CHROME_PREFIX = re.compile(
    rf"""^(?:
        (?:{_alternation(LINK_PHRASES)})
        (?:\s*[:|»>\-–—]|\u00a0|\s)
      | (?:{_alternation(LINK_LABELS)})
        (?:\s*[:|»>]|\u00a0|\s{{2,}})
    )""",
    re.IGNORECASE | re.VERBOSE,
)

# Promotional lines: an imperative aimed at the reader, pointing somewhere else.
_PROMO = re.compile(
    rf"^(?:{_alternation(PROMO_OPENERS)})\b.{{0,200}}?"
    r"(?:https?://|www\.|\.com\b|\.org\b|\.net\b|@\w|newsletter|"
    rf"on\ (?:{_alternation(SOCIAL_NETWORKS)}))",
    re.IGNORECASE | re.VERBOSE,
)
_URL_ONLY = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)

# "©2024 Bloomberg L.P.", "Copyright 2013 The Associated Press", "(c) 2020 ...", but
# not a sentence about copyright ("Copyright law was changed ...").
_COPYRIGHT = re.compile(
    r"^(?:©|\([cC]\)\s*(?:19|20)\d{2}"
    r"|(?i:copyright)\s*(?:©|\([cC]\)|(?:19|20)\d{2}\b|(?i:by)\s|[A-Z])"
    r"|(?i:all rights reserved))"
)
# Wire update notes: "(Adds more details ...)", "(Updates with ...)", "(Corrects ...)".
_UPDATE_NOTE = re.compile(
    r"^\((?:adds?|updates?|corrects?|recasts?|refiles?|repeats?|rewrites?|changes?|removes?|"
    r"fixes?|clarifies?|writes\ through|this\ (?:story|article|version))\b[^()]*"
    r"(?:\([^()]*\)[^()]*)*\)$",
    re.IGNORECASE | re.VERBOSE,
)

# --- dates ------------------------------------------------------------------------

_ORD = r"(?:st|nd|rd|th)?"
_DATE_PATTERNS = (
    # May 03, 2013 / Dec. 7, 2009 / Nov 12 2011 / May 3rd, 2013
    re.compile(
        rf"\b(?P<mon>{MONTH_PATTERN})\.?\s+(?P<day>\d{{1,2}}){_ORD}\b(?:\s*[,-]\s*|\s+)(?P<year>\d{{4}})\b",
        re.IGNORECASE,
    ),
    # 7 July 2012 / 22 JUL 2013 / 6th June, 2013
    re.compile(
        rf"\b(?P<day>\d{{1,2}}){_ORD}\s+(?P<mon>{MONTH_PATTERN})\.?,?\s+(?P<year>\d{{4}})\b",
        re.IGNORECASE,
    ),
    # 05 / 02 / 2013, 8/2/13 (month first unless the first number cannot be a month)
    re.compile(r"\b(?P<a>\d{1,2})\s*/\s*(?P<b>\d{1,2})\s*/\s*(?P<year>\d{4}|\d{2})\b"),
    # 08.07.2012: dotted day-month-year, as written in Europe
    re.compile(r"\b(?P<day>\d{1,2})\.(?P<mon>\d{1,2})\.(?P<year>(?:19|20)\d{2})\b"),
    # 2013-09-26, 2012.08.08
    re.compile(
        r"\b(?P<year>(?:19|20)\d{2})\s*[-./]\s*(?P<mon>\d{1,2})\s*[-./]\s*(?P<day>\d{1,2})\b"
    ),
)
# Month and day without a year: "Nov 11", "5 November".
_DATE_NO_YEAR = (
    re.compile(rf"\b(?P<mon>{MONTH_PATTERN})\.?\s+(?P<day>\d{{1,2}}){_ORD}\b", re.IGNORECASE),
    re.compile(rf"\b(?P<day>\d{{1,2}}){_ORD}\s+(?P<mon>{MONTH_PATTERN})\b\.?", re.IGNORECASE),
)
_TIME = re.compile(
    r"\b\d{1,2}(?:[:.]\s?\d{2}){1,2}(?:\s*[ap]\.?\s?m\b\.?|[ap]\b)?"
    r"|\b\d{1,2}\s*[ap]\.?\s?m\b\.?"
    r"|\b\d{3,4}\s*(?=GMT|UTC|hrs)",
    re.IGNORECASE,
)
_TIME_ZONE = re.compile(
    r"\(?\b(?:[ECMPA]K?[SD]?T|GMT|UTC|BST|IST|CET|CEST|EET|EEST|HKT|JST|KST|AEST|AEDT|"
    r"SGT|MSK|WIB|PT|ET|CT|MT)\b(?:\s*[+-]\s*\d{1,2}(?::\s*\d{1,2})?)?\)?"
)
_STAMP_LABEL = re.compile(
    r"\b(?:first|originally|last|story|time|date)?\s*"
    r"(?P<label>published|updated|posted|created|modified|edited|downloaded)\b\s*(?:on|at)?\s*:?",
    re.IGNORECASE,
)
_STAMP_FILLER = re.compile(
    rf"\b(?:{WEEKDAY_PATTERN}|{MONTH_PATTERN}|at|on|hrs|ago|years?|days?|hours?|minutes?|mins?|and|time|"
    r"date|last|first|originally|story)\b\.?",
    re.IGNORECASE,
)


_DIGIT = re.compile(r"\d")
# A lowercase word that no time stamp holds: its presence rules a dateline out
# before the costlier date search runs.
_RUNNING_WORD = re.compile(
    r"(?<![\w'’.:-])(?!(?:at|on|and|of|hrs|ago|years?|days?|hours?|minutes?|mins?|am|pm|"
    r"published|updated|posted|created|modified|edited|downloaded|time|date|last|first|"
    r"originally|story|st|nd|rd|th)\b)[a-z]{2,}"
)


@dataclass(frozen=True, slots=True)
class _FoundDate:
    start: int
    iso: str | None  # None when the stamp has no year (month and day only)
    month: int
    day: int


def _valid_iso(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _month_number(name: str) -> int:
    return MONTHS[name[:3].lower()]


def _find_dates(s: str) -> list[_FoundDate]:
    """Every full date in ``s`` (ordered by position); month-day dates when there is none."""
    found: list[_FoundDate] = []
    taken: list[tuple[int, int]] = []
    for pattern in _DATE_PATTERNS:
        for m in pattern.finditer(s):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            groups = m.groupdict()
            year = int(groups["year"])
            if year < 100:
                # Two-digit years on news pages: 09 is 2009, 97 is 1997.
                year += 2000 if year < 50 else 1900
            if "a" in groups and groups.get("a") is not None:
                first, second = int(groups["a"]), int(groups["b"])
                month, day = (second, first) if first > 12 else (first, second)
            else:
                mon = groups["mon"]
                month = int(mon) if mon.isdigit() else _month_number(mon)
                day = int(groups["day"])
            iso = _valid_iso(year, month, day)
            if iso is None:
                continue
            taken.append((m.start(), m.end()))
            found.append(_FoundDate(m.start(), iso, month, day))
    if not found:
        for pattern in _DATE_NO_YEAR:
            for m in pattern.finditer(s):
                month, day = _month_number(m["mon"]), int(m["day"])
                if _valid_iso(2000, month, day) is not None:
                    found.append(_FoundDate(m.start(), None, month, day))
            if found:
                break
    found.sort(key=lambda d: d.start)
    return found


def _is_dateline(s: str) -> bool:
    """A time stamp line: a date (or a labelled time) and at most two capitalised words.

    "June 07, 2031", "PUBLISHED: TUESDAY, MARCH 11, 2031, 4:05 PM", "Updated 7:15 p. m. ET",
    "Lyon, Feb 23 -" are datelines; "On Nov. 3, he left." is not (lowercase words
    remain once the date is taken out).
    """
    if len(s) > 110 or not _DIGIT.search(s) or _RUNNING_WORD.search(s):
        return False
    dates = _find_dates(s)
    labelled = _STAMP_LABEL.search(s) is not None
    has_time = _TIME.search(s) is not None
    if not dates and not (has_time and (labelled or _TIME_ZONE.search(s))):
        return False
    rest = s
    for pattern in (*_DATE_PATTERNS, *_DATE_NO_YEAR):
        rest = pattern.sub(" ", rest)
    rest = _TIME.sub(" ", rest)
    rest = _TIME_ZONE.sub(" ", rest)
    rest = _STAMP_LABEL.sub(" ", rest)
    rest = _STAMP_FILLER.sub(" ", rest)
    words = re.findall(r"[^\W\d_][\w'’.-]*", rest)
    if any(w[0].islower() for w in words):
        return False
    return len(words) <= 2 and sum(len(w) for w in words) <= 25


def _dateline_iso(s: str, fallback_year: int | None) -> tuple[str | None, bool]:
    """The publication date a stamp gives, and whether it is labelled as an update."""
    dates = _find_dates(s)
    if not dates:
        return None, False
    labels = [(m.start(), m["label"].lower()) for m in _STAMP_LABEL.finditer(s)]

    def label_before(d: _FoundDate) -> str | None:
        preceding = [label for pos, label in labels if pos <= d.start]
        return preceding[-1] if preceding else None

    ranked = sorted(
        dates,
        key=lambda d: {"published": 0, "posted": 0, "created": 0, None: 1}.get(label_before(d), 2),
    )
    best = ranked[0]
    is_update = label_before(best) in ("updated", "modified", "edited", "downloaded")
    if best.iso is not None:
        return best.iso, is_update
    if fallback_year is not None:
        return _valid_iso(fallback_year, best.month, best.day), is_update
    return None, is_update


# --- bylines, credits, wire prefixes ------------------------------------------------------

_NAME_TOKEN = r"(?:[A-Z][A-Za-z'’-]*[A-Za-z]|[A-Z]\.)"
_NAME_PARTICLE = r"(?:de|van|von|der|den|da|di|du|la|le|del|bin|al)"
_NAME = rf"{_NAME_TOKEN}(?:\s+(?:{_NAME_PARTICLE}\s+)?{_NAME_TOKEN}){{0,4}}"
# Capitalised words that follow a sentence-opening "By" and are not names.
_NOT_A_NAME = re.compile(
    rf"^(?:{WEEKDAY_PATTERN}|{MONTH_PATTERN}|the|then|now|far|late|early|this|that|these|those|all|"
    r"contrast|comparison|law|day|night|noon|midnight|way)\b",
    re.IGNORECASE,
)
# "By Jane Doe", "BY JANE DOE and JOHN ROE", "Written by J. Doe, Reuters". The names
# are matched case-sensitively, so "By the time crews arrived" is no byline.
_BYLINE = re.compile(
    rf"^(?:(?i:written|posted|reported|story|words|text|photos?)\s+)?(?i:by)\s*:?\s+"
    rf"(?P<names>{_NAME}(?:\s*(?:,|\b(?i:and)\b|&)\s*{_NAME})*)"
    r"(?P<rest>\s*(?:[,|/–—-]|\bfor\b)\s*[^.!?]{0,60})?$"
)
_REPORTING_BY = re.compile(
    r"^(?:\(?\s*)(?:reporting|writing|additional reporting)\s+by\s+(?P<names>[^;()]{2,120})"
    r"(?:;.*)?\)?$",
    re.IGNORECASE,
)
_CREDIT_KEYWORD = re.compile(
    r"^(?:(?:AP|AFP|Reuters|EPA|File|Handout|Staff)\s+)?"
    r"(?:photo(?:graph)?s?|photographer|pictures?|images?|credit|photo\s+credit|illustration|"
    r"graphic|video|footage)(?:\s+by)?\s*[:|]\s*\S"
    r"|^(?:photo(?:graph)?|picture|image)s?\s+by\s+[A-Z]",
    re.IGNORECASE,
)
_CREDIT_PAREN = re.compile(
    rf"^\((?:[^()]*\b(?:[Pp]hoto|PHOTO|[Cc]redit|[Ii]mage|[Pp]icture)s?\b[^()]*|"
    rf"(?:{_AGENCY_ALT})(?:\s+Photo)?(?:\s*/[^()]*)?)\)$"
)
_CREDIT_SEPARATOR = re.compile(r"\s*/\s*|\s+via\s+|\s*\|\s*|\s*;\s*|\s*,\s*")
_CREDIT_PART = re.compile(
    r"^(?:(?i:courtesy\s+of|courtesy|file|photo|handout)\s+)?"
    r"[A-Z0-9][\w'’&-]*\.?(?:\s+(?:of|for|the|de|van|von|la|le|da|di|[A-Z0-9][\w'’&-]*\.?)){0,5}$"
)
_TERMINAL = re.compile(r"[.!?…][\"'”’»)\]]*$")
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’»)\]]*\s+")
_WIRE_PREFIX = re.compile(
    r"^(?P<place>[A-Z][\w'’.-]*(?:[ ,/]+[\w'’.-]+){0,6}?\s*)?"
    r"\((?P<agency>[A-Z][\w&.'’-]*(?:\s[A-Z][\w&.'’-]*){0,3})\)"
    r"\s*(?:--|[-–—:])"
)
_PLACE_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z'’.-]{3,}(?:[ /]+[A-Z][A-Z'’.-]+){0,3}"
    r"(?:,\s+[A-Z][A-Za-z.]{1,12}(?:\s[A-Z][A-Za-z.]+)?)?)\s*(?:--|[-–—])\s+(?=[\"“A-Z])"
)
# Wire prefixes and place datelines are short; looking for them only this far into
# a line keeps a huge one-line paragraph from costing seconds of backtracking.
_PREFIX_WINDOW = 300


def _is_credit_text(s: str, glued: bool) -> bool:
    """Whether ``s`` is a photo credit: "JEON HEON-KYUN/EPA-EFE/Shutterstock", "AP",
    "POOL/AFP via Getty Images", "Photographer: ...", "(AP Photo/Ahn Young-joon)"."""
    if not s or len(s) > 250:
        return False
    words = s.split()
    if _CREDIT_KEYWORD.match(s):
        body = s.split(":", 1)[1] if ":" in s[:30] else s
        # A long sentence after "Photo:" is a caption that names itself, not a credit.
        return len(words) <= (24 if glued else 14) and not _TERMINAL.search(body.strip())
    if _CREDIT_PAREN.match(s):
        return True
    if len(words) > 14 or (_TERMINAL.search(s) and not re.search(r"\b[A-Z]\.$|L\.P\.$", s)):
        return False
    core = re.sub(r"\s*\([^()]*\)$", "", s).strip()
    parts = [p for p in _CREDIT_SEPARATOR.split(core) if p]
    if not parts or not all(_CREDIT_PART.match(p) for p in parts):
        return False
    if any(_AGENCY_FULL.fullmatch(p) for p in parts):
        return True
    # NAME/NAME with an all-caps part: "JOHN DOE/STAFF".
    return "/" in core and any(p.isupper() and len(p) > 1 for p in parts)


# --- units and pieces ------------------------------------------------------------------

# What a piece of a line is before the page layout decides its role; "text" becomes
# headline, body or chrome by its position.
_Kind = Literal["chrome", "dateline", "byline", "credit", "caption", "text"]


@dataclass(slots=True)
class _Piece:
    start: int
    end: int
    kind: _Kind
    para: int
    whole: bool  # the piece is its whole line (nothing split off it)
    after_wire: bool = False  # the rest of a paragraph opened by a wire prefix


def _units(text: str) -> Iterator[tuple[int, int, int]]:
    """(start, end, paragraph) of each non-blank line, trimmed; hard-wrapped lines joined.

    A line of 60+ characters with no closing punctuation, followed in the same
    paragraph by a line starting in lowercase, is one wrapped sentence.
    """
    para = 0
    pending: tuple[int, int, int] | None = None
    pos = 0
    for raw in text.split("\n"):
        line_start, pos = pos, pos + len(raw) + 1
        stripped = raw.strip()
        if not stripped:
            if pending is not None:
                yield pending
                pending = None
            para += 1
            continue
        start = line_start + (len(raw) - len(raw.lstrip()))
        end = start + len(stripped)
        if pending is not None:
            prev = text[pending[0] : pending[1]]
            if (
                len(prev) >= 60
                and stripped[0].islower()
                and not _TERMINAL.search(prev)
                and not _is_title_case(prev)
                and not _is_dateline(stripped)
            ):
                pending = (pending[0], end, para)
                continue
            yield pending
        pending = (start, end, para)
    if pending is not None:
        yield pending


def _norm(s: str) -> str:
    return " ".join(re.sub(r"[^\w\s']", " ", s.casefold().replace("’", "'")).split())


def _words(s: str) -> int:
    return len(s.split())


def _classify_whole(s: str) -> _Kind:
    """What a line (or the rest of one) is on its own: chrome, dateline, byline, credit, text."""
    if not any(c.isalnum() for c in s):
        return "chrome"
    if _COPYRIGHT.match(s) or _UPDATE_NOTE.match(s) or _URL_ONLY.match(s):
        return "chrome"
    if len(s) > 250:
        return "text"  # too long for any of the shapes below: skip them, it is a paragraph
    n = _words(s)
    if n <= 6 and _norm(s) in CHROME_LINES:
        return "chrome"
    if n <= 25 and _CHROME_PREFIX.match(s) and not _TERMINAL.search(s):
        return "chrome"
    if _PROMO.match(s):
        return "chrome"
    if n <= 18 and _is_dateline(s):
        return "dateline"
    if _is_byline(s):
        return "byline"
    if _is_credit_text(s, glued=False):
        return "credit"
    return "text"


def _is_byline(s: str) -> bool:
    if len(s) > 120:
        return False
    m = _BYLINE.match(s)
    if m:
        names = m["names"]
        if _NOT_A_NAME.match(names):
            return False
        # "By Friday." ends a sentence; "By J. Doe" may end in an initial.
        return not (s.endswith(".") and not re.search(r"\b[A-Z]\.$", s))
    return _REPORTING_BY.match(s) is not None


def _split_trailing_credit(s: str) -> int | None:
    """Offset in ``s`` where a photo credit glued to a caption starts, or None.

    The caption must be a sentence of three words or more; the credit is the
    longest tail after a sentence end that has a credit's shape.
    """
    if len(s) < 12:
        return None
    # The head has three words once it reaches into the third: found once, so
    # that a huge single-line paragraph is not split into words for every candidate.
    third = _THIRD_WORD.match(s)
    if third is None:
        return None
    floor = max(0, len(s) - 260)
    for m in _SENTENCE_END.finditer(s, floor):
        if m.start() >= third.end() and _is_credit_text(s[m.end() :], glued=True):
            return m.end()
    return None


_THIRD_WORD = re.compile(r"\s*\S+\s+\S+\s+\S")


def _pieces(text: str) -> list[_Piece]:
    pieces: list[_Piece] = []
    paragraphs_seen = 0
    for start, end, para in _units(text):
        s = text[start:end]
        whole, after_wire = True, False
        kind = _classify_whole(s)
        # Wire prefixes and place datelines open the first paragraphs of the story.
        if kind == "text" and paragraphs_seen < 3:
            split = _split_wire_prefix(s, allow_place_only=paragraphs_seen == 0)
            if split is not None:
                head_end, rest_start, prefix_kind = split
                pieces.append(_Piece(start, start + head_end, prefix_kind, para, whole=False))
                start += rest_start
                s = text[start:end]
                whole, after_wire = False, True
                kind = _classify_whole(s)
        if _is_body_like(s):
            paragraphs_seen += 1
        if kind == "text":
            cut = _split_trailing_credit(s)
            if cut is not None:
                head = s[:cut].rstrip()
                pieces.append(_Piece(start, start + len(head), "caption", para, whole=False))
                pieces.append(_Piece(start + cut, end, "credit", para, whole=False))
                continue
            date_split = _split_date_prefix(s)
            if date_split is not None:
                head_end, rest_start = date_split
                rest_kind = _classify_whole(s[rest_start:])
                pieces.append(_Piece(start, start + head_end, "dateline", para, whole=False))
                pieces.append(_Piece(start + rest_start, end, rest_kind, para, whole=False))
                continue
        pieces.append(_Piece(start, end, kind, para, whole, after_wire))
    return pieces


def _split_wire_prefix(s: str, allow_place_only: bool) -> tuple[int, int, _Kind] | None:
    """Split "(Bloomberg) -- ..." (chrome) or "SEOUL, Nov 5 (Reuters) - ..." (dateline)."""
    m = _WIRE_PREFIX.match(s, 0, _PREFIX_WINDOW)
    if m and m.end() < len(s) and s[m.end()].isspace():
        place = (m["place"] or "").strip()
        agency = m["agency"]
        known = _AGENCY_FULL.fullmatch(agency) is not None
        place_ok = not place or all(w[0].isupper() or w[0].isdigit() for w in place.split())
        if place_ok and (known or _words(agency) <= 3):
            rest = m.end() + (len(s[m.end() :]) - len(s[m.end() :].lstrip()))
            return m.end(), rest, "dateline" if place else "chrome"
    if allow_place_only:
        m = _PLACE_DATELINE.match(s, 0, _PREFIX_WINDOW)
        if m and m["place"].split()[0].strip(",") not in NOT_A_PLACE_LABELS:
            dash_end = m.end()
            head = s[:dash_end].rstrip()
            return len(head), dash_end, "dateline"
    return None


_DATE_PREFIX = re.compile(r"^(?P<stamp>.{4,60}?)\s+[-–—|](?=\s+\S)")


def _split_date_prefix(s: str) -> tuple[int, int] | None:
    """Split "14 / 06 / 2029 - Norland to hold ..." into dateline (with its dash)
    and the rest."""
    m = _DATE_PREFIX.match(s)
    if m and _is_dateline(m["stamp"]) and _find_dates(m["stamp"]):
        rest = m.end() + len(s[m.end() :]) - len(s[m.end() :].lstrip())
        return m.end(), rest
    return None


def _is_body_like(s: str) -> bool:
    n = _words(s)
    return n >= 20 or (n >= 8 and _TERMINAL.search(s) is not None)


def _is_title_case(s: str) -> bool:
    words = [
        w for w in re.findall(r"[^\W\d_][\w'’-]*", s) if w.lower() not in TITLE_CASE_SMALL_WORDS
    ]
    if len(words) < 3:
        return False
    capitalised = sum(w[0].isupper() for w in words)
    # A sentence full of names ("Polling for Senate seats in Tarvo opened ...") is not
    # title case; a headline capitalises every word that is not a small one.
    return capitalised == len(words) or (
        capitalised / len(words) >= 0.8 and len(words) >= 6 and not _TERMINAL.search(s)
    )


def _headline_shaped(s: str, stamp_before: bool, stamp_after: bool) -> bool:
    """Whether a header line reads as a headline rather than the story's first sentence."""
    n = _words(s)
    if n < 2 or n > 30 or len(s) > 220:
        return False
    if not _TERMINAL.search(s) or _is_title_case(s):
        return True
    letters = [c for c in s if c.isalpha()]
    if letters and all(c.isupper() for c in letters):
        return True
    # A sentence with a full stop is a headline only when the page header frames
    # it: a time stamp right under it, or a short line right under a time stamp.
    return stamp_after or (stamp_before and n <= 10)


def segment(text: str) -> list[Block]:
    """Blocks covering every non-whitespace character of text, in order, non-overlapping,
    each with role in headline/byline/dateline/body/caption/credit/chrome; start/end are offsets
    into text; no block starts or ends with whitespace.

    A block is a line (a paragraph, or one sentence of a one-sentence-per-line
    text); a line may hold several blocks: a caption with its photo credit
    glued to its end, a wire prefix ("(Bloomberg) --", chrome) or a wire
    dateline ("SEOUL, Nov 5 (Reuters) -") before the first paragraph's text.

    The headline is the first line of the page header that is shaped like one
    (2 to 30 words, and no closing full stop, or title case, or a time stamp or
    byline beside it); a first line that reads as a running sentence is body.
    Short lines without closing punctuation before the first paragraph or after
    the last are page chrome, and so is a repeat of the headline.
    """
    pieces = _pieces(text)
    if not pieces:
        return []
    strings = [text[p.start : p.end] for p in pieces]
    body_like = [i for i, p in enumerate(pieces) if p.kind == "text" and _is_body_like(strings[i])]
    first_body = body_like[0] if body_like else len(pieces)
    last_body = body_like[-1] if body_like else -1
    headline = _choose_headline(pieces, strings, first_body)
    headline_norm = _norm(strings[headline]) if headline is not None else None

    roles: list[BlockRole] = []
    for i, p in enumerate(pieces):
        s = strings[i]
        if p.kind == "credit" and p.whole and i > 0 and roles[-1] == "body":
            prev = pieces[i - 1]
            # A credit on its own line labels the picture caption just above it.
            if prev.kind == "text" and prev.para == p.para and _words(strings[i - 1]) <= 60:
                roles[-1] = "caption"
        if p.kind == "credit" and p.whole and roles and roles[-1] == "byline":
            roles.append("byline")  # "Associated Press" under "By Jane Doe" names her employer
            continue
        if p.kind != "text":
            roles.append(_KIND_ROLE[p.kind])
            continue
        closing = _TERMINAL.search(s) is not None
        if i == headline:
            roles.append("headline")
        elif (
            headline is not None
            and i > headline
            and abs(len(s) - len(strings[headline])) < 8
            and _norm(s) == headline_norm
        ):
            roles.append("chrome")  # the page repeats its headline above the story
        elif (
            i < first_body
            and not closing
            and (_words(s) <= 1 or (headline is not None and i < headline and _words(s) <= 3))
        ):
            roles.append("chrome")  # section labels and stamp words in the page header
        elif i > last_body and not closing and _words(s) <= 3:
            roles.append("chrome")  # "Trending", "Share" and the like under the story
        else:
            roles.append("body")
    return [Block(role=r, start=p.start, end=p.end) for p, r in zip(pieces, roles, strict=True)]


_KIND_ROLE: dict[_Kind, BlockRole] = {
    "chrome": "chrome",
    "dateline": "dateline",
    "byline": "byline",
    "credit": "credit",
    "caption": "caption",
    "text": "body",
}


def _choose_headline(pieces: list[_Piece], strings: list[str], first_body: int) -> int | None:
    """Index (in ``pieces``) of the headline, or None when the page has none."""
    candidates = [
        i
        for i, p in enumerate(pieces)
        if p.kind == "text" and not p.after_wire and i <= first_body and _words(strings[i]) >= 2
    ]
    if not candidates:
        return None

    def stamp(i: int, step: int) -> bool:
        # The nearest non-chrome piece on that side is a time stamp or a byline.
        j = i + step
        while 0 <= j < len(pieces) and pieces[j].kind == "chrome":
            j += step
        return 0 <= j < len(pieces) and pieces[j].kind in ("dateline", "byline")

    def shaped(i: int) -> bool:
        return _headline_shaped(strings[i], stamp(i, -1), stamp(i, 1))

    def content_follows(i: int) -> bool:
        return any(p.kind in ("text", "caption") for p in pieces[i + 1 :])

    first = candidates[0]
    s = strings[first]
    if (
        len(candidates) > 1
        and _words(s) <= 3
        and not _TERMINAL.search(s)
        and not stamp(first, -1)
        and not stamp(first, 1)
    ):
        second = candidates[1]
        s2 = strings[second]
        if (
            _words(s2) >= 4
            and content_follows(second)
            and (not _TERMINAL.search(s2) or _is_title_case(s2))
            and _headline_shaped(s2, False, False)
        ):
            # A two- or three-word section label ("World News") above the headline.
            return second
    if not content_follows(first):
        return None
    return first if shaped(first) else None


# --- page metadata --------------------------------------------------------------------------

_COPYRIGHT_HOLDER = re.compile(
    r"(?:©|\(c\)|copyright)\s*(?:©\s*)?(?P<year>(?:19|20)\d{2})?(?:\s*[-–]\s*(?:19|20)\d{2})?"
    r"[\s,]*(?:by\s+)?(?P<holder>[A-Z][\w&.'’ -]{1,60}?)"
    r"(?:[\s,]+(?:L\.?P\.?|Inc\.?|LLC|Ltd\.?|Limited|Corp\.?|Corporation|Co\.|plc|PLC|GmbH|"
    r"S\.A\.|Group|Media|Company))*"
    r"\s*(?:[.,;|]|all rights reserved|$)",
    re.IGNORECASE,
)


def find_page_meta(text: str, blocks: Sequence[Block]) -> PageMeta:
    """Title (= the headline block's text), outlet (detected from the text itself, e.g.
    "(Bloomberg) --" prefix, "(Reuters) -", "©2024 Bloomberg L.P.", "Copyright 2013 The
    Associated Press"), byline ("By Jane Doe" -> "Jane Doe"), published (ISO date from a
    dateline block such as "June 07, 2031", "PUBLISHED: TUESDAY, MARCH 11, 2031, 4:05 PM",
    "03 / 11 / 2031", "9:18 a. m. EDT March 11, 2031"), or None each.

    The outlet is the agency of a wire prefix when there is one (the text is
    that agency's), else the holder of a copyright line, else an agency named
    after a byline ("By Jane Doe, Reuters"). The date is the first stamp
    labelled as the publication, else the first that is not an update; a wire
    dateline with no year ("SEOUL, Nov 5") takes the year of a copyright line.
    """
    title: str | None = None
    outlet: str | None = None
    byline: str | None = None
    copyright_year: int | None = None
    copyright_holder: str | None = None
    byline_agency: str | None = None
    datelines: list[str] = []
    for block in blocks:
        s = text[block.start : block.end]
        if block.role == "headline" and title is None:
            title = " ".join(s.split())
        elif block.role == "dateline":
            datelines.append(s)
            m = _WIRE_PREFIX.match(s, 0, _PREFIX_WINDOW)
            if m and outlet is None:
                outlet = m["agency"]
        elif block.role == "chrome":
            m = _WIRE_PREFIX.match(s, 0, _PREFIX_WINDOW)
            if m and not m["place"] and outlet is None:
                outlet = m["agency"]
            elif _COPYRIGHT.match(s) and copyright_holder is None:
                holder = _COPYRIGHT_HOLDER.search(s)
                if holder:
                    copyright_holder = holder["holder"].strip(" .,-")
                    if holder["year"]:
                        copyright_year = int(holder["year"])
        elif block.role == "byline":
            if _AGENCY_FULL.fullmatch(s):
                byline_agency = byline_agency or s  # "Associated Press" under the byline
            elif byline is None:
                byline, agency = _parse_byline(s)
                byline_agency = byline_agency or agency
    outlet = outlet or copyright_holder or byline_agency
    return PageMeta(
        title=title,
        outlet=outlet,
        byline=byline,
        published=_published(datelines, copyright_year),
    )


_JOB = re.compile(
    r"\b(?:writer|correspondent|editor|reporter|staff|contributor|columnist|bureau|chief)\b",
    re.IGNORECASE,
)


def _parse_byline(s: str) -> tuple[str | None, str | None]:
    """("Jane Doe", agency or None) from "By Jane Doe, Reuters" or "Reporting by ..."."""
    m = _BYLINE.match(s)
    if m:
        parts = [" ".join(p.split()) for p in m["names"].split(",")]
        rest = re.sub(r"^for\s+", "", (m["rest"] or "").strip(" ,|/–—-"))
        agency = rest if rest and _AGENCY_FULL.fullmatch(rest) else None
        # "By Jane Doe, Reuters" / "By Jane Doe, Staff Writer": the tail is no name.
        while len(parts) > 1 and (_AGENCY_FULL.fullmatch(parts[-1]) or _JOB.search(parts[-1])):
            tail = parts.pop()
            if agency is None and _AGENCY_FULL.fullmatch(tail):
                agency = tail
        return ", ".join(parts), agency
    m = _REPORTING_BY.match(s)
    if m:
        return " ".join(m["names"].strip(" .").split()), None
    return None, None


def _published(datelines: Sequence[str], fallback_year: int | None) -> str | None:
    first_update: str | None = None
    for s in datelines:
        iso, is_update = _dateline_iso(s, fallback_year)
        if iso is None:
            continue
        if not is_update:
            return iso
        first_update = first_update or iso
    return first_update
