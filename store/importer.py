"""Importing files and folders into a library.

Reads each file (with a size limit), parses it with :mod:`analysis.ingest.formats`,
builds the article with :mod:`analysis.ingest.article` and stores it. A file that
fails gets one line naming it and the reason; the rest of the batch goes on.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from analysis.errors import InputError
from analysis.ingest.article import build_article
from analysis.ingest.formats import SUPPORTED_SUFFIXES, read_document, read_sidecar
from analysis.ingest.sanitize import clean_field, mask_control
from analysis.lexicon.outlets import canonical_outlet, outlet_from_path, outlet_from_url
from analysis.model import Article

if TYPE_CHECKING:
    from store.library import Library

MAX_FILE_BYTES = 10 * 1024 * 1024
BATCH_SIZE = 50
#: A batch is stored early once its texts hold this many characters, bounding
#: the memory an import of large files needs.
BATCH_CHARS = 20_000_000
SIDECAR_SUFFIX = ".meta.json"
BUNDLED_SOURCE_PREFIX = "bundled:"

Outcome = Literal["added", "new_version", "unchanged", "updated", "failed"]


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What happened to one input file."""

    path: str
    outcome: Outcome
    article_id: str | None = None
    title: str | None = None
    reason: str | None = None

    @property
    def line(self) -> str:
        """A one-line report, naming the file."""
        if self.outcome == "failed":
            return f"{self.path}: {self.reason}"
        label = {
            "added": "added",
            "new_version": "new version",
            "unchanged": "already stored",
            "updated": "already stored, metadata updated:",
        }
        short = (self.article_id or "")[:8]
        return f"{self.path}: {label[self.outcome]} {short} {self.title or ''}".rstrip()


@dataclass(slots=True)
class ImportReport:
    """The results of one batch (failures as they happen, imports as they are committed)."""

    results: list[ImportResult] = field(default_factory=list)

    @property
    def failed(self) -> list[ImportResult]:
        return [r for r in self.results if r.outcome == "failed"]

    def count(self, outcome: Outcome) -> int:
        return sum(1 for r in self.results if r.outcome == outcome)


@dataclass(frozen=True, slots=True)
class InputFile:
    """A file to import: where it is, and how it is named in reports and as a source."""

    path: Path
    source: str
    explicit: bool = True


def expand_paths(
    paths: Iterable[str | os.PathLike[str]], *, skip: Path | None = None
) -> Iterator[InputFile | ImportResult]:
    """Files to import, folders walked recursively in name order.

    Inside folders, hidden entries, sidecars, files of unsupported types and
    the folder ``skip`` (the library itself, when it lives under an imported
    folder) are passed over silently; a path named explicitly that does not
    exist yields a failed :class:`ImportResult` instead.
    """
    skip = skip.resolve() if skip is not None else None
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(
                    d
                    for d in dirs
                    if not d.startswith(".")
                    and (skip is None or (Path(root) / d).resolve() != skip)
                )
                for name in sorted(files):
                    lower = name.lower()
                    if name.startswith(".") or lower.endswith(SIDECAR_SUFFIX):
                        continue
                    if not lower.endswith(SUPPORTED_SUFFIXES):
                        continue
                    file = Path(root) / name
                    yield InputFile(file, mask_control(str(file.resolve())), explicit=False)
        elif path.exists():
            yield InputFile(path, mask_control(str(path.resolve())))
        else:
            yield ImportResult(mask_control(str(raw)), "failed", reason="no such file or folder")


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(
                f"file too large ({size / 1e6:.1f} MB; the limit is {MAX_FILE_BYTES / 1e6:.0f} MB)"
            )
        with path.open("rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}") from None
    if len(data) > MAX_FILE_BYTES:  # it grew while we looked
        raise InputError(f"file too large (over {MAX_FILE_BYTES / 1e6:.0f} MB)")
    return data


def _sidecar_meta(path: Path) -> dict[str, str]:
    stem = path.name.rsplit(".", 1)[0] if "." in path.name else path.name
    sidecar = path.with_name(stem + SIDECAR_SUFFIX)
    if not sidecar.is_file():
        return {}
    return read_sidecar(_read_bytes(sidecar), sidecar.name)


def read_article(
    item: InputFile, overrides: Mapping[str, str | None] | None = None
) -> Article | ImportResult:
    """The article a file holds, or the failed :class:`ImportResult` saying why not.

    Touches no library: this is the slow part of an import (reading, decoding,
    cleaning), done before the library's lock is taken.
    """
    # A file's name is untrusted too: reports and the stored source never carry
    # its control characters to a terminal.
    label = mask_control(str(item.path))
    if overrides:
        overrides = {k: clean_field(v) if v else v for k, v in overrides.items()}
    try:
        data = _read_bytes(item.path)
        doc = read_document(data, item.path.name)
        meta = {**doc.meta, **_sidecar_meta(item.path)}
        if not meta.get("outlet"):
            # Who published it, when nothing says so outright: the URL's domain,
            # else a file or folder named for an outlet ("nytimes.txt", "bbc/").
            found = outlet_from_url(meta.get("url")) or outlet_from_path(item.path)
            if found is not None:
                meta["outlet"] = found.name
        doc = type(doc)(text=doc.text, meta=meta, format=doc.format)
        return _canonical(
            build_article(
                doc,
                source=mask_control(item.source),
                fallback_title=clean_field(mask_control(item.path.stem)) or label,
                overrides=overrides,
            )
        )
    except InputError as exc:
        return ImportResult(label, "failed", reason=mask_control(exc.reason))
    except Exception as exc:  # noqa: BLE001 - a reader's unforeseen failure on hostile input
        # The parsers read untrusted bytes: whatever one of them trips on fails
        # this file alone, with one line saying what, and the batch goes on.
        first = (str(exc).splitlines() or [""])[0][:200]
        reason = f"could not be read ({type(exc).__name__}{': ' + first if first else ''})"
        return ImportResult(label, "failed", reason=mask_control(reason))


