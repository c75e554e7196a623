"""Fault injection for the library: kills, torn writes, a full disk, rival importers, bad catalogs.

``python -m evaluation.reliability`` (``make reliability``) runs every experiment at
full size and prints its figures; ``--quick`` runs the small versions that
``tests/test_reliability.py`` runs in the suite. Each experiment returns a
report whose ``problems`` count must be zero:

- kills: importers (``store.importer.import_paths`` in a child process) killed
  with SIGKILL at a random moment; afterwards the store must open, and every
  article the child reported imported must be listed and read back;
- torn writes: a random prefix of a file written by the storage layer, then an
  I/O error (the store must stay as it was) or, after the rename, a crash that
  lost the file's tail (the store must refuse it untouched, and its backup must
  be the last good state);
- full disk: ``claimdiff add`` while writes fail with ENOSPC after a random
  number of bytes: exit 1, one line on stderr, a valid store, nothing
  half-stored;
- rival importers: two processes importing into one store at once keep all
  their articles;
- corrupt catalogs: ``claimdiff list`` and ``claimdiff`` (the terminal app)
  on damaged catalogs print one line saying what to do, exit 1 and leave
  every file as it was.
"""

from __future__ import annotations

import argparse
import builtins
import contextlib
import errno
import io
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, BinaryIO

from analysis.model import Article, Block, article_id
from store.errors import StoreCorrupt, StoreError
from store.library import Library
from store.storage import SCHEMA_VERSION, backup_path

ROOT = Path(__file__).resolve().parents[1]
CATALOG = "catalog.json"

# --- synthetic articles ------------------------------------------------------------------

_WORDS = tuple(
    " ".join(
        (
            "officials said the missile flew about 400 kilometers before falling into the sea",
            "near the coast on Tuesday while the minister told reporters at least seven launches",
            "were detected by radar and the army confirmed that residents should stay indoors as",
            "rescue teams reached the village where 300 homes were damaged by the storm according",
            "to the mayor who spoke at a briefing in the capital late on Monday evening",
        )
    ).split()
)
_OUTLETS = ("Daily Wire Service", "The Coastal Times", "Evening Herald", "Agence Exemple")


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(6, 24))]
    return " ".join(words).capitalize() + rng.choice((".", ".", ".", "?", "!"))


def write_articles(folder: Path, count: int, *, seed: int, tag: str = "") -> list[Path]:
    """Write ``count`` small, varied articles (.txt, .md, .json) into ``folder``.

    Every text is unique (it names ``tag``, ``seed`` and its number), so each
    import adds a new article; sizes run from a few hundred bytes to ~15 kB.
    """
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        headline = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(4, 9))).title()
        paragraphs = [
            " ".join(_sentence(rng) for _ in range(rng.randint(1, 5)))
            for _ in range(rng.randint(1, 20))
        ]
        paragraphs.append(f"Reference {tag}{seed}-{n}.")
        body = "\n\n".join(paragraphs)
        outlet = rng.choice(_OUTLETS)
        kind = n % 3
        if kind == 0:
            path = folder / f"{n:05d}.txt"
            path.write_text(f"{headline}\n\n{body}\n", "utf-8")
        elif kind == 1:
            path = folder / f"{n:05d}.md"
            front = f"---\ntitle: {headline}\noutlet: {outlet}\npublished: 2024-11-05\n---\n"
            path.write_text(f"{front}\n{body}\n", "utf-8")
        else:
            path = folder / f"{n:05d}.json"
            record = {"title": headline, "outlet": outlet, "text": body}
            path.write_text(json.dumps(record), "utf-8")
        paths.append(path)
    return paths


def new_library(root: Path) -> Library:
    """An empty library that will not import the bundled sample on first use."""
    library = Library.open(root)
    library.mark_seeded()
    return library


def temporaries(folder: Path) -> list[Path]:
    """Temporary files that interrupted atomic writes left under ``folder``."""
    return sorted(folder.rglob(".*.tmp"))


def unreadable_articles(library: Library) -> list[str]:
    """Ids of listed article versions whose text file does not read back as that article."""
    bad = []
    for summary in library.list_articles(all_versions=True):
        try:
            article = library.get_article(summary.id)
        except StoreError:
            bad.append(summary.id)
            continue
        if article_id(article.text) != summary.id:
            bad.append(summary.id)
    return bad


def _python(code: str, *args: str, **popen: Any) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        **popen,
    )


# --- 1. importers killed with SIGKILL ------------------------------------------------------

