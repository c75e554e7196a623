"""The user's corrections to the glossary: merge, split, rename, retype.

A correction names the entities it is about by their *mentions* (article id
and character span), never by entity id or name: ids and names come from the
merge in :mod:`analysis.reason.glossary` and may change when the library
grows or the analyzer changes, while the text of an article version never
does. So a correction made today still finds its entity after new imports
and after ``reanalyze --all``, and a mention the analyzer finds later in a
new article simply joins whatever entity it joins.

:func:`apply_corrections` replays the corrections, in the order they were
made, over a freshly built glossary. It is pure and cheap (linear in the
mentions the corrections name), so the glossary cache never has to know
about them.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

from analysis.model import Entity, Mention

CorrectionOp = Literal["merge", "split", "rename", "retype"]
CORRECTION_OPS: tuple[CorrectionOp, ...] = ("merge", "split", "rename", "retype")
# The types an entry can be given by hand: the labels the glossary itself uses.
ENTITY_TYPES = (
    "PERSON",
    "ORG",
    "GPE",
    "LOC",
    "FAC",
    "NORP",
    "EVENT",
    "WEAPON",
    "PRODUCT",
    "WORK_OF_ART",
    "LAW",
)

Span = tuple[str, int, int]  # (article id, start, end)


@dataclass(frozen=True, slots=True)
class Correction:
    """One correction, as the user made it.

    ``target`` holds the mentions of the entity corrected (for a merge, the
    entity that absorbs the other); ``other`` the mentions of the entity
    merged into it. ``value`` is the new name (rename), type (retype) or, for
    a split, the name of the new entry ("" lets its mentions name it).
    """

    op: CorrectionOp
    target: tuple[Span, ...]
    other: tuple[Span, ...] = ()
    value: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "op": self.op,
            "target": [list(s) for s in self.target],
            "other": [list(s) for s in self.other],
            "value": self.value,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Correction:
        op = d["op"]
        if op not in CORRECTION_OPS:
            raise ValueError(f"unknown glossary correction {op!r}")
        return cls(
            op=op,
            target=tuple((str(a), int(s), int(e)) for a, s, e in d.get("target", ())),
            other=tuple((str(a), int(s), int(e)) for a, s, e in d.get("other", ())),
            value=str(d.get("value", "")),
        )


def spans_of(mentions: Iterable[Mention]) -> tuple[Span, ...]:
    """The mentions as the spans a correction stores."""
    return tuple(sorted({(m.article, m.start, m.end) for m in mentions}))


def merge(into: Entity, other: Entity) -> Correction:
    """Merge ``other`` into ``into`` (which keeps its name and type)."""
    return Correction("merge", spans_of(into.mentions), spans_of(other.mentions))


def split(mentions: Iterable[Mention], name: str = "") -> Correction:
    """Take ``mentions`` out of their entity into a new entry of their own."""
    return Correction("split", spans_of(mentions), value=name.strip())


def rename(entity: Entity, name: str) -> Correction:
    """Give ``entity`` the name ``name``."""
    if not name.strip():
        raise ValueError("a name cannot be empty")
    return Correction("rename", spans_of(entity.mentions), value=" ".join(name.split()))


def retype(entity: Entity, entity_type: str) -> Correction:
    """Give ``entity`` the type ``entity_type`` (one of :data:`ENTITY_TYPES`)."""
    wanted = entity_type.strip().upper()
    if wanted not in ENTITY_TYPES:
        raise ValueError(f"unknown type {entity_type!r}; one of {', '.join(ENTITY_TYPES)}")
    return Correction("retype", spans_of(entity.mentions), value=wanted)


def apply_corrections(
    entities: Sequence[Entity], corrections: Iterable[Correction]
) -> list[Entity]:
    """``entities`` with every correction replayed over them, in order.

    A correction whose mentions are no longer in the glossary (their article
    was removed, or is outside the articles this glossary covers) changes
    nothing. The order of entities is kept; an entry made by a split comes
    right after the entry it was split from.
    """
    current = list(entities)
    for correction in corrections:
        current = _apply(current, correction)
    return current


def _apply(entities: list[Entity], correction: Correction) -> list[Entity]:
    index = _SpanIndex(entities)
    if correction.op == "merge":
        into = index.owner(correction.target)
        other = index.owner(correction.other)
        if into is None or other is None or into == other:
            return entities
        keep, gone = entities[into], entities[other]
        mentions = sorted(
            {*keep.mentions, *gone.mentions}, key=lambda m: (m.article, m.start, m.end)
        )
        merged = replace(
            keep,
            aliases=tuple(dict.fromkeys([*keep.aliases, *gone.aliases, gone.name])),
            roles=tuple(dict.fromkeys([*keep.roles, *gone.roles])),
            mentions=tuple(mentions),
        )
        return [merged if i == into else e for i, e in enumerate(entities) if i != other]
    if correction.op == "split":
        taken = index.matching(correction.target)
        if not taken:
            return entities
        out: list[Entity] = []
        for i, entity in enumerate(entities):
            moved = [m for m in entity.mentions if (i, m) in taken]
            if not moved:
                out.append(entity)
                continue
            left = tuple(m for m in entity.mentions if (i, m) not in taken)
            # Roles written only next to the moved mentions go with them.
            staying = {_fold(r) for m in left for r in m.roles}
            written_moved = {_fold(r) for m in moved for r in m.roles}
            leaving = written_moved - staying
            if left:
                # Aliases that only the moved mentions wrote go with them.
                written = {m.text for m in left} | {entity.name}
                kept = tuple(a for a in entity.aliases if a in written)
                roles = tuple(r for r in entity.roles if _fold(r) not in leaving)
                out.append(replace(entity, aliases=kept, roles=roles, mentions=left))
            moved_roles = tuple(r for r in entity.roles if _fold(r) in written_moved)
            out.append(_split_entity(entity, moved, correction, moved_roles))
        return out
    owner = index.owner(correction.target)
    if owner is None:
        return entities
    entity = entities[owner]
    if correction.op == "rename":
        named = tuple(dict.fromkeys([correction.value, *entity.aliases]))
        changed = replace(entity, name=correction.value, aliases=named)
    else:
        changed = replace(entity, type=correction.value)
    return [changed if i == owner else e for i, e in enumerate(entities)]


def _fold(role: str) -> str:
    return " ".join(role.replace("’", "'").casefold().split())


def _split_entity(
    source: Entity, moved: Sequence[Mention], correction: Correction, roles: tuple[str, ...] = ()
) -> Entity:
    surfaces = Counter(m.text for m in moved)
    # The most used surface, the longest of equals: "Dr. Ann Weller" over "Weller".
    name = correction.value or max(surfaces, key=lambda s: (surfaces[s], len(s), s))
    # An id of its own, the same on every replay of this correction.
    digest = hashlib.sha1(repr(("split", correction.target)).encode()).hexdigest()[:12]
    return Entity(
        id=f"ent-{digest}",
        name=name,
        type=source.type,
        aliases=tuple(sorted(surfaces, key=lambda s: (-surfaces[s], s))),
        roles=roles,
        mentions=tuple(sorted(moved, key=lambda m: (m.article, m.start, m.end))),
    )


class _SpanIndex:
    """Which entity holds which mention, per article, for matching stored spans.

    A stored span matches the mention with exactly that span; failing that,
    the mentions overlapping it (a later analyzer may read "Dr. Ann Weller"
    where an older one read "Ann Weller").
    """

    def __init__(self, entities: Sequence[Entity]) -> None:
        self.by_article: dict[str, list[tuple[int, int, int, Mention]]] = {}
        for i, entity in enumerate(entities):
            for m in entity.mentions:
                self.by_article.setdefault(m.article, []).append((m.start, m.end, i, m))

    def _match(self, span: Span) -> list[tuple[int, Mention]]:
        article, start, end = span
        rows = self.by_article.get(article, ())
        exact = [(i, m) for s, e, i, m in rows if (s, e) == (start, end)]
        if exact:
            return exact
        return [(i, m) for s, e, i, m in rows if s < end and start < e]

    def matching(self, spans: Iterable[Span]) -> set[tuple[int, Mention]]:
        """Every (entity index, mention) that the spans name."""
        return {hit for span in spans for hit in self._match(span)}

    def owner(self, spans: Iterable[Span]) -> int | None:
        """The entity holding most of the spans (the first of equals), or None."""
        votes: Counter[int] = Counter()
        for span in spans:
            for i in {i for i, _ in self._match(span)}:
                votes[i] += 1
        if not votes:
            return None
        return min(votes, key=lambda i: (-votes[i], i))
