"""Splitting an article's body and captions into claims.

A claim is one checkable assertion, usually a sentence. A sentence is split
further where it joins two assertions with their own subjects ("North Korea
claimed X, but experts question Y") or two reporting verbs ("Trump has
questioned X and has said Y"). Whether two clauses stand apart is read from
the structure (a subject and a verb on each side of ", but"), not from how the
parser happened to label the "but", so a small edit elsewhere in the sentence
does not change the split. A sentence that ends with its source ("X, but Y,
the chief said") stays whole. Each claim carries its attribution, kind,
hedges, negation, quantities and resolved time expressions; a date is resolved
with its sentence: a year the sentence states for it ("in 2011, ... the
June 14 floods"), or a verb that speaks of it as coming ("will",
"is scheduled for", "opens August 9").

No words of a body or caption block are lost. A piece of a sentence that
asserts nothing (no verb, or fewer than three words) is never cut off on its
own: a split that would leave one is not made ("In response to the threats,
South Korea, the United States, and Japan have increased ..." stays whole, a
list of subjects being no clause), and a fragment the parser broke off at an
abbreviation it does not know ("Fire Capt." | "Jim Keller died", "...,
Const." | "Pell said.") joins the sentence it belongs to. What falls between
claims is only the words linking two clauses (", but", "and"); what is left
out is only a block that asserts nothing at all ("Why?", a subhead).

The caller parses the *whole* article text once (``doc = nlp(article.text)``),
so token offsets are text offsets; sentences are clipped to block bounds,
because a parse that ignores paragraph breaks may run a caption's photo credit
into the next paragraph. Per claim the work is regular expressions and walks
over the existing parse: no second model call.

Why one module of some 900 lines: cutting sentences into claims, dating each
claim and linking captions to body claims all walk the same dependency parse
with the same helpers (governing verbs, clause heads, quoted spans); the three
sections below ("finding the claims' spans", "one claim", "across claims")
are the seams if it grows.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Literal

from analysis.extract.attribution import (
    claim_kind,
    content_verb,
    find_attribution,
    find_hedges,
    is_negated,
    main_verb,
    modal_hedges,
)
from analysis.extract.quantities import find_quantities, qualifier_phrase, same_amount
from analysis.extract.times import (
    find_times,
    parse_published,
    resolve_from_anchor,
    resolve_time,
    states_year,
)
from analysis.lexicon.grammar import CLAUSE_CONJUNCTIONS
from analysis.lexicon.speech import PRONOUNS, SPEECH_VERBS
from analysis.lexicon.tense import (
    DEADLINE_NOUNS,
    FORWARD_WORDS,
    FUTURE_AUXILIARIES,
    INTENT_VERBS,
    SCHEDULING_VERBS,
    TIME_ADVERBS,
    TIME_MODIFIERS,
    TIME_NOUNS,
)
from analysis.model import Article, Attribution, Block, Claim, Quantity, TimeRef

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

CLAIM_ROLES = ("body", "caption")
# Words after a comma that may open a second clause of a sentence (see _clause_cuts).
_CLAUSE_LINKS = CLAUSE_CONJUNCTIONS | {"though"}
_CLOSING_QUOTES = frozenset({"”", '"', "''", "’"})
# Punctuation in front of a linking conjunction that goes with the link, not the left clause.
_LINK_PUNCTUATION = frozenset({",", ";", "-", "--", "–", "—"})
_OPENING_BRACKETS = frozenset({"(", "[", "{"})
# Verb forms that can carry a clause (past, participle, present), as opposed to "-ing".
_TENSED_TAGS = frozenset({"VBD", "VBN", "VBZ", "VBP"})
# A piece of text ending in what reads as an abbreviation or an initial ("Capt.",
# "Dist.", "Ave.", "E.", "U.S."), where a parser may wrongly end a sentence.
_ABBREVIATION_END = re.compile(r"(?:^|[\s(\"“‘'])(?:[A-Z][a-z]{0,5}|(?:[A-Za-z]\.)+[A-Za-z])\.$")
# A clause hanging in one of these ways belongs inside another: not a claim of its own.
_SUBORDINATE_DEPS = frozenset({"relcl", "acl", "ccomp", "csubj", "xcomp", "pcomp", "pobj", "amod"})
_PRESENT_TAGS = frozenset({"VBZ", "VBP"})
# A date the present tense points forward to ("The fair opens August 9")
# is taken as coming only when it falls within this many days of publication:
# the present simple also states habits, so a date a year off stays in the past.
_PRESENT_TENSE_HORIZON = 183
# Years that bound a period rather than date an event ("since 2009", "until
# 2012"), or that qualify a noun ("the performances of 2008", "plans for 2014").
_YEAR_NOT_DATING = re.compile(
    r"(?<![\w-])(?:since|from|until|till|through|before|after|by|to|between|and|of|for)\s+$",
    re.IGNORECASE,
)
# Links that put the year into a clause of its own, apart from the date.
_CLAUSE_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp", "xcomp", "csubj", "parataxis"})
# How many steps up the parse the verb governing a date may be ("will make her
# debut as the orchestra's conductor at the June 14 concert" takes seven).
_GOVERNOR_REACH = 8
# How far apart (in tokens) a stated year and a bare date may be and still go together.
_YEAR_REACH = 20
# How similar a caption must be to a body claim to count as repeating it
# (Jaccard overlap of content lemmas). On the samples, captions restating the
# body score 0.53-0.74 against it; captions describing a photo 0.23 at most.
CAPTION_SIMILARITY = 0.34


def extract_claims(article: Article, doc: Doc) -> list[Claim]:
    """Split the body and caption blocks of ``article`` into claims.

    ``doc`` is the spaCy parse of the whole ``article.text``. Claims come in
    text order; a caption that repeats a body claim points to it through
    ``caption_of``.
    """
    published = parse_published(article.published)
    sents = list(doc.sents)
    sent_starts = [s.start_char for s in sents]
    claims: list[Claim] = []
    for block in sorted(article.blocks, key=lambda b: b.start):
        if block.role not in CLAIM_ROLES:
            continue
        first = max(0, bisect.bisect_right(sent_starts, block.start) - 1)
        segments: list[tuple[int, int]] = []
        for sent in sents[first:]:
            if sent.start_char >= block.end:
                break
            start, end = _trim(
                article.text, max(sent.start_char, block.start), min(sent.end_char, block.end)
            )
            if end > start:
                segments.append((start, end))
        for start, end in _join_fragments(doc, article.text, segments):
            previous: Claim | None = None
            for piece in _split(doc, article.text, start, end):
                claim = _make_claim(article, doc, block, piece, published, previous)
                if claim is not None:
                    claims.append(claim)
                    previous = claim
    claims = _anchor_relative_times(claims, article.blocks)
    claims = _resolve_pronoun_sources(claims, doc)
    return _link_captions(claims, doc)


def _anchor_relative_times(claims: list[Claim], blocks: Sequence[Block]) -> list[Claim]:
    """Resolve "the following day", "the day before" against the date the text gave last.

    News narrates in order: "On Monday the council voted. The following day
    the mayor signed it." The anchor is the last date resolved before the
    expression, in the same claim or an earlier body claim of the same
    paragraph, or in the claim just before; farther back, the event meant is
    too uncertain and the expression stays unresolved. Captions neither give
    nor take an anchor (they stand apart from the story's order).
    """
    starts = sorted(b.start for b in blocks)

    def block_of(claim: Claim) -> int:
        return bisect.bisect_right(starts, claim.start) - 1

    out: list[Claim] = []
    anchor: TimeRef | None = None
    anchor_block = anchor_claim = -1
    last_body = -1  # index in out of the last body claim
    for claim in claims:
        if claim.block_role != "body":
            out.append(claim)
            continue
        here = block_of(claim)
        if anchor is not None and anchor_block != here and last_body != anchor_claim:
            anchor = None
        times: list[TimeRef] = []
        changed = False
        for ref in claim.times:
            if ref.value is None and anchor is not None:
                found = resolve_from_anchor(ref, anchor)
                if found is not None:
                    ref, changed = found, True
            times.append(ref)
            if ref.value is not None:
                anchor, anchor_block, anchor_claim = ref, here, len(out)
        out.append(replace(claim, times=tuple(times)) if changed else claim)
        last_body = len(out) - 1
    return out


def claims_to_json(claims: Iterable[Claim]) -> list[dict[str, Any]]:
    """Plain dicts for the store or a report, one per claim (see :meth:`Claim.to_dict`)."""
    return [c.to_dict() for c in claims]


# --- finding the claims' spans -------------------------------------------------------


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _span(doc: Doc, start: int, end: int) -> Span | None:
    return doc.char_span(start, end, alignment_mode="expand")


def _join_fragments(doc: Doc, text: str, segments: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The parse's sentences of one block, with the pieces that assert nothing joined on.

    The parser cuts sentences after abbreviations it does not know ("Fire
    Capt. | Jim Keller died", "..., Const. | Pell said.", "along Elm
    Ave. | in North Ashby"), before decimals (".358") and around stray quote
    marks. Such a piece is no claim of its own, but its words belong to one:
    it joins the sentence it continues (the one before), or the one it leads
    into when it ends with an abbreviation, opens the block, or is an opening
    quote mark. Pieces that make an assertion stay apart: each is a claim (or
    several) of its own, and nothing of theirs is lost.
    """
    units = list(segments)
    while len(units) > 1:
        lonely = next(
            (i for i, (s, e) in enumerate(units) if not _asserts(doc, s, e)),
            None,
        )
        if lonely is None:
            break
        partner = _fragment_partner(text, units, lonely)
        low, high = sorted((lonely, partner))
        units[low : high + 1] = [(units[low][0], units[high][1])]
    return units


def _fragment_partner(text: str, units: list[tuple[int, int]], i: int) -> int:
    """Which neighbour the fragment ``units[i]`` belongs with (an index next to ``i``)."""
    if i == 0:
        return 1
    if i == len(units) - 1:
        return i - 1
    start, end = units[i]
    piece = text[start:end]
    opening_mark = (
        not any(ch.isalnum() for ch in piece)
        and units[i + 1][0] == end
        and units[i - 1][1] != start
    )
    if opening_mark or _ABBREVIATION_END.search(piece):
        return i + 1
    return i - 1


def _asserts(doc: Doc, start: int, end: int) -> bool:
    span = _span(doc, start, end)
    return span is not None and _is_assertion(span)


def _split(doc: Doc, text: str, start: int, end: int) -> list[tuple[int, int]]:
    """One or more claim spans inside a clipped sentence.

    Only the words that link two clauses (", but", "and", "; while") fall
    between the spans: a cut that would leave a piece asserting nothing on
    either side ("In response to the threats, South Korea, the United States,
    | and Japan have increased ...") is not made.
    """
    start, end = _trim(text, start, end)
    span = _span(doc, start, end) if end > start else None
    if span is None or len(span) == 0:
        return []
    cuts: list[tuple[int, int]] = []  # (end of the left part, start of the right part)
    for t in span:
        if t.dep_ != "conj" or t.pos_ not in ("VERB", "AUX"):
            continue
        head = t.head
        if not (span.start <= head.i < span.end) or head.i >= t.i:
            continue
        if head.pos_ in ("VERB", "AUX"):
            if not _has_subject(head):
                continue  # "has sold the farm and is moving to ...": one subject
        elif not _has_own_clause(doc[span.start : t.i], misparsed=True):
            # The parser took a noun or a preposition for the root. The left side
            # is a clause only if it has a verb after a noun ("The veteran
            # Okafor, 31-2, outpointed Mills ..., and the challenger never
            # found his range"); "In response to X, A, B, and C have ..." has none.
            continue
        if any(c.dep_ == "mark" for c in t.children):
            continue  # "said that prices rose, but that wages fell": one report of two things
        cc = [
            c
            for c in list(head.children) + list(t.children)
            if c.dep_ == "cc" and head.i < c.i < t.i and c.lower_ in CLAUSE_CONJUNCTIONS
        ]
        if not cc:
            continue
        conj = cc[-1]
        own_subject = next(
            (
                c
                for c in t.children
                if c.dep_ in ("nsubj", "nsubjpass", "expl")
                and conj.i < c.i < t.i
                and _opens_clause(c)
            ),
            None,
        )
        main_clause = head.dep_ == "ROOT" or not (span.start <= head.head.i < span.end)
        speech = t.lemma_.lower() in SPEECH_VERBS and any(c.dep_ == "ccomp" for c in t.children)
        if not ((own_subject is not None and main_clause) or speech):
            continue
        if not _starts_clause(conj, t):
            continue  # "left the clinic and is moving to X, the Harbour Gazette has confirmed"
        prev = doc[conj.i - 1] if conj.i - 1 >= span.start else None
        if prev is not None and prev.text in _OPENING_BRACKETS:
            continue  # "drifting toward the harbour (and) it is thought": an aside, kept whole
        if own_subject is not None and _ends_in_list_item(span, conj, own_subject):
            continue  # "The three leads A, B, and C are signed on": one subject, three names
        # The right part starts after the conjunction; the left ends before it
        # (and before a comma or dash in front of it, not before a closing quote).
        left_end = conj.idx
        if prev is not None and prev.text in _LINK_PUNCTUATION:
            left_end = prev.idx
        cuts.append((left_end, _after_link(conj, span)))
    cuts += _clause_cuts(span)
    if cuts and _reported_at_the_end(span):
        cuts = []  # "X, but Y, the chief said": the chief says both
    return _pieces(doc, text, start, end, cuts)


def _pieces(
    doc: Doc, text: str, start: int, end: int, cuts: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """The spans between ``cuts``, dropping any cut that leaves a piece asserting nothing."""
    kept: list[tuple[int, int]] = []
    for left_end, right_start in sorted(set(cuts)):
        if start < left_end and (not kept or kept[-1][1] < left_end):
            kept.append((left_end, right_start))
    while True:
        bounds = [start] + [c for cut in kept for c in cut] + [end]
        pieces = [_trim(text, bounds[k], bounds[k + 1]) for k in range(0, len(bounds), 2)]
        bad = next((k for k, (s, e) in enumerate(pieces) if not _asserts(doc, s, e)), None)
        if bad is None or not kept:
            return [p for p in pieces if p[1] > p[0]]
        # Undo the cut on the piece's left (on its right for the first piece).
        del kept[bad - 1 if bad > 0 else 0]


def _opens_clause(subject: Token) -> bool:
    """Whether ``subject`` can be the subject of a new clause after "and" / "but".

    A relative pronoun continues a relative clause ("one who trains every morning
    and who has knee trouble"); a time noun taken for a subject is a
    misparsed adverbial ("and last week was chosen", "but a moment later
    cleared the hall").
    """
    if subject.tag_ in ("WDT", "WP", "WP$"):
        return False
    # A time noun the parser may take for the subject of a clause after "and":
    # "and last week was chosen", "but a moment later cleared".
    if subject.lemma_.lower() in TIME_NOUNS:
        following = subject.nbor(1) if subject.i + 1 < len(subject.doc) else None
        if any(c.lower_ in TIME_MODIFIERS for c in subject.children) or (
            following is not None and following.lower_ in TIME_ADVERBS
        ):
            return False
    return True


def _starts_clause(conj: Token, verb: Token) -> bool:
    """Whether the conjunction stands right before the clause of ``verb`` (punctuation aside)."""
    first = verb.i
    for child in verb.children:
        if child.i > conj.i and child.dep_ not in ("cc", "punct"):
            first = min(first, child.left_edge.i)
    return all(t.is_punct or t.is_space for t in verb.doc[conj.i + 1 : first])


def _ends_in_list_item(span: Span, link: Token, subject: Token) -> bool:
    """Whether the words before ", and" end a list of names or things: "A, B, and C have ...".

    That is the stretch between the last two commas before the link (or
    between the last comma and the link): it has a noun and no verb. Lists are
    joined with "and" or "or", never with "but" or "while", and a personal
    pronoun (the right-hand clause's ``subject``) seldom ends one.
    """
    if link.lower_ not in ("and", "or") or subject.tag_ == "PRP":
        return False  # "..., a promising young winger, and he did not play ...": no list
    doc = link.doc
    end = link.i - 1 if link.i - 1 >= span.start and doc[link.i - 1].text == "," else link.i
    # A comma between digits ("31, 000") is a thousands separator, not a list's.
    commas = [
        t.i
        for t in doc[span.start : end]
        if t.text == "," and not (doc[t.i - 1].like_num and doc[t.i + 1].like_num)
    ]
    if not commas:
        return False
    item = doc[commas[-1] + 1 : end]
    has_noun = any(t.pos_ in ("NOUN", "PROPN", "NUM") for t in item)
    # A tensed verb form counts even where the parser made it a modifier:
    # "..., floored Okafor with a left hook, and the Canadian never recovered".
    has_verb = any(
        t.pos_ in ("VERB", "AUX") and (t.dep_ not in ("amod", "compound") or t.tag_ in _TENSED_TAGS)
        for t in item
    )
    return has_noun and not has_verb


def _after_link(link: Token, span: Span) -> int:
    """Where the right part starts: after the link word and a comma right behind it."""
    doc = link.doc
    end = link.idx + len(link.text)
    nxt = link.i + 1
    if nxt < span.end and doc[nxt].text == ",":
        end = doc[nxt].idx + 1
    return end


def _has_subject(verb: Token) -> bool:
    """Whether ``verb`` is a clause's verb with a subject (its own, or shared along a "conj")."""
    if verb.pos_ not in ("VERB", "AUX"):
        return False
    node = verb
    for _ in range(4):
        if any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in node.children):
            return True
        if node.dep_ != "conj" or node.head.i == node.i:
            return False
        node = node.head
    return False


def _clause_cuts(span: Span) -> list[tuple[int, int]]:
    """Cuts at ", but" (";", "while", "although", "yet", "and") between two full clauses.

    Both sides need a subject and a verb of their own; how the parser labelled
    or attached the connective does not matter, so a sentence splits the same
    way whatever small edit is made inside it ("welcomed Monday's offer, but
    some raised concerns" and "welcomed Friday's offer, but ..."). A right-hand
    clause that is reported by a verb outside the left one ("X, but Y, he
    said") stays with it, so the attribution is not lost.
    """
    doc = span.doc
    cuts: list[tuple[int, int]] = []
    for link in span:
        if link.lower_ not in _CLAUSE_LINKS or link.i - 1 <= span.start:
            continue
        comma = doc[link.i - 1]
        if comma.text not in (",", ";") or (link.i + 1 < len(doc) and doc[link.i + 1].is_punct):
            continue  # ", though," is an aside, not a link
        left = doc[span.start : comma.i]
        right = doc[link.i + 1 : span.end]
        verb = _clause_verb(right, link)
        if verb is None or not _has_own_clause(left):
            continue
        anchor = verb.head if span.start <= verb.head.i < comma.i else None
        while anchor is not None and anchor.dep_ == "conj" and anchor.head.i < anchor.i:
            anchor = anchor.head  # "lowered their flags and folded their banners, while ..."
        if anchor is not None and not (
            anchor.dep_ == "ROOT" or not span.start <= anchor.head.i < span.end
        ):
            continue  # the left clause is itself reported or subordinate
        if anchor is None and _reports(verb, left, link):
            continue  # "“..., and the international community,” Nakatani expressed concern"
        subject = _subject_of(verb, link)
        if subject is not None and _ends_in_list_item(span, link, subject):
            continue  # "said paramedics, along with two ambulances, and harbour police would"
        cuts.append((comma.idx, _after_link(link, span)))
    return cuts


def _reported_at_the_end(span: Span) -> bool:
    """Whether the sentence ends with who said it: "..., but they got out, the chief said."

    That is a reporting verb with its subject (before or after it: "...,"
    said the chief) in a clause of its own at the end, after a comma or a
    quotation mark, that reports nothing after it.
    """
    doc = span.doc
    for verb in span:
        if verb.lemma_.lower() not in SPEECH_VERBS:
            continue
        if verb.dep_ not in ("ROOT", "conj", "parataxis") and span.start <= verb.head.i < span.end:
            continue  # "the bear, which was declared ...": a clause inside another
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is None or not span.start <= subject.i < span.end or not _opens_clause(subject):
            continue
        first = min(subject.left_edge.i, verb.i)
        before = next(
            (doc[i] for i in range(first - 1, span.start - 1, -1) if not doc[i].is_space), None
        )
        if before is None or not (
            before.text in _LINK_PUNCTUATION
            or before.text in _CLOSING_QUOTES
            or before.text in ("``", "“", "`")
        ):
            continue
        after = doc[verb.i + 1 : span.end]
        # Nothing but the verb's own modifiers after it ("said on Friday in a
        # statement that was released"), no further clause of its own.
        if all(
            t.is_punct
            or t.is_space
            or (
                t.i <= verb.right_edge.i
                and not (t.head == verb and t.dep_ in ("ccomp", "conj", "parataxis", "xcomp"))
            )
            for t in after
        ):
            return True
    return False


def _clause_verb(right: Span, link: Token) -> Token | None:
    """The verb of a clause opening ``right`` with a subject of its own, if there is one."""
    verb = next(
        (
            t
            for t in right
            if t.pos_ in ("VERB", "AUX")
            and t.dep_ not in ("aux", "auxpass")
            and (t.head.i == t.i or not right.start <= t.head.i < right.end)
        ),
        None,
    )
    if verb is None or verb.dep_ in _SUBORDINATE_DEPS:
        return None
    if any(c.dep_ == "mark" and c.i != link.i for c in verb.children):
        return None  # "but that ...", "but if ...": not a clause of its own
    subject = _subject_of(verb, link)
    if subject is None or not _opens_clause(subject):
        return None
    # The clause starts at the link: whatever stands before its subject hangs
    # from its verb ("but in 2006 a movie featured ..."), not from the left part
    # ("their speed, nerve, and the calm way ..., I think": a list).
    for t in right.doc[link.i + 1 : subject.left_edge.i]:
        node = t
        while node.i != verb.i and node.i > link.i and node.head.i != node.i:
            node = node.head
        if node.i != verb.i:
            return None
    return verb if sum(t.is_alpha for t in right) >= 3 else None


def _subject_of(verb: Token, link: Token) -> Token | None:
    """The subject of ``verb`` between the link word and the verb."""
    return next(
        (
            c
            for c in verb.children
            if c.dep_ in ("nsubj", "nsubjpass", "expl") and link.i < c.i < verb.i
        ),
        None,
    )


def _reports(verb: Token, left: Span, link: Token) -> bool:
    """Whether the right-hand ``verb`` reports what comes before it (a quotation, a ccomp)."""
    doc = verb.doc
    if any(doc[i].text in _CLOSING_QUOTES for i in range(link.i + 1, verb.i)):
        return True
    return any(t.head == verb and t.dep_ in ("ccomp", "parataxis") for t in left)


def _has_own_clause(left: Span, misparsed: bool = False) -> bool:
    """Whether ``left`` has a verb with a noun or pronoun before it (a subject, parsed or not).

    With ``misparsed`` (the parser's root is no verb), a verb form it attached
    as a modifier counts too ("Okafor, 31-2, outpointed Mills" read as
    "outpointed Mills", a noun phrase).
    """
    if sum(t.is_alpha for t in left) < 3:
        return False
    seen_nominal = False
    for t in left:
        modifier = t.dep_ in ("amod", "compound")
        verb_form = t.pos_ == "VERB" and t.tag_ in _TENSED_TAGS
        if (
            t.pos_ in ("VERB", "AUX")
            and seen_nominal
            and (not modifier or (misparsed and verb_form))
        ):
            return True
        if t.pos_ in ("NOUN", "PROPN", "PRON"):
            seen_nominal = True
    return False


# --- one claim ------------------------------------------------------------------------------


def _is_assertion(span: Span) -> bool:
    """Three words or more and a verb; numbers and contractions count ("She was 85", "I wasn't")."""
    words = [t for t in span if not t.is_punct and any(ch.isalnum() for ch in t.text)]
    return len(words) >= 3 and any(t.pos_ in ("VERB", "AUX") for t in span)


def _make_claim(
    article: Article,
    doc: Doc,
    block: Block,
    piece: tuple[int, int],
    published: date | None,
    previous: Claim | None,
) -> Claim | None:
    """The claim over ``piece``; ``previous`` is the claim split off before it, if any."""
    start, end = piece
    span = _span(doc, start, end)
    if span is None or not _is_assertion(span):
        return None
    text = article.text[start:end]
    verb = main_verb(span)
    attribution = find_attribution(span, verb)
    if (
        attribution is None
        and previous is not None
        and previous.attribution is not None
        and verb is not None
        and verb.lemma_.lower() in SPEECH_VERBS
        and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)
    ):
        # "Trump has questioned X and has said Y": the second part shares the subject.
        attribution = replace(previous.attribution, verb=verb.text.lower())
    times = _times(text, start, published, span)
    quantities = tuple(
        find_quantities(
            text,
            start,
            tokens=list(span),
            exclude=[(t.start, t.end) for t in times],
        )
    )
    qualifier_phrases = [
        (q.start - start, phrase) for q in quantities if (phrase := qualifier_phrase(q))
    ]
    content = content_verb(verb) if verb is not None else None
    modal_positions = [
        (c.idx - start, c.lower_)
        for v in {verb, content}
        if v is not None
        for c in v.children
        if c.dep_ == "aux" and c.lower_ in modal_hedges(v)
    ]
    return Claim(
        id=f"{article.id[:12]}:{start}",
        article=article.id,
        start=start,
        end=end,
        text=text,
        kind=claim_kind(span, verb, attribution),
        block_role=block.role,
        attribution=attribution,
        hedges=find_hedges(text, qualifier_phrases + modal_positions),
        negated=is_negated(verb),
        quantities=quantities,
        times=tuple(times),
    )


