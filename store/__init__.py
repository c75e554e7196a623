"""Persistence: the article library on disk (TinyDB catalog, atomic writes, locks).

Never imports Textual. See :mod:`store.library` for the folder layout.
"""

from store.errors import (
    AmbiguousArticle,
    StoreCorrupt,
    StoreError,
    StoreLocked,
    StoreTooNew,
    UnknownArticle,
)
from store.library import AddResult, AddStatus, Library, article_id, lineage_of
from store.storage import SCHEMA_VERSION

__all__ = [
    "SCHEMA_VERSION",
    "AddResult",
    "AddStatus",
    "AmbiguousArticle",
    "Library",
    "StoreCorrupt",
    "StoreError",
    "StoreLocked",
    "StoreTooNew",
    "UnknownArticle",
    "article_id",
    "lineage_of",
]
