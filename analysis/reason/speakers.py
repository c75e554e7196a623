"""Who says each claim, as a glossary entity: one speaker under two names is one source.

A claim's attribution is the words its article uses for the speaker ("Ms.
Alvarez", "the mayor's spokeswoman, Dana Alvarez", "Alvarez"). Compared as
words, two articles naming one person differently read as two sources, and
two people sharing a surname as one. The glossary has already merged the
names of one entity across articles (with the user's corrections), so the
speaker of a claim is the entity whose mention the attribution names:

- a mention inside the claim whose text the attribution contains, or that
  contains the attribution ("said Dana Alvarez, the city's spokeswoman");
- else (a source carried over from an earlier sentence, or named after the
  quote) a mention elsewhere in the article with the attribution's exact
  words, or an entity of the article with it as an alias.

When several mentions fit, the longest wins; when none does, the claim has no
speaker id and comparison falls back to the attribution's words.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence

from analysis.model import Claim, Entity
from analysis.version import module_version

SPEAKERS_VERSION = module_version(__name__)

# Entity types that can say something.
_SPEAKER_TYPES = frozenset({"person", "org", "gpe", "norp"})


def _norm(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").lower().split())


def speaker_ids(
    claims: Sequence[Claim], entities: Sequence[Entity], article_id: str
) -> dict[str, str]:
    """Claim id -> the glossary entity id of its speaker, for claims whose speaker is found."""
    mentions: list[tuple[int, int, str, str]] = []
    by_text: dict[str, set[str]] = {}
    for e in entities:
        if e.type.lower() not in _SPEAKER_TYPES:
            continue
        in_article = False
        for m in e.mentions:
            if m.article == article_id:
                in_article = True
                mentions.append((m.start, m.end, _norm(m.text), e.id))
                by_text.setdefault(_norm(m.text), set()).add(e.id)
        if in_article:
            for alias in (e.name, *e.aliases):
                by_text.setdefault(_norm(alias), set()).add(e.id)
    out: dict[str, str] = {}
    for claim in claims:
        source = claim.attribution.source if claim.attribution else None
        if not source:
            continue
        wanted = _norm(source)
        inside = [
            (len(text), eid)
            for start, end, text, eid in mentions
            if claim.start <= start and end <= claim.end and (text in wanted or wanted in text)
        ]
        ids = {eid for _, eid in inside}
        if len(ids) > 1:
            longest = max(n for n, _ in inside)
            ids = {eid for n, eid in inside if n == longest}
        if not ids:
            ids = by_text.get(wanted, set())
        if len(ids) == 1:
            out[claim.id] = next(iter(ids))
    return out


def speakers_digest(speakers: Mapping[str, str]) -> str:
    """A short digest of a speaker map, for cache keys.

    A correction that relinks a speaker changes it.
    """
    blob = json.dumps(sorted(speakers.items()))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]
