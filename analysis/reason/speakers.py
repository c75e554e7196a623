"""Who says each claim, as a glossary entity: one speaker under two names is one source.

A claim's attribution is the words its article uses for the speaker ("Ms.
Alvarez", "the mayor's spokeswoman, Dana Alvarez", "Alvarez"). Compared as
words, two articles naming one person differently read as two sources, and
two people sharing a surname as one. The glossary has already merged the
names of one entity across articles (with the user's corrections), so the
speaker of a claim is the entity whose mention the attribution names, as
whole words:

- a mention inside the claim whose words are the attribution's, or a run of
  them ("said Dana Alvarez, the city's spokeswoman"), or that holds the
  attribution's words; an exact match first, then a person (the one who
  speaks in "the union's president, Dana Alvarez" is not the union), then
  the longest;
- else (a source carried over from an earlier sentence, or named after the
  quote) a mention elsewhere in the article, or an alias of an entity of the
  article, with exactly the attribution's words.

A pronoun ("she", "they") names nobody, and a claim whose speaker is not
found has no speaker id: comparison then falls back to the attribution's words.
So does a claim whose speaker is a bare surname the glossary could not settle
(the article names two people "Varga", and "Varga said" is left as its own
entry): that entry is an open question, not a third person.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence

from analysis.lexicon.speech import PRONOUNS
from analysis.model import Claim, Entity
from analysis.version import module_version

SPEAKERS_VERSION = module_version(__name__)

# A glossary mention as speakers are looked up: start, end, its words, whether it
# names a person, its entity id.
_Placed = tuple[int, int, tuple[str, ...], bool, str]
# Entity types that can say something.
_SPEAKER_TYPES = frozenset({"person", "org", "gpe", "norp"})


def _words(text: str) -> tuple[str, ...]:
    return tuple(re.findall(r"[a-z0-9]+", text.replace("\u2019", "'").lower()))


def _holds(longer: tuple[str, ...], shorter: tuple[str, ...]) -> bool:
    """Whether ``shorter`` is a run of whole words of ``longer``."""
    n = len(shorter)
    return n > 0 and any(longer[k : k + n] == shorter for k in range(len(longer) - n + 1))


def speaker_ids(
    claims_by_article: Mapping[str, Sequence[Claim]], entities: Sequence[Entity]
) -> dict[str, str]:
    """Claim id -> the glossary entity id of its speaker, for claims whose speaker is found."""
    mentions: dict[str, list[_Placed]] = {}
    by_words: dict[str, dict[tuple[str, ...], set[str]]] = {}
    unsettled = _unsettled_short_names(entities)
    for e in entities:
        if e.type.lower() not in _SPEAKER_TYPES or e.id in unsettled:
            continue
        for m in e.mentions:
            if m.article not in claims_by_article:
                continue
            words = _words(m.text)
            person = e.type.lower() == "person"
            mentions.setdefault(m.article, []).append((m.start, m.end, words, person, e.id))
            names = by_words.setdefault(m.article, {})
            for form in (words, _words(e.name), *(_words(a) for a in e.aliases)):
                names.setdefault(form, set()).add(e.id)
    out: dict[str, str] = {}
    for article, claims in claims_by_article.items():
        found = mentions.get(article, [])
        names = by_words.get(article, {})
        for claim in claims:
            speaker = _speaker(claim, found, names)
            if speaker is not None:
                out[claim.id] = speaker
    return out


def _speaker(
    claim: Claim,
    mentions: Sequence[_Placed],
    names: Mapping[tuple[str, ...], set[str]],
) -> str | None:
    source = claim.attribution.source if claim.attribution else None
    wanted = _words(source or "")
    if not wanted or (len(wanted) == 1 and wanted[0] in PRONOUNS):
        return None
    inside = [
        (words == wanted, person, len(words), eid)
        for start, end, words, person, eid in mentions
        if claim.start <= start
        and end <= claim.end
        and (_holds(wanted, words) or _holds(words, wanted))
    ]
    if inside:
        best = max(inside)[:3]
        ids = {eid for exact, person, n, eid in inside if (exact, person, n) == best}
    else:
        ids = names.get(wanted, set())
    return next(iter(ids)) if len(ids) == 1 else None


def _unsettled_short_names(entities: Sequence[Entity]) -> set[str]:
    """People named only by one word that is the last word of another person's name.

    "Varga" kept apart from "Ilona Varga" and "Tomas Varga": the glossary
    could not tell which one it is, so it names no one in particular.
    """
    from analysis.lexicon.names import HONORIFICS

    def name_words(name: str) -> tuple[str, ...]:
        return tuple(w for w in _words(name) if w not in HONORIFICS)

    people = [e for e in entities if e.type.lower() == "person"]
    surnames = {
        words[-1] for e in people for n in (e.name, *e.aliases) if len(words := name_words(n)) >= 2
    }
    out = set()
    for e in people:
        forms = {name_words(n) for n in (e.name, *e.aliases)}
        if all(len(f) == 1 for f in forms if f) and any(f and f[0] in surnames for f in forms):
            honorific = any(w in HONORIFICS for n in (e.name, *e.aliases) for w in _words(n))
            if not honorific:
                out.add(e.id)
    return out


def speakers_digest(speakers: Mapping[str, str]) -> str:
    """A short digest of a speaker map, for cache keys.

    A correction that relinks a speaker changes it.
    """
    blob = json.dumps(sorted(speakers.items()))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]
