"""The ``claimdiff`` command: the TUI with no arguments, subcommands for scripts.

Exit codes: 0 ok, 1 some inputs failed (or the store cannot be used),
2 usage error. Heavy modules (Textual, spaCy, trafilatura) are imported only
by the subcommands that need them.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.cli_support import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    CommandFailed,
    UsageError,
    analyze_with_progress,
    open_library,
    stderr_console,
)

if TYPE_CHECKING:
    from store.library import Library

CLAIM_FIELDS = (
    "id",
    "start",
    "end",
    "text",
    "kind",
    "attribution",
    "hedges",
    "negated",
    "quantities",
    "times",
    "entities",
    "caption_of",
)
DB_ENV = "CLAIMDIFF_DB"
ID_HELP = "article id or a unique prefix of it (or of its file name)"


def default_store_path() -> Path:
    """The per-user library: ``$CLAIMDIFF_DB``, else the platform's user data folder."""
    env = os.environ.get(DB_ENV)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_path

    return user_data_path("claimdiff", appauthor=False) / "library"


def _err(message: str) -> None:
    print(f"claimdiff: {message}", file=sys.stderr)


def _resolve(library: Library, prefix: str) -> str:
    from store.errors import AmbiguousArticle, UnknownArticle

    try:
        return library.resolve_id(prefix)
    except UnknownArticle as exc:
        # Not an id: accept the name of the file it was imported from.
        named = [
            a.id
            for a in library.list_articles()
            if prefix and Path(a.source.removeprefix("bundled:")).name.startswith(prefix)
        ]
        if len(named) == 1:
            return named[0]
        if len(named) > 1:
            raise CommandFailed(
                f"{prefix!r} starts the file names of {len(named)} articles: "
                + ", ".join(a[:8] for a in named[:8])
                + (" …" if len(named) > 8 else "")
                + " (give more of the name or an id)"
            ) from None
        raise CommandFailed(str(exc)) from None
    except AmbiguousArticle as exc:
        raise CommandFailed(str(exc)) from None


def _print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _published(value: str | None) -> str | None:
    if value is None:
        return None
    from analysis.ingest.formats import normalize_published

    iso = normalize_published(value)
    if iso is None:
        raise UsageError(f"--published: not a date: {value!r} (use YYYY-MM-DD)")
    return iso


# --- subcommands ---------------------------------------------------------------


def cmd_tui(args: argparse.Namespace) -> int:
    """Open the terminal app on the library."""
    library = open_library(args)
    from tui.app import make_app

    make_app(library).run()
    return EXIT_OK


def cmd_add(args: argparse.Namespace) -> int:
    """Import files and folders, with a progress bar on stderr."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from store.errors import StoreError
    from store.importer import ImportResult, import_paths

    library = open_library(args)
    overrides = {
        "outlet": args.outlet,
        "title": args.title,
        "published": _published(args.published),
    }
    stderr = Console(stderr=True, highlight=False, markup=False)
    progress = Progress(
        TextColumn("importing"),
        BarColumn(),
        MofNCompleteColumn(),
        console=stderr,
        transient=True,
        disable=not stderr.is_terminal,  # a bar is for a person watching, not a log
    )
    task = progress.add_task("import", total=None)

    def on_result(result: ImportResult) -> None:
        progress.advance(task)
        if result.outcome == "failed":
            progress.console.print(
                f"claimdiff: {result.line}", markup=False, highlight=False, soft_wrap=True
            )
        elif not args.quiet:
            print(result.line, flush=True)

    try:
        with progress:
            report = import_paths(
                library,
                args.paths,
                overrides=overrides,
                on_start=lambda total: progress.update(task, total=total),
                on_result=on_result,
            )
        analyze_with_progress(
            library,
            [r.article_id for r in report.results if r.article_id and r.outcome != "failed"],
            stderr,
        )
    except StoreError as exc:
        raise CommandFailed(str(exc)) from None
    counts = ", ".join(
        f"{report.count(o)} {label}"
        for o, label in (
            ("added", "added"),
            ("new_version", "new versions"),
            ("unchanged", "unchanged"),
            ("updated", "updated"),
            ("failed", "failed"),
        )
    )
    print(counts, file=sys.stderr)
    return EXIT_FAILED if report.failed else EXIT_OK


def cmd_claims(args: argparse.Namespace) -> int:
    """Print an article's claims (``--json``: one object per claim)."""
    from store import results

    library = open_library(args)
    article_id = _resolve(library, args.id)
    analyze_with_progress(library, [a.id for a in library.list_articles()], stderr_console())
    entities = results.glossary(library)
    names = {e.id: e for e in entities}
    claims = results.claims_of(library, article_id, entities)
    if args.json:
        out = []
        for c in claims:
            d = c.to_dict()
            d["entities"] = [
                {"id": i, "name": names[i].name, "type": names[i].type} for i in c.entities
            ]
            out.append({k: d[k] for k in CLAIM_FIELDS})
        _print_json(out)
        return EXIT_OK
    from rich.console import Console
    from rich.text import Text

    console = Console(highlight=False)
    for n, c in enumerate(claims, 1):
        line = Text(f"{n:>3}. ", style="dim")
        line.append(c.text)
        console.print(line)
        details = [c.kind if c.block_role != "caption" else f"{c.kind}, caption"]
        if c.attribution and c.attribution.source:
            details.append(f"{c.attribution.source} ({c.attribution.verb or 'says'})")
        if c.hedges:
            details.append("hedged: " + ", ".join(c.hedges))
        if c.negated:
            details.append("negated")
        details += [f"{q.text} = {_quantity_note(q)}" for q in c.quantities]
        details += [f"{t.text} = {t.value or 'unresolved'}" for t in c.times]
        if c.entities:
            details.append("entities: " + ", ".join(names[i].name for i in c.entities))
        if c.caption_of:
            details.append("repeats a body claim")
        console.print(Text("     " + " · ".join(details), style="dim"))
    return EXIT_OK


