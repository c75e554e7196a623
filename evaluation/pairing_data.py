"""Labelled claim pairs for training and checking the pairing model.

The source is ``basil-dev`` in ``../shared/eval`` beside the checkout (never
copied into the repository): real coverage of one event by two outlets, with a
hand-made gold of the facts both articles state (``pairs_gold.json``). A pair
of claims is positive when its two spans overlap the two quotes of one gold
item the way ``score_pairs.py`` matches rows (half the shorter span, 15
characters); every other pair of the two articles is negative.

Events are numbered as the data lists them (1-based), so that the tuning half
(events 1-8) and the validation half (9-16) stay apart: the training script
fits only on the tuning half.
"""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from analysis.model import Article, Claim

SHARED = Path(__file__).resolve().parents[2] / "shared"


@dataclass(frozen=True, slots=True)
class PairedArticles:
    """Two analysed articles and which of their claim pairs state one fact."""

    name: str
    article_a: Article
    article_b: Article
    claims_a: tuple[Claim, ...]
    claims_b: tuple[Claim, ...]
    positives: frozenset[tuple[str, str]]  # (claim id of A, claim id of B)
    # Per gold fact, the claim pairs that would find it (empty when no claims cover it).
    items: tuple[frozenset[tuple[str, str]], ...] = ()


def _scorer(shared: Path) -> ModuleType:
    """The scorer shipped with the data: its span location and overlap rules define a match."""
    spec = importlib.util.spec_from_file_location("score_pairs", shared / "eval" / "score_pairs.py")
    if spec is None or spec.loader is None:
        raise FileNotFoundError(shared / "eval" / "score_pairs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _build(path: Path, published: str | None) -> Article:
    from analysis.ingest.article import build_article
    from analysis.ingest.formats import SourceDocument

    raw = path.read_text(encoding="utf-8")
    overrides = {"published": published} if published else None
    return build_article(
        SourceDocument(raw), source=str(path), fallback_title=path.stem, overrides=overrides
    )


def basil_pairs(events: Iterable[int], shared: Path = SHARED) -> list[PairedArticles]:
    """The analysed NYT/Fox pairs of the given basil-dev events (1-based), with gold labels."""
    from analysis.nlp.pipeline import analyze_articles

    scorer = _scorer(shared)
    data = shared / "eval" / "basil-dev"
    gold = json.loads((data / "pairs_gold.json").read_text(encoding="utf-8"))["pairs"]
    chosen = [(n, gold[n - 1]) for n in events if 1 <= n <= len(gold)]
    articles = []
    for _, pair in chosen:
        articles.append(_build(data / pair["event"] / pair["a"], pair.get("a_published")))
        articles.append(_build(data / pair["event"] / pair["b"], pair.get("b_published")))
    analyses = list(analyze_articles(articles))
    out = []
    for k, (n, pair) in enumerate(chosen):
        art_a, art_b = articles[2 * k], articles[2 * k + 1]
        ca, cb = analyses[2 * k].claims, analyses[2 * k + 1].claims
        doc_a, doc_b = scorer.Doc(art_a.text), scorer.Doc(art_b.text)
        positives: set[tuple[str, str]] = set()
        items = []
        for item in pair["items"]:
            spans_a = [s for q in scorer.variants(item, "a") if (s := doc_a.locate(q))]
            spans_b = [s for q in scorer.variants(item, "b") if (s := doc_b.locate(q))]
            hit_a = [
                c for c in ca if any(scorer.overlap_ok((c.start, c.end), s, 0.5) for s in spans_a)
            ]
            hit_b = [
                c for c in cb if any(scorer.overlap_ok((c.start, c.end), s, 0.5) for s in spans_b)
            ]
            items.append(frozenset((x.id, y.id) for x in hit_a for y in hit_b))
            for x in hit_a:
                for y in hit_b:
                    positives.add((x.id, y.id))
        out.append(
            PairedArticles(
                f"basil {n:02d} {pair['event']}",
                art_a,
                art_b,
                ca,
                cb,
                frozenset(positives),
                tuple(items),
            )
        )
    return out
