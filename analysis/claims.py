"""Splitting an article's body and captions into claims.

A claim is one checkable assertion, usually a sentence. A sentence is split
further where it joins two assertions with their own subjects ("North Korea
claimed X, but experts question Y") or two reporting verbs ("Trump has
questioned X and has said Y"). Each claim carries its attribution, kind,
hedges, negation, quantities and resolved time expressions.

The caller parses the *whole* article text once (``doc = nlp(article.text)``),
so token offsets are text offsets; sentences are clipped to block bounds,
because a parse that ignores paragraph breaks may run a caption's photo credit
into the next paragraph. Per claim the work is regular expressions and walks
over the existing parse: no second model call.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any

from analysis.attribution import (
    PRONOUNS,
    SPEECH_VERBS,
    claim_kind,
    content_verb,
    find_attribution,
    find_hedges,
    is_negated,
    main_verb,
    modal_hedges,
)
from analysis.model import Article, Attribution, Block, Claim, Quantity, TimeRef
from analysis.quantities import find_quantities, qualifier_phrase, same_amount
from analysis.times import find_times, parse_published, resolve_time

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

CLAIM_ROLES = ("body", "caption")
_SPLITTING_CONJUNCTIONS = frozenset({"but", "while", "whereas", "yet", "and", "although"})
_FUTURE_AUX = frozenset({"will", "shall", "'ll", "ll"})
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
        for sent in sents[first:]:
            if sent.start_char >= block.end:
                break
            start = max(sent.start_char, block.start)
            end = min(sent.end_char, block.end)
            previous: Claim | None = None
            for piece in _split(doc, article.text, start, end):
                claim = _make_claim(article, doc, block, piece, published, previous)
                if claim is not None:
                    claims.append(claim)
                    previous = claim
    claims = _resolve_pronoun_sources(claims)
    return _link_captions(claims, doc)


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


def _split(doc: Doc, text: str, start: int, end: int) -> list[tuple[int, int]]:
    """One or more claim spans inside a clipped sentence."""
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
        own_subject = any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in t.children)
        main_clause = head.dep_ == "ROOT" or not (span.start <= head.head.i < span.end)
        speech = t.lemma_.lower() in SPEECH_VERBS and any(c.dep_ == "ccomp" for c in t.children)
        if not ((own_subject and main_clause) or speech):
            continue
        cc = [
            c
            for c in list(head.children) + list(t.children)
            if c.dep_ == "cc" and head.i < c.i < t.i and c.lower_ in _SPLITTING_CONJUNCTIONS
        ]
        if not cc:
            continue
        # The right part starts after the conjunction; the left ends before it
        # (and before a comma in front of it).
        conj = cc[-1]
        if (
            not any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children if conj.i < c.i)
            and not speech
        ):
            continue
        left_end = conj.idx
        prev = conj.i - 1
        if prev >= span.start and doc[prev].is_punct:
            left_end = doc[prev].idx
        right_start = conj.idx + len(conj.text)
        cuts.append((left_end, right_start))
    pieces: list[tuple[int, int]] = []
    cursor = start
    for left_end, right_start in sorted(cuts):
        if left_end <= cursor:
            continue
        pieces.append(_trim(text, cursor, left_end))
        cursor = right_start
    pieces.append(_trim(text, cursor, end))
    return [p for p in pieces if p[1] > p[0]]


# --- one claim ------------------------------------------------------------------------------


def _is_assertion(span: Span) -> bool:
    words = [t for t in span if t.is_alpha]
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
    found = find_times(text, published, start)
    out: list[TimeRef] = []
    for ref in found:
        if ref.value is not None and _about_future(span, ref):
            resolved = resolve_time(ref.text, published, future=True)
            ref = replace(resolved, start=ref.start, end=ref.end)
        out.append(ref)
    return out


def _about_future(span: Span, ref: TimeRef) -> bool:
    """Whether the verb governing a time expression speaks of the future ("will meet Friday")."""
    token: Token | None = next((t for t in span if t.idx >= ref.start), None)
    if token is None:
        return False
    after = next((t for t in span if t.idx >= ref.end), None)
    if after is not None and after.lower_ == "deadline":
        return True
    head = token
    for _ in range(6):
        if head.pos_ in ("VERB", "AUX") and head.dep_ != "aux":
            break
        if head.head.i == head.i:
            break
        head = head.head
    return any(c.dep_ == "aux" and c.lower_ in _FUTURE_AUX for c in head.children)


# --- across claims ----------------------------------------------------------------------


def _resolve_pronoun_sources(claims: list[Claim]) -> list[Claim]:
    """ "..., he added": the source is the last named source a few claims back."""
    out: list[Claim] = []
    for i, claim in enumerate(claims):
        att = claim.attribution
        if att is not None and att.source is not None and att.source.lower() in PRONOUNS:
            previous = _previous_named_source(claims[max(0, i - 3) : i])
            if previous is not None:
                claim = replace(
                    claim,
                    attribution=Attribution(
                        source=previous.source, verb=att.verb, named=previous.named
                    ),
                )
        out.append(claim)
    return out


def _previous_named_source(claims: Sequence[Claim]) -> Attribution | None:
    for c in reversed(claims):
        att = c.attribution
        if att is not None and att.named and att.source and att.source.lower() not in PRONOUNS:
            return att
    return None


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