def _times(text: str, start: int, published: date | None, span: Span) -> list[TimeRef]:
    """The claim's time expressions, each resolved with what the sentence says about it.

    A month or month-day written without a year takes a year the sentence
    states for it ("in 2011, which was delayed by the June 14 floods");
    otherwise one the sentence speaks of as coming ("will meet Friday", "is
    scheduled for August 21", "The fair opens August 9") resolves
    forwards.
    """
    found = find_times(text, published, start)
    out: list[TimeRef] = []
    for ref in found:
        stated = _stated_year(span, ref, found, text, start)
        if stated is not None:
            anchored = resolve_time(ref.text, published, year=stated)
            if anchored.value is not None:
                out.append(replace(anchored, start=ref.start, end=ref.end))
                continue
        if ref.value is not None and published is not None:
            ref = _resolve_forward(span, ref, published)
        out.append(ref)
    return out


def _resolve_forward(span: Span, ref: TimeRef, published: date) -> TimeRef:
    evidence = _future_evidence(span, ref)
    if evidence is None:
        return ref
    ahead = replace(resolve_time(ref.text, published, future=True), start=ref.start, end=ref.end)
    if evidence == "strong":
        return ahead
    first = _first_day(ahead.value)
    if first is not None and first - published <= timedelta(days=_PRESENT_TENSE_HORIZON):
        return ahead
    return ref


