"""Analysing articles: one spaCy pass per article gives its claims and entity mentions.

The results are what the store keeps per article (keyed by
:data:`ANALYZER_VERSION`), so opening the app never needs the model. The
cross-article steps (glossary, alignment) work on these results alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from analysis.claims import extract_claims
from analysis.entities import RawMention, add_weapon_patterns, extract_mentions
from analysis.model import Article, Claim, Entity
from analysis.version import ANALYZER_VERSION

__all__ = ["ANALYZER_VERSION", "ArticleAnalysis", "analyze_articles", "link_entities"]

if TYPE_CHECKING:
    from spacy.language import Language

_BATCH_SIZE = 16


@dataclass(frozen=True, slots=True)
class ArticleAnalysis:
    """Everything analysis found in one article version."""

    article_id: str
    claims: tuple[Claim, ...]
    mentions: tuple[RawMention, ...]
    analyzer: str = ANALYZER_VERSION

    def to_dict(self) -> dict[str, Any]:
        return {
            "article_id": self.article_id,
            "analyzer": self.analyzer,
            "claims": [c.to_dict() for c in self.claims],
            "mentions": [m.to_dict() for m in self.mentions],
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> ArticleAnalysis:
        return cls(
            article_id=d["article_id"],
            analyzer=d.get("analyzer", ""),
            claims=tuple(Claim.from_dict(c) for c in d.get("claims", ())),
            mentions=tuple(RawMention.from_dict(m) for m in d.get("mentions", ())),
        )


_prepared: set[int] = set()


def analysis_pipeline() -> Language:
    """The shared English pipeline with claimdiff's components added (once)."""
    from analysis.nlp import load_pipeline

    nlp = load_pipeline()
    if id(nlp) not in _prepared:
        add_weapon_patterns(nlp)
        _prepared.add(id(nlp))
    return nlp


def analyze_articles(
    articles: Iterable[Article], *, batch_size: int = _BATCH_SIZE
) -> Iterator[ArticleAnalysis]:
    """Analyse articles lazily, batching them through ``nlp.pipe``."""
    nlp = analysis_pipeline()
    pairs = ((article.text, article) for article in articles)
    for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        claims = extract_claims(article, doc)
        mentions = extract_mentions(article.id, article.text, article.blocks, doc)
        yield ArticleAnalysis(article.id, tuple(claims), tuple(mentions))


def analyze_article(article: Article) -> ArticleAnalysis:
    """Analyse one article (for tests and one-off use; batches go through analyze_articles)."""
    return next(analyze_articles([article]))


def link_entities(
    claims: Sequence[Claim], entities: Sequence[Entity], article_id: str
) -> list[Claim]:
    """Fill each claim's ``entities`` with the glossary ids of the mentions inside its span."""
    spans = sorted(
        (m.start, m.end, e.id) for e in entities for m in e.mentions if m.article == article_id
    )
    out = []
    for claim in claims:
        ids = dict.fromkeys(eid for s, e, eid in spans if s >= claim.start and e <= claim.end)
        out.append(replace(claim, entities=tuple(ids)))
    return out
