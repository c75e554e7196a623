"""Claim embeddings as stored text: int8 per dimension, base64.

A 384-dimensional unit vector takes 512 characters this way instead of about
3,000 as JSON floats; the cosine of two decoded vectors is within about 0.01
of the cosine of the originals (each vector is scaled so its largest component uses the
whole int8 range), far finer than any decision made on it.
Shared by the analysis that writes vectors and the reasoning that reads them.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence

import numpy as np

DIM = 384


def encode_vector(vector: np.ndarray) -> str:
    """A vector's direction as text for the store (its largest component becomes 127)."""
    v = np.asarray(vector, dtype=np.float32)
    peak = float(np.abs(v).max()) if v.size else 0.0
    q = np.clip(np.round(v / peak * 127.0), -127, 127) if peak > 0 else np.zeros_like(v)
    return base64.b64encode(q.astype(np.int8).tobytes()).decode("ascii")


def decode_vectors(texts: Sequence[str | None], dim: int = DIM) -> np.ndarray:
    """The stored vectors as a float32 matrix of unit rows; zero rows where one is missing."""
    out = np.zeros((len(texts), dim), dtype=np.float32)
    for i, t in enumerate(texts):
        if t:
            row = np.frombuffer(base64.b64decode(t), dtype=np.int8).astype(np.float32)
            if row.shape[0] == dim:
                out[i] = row
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.where(norms > 0, norms, 1.0)
