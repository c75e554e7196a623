"""The article library: a small catalog and content-addressed files beside it.

A library is a folder::

    catalog.json            TinyDB: one metadata row per stored article version
                            ("articles") and the schema version and settings ("meta")
    catalog.json.bak        the catalog as it was before its last change
    catalog.json.lock       held by whoever changes the catalog
    docs/ab/<id>.json       an Article (text and blocks) named by its content hash
    analysis/ab/<id>@<version>.json   analysis results for one article and analyzer version
    cache/<kind>/ab/<sha256 of key>.json   other derived data (alignments, ...)

Opening and listing read only the catalog, whose rows are small, so a library
of thousands of articles opens as fast as its catalog parses. Article files
never change once written (their name is their content's hash) and derived
data can always be recomputed, so only the catalog needs a backup.

Identity: an article's id is :func:`article_id` of its text. Articles with
the same *lineage* (their URL, or their source path when there is no URL) are
versions of one another: importing changed text from the same place stores a
new version, numbered one above the highest stored version of that lineage.
"""

from __future__ import annotations

import gc
import hashlib
import os
import re
import threading
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, date, datetime
from itertools import compress, count, islice
from operator import eq, itemgetter
from pathlib import Path
from typing import Any, Literal, cast

from filelock import FileLock, Timeout
from tinydb import TinyDB
from tinydb.table import Document

from analysis.ingest.sanitize import clean_field
from analysis.model import Article, ArticleSummary, article_id
from store.errors import AmbiguousArticle, StoreCorrupt, StoreError, StoreLocked, UnknownArticle
from store.storage import (
    META_DOC_ID,
    META_TABLE,
    SCHEMA_VERSION,
    AtomicJSONStorage,
    Columns,
    Tables,
    TransactionCache,
    backup_path,
    corrupt_catalog,
    encode_json,
    is_temporary,
    parse_json_object,
    read_catalog,
    write_atomic,
)

ARTICLES = "articles"
CATALOG_NAME = "catalog.json"

#: The catalog fields of an article version: everything the library table shows.
ROW_FIELDS = (
    "id",
    "title",
    "outlet",
    "published",
    "source",
    "url",
    "byline",
    "words",
    "version",
    "lineage",
    "imported_at",
    "story",
)

AddStatus = Literal["added", "unchanged", "new_version"]

_ARTICLE_ID = re.compile(r"[0-9a-f]{64}")
# Analyzer versions and cache kinds become file names: keep them plain.
_FILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def lineage_of(article: Article) -> str:
    """What makes two texts versions of one article: the URL, else the source, else the id."""
    return article.url or article.source or article.id


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while reading or listing a catalog.

    Both make tens of thousands of containers (rows, summaries) that all stay
    alive; the collector would walk them again and again as they are made,
    finding nothing (a good share of the time it takes for 10,000 articles).
    Textual pauses it the same way during animations. Another thread's pause
    may end while this one goes on: the collector then merely runs.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@dataclass(frozen=True, slots=True)
class AddResult:
    """What :meth:`Library.add_article` did, and the article as stored."""

    status: AddStatus
    article: Article


