"""Who makes a claim, and how: attribution, kind, negation and hedges from the parse.

Everything here reads the dependency parse the pipeline already made of the
whole article; nothing parses again. The functions take the tokens of one
claim (a :class:`spacy.tokens.Span`) and its main verb.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from analysis.lexicon.hedges import HEDGE_PATTERN, HEDGING_MODALS
from analysis.lexicon.names import HONORIFICS
from analysis.lexicon.people import (
    PERSON_NOUNS,
    PERSON_ROLE_NOUNS,
    TITLE_ABBREVIATIONS,
    TITLE_MODIFIERS,
    TITLES,
)
from analysis.lexicon.speech import (
    NEGATING_VERBS,
    OPINION_NOUNS,
    OPINION_VERBS,
    PASSIVE_OPINION_VERBS,
    SPEECH_VERBS,
)
from analysis.lexicon.tense import FORECAST_MODALS
from analysis.model import Attribution, ClaimKind

if TYPE_CHECKING:
    from spacy.tokens import Span, Token


# Words that introduce or stand for a role in front of a person's name; an
# abbreviation or a form of address only with its dot ("Gen." but not "Gen").
_ROLE_WORDS = (TITLES | TITLE_MODIFIERS | PERSON_NOUNS | PERSON_ROLE_NOUNS) - TITLE_ABBREVIATIONS
_DOTTED_WORDS = TITLE_ABBREVIATIONS | HONORIFICS


def _before_a_name(token: Token) -> bool:
    """Whether ``token`` introduces a person's name as a title or role does."""
    word = token.lower_
    return word in _ROLE_WORDS or (word.endswith(".") and word[:-1] in _DOTTED_WORDS)


_HEDGE_RE = re.compile(rf"(?<![\w-])({HEDGE_PATTERN})(?![\w-])", re.IGNORECASE)


def main_verb(span: Span) -> Token | None:
    """The token the claim hangs from: its first verb whose head lies outside the claim.

    The parse covers the whole article, so a claim clipped out of a longer
    sentence may have several such tokens; a verb is preferred, the sentence
    root first.
    """
    roots = [t for t in span if t.head.i == t.i or not (span.start <= t.head.i < span.end)]
    if not roots:
        return None
    verbs = [t for t in roots if t.pos_ in ("VERB", "AUX")]
    for t in verbs:
        if t.dep_ == "ROOT":
            return t
    if verbs:
        return verbs[0]
    # No verb among the roots: take the first verb anywhere in the claim.
    return next((t for t in span if t.pos_ in ("VERB", "AUX")), roots[0])


def _children(token: Token, *deps: str) -> list[Token]:
    return [c for c in token.children if c.dep_ in deps]


def _subject(verb: Token, span: Span) -> Token | None:
    """The verb's subject inside the claim (a parse across paragraphs may find one outside)."""

    def inside(tokens: list[Token]) -> list[Token]:
        return [t for t in tokens if span.start <= t.i < span.end]

    subj = inside(_children(verb, "nsubj", "nsubjpass"))
    if subj:
        return subj[0]
    # "... and has said": a coordinated verb shares its subject.
    head = verb
    for _ in range(3):
        if head.dep_ != "conj" or head.head.i == head.i:
            break
        head = head.head
        subj = inside(_children(head, "nsubj", "nsubjpass"))
        if subj:
            return subj[0]
    return None


def _stranded_subject(span: Span, verb: Token) -> Token | None:
    """A subject the parse attached outside the claim (the sentence ran across a paragraph).

    The noun right before the verb whose head lies outside the claim is taken
    as its subject: "[credit via] Robert Wood emphasized ...".
    """
    if verb.i == span.start:
        return None
    before = verb.doc[verb.i - 1]
    root = before
    while span.start <= root.head.i < span.end and root.head.i != root.i and root.head != verb:
        root = root.head
    outside = not (span.start <= root.head.i < span.end)
    if outside and root.pos_ in ("NOUN", "PROPN", "PRON") and root.i < verb.i:
        return root
    return None


def content_verb(verb: Token) -> Token:
    """For a reporting verb, the verb of what is reported ("said it couldn't confirm")."""
    if verb.lemma_.lower() in SPEECH_VERBS or _made_clear(verb) is not None:
        for child in verb.children:
            if child.dep_ == "ccomp" and child.pos_ in ("VERB", "AUX"):
                return child
            if child.dep_ == "ccomp":  # "made it clear that she would not engage"
                inner = next((c for c in child.children if c.dep_ in ("advcl", "ccomp")), None)
                if inner is not None:
                    return inner
    return verb


def _made_clear(verb: Token) -> Token | None:
    if verb.lemma_.lower() != "make":
        return None
    return next(
        (c for c in verb.children if c.lower_ == "clear" and c.dep_ in ("ccomp", "acomp", "oprd")),
        None,
    )


def _is_named(tokens: Iterable[Token]) -> bool:
    return any(
        t.pos_ == "PROPN" or t.ent_type_ in ("PERSON", "ORG", "GPE", "NORP", "FAC") for t in tokens
    )


