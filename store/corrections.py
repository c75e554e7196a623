"""The user's glossary corrections, kept in the library.

Merges, splits, renames and retypes live in the catalog's settings as a
list, in the order they were made (see
:mod:`analysis.reason.glossary_corrections` for what one holds and how it is
replayed). They are written through :meth:`Library.set_meta`, so every write
is atomic and taken under the library's lock, like the user's story names.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from analysis.model import Entity, Mention
from analysis.reason import glossary_corrections as gc

if TYPE_CHECKING:
    from store.library import Library

CORRECTIONS_KEY = "glossary_corrections"


def list_corrections(library: Library) -> list[gc.Correction]:
    """The corrections stored in the library, oldest first."""
    return [gc.Correction.from_dict(d) for d in library.get_meta(CORRECTIONS_KEY) or ()]


def add_correction(library: Library, correction: gc.Correction) -> None:
    """Append one correction; the glossary shows it from the next read on."""
    with library.transaction():
        stored = list(library.get_meta(CORRECTIONS_KEY) or ())
        stored.append(correction.to_dict())
        library.set_meta(CORRECTIONS_KEY, stored)


def undo_last(library: Library) -> gc.Correction | None:
    """Remove the latest correction and return it (None when there is none)."""
    with library.transaction():
        stored = list(library.get_meta(CORRECTIONS_KEY) or ())
        if not stored:
            return None
        last = stored.pop()
        library.set_meta(CORRECTIONS_KEY, stored)
    return gc.Correction.from_dict(last)


def merge_entities(library: Library, into: Entity, other: Entity) -> None:
    """Record that ``other`` is the same entity as ``into`` (whose name and type stay)."""
    if into.id == other.id:
        raise ValueError("an entry cannot be merged with itself")
    add_correction(library, gc.merge(into, other))


def split_mentions(library: Library, mentions: Sequence[Mention], name: str = "") -> None:
    """Record that ``mentions`` are an entity of their own."""
    if not mentions:
        raise ValueError("no mentions to split off")
    add_correction(library, gc.split(mentions, name))


def rename_entity(
    library: Library, entity: Entity, name: str, others: Sequence[Entity] = ()
) -> None:
    """Record the user's name for ``entity``.

    A name another entry of ``others`` already has is refused: two entries of
    one name are one entity to merge, and no command could tell them apart.
    """
    wanted = " ".join(name.split()).casefold()
    taken = next((e for e in others if e.id != entity.id and e.name.casefold() == wanted), None)
    if taken is not None:
        raise ValueError(f"another entry is called {taken.name}: merge the two instead")
    add_correction(library, gc.rename(entity, name))


def retype_entity(library: Library, entity: Entity, entity_type: str) -> None:
    """Record the user's type for ``entity``."""
    add_correction(library, gc.retype(entity, entity_type))


def resolve_entity(entities: Sequence[Entity], key: str) -> Entity:
    """An entity by id, unique id prefix, or its name or an alias (case-insensitive)."""
    exact = [e for e in entities if e.id == key]
    if exact:
        return exact[0]
    matches = [e for e in entities if e.id.startswith(key) or _bare_id(e).startswith(key)]
    if not matches:
        folded = " ".join(key.split()).casefold()
        matches = [e for e in entities if e.name.casefold() == folded] or [
            e for e in entities if any(a.casefold() == folded for a in e.aliases)
        ]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise LookupError(f"no glossary entry matches {key!r}")
    shown = ", ".join(f"{e.id} ({e.name})" for e in matches[:5])
    raise LookupError(f"{key!r} matches {len(matches)} entries: {shown}")


def _bare_id(entity: Entity) -> str:
    # What the glossary lists: the id without its "ent-" prefix.
    return entity.id.removeprefix("ent-")


def resolve_mentions(library: Library, entity: Entity, keys: Sequence[str]) -> list[Mention]:
    """Mentions of ``entity`` named by their text ("Mr. Weller": every such
    mention) or by ``ARTICLE:START`` (an article id prefix and the mention's
    first character)."""
    found: dict[tuple[str, int, int], Mention] = {}
    for key in keys:
        hits = [m for m in entity.mentions if m.text.casefold() == key.casefold()]
        article, colon, start = key.rpartition(":")
        if not hits and colon and start.isdigit():
            article_id = library.resolve_id(article)
            hits = [m for m in entity.mentions if m.article == article_id and m.start == int(start)]
        if not hits:
            raise LookupError(f"{entity.name!r} has no mention {key!r}")
        for m in hits:
            found[(m.article, m.start, m.end)] = m
    return list(found.values())