# The child reports each result the moment import_paths reports it; "ready" once
# the library is open, "done" when the whole import returned.
IMPORT_CHILD = """
import json, sys, time
from pathlib import Path
import store.importer
from store.importer import import_paths
from store.library import Library

root, batch, paths = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
store.importer.BATCH_SIZE = batch
library = Library.open(root, lock_timeout=120)
go = root.parent / "go"
print("ready", flush=True)
while paths and not go.exists():
    time.sleep(0.001)

def report(result):
    line = {"outcome": result.outcome, "id": result.article_id, "time": time.time()}
    print(json.dumps(line), flush=True)

import_paths(library, paths, on_result=report)
print("done", flush=True)
"""


def reported_ids(output: str) -> tuple[list[str], bool]:
    """Ids a child reported stored, and whether it finished; a torn last line is ignored."""
    ids, done = [], False
    for line in output.splitlines(keepends=True):
        if not line.endswith("\n"):
            break  # killed while printing: that result was never reported
        line = line.strip()
        if line == "done":
            done = True
        elif line.startswith("{"):
            result = json.loads(line)
            if result["outcome"] != "failed":
                ids.append(result["id"])
    return ids, done


@dataclass(slots=True)
class KillReport:
    """What ``runs`` importers killed at random moments left behind."""

    runs: int = 0
    killed_mid_import: int = 0
    killed_between_commits: int = 0  # ... after it had reported a committed batch
    reported: int = 0
    stored: int = 0
    lost: int = 0
    open_failures: int = 0
    unreadable: int = 0
    temporaries_left: int = 0
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)

    @property
    def problems(self) -> int:
        return self.lost + self.open_failures + self.unreadable

    def lines(self) -> list[str]:
        return [
            f"{self.runs} importers killed with SIGKILL at a random moment "
            f"({self.killed_mid_import} before their import finished, {self.killed_between_commits}"
            f" of them after a batch was committed), {self.seconds:.0f} s",
            f"  stores that failed to open afterwards: {self.open_failures}",
            f"  articles reported imported: {self.reported}; lost or unreadable: "
            f"{self.lost + self.unreadable} (stored in the end: {self.stored})",
            f"  temporary files left by killed writers (never read; the catalog's are removed "
            f"by the next change): {self.temporaries_left}",
            *(f"  ! {note}" for note in self.notes[:10]),
        ]


def kill_importers(
    runs: int,
    *,
    articles: int = 60,
    batch: int = 20,
    seed: int = 0,
    work: Path | None = None,
    child_code: str = IMPORT_CHILD,
) -> KillReport:
    """Import a fresh folder ``runs`` times into one library, killing each importer at random.

    The kill comes a random time after the child starts importing (every other
    run: after its first batch is committed and reported), spread over how long
    a whole import takes, so it lands in reading, in a batch, in a commit or
    between batches. After each kill the library is opened and every
    article the child reported is checked, as is everything reported before.
    """
    rng = random.Random(seed)
    report = KillReport()
    started = time.monotonic()
    with _workdir(work) as base:
        root = base / "library"
        new_library(root)
        everything: set[str] = set()
        lost: set[str] = set()
        left_behind: set[Path] = set()
        duration = _timed_import(base, root, articles, batch)
        for run in range(runs):
            folder = base / "in" / f"run{run}"
            count = rng.randint(articles // 2, articles)
            paths = write_articles(folder, count, seed=run + 1)
            (base / "go").unlink(missing_ok=True)
            child = _python(child_code, str(root), str(batch), *map(str, paths))
            assert child.stdout is not None
            if child.stdout.readline().strip() != "ready":
                raise RuntimeError(f"the importer did not start: {child.communicate()[1]}")
            (base / "go").touch()
            head = ""
            if run % 2:
                # Every other kill waits for a committed batch first: those are the
                # kills that could lose an article already reported.
                head = child.stdout.readline()
                time.sleep(rng.uniform(0, duration * count / articles / 2))
            else:
                time.sleep(rng.uniform(0, duration * count / articles))
            child.send_signal(signal.SIGKILL)
            out, _ = child.communicate()
            ids, done = reported_ids(head + out)
            report.runs += 1
            report.killed_mid_import += not done
            report.killed_between_commits += bool(ids) and not done
            report.reported += len(ids)
            everything.update(ids)
            left_behind.update(temporaries(root))
            try:
                library = Library.open(root)
                listed = {a.id for a in library.list_articles(all_versions=True)}
            except StoreError as error:
                report.open_failures += 1
                report.notes.append(f"run {run}: {error}")
                shutil.copyfile(backup_path(root / CATALOG), root / CATALOG)
                continue
            missing = everything - listed - lost
            lost |= missing
            report.notes += [f"run {run}: lost {i[:12]}" for i in sorted(missing)]
            for article in ids:
                try:
                    ok = article_id(library.get_article(article).text) == article
                except StoreError as error:
                    ok = False
                    report.notes.append(f"run {run}: {error}")
                report.unreadable += not ok
            shutil.rmtree(folder)
        library = Library.open(root)
        listed = {a.id for a in library.list_articles(all_versions=True)}
        report.stored = len(listed)
        report.temporaries_left = len(left_behind)
        report.lost = len(lost | (everything - listed))
        # Everything listed, not only what was reported, must read back in the end.
        report.unreadable += len(unreadable_articles(library))
    report.seconds = time.monotonic() - started
    return report


def _timed_import(base: Path, root: Path, articles: int, batch: int) -> float:
    """Seconds one whole import takes in a child, from its start signal to its end."""
    folder = base / "in" / "calibration"
    paths = write_articles(folder, articles, seed=0, tag="calibration")
    (base / "go").touch()
    child = _python(IMPORT_CHILD, str(root), str(batch), *map(str, paths))
    assert child.stdout is not None
    child.stdout.readline()
    started = time.monotonic()
    out, err = child.communicate()
    if child.returncode != 0 or not reported_ids(out)[1]:
        raise RuntimeError(f"the calibration import failed: {err}")
    shutil.rmtree(folder)
    return time.monotonic() - started


@contextlib.contextmanager
def _workdir(work: Path | None) -> Iterator[Path]:
    if work is not None:
        work.mkdir(parents=True, exist_ok=True)
        yield work
        return
    with tempfile.TemporaryDirectory(prefix="claimdiff-reliability-") as name:
        yield Path(name)


# --- 2. torn writes ----------------------------------------------------------------------


class TornWrite(OSError):
    """The error a torn write ends with (an I/O error after part of the data)."""


class _TornStream:
    """A file opened by the storage layer whose write stores a random prefix, then fails."""

    def __init__(self, stream: BinaryIO, rng: random.Random, code: int, log: list[int]) -> None:
        self._stream = stream
        self._rng = rng
        self._code = code
        self._log = log

    def write(self, data: bytes) -> int:
        keep = self._rng.randrange(len(data)) if data else 0
        self._stream.write(data[:keep])
        self._stream.flush()
        self._log.append(keep)
        raise TornWrite(self._code, os.strerror(self._code))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)

    def __enter__(self) -> _TornStream:
        return self

    def __exit__(self, *exc: object) -> None:
        self._stream.close()