def source_phrase(token: Token, within: Span | None = None) -> tuple[str, bool]:
    """The words naming a source, and whether it is named.

    A person is given by name, without the role in front ("Japanese Defense
    Minister Gen Nakatani" -> "Gen Nakatani"); anything else by its noun phrase
    ("South Korea's Joint Chiefs of Staff", "the Tass news agency"), without
    relative clauses or appositions that follow it. ``within`` bounds the words
    taken (the claim), so a parse that strays across a paragraph cannot pull in
    a photo credit.
    """
    lo, hi = (within.start, within.end) if within is not None else (0, len(token.doc))
    if token.pos_ == "PRON":
        return token.text, False
    appos = next((c for c in token.children if c.dep_ == "appos" and c.pos_ == "PROPN"), None)
    if appos is not None and token.pos_ == "NOUN":
        token = appos  # "Kim's sister, Kim Yo Jong"
    doc = token.doc
    if token.pos_ == "PROPN":
        first = token.i
        while (
            first - 1 >= lo
            and doc[first - 1].pos_ == "PROPN"
            and not _before_a_name(doc[first - 1])
            and doc[first - 1].dep_ in ("compound", "flat", "nmod", "appos")
        ):
            first -= 1
        before = doc[first - 1] if first > lo else None
        person = token.ent_type_ == "PERSON" or (
            before is not None
            and (
                _before_a_name(before)
                or (before.pos_ == "NOUN" and before.dep_ in ("compound", "nmod"))
            )
        )
        if person:
            return doc[first : token.i + 1].text, True
    keep = [token]
    for child in token.children:
        if child.i < token.i or child.dep_ == "prep":
            keep.extend(child.subtree)
    keep = sorted((t for t in keep if lo <= t.i < hi), key=lambda t: t.i)
    # Trim punctuation at the edges and anything before a comma left of the head.
    start, end = keep[0].i, token.i
    for t in keep:
        if t.i > token.i and t.dep_ != "punct":
            end = max(end, t.i)
    words = doc[start : end + 1]
    while len(words) > 1 and words[0].is_punct:
        words = doc[words.start + 1 : words.end]
    while len(words) > 1 and words[-1].is_punct:
        words = doc[words.start : words.end - 1]
    return words.text, _is_named(words)


def _reporting_tails(span: Span, verb: Token | None) -> list[Token]:
    """Reporting verbs the parser put in a sentence of their own after the claim.

    A parser that ends a sentence at an abbreviation it does not know reads
    "The road was closed, Const. Pell said." as two sentences; the second,
    "Pell said.", reports the first. Such a verb roots its own sentence,
    comes after the claim's verb and reports nothing after it.
    """
    if verb is None:
        return []
    return [
        t
        for t in span
        if t.i > verb.i
        and t.head.i == t.i
        and t.lemma_.lower() in SPEECH_VERBS
        and not any(c.dep_ in ("ccomp", "dobj", "xcomp", "parataxis") for c in t.children)
    ]


def _name_after_title(token: Token, span: Span) -> Token:
    """The name a title's sentence was cut from: "spokesperson Const. | Ada Pell."

    When ``token`` ends its parse sentence with an abbreviation's full stop and
    the next sentence, still inside the claim, is nothing but a name, the
    name is the source.
    """
    doc = token.doc
    stop = token.i + 1
    if stop + 1 >= span.end or doc[stop].text != "." or not doc[stop + 1].is_sent_start:
        return token
    following = doc[stop + 1].sent
    words = [t for t in following if not t.is_punct and not t.is_space]
    inside = all(t.i < span.end for t in words)
    if words and inside and all(t.pos_ == "PROPN" for t in words):
        return following.root
    return token


def find_attribution(span: Span, verb: Token | None) -> Attribution | None:
    """Who the claim is attributed to, from "X said", "according to X" or "X believes"."""
    for t in span:
        if t.lower_ == "according" and t.i + 1 < span.end and t.nbor(1).lower_ == "to":
            obj = next((c for c in t.nbor(1).children if c.dep_ == "pobj"), None)
            if obj is not None and span.start <= obj.i < span.end:
                text, named = source_phrase(_name_after_title(obj, span), span)
                return Attribution(source=text, verb="according to", named=named)
    candidates: list[Token] = []
    if verb is not None:
        candidates.append(verb)
    # "The missiles, officials said, were fired": a parenthetical reporting verb.
    candidates += [
        t
        for t in span
        if t.lemma_.lower() in SPEECH_VERBS
        and (t.dep_ == "parataxis" or (t.dep_ == "conj" and verb is not None and t.head == verb))
    ]
    candidates += _reporting_tails(span, verb)
    for v in candidates:
        clear = _made_clear(v)
        if v.lemma_.lower() not in SPEECH_VERBS and clear is None:
            continue
        if v.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in v.children):
            continue  # "they're believed to": a hedge, not a source
        subj = _subject(v, span) or _stranded_subject(span, v)
        if subj is None or subj.dep_ == "nsubjpass" or subj.lower_ in ("there", "this", "that"):
            continue
        if not span.start <= subj.i < span.end:
            continue  # the parse ran across a block boundary: no trustworthy subject
        text, named = source_phrase(subj, span)
        words = v.text.lower() if clear is None else v.doc[v.i : clear.i + 1].text.lower()
        if v.lemma_.lower() == "express":
            obj = next((c for c in v.children if c.dep_ == "dobj"), None)
            if obj is not None:
                words = f"{words} {obj.text.lower()}"
        return Attribution(source=text, verb=words, named=named)
    return None