def _first_day(value: str | None) -> date | None:
    """The first day of a resolved value ("2013-10-05", "2013-10", "2013-10-01/2013-10-07")."""
    if not value:
        return None
    head = value.split("/")[0]
    parts = head.split("-")
    try:
        if len(parts) == 3:
            return date(int(parts[0]), int(parts[1]), int(parts[2]))
        if len(parts) == 2:
            return date(int(parts[0]), int(parts[1]), 1)
        return date(int(parts[0]), 1, 1)
    except ValueError:
        return None


def _token_at(span: Span, offset: int) -> Token | None:
    return next((t for t in span if t.idx + len(t.text) > offset), None)


def _future_evidence(span: Span, ref: TimeRef) -> Literal["strong", "weak"] | None:
    """How plainly the sentence speaks of a time expression as still to come.

    strong: "will" (or "'ll", "shall") on the verb that governs it, or on the
    verb whose infinitive it is ("will try to vote on Friday"); a scheduling
    passive in the present or a participle ("are scheduled for", "elections
    slated for"); a present-tense intent ("plans to visit", "is going to
    vote"); "upcoming", "coming", "next" in front of it; a "deadline" after it.
    weak: the governing verb in the present simple, with its own subject
    ("The fair opens August 9"), reporting verbs ("says") and "since"
    excepted.
    """
    token = _token_at(span, ref.start)
    if token is None or token.idx >= ref.end:
        return None
    doc = token.doc
    after = next((t for t in span if t.idx >= ref.end), None)
    if after is not None and after.lower_ in DEADLINE_NOUNS:
        return "strong"
    before = [doc[i] for i in range(max(span.start, token.i - 2), token.i)]
    if any(t.lower_ in FORWARD_WORDS for t in before):
        return "strong"
    head = _governing_verb(token)
    if head is None:
        return None
    if _has_future_aux(head):
        return "strong"
    lemma = head.lemma_.lower()
    auxes = [c for c in head.children if c.dep_ in ("aux", "auxpass")]
    if lemma in SCHEDULING_VERBS and head.tag_ == "VBN":
        if any(a.tag_ in _PRESENT_TAGS for a in auxes):
            return "strong"
        if not auxes and head.dep_ in ("acl", "amod"):
            return "weak"  # "elections scheduled for August 21" (they may have been held)
    if head.dep_ == "xcomp" and head.head.i != head.i:
        parent = head.head
        if _has_future_aux(parent):
            return "strong"
        present = parent.tag_ in _PRESENT_TAGS or any(
            c.dep_ in ("aux", "auxpass") and c.tag_ in _PRESENT_TAGS for c in parent.children
        )
        if present and parent.lemma_.lower() in INTENT_VERBS | SCHEDULING_VERBS:
            return "strong"
    if (
        head.tag_ in _PRESENT_TAGS
        and not auxes
        and lemma not in SPEECH_VERBS
        # A verb with a subject of its own: "launches into the sea on Tuesday" is
        # a noun the tagger took for a verb.
        and any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in head.children)
        and _dates_the_verb(token, ref, head)
    ):
        return "weak"
    return None