@contextlib.contextmanager
def tear_nth_write(nth: int, rng: random.Random, code: int = errno.EIO) -> Iterator[list[int]]:
    """Make the ``nth`` file the storage layer writes end torn: a random prefix, then ``code``.

    Files opened for writing by ``os.fdopen`` (how the storage layer writes) and
    by ``open`` (how a naive storage would) count. Yields a list that holds how
    many bytes were kept once the tear happened (it stays empty when fewer than
    ``nth`` files were written).
    """
    real_fdopen, real_open = os.fdopen, builtins.open
    opened = 0
    log: list[int] = []

    def torn(real: Callable[..., Any]) -> Callable[..., Any]:
        def opener(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
            nonlocal opened
            stream = real(file, mode, *args, **kwargs)
            if "w" not in mode:
                return stream
            opened += 1
            return _TornStream(stream, rng, code, log) if opened == nth else stream

        return opener

    os.fdopen = torn(real_fdopen)
    builtins.open = io.open = torn(real_open)
    try:
        yield log
    finally:
        os.fdopen, builtins.open, io.open = real_fdopen, real_open, real_open


@dataclass(slots=True)
class TornReport:
    """What ``injected`` torn writes did to a library."""

    injected: int = 0
    failed_cleanly: int = 0  # torn, then an error: the store stayed as it was
    lost_tails: int = 0  # torn after the rename, as a crash on a lax file system leaves it
    refused_untouched: int = 0  # ... and the store refused the torn catalog, bytes unchanged
    restored_from_backup: int = 0  # ... and its backup was the last good state
    documents_repaired: int = 0  # a torn article file, refused, then rewritten by importing it
    removed_listed_again: int = 0  # removed by the lost change, listed by the backup, text gone
    problems_found: int = 0
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)

    @property
    def problems(self) -> int:
        return self.problems_found

    def lines(self) -> list[str]:
        return [
            f"{self.injected} torn writes injected in the storage layer, {self.seconds:.0f} s",
            f"  prefix then an I/O error: {self.failed_cleanly}, store unchanged and valid "
            "every time"
            if self.failed_cleanly
            else "  prefix then an I/O error: 0",
            f"  prefix left in place of a renamed file (tail lost in a crash): {self.lost_tails}; "
            f"catalog refused untouched {self.refused_untouched}, backup = last good state "
            f"{self.restored_from_backup}, article files refused then repaired "
            f"{self.documents_repaired}",
            f"  articles a lost change had removed, listed again by the backup without their "
            f"text (remove them again): {self.removed_listed_again}",
            f"  problems (a store not at its last good state or its backup, a torn write not "
            f"reported in one line, a file left behind): {self.problems_found}",
            *(f"  ! {note}" for note in self.notes[:10]),
        ]