def _quantity_note(q: Any) -> str:
    """A quantity in the unit it was written in: "21 years", "at least 7 missiles"."""
    from tui.wording import quantity_words

    return quantity_words(q)


def cmd_glossary(args: argparse.Namespace) -> int:
    """Print the entity glossary of the library (or of one article)."""
    from store import results

    library = open_library(args)
    article_id = _resolve(library, args.article) if args.article else None
    analyze_with_progress(library, [a.id for a in library.list_articles()], stderr_console())
    scope = None
    if args.story:
        from store import stories

        try:
            scope = stories.default_story_articles(library, args.story)
        except LookupError as exc:
            raise CommandFailed(str(exc)) from None
    entities = results.glossary(library, scope)
    if article_id is not None:
        entities = [e for e in entities if article_id in e.articles]
    if args.json:
        _print_json({"entities": [e.to_dict() for e in entities]})
        return EXIT_OK
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, header_style="bold", pad_edge=False)
    for column in ("id", "name", "type", "aliases", "roles", "mentions"):
        table.add_column(column, justify="right" if column == "mentions" else "left")
    for e in entities:
        aliases = [a for a in e.aliases if a != e.name]
        table.add_row(
            Text(e.id.removeprefix("ent-")[:8], style="dim"),
            Text(e.name),
            Text(e.type),
            Text(", ".join(aliases)),
            Text("; ".join(e.roles)),
            Text(str(len(e.mentions))),
        )
    Console(highlight=False).print(table)
    return EXIT_OK


def cmd_reanalyze(args: argparse.Namespace) -> int:
    """Recompute stored analysis (all articles with --all, else what is out of date)."""
    from store import results

    library = open_library(args)
    ids = [a.id for a in library.list_articles(all_versions=True)]
    todo = ids if args.all else results.pending(library, ids)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    progress = Progress(
        TextColumn("analysing"),
        BarColumn(),
        MofNCompleteColumn(),
        console=(console := stderr_console()),
        transient=True,
        disable=not console.is_terminal,  # a bar is for a person watching, not a log
    )
    task = progress.add_task("analyse", total=len(todo))
    with progress:
        done = results.analyze(
            library, todo, on_progress=lambda n, total: progress.update(task, completed=n)
        )
    from store import stories

    stories.regroup(library)
    print(f"analysed {done} of {len(ids)} articles", file=sys.stderr)
    return EXIT_OK


