"""A small logistic model over named features, stored as JSON beside the code that uses it.

The pairing model (:mod:`analysis.reason.pairing`) and the same-assertion
model (:mod:`analysis.reason.assertion`) are both this: standardise each
feature, weigh it, add a bias, squash to a probability, and compare with a
threshold chosen when the model was trained (by the scripts in
``evaluation/``). The file names the features it was trained on, so code that
computes other features refuses it instead of reading wrong weights.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np


@dataclass(frozen=True, slots=True)
class LogisticModel:
    """Weights over ``features``; ``threshold`` is the least probability that counts as yes."""

    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    bias: float
    threshold: float
    version: str

    def probability(self, x: np.ndarray) -> np.ndarray:
        """P(yes) for each row of ``x`` (columns in :attr:`features` order)."""
        z = ((x - self.mean) / self.scale) @ self.weights + self.bias
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))

    def to_dict(self) -> dict[str, Any]:
        return {
            "features": list(self.features),
            "mean": [round(float(v), 6) for v in self.mean],
            "scale": [round(float(v), 6) for v in self.scale],
            "weights": [round(float(v), 6) for v in self.weights],
            "bias": round(self.bias, 6),
            "threshold": round(self.threshold, 4),
            "version": self.version,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any], features: tuple[str, ...]) -> LogisticModel:
        """The model of ``d``, which must have been trained on ``features``."""
        if tuple(d["features"]) != features:
            raise ValueError("the model was trained on other features; retrain it")
        return cls(
            features=features,
            mean=np.array(d["mean"], dtype=np.float64),
            scale=np.array(d["scale"], dtype=np.float64),
            weights=np.array(d["weights"], dtype=np.float64),
            bias=float(d["bias"]),
            threshold=float(d["threshold"]),
            version=str(d.get("version", "")),
        )

    @classmethod
    def load(cls, path: Path, features: tuple[str, ...]) -> LogisticModel:
        """The model stored at ``path``."""
        return cls.from_dict(json.loads(path.read_text(encoding="utf-8")), features)