def _article(rng: random.Random, n: int) -> Article:
    text = f"Headline number {n}\n\n" + " ".join(_sentence(rng) for _ in range(rng.randint(1, 30)))
    blocks = (
        Block("headline", 0, text.index("\n")),
        Block("body", text.index("\n") + 2, len(text)),
    )
    return Article(
        id=article_id(text),
        title=f"Headline number {n}",
        outlet=rng.choice(_OUTLETS),
        published="2024-11-05",
        source=f"/news/{n % 50}.txt",
        text=text,
        blocks=blocks,
    )


def _state(root: Path) -> dict[str, Any]:
    """The catalog's articles and settings as stored (parsed from the file)."""
    data = json.loads((root / CATALOG).read_bytes())
    return {"articles": data.get("articles", {}), "meta": data["meta"]}


def torn_writes(count: int, *, seed: int = 0, work: Path | None = None) -> TornReport:
    """Inject ``count`` torn writes into random library changes and check every outcome."""
    rng = random.Random(seed)
    report = TornReport()
    started = time.monotonic()
    with _workdir(work) as base:
        root = base / "library"
        serial = 0

        def fresh() -> Article:
            nonlocal serial
            serial += 1
            return _article(rng, serial)

        def start() -> Library:
            library = new_library(root)
            for _ in range(5):
                library.add_article(fresh())
            return library

        library = start()
        while report.injected < count:
            name, operation = _random_change(library, rng, fresh)
            try:
                before = (root / CATALOG).read_bytes()
                state = _state(root)
                if rng.random() < 0.75:
                    problems = _tear_with_error(report, root, name, operation, rng, before)
                else:
                    problems = _tear_after_rename(report, root, name, operation, rng, state)
                library = Library.open(root)
            except (StoreError, ValueError) as error:
                problems = [f"{name}: {error}"]
            if problems:
                # Count the broken store once, and start again so it is not counted twice.
                report.problems_found += 1
                report.notes += problems
                shutil.rmtree(root)
                library = start()
    report.seconds = time.monotonic() - started
    return report


def _random_change(
    library: Library, rng: random.Random, fresh: Callable[[], Article]
) -> tuple[str, Callable[[], object]]:
    """A change to the library, drawn at random: its name and a function that makes it."""
    rows = library.list_articles(all_versions=True)
    batch = [fresh() for _ in range(3)]

    def add_batch() -> None:
        with library.transaction():
            for article in batch:
                library.add_article(article)

    operations: list[tuple[str, Callable[[], object]]] = [
        ("add", lambda: library.add_article(fresh())),
        ("add 3", add_batch),
        ("set_meta", lambda: library.set_meta("note", rng.random())),
        ("retitle", lambda: library.update_metadata(rng.choice(rows).id, title=f"T{rng.random()}")),
    ]
    if len(rows) > 30:
        operations.append(("remove", lambda: library.remove_article(rng.choice(rows).id)))
    return rng.choice(operations)


def _tear_with_error(
    report: TornReport,
    root: Path,
    name: str,
    operation: Callable[[], object],
    rng: random.Random,
    before: bytes,
) -> list[str]:
    """A write of the change ends torn with an error: the store must stay as it was."""
    code = rng.choice((errno.EIO, errno.ENOSPC, errno.EDQUOT))
    with tear_nth_write(rng.randint(1, 4), rng, code) as torn:
        try:
            operation()
            failed: Exception | None = None
        except (StoreError, OSError) as error:
            failed = error
    if not torn:
        return []  # the change wrote fewer files than the one chosen to tear
    report.injected += 1
    problems = []
    if (
        not isinstance(failed, StoreError)
        or os.strerror(code) not in str(failed)
        or "\n" in str(failed)
    ):
        problems.append(f"{name}: the torn write was not reported as one line: {failed}")
    if (root / CATALOG).read_bytes() != before:
        problems.append(f"{name}: the catalog changed although the change failed")
    if temporaries(root):
        problems.append(f"{name}: temporary files left: {temporaries(root)}")
    try:
        reopened = Library.open(root)
        if unreadable_articles(reopened):
            problems.append(f"{name}: listed articles do not read back")
    except StoreError as error:
        problems.append(f"{name}: the store does not open: {error}")
    report.failed_cleanly += not problems
    return problems