def _dates_the_verb(token: Token, ref: TimeRef, verb: Token) -> bool:
    """Whether the time expression says when ``verb`` happens ("opens August 9", "on May 3").

    A date that names an event inside a noun phrase ("Monday's shooting
    follows", "the Friday slaying") does not; nor does "since" (a period
    reaching back), while a date for a deadline does ("faces a July 30 due date").
    """
    root = token
    while ref.start <= root.head.idx < ref.end and root.head.i != root.i:
        root = root.head
    if root.dep_ in ("npadvmod", "advmod", "tmod", "obl") and root.head == verb:
        return True
    if root.dep_ == "pobj" and root.head.dep_ == "prep" and root.head.head == verb:
        return root.head.lower_ != "since"
    if root.dep_ in ("compound", "nmod", "poss", "amod"):
        return root.head.lemma_.lower() in DEADLINE_NOUNS | {"due"}
    return False


def _has_future_aux(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ in FUTURE_AUXILIARIES for c in verb.children)


def _governing_verb(token: Token) -> Token | None:
    """The verb a time expression's token hangs from, a few steps up the parse."""
    head = token
    for _ in range(_GOVERNOR_REACH):
        if head.pos_ in ("VERB", "AUX") and head.dep_ not in ("aux", "auxpass"):
            return head
        if head.head.i == head.i:
            return None
        head = head.head
    return None


