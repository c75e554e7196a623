"""Aligning the claims of two articles: which pairs state the same fact, and how they differ.

:func:`align_claims` pairs claims one-to-one: every pair of claims sharing a
content word is scored (:func:`analysis.reason.compare.claim_similarity`, found
through an inverted index of terms so the cost follows the overlaps, not every
pair), and the best-scoring pairs are taken greedily while both claims are
free. Pairs below :data:`analysis.reason.compare.MATCH_THRESHOLD` stay apart as
``only_a`` / ``only_b``. Each pair then gets its verdict and reasons from
:func:`analysis.reason.compare.compare_features`.

Only the claims' data is used (no model call), so aligning two stored analyses
is fast. A caption that repeats a body claim (``caption_of``) is left out: its
body claim speaks for it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol

from analysis.model import ROW_MARKS, AlignmentRow, AlignStatus, Claim, ClaimRef, Reason
from analysis.reason.compare import (
    BONUS_MIN_OVERLAP,
    MATCH_THRESHOLD,
    MAX_BONUS,
    ClaimFeatures,
    TermWeights,
    claim_features,
    claim_similarity,
    compare_features,
    find_acronyms,
    term_weights,
)
from analysis.reason.pairing import candidates, choose_pairs, pair_model
from analysis.vectors import decode_vectors
from analysis.version import module_version

# Diffs cached under another version are recomputed: derived from the source of this
# module and of every analysis module it imports (compare, the lexicon, ...).
ALIGNER_VERSION = module_version(__name__)


def aligned_claims(claims: Iterable[Claim]) -> list[Claim]:
    """The claims that take part in an alignment: all but captions repeating a body claim."""
    return [c for c in claims if c.caption_of is None]


def align_claims(
    claims_a: Sequence[Claim],
    claims_b: Sequence[Claim],
    *,
    published_a: str | None = None,
    published_b: str | None = None,
    threshold: float = MATCH_THRESHOLD,
    speakers: Mapping[str, str] | None = None,
) -> list[AlignmentRow]:
    """Pair the claims of article A with those of article B, with a status and reasons per row.

    Rows come in A's reading order; a claim only B reports is placed after the
    row of the B claim before it (or first, when none is). ``published_a`` and
    ``published_b`` are the articles' ISO publication dates; ``speakers``
    maps claim ids to the glossary entity of who says them
    (:func:`analysis.reason.speakers.speaker_ids`), so that one speaker named
    two ways is one source.
    """
    ca = sorted(aligned_claims(claims_a), key=lambda c: c.start)
    cb = sorted(aligned_claims(claims_b), key=lambda c: c.start)
    acronyms = find_acronyms(c.text for c in (*ca, *cb))
    who = speakers or {}
    fa = [
        claim_features(c, published=published_a, acronyms=acronyms, speaker=who.get(c.id))
        for c in ca
    ]
    fb = [
        claim_features(c, published=published_b, acronyms=acronyms, speaker=who.get(c.id))
        for c in cb
    ]
    weights = term_weights([*fa, *fb])
    if ca and cb and all(c.vector for c in (*ca, *cb)):
        partners, nearest_a, nearest_b, cut = _learnt_pairs(fa, fb, weights)
    else:
        # Claims analysed without embeddings (hand-made, or stored by an older
        # analyzer): pair them on their words alone.
        partners, nearest_a, nearest_b = _word_pairs(fa, fb, weights, threshold)
        cut = threshold

    rows_a: list[AlignmentRow] = []
    row_of_b: dict[int, int] = {}
    for i, f in enumerate(fa):
        if i not in partners:
            why = _unpaired_reason("B", nearest_a.get(i), fb, cut)
            rows_a.append(AlignmentRow("only_a", ClaimRef.of(f.claim), None, 0.0, why))
            continue
        for j, score in sorted(partners[i]):
            verdict = compare_features(f, fb[j], weights, score=score, threshold=0.0)
            status: AlignStatus = "compatible" if verdict.status == "unrelated" else verdict.status
            rows_a.append(
                AlignmentRow(
                    status,
                    ClaimRef.of(f.claim),
                    ClaimRef.of(fb[j].claim),
                    score,
                    verdict.reasons,
                    check=verdict.check,
                )
            )
            row_of_b[j] = len(rows_a) - 1  # B-only claims follow its last row

    # Place each B-only claim after the row of the B claim that precedes it.
    after_row: dict[int, list[AlignmentRow]] = {}
    anchor = -1
    for j, f in enumerate(fb):
        if j in row_of_b:
            anchor = row_of_b[j]
            continue
        why = _unpaired_reason("A", nearest_b.get(j), fa, cut)
        after_row.setdefault(anchor, []).append(
            AlignmentRow("only_b", None, ClaimRef.of(f.claim), 0.0, why)
        )
    rows: list[AlignmentRow] = list(after_row.get(-1, []))
    for k, row in enumerate(rows_a):
        rows.append(row)
        rows.extend(after_row.get(k, []))
    return rows


Pairs = dict[int, list[tuple[int, float]]]
Nearest = dict[int, tuple[float, int]]


def _learnt_pairs(
    fa: Sequence[ClaimFeatures], fb: Sequence[ClaimFeatures], weights: TermWeights
) -> tuple[Pairs, Nearest, Nearest, float]:
    """Pairs chosen by the pairing model; a claim may take several partners."""
    model = pair_model()
    va = decode_vectors([f.claim.vector for f in fa])
    vb = decode_vectors([f.claim.vector for f in fb])
    found = candidates(fa, fb, weights, va, vb, model)
    partners: Pairs = {}
    for i, j, p in choose_pairs(found, model.threshold):
        partners.setdefault(i, []).append((j, p))
    nearest_a: Nearest = {}
    nearest_b: Nearest = {}
    for (i, j), p in zip(found.pairs, found.probability, strict=True):
        if p > nearest_a.get(i, (0.0, -1))[0]:
            nearest_a[i] = (float(p), j)
        if p > nearest_b.get(j, (0.0, -1))[0]:
            nearest_b[j] = (float(p), i)
    return partners, nearest_a, nearest_b, model.threshold


def _word_pairs(
    fa: Sequence[ClaimFeatures],
    fb: Sequence[ClaimFeatures],
    weights: TermWeights,
    threshold: float,
) -> tuple[Pairs, Nearest, Nearest]:
    """One-to-one pairs by word similarity, best first, each claim taken once."""
    scores = _candidate_scores(fa, fb, weights, threshold)
    partners: Pairs = {}
    taken_b: set[int] = set()
    for score, i, j in sorted(scores, key=lambda s: (-s[0], s[1], s[2])):
        if score < threshold:
            break
        if i in partners or j in taken_b:
            continue
        partners[i] = [(j, score)]
        taken_b.add(j)
    nearest_a: Nearest = {}
    nearest_b: Nearest = {}
    for score, i, j in scores:
        if score > nearest_a.get(i, (0.0, -1))[0]:
            nearest_a[i] = (score, j)
        if score > nearest_b.get(j, (0.0, -1))[0]:
            nearest_b[j] = (score, i)
    return partners, nearest_a, nearest_b


def _unpaired_reason(
    other: str,
    nearest: tuple[float, int] | None,
    features: Sequence[ClaimFeatures],
    threshold: float,
) -> tuple[Reason, ...]:
    """Why a claim stayed unpaired: the closest claim of the other article and its score."""
    side = "{B}" if other == "B" else "{A}"
    if nearest is None:
        return (Reason("detail", "", "", template=f"no claim of {side} says anything close"),)
    score, k = nearest
    text = features[k].claim.text
    # Three places, the cut rounded up and the score cut down: 0.8149 against
    # 0.815 reads "0.814, below 0.815", never "0.815, below 0.815".
    cut = f"{math.ceil(threshold * 1000 - 1e-9) / 1000:.3f}".removesuffix("0")
    shown = math.floor(score * 1000) / 1000
    note = f"closest claim of {side} scores {shown:.3f}, below {cut}"
    if score >= threshold:
        note = f"the claim of {side} closest to it ({score:.2f}) is paired with a closer one"
    a, b = ("", text) if other == "B" else (text, "")
    return (Reason("detail", a, b, template=note),)


def _candidate_scores(
    fa: Sequence[ClaimFeatures],
    fb: Sequence[ClaimFeatures],
    weights: TermWeights,
    threshold: float,
) -> list[tuple[float, int, int]]:
    """(score, i, j) for every pair that shares enough words, via an inverted index of terms.

    Pairs below ``threshold`` are kept too (they say why a claim stayed
    unpaired); pairs whose word overlap is too low to reach any score worth
    reporting are never scored in full.
    """
    index: dict[str, list[int]] = {}
    for j, f in enumerate(fb):
        for t in f.terms:
            index.setdefault(t, []).append(j)
    totals_b = [weights.total(f.terms) for f in fb]
    # Bonuses add at most MAX_BONUS, and only from BONUS_MIN_OVERLAP on: a pair
    # below both cannot reach the threshold. Half the threshold keeps near misses.
    floor = max(threshold - MAX_BONUS, min(BONUS_MIN_OVERLAP, threshold / 2))
    out: list[tuple[float, int, int]] = []
    for i, f in enumerate(fa):
        shared: dict[int, float] = {}
        for t in f.terms:
            postings = index.get(t)
            if not postings:
                continue
            w = weights(t)
            for j in postings:
                shared[j] = shared.get(j, 0.0) + w
        total_a = weights.total(f.terms)
        for j, s in shared.items():
            denominator = total_a + totals_b[j]
            overlap = 2.0 * s / denominator if denominator > 0 else 0.0
            if overlap < floor:
                continue
            out.append((claim_similarity(f, fb[j], weights, overlap), i, j))
    return out


def summarize(rows: Iterable[AlignmentRow]) -> dict[str, int]:
    """How many rows of each mark, every mark present (zero when none).

    Counted as every view shows them: a compatible row to check counts under
    ``check`` only, so the counts add up to the rows.
    """
    counts: dict[str, int] = dict.fromkeys(ROW_MARKS, 0)
    for row in rows:
        counts[row.mark] += 1
    return counts


class ArticleLike(Protocol):
    """What a diff needs to know of an article (an Article or an ArticleSummary)."""

    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def outlet(self) -> str | None: ...
    @property
    def published(self) -> str | None: ...


def _article_json(article: ArticleLike) -> dict[str, Any]:
    return {
        "id": article.id,
        "title": article.title,
        "outlet": article.outlet,
        "published": article.published,
    }


def diff_to_json(
    article_a: ArticleLike, article_b: ArticleLike, rows: Sequence[AlignmentRow]
) -> dict[str, Any]:
    """The diff as plain JSON-able data: both articles, every row, and the summary."""
    return {
        "a": _article_json(article_a),
        "b": _article_json(article_b),
        "rows": [row.to_dict() for row in rows],
        "summary": summarize(rows),
    }
