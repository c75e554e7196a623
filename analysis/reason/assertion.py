"""Do two paired claims make the same assertion, or does one say more or something else?

A pair of claims about one fact is ``agree`` only when they say the same
thing. Two sentences from one story often share most of their words and still
differ in what they assert ("the firm will cut 300 jobs at its Leeds plant" /
"the firm will close its Leeds plant"), so the decision is a small logistic
model over signals of the pair, trained on sentence pairs from different
outlets that people judged to be the same assertion or not
(``evaluation/train_assertion.py`` writes ``assertion_model.json``):

- ``cos``: cosine of the sentence embeddings;
- ``dice``: the share of content words the two have in common;
- ``adds_most`` / ``adds_least``: the share of one side's content words the
  other lacks, for the side that adds more and the one that adds less;
- ``length``: how unequal the two are in length;
- ``numbers``: whether their written numbers differ.

The words one side adds are also what a ``compatible`` row names as its reason.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import numpy as np

from analysis.reason.logistic import LogisticModel

MODEL_FILE = Path(__file__).with_name("assertion_model.json")
FEATURES = ("cos", "dice", "adds_most", "adds_least", "length", "numbers")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


@lru_cache(maxsize=1)
def assertion_model() -> LogisticModel:
    """The shipped model (``assertion_model.json`` beside this module)."""
    return LogisticModel.load(MODEL_FILE, FEATURES)


def assertion_features(
    cos: float, terms_a: frozenset[str], terms_b: frozenset[str], text_a: str, text_b: str
) -> np.ndarray:
    """The signals of one pair, in :data:`FEATURES` order."""
    shared = len(terms_a & terms_b)
    na, nb = len(terms_a), len(terms_b)
    dice = 2.0 * shared / (na + nb) if na + nb else 1.0
    adds_a = (na - shared) / na if na else 0.0
    adds_b = (nb - shared) / nb if nb else 0.0
    numbers = 1.0 if _numbers(text_a) != _numbers(text_b) else 0.0
    length = abs(math.log((len(text_a) + 1) / (len(text_b) + 1)))
    return np.array(
        [cos, dice, max(adds_a, adds_b), min(adds_a, adds_b), length, numbers], dtype=np.float64
    )


def _numbers(text: str) -> frozenset[str]:
    return frozenset(m.replace(",", "") for m in _NUMBER.findall(text))


def same_assertion(
    cos: float, terms_a: frozenset[str], terms_b: frozenset[str], text_a: str, text_b: str
) -> float:
    """P(the two texts make the same assertion), from the shipped model."""
    x = assertion_features(cos, terms_a, terms_b, text_a, text_b)
    return float(assertion_model().probability(x[None, :])[0])


def added_words(terms: Iterable[str], other: frozenset[str], text: str) -> list[str]:
    """The words of ``text`` whose content stems ``other`` lacks, in reading order, once each."""
    missing = set(terms) - other
    if not missing:
        return []
    out: list[str] = []
    for word in re.findall(r"[A-Za-z][\w'’-]*|\d[\d.,]*", text):
        stems = _word_stems(word)
        if stems and stems <= missing and word not in out:
            out.append(word)
    return out


@lru_cache(maxsize=65536)
def _word_stems(word: str) -> frozenset[str]:
    """One word's content stems; a story's claims repeat their words, so each is stemmed once."""
    from analysis.reason.compare import content_terms

    return frozenset(content_terms(word))