def _tear_after_rename(
    report: TornReport,
    root: Path,
    name: str,
    operation: Callable[[], object],
    rng: random.Random,
    state: dict[str, Any],
) -> list[str]:
    """A change succeeds, then the file it wrote loses its tail, as after a power cut."""
    import store.library as library_module

    written: list[Path] = []
    real = library_module.write_atomic

    def recording(path: Path, payload: bytes, **kwargs: Any) -> None:
        real(path, payload, **kwargs)
        written.append(path)

    library_module.write_atomic = recording  # type: ignore[assignment]
    try:
        operation()
    finally:
        library_module.write_atomic = real
    removed = {row["id"] for row in state["articles"].values()} - {
        row["id"] for row in _state(root)["articles"].values()
    }
    documents = [p for p in written if p.name != CATALOG]
    target = rng.choice(documents) if documents and rng.random() < 0.3 else root / CATALOG
    content = target.read_bytes()
    target.write_bytes(content[: rng.randrange(len(content))])
    report.injected += 1
    report.lost_tails += 1
    problems = []
    if target.name == CATALOG:
        torn = target.read_bytes()
        try:
            Library.open(root)
            problems.append(f"{name}: a torn catalog was opened")
        except StoreCorrupt as error:
            if target.read_bytes() != torn:
                problems.append(f"{name}: the torn catalog was changed")
            else:
                report.refused_untouched += 1
            if error.backup is None or "cp " not in str(error):
                problems.append(f"{name}: no backup offered: {error}")
            else:
                shutil.copyfile(error.backup, target)
                if _state(root) == state:
                    report.restored_from_backup += 1
                else:
                    problems.append(f"{name}: the backup is not the last good state")
                # The lost change had removed these, files and all; the backup lists them.
                restored = Library.open(root)
                lost_with_change = set(unreadable_articles(restored))
                if lost_with_change and lost_with_change <= removed:
                    report.removed_listed_again += len(lost_with_change)
                    for identity in lost_with_change:
                        restored.remove_article(identity)
    else:
        reopened = Library.open(root)
        identity = target.stem
        try:
            reopened.get_article(identity)
            problems.append(f"{name}: a torn article file was read")
        except StoreCorrupt:
            stored = Library.open(root)
            row = next(a for a in stored.list_articles(all_versions=True) if a.id == identity)
            original = Article.from_dict(json.loads(content))
            if stored.add_article(replace(original, source=row.source)).status != "unchanged":
                problems.append(f"{name}: re-importing the article did not repair it")
            elif article_id(stored.get_article(identity).text) == identity:
                report.documents_repaired += 1
    try:
        if unreadable_articles(Library.open(root)):
            problems.append(f"{name}: listed articles do not read back")
    except StoreError as error:
        problems.append(f"{name}: the store does not open: {error}")
    return problems


# --- 3. a full disk ------------------------------------------------------------------------


class _FullDisk:
    """A disk with ``capacity`` bytes left: the write that crosses it stores what fits, then
    fails with ENOSPC, like a real full disk."""

    def __init__(self, capacity: int) -> None:
        self.left = capacity
        self.failures = 0

    @contextlib.contextmanager
    def installed(self) -> Iterator[None]:
        real = os.fdopen
        disk = self

        class Stream:
            def __init__(self, stream: Any) -> None:
                self._stream = stream

            def write(self, data: bytes) -> int:
                if len(data) > disk.left:
                    self._stream.write(data[: disk.left])
                    disk.left = 0
                    disk.failures += 1
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
                disk.left -= len(data)
                return self._stream.write(data)

            def __getattr__(self, name: str) -> Any:
                return getattr(self._stream, name)

            def __enter__(self) -> Stream:
                return self

            def __exit__(self, *exc: object) -> None:
                self._stream.close()

        def fdopen(fd: int, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
            stream = real(fd, mode, *args, **kwargs)
            return Stream(stream) if "w" in mode else stream

        os.fdopen = fdopen  # type: ignore[assignment]
        try:
            yield
        finally:
            os.fdopen = real


@dataclass(slots=True)
class DiskReport:
    """``claimdiff add`` runs on a disk that fills up part-way."""

    runs: int = 0
    exit_1_one_line: int = 0
    valid_after: int = 0
    half_stored: int = 0
    reported_but_missing: int = 0
    temporaries_left: int = 0
    failed_in: dict[str, int] = field(default_factory=dict)
    message: str = ""
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)

    @property
    def problems(self) -> int:
        return (
            (self.runs - self.exit_1_one_line)
            + (self.runs - self.valid_after)
            + self.half_stored
            + self.reported_but_missing
            + self.temporaries_left
        )

    def lines(self) -> list[str]:
        return [
            f"{self.runs} imports (claimdiff add) on a disk that fills up part-way, "
            f"{self.seconds:.0f} s",
            f"  exit 1 with one line on stderr: {self.exit_1_one_line}; store valid afterwards: "
            f"{self.valid_after}; the disk filled in: "
            + ", ".join(f"{where} {count}" for where, count in sorted(self.failed_in.items())),
            f"  half-written articles stored: {self.half_stored}; reported but missing: "
            f"{self.reported_but_missing}; temporary files left: {self.temporaries_left}",
            f"  the message: {self.message}",
            *(f"  ! {note}" for note in self.notes[:10]),
        ]