class Library:
    """A folder of articles, safe to use from several threads and processes at once.

    Reads need no lock: files are replaced atomically, so a reader sees a
    whole old file or a whole new one. Every change runs in a
    :meth:`transaction`, which holds the library's lock from the read its
    change is based on to the write, so no process loses another's changes.
    """

    def __init__(self, root: Path, *, read_only: bool = False, lock_timeout: float = 30.0) -> None:
        """Use :meth:`open`, which also checks (or creates) the catalog."""
        self.root = root
        self.read_only = read_only
        self.catalog_path = root / CATALOG_NAME
        self.backup_path = backup_path(self.catalog_path)
        self.lock_path = root / f"{CATALOG_NAME}.lock"
        self._lock_timeout = lock_timeout
        self._file_lock = FileLock(self.lock_path, thread_local=False)
        self._thread_lock = threading.RLock()
        self._db: TinyDB | None = None
        self._owner: int | None = None
        self._after_commit: list[Callable[[], None]] = []
        self._snapshot: _Snapshot | None = None

    # --- opening and transactions ---------------------------------------------

    @classmethod
    def open(
        cls,
        path: Path,
        *,
        create: bool = True,
        read_only: bool = False,
        lock_timeout: float = 30.0,
    ) -> Library:
        """Open the library in folder ``path``, creating it if it is missing and ``create`` is set.

        Raises :class:`StoreCorrupt` or :class:`StoreTooNew` for a catalog it
        cannot read (which it leaves untouched), :class:`StoreError` when there
        is no library and it may not create one. With ``read_only``, nothing is
        ever written. ``lock_timeout``: seconds a change waits for another
        process's change before raising :class:`StoreLocked`.
        """
        root = Path(path)
        library = cls(root, read_only=read_only, lock_timeout=lock_timeout)
        if library.catalog_path.exists():
            library._tables()
            return library
        if root.exists() and not root.is_dir():
            raise StoreError(f"{root} is a file, not a library folder")
        if library.backup_path.exists():
            # Writes never remove the catalog; a lone backup means something
            # else did, and an empty library must not silently take its place.
            raise corrupt_catalog(library.catalog_path, "the file is missing")
        if read_only or not create:
            raise StoreError(f"there is no claimdiff library in {root}")
        try:
            root.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreError(
                f"could not create the library folder {root}: {error.strerror}"
            ) from None
        with library._transaction(creating=True) as db:
            meta = db.table(META_TABLE)
            if meta.get(doc_id=META_DOC_ID) is None:  # another process may have just created it
                document = {"schema": SCHEMA_VERSION, "created_at": _now()}
                meta.insert(Document(document, doc_id=META_DOC_ID))
        return library

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Hold the library's lock for several changes, and commit them as one.

        The catalog is read once, at the first access, and written once, when
        the outermost transaction ends; an exception escaping it discards
        every change to the catalog (files already written stay as harmless
        orphans). Transactions nest: an inner one joins the outer one. Other
        threads and processes wait for the lock (then :class:`StoreLocked`)
        and, until the commit, read the catalog as it was.
        """
        with self._transaction():
            yield

    @contextmanager
    def _transaction(self, *, creating: bool = False) -> Iterator[TinyDB]:
        self._require_writable()
        with self._thread_lock:
            if self._db is not None:
                yield self._db
                return
            try:
                self._file_lock.acquire(timeout=self._lock_timeout, poll_interval=0.001)
            except Timeout:
                raise StoreLocked(self.lock_path, self._lock_timeout) from None
            except OSError as error:
                raise StoreError(f"could not lock {self.lock_path}: {error.strerror}") from None
            try:
                self._remove_torn_temporaries()
                # A fresh TinyDB for each transaction: TinyDB keeps state between
                # operations (the next document id, query caches) that another
                # process's changes would have made stale.
                db = TinyDB(
                    str(self.catalog_path),
                    storage=TransactionCache(AtomicJSONStorage),
                    lock=self._file_lock,
                    allow_missing=creating,
                )
                self._db, self._owner = db, threading.get_ident()
                try:
                    yield db
                    cast(TransactionCache, db.storage).flush()
                    for action in self._after_commit:
                        action()
                finally:
                    self._db, self._owner = None, None
                    self._after_commit.clear()
            finally:
                self._file_lock.release()

    def _require_writable(self) -> None:
        if self.read_only:
            raise StoreError(f"the library {self.root} was opened read-only")

    def _remove_torn_temporaries(self) -> None:
        """Delete catalog temporaries that a killed writer left behind.

        Only a lock holder writes catalog temporaries, and we hold the lock,
        so any that exist belong to a writer that died.
        """
        with os.scandir(self.root) as entries:
            for entry in entries:
                if is_temporary(entry.name, CATALOG_NAME):
                    Path(entry.path).unlink(missing_ok=True)

    def _in_transaction(self) -> bool:
        return self._db is not None and self._owner == threading.get_ident()

    def _tables(self) -> Tables:
        """The catalog: this thread's transaction's copy, else the file as it is now."""
        if self._db is not None and self._in_transaction():
            return self._db.storage.read() or {}
        return self._read_snapshot().tables

    def _read_snapshot(self) -> _Snapshot:
        """The catalog file as it is now, parsed only if it changed since the last read."""
        try:
            with open(self.catalog_path, "rb") as stream:
                # Files are replaced, never changed in place: the same inode,
                # size and times mean the same content.
                stat = os.fstat(stream.fileno())
                key = (stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)
                if self._snapshot is not None and self._snapshot.key == key:
                    return self._snapshot
                raw = stream.read()
        except FileNotFoundError:
            raise StoreError(f"the library catalog {self.catalog_path} has disappeared") from None
        except OSError as error:
            raise StoreError(f"could not read {self.catalog_path}: {error.strerror}") from None
        with _collector_paused():
            tables, columns = read_catalog(raw, self.catalog_path)
        self._snapshot = _Snapshot(key, tables, tables.get(ARTICLES, {}), columns)
        return self._snapshot

    def _rows(self) -> dict[str, dict[str, Any]]:
        """Catalog rows by TinyDB document id. Callers must not change them."""
        return self._tables().get(ARTICLES, {})

    def _find(self, article_id: str) -> tuple[int, dict[str, Any]]:
        for doc_id, row in self._rows().items():
            if row["id"] == article_id:
                return int(doc_id), row
        raise UnknownArticle(article_id)

    # --- articles -------------------------------------------------------------

    def add_article(self, article: Article) -> AddResult:
        """Store ``article`` unless its text is already stored.

        ``article.id`` must be :func:`article_id` of its text. Returns status
        ``"unchanged"`` (this text is stored already, maybe from another
        source: nothing changes), ``"new_version"`` (other texts of the same
        lineage are stored: this one gets the next version number) or
        ``"added"``, with the article as stored (``version``, ``versions`` and
        ``imported_at``, the current UTC time, filled in). The text is on disk
        before the catalog row that lists it, so an import reported done is
        never lost (inside a :meth:`transaction`: once that commits).

        Each call rewrites the catalog; to import many files, call it inside
        one :meth:`transaction`, which writes the catalog once.
        """
        if article.id != article_id(article.text):
            raise ValueError(f"article id {article.id!r} is not the hash of its text")
        lineage = lineage_of(article)
        with self._transaction() as db:
            rows = self._rows()
            same = [row for row in rows.values() if row["lineage"] == lineage]
            existing = next((row for row in rows.values() if row["id"] == article.id), None)
            if existing is not None:
                try:
                    stored = self._load(existing)
                except StoreCorrupt:
                    # Same hash, same text: re-importing repairs a lost or damaged file.
                    self._write_document(article)
                    stored = self._load(existing)
                return AddResult("unchanged", stored)
            stored = replace(
                article,
                version=max((row["version"] for row in same), default=0) + 1,
                versions=len(same) + 1,
                imported_at=_now(),
            )
            self._write_document(stored)
            db.table(ARTICLES).insert(_row(stored, lineage))
        return AddResult("new_version" if same else "added", stored)

    def list_articles(self, *, all_versions: bool = False) -> list[ArticleSummary]:
        """The latest version of each article (every version with ``all_versions``).

        Ordered newest publication first (articles without a date last), then
        by title, then newest version first. Reads only the catalog, and only
        when it has changed since the last call.
        """
        if self._in_transaction():
            return self._list(self._rows(), all_versions)
        snapshot = self._read_snapshot()
        listed = snapshot.listings.get(all_versions)
        if listed is None:
            listed = self._list(snapshot.rows, all_versions, snapshot.columns)
            snapshot.listings[all_versions] = listed
        return list(listed)

    @staticmethod
    @_collector_paused()
    def _list(
        rows: dict[str, dict[str, Any]], all_versions: bool, columns: Columns | None = None
    ) -> list[ArticleSummary]:
        """The summaries of ``rows`` in listing order; ``columns`` are their fields, if
        already at hand (as checking the catalog leaves them)."""
        if columns is None:
            columns = _columns(rows.values())
        counts = Counter(columns["lineage"])
        if not all_versions and len(counts) < len(rows):
            latest: dict[str, dict[str, Any]] = {}
            for row in rows.values():
                best = latest.setdefault(row["lineage"], row)
                if row["version"] > best["version"]:
                    latest[row["lineage"]] = row
            columns = _columns(latest.values())
        # Positions are sorted, not rows: the rows are read in the order they
        # were parsed, which is how they lie in memory (it matters for
        # thousands). By title first: comparing plain strings is much cheaper
        # than comparing (title, version, id) tuples, which only the few
        # articles sharing a title need. Then by date, a stable sort.
        titles = list(map(str.casefold, columns["title"]))
        order = sorted(range(len(titles)), key=titles.__getitem__)
        ranked = list(map(titles.__getitem__, order))
        versions, ids = columns["version"], columns["id"]
        for first, last in _runs(compress(count(1), map(eq, ranked, islice(ranked, 1, None)))):
            order[first:last] = sorted(order[first:last], key=lambda i: (-versions[i], ids[i]))
        dates = [published or "" for published in columns["published"]]
        order.sort(key=dates.__getitem__, reverse=True)
        return list(map(_summaries(columns, counts).__getitem__, order))

    def get_article(self, article_id: str) -> Article:
        """The stored article with this (full) id; :class:`UnknownArticle` if there is none."""
        _, row = self._find(article_id)
        return self._load(row)

    def get_text(self, article_id: str) -> str:
        """The clean text of the article with this id, alone (to search it); "" if unreadable.

        Lighter than :meth:`get_article`, which also counts versions and checks
        the text against its id: searching reads every article.
        """
        try:
            data = parse_json_object(self._document_path(article_id).read_bytes())
        except (OSError, ValueError):
            return ""
        text = data.get("text")
        return text if isinstance(text, str) else ""

    def resolve_id(self, prefix: str) -> str:
        """The full id of the one stored article (of any version) whose id starts with ``prefix``.

        Case and surrounding blanks are ignored; an empty prefix matches every
        article. Raises :class:`UnknownArticle` when none does and
        :class:`AmbiguousArticle` (with every candidate) when several do.
        """
        key = prefix.strip().lower()
        rows = self._rows().values()
        matches = [row for row in rows if row["id"].startswith(key)]
        if len(matches) == 1:
            return str(matches[0]["id"])
        if not matches:
            raise UnknownArticle(prefix)
        counts = Counter(row["lineage"] for row in rows)
        matches.sort(key=lambda row: row["id"])
        raise AmbiguousArticle(prefix, [_summary(row, counts[row["lineage"]]) for row in matches])

    def versions(self, article_id: str) -> list[ArticleSummary]:
        """Every stored version of the article with this id, oldest first."""
        _, row = self._find(article_id)
        same = [other for other in self._rows().values() if other["lineage"] == row["lineage"]]
        same.sort(key=lambda other: other["version"])
        return [_summary(other, len(same)) for other in same]

    def remove_article(self, article_id: str) -> ArticleSummary:
        """Remove one version of an article, with its text and analysis results.

        Other versions stay, keep their numbers, and the newest remaining one
        is listed in its place; a later import of changed text is numbered
        one above the highest remaining version. Returns the removed
        version's summary as it was (``versions`` counts it).
        """
        with self._transaction() as db:
            doc_id, row = self._find(article_id)
            count = sum(1 for other in self._rows().values() if other["lineage"] == row["lineage"])
            removed = _summary(row, count)
            db.table(ARTICLES).remove(doc_ids=[doc_id])
            # Files go only once the catalog no longer lists them, and while we
            # still hold the lock, so a concurrent re-import cannot lose its file.
            self._after_commit.append(lambda: self._delete_files(article_id))
        return removed

    def update_metadata(
        self,
        article_id: str,
        *,
        title: str | None = None,
        outlet: str | None = None,
        published: str | None = None,
    ) -> Article:
        """Correct one version's title, outlet or publication date; ``None`` leaves a field be.

        An empty ``outlet`` or ``published`` clears it; ``published`` is a
        date written YYYY-MM-DD. The article's text file is not changed: the
        catalog's metadata wins over it. Returns the updated article.
        """
        fields: dict[str, Any] = {}
        if title is not None:
            fields["title"] = clean_field(title)
            if not fields["title"]:
                raise ValueError("an article's title cannot be empty")
        if outlet is not None:
            fields["outlet"] = clean_field(outlet) or None
        if published is not None:
            fields["published"] = _check_date(published.strip()) or None
        with self._transaction() as db:
            doc_id, _ = self._find(article_id)
            if fields:
                db.table(ARTICLES).update(fields, doc_ids=[doc_id])
            _, row = self._find(article_id)
            return self._load(row)

    def set_stories(self, assignments: dict[str, str]) -> None:
        """Record which story each article (by full id) belongs to; unknown ids are skipped."""
        if not assignments:
            return
        with self._transaction() as db:
            table = db.table(ARTICLES)
            for doc_id, row in self._rows().items():
                story = assignments.get(row["id"])
                if story is not None and row.get("story") != story:
                    table.update({"story": story}, doc_ids=[int(doc_id)])

    def _load(self, row: dict[str, Any]) -> Article:
        """The article for a catalog row: its file's text and blocks, the row's metadata."""
        path = self._document_path(row["id"])
        remedy = f"import the article again from {row['source'] or 'its source'} to rewrite it"
        try:
            data = parse_json_object(path.read_bytes())
            if data.get("id") != row["id"]:
                raise ValueError(f"it holds article {str(data.get('id'))[:12]}")
            text = data.get("text")
            # A file changed by hand or by a disk error: its offsets no longer fit.
            if not isinstance(text, str) or article_id(text) != row["id"]:
                raise ValueError("its text does not match its id")
            count = sum(1 for other in self._rows().values() if other["lineage"] == row["lineage"])
            return Article.from_dict({**data, **row, "versions": count})
        except FileNotFoundError:
            raise StoreCorrupt(path, "the file is missing", remedy) from None
        except OSError as error:
            raise StoreError(f"could not read {path}: {error.strerror}") from None
        except (ValueError, KeyError, TypeError) as error:
            raise StoreCorrupt(path, str(error), remedy) from None

    def _write_document(self, article: Article) -> None:
        write_atomic(self._document_path(article.id), encode_json(article.to_dict()))

    def _delete_files(self, article_id: str) -> None:
        if any(row["id"] == article_id for row in self._rows().values()):
            return  # removed and imported again in the same transaction: keep its files
        paths = [self._document_path(article_id)]
        analysis = self._analysis_folder(article_id)
        if analysis.is_dir():
            paths += analysis.glob(f"{article_id}@*.json")
        for path in paths:
            # An orphan file is harmless; the catalog change is what matters.
            with suppress(OSError):
                path.unlink(missing_ok=True)

    def _document_path(self, article_id: str) -> Path:
        return self.root / "docs" / article_id[:2] / f"{_check_id(article_id)}.json"

    def _analysis_folder(self, article_id: str) -> Path:
        return self.root / "analysis" / article_id[:2]

    # --- settings -------------------------------------------------------------

    def get_meta(self, key: str, default: Any = None) -> Any:
        """A library setting (JSON value) stored in the catalog, or ``default``."""
        meta = self._tables().get(META_TABLE, {}).get(str(META_DOC_ID), {})
        return meta.get(key, default)

    def set_meta(self, key: str, value: Any) -> None:
        """Store a library setting; ``value`` must be JSON-serialisable."""
        if key == "schema":
            raise ValueError("the schema version is not a setting")
        encode_json(value)  # fail here, before the transaction, if it cannot be stored
        with self._transaction() as db:
            db.table(META_TABLE).update({key: value}, doc_ids=[META_DOC_ID])

    @property
    def is_seeded(self) -> bool:
        """Whether the bundled sample was ever added (still true once its articles are removed)."""
        return bool(self.get_meta("seeded", False))

    def mark_seeded(self) -> None:
        """Record that the bundled sample has been added, so it is never added again."""
        self.set_meta("seeded", True)

    # --- derived data ---------------------------------------------------------

    def put_analysis(self, article_id: str, version: str, data: dict[str, Any]) -> None:
        """Store analysis results for an article, as computed by analyzer ``version``.

        Needs no lock: the file is written atomically and is the same whoever
        computes it. The catalog is not checked (that would read it for every
        result); results for an unknown id are simply never asked for.
        """
        self._require_writable()
        write_atomic(self._analysis_path(article_id, version), encode_json(data))

    def get_analysis(self, article_id: str, version: str) -> dict[str, Any] | None:
        """The results ``put_analysis`` stored for this article and version, else ``None``.

        A damaged file also gives ``None``: results can be computed again.
        """
        return _read_derived(self._analysis_path(article_id, version))

    def has_analysis(self, article_id: str, version: str) -> bool:
        """Whether results of analyzer ``version`` are stored for this article (no parsing)."""
        return self._analysis_path(article_id, version).is_file()

    def has_any_analysis(self, article_id: str) -> bool:
        """Whether results of any analyzer version are stored for this article."""
        folder = self._analysis_folder(article_id)
        return folder.is_dir() and any(folder.glob(f"{_check_id(article_id)}@*.json"))

    def put_cached(self, kind: str, key: str, data: Any) -> None:
        """Store derived data of a ``kind`` (e.g. "alignment") under any string ``key``."""
        self._require_writable()
        write_atomic(self._cache_path(kind, key), encode_json({"key": key, "data": data}))

    def get_cached(self, kind: str, key: str) -> Any:
        """What ``put_cached`` stored for this kind and key, or ``None`` (also if damaged)."""
        entry = _read_derived(self._cache_path(kind, key))
        return entry.get("data") if entry is not None and entry.get("key") == key else None

    def _analysis_path(self, article_id: str, version: str) -> Path:
        name = f"{_check_id(article_id)}@{_check_name(version, 'analyzer version')}.json"
        return self._analysis_folder(article_id) / name

    def _cache_path(self, kind: str, key: str) -> Path:
        digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()
        return self.root / "cache" / _check_name(kind, "cache kind") / digest[:2] / f"{digest}.json"


def _row(article: Article, lineage: str) -> dict[str, Any]:
    row = {name: getattr(article, name, None) for name in ROW_FIELDS}
    row["lineage"] = lineage
    return row


@dataclass(slots=True)
class _Snapshot:
    """The catalog as last read outside a transaction, and listings made from it."""

    key: tuple[int, ...]
    tables: Tables
    rows: dict[str, dict[str, Any]]
    columns: Columns | None  # the rows' fields, as checking the catalog left them
    listings: dict[bool, list[ArticleSummary]] = field(default_factory=dict)


def _summary(row: dict[str, Any], versions: int) -> ArticleSummary:
    # Rows are written by _row, so every field is there; no from_dict defaults
    # are needed, and skipping them matters when listing thousands of rows.
    return ArticleSummary(
        id=row["id"],
        title=row["title"],
        outlet=row["outlet"],
        published=row["published"],
        source=row["source"],
        words=row["words"],
        version=row["version"],
        versions=versions,
        imported_at=row["imported_at"],
        byline=row["byline"],
        url=row["url"],
        story=row["story"],
    )


#: ArticleSummary's fields, each with the setter of its slot.
_SUMMARY_SLOTS = tuple(
    (f.name, getattr(ArticleSummary, f.name).__set__) for f in fields(ArticleSummary)
)


def _runs(ties: Iterable[int]) -> Iterator[tuple[int, int]]:
    """The slices ``[first, last)`` made of each run of positions ``i`` whose item is
    equal to the one at ``i - 1`` (given in increasing order), with that previous one."""
    first = last = -1
    for i in ties:
        if i != last:
            if last > first:
                yield first, last
            first = i - 1
        last = i + 1
    if last > first:
        yield first, last


def _columns(rows: Iterable[dict[str, Any]]) -> Columns:
    """Each catalog field's values, in the order of ``rows``."""
    rows = list(rows)
    return {name: list(map(itemgetter(name), rows)) for name in ROW_FIELDS}


