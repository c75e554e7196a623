"""Errors raised by the library store.

Every error's ``str()`` is one line meant for the user: it names the file
involved and, where there is one, what to do about it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from analysis.model import ArticleSummary


class StoreError(Exception):
    """The library could not be opened, read or written."""


class StoreCorrupt(StoreError):
    """A store file is missing or does not parse; nothing was changed.

    ``remedy`` says how to recover, e.g. which ``backup`` to copy over the file.
    """

    def __init__(self, path: Path, reason: str, remedy: str, backup: Path | None = None) -> None:
        self.path = path
        self.reason = reason
        self.remedy = remedy
        self.backup = backup
        super().__init__(f"{path} is unreadable ({reason}); {remedy}")


class StoreTooNew(StoreError):
    """The catalog was written by a newer claimdiff with a schema this one cannot read."""

    def __init__(self, path: Path, found: int, supported: int) -> None:
        self.path = path
        self.found = found
        self.supported = supported
        super().__init__(
            f"{path} has schema version {found} but this claimdiff reads up to version "
            f"{supported}; upgrade claimdiff to open this library (the file was left untouched)"
        )


class StoreLocked(StoreError):
    """Another process kept the library's lock for longer than the timeout."""

    def __init__(self, lock_path: Path, timeout: float) -> None:
        self.lock_path = lock_path
        self.timeout = timeout
        super().__init__(
            f"the library is busy: another process has held {lock_path} for more than "
            f"{timeout:g} s; try again when it has finished"
        )


class UnknownArticle(StoreError, LookupError):
    """No stored article has this id (or id prefix)."""

    def __init__(self, key: str) -> None:
        self.key = key
        super().__init__(f"no article in the library has an id starting with {key!r}")


class AmbiguousArticle(StoreError, LookupError):
    """An id prefix matches several stored articles; ``candidates`` lists them all."""

    def __init__(self, prefix: str, candidates: Sequence[ArticleSummary]) -> None:
        self.prefix = prefix
        self.candidates = tuple(candidates)
        shown = ", ".join(f"{c.id[:12]} ({' '.join(c.title.split())})" for c in self.candidates[:5])
        more = f" and {len(self.candidates) - 5} more" if len(self.candidates) > 5 else ""
        super().__init__(
            f"{prefix!r} matches {len(self.candidates)} articles: {shown}{more}; "
            "type more of the id"
        )