def full_disk(
    runs: int, *, articles: int = 40, batch: int = 10, seed: int = 0, work: Path | None = None
) -> DiskReport:
    """Run ``claimdiff add`` (in this process) ``runs`` times with a disk that fills up.

    The free space is drawn at random below what the import needs, so the
    disk fills in an article file, a catalog write or between batches.
    """
    import store.importer
    from store.importer import import_paths
    from tui.cli import main

    rng = random.Random(seed)
    report = DiskReport()
    started = time.monotonic()
    with _workdir(work) as base:
        folder = base / "articles"
        write_articles(folder, articles, seed=seed, tag="disk")
        template = base / "template"
        new_library(template)
        # How many bytes the whole import writes, measured on a disk that never fills.
        probe = _FullDisk(sys.maxsize)
        shutil.copytree(template, base / "probe")
        with probe.installed():
            import_paths(Library.open(base / "probe"), [folder])
        needed = sys.maxsize - probe.left
        # Small batches: some commit before the disk fills, so a failure comes
        # after articles were reported stored, in an article file or the catalog.
        saved_batch, store.importer.BATCH_SIZE = store.importer.BATCH_SIZE, batch
        for run in range(runs):
            root = base / f"run{run}"
            shutil.copytree(template, root)
            disk = _FullDisk(rng.randrange(needed))
            out, err = io.StringIO(), io.StringIO()
            with (
                disk.installed(),
                contextlib.redirect_stdout(out),
                contextlib.redirect_stderr(err),
            ):
                code = main(["--db", str(root), "add", str(folder)])
            report.runs += 1
            # Blank lines are the progress bar's, which a terminal erases.
            lines = err.getvalue().strip().splitlines()
            if code == 1 and len(lines) == 1 and "No space left on device" in lines[0]:
                report.exit_1_one_line += 1
                where = "catalog" if CATALOG in lines[0] else "article file"
                report.failed_in[where] = report.failed_in.get(where, 0) + 1
                report.message = lines[0].replace(str(root), "LIBRARY")
            else:
                report.notes.append(f"run {run}: exit {code}, stderr {err.getvalue()!r}")
            try:
                library = Library.open(root)
                listed = {a.id[:8] for a in library.list_articles(all_versions=True)}
                report.valid_after += 1
            except StoreError as error:
                report.notes.append(f"run {run}: {error}")
                continue
            report.half_stored += len(unreadable_articles(library)) + len(_partial_files(root))
            said = {m[1] for m in re.finditer(r": added (\w{8}) ", out.getvalue())}
            report.reported_but_missing += len(said - listed)
            report.temporaries_left += len(temporaries(root))
            shutil.rmtree(root)
        store.importer.BATCH_SIZE = saved_batch
    report.seconds = time.monotonic() - started
    return report


def _partial_files(root: Path) -> list[Path]:
    """Article files (listed or not) that do not hold the whole article their name says."""
    bad = []
    for path in (root / "docs").rglob("*.json"):
        try:
            if article_id(json.loads(path.read_bytes())["text"]) != path.stem:
                bad.append(path)
        except (ValueError, KeyError, TypeError):
            bad.append(path)
    return bad


# --- 4. two importers at once --------------------------------------------------------------


@dataclass(slots=True)
class RivalReport:
    """Two importers on one store at the same time."""

    per_process: int = 0
    reported: int = 0
    stored: int = 0
    unreadable: int = 0
    overlapped: bool = False
    turns: int = 0
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)

    @property
    def problems(self) -> int:
        return (2 * self.per_process - self.stored) + self.unreadable + (not self.overlapped)

    def lines(self) -> list[str]:
        return [
            f"2 importers on one store at once, {self.per_process} articles each, "
            f"{self.seconds:.0f} s (ran at the same time: {'yes' if self.overlapped else 'NO'}; "
            f"the lock changed hands {self.turns} times)",
            f"  reported added: {self.reported}; stored and readable: "
            f"{self.stored - self.unreadable} of {2 * self.per_process}",
            *(f"  ! {note}" for note in self.notes[:10]),
        ]