def _summaries(columns: Columns, counts: Mapping[str, int]) -> list[ArticleSummary]:
    """The summaries of rows given as ``columns``, as :func:`_summary` makes them.

    Listing a large library is mostly making summaries, and the frozen
    dataclass's ``__init__`` costs several microseconds each. Filling each
    slot of every new (not yet shared) summary with one C-level ``map`` per
    field costs a fraction of that. Every field must be a catalog column or
    ``versions``: a new field without one fails here, loudly.
    """
    lineages = columns["lineage"]
    summaries = [object.__new__(ArticleSummary) for _ in lineages]
    for name, set_slot in _SUMMARY_SLOTS:
        values = map(counts.__getitem__, lineages) if name == "versions" else columns[name]
        deque(map(set_slot, summaries, values), maxlen=0)
    return summaries


def _read_derived(path: Path) -> dict[str, Any] | None:
    try:
        return parse_json_object(path.read_bytes())
    except FileNotFoundError:
        return None
    except ValueError:
        return None
    except OSError as error:
        raise StoreError(f"could not read {path}: {error.strerror}") from None


def _check_id(article_id: str) -> str:
    if not _ARTICLE_ID.fullmatch(article_id):
        raise ValueError(f"{article_id!r} is not an article id (64 hex digits)")
    return article_id


def _check_name(name: str, what: str) -> str:
    if not _FILE_NAME.fullmatch(name):
        raise ValueError(f"{what} {name!r} may hold only letters, digits, '.', '_' and '-'")
    return name


def _check_date(text: str) -> str:
    if text:
        try:
            if not _ISO_DATE.fullmatch(text):
                raise ValueError
            date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"a publication date is written YYYY-MM-DD, not {text!r}") from None
    return text


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
