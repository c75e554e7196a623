"""Entity mentions in one article: names, their types and the roles written next to them.

This is the model-side half of the glossary. :func:`extract_mentions` reads one
article's spaCy ``Doc`` (made over the whole text, so offsets match) and
returns :class:`RawMention` records: the span, the model's label refined by
context, a normalised key for merging, and role descriptions found next to the
name ("Japanese Defense Minister Gen Nakatani", "Kim's sister, Kim Yo Jong").
The cross-article merge in :mod:`analysis.reason.glossary` works on these records
alone, so it never needs the model.

On top of the statistical tagger, weapon designations ("Hwasong-19", "B-1B")
and weapon-class acronyms ("ICBM") are found with patterns; see
:func:`find_weapons` and :func:`add_weapon_patterns`.

Only headline, body and caption blocks give mentions: page chrome, credits,
bylines and datelines never do. A title alone ("Actress", "Sgt.") is no name,
and the name's own syntax corrects the tagger's label where it can: where one
checks "into" is a facility, what one "hosts" or "the 86th" of is an event.

Why one module of some 2,000 lines: every rule here reads the same parse of
one name in its sentence (its tokens, label, head and neighbours), and the
rules correct one another in order (a title found first changes the label a
later rule sees). Split by stage it would pass half-built mentions between
modules; the word lists it reads live in :mod:`analysis.lexicon`.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from analysis.lexicon import word_set
from analysis.lexicon.kinds import (
    DWELLING_NOUNS,
    EVENT_HEADS,
    FACILITY_NOUNS,
    LED_BODIES,
    OCCASION_NOUNS,
    ORG_KIND_NOUNS,
    PLACE_HEADS,
    PLACE_NOUNS,
    WEAPON_NOUNS,
)
from analysis.lexicon.names import (
    COMPANY_SUFFIXES,
    GENERATION_SUFFIXES,
    HONORIFICS,
    NAME_PARTICLES,
    SHIP_PREFIXES,
    given_names,
)
from analysis.lexicon.organisations import OUTLET_NOUNS
from analysis.lexicon.people import (
    GENERIC_PERSON_NOUNS,
    PERSON_NOUN_ENDINGS,
    PERSON_NOUNS,
    PERSON_ROLE_NOUNS,
    TITLES,
)
from analysis.lexicon.speech import SPEECH_VERB_FORMS
from analysis.lexicon.stop_words import TITLE_CASE_SMALL_WORDS
from analysis.lexicon.verbs import AIMING_VERBS, HOSTING_VERBS
from analysis.model import Block

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token


# One key for both spellings of the words names are made of ("Alma Reyes Centre").
_AMERICAN = {"centre": "center", "theatre": "theater", "defence": "defense", "harbour": "harbor"}
_BRITISH_SPELLING = re.compile(r"\b(?:centre|theatre|defence|harbour)\b")


# Labels of the English model that name things a glossary lists. Dates,
# numbers, quantities and languages are left to other parts of analysis.
ENTITY_LABELS = frozenset(
    {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW"}
)
WEAPON = "WEAPON"
MENTION_BLOCKS = frozenset({"headline", "body", "caption"})
WEAPON_PIPE = "claimdiff_weapons"
# What a RawMention is (see RawMention.kind).
NAME = "name"
CANDIDATE = "candidate"
TITLED = "titled"
DESCRIPTION = "description"
EPITHET = "epithet"
REFERENCE = "reference"

# --- weapons -----------------------------------------------------------------

# A model designation: a capitalised stem, an optional hyphen, a number and an
# optional variant suffix: Hwasong-19, B-1B, F-35, KN-23, S-400, MiG-29, Tu-95MS.
# The shape alone also fits "COVID-19" or "G7", so it counts as a weapon only
# next to a weapon noun (or where the same article already confirmed it).
_DESIGNATION = re.compile(
    r"(?<![\w-])[A-Z][A-Za-z]{0,11}-?\d{1,4}[A-Za-z]{0,3}(?:-\d{1,3}[A-Za-z]?)?(?![\w-])"
)
# Acronyms that name a class of weapon rather than an organisation.
_WEAPON_ACRONYMS = re.compile(
    r"(?<![\w-])(?:ICBM|SLBM|IRBM|MRBM|SRBM|MIRV|HIMARS|ATACMS|THAAD|MANPADS)s?(?![\w-])"
)
_WEAPON_WINDOW = 3  # tokens on either side of a designation that may name the weapon noun


def find_weapons(doc: Doc) -> list[tuple[int, int]]:
    """Character spans of weapons named by designation or class acronym in ``doc``.

    A designation ("Hwasong-19") counts when a weapon noun ("missile", "bomber",
    "ICBM") stands within a few tokens of it in the same sentence; once one
    occurrence is confirmed, every occurrence of the same designation in the
    document counts. Class acronyms ("ICBM", "ICBMs") always count.
    """
    text = doc.text
    spans: set[tuple[int, int]] = {(m.start(), m.end()) for m in _WEAPON_ACRONYMS.finditer(text)}
    candidates = [(m.start(), m.end()) for m in _DESIGNATION.finditer(text)]
    confirmed: set[str] = set()
    for start, end in candidates:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None and _near_weapon_noun(span):
            confirmed.add(text[start:end])
    spans.update((s, e) for s, e in candidates if text[s:e] in confirmed)
    return sorted(spans)


def _near_weapon_noun(span: Span) -> bool:
    doc = span.doc
    sent = span.sent
    for i in range(span.end, min(span.end + _WEAPON_WINDOW, sent.end)):
        if doc[i].is_punct:
            break
        if _is_weapon_noun(doc[i]):
            return True
    for i in range(span.start - 1, max(span.start - 1 - _WEAPON_WINDOW, sent.start - 1), -1):
        if doc[i].is_punct:
            break
        if _is_weapon_noun(doc[i]):
            return True
    return False


def _is_weapon_noun(token: Token) -> bool:
    word = token.lower_
    return word in WEAPON_NOUNS or word.rstrip("s") in WEAPON_NOUNS


def _weapon_component(doc: Doc) -> Doc:
    from spacy.util import filter_spans

    weapons = [
        doc.char_span(s, e, label=WEAPON, alignment_mode="expand") for s, e in find_weapons(doc)
    ]
    found = [w for w in weapons if w is not None]
    if found:
        # Weapons win over whatever the tagger guessed for the same tokens
        # (it calls "B-1B" a PRODUCT and "ICBMs" a GPE).
        taken = {i for w in found for i in range(w.start, w.end)}
        kept = [e for e in doc.ents if not any(i in taken for i in range(e.start, e.end))]
        doc.ents = filter_spans(found + kept)
    return doc


def add_weapon_patterns(nlp: Language) -> Language:
    """Add the weapon component (``claimdiff_weapons``) after the tagger, once.

    This mutates ``nlp`` in place: every later ``Doc`` it makes has WEAPON
    entities in ``doc.ents`` (replacing the tagger's guesses for the same
    tokens), which other analysis steps see too. Calling it again is a no-op.
    :func:`extract_mentions` runs the same patterns itself, so the glossary
    does not depend on this component being present.
    """
    from spacy.language import Language as SpacyLanguage

    if WEAPON_PIPE in nlp.pipe_names:
        return nlp
    if not SpacyLanguage.has_factory(WEAPON_PIPE):
        SpacyLanguage.component(WEAPON_PIPE, func=_weapon_component)
    if "ner" in nlp.pipe_names:
        nlp.add_pipe(WEAPON_PIPE, after="ner")
    else:
        nlp.add_pipe(WEAPON_PIPE, last=True)
    return nlp


# --- keys --------------------------------------------------------------------

_POSSESSIVE = re.compile(r"(?:'s|'|’s|’)$")
_LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_ACRONYM_PLURAL = re.compile(r"^([A-Z]{2,})s$")
# A ship's prefix and "City of" say what kind of thing is named, not which.
_LEADING_GENERIC = re.compile(
    rf"^(?:(?:{'|'.join(sorted(SHIP_PREFIXES))})\s+|(?:city|town|village) of\s+)(?=\S)",
    re.IGNORECASE,
)
_LEADING_HONORIFIC = re.compile(
    rf"^(?:{'|'.join(sorted((h.capitalize() for h in HONORIFICS), key=len, reverse=True))})"
    r"\.?\s+(?=\S)"
)


@lru_cache(maxsize=65536)
def mention_key(text: str) -> str:
    """The normalised form under which mentions of one name meet.

    Lowercase, accents removed, no leading article or honorific, no possessive, no dots
    ("U.S." -> "us"), hyphens as spaces ("Kim Jong-un" -> "kim jong un"),
    plural acronyms made singular ("ICBMs" -> "icbm").
    """
    text = text.replace("’", "'").replace("‘", "'").replace("`", " ")
    text = text.strip(" \"“”'")
    text = _POSSESSIVE.sub("", text)
    text = _LEADING_ARTICLE.sub("", text)
    text = _LEADING_HONORIFIC.sub("", text)
    text = _LEADING_GENERIC.sub("", text)
    text = _ACRONYM_PLURAL.sub(r"\1", text)
    decomposed = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    text = text.replace(".", "").replace("-", " ").replace("–", " ")
    text = _BRITISH_SPELLING.sub(lambda m: _AMERICAN[m.group(0)], text)
    text = re.sub(r"[\"“”()\[\]{},:;!?`]", " ", text)
    return " ".join(text.split())


# --- mentions ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RawMention:
    """One name found in one article, before mentions are merged into entities.

    ``label`` is the tagger's label refined by context (WEAPON from patterns,
    a place when the name heads "region"/"province"); ``roles`` are the titles
    and descriptions written next to this occurrence; ``key`` is
    :func:`mention_key` of the name in ``text`` (without a qualifier such as
    ", Switzerland"); ``block`` is the role of the block it is in; ``also``
    holds other keys the text itself equates with this one (a nickname's).

    ``kind`` says how sure the mention is and what it is:

    - :data:`NAME`: a name the tagger or a pattern found;
    - :data:`CANDIDATE`: a capitalised run the tagger left out ("the Greenleaf
      store"); the glossary keeps it only when the library confirms the name;
    - :data:`TITLED`: a run of capitalised words in a Title Case line or at a
      sentence's start, where capitals say nothing, or a name the tagger
      found in a Title Case headline ("Dana Pryce [Signs] With Rivals");
      the glossary keeps only the names the library knows in it;
    - :data:`DESCRIPTION`: a longer noun phrase around a name that refers to
      the same thing ("lawyer Neil Marsh", "Varo island", "Harrow Lane
      Recovery in Cedar Falls, Ore."); ``key`` is the name's, so it joins
      the name's entity as a mention but never becomes its name or alias;
    - :data:`EPITHET`: a nationality that stands for a person ("the
      35-year-old Canadian never recovered"); the glossary joins it to the
      person the library describes that way, or keeps it with the nationality.
    - :data:`REFERENCE`: a facility named by what it is and where ("a
      clinic in Dunmore", "the Dunmore clinic"); ``key`` is the kind noun
      ("clinic") and ``place`` the place's key. The glossary joins it to the
      facility of the library it fits, as a mention, or drops it.
    """

    text: str
    start: int
    end: int
    label: str
    key: str
    roles: tuple[str, ...] = ()
    block: str = "body"
    also: tuple[
        str, ...
    ] = ()  # other keys the text itself gives: "Rowan (Ro) Baptiste" -> ro baptiste
    kind: str = NAME
    place: str = ""  # a REFERENCE's place: "dunmore" for "a clinic in Dunmore"

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "label": self.label,
            "key": self.key,
            "roles": list(self.roles),
            "block": self.block,
            "also": list(self.also),
            "kind": self.kind,
            "place": self.place,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> RawMention:
        return cls(
            text=d["text"],
            start=int(d["start"]),
            end=int(d["end"]),
            label=d["label"],
            key=d.get("key") or mention_key(d["text"]),
            roles=tuple(d.get("roles", ())),
            block=d.get("block", "body"),
            also=tuple(d.get("also", ())),
            kind=d.get("kind", NAME),
            place=d.get("place", ""),
        )


def line_blocks(text: str) -> list[Block]:
    """Every non-empty line as a body block: the plainest segmentation there is."""
    blocks: list[Block] = []
    offset = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            blocks.append(Block("body", offset + lead, offset + lead + len(stripped)))
        offset += len(line) + 1
    return blocks


def segment_blocks(text: str) -> list[Block]:
    """Blocks for ``text`` from :func:`analysis.ingest.clean.segment`, or lines without it."""
    try:
        from analysis.ingest.clean import segment
    except ImportError:
        return line_blocks(text)
    return list(segment(text))


# Heads of an apposition that describe a person ("Kim's sister, Kim Yo Jong",
# "her Russian counterpart, Sergei Lavrov"); used to type names the tagger missed.
_PERSON_NOUNS = TITLES | PERSON_NOUNS


def is_facility_noun(word: str) -> bool:
    """Whether ``word`` names what a company runs or a facility is ("store", "Center")."""
    return word.lower() in FACILITY_NOUNS


def is_place_noun(word: str) -> bool:
    """Whether ``word`` is a generic head of a place's name ("island", "Neighborhood")."""
    return word.lower() in PLACE_NOUNS


_COORDINATED_PLACE = re.compile(r"\b(?:and|or)\b|&")
_MAX_ROLE_TOKENS = 10


def extract_mentions(
    article_id: str, text: str, blocks: Sequence[Block], doc: Doc
) -> list[RawMention]:
    """The entity mentions of one article, in text order.

    ``doc`` must be the pipeline's output for ``text`` itself (offsets are
    shared). Mentions come from the tagger's named entities plus weapon
    patterns, only inside headline, body and caption ``blocks``; spans are
    trimmed of leading articles and trailing possessives ("North Korea’s" ->
    "North Korea"). ``article_id`` names the article in error messages.
    """
    if doc.text != text:
        raise ValueError(f"{article_id}: the Doc was not made from this article's text")
    allowed = _AllowedRanges(blocks)
    weapons = [
        span
        for s, e in find_weapons(doc)
        if (span := doc.char_span(s, e, label=WEAPON, alignment_mode="expand")) is not None
    ]
    weapon_tokens = {i for w in weapons for i in range(w.start, w.end)}
    lower_words = _lowercase_words(doc)
    spans: list[Span] = list(weapons)
    for ent in doc.ents:
        if ent.label_ == WEAPON:
            continue  # already found by the same patterns
        if ent.label_ not in ENTITY_LABELS:
            continue
        if any(i in weapon_tokens for i in range(ent.start, ent.end)):
            continue
        if _part_of_title(ent, lower_words):
            continue
        spans.append(ent)
    spans.extend(_unlabelled_names(doc, spans))

    drafts: list[_Draft] = []
    for span in spans:
        pieces = (c for p in _split_at_brackets(span) for c in _split_at_commas(p))
        for piece in (c for p in pieces for c in _split_at_coordination(p)):
            draft = _trim(piece, span.label_)
            if draft is None:
                continue
            start, end = doc[draft.start].idx, _end_char(doc, draft.end)
            role = allowed.role_of(start, end)
            if role is None or not _looks_like_name(text[start:end], draft.label):
                continue
            if _in_credit(text, start, end):
                continue
            drafts.append(_Draft(draft.start, draft.end, draft.label, role))
    drafts = _extend_names(doc, drafts)
    drafts = _named_governments(doc, drafts)
    drafts = _cut_overextended(doc, drafts, lower_words)
    drafts += _repeated_names(doc, drafts, allowed)
    drafts = _join_nicknames(doc, drafts)  # the repeated names may hold a nickname's parts
    drafts = _defined_acronyms(doc, drafts)
    drafts = _with_candidate_names(doc, text, drafts, allowed, lower_words)
    drafts = _shared_surnames(doc, drafts)
    # In "(R-Ore.)" the party's letter is no name, nor the state's abbreviation
    # read alone a name of its own (the tagger's place, if it found one, stays).
    party = _party_tag_tokens(doc)
    drafts = [
        d
        for d in drafts
        if not party.intersection(range(d.start, d.end))
        or (d.kind == NAME and d.label and doc[d.start].text not in _PARTY_LETTERS)
    ]

    named: list[tuple[_Draft, RawMention]] = []
    # "King" after "Tobias King" is his surname, not a title.
    surnames = {
        doc[d.end - 1].lower_ for d in drafts if d.label == "PERSON" and d.end - d.start > 1
    }
    for draft in sorted(drafts, key=lambda d: (d.start, d.end)):
        if draft.end - draft.start > 1 and doc[draft.start].lower_ in ("a", "an"):
            draft = replace(draft, start=draft.start + 1)  # "A Superior Court" in Title Case
        span = doc[draft.start : draft.end]
        start, end = span.start_char, span.end_char
        surface = text[start:end]
        if surface.endswith(("'s", "’s")):
            end -= 2  # "Korea’s" kept whole by the tokenizer
            surface = text[start:end]
        if _bare_title(span) and span[0].lower_ not in surnames:
            continue  # "Actress", "Sgt": a title with its name left out, or cut off
        label = _refine_label(span, draft.label)
        kind = draft.kind
        roles = _roles(span, label)
        if kind == NAME and label == "NORP" and _stands_for_a_person(span):
            kind = EPITHET
        elif kind == NAME and (described := _one_person_described(span, label)):
            kind, label, roles = EPITHET, "NORP", (described,)
        elif kind == NAME and draft.block == "headline" and _tagged_in_title_case(span, label):
            # "Dana Pryce Signs With Rivals": in Title Case the tagger takes a
            # headline's verb for a name; the library must confirm what it found.
            kind = TITLED
        mention = RawMention(
            text=surface,
            start=start,
            end=end,
            label=label,
            key=draft.key or mention_key(surface),
            roles=roles,
            block=draft.block,
            also=draft.also,
            kind=kind,
        )
        if mention.key:
            named.append((draft, mention))
    mentions = [m for _, m in named]
    mentions += _description_mentions(doc, named, allowed)
    mentions += _facility_references(doc, named, allowed)
    return sorted(mentions, key=lambda m: (m.start, m.end))


@dataclass(frozen=True, slots=True)
class _Draft:
    """A mention being cleaned: a token range, its label and its block's role."""

    start: int
    end: int
    label: str
    block: str = "body"
    key: str | None = None  # the name's key when the span holds more ("Bern, Switzerland")
    also: tuple[str, ...] = ()
    kind: str = NAME


def _end_char(doc: Doc, end: int) -> int:
    last = doc[end - 1]
    return last.idx + len(last.text)


class _AllowedRanges:
    """Which block, if any that may hold mentions, covers a character span."""

    def __init__(self, blocks: Sequence[Block]) -> None:
        ordered = sorted(blocks, key=lambda b: b.start)
        self._starts = [b.start for b in ordered]
        self._blocks = ordered

    def role_of(self, start: int, end: int) -> str | None:
        i = bisect.bisect_right(self._starts, start) - 1
        if i < 0:
            return None
        block = self._blocks[i]
        if block.role not in MENTION_BLOCKS or end > block.end:
            return None
        return block.role


# Labels whose names may hold lowercase words ("Dancing on the Old Pier Road").
_TITLED_LABELS = frozenset({"WORK_OF_ART", "EVENT", "LAW", "PRODUCT", WEAPON})
_NAME_SUFFIX_WORDS = GENERATION_SUFFIXES | COMPANY_SUFFIXES


def _split_at_commas(span: Span) -> list[Span]:
    """A span cut at commas: the tagger sometimes runs two names together ("Daily Star, Quist").

    A comma before a suffix ("Felix Arno Braddock, Jr.", "Brightwater, Ltd.")
    stays inside the name.
    """
    if span.label_ in _TITLED_LABELS:
        return [span]
    pieces: list[Span] = []
    start = span.start
    for token in span:
        if token.text != ",":
            continue
        following = token.nbor(1).lower_.rstrip(".") if token.i + 1 < span.end else ""
        if following in _NAME_SUFFIX_WORDS:
            continue
        pieces.append(span.doc[start : token.i])
        start = token.i + 1
    pieces.append(span.doc[start : span.end])
    return [p for p in pieces if len(p)]


def _split_at_brackets(span: Span) -> list[Span]:
    """A span cut at brackets inside it: the tagger runs a name into the acronym
    that follows it ("Office of Water Safety (OWS").  Brackets at its start stay."""
    pieces: list[Span] = []
    start = span.start
    for token in span:
        if token.text in ("(", ")", "[", "]") and token.i > span.start:
            pieces.append(span.doc[start : token.i])
            start = token.i + 1
    if not pieces:
        return [span]
    pieces.append(span.doc[start : span.end])
    return [p for p in pieces if len(p)]


def _defined_acronyms(doc: Doc, drafts: list[_Draft]) -> list[_Draft]:
    """An acronym in brackets right after a name it abbreviates is that name's:
    "the Office of Water Safety (OWS)" makes "OWS" a mention that also has the
    name's key, so the glossary puts both in one entry."""
    by_start = {d.start: d for d in drafts}
    out = list(drafts)
    for d in drafts:
        e = d.end
        if d.end - d.start < 2 or d.label == "PERSON" or e + 2 >= len(doc):
            continue
        if (
            doc[e].text != "("
            or doc[e + 2].text != ")"
            or not _ACRONYM_SHAPE.match(doc[e + 1].text)
        ):
            continue
        words = [t.text for t in doc[d.start : d.end]]
        if not _abbreviates(doc[e + 1].text.replace(".", ""), words):
            continue
        key = d.key or mention_key(doc[d.start : d.end].text)
        inner = by_start.get(e + 1)
        if inner is not None and inner.end == e + 2:
            out[out.index(inner)] = replace(inner, also=(*inner.also, key))
        elif inner is None:
            out.append(_Draft(e + 1, e + 2, d.label, d.block, None, (key,)))
    return out


def _abbreviates(letters: str, words: Sequence[str]) -> bool:
    """Whether ``letters`` are initials of ``words`` in order, the first word's first,
    the words they skip only short lowercase ones ("of", "and", "the")."""
    initials = [w[0] for w in words if w[:1].isalpha()]
    if not letters or not initials or letters[0] != initials[0].upper():
        return False
    i = 0
    for w in words:
        if not w[:1].isalpha():
            continue
        if i < len(letters) and w[0].upper() == letters[i]:
            i += 1
        elif not w.islower():
            return False  # a capitalised word the acronym leaves out: not its initials
    return i == len(letters)


def _split_at_coordination(span: Span) -> list[Span]:
    """A span cut at "and" or "&" where it joins two names rather than making one.

    Two acronyms are never one name ("NSA & CIA"), a person's name holds no
    "and" ("Ines Varga and Paulo Reis"), and a second "the" starts a second
    name ("the Coast Guard and the Navy"). Any other "and" may be part of a
    name ("Harbour and Coast Patrol", "Harbison & Vell"): the glossary cuts
    those apart only when the library names both sides on their own.
    """
    if span.label_ in _TITLED_LABELS or len(span) < 3:
        return [span]
    cuts = [t.i for t in span if t.lower_ in ("and", "&") and span.start < t.i < span.end - 1]
    if len(cuts) != 1:
        return [span]
    cut = cuts[0]
    left, right = span.doc[span.start : cut], span.doc[cut + 1 : span.end]
    two_acronyms = (
        len(left) == 1
        and len(right) == 1
        and all(_ACRONYM_SHAPE.match(t.text) for t in (left[0], right[0]))
    )
    if span.label_ == "PERSON" or two_acronyms or right[0].lower_ == "the":
        return [left, right]
    return [span]


# An acronym as written: two to six capitals, with or without dots ("NSA", "N.S.A.").
_ACRONYM_SHAPE = re.compile(r"^(?:[A-Z]\.?){2,6}$")


def _trim(span: Span, label: str) -> _Draft | None:
    """The span without leading articles, honorifics, quotes, possessives and stray words.

    The tagger sometimes runs a name into the words around it ("Dana
    never checked", "Hale in"); lowercase words at either edge are cut,
    except in titles of works and events, which hold them.
    """
    doc = span.doc
    start, end = span.start, span.end
    # A title is mostly capitalised ("Dancing on the Old Pier Road"); a "title"
    # that is mostly lowercase is a name run into a sentence ("Dana never checked").
    loose = label not in _TITLED_LABELS or not _reads_as_title(span)

    def cut_left(token: Token) -> bool:
        if token.lower_ in ("the", "a", "an") or token.is_punct or token.is_space:
            return True
        if not any(c.isalnum() for c in token.text):
            return True  # "``" is not punctuation to the tokenizer, but is to a name
        if label == "PERSON" and token.lower_.rstrip(".") in HONORIFICS:
            return True
        if label == "PERSON" and _is_title(token) and token.i + 1 < end:
            return True  # "Deputy Quint": the title is a role, the name is "Quint"
        if label == "PERSON" and token.tag_ == "JJ" and token.is_sent_start and token.i + 1 < end:
            return True  # "Stunning Marlowe quickly won ...": capitalised as a first word
        return loose and token.is_alpha and token.is_lower and token.lower_ not in NAME_PARTICLES

    def cut_right(token: Token) -> bool:
        if token.tag_ == "POS" or token.is_punct or token.is_space:
            return True
        if label != "PERSON" and token.i > start and _titles_the_next_name(token):
            return True  # "Ashcombe Police Department Capt.": the title of the next name
        if not any(c.isalnum() for c in token.text):
            return True
        if token.is_lower and token.pos_ in ("ADP", "DET", "CCONJ", "PART"):
            return True  # no title ends in "in" ("[Harrow Lane Recovery] in")
        return loose and token.is_alpha and token.is_lower

    while start < end and cut_left(doc[start]):
        start += 1
    while end > start and cut_right(doc[end - 1]):
        end -= 1
    if start >= end:
        return None
    return _Draft(start, end, label)


def _is_title(token: Token) -> bool:
    """A title word before a name: "Deputy", "Gov.", but not "Gen" (a first name as well)."""
    word = token.lower_.rstrip(".")
    return word in TITLES and (len(word) > 4 or token.text.endswith("."))


def _reads_as_title(span: Span) -> bool:
    words = [t for t in span if t.is_alpha and t.lower_ not in TITLE_CASE_SMALL_WORDS]
    lower = sum(t.is_lower for t in words)
    return lower * 2 <= len(words)


def _extend_names(doc: Doc, drafts: list[_Draft]) -> list[_Draft]:
    """Spans widened to what belongs to the name but the tagger left out.

    An honorific ("Ms. Holt"), a ship prefix ("INS Vela"), a generational
    suffix ("Felix Arno Braddock, Jr.") join the name. A town followed by its
    state or country ("Beverly Hills, Ore.", "Bern, Switzerland") becomes one
    mention of the town, keyed by the town alone; the state keeps its own mention.
    """
    drafts = _join_nicknames(doc, drafts)
    by_start = {d.start: d for d in drafts}
    out: list[_Draft] = []
    n = len(doc)
    for d in drafts:
        start, end, key = d.start, d.end, d.key
        before = doc[start - 1] if start > 0 else None
        if before is not None and (
            (d.label == "PERSON" and before.lower_.rstrip(".") in HONORIFICS and before.is_title)
            or before.text in SHIP_PREFIXES
        ):
            start -= 1
        if d.label == "PERSON":
            if end + 1 < n and doc[end].text == "," and _is_generation(doc[end + 1]):
                end += 2
            elif end < n and _is_generation(doc[end]):
                end += 1
        region = by_start.get(end + 1) if end < n and doc[end].text == "," else None
        if (
            region is not None
            and d.label in ("GPE", "LOC")
            and region.label in ("GPE", "LOC")
            and (
                _draft_key(doc, region.start, region.end) in _REGION_KEYS
                # "Elm Row, Brooklyn": the parser reads the region as an apposition
                or doc[region.start : region.end].root.dep_ == "appos"
            )
            and _draft_key(doc, d.start, d.end) not in _COUNTRY_KEYS
            and not _in_list(doc, d, region, by_start)
        ):
            key, end = key or _draft_key(doc, d.start, d.end), region.end
        out.append(_Draft(start, end, d.label, d.block, key, d.also))
    return out


def _named_governments(doc: Doc, drafts: list[_Draft]) -> list[_Draft]:
    """ "the Bush administration": an organisation named after a person, not the person.

    A person's name that modifies "administration", "government", "regime",
    "cabinet" or "campaign" right after it becomes an organisation's name
    with that word.
    """
    out: list[_Draft] = []
    for d in drafts:
        after = doc[d.end] if d.end < len(doc) else None
        if (
            d.label == "PERSON"
            and after is not None
            and after.lower_ in LED_BODIES
            and doc[d.start : d.end].root.head.i == after.i
        ):
            d = _Draft(d.start, d.end + 1, "ORG", d.block)
        out.append(d)
    return out


_OPENING = {"(": ")", '"': '"', "“": "”", "'": "'", "‘": "’"}


def _join_nicknames(doc: Doc, drafts: list[_Draft]) -> list[_Draft]:
    """ "Rowan (Ro) Baptiste", 'Sam Tobias "Toby" Quint': one mention, keyed without the nickname.

    The tagger splits such a name around the nickname; a name, a capitalised
    word in brackets or quotes, then a name or a capitalised word are joined.
    """
    ordered = sorted(drafts, key=lambda d: d.start)
    by_start = {d.start: d for d in ordered}
    out: list[_Draft] = []
    skip: set[int] = set()
    n = len(doc)
    for d in ordered:
        if d.start in skip:
            continue
        inner = _inner_nickname(doc, d)
        if inner is not None:
            out.append(inner)
            continue
        e = d.end
        joined = None
        if d.label == "PERSON" and e + 3 < n and doc[e].text in _OPENING:
            nick, close = doc[e + 1], doc[e + 2]
            tail = doc[e + 3]
            if (
                nick.is_alpha
                and nick.text[:1].isupper()
                and close.text == _OPENING[doc[e].text]
                and tail.is_alpha
                and tail.text[:1].isupper()
            ):
                after = by_start.get(e + 3)
                end = after.end if after is not None else e + 4
                # The pieces the tagger made inside ('"Toby" Quint') go with the join.
                skip.update(i for i in range(e + 1, end) if i in by_start)
                surname = doc[e + 3 : end].text
                key = mention_key(f"{doc[d.start : d.end].text} {surname}")
                nickname = mention_key(f"{nick.text} {surname}")
                joined = _Draft(d.start, end, "PERSON", d.block, key, (nickname,))
        out.append(joined or d)
    return out


def _inner_nickname(doc: Doc, d: _Draft) -> _Draft | None:
    """A person's name the tagger took whole with its nickname: 'Samuel Tobias "Toby" Quint'."""
    if d.label != "PERSON" or d.key:
        return None
    for i in range(d.start + 1, d.end - 3):
        opening, nick, close = doc[i], doc[i + 1], doc[i + 2]
        if (
            opening.text in _OPENING
            and close.text == _OPENING[opening.text]
            and nick.is_alpha
            and nick.text[:1].isupper()
        ):
            given, surname = doc[d.start : i].text, doc[i + 3 : d.end].text
            key = mention_key(f"{given} {surname}")
            return _Draft(
                d.start, d.end, "PERSON", d.block, key, (mention_key(f"{nick} {surname}"),)
            )
    return None


def _is_generation(token: Token) -> bool:
    return token.lower_.rstrip(".") in GENERATION_SUFFIXES and not token.is_lower


def _in_list(doc: Doc, town: _Draft, region: _Draft, by_start: Mapping[int, _Draft]) -> bool:
    """ "Japan, South Korea and the US": places in a list, not a town and its state."""
    after = doc[region.end] if region.end < len(doc) else None
    if after is not None and after.tag_ == "POS":
        return True  # "Chisinau, Moldova's capital": an apposition, not a qualifier
    if after is not None and (
        after.lower_ in ("and", "or") or (after.text == "," and (region.end + 1 in by_start))
    ):
        return True
    before = doc[town.start - 1] if town.start > 0 else None
    return (
        before is not None
        and before.text == ","
        and any(d.end == town.start - 1 for d in by_start.values())
    )


def _draft_key(doc: Doc, start: int, end: int) -> str:
    # A span's text, not doc.text: the Doc rebuilds its whole text on every access.
    return mention_key(doc[start:end].text)


def _bare_title(span: Span) -> bool:
    """One word that is a title or a noun for a person, not a name: "Actress", "Sgt."."""
    if len(span) != 1:
        return False
    word = span[0].lower_.rstrip(".")
    return word in TITLES or word in HONORIFICS or word in _PERSON_NOUNS


def _tagged_in_title_case(span: Span, label: str) -> bool:
    """A name the tagger found in a line in Title Case, where capitals say nothing.

    Weapons come from patterns and countries from the gazetteer: those stay names.
    """
    if label == WEAPON or _draft_key(span.doc, span.start, span.end) in GAZETTEER_KEYS:
        return False
    return _title_cased(span.sent)


def _title_cased(span: Span) -> bool:
    """A line in Title Case ("Dana Pryce Signs With Rivals"): every word looks like a name."""
    words = [t for t in span if t.is_alpha and len(t) > 3]
    return len(words) >= 3 and sum(t.text[:1].isupper() for t in words) >= 0.8 * len(words)


def _cut_overextended(doc: Doc, drafts: list[_Draft], lower_words: set[str]) -> list[_Draft]:
    """Names the tagger ran into neighbouring words, cut back.

    In a Title Case headline every word is capitalised, so the tagger reads
    "Dana Pryce Signs With Rivals" as one name: such a span is cut at the
    words the article writes in lowercase elsewhere ("checks", "into"), unless
    they belong to one of its names. In running text, a span whose text occurs
    only once ("Comedian Iris Marlowe") is trimmed at its edges to a name of
    two words or more that other mentions of the article use.
    """
    keys = [_draft_key(doc, d.start, d.end) for d in drafts]
    counts = Counter(keys)
    name_words = {
        w for d, key in zip(drafts, keys, strict=True) if d.block != "headline" for w in key.split()
    }
    out: list[_Draft] = []
    for d, key in zip(drafts, keys, strict=True):
        if counts[key] > 1 or d.end - d.start < 2 or d.label in _TITLED_LABELS or d.key:
            out.append(d)
            continue
        if d.block == "headline" or _title_cased(doc[d.start : d.end].sent):
            out.extend(_cut_at_common_words(doc, d, lower_words - name_words))
            continue
        best = _known_edge(doc, d, {k for k in counts if k != key})
        if best and best[1] < d.end and doc[d.end - 1].lower_ in FACILITY_NOUNS | PLACE_NOUNS:
            best = None  # "Alma Reyes Center" is not "Alma Reyes" run into a word
        out.append(_Draft(best[0], best[1], d.label, d.block) if best else d)
    return out


def _cut_at_common_words(doc: Doc, draft: _Draft, common: set[str]) -> list[_Draft]:
    pieces: list[_Draft] = []
    start = draft.start
    for i in range(draft.start, draft.end + 1):
        if i == draft.end or doc[i].lower_ in common:
            end = i
            while end > start and not any(c.isalnum() for c in doc[end - 1].text):
                end -= 1  # "Court -" from "Walks Into Court - Ordered Fine"
            if end > start and any(t.text[:1].isupper() for t in doc[start:end]):
                pieces.append(_Draft(start, end, draft.label, draft.block))
            start = i + 1
    return pieces


def _known_edge(doc: Doc, draft: _Draft, known: set[str]) -> tuple[int, int] | None:
    """The longest run of two words or more at an edge of ``draft`` that is a known name."""
    start, end = draft.start, draft.end
    best: tuple[int, int] | None = None
    for i in range(start, end):
        for j in range(end, i + 1, -1):
            if (i, j) == (start, end) or (i != start and j != end):
                continue
            if _draft_key(doc, i, j) in known and (best is None or j - i > best[1] - best[0]):
                best = (i, j)
    return best


def _repeated_names(doc: Doc, drafts: list[_Draft], allowed: _AllowedRanges) -> list[_Draft]:
    """Later occurrences of the article's names that the tagger missed.

    A name of two words or more, a person's surname ("Marsh" after "Neil
    Marsh") or first name ("Dana" after "Dana Pryce"), or a one-word
    name written where the tagger sees a proper noun,
    counts wherever else it stands on its own in a block that holds mentions.
    """
    patterns: dict[str, dict[tuple[str, ...], str]] = {}

    def add(words: tuple[str, ...], label: str) -> None:
        patterns.setdefault(words[0], {}).setdefault(words, label)

    for d in drafts:
        words = tuple(t.text for t in doc[d.start : d.end])
        add(words, d.label)
        surname = words[-1]
        if d.label == "PERSON" and len(words) >= 2 and surname.istitle() and len(surname) >= 3:
            add((surname,), "PERSON")
        first = words[0]
        if d.label == "PERSON" and 2 <= len(words) <= 3 and first.istitle() and len(first) >= 3:
            add((first,), "PERSON")  # "Dana" after "Dana Pryce"
    taken = {i for d in drafts for i in range(d.start, d.end)}
    found: list[_Draft] = []
    i = 0
    n = len(doc)
    while i < n:
        options = patterns.get(doc[i].text) if i not in taken else None
        matched = False
        for words, label in sorted((options or {}).items(), key=lambda kv: -len(kv[0])):
            j = i + len(words)
            if j > n or tuple(t.text for t in doc[i:j]) != words:
                continue
            if any(k in taken for k in range(i, j)) or not _stands_alone(doc, i, j):
                continue
            if len(words) == 1 and label != "PERSON" and doc[i].tag_ not in ("NNP", "NNPS"):
                continue
            block = allowed.role_of(doc[i].idx, _end_char(doc, j))
            if block is None:
                continue
            found.append(_Draft(i, j, label, block))
            taken.update(range(i, j))
            i = j
            matched = True
            break
        if not matched:
            i += 1
    return found


def _stands_alone(doc: Doc, start: int, end: int) -> bool:
    """Not a piece of a longer name: no capitalised word right before or after."""
    before = doc[start - 1] if start > 0 else None
    after = doc[end] if end < len(doc) else None
    for token in (before, after):
        if token is not None and token.is_alpha and token.text[:1].isupper():
            if token is before and token.is_sent_start:
                continue  # "Then Marsh said": a sentence's first word is capitalised anyway
            return False
    return True


def _lowercase_words(doc: Doc) -> set[str]:
    """The words ``doc`` writes in lowercase somewhere: common words, not names."""
    return {t.lower_ for t in doc if t.is_alpha and t.is_lower}


def _part_of_title(ent: Span, lower_words: Collection[str]) -> bool:
    """An organisation word inside a title: "Defense" in "Defense Minister Ilse Brandt".

    Or after "of" in a capitalised title: "Secretary of Fisheries Ilse Brandt",
    when a person's name follows or the article also writes the word in
    lowercase (the fisheries, not a body named so); "the president of Arcturo"
    keeps its company.
    """
    if ent.label_ != "ORG" or len(ent) != 1:
        return False
    token = ent[0]
    if token.dep_ == "compound" and token.head.lower_.rstrip(".") in TITLES:
        return True
    of = token.head
    title = of.head
    if token.dep_ != "pobj" or of.lower_ != "of" or of.i != token.i - 1 or title.i != of.i - 1:
        return False
    if not title.text[:1].isupper() or title.lower_.rstrip(".") not in TITLES:
        return False
    after = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    return token.lower_ in lower_words or (after is not None and after.ent_type_ == "PERSON")


def _looks_like_name(surface: str, label: str) -> bool:
    if "\n" in surface or len(surface) > 80:
        return False
    if not any(c.isalpha() for c in surface):
        return False
    if label == WEAPON:
        return True
    # A name has a capital: "east coast" tagged LOC is a description, not a name.
    if not any(c.isupper() for c in surface):
        return False
    # "North and South Korea" names two places at once; neither key would merge.
    return not (label in ("GPE", "LOC", "NORP") and _COORDINATED_PLACE.search(surface))


def _in_credit(text: str, start: int, end: int) -> bool:
    """A photo credit written inline: "JEON HEON-KYUN/EPA-EFE/Shutterstock"."""
    before = text[max(0, start - 1) : start]
    after = text[end : end + 1]
    return before == "/" or after == "/"


def _refine_label(span: Span, label: str) -> str:
    """The tagger's label, corrected by the name's own syntax.

    A name that modifies "region", "province", "county" ... ("Russia's Kursk
    region") is a place whatever the tagger said; a name that ends in
    "Center", "Hospital", "Arena" ... is a facility unless the tagger called
    it an organisation; the name in "the city of ...", "the island of ..." is a place;
    a name that ends in "Awards", "Festival" ... is an event.
    """
    if label in ("FAC", WEAPON):
        return label
    last = span[-1]
    if label != "EVENT" and len(span) > 1 and last.lower_ in EVENT_HEADS:
        return "EVENT"  # "the Juno Awards" is a ceremony, not the Juno
    if label != "ORG" and last.text[:1].isupper() and last.lower_ in FACILITY_NOUNS:
        return "FAC"  # "Alma Reyes Center" named after a person is a building
    if label in ("GPE", "LOC"):
        return label
    root = span.root
    if (
        root.dep_ == "pobj"
        and root.head.lower_ == "of"
        and root.head.i == span.start - 1
        and root.head.head.i == span.start - 2
        and root.head.head.lower_ in PLACE_NOUNS
    ):
        return "GPE"  # "the city of Port Sella"
    head = span.root.head
    if (
        span.root.dep_ == "compound"
        and head.i == span.end
        and head.lower_ in PLACE_HEADS
        and head.tag_ in ("NN", "NNS")
    ):
        return "GPE"
    if label != "EVENT" and _names_an_occasion(span):
        return "EVENT"
    if label in ("PERSON", ""):
        return _not_a_person(span) or label
    return label


def _names_an_occasion(span: Span) -> bool:
    """A recurring event: an edition ("the 40th Junos", "this year's Junos"), what one
    hosts or attends, or a name that modifies what happens there ("the Juno telecast",
    "Juno night")."""
    doc = span.doc
    before = doc[span.start - 1] if span.start > 0 else None
    if before is not None and before.ent_type_ == "ORDINAL":
        return True
    if (
        before is not None
        and before.tag_ == "POS"
        and span.start > 1
        and doc[span.start - 2].lower_ == "year"
    ):
        return True
    root = span.root
    if root.dep_ == "dobj" and root.head.lower_ in HOSTING_VERBS:
        return True  # "Marlowe will host the Junos"
    return (
        root.dep_ in ("compound", "nmod")
        and root.head.i == span.end
        and root.head.lower_ in OCCASION_NOUNS
        and root.head.tag_ in ("NN", "NNS")
    )


# Prepositions after which a name is a place one goes to or stays in: "checked into Alma Reyes".
_INTO_PREPOSITIONS = word_set("into inside at")


def _not_a_person(span: Span) -> str | None:
    """What a name tagged as a person (or not at all) is instead, when its syntax says so.

    A person is not where one checks in ("into [Alma Reyes]", "at [Blackmoor]":
    a facility), not the platform one posts on ("on her [Twitter] page": a
    name that modifies a noun after "her" is a product or a company's, here an
    organisation's), and not "a good place" ("[Blackmoor] might be a good
    place": a facility).
    """
    root = span.root
    head = root.head
    if (
        root.dep_ == "pobj"
        and head.i == span.start - 1
        and head.lower_ in _INTO_PREPOSITIONS
        and (head.lower_ != "at" or head.head.lower_ not in AIMING_VERBS)
    ):
        return "FAC"
    if (
        root.dep_ in ("compound", "nmod")
        and head.i == span.end
        and head.tag_ in ("NN", "NNS")
        and any(c.tag_ == "PRP$" for c in head.children)
    ):
        return "ORG"
    if root.dep_ == "nsubj" and head.pos_ == "AUX":
        for child in head.children:
            if child.dep_ == "attr" and child.lower_ in FACILITY_NOUNS | PLACE_NOUNS | {"place"}:
                return "FAC"
    return None


# Where a noun stands as a participant of its clause, not as a modifier.
_NOMINAL_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "poss"})


def _stands_for_a_person(span: Span) -> bool:
    """ "the 31-year-old Canadian later withdrew": a nationality used as a noun for one person.

    One word, singular, a participant of its clause (not "American officials"),
    after "the" (not "a devout Christian", which says what someone is).
    """
    if len(span) != 1:
        return False
    token = span[0]
    if token.tag_ not in ("NNP", "NN") or token.dep_ not in _NOMINAL_DEPS:
        return False
    return any(c.dep_ == "det" and c.lower_ == "the" for c in token.children)


def _nationality(span: Span, label: str) -> bool:
    """A nationality: NORP, or an adjective the tagger called a place ("Maltese")."""
    return label == "NORP" or (label == "GPE" and len(span) == 1 and span[0].tag_ == "JJ")


def _one_person_described(span: Span, label: str) -> str | None:
    """ "The [Brazilian] champion outpointed Hale": a nationality that, with a person's
    noun after it, stands for one person; the words that describe them, or None.

    One word modifying a singular noun for a person ("champion", "southpaw")
    that has "the" and is a participant of its clause.
    """
    if len(span) != 1 or not _nationality(span, label):
        return None
    token = span[0]
    head = token.head
    if token.dep_ != "amod" or head.i != span.end or head.tag_ != "NN":
        return None
    if head.dep_ not in _NOMINAL_DEPS or not _names_a_role(head):
        return None
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in head.children):
        return None
    return _role_text([token, head])


# --- descriptions ------------------------------------------------------------

# Prepositions that place a facility: "Harrow Lane Recovery in Cedar Falls, Ore."
_LOCATING_PREPOSITIONS = frozenset({"in", "at", "near"})
_MODIFIER_PLACES = frozenset({"GPE", "LOC", "NORP"})
_MODIFIER_DEPS = frozenset({"compound", "amod", "nmod"})


def _description_mentions(
    doc: Doc, named: Sequence[tuple[_Draft, RawMention]], allowed: _AllowedRanges
) -> list[RawMention]:
    """Noun phrases around names that refer to the named thing itself.

    A person's role written before the name ("lawyer Neil Marsh"); a company
    or facility name with the noun for what it is ("the Greenleaf store"); a
    place with its generic head ("Varo island", "the city of Port Sella",
    "southern Iran"); either followed by where it is ("Harrow Lane Recovery in
    Cedar Falls, Ore."). Each becomes a :data:`DESCRIPTION` mention under
    the name's key. A place's name that only modifies another noun ("a Los
    Angeles hospital") describes a different thing and gives none.
    """
    by_token = {i: d for d, _ in named for i in range(d.start, d.end)}
    out: list[RawMention] = []
    seen: set[tuple[int, int]] = set()
    mention_of = {(d.start, d.end): m for d, m in named}
    for draft, mention in named:
        for start, end in _description_spans(doc, draft, mention.label, by_token):
            if (start, end) == (draft.start, draft.end) or (start, end) in seen:
                continue
            first, last = doc[start].idx, _end_char(doc, end)
            surface = doc[start:end].text
            if "\n" in surface or allowed.role_of(first, last) is None:
                continue
            seen.add((start, end))
            owner = _outlet_owner(doc, start, end, draft, by_token)
            described = mention_of.get((owner.start, owner.end)) if owner else None
            described = described or mention
            out.append(
                RawMention(
                    text=surface,
                    start=first,
                    end=last,
                    label=described.label,
                    key=described.key,
                    block=mention.block,
                    kind=DESCRIPTION,
                )
            )
    return out


# Kind nouns a facility reference may have: a building or an institution, not a home.
_REFERENCE_HEADS = FACILITY_NOUNS - DWELLING_NOUNS
_REFERENCE_PLACES = frozenset({"GPE", "LOC"})


def _facility_references(
    doc: Doc, named: Sequence[tuple[_Draft, RawMention]], allowed: _AllowedRanges
) -> list[RawMention]:
    """Facilities named by what they are and where: "a clinic in Dunmore", "the Dunmore
    clinic", "an Ashby-area bank", "a Kentish dairy".

    A common noun for a building or an institution with a place (or a
    nationality) before it, or followed by "in" or "near" a place, refers to
    some facility of the story; which one, only the library can tell, so each
    becomes a :data:`REFERENCE` mention keyed by its noun, with the place's
    key. A noun that another name already modifies ("the Greenleaf store")
    is that name's description instead, and a noun that modifies another
    ("a clinic van") is not the facility.
    """
    by_token = {i: d for d, _ in named for i in range(d.start, d.end)}
    out: list[RawMention] = []
    for head in doc:
        if (
            head.i in by_token
            or head.lower_ not in _REFERENCE_HEADS
            or head.tag_ != "NN"  # "clinics in Dunmore" are not one facility
            or head.dep_ == "compound"
        ):
            continue
        start = _left_edge(doc, head, head.i, by_token, possessive=False)
        # The name the phrase stopped at belongs to it when it is right before.
        modifiers = {by_token[i] for i in range(start - 1, head.i) if i in by_token}
        if any(d.label not in _MODIFIER_PLACES for d in modifiers):
            continue  # "the Greenleaf store": a description of Greenleaf
        places = [d for d in modifiers if d.label in _REFERENCE_PLACES]
        if not places:
            places = [d for d in modifiers if d.label == "NORP"]
        end = head.i + 1
        located = _located_end(doc, head, end, by_token)
        if located is not None:
            places = [by_token[end + 1]]
            end = located
        if not places:
            continue
        first, last = doc[start].idx, _end_char(doc, end)
        surface = doc[start:end].text
        if "\n" in surface or allowed.role_of(first, last) is None:
            continue
        place = places[-1]
        out.append(
            RawMention(
                text=surface,
                start=first,
                end=last,
                label="FAC",
                key=mention_key(head.text),
                block=allowed.role_of(first, last) or "body",
                kind=REFERENCE,
                place=_draft_key(doc, place.start, place.end),
            )
        )
    return out


# Entity types that have no outlets (a person or a country has no branch office).
TYPES_WITHOUT_OUTLETS = frozenset({"PERSON", "GPE", "LOC", "NORP"})


def _outlet_owner(
    doc: Doc, start: int, end: int, draft: _Draft, by_token: Mapping[int, _Draft]
) -> _Draft | None:
    """The company whose outlet a description names, when its owner is written before it."""
    if doc[end - 1].lower_ not in OUTLET_NOUNS:
        return None
    for i in range(start, draft.start):
        owner = by_token.get(i)
        if (
            owner is not None
            and owner is not draft
            and owner.label not in TYPES_WITHOUT_OUTLETS
            and owner.end < len(doc)
            and doc[owner.end].tag_ == "POS"
        ):
            return owner
    return None


def _description_spans(
    doc: Doc, draft: _Draft, label: str, by_token: Mapping[int, _Draft]
) -> list[tuple[int, int]]:
    """Token ranges of the descriptions of one name occurrence (may include the name itself)."""
    root = doc[draft.start : draft.end].root
    if label == "PERSON":
        # The tagger calls many a building's name a person's ("the Tilbury
        # Farm creamery building"); a person's own home is not the person.
        head = _modified_noun(doc, draft, root, FACILITY_NOUNS - DWELLING_NOUNS, by_token)
        if head is None:
            start = _role_start(doc, draft)
            return [(start, draft.end)] if start is not None else []
    elif label and (label not in ENTITY_LABELS or label == "NORP"):
        return []
    place = label in ("GPE", "LOC")
    heads = PLACE_NOUNS if place else FACILITY_NOUNS | PLACE_NOUNS
    head = _modified_noun(doc, draft, root, heads, by_token)
    if head is not None and place and any(c.lower_ in ("a", "an") for c in head.children):
        return []  # "a Brooklyn neighborhood" is some part of Brooklyn, not Brooklyn
    if head is None:
        head = _generic_of(doc, draft, root) or root
    start = _left_edge(doc, head, min(draft.start, head.i), by_token)
    end = max(draft.end, head.i + 1)
    spans = [(start, end)]
    located = _located_end(doc, head, end, by_token)
    if located is not None:
        spans.append((start, located))
    return spans


def _modified_noun(
    doc: Doc, draft: _Draft, root: Token, heads: frozenset[str], by_token: Mapping[int, _Draft]
) -> Token | None:
    """The common noun right after the name that the name modifies: "Greenleaf [store]"."""
    head = root
    while head.dep_ in _MODIFIER_DEPS and draft.end <= head.head.i <= draft.end + 3:
        head = head.head
    if head is root or not _is_common_noun(head) or head.lower_ not in heads:
        return None
    between = range(draft.end, head.i + 1)
    if any(i in by_token or doc[i].is_punct or doc[i].is_space for i in between):
        return None
    return head


def _is_common_noun(token: Token) -> bool:
    # The tagger reads "home" as an adverb ("went home") even where the
    # parser has it as a noun ("outside his Linden Hill home").
    return token.tag_ in ("NN", "NNS") or (token.tag_ == "RB" and token.dep_ in _NOMINAL_DEPS)


def _generic_of(doc: Doc, draft: _Draft, root: Token) -> Token | None:
    """ "the city of [Port Sella]", "the Iranian island of [Varo]": the generic noun."""
    prep = root.head
    if root.dep_ != "pobj" or prep.lower_ != "of" or prep.i != draft.start - 1:
        return None
    generic = prep.head
    if generic.i != prep.i - 1 or generic.lower_ not in PLACE_NOUNS:
        return None
    return generic


def _left_edge(
    doc: Doc,
    head: Token,
    start: int,
    names: Mapping[int, _Draft] | None = None,
    possessive: bool = True,
) -> int:
    """Where the noun phrase of ``head`` begins, without determiners and numbers.

    Modifiers before ``start`` that hang off ``head`` join the phrase
    ("southern [Iran]", "the famed [Alma Reyes Center]", "Iran's [Varo island]");
    with ``possessive`` False an owner does not ("Pryce's [lawyer]"). Another
    of the ``names`` joins only as an owner or as a place or nationality
    ("the Iranian island of Varo"): "[Tilbury Farm] Creamery" does not
    describe "Dairy".
    """
    floor = head.sent.start
    j = start - 1
    while j >= floor:
        token = doc[j]
        other = names.get(j) if names is not None else None
        if (
            other is not None
            and other.label not in _MODIFIER_PLACES
            and not (other.end < len(doc) and doc[other.end].tag_ == "POS")
        ):
            break
        if token.is_punct or token.is_space or token.tag_ in ("DT", "PDT", "PRP$", "WP$", "CD"):
            break
        if token.tag_ == "POS" and (not possessive or j == floor or doc[j - 1].pos_ != "PROPN"):
            break  # "the teen's [Brooklyn neighborhood]": a common noun's is someone else's
        if token.pos_ in ("VERB", "AUX", "ADP", "CCONJ", "PRON") and token.tag_ != "POS":
            break
        if not _descends_from(token, head):
            break
        j -= 1
    return j + 1


def _descends_from(token: Token, ancestor: Token) -> bool:
    for _ in range(6):
        if token.i == ancestor.i:
            return True
        if token.head.i == token.i:
            return False
        token = token.head
    return False


def _located_end(doc: Doc, head: Token, end: int, by_token: Mapping[int, _Draft]) -> int | None:
    """The end of "in Cedar Falls, Ore." right after a facility's phrase, if any."""
    if end >= len(doc) or doc[end].lower_ not in _LOCATING_PREPOSITIONS:
        return None
    prep = doc[end]
    if prep.head.i != head.i or prep.dep_ != "prep":
        return None
    place = by_token.get(end + 1)
    # Any name but a person's: the tagger calls many a small town an organisation.
    if place is None or place.start != end + 1 or place.label in ("PERSON", "NORP"):
        return None
    stop = place.end
    region = by_token.get(stop + 1)
    if (
        region is not None
        and stop < len(doc)
        and doc[stop].text == ","
        and region.start == stop + 1
        and (
            _draft_key(doc, region.start, region.end) in _REGION_KEYS
            or (
                region.label in ("GPE", "LOC")
                and doc[region.start : region.end].root.dep_ == "appos"
            )
        )
        and not (region.end < len(doc) and doc[region.end].lower_ in ("and", "or"))
    ):
        stop = region.end  # "in Mill Road, Dunmore", "in Dunmore, Kent"
    return stop


def _is_person_noun(token: Token) -> bool:
    word = token.lower_
    if token.tag_ not in ("NN", "NNS", "NNP") or not token.is_alpha:
        return False
    return word in _PERSON_NOUNS or (token.is_lower and word.endswith(PERSON_NOUN_ENDINGS))


def _role_start(doc: Doc, draft: _Draft) -> int | None:
    """Where a role written right before a person's name begins: "[lawyer] Neil Marsh".

    The role is a title or a noun for what a person is or does, next to the
    name and tied to it by the parse, with its own modifiers ("celebrity
    lawyer", "Varo Governor"); determiners and possessives stay out, and
    so does a noun for a thing ("the five-acre [Til Farm]").
    """
    j = draft.start - 1
    if j < 0 or _object_of_relative_clause(doc[draft.start : draft.end]):
        return None  # "the witness Garrow threatened": she is not Garrow
    noun = doc[j]
    root = doc[draft.start : draft.end].root
    is_role = _is_person_noun(noun) or _is_title(noun)
    related = draft.start <= noun.head.i < draft.end or root.head.i == noun.i
    if not is_role or not related or noun.is_punct or noun.is_space:
        return None
    start = _left_edge(doc, noun, j, possessive=False)
    # The same words a role takes: "later thanking [producer] Nina Vale".
    words = _title_words(list(doc[start : j + 1]), _title_cased(noun.sent))
    return words[0].i if words else None


# --- roles -------------------------------------------------------------------


def _roles(span: Span, label: str) -> tuple[str, ...]:
    """The titles and descriptions written next to one occurrence of a name.

    Places and groups are described too ("Japan, the region"), but in lists
    the parser reads coordination as apposition, so only names of people,
    organisations and facilities take roles. A role is a title or a noun
    phrase tied to the name by the parse (a premodifier of the name, or an
    apposition set off by a comma), whose head says what a person is
    ("lawyer", "Deputy Ambassador", "sister") or what kind of body or place
    an organisation is ("news agency", "rehab clinic"); see
    :func:`_premodifier_role` and :func:`_appositive_role`.
    """
    if label not in ("PERSON", "ORG", "FAC"):
        return ()
    roles: list[str] = []
    pre = _premodifier_role(span, label)
    if pre:
        roles.append(pre)
    appos = _appositive_role(span, label)
    if appos and appos not in roles:
        roles.append(appos)
    return tuple(roles)


_FINITE_VERB_TAGS = frozenset({"VBD", "VBZ", "VBP"})
# What may follow a verb that has no object of its own: "the witness Garrow threatened."
_OBJECTLESS_NEXT = frozenset({"PUNCT", "CCONJ", "ADP", "SCONJ", "PART", "ADV", "SPACE"})
_NOUN_PHRASE_TAGS = frozenset({"NN", "NNS", "NNP", "NNPS", "JJ", "VBN", "POS", "HYPH"})


def _object_of_relative_clause(span: Span) -> bool:
    """Whether the noun phrase before the name is the object of a clause the name opens.

    "the witness Garrow threatened": a determiner, a noun, the name, a
    finite verb that has no object after it. The noun is who was murdered,
    not what Garrow is, so it is no role of his (and no description).
    """
    doc = span.doc
    if span.start == 0 or span.end >= len(doc):
        return False
    verb = doc[span.end]
    # A verb of saying: in '"...," lawyer Neil Marsh said.' the noun before the
    # name is a title even though the verb has no object after it.
    if (
        verb.tag_ not in _FINITE_VERB_TAGS
        or verb.pos_ != "VERB"
        or verb.lower_ in SPEECH_VERB_FORMS
    ):
        return False
    if verb.i + 1 < len(doc) and doc[verb.i + 1].pos_ not in _OBJECTLESS_NEXT:
        return False
    if doc[span.start - 1].tag_ not in ("NN", "NNS"):
        return False
    j = span.start - 1
    floor = span.sent.start
    while j > floor and doc[j - 1].tag_ in _NOUN_PHRASE_TAGS:
        j -= 1
    return j > floor and doc[j - 1].tag_ == "DT"


def _role_head_fits(token: Token, label: str) -> bool:
    """Whether ``token`` can head a role of a name tagged ``label``.

    A person's role is a title or a noun for a person. The tagger often
    calls a person an organisation ("Wren Calloway" an ORG), rarely the
    reverse, so a name tagged otherwise may take either a person's role
    (which then votes PERSON in the glossary) or the kind of body or place
    it is ("news agency", "rehab clinic").
    """
    word = token.lower_.rstrip(".")
    if word in GENERIC_PERSON_NOUNS or token.tag_ not in ("NN", "NNS", "NNP", "NNPS"):
        return False
    if token.dep_ == "poss" or (token.i + 1 < len(token.doc) and token.nbor(1).tag_ == "POS"):
        return False  # an owner, not a role: "[Coastal Wetlands Protection Council]'s"
    if _glued(token) and token.i > 1 and token.doc[token.i - 2].like_num:
        return False  # "the 900-member Guild": part of an adjective
    if _names_a_role(token):
        return True
    return label != "PERSON" and (word in ORG_KIND_NOUNS or word.rstrip("s") in ORG_KIND_NOUNS)


def _glued(token: Token) -> bool:
    """Whether ``token`` is joined to the token before it by a hyphen: "off-duty", "co-host"."""
    if token.i == 0:
        return False
    before = token.doc[token.i - 1]
    return not before.whitespace_ and (token.text == "-" or before.text == "-")


def _premodifier_role(span: Span, label: str) -> str | None:
    """A title written before the name: "Japanese Minister of Defense [Gen Nakatani]".

    The role is the longest run of tokens right before the name that all
    depend on the name (directly or through each other), or on the noun the
    parser hung the name on ("producer [Nina Vale]"). Its words must
    read as a title: capitalised words, adjectives, owners ("Pryce's"),
    nouns ("court reporter"), but no verb form ("one point handing
    director") and no time ("this year's Junos"). One of the words that
    attach to the name must be able to head a role (see
    :func:`_role_head_fits`). No role is read where the noun is the object
    of a clause the name opens ("the witness Garrow threatened").
    """
    doc = span.doc
    if span.start == 0 or _object_of_relative_clause(span):
        return None
    root = span.root
    # "thanking producer Nina Vale": the parser made the name an apposition of the title.
    anchor = span.start - 1 if root.dep_ == "appos" and root.head.i == span.start - 1 else None
    sent_start = span.sent.start
    best: int | None = None
    j = span.start - 1
    while j >= sent_start and span.start - j <= _MAX_ROLE_TOKENS:
        token = doc[j]
        if token.is_space or token.pos_ in ("DET", "VERB", "AUX", "PRON", "CCONJ"):
            break
        if token.is_punct and not (_glued(token) or _glued(doc[j + 1])):
            break
        if all(
            k == anchor or (j <= doc[k].head.i < span.end and doc[k].head.i != k)
            for k in range(j, span.start)
        ):
            best = j
        j -= 1
    if best is None:
        return None
    while best > sent_start and _glued(doc[best]) and span.start - best < _MAX_ROLE_TOKENS:
        best -= 1  # "off-duty U.S. Border Agent", not "duty U.S. Border Agent"
    words = _title_words(list(doc[best : span.start]), _title_cased(span.sent))
    if not words:
        return None
    heads = [t for t in words if t.i == anchor or span.start <= t.head.i < span.end]
    if not any(_role_head_fits(t, label) for t in heads):
        return None
    return _role_text(words)


def _title_words(tokens: list[Token], title_case: bool) -> list[Token]:
    """The end of ``tokens`` (the words before a name) that reads as a title.

    From the name leftwards: a trailing first name the tagger left out is
    dropped ("IMF chief [Josef] Varga-Lind"); then words are kept
    while they fit a title. In a Title Case line only title words and
    nouns for people fit ("Hires [Attorney] Rosa Quill").
    """
    while tokens and _is_name_token(tokens[-1]) and not _names_a_role(tokens[-1]):
        if len(tokens) > 1 and tokens[-2].lower_ == "of":
            break  # "Minister of Defense"
        tokens = tokens[:-1]
    if not tokens:
        return []
    kept = [tokens[-1]]
    for token in reversed(tokens[:-1]):
        after = kept[0]
        if title_case:
            fits = _names_a_role(token)
        elif _glued(after) or _glued(token):
            fits = True
        elif token.tag_ == "POS":
            fits = token.i > 0 and token.doc[token.i - 1].ent_type_ not in ("DATE", "TIME")
        elif token.lower_ == "of":
            fits = after.text[:1].isupper()
        elif token.text[:1].isupper() or _names_a_role(token):
            fits = True
        elif token.tag_ in ("JJ", "JJR", "JJS", "VBN", "VBG"):
            fits = True  # "former", "slain", "visiting"
        elif token.tag_ in ("NN", "NNS"):
            fits = not token.lower_.endswith("ing") and token.ent_type_ not in ("DATE", "TIME")
        elif token.tag_ == "CD":
            fits = any(c.isdigit() for c in token.text)
        else:
            fits = False
        if not fits:
            break
        kept.insert(0, token)
    while kept and (kept[0].tag_ == "POS" or kept[0].text == "-"):
        kept = kept[1:]
    return kept


def _names_a_role(token: Token) -> bool:
    """Whether ``token`` is a title or a noun for a person ("producers" too)."""
    word = token.lower_.rstrip(".")
    if token.tag_ in ("NNS", "NNPS") and word.endswith("s"):
        word = word[:-1]
    if word in TITLES or word in PERSON_ROLE_NOUNS or word in _PERSON_NOUNS:
        return True
    return token.is_lower and token.tag_ in ("NN", "NNS") and word.endswith(PERSON_NOUN_ENDINGS)


# What sets an apposition off from the name: a comma, a bracket, a dash (not a semicolon,
# which separates the items of a list: "Judge Rowan Teague; a court clerk, ...").
_APPOSITION_MARKS = frozenset({",", "(", "—", "–", "--", "-"})
_QUOTES = frozenset('"“”')


def _appositive_role(span: Span, label: str) -> str | None:
    """A description set off by a comma: "Kim's sister, [Kim Yo Jong]" or "[X], an attorney".

    Leading determiners, adverbs and times go ("this year's chair of
    judges" -> "chair of judges", "only the second rookie"); a name
    at the end that opens a clause of its own is cut ("daughter of the
    witness [Garrow threatened]"); the head noun must be able to head
    a role (see :func:`_role_head_fits`).
    """
    doc = span.doc
    root = span.root
    head: Token | None = None
    if root.dep_ == "appos" and span.start > 0 and doc[span.start - 1].text in _APPOSITION_MARKS:
        head = _apposition_anchor(root)
        if head is not None and (
            head.left_edge.i > span.start - 2
            # "Tom Reece, chairman, [Northwind Media Group]": the title is Tom Reece's.
            or (head.dep_ == "appos" and _is_name_token(head.head))
        ):
            head = None
    if head is None and span.end < len(doc) and doc[span.end].text in _APPOSITION_MARKS:
        for child in root.children:
            if (
                child.dep_ == "appos"
                and child.i >= span.end
                # Right after the comma (and an age): "Garrow, 37, was found guilty of
                # attacking a guard, a nurse" has no apposition of Garrow.
                and all(t.is_punct or t.like_num for t in doc[span.end : child.left_edge.i])
                and (_is_description_head(child) or _names_a_role(child))
            ):
                head = child
                break
    if head is None or not _role_head_fits(head, label):
        return None
    skip = {t.i for t in span}
    for child in head.children:
        if child.dep_ in ("relcl", "acl", "advcl", "appos", "punct", "cc", "conj"):
            skip.update(t.i for t in child.subtree)
    tokens = [t for t in head.subtree if t.i not in skip]
    if tokens and _titles_the_next_name(tokens[-1]):
        return None  # "Ostrova, Sheriff's Deputy Sgt. Ivo Brennan": the next name's title
    while tokens and tokens[0].i < head.i:
        first = tokens[0]
        if first.tag_ in ("RB", "DT", "PDT", "PRP$", "WP$", "PRP") or first.is_punct:
            tokens = tokens[1:]
        elif first.ent_type_ in ("DATE", "TIME") and len(tokens) > 1:
            tokens = tokens[1:]  # "this year's": a time says when, not who
        elif first.tag_ == "POS":
            tokens = tokens[1:]
        else:
            break
    # "daughter of the witness Garrow threatened": the name opens a clause of its own.
    end = tokens[-1].i + 1 if tokens else 0
    if tokens and end < len(doc) and _is_name_token(tokens[-1]):
        verb = doc[end]
        if verb.tag_ in _FINITE_VERB_TAGS and verb.pos_ == "VERB":
            while tokens and (_is_name_token(tokens[-1]) or tokens[-1].tag_ in ("DT", "POS")):
                tokens = tokens[:-1]
    quotes = [i for i, t in enumerate(tokens) if t.text in _QUOTES]
    if len(quotes) % 2:
        tokens = tokens[: quotes[-1]]  # 'star of her own talk show "Nora': an unclosed quote
    while tokens and tokens[-1].i > head.i and tokens[-1].pos_ in _DANGLING_POS:
        tokens = tokens[:-1]  # "... at Kesteven Fire and": a phrase cut at a conjunction
    if not tokens or len(tokens) > _MAX_ROLE_TOKENS or head not in tokens:
        return None
    # The tokens must be contiguous: a description, not scattered words.
    if tokens[-1].i - tokens[0].i + 1 != len(tokens):
        return None
    return _role_text(tokens)


_DANGLING_POS = frozenset({"CCONJ", "ADP", "DET", "PUNCT", "ADV", "PART", "SCONJ"})


def _titles_the_next_name(last: Token) -> bool:
    """Whether a title word ending a phrase is the title of the proper name right after it."""
    if last.lower_.rstrip(".") not in TITLES:
        return False
    doc = last.doc
    i = last.i + 1
    if i < len(doc) and doc[i].text == ".":
        i += 1  # "Sgt. Ivo Brennan", split after the abbreviation
    return i < len(doc) and _is_name_token(doc[i])


def _apposition_anchor(root: Token) -> Token | None:
    """The common noun an appositive name describes.

    The parser often hangs the apposition on the last noun of a prepositional
    phrase ("the foreign minister from North Korea, Choe Son Hui" attaches to
    "Korea"); climb out of such phrases to the noun they modify.
    """
    head = root.head
    for _ in range(4):
        if _is_description_head(head):
            return head
        if head.dep_ not in ("pobj", "prep", "compound") or head.head.i == head.i:
            return None
        head = head.head
    return None


def _is_description_head(token: Token) -> bool:
    return token.tag_ in ("NN", "NNS") and token.ent_type_ == ""


def _role_text(tokens: Iterable[Token]) -> str | None:
    parts = list(tokens)
    if not parts:
        return None
    doc = parts[0].doc
    text = doc[parts[0].i : parts[-1].i + 1].text
    if "\n" in text:
        return None  # a role never runs across lines (a credit line, then a new paragraph)
    text = " ".join(text.split()).strip(" ,;:-—")
    return text or None


# --- names the tagger missed -------------------------------------------------

_MAX_CANDIDATE_TOKENS = 5
_CANDIDATE_POS = frozenset({"PROPN", "NOUN", "ADJ"})


# Labels of a name that may be the first words of a longer one the tagger cut
# short: "[Daily] Courier", "[Maple] Heights".
_MODIFIER_LABELS = frozenset({"GPE", "LOC", "NORP", "ORG", "FAC"})


def _with_candidate_names(
    doc: Doc,
    text: str,
    drafts: Sequence[_Draft],
    allowed: _AllowedRanges,
    lower_words: set[str],
) -> list[_Draft]:
    """``drafts`` plus runs of capitalised words that no tagger label covers.

    The statistical tagger misses names it has not seen ("the Greenleaf store",
    "told KLXT"). Inside a sentence, a run of capitalised nouns or adjectives
    becomes a :data:`CANDIDATE`; a single word the
    article also writes in lowercase ("Fire" in "Fire Service") does not. A
    place or organisation name that modifies a one-word run is its first word
    ("The Daily Courier", tagged as the place "Daily"), so the
    candidate takes it over. In a line in Title Case every word is
    capitalised, so its runs are only :data:`TITLED`: the glossary keeps what
    the library knows of them; so are runs that start a sentence. A country or
    capital the tagger missed is a name ("post-Soviet Moldova"). See
    :func:`analysis.reason.glossary.build_glossary`.
    """
    taken = {i for d in drafts for i in range(d.start, d.end)}
    taken.update(
        i
        for ent in doc.ents
        for i in range(ent.start, ent.end)
        if not _NUMBERED_NAME.match(doc[i].text)
    )
    ending_at = {d.end: d for d in drafts if d.kind == NAME}
    found: list[_Draft] = []
    for i, j in _quoted_titles(doc, taken):
        block = allowed.role_of(doc[i].idx, _end_char(doc, j))
        if block is not None:
            found.append(_Draft(i, j, "WORK_OF_ART", block, kind=CANDIDATE))
            taken.update(range(i, j))
    absorbed: set[int] = set()
    for sent in doc.sents:
        titled = _title_cased(sent)
        for i, j in _capitalised_runs(doc, sent.start, sent.end, taken, titled):
            if _in_credit(text, doc[i].idx, _end_char(doc, j)):
                continue
            if _draft_key(doc, i, j) in GAZETTEER_KEYS:
                draft = _Draft(i, j, "GPE")
            elif titled or i == sent.start:
                # A sentence's first word is capitalised anyway ("KLXT reported").
                draft = _Draft(i, j, "", kind=TITLED)
                first = ending_at.get(i)
                if first is not None and doc[j - 1].lower_ in FACILITY_NOUNS:
                    # "Out Of [Alma Reyes] [Treatment Center]": the facility the name names.
                    absorbed.add(first.start)
                    draft = _Draft(first.start, j, "FAC", kind=TITLED)
            elif _plausible_candidate(doc, i, j, lower_words):
                first = ending_at.get(i)
                if first is not None and _continues_name(doc, first, i, j):
                    absorbed.add(first.start)
                    i = first.start
                draft = _Draft(i, j, "", kind=CANDIDATE)
            else:
                continue
            block = allowed.role_of(doc[i].idx, _end_char(doc, j))
            if block is not None:
                found.append(replace(draft, block=block))
    return [d for d in drafts if d.start not in absorbed] + found


def _shared_surnames(doc: Doc, drafts: Sequence[_Draft]) -> list[_Draft]:
    """``drafts`` with a lone given name before "and" keyed by the surname that follows.

    In "Helen and Martin Varga" the tagger finds "Helen" and "Martin Varga": Helen
    is a Varga too, so her key is "helen varga" and a bare "Varga" elsewhere
    in the article is no longer only Martin's. Both sides must start with a
    given name of the table, so "Brandt and Martin Varga" keeps its "Brandt",
    and the first must not be tagged a place ("Jordan and Martin Varga").
    """
    names = given_names()
    by_start = {d.start: d for d in drafts if d.kind == NAME}
    out: list[_Draft] = []
    for d in drafts:
        right = by_start.get(d.end + 1)
        if (
            d.kind == NAME
            and d.end - d.start == 1
            and d.key is None
            and right is not None
            and right.end - right.start >= 2
            and d.label in ("", "PERSON")
            and right.label == "PERSON"
            and doc[d.end].lower_ in ("and", "&")
            and doc[d.start].lower_ in names
            and doc[right.start].lower_ in names
        ):
            surname = _surname(doc[right.start : right.end])
            d = replace(d, key=mention_key(f"{doc[d.start].text} {surname}"), label="PERSON")
        out.append(d)
    return out


def _surname(name: Span) -> str:
    """The last word of a personal name before any suffix: "Mary Ann Okafor Jr." -> Okafor."""
    words = [t for t in name if t.is_alpha]
    while len(words) > 1 and words[-1].lower_ in GENERATION_SUFFIXES:
        words.pop()
    return words[-1].text if words else name.text


# A legislator's party and state after their name: "(R-Ore.)", ", D-NM,", "I-Vt.".
_PARTY_LETTERS = frozenset({"R", "D", "I"})
_PARTY_TAG = re.compile(r"(?<![\w.-])[RDI]-[A-Z][A-Za-z]*\.?(?:\s?[A-Z][A-Za-z]*\.)*")


def _party_tag_tokens(doc: Doc) -> set[int]:
    """The tokens of party-and-state tags after legislators' names ("Sen. Ada Voss (D-Ore.)").

    The party's letter is no name, and the state's abbreviation, read alone,
    looks like an acronym of some longer name ("S.C." of a "Superior Court").
    A tag counts only right after a person's name, an opening bracket or a comma.
    """
    found: set[int] = set()
    for m in _PARTY_TAG.finditer(doc.text):
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is None or span.start == 0:
            continue
        before = doc[span.start - 1]
        if before.text in ("(", ",") or before.ent_type_ == "PERSON":
            found.update(range(span.start, span.end))
    return found


def _continues_name(doc: Doc, first: _Draft, start: int, end: int) -> bool:
    """Whether the run ``doc[start:end]`` is the rest of the name ``first`` right before it.

    One word that the name modifies, or that modifies the same noun ("The
    [Hollywood] Reporter", "The [Canadian] Bacon actor"); or a facility's
    head noun ("[Tilbury Farm] Creamery Building").
    """
    head = doc[first.start : first.end].root.head.i
    if end - start == 1:
        return first.label in _MODIFIER_LABELS and head in (start, doc[start].head.i)
    return (
        first.label in _MODIFIER_LABELS | {"PERSON"}
        and doc[end - 1].lower_ in FACILITY_NOUNS
        and start <= head < end
    )


_QUOTE_TAGS = frozenset({"``", "''"})
_MAX_TITLE_TOKENS = 8


def _quoted_titles(doc: Doc, taken: Collection[int]) -> Iterator[tuple[int, int]]:
    """Title Case words between quotes: a film's or a book's title ("‘ Burning Bright ’")."""
    n = len(doc)
    i = 0
    while i < n:
        if doc[i].tag_ not in _QUOTE_TAGS:
            i += 1
            continue
        j = i + 1
        while j < n and j - i <= _MAX_TITLE_TOKENS and doc[j].tag_ not in _QUOTE_TAGS:
            j += 1
        if j < n and doc[j].tag_ in _QUOTE_TAGS and j > i + 1:
            inner = doc[i + 1 : j]
            words = [t for t in inner if t.is_alpha]
            if (
                words
                and inner[0].text[:1].isupper()
                and not any(k in taken for k in range(i + 1, j))
                and not any(t.is_punct or t.is_space for t in inner)
                and all(t.text[:1].isupper() or t.lower_ in TITLE_CASE_SMALL_WORDS for t in words)
            ):
                yield i + 1, j
            i = j + 1
        else:
            i += 1


# Parts of speech that never start or continue a name in a Title Case line.
_FUNCTION_POS = frozenset({"ADP", "DET", "CCONJ", "SCONJ", "PRON", "PART", "AUX", "PUNCT", "NUM"})


def _capitalised_runs(
    doc: Doc, start: int, end: int, taken: Collection[int], titled: bool
) -> Iterator[tuple[int, int]]:
    """Maximal runs of capitalised words in ``doc[start:end]`` outside ``taken`` tokens."""
    i = start
    while i < end:
        j = i
        while j < end and j not in taken and _name_like(doc[j], titled):
            j += 1
        if j > i:
            if j - i <= _MAX_CANDIDATE_TOKENS:
                yield i, j
            i = j
        else:
            i += 1


# A team named by a number ("the 49ers", "the 76ers"), which the tagger reads as a count.
_NUMBERED_NAME = re.compile(r"^\d+ers$")


def _name_like(token: Token, titled: bool) -> bool:
    if _NUMBERED_NAME.match(token.text):
        return True
    if not token.text[:1].isupper() or token.is_punct or not any(c.isalpha() for c in token.text):
        return False
    if titled:
        return token.pos_ not in _FUNCTION_POS
    return token.pos_ in _CANDIDATE_POS


def _plausible_candidate(doc: Doc, start: int, end: int, lower_words: set[str]) -> bool:
    words = [t.lower_.rstrip(".") for t in doc[start:end]]
    if any(w in TITLES or w in HONORIFICS for w in words):
        return False
    return not (len(words) == 1 and words[0] in lower_words)


def _unlabelled_names(doc: Doc, taken_spans: Sequence[Span]) -> list[Span]:
    """Proper-noun runs the tagger missed that a person's title or description names.

    "the visiting foreign minister from North Korea, Choe Son Hui" has no
    entity for the minister; a run of two to four capitalised proper nouns in
    apposition to a person noun, or after a title, is taken as a PERSON.
    """
    from spacy.tokens import Span as SpacySpan

    taken = {i for s in taken_spans for i in range(s.start, s.end)}
    found: list[Span] = []
    i = 0
    n = len(doc)
    while i < n:
        if not _is_name_token(doc[i]) or i in taken:
            i += 1
            continue
        j = i
        while j < n and _is_name_token(doc[j]) and j not in taken:
            j += 1
        if 2 <= j - i <= 4 and doc[i].sent.start != i:
            span = SpacySpan(doc, i, j, label="PERSON")
            if _names_a_person(span):
                found.append(span)
        i = j
    return found


def _is_name_token(token: Token) -> bool:
    return token.tag_ in ("NNP", "NNPS") and token.is_alpha and token.text[:1].isupper()


def _names_a_person(span: Span) -> bool:
    root = span.root
    if root.dep_ == "appos":
        anchor = _apposition_anchor(root)
        if anchor is not None and anchor.lower_ in _PERSON_NOUNS:
            return True
    before = span.doc[span.start - 1]
    return before.lower_.rstrip(".") in TITLES and before.head.i in range(span.start, span.end)


# Countries and national capitals, in their usual English spellings: a prior
# for names the tagger has not seen enough of (it reads "Kyiv said" as a person).
_COUNTRIES = """
Afghanistan|Albania|Algeria|Andorra|Angola|Antigua and Barbuda|Argentina|Armenia|Australia|
Austria|Azerbaijan|Bahamas|Bahrain|Bangladesh|Barbados|Belarus|Belgium|Belize|Benin|Bhutan|
Bolivia|Bosnia and Herzegovina|Bosnia|Botswana|Brazil|Brunei|Bulgaria|Burkina Faso|Burundi|
Cambodia|Cameroon|Canada|Cape Verde|Central African Republic|Chad|Chile|China|Colombia|Comoros|
Congo|Costa Rica|Croatia|Cuba|Cyprus|Czech Republic|Czechia|Denmark|Djibouti|Dominica|
Dominican Republic|East Timor|Ecuador|Egypt|El Salvador|Equatorial Guinea|Eritrea|Estonia|
Eswatini|Ethiopia|Fiji|Finland|France|Gabon|Gambia|Georgia|Germany|Ghana|Greece|Grenada|
Guatemala|Guinea|Guinea-Bissau|Guyana|Haiti|Honduras|Hungary|Iceland|India|Indonesia|Iran|Iraq|
Ireland|Israel|Italy|Ivory Coast|Jamaica|Japan|Jordan|Kazakhstan|Kenya|Kiribati|Kosovo|Kuwait|
Kyrgyzstan|Laos|Latvia|Lebanon|Lesotho|Liberia|Libya|Liechtenstein|Lithuania|Luxembourg|
Madagascar|Malawi|Malaysia|Maldives|Mali|Malta|Marshall Islands|Mauritania|Mauritius|Mexico|
Micronesia|Moldova|Monaco|Mongolia|Montenegro|Morocco|Mozambique|Myanmar|Burma|Namibia|Nauru|
Nepal|Netherlands|New Zealand|Nicaragua|Niger|Nigeria|North Korea|North Macedonia|Norway|Oman|
Pakistan|Palau|Palestine|Panama|Papua New Guinea|Paraguay|Peru|Philippines|Poland|Portugal|
Qatar|Romania|Russia|Rwanda|Saint Lucia|Samoa|San Marino|Saudi Arabia|Senegal|Serbia|
Seychelles|Sierra Leone|Singapore|Slovakia|Slovenia|Solomon Islands|Somalia|South Africa|
South Korea|South Sudan|Spain|Sri Lanka|Sudan|Suriname|Sweden|Switzerland|Syria|Taiwan|
Tajikistan|Tanzania|Thailand|Togo|Tonga|Trinidad and Tobago|Tunisia|Turkey|Turkmenistan|Tuvalu|
Uganda|Ukraine|United Arab Emirates|United Kingdom|Britain|Great Britain|United States|
United States of America|Uruguay|Uzbekistan|Vanuatu|Vatican City|Venezuela|Vietnam|Yemen|
Zambia|Zimbabwe
"""
_CAPITALS = """
Kabul|Tirana|Algiers|Luanda|Buenos Aires|Yerevan|Canberra|Vienna|Baku|Nassau|Manama|Dhaka|
Minsk|Brussels|Belmopan|Porto-Novo|Thimphu|La Paz|Sarajevo|Gaborone|Brasilia|Sofia|Ouagadougou|
Gitega|Phnom Penh|Yaounde|Ottawa|Praia|Bangui|N'Djamena|Santiago|Beijing|Bogota|Moroni|
Kinshasa|Brazzaville|San Jose|Zagreb|Havana|Nicosia|Prague|Copenhagen|Dili|Quito|Cairo|
San Salvador|Malabo|Asmara|Tallinn|Addis Ababa|Suva|Helsinki|Paris|Libreville|Banjul|Tbilisi|
Berlin|Accra|Athens|Guatemala City|Conakry|Bissau|Georgetown|Port-au-Prince|Tegucigalpa|
Budapest|Reykjavik|New Delhi|Jakarta|Tehran|Baghdad|Dublin|Jerusalem|Rome|Kingston|Tokyo|Amman|
Astana|Nairobi|Pristina|Kuwait City|Bishkek|Vientiane|Riga|Beirut|Maseru|Monrovia|Tripoli|
Vilnius|Antananarivo|Lilongwe|Kuala Lumpur|Bamako|Valletta|Nouakchott|Port Louis|Mexico City|
Chisinau|Ulaanbaatar|Ulan Bator|Podgorica|Rabat|Maputo|Naypyidaw|Windhoek|Kathmandu|Amsterdam|
Wellington|Managua|Niamey|Abuja|Pyongyang|Skopje|Oslo|Muscat|Islamabad|Ramallah|Panama City|
Port Moresby|Asuncion|Lima|Manila|Warsaw|Lisbon|Doha|Bucharest|Moscow|Kigali|Riyadh|Dakar|
Belgrade|Freetown|Bratislava|Ljubljana|Mogadishu|Pretoria|Seoul|Juba|Madrid|Colombo|Khartoum|
Paramaribo|Stockholm|Bern|Damascus|Taipei|Dushanbe|Dodoma|Bangkok|Lome|Tunis|Ankara|Ashgabat|
Kampala|Kyiv|Kiev|Abu Dhabi|London|Washington|Montevideo|Tashkent|Caracas|Hanoi|Sanaa|Lusaka|
Harare
"""
_US_STATES = """
Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|Hawaii|
Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|
Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|
New York|North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|
South Carolina|South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|West Virginia|
Wisconsin|Wyoming|England|Scotland|Wales|Northern Ireland|Ontario|Quebec|British Columbia|Alberta
"""
# State abbreviations as news styles write them after a town ("Port Linden, Ore.").
_STATE_ABBREVIATIONS = """
Ala|Ariz|Ark|Calif|Colo|Conn|Del|Fla|Ga|Ill|Ind|Kan|Kans|Ky|La|Md|Mass|Mich|Minn|Miss|Mo|Mont|
Neb|Nev|NH|NJ|NM|NY|NC|ND|Okla|Ore|Pa|RI|SC|SD|Tenn|Tex|Vt|Va|Wash|WVa|Wis|Wyo|AL|AK|AZ|AR|CA|
CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|MA|MD|ME|MI|MN|MO|MS|MT|NE|NV|OH|OK|OR|PA|TN|TX|UT|VA|VT|
WA|WI|WV|WY|UK|US|USA
"""


def _names(block: str) -> frozenset[str]:
    return frozenset(mention_key(name) for name in block.replace("\n", "").split("|") if name)


_COUNTRY_KEYS = _names(_COUNTRIES)
GAZETTEER_KEYS = _COUNTRY_KEYS | _names(_CAPITALS)
# What may follow a town after a comma to say where it is: a country, a state, a province.
_REGION_KEYS = _COUNTRY_KEYS | _names(_US_STATES) | _names(_STATE_ABBREVIATIONS)
