"""The sentence-embedding model: made once per machine from the shipped file, and faithful to it."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pytest

from analysis.nlp import embed

SENTENCES = [
    "The harbour authority said on Monday that two ferries would stop running until March.",
    "Ferry services across the bay are suspended until the spring, port officials announced.",
    "A bakery in the old town won the regional bread prize for the third year in a row.",
    "Prices of fresh vegetables rose by 4 percent in October, the statistics office reported.",
]


def _float_embeddings(texts: list[str]) -> np.ndarray:
    """The same pooling over the shipped file run as it is (float products)."""
    import onnxruntime as ort
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(embed._tokenizer_path()))
    tokenizer.enable_truncation(max_length=embed.MAX_TOKENS)
    session = ort.InferenceSession(str(embed._model_path()), providers=["CPUExecutionProvider"])
    rows = []
    for text in texts:
        e = tokenizer.encode(text)
        ids = np.array([e.ids], dtype=np.int64)
        mask = np.array([e.attention_mask], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        hidden = session.run(["last_hidden_state"], feeds)[0][0]
        pooled = (hidden * mask[0][:, None]).sum(axis=0) / mask.sum()
        rows.append(pooled / np.linalg.norm(pooled))
    return np.array(rows)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    where = tmp_path / "cache"
    monkeypatch.setenv("CLAIMDIFF_CACHE", str(where))
    return where


def test_quantised_embeddings_stay_close_to_the_float_model() -> None:
    ours = embed.Embedder(cache_size=0).embed(SENTENCES)
    reference = _float_embeddings(SENTENCES)
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-4)
    # Each sentence keeps its direction...
    assert ((ours * reference).sum(axis=1) > 0.97).all()
    # ...and every pair keeps its similarity: the paraphrase stays the closest pair.
    ours_cos, ref_cos = ours @ ours.T, reference @ reference.T
    assert np.abs(ours_cos - ref_cos).max() < 0.06
    assert ours_cos[0, 1] == max(ours_cos[i, j] for i in range(4) for j in range(4) if i < j)


def test_the_model_is_made_once_and_then_read_from_the_cache(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = embed.model_source()
    assert isinstance(first, str) and Path(first).parent == cache and Path(first).is_file()
    assert not [p for p in cache.iterdir() if p.suffix == ".part"]
    # Readable by every user of a shared cache.
    assert Path(first).stat().st_mode & 0o777 == 0o644

    def must_not_run(source: Path, target: Path) -> None:
        raise AssertionError("the cached model was made again")

    monkeypatch.setattr(embed, "_quantize", must_not_run)
    assert embed.model_source() == first


def test_an_unwritable_cache_only_costs_making_the_model_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("a file where the cache directory should be")
    monkeypatch.setenv("CLAIMDIFF_CACHE", str(blocked / "cache"))
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    made = embed.model_source()
    assert isinstance(made, bytes) and len(made) > 1_000_000
    assert list(scratch.iterdir()) == []  # nothing left behind
    vectors = embed.Embedder(cache_size=0)
    vectors._session = None
    monkeypatch.setattr(embed, "model_source", lambda: made)
    assert np.allclose(np.linalg.norm(vectors.embed(SENTENCES[:1]), axis=1), 1.0, atol=1e-4)


def test_a_failed_quantisation_runs_the_shipped_model(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(source: Path, target: Path) -> None:
        raise RuntimeError("the quantisation tool is broken")

    monkeypatch.setattr(embed, "_quantize", broken)
    assert embed.model_source() == str(embed._model_path())
    assert not cache.exists() or not any(cache.iterdir())


def test_making_the_model_leaves_logging_as_it_was(tmp_path: Path) -> None:
    # In a fresh interpreter: under pytest the root logger has handlers already,
    # and a warning would not install the stderr handler this guards against.
    code = (
        "import logging\n"
        "from analysis.nlp import embed\n"
        "embed.model_source()\n"
        "root = logging.getLogger()\n"
        "print(len(root.handlers), root.manager.disable)\n"
    )
    env = {**os.environ, "CLAIMDIFF_CACHE": str(tmp_path / "cache")}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["0", "0"]
    assert done.stderr == ""


def test_a_half_written_model_is_never_read(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(source: Path, target: Path) -> None:
        target.write_bytes(b"half a model")
        raise KeyboardInterrupt

    monkeypatch.setattr(embed, "_quantize", interrupted)
    with pytest.raises(KeyboardInterrupt):
        embed.model_source()
    assert not cache.exists() or not any(cache.iterdir())