def _canonical(article: Article) -> Article:
    """The article with its outlet named as the outlet table names it ("nyt" -> the NYT)."""
    outlet = canonical_outlet(article.outlet)
    return article if outlet == article.outlet else replace(article, outlet=outlet)


def store_article(
    library: Library,
    item: InputFile,
    article: Article,
    overrides: Mapping[str, str | None] | None = None,
) -> ImportResult:
    """Add an article read by :func:`read_article`; a :class:`StoreError` stops the batch.

    A text already stored keeps its metadata, except what ``overrides`` (the
    command line's ``--outlet``, ``--title``, ``--published``) set: those win
    over everything, stored articles included.
    """
    result = library.add_article(article)
    label = mask_control(str(item.path))
    stored = result.article
    if result.status == "unchanged" and overrides:
        wanted = {
            key: getattr(article, key)
            for key in ("title", "outlet", "published")
            if overrides.get(key) and getattr(article, key) != getattr(stored, key)
        }
        if wanted:
            stored = library.update_metadata(stored.id, **wanted)
            changes = ", ".join(f"{key} {value}" for key, value in wanted.items())
            return ImportResult(label, "updated", stored.id, changes)
    return ImportResult(label, result.status, stored.id, stored.title)


def import_file(
    library: Library,
    item: InputFile,
    overrides: Mapping[str, str | None] | None = None,
) -> ImportResult:
    """Import one file; never raises for bad input, only reports it.

    Within a :meth:`Library.transaction`, the article is stored when the
    transaction commits.
    """
    article = read_article(item, overrides)
    if isinstance(article, ImportResult):
        return article
    return store_article(library, item, article, overrides)


def import_paths(
    library: Library,
    paths: Sequence[str | os.PathLike[str]],
    *,
    overrides: Mapping[str, str | None] | None = None,
    on_start: Callable[[int], None] | None = None,
    on_result: Callable[[ImportResult], None] | None = None,
) -> ImportReport:
    """Import files and folders; ``on_start(total)`` then ``on_result`` per file.

    Files are stored in batches of :data:`BATCH_SIZE` (fewer when their texts
    pass :data:`BATCH_CHARS`), one catalog write per batch rather than per
    file. A file is reported as imported only once its batch is committed, so
    an interrupted import never claims an article it did not keep; failures
    are reported at once.
    """
    items = list(expand_paths(paths, skip=library.root))
    if on_start:
        on_start(len(items))
    report = ImportReport()

    def tell(result: ImportResult) -> None:
        report.results.append(result)
        if on_result:
            on_result(result)

    ready: list[tuple[InputFile, Article]] = []
    size = 0
    for position, item in enumerate(items, 1):
        found = item if isinstance(item, ImportResult) else read_article(item, overrides)
        if isinstance(found, ImportResult):
            tell(found)
        elif isinstance(item, InputFile):
            ready.append((item, found))
            size += len(found.text)
        # Files are read and cleaned outside the lock, which is held only to store
        # a batch: another process importing at the same time gets its turn
        # between batches instead of waiting for the whole import.
        if ready and (len(ready) >= BATCH_SIZE or size >= BATCH_CHARS or position == len(items)):
            with library.transaction():
                stored = [
                    store_article(library, file, article, overrides) for file, article in ready
                ]
            for result in stored:
                tell(result)
            ready, size = [], 0
    return report


def bundled_articles() -> list[tuple[str, bytes, dict[str, str]]]:
    """The sample corpus shipped in the ``articles`` package: (name, bytes, metadata)."""
    root = resources.files("articles")
    out = []
    for entry in sorted(root.iterdir(), key=lambda e: e.name):
        name = entry.name
        if not name.lower().endswith(SUPPORTED_SUFFIXES) or name.lower().endswith(SIDECAR_SUFFIX):
            continue
        stem = name.rsplit(".", 1)[0]
        sidecar = root / (stem + SIDECAR_SUFFIX)
        meta = read_sidecar(sidecar.read_bytes(), sidecar.name) if sidecar.is_file() else {}
        out.append((name, entry.read_bytes(), meta))
    return out


def seed_library(library: Library) -> ImportReport:
    """Import the bundled sample articles into a new library, once in its life."""
    report = ImportReport()
    if library.is_seeded:
        return report
    for name, data, meta in bundled_articles():
        try:
            doc = read_document(data, name)
            doc = type(doc)(text=doc.text, meta={**doc.meta, **meta}, format=doc.format)
            article = _canonical(
                build_article(
                    doc, source=BUNDLED_SOURCE_PREFIX + name, fallback_title=name.rsplit(".", 1)[0]
                )
            )
            result = library.add_article(article)
            report.results.append(
                ImportResult(name, result.status, result.article.id, result.article.title)
            )
        except InputError as exc:  # pragma: no cover - the bundled files are ours
            report.results.append(ImportResult(name, "failed", reason=exc.reason))
    library.mark_seeded()
    return report
