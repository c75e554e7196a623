"""Files that survive crashes: atomic JSON writes and the catalog's TinyDB storage.

Nothing here rewrites a file in place. A write goes to a temporary file in the
same folder, is flushed to disk, and then renamed over the old file, so a
reader (or a crash) sees either the old content or the new, never a mix. The
catalog also keeps the previous good copy as ``catalog.json.bak``.

A file that does not parse is reported, never repaired or replaced: the
errors name the file and the backup to restore it from.
"""

from __future__ import annotations

import errno
import json
import os
import re
import secrets
import shlex
import shutil
import sys
import tempfile
from collections.abc import Collection
from itertools import repeat
from operator import itemgetter
from pathlib import Path
from typing import Any

from filelock import BaseFileLock
from tinydb.middlewares import CachingMiddleware
from tinydb.storages import Storage

from analysis.ingest.sanitize import clean_field
from store.errors import StoreCorrupt, StoreError, StoreTooNew

#: The catalog layout this code reads and writes. Bump it (and teach
#: :func:`check_catalog` to upgrade older ones) when the layout changes.
SCHEMA_VERSION = 1

#: TinyDB table and document that hold the schema version and other settings.
META_TABLE = "meta"
META_DOC_ID = 1

#: The catalog table of article rows, and what each field of a row must hold. The
#: library trusts rows that pass (an id names a file), so a row that would
#: make it fail later is refused when the catalog is read.
ARTICLES_TABLE = "articles"
_TEXT = (str,)
_OPTIONAL_TEXT = (str, type(None))
ROW_TYPES: dict[str, tuple[type, ...]] = {
    "id": _TEXT,
    "title": _TEXT,
    "outlet": _OPTIONAL_TEXT,
    "published": _OPTIONAL_TEXT,
    "source": _TEXT,
    "url": _OPTIONAL_TEXT,
    "byline": _OPTIONAL_TEXT,
    "words": (int,),
    "version": (int,),
    "lineage": _TEXT,
    "imported_at": _TEXT,
    "story": _OPTIONAL_TEXT,
}
_ROW_VALUES = itemgetter(*ROW_TYPES)
_ID_AT, _VERSION_AT = list(ROW_TYPES).index("id"), list(ROW_TYPES).index("version")
_HEX = "0123456789abcdef"
# The exact types JSON gives for each field's allowed types (bool is an int, as for isinstance).
_COLUMN_TYPES = {
    name: {*types, bool} if int in types else set(types) for name, types in ROW_TYPES.items()
}
_HEX_BYTES = _HEX.encode("ascii")
_PRINTABLE_ASCII = bytes(range(0x20, 0x7F))
_JSON_ESCAPE = re.compile(rb"\\.", re.DOTALL)
_PRINTABLE_ESCAPES = {b'\\"', b"\\\\", b"\\/"}

Tables = dict[str, dict[str, Any]]
Columns = dict[str, list[Any]]


def backup_path(path: Path) -> Path:
    """Where the previous good copy of ``path`` is kept."""
    return path.with_name(path.name + ".bak")


def is_temporary(name: str, target: str) -> bool:
    """Whether ``name`` is a temporary file that :func:`write_atomic` makes for ``target``."""
    return name.startswith(f".{target}.") and name.endswith(".tmp")


def encode_json(data: Any) -> bytes:
    """Serialise ``data`` as compact UTF-8 JSON.

    Text that is not valid Unicode (a lone surrogate from a badly decoded file)
    cannot be encoded as UTF-8; it falls back to ASCII escapes, which JSON can
    always carry, rather than refusing the write.
    """
    try:
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(data, separators=(",", ":")).encode("ascii")


