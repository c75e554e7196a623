"""Which claims of two articles state one fact: a small learnt model over pair signals.

Word overlap alone pairs the sentences that share words, not the facts that
two outlets share: a paraphrase ("stepped down from the board in May" / "left
the company's board last spring") shares almost none, and two sentences about
the same people can share most of their words while saying different things.
So each candidate pair is described by a handful of signals, and a logistic
model trained on labelled pairs weighs them (``evaluation/train_pairing.py``
reproduces the weights in ``pairing_model.json`` from the development data):

- ``cos``: cosine of the two claims' sentence embeddings (computed once per
  claim at analysis time, :mod:`analysis.nlp.embed`);
- ``lex`` and ``sim``: the IDF-weighted word overlap and the similarity of
  :mod:`analysis.reason.compare` (overlap plus agreeing quantities and dates);
- ``*_gap_near`` / ``*_gap_far``: how far the pair falls below the best
  partner of each claim, the smaller gap and the larger (a claim's best match
  is more likely its fact than its fifth-best). Taken as the smaller and the
  larger, not as A's and B's, so that a pair scores the same whichever
  article is A;
- ``qty``, ``day``: a quantity of one kind and amount, a day both give;
- ``quotes``: both are quotes (verbatim words are strong evidence);
- ``length``: how unequal the two claims are in length (a long lead sentence
  carries several facts, a short one one);
- ``position``: how far apart the claims stand in their articles (outlets put
  the main facts first).

A claim may pair with several claims of the other article when it carries
several facts: every pair whose probability reaches the model's threshold is
kept, up to :data:`MAX_PARTNERS` per claim.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from analysis.reason.compare import ClaimFeatures, TermWeights, claim_similarity
from analysis.reason.logistic import LogisticModel

MODEL_FILE = Path(__file__).with_name("pairing_model.json")
FEATURES = (
    "cos",
    "lex",
    "sim",
    "cos_gap_near",
    "cos_gap_far",
    "lex_gap_near",
    "lex_gap_far",
    "cos_x_lex",
    "qty",
    "day",
    "quotes",
    "length",
    "position",
)
# A claim pairs with at most this many claims of the other article.
MAX_PARTNERS = 3
# Pairs below both of these are never scored in full: they cannot be one fact.
_MIN_COS = 0.35
_MIN_LEX = 0.08
# How many nearest claims of the other article each claim is scored against.
_NEAREST = 6


# --- the model ----------------------------------------------------------------------------


@lru_cache(maxsize=1)
def pair_model() -> LogisticModel:
    """The shipped model (``pairing_model.json`` beside this module)."""
    return LogisticModel.load(MODEL_FILE, FEATURES)


# --- signals ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Candidates:
    """Every scored pair of two claim lists: indices, their signals and probabilities."""

    pairs: list[tuple[int, int]]
    features: np.ndarray  # one row per pair, FEATURES order
    probability: np.ndarray


def _positions(features: Sequence[ClaimFeatures]) -> np.ndarray:
    if not features:
        return np.zeros(0)
    starts = np.array([f.claim.start for f in features], dtype=np.float64)
    span = max(1.0, float(starts.max()))
    return starts / span


def candidates(
    fa: Sequence[ClaimFeatures],
    fb: Sequence[ClaimFeatures],
    weights: TermWeights,
    vectors_a: np.ndarray,
    vectors_b: np.ndarray,
    model: LogisticModel | None = None,
) -> Candidates:
    """Score the pairs of ``fa`` and ``fb`` that could state one fact.

    ``vectors_a``/``vectors_b`` are the claims' unit embeddings (zero rows
    where a claim has none: its pairs then rest on the words alone).
    """
    model = model or pair_model()
    n, m = len(fa), len(fb)
    if n == 0 or m == 0:
        return Candidates([], np.zeros((0, len(FEATURES))), np.zeros(0))
    cos = np.clip(vectors_a @ vectors_b.T, -1.0, 1.0) if vectors_a.size else np.zeros((n, m))
    lex = _overlap_matrix(fa, fb, weights)
    # Each claim's few nearest claims of the other side, by meaning and by words:
    # a fact two outlets share is nearly always among them, and the cost stays
    # linear in the number of claims however alike a long story's sentences are.
    near = np.zeros((n, m), dtype=bool)
    for score in (cos, lex):
        k_b, k_a = min(_NEAREST, m), min(_NEAREST, n)
        nearest_b = np.argpartition(-score, k_b - 1, axis=1)[:, :k_b]
        near[np.arange(n)[:, None], nearest_b] = True
        cols = np.argpartition(-score, k_a - 1, axis=0)[:k_a, :]
        near[cols, np.arange(m)[None, :]] = True
    keep = np.argwhere(near & ((cos >= _MIN_COS) | (lex >= _MIN_LEX)))
    if keep.size == 0:
        return Candidates([], np.zeros((0, len(FEATURES))), np.zeros(0))
    best_cos_a, best_cos_b = cos.max(axis=1), cos.max(axis=0)
    best_lex_a, best_lex_b = lex.max(axis=1), lex.max(axis=0)
    pos_a, pos_b = _positions(fa), _positions(fb)
    rows: list[tuple[float, ...]] = []
    pairs: list[tuple[int, int]] = []
    for i, j in keep:
        x, y = fa[i], fb[j]
        c, w = float(cos[i, j]), float(lex[i, j])
        sim = claim_similarity(x, y, weights, w)
        la, lb = len(x.terms) + 1, len(y.terms) + 1
        cos_gaps = sorted((c - best_cos_a[i], c - best_cos_b[j]), reverse=True)
        lex_gaps = sorted((w - best_lex_a[i], w - best_lex_b[j]), reverse=True)
        rows.append(
            (
                c,
                w,
                sim,
                *cos_gaps,
                *lex_gaps,
                c * w,
                1.0 if x.kinds & y.kinds else 0.0,
                1.0 if x.days & y.days else 0.0,
                1.0 if x.claim.kind == "quote" and y.claim.kind == "quote" else 0.0,
                abs(math.log(la / lb)),
                abs(pos_a[i] - pos_b[j]),
            )
        )
        pairs.append((int(i), int(j)))
    features = np.array(rows, dtype=np.float64)
    return Candidates(pairs, features, model.probability(features))


def _overlap_matrix(
    fa: Sequence[ClaimFeatures], fb: Sequence[ClaimFeatures], weights: TermWeights
) -> np.ndarray:
    """Weighted word overlap of every pair, through an inverted index of terms."""
    out = np.zeros((len(fa), len(fb)))
    index: dict[str, list[int]] = {}
    for j, f in enumerate(fb):
        for t in f.terms:
            index.setdefault(t, []).append(j)
    totals_b = [weights.total(f.terms) for f in fb]
    for i, f in enumerate(fa):
        shared: dict[int, float] = {}
        for t in f.terms:
            postings = index.get(t)
            if postings:
                w = weights(t)
                for j in postings:
                    shared[j] = shared.get(j, 0.0) + w
        total_a = weights.total(f.terms)
        for j, s in shared.items():
            d = total_a + totals_b[j]
            if d > 0:
                out[i, j] = 2.0 * s / d
    return out


def choose_pairs(
    found: Candidates, threshold: float | None = None, max_partners: int = MAX_PARTNERS
) -> list[tuple[int, int, float]]:
    """The pairs taken: best first, each claim with at most ``max_partners`` partners.

    A claim's second and later partners must each be the other claim's best
    (or only) match: a lead sentence may share three facts with three short
    sentences, but one short sentence is not split over three long ones. An
    article that says one sentence twice has both copies paired with the
    other side's claim: each of them states that fact.
    """
    if threshold is None:
        threshold = pair_model().threshold
    order = np.argsort(-found.probability, kind="stable")
    count_a: dict[int, int] = {}
    count_b: dict[int, int] = {}
    taken: list[tuple[int, int, float]] = []
    best_of_a: dict[int, int] = {}
    best_of_b: dict[int, int] = {}
    for k in order:
        i, j = found.pairs[k]
        best_of_a.setdefault(i, j)
        best_of_b.setdefault(j, i)
    for k in order:
        p = float(found.probability[k])
        if p < threshold:
            break
        i, j = found.pairs[k]
        ca, cb = count_a.get(i, 0), count_b.get(j, 0)
        if ca >= max_partners or cb >= max_partners:
            continue
        if ca and cb:
            continue  # both already paired: a many-to-many tangle, not a shared fact
        if ca and best_of_b.get(j) != i:
            continue
        if cb and best_of_a.get(i) != j:
            continue
        count_a[i], count_b[j] = ca + 1, cb + 1
        taken.append((i, j, p))
    return taken
