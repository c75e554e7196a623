"""The ``claimdiff glossary-*`` commands: the user's corrections to the glossary.

Entries are named by id, a unique id prefix, or their name or an alias, as
``claimdiff glossary`` lists them. Every correction is stored in the library
(:mod:`store.corrections`) and survives new imports and ``reanalyze --all``.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from tui.cli_support import (
    EXIT_OK,
    CommandFailed,
    UsageError,
    analyze_with_progress,
    open_library,
    stderr_console,
)

if TYPE_CHECKING:
    from analysis.model import Entity
    from store.library import Library


def _current(args: argparse.Namespace) -> tuple[Library, list[Entity]]:
    from store import results

    library = open_library(args)
    analyze_with_progress(library, [a.id for a in library.list_articles()], stderr_console())
    return library, results.glossary(library)


def _entity(entities: list[Entity], key: str) -> Entity:
    from store.corrections import resolve_entity

    try:
        return resolve_entity(entities, key)
    except LookupError as exc:
        raise CommandFailed(str(exc)) from None


def _done(what: str) -> int:

    print(what)
    return EXIT_OK


def cmd_glossary_merge(args: argparse.Namespace) -> int:
    """Merge entry B into entry A (A keeps its name and type)."""
    from store import corrections

    library, entities = _current(args)
    into, other = _entity(entities, args.a), _entity(entities, args.b)
    if into.id == other.id:
        raise UsageError(f"{args.a!r} and {args.b!r} are the same entry")
    corrections.merge_entities(library, into, other)
    return _done(f"merged {other.name} ({other.id}) into {into.name} ({into.id})")


def cmd_glossary_split(args: argparse.Namespace) -> int:
    """Split mentions off an entry into a new one."""
    from store import corrections

    library, entities = _current(args)
    entity = _entity(entities, args.entity)
    try:
        mentions = corrections.resolve_mentions(library, entity, args.mentions)
    except LookupError as exc:
        raise CommandFailed(str(exc)) from None
    if len(mentions) == len(entity.mentions) and not args.name:
        raise UsageError("that is every mention of the entry: rename it instead")
    corrections.split_mentions(library, mentions, args.name or "")
    from tui.wording import plural

    return _done(f"split {plural(len(mentions), 'mention')} off {entity.name} ({entity.id})")


def cmd_glossary_rename(args: argparse.Namespace) -> int:
    """Give an entry a name of the user's choosing."""
    from store import corrections

    library, entities = _current(args)
    entity = _entity(entities, args.entity)
    try:
        corrections.rename_entity(library, entity, args.name, entities)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    return _done(f"{entity.id}: {' '.join(args.name.split())}")


def cmd_glossary_retype(args: argparse.Namespace) -> int:
    """Give an entry another type."""
    from store import corrections

    library, entities = _current(args)
    entity = _entity(entities, args.entity)
    try:
        corrections.retype_entity(library, entity, args.type)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    return _done(f"{entity.id}: {entity.name} is now {args.type.upper()}")


def cmd_glossary_undo(args: argparse.Namespace) -> int:
    """Take back the latest glossary correction."""
    from store import corrections

    undone = corrections.undo_last(open_library(args))
    return _done(f"undid the last {undone.op}" if undone else "no glossary corrections to undo")


def add_glossary_commands(command: Callable[[str, Any, str], argparse.ArgumentParser]) -> None:
    """Register the correction commands with the ``claimdiff`` parser."""
    from analysis.reason.glossary_corrections import ENTITY_TYPES

    entry = "entry id, unique id prefix, or its name or an alias"
    p = command("glossary-merge", cmd_glossary_merge, "merge glossary entry B into entry A")
    p.add_argument("a", metavar="A", help=entry + " (keeps its name and type)")
    p.add_argument("b", metavar="B", help=entry)

    p = command("glossary-split", cmd_glossary_split, "split mentions off a glossary entry")
    p.add_argument("entity", metavar="ENTITY", help=entry)
    p.add_argument(
        "mentions",
        metavar="MENTION",
        nargs="+",
        help="a mention's text (every mention so written) or ARTICLE:START",
    )
    p.add_argument("--name", help="the new entry's name (default: its most used text)")

    p = command("glossary-rename", cmd_glossary_rename, "rename a glossary entry")
    p.add_argument("entity", metavar="ENTITY", help=entry)
    p.add_argument("name", metavar="NAME", help="the new name")

    p = command("glossary-retype", cmd_glossary_retype, "change a glossary entry's type")
    p.add_argument("entity", metavar="ENTITY", help=entry)
    p.add_argument("type", metavar="TYPE", help="one of " + ", ".join(ENTITY_TYPES))

    command("glossary-undo", cmd_glossary_undo, "take back the latest glossary correction")