def _explicit_year(ref: TimeRef) -> int | None:
    """The single year a time expression states or resolves to by words ("in 2001", "this year")."""
    if ref.value is None:
        return None
    if re.fullmatch(r"\d{4}", ref.value):
        return int(ref.value)
    if re.fullmatch(r"\d{4}-\d\d(?:-\d\d)?", ref.value) and states_year(ref.text):
        return int(ref.value[:4])
    return None


def _stated_year(
    span: Span, ref: TimeRef, refs: Sequence[TimeRef], text: str, offset: int
) -> int | None:
    """A year the sentence states for a month or month-day written without one.

    The year must date the same clause as the date: "in 2011, which was
    delayed by the June 14 floods" gives 2011; "the company, founded in
    1998, said on March 3" does not give 1998 (the year sits in a clause of its
    own), nor does "its best quarter since 2009" (a period's boundary).
    ``text`` is the claim's text, starting at ``offset`` in the article.
    """
    if ref.granularity not in ("day", "month") or states_year(ref.text):
        return None
    date_token = _token_at(span, ref.start)
    if date_token is None:
        return None
    best: tuple[int, int] | None = None
    for other in refs:
        year = _explicit_year(other)
        if other is ref or year is None:
            continue
        local = other.start - offset
        if _YEAR_NOT_DATING.search(text[max(0, local - 12) : local]):
            continue
        year_token = _token_at(span, other.end - 1)
        if year_token is None:
            continue
        distance = abs(year_token.i - date_token.i)
        if distance > _YEAR_REACH or not _same_clause(year_token, date_token):
            continue
        if best is None or distance < best[0]:
            best = (distance, year)
    return best[1] if best is not None else None