def rival_importers(per_process: int, *, batch: int = 50, work: Path | None = None) -> RivalReport:
    """Two child processes import ``per_process`` articles each into one library at once."""
    report = RivalReport(per_process=per_process)
    started = time.monotonic()
    with _workdir(work) as base:
        root = base / "library"
        new_library(root)
        children = []
        for tag in ("alpha", "beta"):
            paths = write_articles(base / tag, per_process, seed=7, tag=tag)
            child = _python(IMPORT_CHILD, str(root), str(batch), *map(str, paths))
            assert child.stdout is not None
            child.stdout.readline()
            children.append(child)
        (base / "go").touch()
        outputs = []
        for child in children:
            out, err = child.communicate(timeout=600)
            if child.returncode != 0:
                report.notes.append(err.strip().splitlines()[-1])
            outputs.append(out)
        report.overlapped = _overlapped(outputs)
        report.turns = _turns(outputs)
        for out in outputs:
            report.reported += len(reported_ids(out)[0])
        library = Library.open(root)
        report.stored = len(library.list_articles(all_versions=True))
        report.unreadable = len(unreadable_articles(library))
    report.seconds = time.monotonic() - started
    return report


def _turns(outputs: list[str]) -> int:
    """How often the reported results switch from one child to the other, in time order."""
    events = sorted(
        (json.loads(line)["time"], child)
        for child, out in enumerate(outputs)
        for line in out.splitlines()
        if line.startswith("{")
    )
    return sum(
        1 for before, after in zip(events, events[1:], strict=False) if before[1] != after[1]
    )


def _overlapped(outputs: list[str]) -> bool:
    """Each child reported its first result before the other reported its last."""
    times = []
    for out in outputs:
        stamps = [json.loads(line)["time"] for line in out.splitlines() if line.startswith("{")]
        if not stamps:
            return False
        times.append((min(stamps), max(stamps)))
    (first_a, last_a), (first_b, last_b) = times
    return first_a < last_b and first_b < last_a


# --- 5. corrupt catalogs -------------------------------------------------------------------