def _article_or_file(library: Library, value: str) -> str:
    """An article id from an id prefix, or from a file path (imported first)."""
    path = Path(value)
    if path.is_file():
        from store.importer import InputFile, import_file

        with library.transaction():
            result = import_file(library, InputFile(path, str(path.resolve())))
        if result.outcome == "failed" or result.article_id is None:
            raise CommandFailed(result.line)
        # The library changed: say so, where a script's output is not disturbed.
        if result.outcome == "unchanged":
            _err(f"{value} is already in the library as {result.article_id[:8]}")
        else:
            _err(f"imported {value} into the library as {result.article_id[:8]}")
        return result.article_id
    if os.sep in value or value.endswith((".txt", ".md", ".html", ".htm", ".json")):
        # Meant as a file: saying "no id starts with it" would mislead.
        if not path.exists():
            raise CommandFailed(f"{value}: no such file")
        if path.is_dir():
            raise CommandFailed(f"{value}: a folder; diff takes two articles (ids or files)")
    return _resolve(library, value)


def cmd_diff(args: argparse.Namespace) -> int:
    """Pair the claims of two articles: agree, compatible, conflict, or only in one."""
    from store import results

    library = open_library(args)
    id_a = _article_or_file(library, args.a)
    id_b = _article_or_file(library, args.b)
    if id_a == id_b:
        raise UsageError("A and B are the same article")
    analyze_with_progress(library, [id_a, id_b], stderr_console())
    rows = results.diff(library, id_a, id_b)
    a, b = library.get_article(id_a), library.get_article(id_b)
    # --conflicts and --check choose the rows of every output format alike.
    if args.conflicts:
        rows = [r for r in rows if r.status == "conflict"]
    elif args.check:
        rows = [r for r in rows if r.mark in ("conflict", "check")]
    if args.json:
        from tui.export import diff_json

        _print_json(diff_json(a, b, rows))
        return EXIT_OK
    if args.markdown:
        from analysis.reason.report import render_markdown

        sys.stdout.write(render_markdown(a, b, rows))
        return EXIT_OK
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from analysis.reason.align import summarize
    from tui.status_marks import STATUS_LABEL, STATUS_STYLE, STATUS_SYMBOL
    from tui.wording import match_strength, side_label

    console = Console(highlight=False)
    labels = {side: side_label(side, article) for side, article in (("A", a), ("B", b))}
    for side, article in (("A", a), ("B", b)):
        head = Text(f"{labels[side]}  ", style="bold")
        head.append(article.title, style="bold")
        head.append(f"  {article.outlet or 'unknown outlet'} · {article.published or 'undated'}")
        console.print(head)
    counts = summarize(rows)
    console.print(
        Text("   ".join(f"{STATUS_SYMBOL[k]} {STATUS_LABEL[k]} {n}" for k, n in counts.items()))
    )
    table = Table(show_header=True, header_style="bold", expand=True, show_lines=True)
    table.add_column("", width=1, no_wrap=True)
    table.add_column(labels["A"], ratio=1)
    table.add_column(labels["B"], ratio=1)
    for row in rows:
        mark, style = STATUS_SYMBOL[row.mark], STATUS_STYLE[row.mark]
        reasons = Text()
        if row.a and row.b:
            reasons.append(f"\n{match_strength(row.score)} match", style="dim")
        for r in row.reasons:
            reasons.append(f"\n{r.kind}: {r.note}", style="dim")
        cell_a = Text(row.a.text if row.a else "")
        cell_b = Text(row.b.text if row.b else "")
        if reasons:
            (cell_a if row.a else cell_b).append_text(reasons)
        table.add_row(Text(mark, style=style), cell_a, cell_b)
    console.print(table)
    return EXIT_OK


def _coverage_ids(library: Library, args: argparse.Namespace) -> list[str]:
    """The articles a coverage is about: those named, else the default story's."""
    if args.ids:
        return [_article_or_file(library, value) for value in args.ids]
    from store import stories

    return stories.default_story_articles(library, args.story)