def _same_clause(year_token: Token, date_token: Token) -> bool:
    """Whether the year reaches the date without leaving a clause of its own."""
    date_line = {date_token.i} | {t.i for t in date_token.ancestors}
    node = year_token
    while node.i not in date_line:
        if node.dep_ in _CLAUSE_DEPS:
            return False
        if node.head.i == node.i:
            return False  # no common ancestor: two sentences
        node = node.head
    return True


# --- across claims ----------------------------------------------------------------------


def _resolve_pronoun_sources(claims: list[Claim], doc: Doc) -> list[Claim]:
    """ "..., he added": the source is the last named source a few claims back.

    "He" and "she" stand for a person: a source the parse tags as an
    organisation, a place or a group ("Fox News confirmed ...; he asked ..."),
    or a news outlet, is passed over, and with no person close before the
    pronoun stays as it is (who it is stays open).
    """
    out: list[Claim] = []
    for i, claim in enumerate(claims):
        att = claim.attribution
        if att is not None and att.source is not None and att.source.lower() in PRONOUNS:
            person = att.source.lower() in _PERSONAL_PRONOUNS
            previous = _previous_named_source(claims[max(0, i - 3) : i], doc, person)
            if previous is not None:
                claim = replace(
                    claim,
                    attribution=Attribution(
                        source=previous.source, verb=att.verb, named=previous.named
                    ),
                )
        out.append(claim)
    return out


