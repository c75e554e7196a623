"""What the ``claimdiff`` subcommands share: exit codes, errors, opening the library.

Apart from :mod:`tui.cli` so that the modules adding subcommands to it
(:mod:`tui.cli_glossary`) use them without importing the command itself.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from store.library import Library

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A command-line mistake: reported on one line, exit code 2."""


class CommandFailed(Exception):
    """The command ran but could not do what was asked: exit code 1."""


def open_library(args: argparse.Namespace, *, seed: bool = True) -> Library:
    from store.errors import StoreError
    from store.importer import seed_library
    from store.library import Library

    try:
        library = Library.open(args.db)
        if seed:
            seed_library(library)
    except StoreError as exc:
        raise CommandFailed(str(exc)) from None
    return library


def analyze_with_progress(library: Library, ids: list[str], console: Any) -> int:
    """Analyse the articles that need it, with a progress bar; returns how many ran."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from store import results, stories

    todo = results.pending(library, ids)
    if not todo:
        if stories.is_stale(library):  # a newer grouping, nothing to re-analyse
            stories.regroup(library)
        return 0
    again = results.outdated(library, todo)
    if again:
        console.print(
            f"analysis has changed since the library was analysed: re-analysing {len(again)} "
            f"of {len(todo)} articles",
            markup=False,
            highlight=False,
        )
    progress = Progress(
        TextColumn("re-analysing" if again else "analysing"),
        BarColumn(),
        MofNCompleteColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,  # a bar is for a person watching, not a log
    )
    task = progress.add_task("analyse", total=len(todo))
    with progress:
        done = results.analyze(
            library, todo, on_progress=lambda done, total: progress.update(task, completed=done)
        )
    stories.regroup(library)
    return done


def stderr_console() -> Any:
    from rich.console import Console

    return Console(stderr=True, highlight=False, markup=False)