def corrupt_catalogs() -> dict[str, bytes | None]:
    """Damaged catalogs by name (None: the catalog is missing while its backup is there)."""
    good = json.dumps({"meta": {"1": {"schema": SCHEMA_VERSION}}, "articles": {}}).encode()
    newer = json.dumps({"meta": {"1": {"schema": SCHEMA_VERSION + 1}}, "articles": {}}).encode()
    bad_row = json.dumps(
        {"meta": {"1": {"schema": SCHEMA_VERSION}}, "articles": {"1": {"id": "../../x"}}}
    ).encode()
    return {
        "empty": b"",
        "blank": b"\n \n",
        "truncated": good[: len(good) // 2],
        "trailing junk": good + b"}garbage",
        "NUL bytes": good + b"\x00" * 100,
        "zero-filled": b"\x00" * 4096,
        "a JSON array": b"[" + good + b"]",
        "a JSON string": b'"catalog"',
        "invalid UTF-8": good[:-1] + b', "x": {"1": {"t": "\xff\xfe"}}}',
        "binary garbage": bytes(random.Random(1).randrange(256) for _ in range(2048)),
        "a newer schema": newer,
        "no schema": b'{"_default": {}}',
        "a malformed article row": bad_row,
        "missing (backup present)": None,
    }


@dataclass(slots=True)
class CorruptReport:
    """How the command line treats each damaged catalog."""

    cases: int = 0
    runs: int = 0
    one_line_exit_1: int = 0
    says_what_to_do: int = 0
    untouched: int = 0
    crashes: int = 0
    examples: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def problems(self) -> int:
        return (
            3 * self.runs - self.one_line_exit_1 - self.says_what_to_do - self.untouched
        ) + self.crashes

    def lines(self) -> list[str]:
        return [
            f"{self.cases} damaged catalogs x (claimdiff list, claimdiff with no command): "
            f"{self.runs} runs",
            f"  crashes: {self.crashes}; one line + exit 1: {self.one_line_exit_1}; says what to "
            f"do: {self.says_what_to_do}; files left byte for byte: {self.untouched}",
            *(f"  {name}: {line}" for name, line in self.examples.items()),
            *(f"  ! {note}" for note in self.notes[:10]),
        ]


REMEDIES = ("cp ", "move the file aside", "upgrade claimdiff")


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` with its bytes."""
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def damage(root: Path, case: str, content: bytes | None) -> None:
    """Replace the catalog of the library at ``root`` by a damaged one."""
    catalog = root / CATALOG
    if content is None:
        catalog.unlink()
    else:
        catalog.write_bytes(content)


def check_refusal(
    report: CorruptReport,
    case: str,
    command: str,
    code: int,
    out: str,
    err: str,
    before: dict[str, bytes],
    after: dict[str, bytes],
) -> None:
    """Score one run of the command line on a damaged catalog."""
    report.runs += 1
    lines = err.strip().splitlines()
    if "Traceback" in err:
        report.crashes += 1
        report.notes.append(f"{case} / {command}: crashed: {lines[-1] if lines else ''}")
    if code == 1 and len(lines) == 1 and lines[0].startswith("claimdiff: ") and not out.strip():
        report.one_line_exit_1 += 1
    else:
        report.notes.append(f"{case} / {command}: exit {code}, stderr {err!r}")
    if lines and any(remedy in lines[-1] for remedy in REMEDIES):
        report.says_what_to_do += 1
    else:
        report.notes.append(f"{case} / {command}: no remedy in {err!r}")
    if before == after:
        report.untouched += 1
    else:
        report.notes.append(f"{case} / {command}: files changed")
    if command == "list" and lines:
        report.examples[case] = lines[0]


def damaged_catalogs(*, in_process: bool = False, work: Path | None = None) -> CorruptReport:
    """Run ``claimdiff list`` and ``claimdiff`` on every damaged catalog of the corpus.

    As a separate process (the real command) by default; ``in_process`` runs
    :func:`tui.cli.main` here (fast, for the test suite), with the app factory
    replaced so that a terminal app that started anyway fails the run.
    """
    report = CorruptReport()
    with _workdir(work) as base:
        template = base / "template"
        library = new_library(template)
        for n in range(3):
            library.add_article(_article(random.Random(n), n))
        for case, content in corrupt_catalogs().items():
            report.cases += 1
            root = base / re.sub(r"\W+", "-", case)
            shutil.copytree(template, root)
            damage(root, case, content)
            for command in (["list"], []):
                before = snapshot(root)
                if in_process:
                    code, out, err = _run_cli_here(["--db", str(root), *command])
                else:
                    done = subprocess.run(
                        [sys.executable, "-m", "tui.cli", "--db", str(root), *command],
                        cwd=ROOT,
                        capture_output=True,
                        text=True,
                        stdin=subprocess.DEVNULL,
                        timeout=60,
                    )
                    code, out, err = done.returncode, done.stdout, done.stderr
                name = command[0] if command else "(terminal app)"
                check_refusal(report, case, name, code, out, err, before, snapshot(root))
    report.examples = {name: line.replace(str(base), "…") for name, line in report.examples.items()}
    return report


def _run_cli_here(argv: list[str]) -> tuple[int, str, str]:
    import traceback

    import tui.app
    from tui.cli import main

    def no_app(*args: object, **kwargs: object) -> object:
        raise AssertionError("the terminal app started on a damaged library")

    real = tui.app.make_app
    tui.app.make_app = no_app  # type: ignore[assignment]
    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(argv)
            except BaseException:  # noqa: BLE001 - a crash is what this counts
                traceback.print_exc()
                code = -1
    finally:
        tui.app.make_app = real
    return code, out.getvalue(), err.getvalue()


# --- the command ---------------------------------------------------------------------------

FULL = {"kills": 200, "torn": 1000, "disk": 30, "rivals": 300}
QUICK = {"kills": 8, "torn": 60, "disk": 6, "rivals": 40}
# Batch sizes for the rival importers: with the quick size, small batches make
# the two processes take turns, as the full size does with the real batch size.
RIVAL_BATCH = {"full": 50, "quick": 10}


def main(argv: list[str] | None = None) -> int:
    """Run every experiment and print its figures; exit 1 if any found a problem."""
    parser = argparse.ArgumentParser(prog="python -m evaluation.reliability", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="the small versions the tests run")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument(
        "--only",
        choices=["kills", "torn", "disk", "rivals", "corrupt"],
        action="append",
        help="run only these experiments (repeatable)",
    )
    args = parser.parse_args(argv)
    size = QUICK if args.quick else FULL
    wanted = args.only or ["kills", "torn", "disk", "rivals", "corrupt"]
    experiments: dict[str, Callable[[], Any]] = {
        "kills": lambda: kill_importers(size["kills"], seed=args.seed),
        "torn": lambda: torn_writes(size["torn"], seed=args.seed),
        "disk": lambda: full_disk(size["disk"], seed=args.seed),
        "rivals": lambda: rival_importers(
            size["rivals"], batch=RIVAL_BATCH["quick" if args.quick else "full"]
        ),
        "corrupt": lambda: damaged_catalogs(in_process=args.quick),
    }
    problems = 0
    command = "python -m evaluation.reliability" + (" --quick" if args.quick else "")
    print(f"$ {command}  (seed {args.seed})", flush=True)
    for name in wanted:
        report = experiments[name]()
        problems += report.problems
        for line in report.lines():
            print(line, flush=True)
    print(f"problems found: {problems}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