def cmd_coverage(args: argparse.Namespace) -> int:
    """Which article reports which fact, and where they disagree."""
    from store import results

    library = open_library(args)
    ids = _coverage_ids(library, args)
    if len(ids) < 2:
        raise CommandFailed("coverage needs at least two articles")
    analyze_with_progress(library, ids, stderr_console())
    result = results.coverage(library, ids)
    summaries = {a.id: a for a in library.list_articles(all_versions=True)}
    # --conflicts and --check choose the facts of both output formats alike.
    from dataclasses import replace

    if args.conflicts:
        result = replace(result, facts=tuple(f for f in result.facts if f.conflict))
    elif args.check:
        result = replace(result, facts=tuple(f for f in result.facts if f.conflict or f.checks))
    if args.json:
        from analysis.reason.coverage import coverage_to_json

        _print_json(coverage_to_json([summaries[i] for i in ids if i in summaries], result))
        return EXIT_OK
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(highlight=False)
    from analysis.reason.coverage import column_letter
    from tui.wording import column_labels

    letters = column_labels(
        [getattr(summaries.get(i), "outlet", None) for i in result.articles],
        [column_letter(n) for n in range(len(result.articles))],
    )
    width = max(len(x) for x in letters)
    for letter, article_id in zip(letters, result.articles, strict=True):
        a = summaries.get(article_id)
        line = Text(f"{letter:>{width}} ", style="bold")
        line.append(a.title if a else article_id[:8])
        line.append(f"  {(a.outlet if a else None) or 'unknown outlet'}", style="dim")
        console.print(line)
    counts = result.counts()
    console.print(Text(", ".join(_count_words(n, k) for k, n in counts.items())))
    table = Table(box=None, header_style="bold", pad_edge=False)
    table.add_column("fact", ratio=1)
    for letter in letters:
        table.add_column(letter, justify="center", no_wrap=True, width=max(2, len(letter)))
    for fact in result.facts:
        cells = []
        in_conflict = {c for pair in fact.conflicts for c in (pair[0], pair[1])}
        to_check = {c for pair in fact.checks for c in (pair[0], pair[1])}
        for article_id in result.articles:
            claim = fact.claim_in(article_id)
            if claim is None:
                cells.append(Text("·", style="dim"))
            elif claim.claim.claim in in_conflict:
                cells.append(Text("≠", style="bold red"))
            elif claim.claim.claim in to_check:
                cells.append(Text("?", style="bold dark_orange"))
            else:
                cells.append(Text("●", style="green"))
        table.add_row(Text(fact.label, overflow="ellipsis", no_wrap=True), *cells)
    console.print(table)
    return EXIT_OK


def _count_words(count: int, key: str) -> str:
    """A coverage count as words: "1 fact", "2 conflicts", "1 single" (keys are plural)."""
    from tui.wording import plural

    words = key.replace("_", " ")
    if words.endswith("s") and not words.endswith("ss"):
        return plural(count, words[:-1], words)
    return f"{count} {words}"


def cmd_stories(args: argparse.Namespace) -> int:
    """List the stories: articles grouped by the event they report."""
    from store import stories
    from tui.wording import plural

    library = open_library(args)
    analyze_with_progress(library, [a.id for a in library.list_articles()], stderr_console())
    listed = stories.list_stories(library)
    if args.json:
        _print_json(
            [
                {
                    **s.to_dict(),
                    "articles": [
                        {"id": a.id, "title": a.title, "outlet": a.outlet, "published": a.published}
                        for a in s.articles
                    ],
                }
                for s in listed
            ]
        )
        return EXIT_OK
    from rich.console import Console
    from rich.text import Text

    console = Console(highlight=False)
    for story in listed:
        head = Text(story.name, style="bold")
        head.append(f"  {story.id} · {plural(len(story.articles), 'article')}", style="dim")
        console.print(head)
        for a in story.articles:
            line = Text(f"  {a.id[:8]}  {a.published or '—':<10}  ", style="dim")
            line.append(a.title)
            line.append(f"  {a.outlet or ''}", style="dim")
            console.print(line)
    return EXIT_OK


def cmd_story_rename(args: argparse.Namespace) -> int:
    """Name a story."""
    from store import stories

    library = open_library(args)
    try:
        story = stories.resolve_story(library, args.story)
    except LookupError as exc:
        raise CommandFailed(str(exc)) from None
    stories.rename_story(library, story.id, args.name)
    print(f"{story.id}: {args.name or '(automatic name)'}")
    return EXIT_OK