def parse_json_object(raw: bytes) -> dict[str, Any]:
    """Parse ``raw`` as a UTF-8 JSON object, or raise ValueError saying why not, in a few words."""
    if not raw.strip():
        raise ValueError("the file is empty")
    if b"\x00" in raw:
        raise ValueError("it contains NUL bytes, as a disk error or an interrupted copy leaves")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ValueError(f"it is not UTF-8 text: bad byte at offset {error.start}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        if error.msg == "Extra data":
            where = f"line {error.lineno}, column {error.colno}"
            raise ValueError(f"unexpected data after the end of the JSON at {where}") from None
        # A string left open runs to the end of the text: that is a truncation too.
        if error.pos >= len(text.rstrip()) or error.msg.startswith("Unterminated string"):
            raise ValueError(f"the JSON is truncated after {len(raw)} bytes") from None
        where = f"line {error.lineno}, column {error.colno}"
        raise ValueError(f"invalid JSON: {error.msg} at {where}") from None
    if not isinstance(data, dict):
        kind = {list: "an array", str: "a string", bool: "true or false"}.get(
            type(data), "a number"
        )
        raise ValueError(f"it holds {'null' if data is None else kind}, not a JSON object")
    return data


def check_catalog(data: dict[str, Any], path: Path, *, clean: bool = True) -> Tables:
    """Check that ``data`` is a catalog this code can read, and return it.

    Raises :class:`StoreTooNew` for a newer schema and :class:`StoreCorrupt`
    for anything that is not a claimdiff catalog (TinyDB's layout is a dict of
    tables, each a dict of documents keyed by id). Control characters in the
    article rows' text are removed in place, unless ``clean`` is false because
    the caller knows there are none (see :func:`may_hold_unprintable`).
    """
    return _check_catalog(data, path, clean=clean)[0]


def _check_catalog(
    data: dict[str, Any], path: Path, *, clean: bool
) -> tuple[Tables, Columns | None]:
    """:func:`check_catalog`, also giving the article rows' fields as columns when
    checking them made those (the listing needs them too)."""
    for name, table in data.items():
        if not isinstance(table, dict) or not all(map(isinstance, table.values(), repeat(dict))):
            raise corrupt_catalog(path, f"its table {name!r} is not a table of documents")
        # Every id is a non-empty run of ASCII digits: so are all of them joined.
        ids = "".join(table)
        if table and not (all(table) and ids.isdigit() and ids.isascii()):
            raise corrupt_catalog(path, f"its table {name!r} has a document id that is no number")
    rows = data.get(ARTICLES_TABLE, {})
    columns = _sound_columns(rows.values())
    if columns is None:
        for key, row in rows.items():
            if not _row_is_sound(row):
                raise corrupt_catalog(path, f"its article row {key} {_row_problem(row)}")
    if clean:
        columns = None  # the rows may change
        for row in rows.values():
            _clean_row(row)
    meta = data.get(META_TABLE, {}).get(str(META_DOC_ID), {})
    version = meta.get("schema")
    if not isinstance(version, int) or isinstance(version, bool):
        raise corrupt_catalog(path, "it has no schema version, so it is not a claimdiff catalog")
    if version > SCHEMA_VERSION:
        raise StoreTooNew(path, version, SCHEMA_VERSION)
    return data, columns


def _clean_row(row: dict[str, Any]) -> None:
    """Strip control characters a hand-edited catalog smuggled into a row's text fields.

    claimdiff never writes them (metadata is cleaned at import), so this is
    a cheap printable check per field, and a repair only for tampered rows:
    nothing read from disk may reach the terminal as an escape sequence.
    """
    for name, value in row.items():
        if isinstance(value, str) and not value.isprintable():
            row[name] = clean_field(value)


def _sound_columns(rows: Collection[dict[str, Any]]) -> Columns | None:
    """Every field's values, in the order of ``rows``, if every row passes :func:`_row_is_sound`.

    The fast path for the common case: C-level passes over all the rows' values
    instead of a Python call per row. None only means that some row *may* be
    unsound; :func:`_row_is_sound` then decides row by row.
    """
    try:
        columns = {name: list(map(itemgetter(name), rows)) for name in ROW_TYPES}
    except KeyError:
        return None
    for name, allowed in _COLUMN_TYPES.items():
        if not set(map(type, columns[name])) <= allowed:
            return None
    identities = columns["id"]
    joined = "".join(identities)
    sound = (
        set(map(len, identities)) <= {64}
        and joined.isascii()
        and not joined.encode("ascii").translate(None, _HEX_BYTES)
        and min(columns["version"], default=1) >= 1
    )
    return columns if sound else None


def _row_is_sound(row: dict[str, Any]) -> bool:
    """Whether an article row holds every field with the right type.

    The check row by row, for catalogs that :func:`_sound_columns` could not
    pass whole: it finds the first row at fault.
    """
    try:
        values = _ROW_VALUES(row)
    except KeyError:
        return False
    identity = values[_ID_AT]
    return (
        all(map(isinstance, values, ROW_TYPES.values()))
        and len(identity) == 64
        and not identity.strip(_HEX)
        and values[_VERSION_AT] >= 1
    )


def _row_problem(row: dict[str, Any]) -> str:
    """What is wrong with an article row that :func:`_row_is_sound` refused, in a few words."""
    for name, types in ROW_TYPES.items():
        if name not in row:
            return f"has no {name!r}"
        if not isinstance(row[name], types):
            return f"has {name!r} of type {type(row[name]).__name__}"
    if row["version"] < 1:
        return "has a version below 1"
    return "has an id that is not 64 hex digits"


def read_catalog_bytes(raw: bytes, path: Path) -> Tables:
    """Parse and check the bytes of the catalog at ``path``."""
    return read_catalog(raw, path)[0]


def read_catalog(raw: bytes, path: Path) -> tuple[Tables, Columns | None]:
    """Parse and check the bytes of the catalog at ``path``; also the article rows' fields
    as columns (each a list of values in the order of the rows) when checking made them."""
    try:
        data = parse_json_object(raw)
    except ValueError as error:
        raise corrupt_catalog(path, str(error)) from None
    return _check_catalog(data, path, clean=may_hold_unprintable(raw))


def may_hold_unprintable(raw: bytes) -> bool:
    """Whether some string in the JSON ``raw`` (valid UTF-8) may hold a character that is
    not printable; False means that none does.

    Such a character is either in the bytes as it is, or written as an escape
    (``\\u001b``, ``\\n``). Deleting every printable ASCII byte leaves the
    others (multi-byte characters stay whole, being made of bytes above 127),
    a few hundred bytes for a catalog of thousands of rows: checking those is
    much cheaper than checking every field of every row.
    """
    if not raw.translate(None, _PRINTABLE_ASCII).decode("utf-8").isprintable():
        return True
    # Read left to right, as JSON does, each backslash starts an escape of two
    # characters (\uXXXX goes on with hex digits, never a backslash).
    return b"\\" in raw and not set(_JSON_ESCAPE.findall(raw)) <= _PRINTABLE_ESCAPES


def corrupt_catalog(path: Path, reason: str) -> StoreCorrupt:
    """The error for an unreadable catalog, telling whether its backup can replace it."""
    backup = backup_path(path)
    try:
        read_catalog_bytes(backup.read_bytes(), backup)
    except FileNotFoundError:
        problem = f"there is no backup ({backup} does not exist)"
    except (OSError, StoreError):
        problem = f"its backup {backup} is unreadable too"
    else:
        restore = f"cp {shlex.quote(str(backup))} {shlex.quote(str(path))}"
        remedy = (
            f"nothing was changed: to restore the last good copy, copy {backup} over it ({restore})"
        )
        return StoreCorrupt(path, reason, remedy, backup)
    remedy = (
        f"nothing was changed, and {problem}: move the file aside to start an empty library, "
        "or repair it by hand"
    )
    return StoreCorrupt(path, reason, remedy)


def write_atomic(path: Path, payload: bytes, *, keep_backup: bool = False) -> None:
    """Replace ``path`` with ``payload`` so that no crash can leave it half written.

    With ``keep_backup``, the file being replaced stays available as
    :func:`backup_path`. On failure (disk full, I/O error) the old file is
    intact, no temporary file is left behind, and :class:`StoreError` says
    what went wrong. After a crash the old file is intact too; the torn
    temporary file left behind is never read.
    """
    folder = path.parent
    new_folders: list[Path] = []
    for ancestor in (folder, *folder.parents):
        if ancestor.exists():
            break
        new_folders.append(ancestor)
    temporary: Path | None = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
        temporary = Path(name)
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
            stream.flush()
            # The rename below is ordered before the data reaches the disk unless
            # we wait here: after a power cut the new name could point at an
            # empty file. fsync makes the data durable first.
            os.fsync(stream.fileno())
        if keep_backup and path.exists():
            _keep_backup(path)
        os.replace(temporary, path)
        temporary = None
    except OSError as error:
        reason = _describe(error)
        raise StoreError(f"could not write {path}: {reason}; nothing was changed") from error
    finally:
        if temporary is not None:
            temporary.unlink(missing_ok=True)
    try:
        # The rename is recorded in the folder (and a new folder in its parent):
        # sync them so that they are durable too.
        for changed in {folder, *(new.parent for new in new_folders)}:
            _fsync_folder(changed)
    except OSError as error:
        raise StoreError(
            f"wrote {path} but could not sync its folder: {_describe(error)}"
        ) from error


def _describe(error: OSError) -> str:
    return error.strerror or errno.errorcode.get(error.errno or 0, "") or str(error)


def _keep_backup(path: Path) -> None:
    """Make :func:`backup_path` a copy of ``path`` in one atomic step."""
    backup = backup_path(path)
    temporary = backup.with_name(f".{backup.name}.{secrets.token_hex(8)}.tmp")
    try:
        try:
            # Files are only ever replaced, never changed in place, so a hard
            # link is a faithful copy that costs nothing.
            os.link(path, temporary)
        except OSError:
            # Some file systems (FAT, some network mounts) have no hard links.
            shutil.copyfile(path, temporary)
        os.replace(temporary, backup)
    finally:
        temporary.unlink(missing_ok=True)


def _fsync_folder(folder: Path) -> None:
    if sys.platform == "win32":  # folders cannot be opened, and renames are synced by NTFS
        return
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


class AtomicJSONStorage(Storage):
    """TinyDB storage for the catalog: one JSON file, replaced atomically, written under a lock.

    Like TinyDB's ``JSONStorage`` it only reads and writes, but ``read``
    refuses a file that does not parse or was written by a newer schema
    (instead of starting over with an empty database), and ``write`` never
    touches the old file until the new one is complete on disk.

    ``write`` requires ``lock`` to be held: a writer must hold it from the read
    its changes are based on to the write, or it could overwrite another
    process's changes it never saw.
    """

    def __init__(self, path: str, *, lock: BaseFileLock, allow_missing: bool = False) -> None:
        """``allow_missing``: read a missing file as an empty database (only when creating one)."""
        super().__init__()
        self.path = Path(path)
        self._lock = lock
        self._allow_missing = allow_missing

    def read(self) -> Tables | None:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            if self._allow_missing:
                return None
            raise StoreError(f"the library catalog {self.path} has disappeared") from None
        except OSError as error:
            raise StoreError(f"could not read {self.path}: {error.strerror}") from error
        return read_catalog_bytes(raw, self.path)

    def write(self, data: Tables) -> None:
        if not self._lock.is_locked:
            raise RuntimeError(f"{self.path} written without holding {self._lock.lock_file}")
        write_atomic(self.path, encode_json(data), keep_backup=True)


class TransactionCache(CachingMiddleware):
    """Reads the catalog once per transaction and writes it once, on :meth:`flush`.

    TinyDB re-reads and rewrites its storage on every operation; inside a
    transaction (lock held, so nobody else can change the file) that would
    only cost time. Nothing is written before the transaction commits, so
    discarding the instance rolls the transaction back.
    """

    WRITE_CACHE_SIZE = sys.maxsize
