"""Analysing articles: one spaCy pass per article gives its claims and entity mentions.

The results are what the store keeps per article (keyed by
:data:`ANALYZER_VERSION`), so opening the app never needs the model. The
cross-article steps (glossary, alignment) work on these results alone.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from analysis.extract.claims import extract_claims
from analysis.extract.entities import RawMention, add_weapon_patterns, extract_mentions
from analysis.model import Article, Claim, Entity
from analysis.version import ANALYZER_VERSION

__all__ = ["ANALYZER_VERSION", "ArticleAnalysis", "analyze_articles", "link_entities"]

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

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
    from analysis.nlp.load import load_pipeline

    nlp = load_pipeline()
    if id(nlp) not in _prepared:
        add_weapon_patterns(nlp)
        _prepared.add(id(nlp))
    return nlp


# spaCy refuses texts longer than nlp.max_length (a million characters) because
# the parser's memory grows with the text; longer articles are parsed in pieces
# cut at line breaks and joined back into one Doc over the exact same text.
_CHUNK_CHARS = 200_000


def _chunks(text: str, size: int = _CHUNK_CHARS) -> list[str]:
    """Consecutive pieces of ``text`` (joined, they are ``text``), cut at line breaks."""
    pieces = []
    start = 0
    while len(text) - start > size:
        cut = text.rfind("\n", start + size // 2, start + size)
        if cut < 0:
            cut = text.rfind(" ", start + size // 2, start + size)
        cut = cut + 1 if cut >= 0 else start + size
        pieces.append(text[start:cut])
        start = cut
    pieces.append(text[start:])
    return pieces


def parse_long(nlp: Language, text: str) -> Doc:
    """One Doc over ``text`` however long, parsed piece by piece."""
    from spacy.tokens import Doc

    docs = list(nlp.pipe(_chunks(text)))
    return Doc.from_docs(docs, ensure_whitespace=False)


def _docs(
    nlp: Language, articles: Iterable[Article], batch_size: int
) -> Iterator[tuple[Doc, Article]]:
    batch: list[Article] = []

    def flush() -> Iterator[tuple[Doc, Article]]:
        short = [a for a in batch if len(a.text) <= _CHUNK_CHARS]
        docs = nlp.pipe((a.text for a in short), batch_size=batch_size)
        parsed = dict(zip((id(a) for a in short), docs, strict=True))
        for article in batch:
            doc = parsed.get(id(article)) or parse_long(nlp, article.text)
            yield doc, article
        batch.clear()

    for article in articles:
        batch.append(article)
        if len(batch) >= batch_size:
            yield from flush()
    yield from flush()


def analyze_articles(
    articles: Iterable[Article], *, batch_size: int = _BATCH_SIZE, embed: bool = True
) -> Iterator[ArticleAnalysis]:
    """Analyse articles lazily, batching them through ``nlp.pipe``.

    ``embed=False`` leaves out the claims' sentence embeddings, for work that
    only reads entities (a glossary evaluation); what the store keeps has them.
    """
    nlp = analysis_pipeline()
    for doc, article in _docs(nlp, articles, batch_size):
        claims = extract_claims(article, doc)
        if embed:
            claims = embed_claims(claims)
        mentions = extract_mentions(article.id, article.text, article.blocks, doc)
        yield ArticleAnalysis(article.id, tuple(claims), tuple(mentions))


def embed_claims(claims: Sequence[Claim]) -> list[Claim]:
    """The claims with their sentence embeddings (:mod:`analysis.nlp.embed`) filled in."""
    from analysis.nlp.embed import shared_embedder
    from analysis.vectors import encode_vector

    vectors = shared_embedder().embed([c.text for c in claims])
    return [replace(c, vector=encode_vector(v)) for c, v in zip(claims, vectors, strict=True)]


# Below this many articles, starting worker processes (each loads the models,
# a few seconds) costs more than it saves.
PARALLEL_MIN_ARTICLES = 24


def _analyze_chunk(articles: list[Article], embed: bool) -> list[ArticleAnalysis]:
    """Worker side of :func:`analyze_in_processes` (a top-level function, so it pickles)."""
    return list(analyze_articles(articles, embed=embed))


def analyze_in_processes(
    articles: Sequence[Article], *, processes: int | None = None, embed: bool = True
) -> Iterator[ArticleAnalysis]:
    """Analyse many articles on every core: a pool of worker processes, results in order.

    Parsing and embedding are CPU-bound and hold the interpreter, so threads
    would not help; each worker process loads the models once and takes
    consecutive chunks. Few articles, or one core, run in this process.
    """
    import os

    processes = processes or os.cpu_count() or 1
    if processes < 2 or len(articles) < PARALLEL_MIN_ARTICLES:
        yield from analyze_articles(articles, embed=embed)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    size = _BATCH_SIZE
    chunks = [list(articles[i : i + size]) for i in range(0, len(articles), size)]
    # Spawned, not forked: the caller may be a threaded app, and a forked copy
    # of its locks can deadlock.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=processes, mp_context=context) as pool:
        for done in pool.map(_analyze_chunk, chunks, [embed] * len(chunks)):
            yield from done


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
    starts = [s for s, _, _ in spans]
    out = []
    for claim in claims:
        # Only the mentions starting inside the claim: a long article has thousands
        # of claims and mentions, and comparing all pairs took seconds for a megabyte.
        first, last = bisect_left(starts, claim.start), bisect_right(starts, claim.end)
        ids = dict.fromkeys(eid for _, e, eid in spans[first:last] if e <= claim.end)
        out.append(replace(claim, entities=tuple(ids)))
    return out