def cmd_story_move(args: argparse.Namespace) -> int:
    """Move an article into another story (or a new one); regrouping keeps it there."""
    from store import stories

    library = open_library(args)
    article_id = _resolve(library, args.article)
    target: str | None = None
    if not args.new:
        if not args.story:
            raise UsageError("name the story to move to, or give --new")
        try:
            target = stories.resolve_story(library, args.story).id
        except LookupError as exc:
            raise CommandFailed(str(exc)) from None
    moved_to = stories.move_article(library, article_id, target)
    print(f"{article_id[:8]} is now in {moved_to}")
    return EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    """List the library's articles (latest version of each)."""
    library = open_library(args)
    articles = library.list_articles(all_versions=args.all_versions)
    if args.json:
        _print_json([a.to_dict() for a in articles])
        return EXIT_OK
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, header_style="bold", pad_edge=False)
    for column in ("id", "published", "outlet", "title", "words", "versions"):
        table.add_column(column, justify="right" if column in ("words", "versions") else "left")
    for a in articles:
        table.add_row(
            Text(a.id[:8]),
            Text(a.published or "—"),
            Text(a.outlet or "—"),
            Text(a.title),
            Text(str(a.words)),
            Text(str(a.versions)),
        )
    Console(highlight=False).print(table)
    if not articles:
        print("The library is empty: claimdiff add PATH... imports articles.", file=sys.stderr)
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    """Show one article: metadata and clean text (``--json``: with its blocks)."""
    library = open_library(args)
    article = library.get_article(_resolve(library, args.id))
    if args.json:
        _print_json(
            {
                "id": article.id,
                "title": article.title,
                "outlet": article.outlet,
                "published": article.published,
                "source": article.source,
                "url": article.url,
                "byline": article.byline,
                "version": article.version,
                "versions": article.versions,
                "text": article.text,
                "blocks": [b.to_dict() for b in article.blocks],
            }
        )
        return EXIT_OK
    out = sys.stdout
    out.write(f"{article.title}\n")
    facts = [article.outlet or "unknown outlet", article.published or "undated"]
    if article.byline:
        facts.append(f"by {article.byline}")
    facts.append(f"id {article.id[:12]}, version {article.version} of {article.versions}")
    out.write(" · ".join(facts) + f"\n{article.source}\n\n")
    shown = ("body", "caption") if not args.all else None
    for block in article.blocks:
        if shown is not None and block.role not in shown:
            continue
        text = article.block_text(block)
        prefix = "" if block.role == "body" else f"[{block.role}] "
        out.write(f"{prefix}{text}\n\n")
    return EXIT_OK


def cmd_edit(args: argparse.Namespace) -> int:
    """Correct an article's title, outlet or publication date ('' clears outlet and date)."""
    if args.title is None and args.outlet is None and args.published is None:
        raise UsageError("edit: give --title, --outlet or --published")
    published = args.published
    if published:
        published = _published(published)
    library = open_library(args)
    article_id = _resolve(library, args.id)
    before = library.get_article(article_id)
    outlet = args.outlet
    if outlet:
        from analysis.lexicon.outlets import canonical_outlet

        outlet = canonical_outlet(outlet)
    try:
        after = library.update_metadata(
            article_id, title=args.title, outlet=outlet, published=published
        )
    except ValueError as exc:
        raise UsageError(f"edit: {exc}") from None
    changes = [
        f"{field}: {getattr(before, field) or '—'} → {getattr(after, field) or '—'}"
        for field in ("title", "outlet", "published")
        if getattr(before, field) != getattr(after, field)
    ]
    print(f"{after.id[:8]} " + ("; ".join(changes) if changes else "unchanged"))
    if before.published != after.published:
        # Relative dates ("on Friday") hang on the publication date: analyse again.
        analyze_with_progress(library, [article_id], stderr_console())
    return EXIT_OK


def cmd_remove(args: argparse.Namespace) -> int:
    """Remove one article version from the library."""
    library = open_library(args, seed=False)
    removed = library.remove_article(_resolve(library, args.id))
    print(f"removed {removed.id[:8]} {removed.title}")
    return EXIT_OK


# --- parser ----------------------------------------------------------------------