def claim_kind(span: Span, verb: Token | None, attribution: Attribution | None) -> ClaimKind:
    """quote when it carries a direct quotation; opinion for views and forecasts."""
    if _has_quotation(span.text):
        return "quote"
    if verb is None:
        return "statement"
    lemma = verb.lemma_.lower()
    if lemma in OPINION_VERBS and attribution is not None:
        return "opinion"
    if lemma in PASSIVE_OPINION_VERBS and any(c.dep_ == "auxpass" for c in verb.children):
        return "opinion"  # "Harris is seen sticking to ..."
    content = content_verb(verb)
    for v in (verb, content):
        if any(c.dep_ == "expl" for c in v.children):
            attr = next((c for c in v.children if c.dep_ == "attr"), None)
            if attr is not None and attr.lemma_.lower() in OPINION_NOUNS:
                return "opinion"  # "there is a prevailing belief that ..."
    if content is verb and "would" in {c.lower_ for c in content.children if c.dep_ == "aux"}:
        return "opinion"  # "a victory would lead to": a conditional forecast
    negated = any(c.dep_ == "neg" for c in content.children)
    # "X announced Y will take over" reports a plan; the writer's own "will" forecasts.
    modals = FORECAST_MODALS if content is verb else FORECAST_MODALS - {"will", "shall", "ll"}
    for c in content.children:
        word = c.lower_.lstrip("'’")
        if c.dep_ == "aux" and word in modals and not (negated and word == "could"):
            return "opinion"
    return "statement"


def modal_hedges(verb: Token | None) -> tuple[str, ...]:
    """Modal verbs that make the main assertion a possibility ("may", "might", "could").

    A negated "could" ("couldn't confirm") reports an inability, not a forecast.
    """
    if verb is None:
        return ()
    negated = any(c.dep_ == "neg" for c in verb.children)
    out = []
    for c in verb.children:
        word = c.lower_.lstrip("'’")
        if c.dep_ == "aux" and word in HEDGING_MODALS and not (negated and word == "could"):
            out.append(word)
    return tuple(out)


_QUOTED = re.compile(r"“([^”]*)”|\"([^\"]*)\"|``(.*?)''")
_OPENING_QUOTE = ("“", '"', "``", "‘")
_CLOSING_QUOTE = ("”", '"', "''", "’")


def _has_quotation(text: str) -> bool:
    """A direct quotation of three words or more (single scare-quoted words do not count)."""
    for m in _QUOTED.finditer(text):
        inner = next(g for g in m.groups() if g is not None)
        if len(inner.split()) >= 3:
            return True
    # One sentence of a quotation that runs over several: it opens or closes here,
    # so its marks do not pair up. Balanced marks are quoted words of its own
    # ("polls call her “honest” and “trustworthy.”"), none of three words or more.
    stripped = text.strip()
    if not _unbalanced(stripped):
        return False
    return len(stripped.split()) >= 3 and (
        stripped.startswith(_OPENING_QUOTE)
        or stripped.rstrip(".").endswith(_CLOSING_QUOTE)
        and not stripped.endswith("s’")
    )


def _unbalanced(text: str) -> bool:
    """Whether a quotation mark of ``text`` has no partner in it."""
    return text.count("“") != text.count("”") or text.count('"') % 2 == 1


def is_negated(verb: Token | None) -> bool:
    """Whether the main assertion is negated: not/never on it, or "declined to", "denied"."""
    if verb is None:
        return False
    for v in {verb, content_verb(verb)}:
        if v.lemma_.lower() in NEGATING_VERBS:
            return True
        for c in v.children:
            if c.dep_ == "neg" or c.lower_ == "never":
                return True
            if c.dep_ in ("nsubj", "nsubjpass", "dobj", "attr") and any(
                d.dep_ == "det" and d.lower_ == "no" for d in c.children
            ):
                return True
            if c.dep_ == "xcomp" and v.lemma_.lower() in NEGATING_VERBS:
                return True
    return False


def find_hedges(text: str, qualifier_phrases: Iterable[tuple[int, str]]) -> tuple[str, ...]:
    """Hedging words in a claim, lower case, in reading order, without repeats.

    ``qualifier_phrases`` are (offset, phrase) pairs from the claim's quantities
    ("at least", "up to"): "about" is a hedge before a number, not in
    "concerns about Russia".
    """
    found: list[tuple[int, str]] = list(qualifier_phrases)
    for m in _HEDGE_RE.finditer(text):
        found.append((m.start(), " ".join(m.group(1).lower().split())))
    found.sort()
    seen: dict[str, None] = {}
    for _, phrase in found:
        seen.setdefault(phrase, None)
    return tuple(seen)