_PERSONAL_PRONOUNS = frozenset({"he", "she"})
_NOT_A_PERSON = frozenset({"ORG", "GPE", "NORP", "FAC", "LOC", "PRODUCT", "WORK_OF_ART"})


def _previous_named_source(
    claims: Sequence[Claim], doc: Doc, person: bool = False
) -> Attribution | None:
    for c in reversed(claims):
        att = c.attribution
        if att is not None and att.named and att.source and att.source.lower() not in PRONOUNS:
            if person and not _may_be_a_person(att.source, c, doc):
                continue
            return att
    return None


def _may_be_a_person(source: str, claim: Claim, doc: Doc) -> bool:
    """Whether a claim's source can be what "he" or "she" stands for.

    Not when it is a news outlet, or when the parse tags its name, inside the
    claim, as an organisation, a place or a group.
    """
    from analysis.lexicon.outlets import known_outlet

    if known_outlet(source) is not None:
        return False
    span = _span(doc, claim.start, claim.end)
    if span is None:
        return True
    for ent in span.ents:
        if ent.label_ in _NOT_A_PERSON and ent.text in source and len(ent.text) * 2 >= len(source):
            return False
    return True


def _content_lemmas(doc: Doc, claim: Claim) -> set[str]:
    span = _span(doc, claim.start, claim.end)
    if span is None:
        return set()
    return {
        t.lemma_.lower()
        for t in span
        if not (t.is_stop or t.is_punct or t.is_space) and (t.is_alpha or t.like_num)
    }


def _quantities_agree(a: Sequence[Quantity], b: Sequence[Quantity]) -> bool:
    """Every quantity of the caption has a same-sized one in the body claim."""
    return all(any(same_amount(qa, qb) for qb in b) for qa in a)


def _link_captions(claims: list[Claim], doc: Doc) -> list[Claim]:
    captions = [c for c in claims if c.block_role == "caption"]
    bodies = [c for c in claims if c.block_role == "body"]
    if not captions or not bodies:
        return claims
    lemmas = {c.id: _content_lemmas(doc, c) for c in captions + bodies}
    links: dict[str, str] = {}
    for cap in captions:
        best: tuple[float, str] | None = None
        for body in bodies:
            a, b = lemmas[cap.id], lemmas[body.id]
            if not a or not b:
                continue
            score = len(a & b) / len(a | b)
            if cap.quantities and not _quantities_agree(cap.quantities, body.quantities):
                continue
            if best is None or score > best[0]:
                best = (score, body.id)
        if best is not None and best[0] >= CAPTION_SIMILARITY:
            links[cap.id] = best[1]
    return [replace(c, caption_of=links[c.id]) if c.id in links else c for c in claims]