def _add_attention_filters(p: argparse.ArgumentParser, conflicts: str, check: str) -> None:
    """--conflicts and --check, one or the other, choosing what every format shows."""
    group = p.add_mutually_exclusive_group()
    group.add_argument("--conflicts", action="store_true", help=conflicts + " (in any format)")
    group.add_argument("--check", action="store_true", help=check + " (in any format)")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser; every subcommand has help (a test checks it)."""
    parser = argparse.ArgumentParser(
        prog="claimdiff",
        description="Compare how news outlets report the same story. "
        "With no command, opens the terminal app on your library.",
    )
    parser.add_argument(
        "--db",
        type=Path,
        default=None,
        metavar="PATH",
        help=f"the library folder (default: ${DB_ENV} or the per-user data folder)",
    )
    parser.set_defaults(func=cmd_tui)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    def command(name: str, func: Callable[[argparse.Namespace], int], help: str) -> Any:
        p = sub.add_parser(name, help=help, description=help)
        p.set_defaults(func=func)
        return p

    command("tui", cmd_tui, "open the terminal app (the default)")

    p = command("add", cmd_add, "import files or folders (.txt, .md, .html, .json)")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders (walked recursively)")
    p.add_argument("--outlet", help="set the outlet of every article named (stored ones included)")
    p.add_argument("--title", help="set the title of every article named (stored ones included)")
    p.add_argument(
        "--published", help="set the publication date, YYYY-MM-DD (stored articles included)"
    )
    p.add_argument("-q", "--quiet", action="store_true", help="report failures only")

    p = command("list", cmd_list, "list the articles in the library")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--all-versions", action="store_true", help="list every stored version")

    p = command("show", cmd_show, "show one article's metadata and clean text")
    p.add_argument("id", metavar="ID", help=ID_HELP)
    p.add_argument("--json", action="store_true", help="print JSON with text and blocks")
    p.add_argument("--all", action="store_true", help="include chrome, credits and headers")

    p = command("edit", cmd_edit, "correct an article's title, outlet or publication date")
    p.add_argument("id", metavar="ID", help=ID_HELP)
    p.add_argument("--title", help="the new title")
    p.add_argument("--outlet", help="the new outlet ('' clears it)")
    p.add_argument("--published", help="the new publication date, YYYY-MM-DD ('' clears it)")

    p = command("remove", cmd_remove, "remove one article version from the library")
    p.add_argument("id", metavar="ID", help=ID_HELP)

    p = command("claims", cmd_claims, "list an article's claims")
    p.add_argument("id", metavar="ID", help=ID_HELP)
    p.add_argument("--json", action="store_true", help="print JSON, one object per claim")

    p = command("glossary", cmd_glossary, "list the entities across all articles")
    p.add_argument("--json", action="store_true", help='print JSON: {"entities": [...]}')
    p.add_argument("--article", metavar="ID", help="only entities mentioned in this article")
    p.add_argument("--story", help="the glossary of one story's articles alone")

    p = command("diff", cmd_diff, "pair the claims of two articles, with reasons")
    p.add_argument("a", metavar="A", help="article A: " + ID_HELP + ", or a file to import")
    p.add_argument("b", metavar="B", help="article B: " + ID_HELP + ", or a file to import")
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="print the rows as JSON")
    fmt.add_argument("--markdown", action="store_true", help="print a Markdown report")
    _add_attention_filters(
        p,
        "show only conflicting rows",
        "show only conflicts and the differences to check: a figure, date, polarity or"
        " source that differs between claims that may report different events",
    )

    p = command("coverage", cmd_coverage, "which article reports which fact (the matrix)")
    p.add_argument("ids", nargs="*", metavar="ID", help=ID_HELP + " (default: one story)")
    p.add_argument("--story", help="the story to cover (default: the largest)")
    p.add_argument("--json", action="store_true", help="print JSON")
    _add_attention_filters(
        p,
        "show only facts in conflict",
        "show only facts in conflict or with a difference to check",
    )

    p = command("stories", cmd_stories, "list the stories (articles grouped by event)")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = command("story-rename", cmd_story_rename, "give a story a name")
    p.add_argument("story", metavar="STORY", help="story id, id prefix or words of its name")
    p.add_argument("name", metavar="NAME", help="the new name ('' restores the automatic one)")

    p = command("story-move", cmd_story_move, "move an article to another story")
    p.add_argument("article", metavar="ARTICLE", help=ID_HELP)
    p.add_argument("story", metavar="STORY", nargs="?", help="the story to move it to")
    p.add_argument("--new", action="store_true", help="put it in a story of its own")

    p = command("reanalyze", cmd_reanalyze, "recompute analysis that is out of date")
    p.add_argument("--all", action="store_true", help="recompute every article, not only stale")

    from tui.cli_glossary import add_glossary_commands

    add_glossary_commands(command)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``claimdiff`` script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.db is None:
        args.db = default_store_path()
    try:
        code: int = args.func(args)
        return code
    except UsageError as exc:
        _err(str(exc))
        return EXIT_USAGE
    except CommandFailed as exc:
        _err(str(exc))
        return EXIT_FAILED
    except KeyboardInterrupt:
        _err("interrupted")
        return 130
    except BrokenPipeError:
        # `claimdiff list | head`: the reader went away; that is not an error.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
