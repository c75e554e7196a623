"""Score the coverage matrix against the ECB+ development topics, and measure its cost.

    python -m evaluation.eval_coverage [--shared PATH] [--topic NAME ...] [--no-scaling]

Every folder of ``<shared>/eval/ecbplus-dev/`` is one set of articles on one
event; :func:`analysis.reason.coverage.cover` clusters their claims into facts. The
gold is ECB+'s event coreference: two claims of different articles that
contain mentions of one gold event cluster speak of the same happening. Only
claims containing at least one event mention from a fully annotated sentence
take part (elsewhere the gold is silent). Over the pairs of such claims from
different articles:

- *precision*: of the pairs put in one fact, the share that share a gold event;
- *recall*: of the pairs that share a gold event, the share put in one fact.

ECB+ events are broad ("rehab", "arrest" across a whole story), so two claims
sharing one of them may still state different facts: recall is bounded well
below 1 by design, and the *base rate* (the precision of putting every claim
of a folder in one fact) is printed beside it. A second pass clusters each
topic's two folders together (``tNN_ecb`` and ``tNN_ecbplus``: two different
events of the same kind) to see whether facts of different events stay apart.

The cost is measured on :func:`cover` alone (analysis excluded), on 100, 200
and 400 articles: ECB+ articles of many stories taken together, and one story
reported by hundreds of articles (:func:`replicated_story`). Besides the CPU
time, the number of claim pairs compared is printed: it is deterministic, and
bounded per claim. On one story it grows like the claims; on the ECB+ mix it
grows faster at first, as more articles per story give each claim more
candidates, until each claim's budget is spent.
"""

from __future__ import annotations

import argparse
import bisect
import difflib
import json
import random
import sys
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from analysis.model import Article, Claim
from analysis.reason.align import aligned_claims
from analysis.reason.coverage import Coverage, CoverStats, cover

DEFAULT_SHARED = Path(__file__).resolve().parents[2] / "shared"
DEFAULT_SEED = 20241105
SCALING_SIZES = (100, 200, 400)


# --- the data -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EventMention:
    """A gold event mention: its cluster and where it starts in the article's text."""

    cluster: str
    start: int


@dataclass(frozen=True, slots=True)
class Document:
    """One ECB+ article: its analysed claims and the gold event mentions inside it."""

    doc_id: str
    article: Article
    claims: tuple[Claim, ...]
    events: tuple[EventMention, ...]


@dataclass(frozen=True, slots=True)
class Folder:
    """One ECB+ folder (sub-topic): its documents, in file-name order."""

    name: str
    documents: tuple[Document, ...]

    @property
    def topic(self) -> str:
        return self.name.split("_")[0]


def topic_folders(shared: Path, only: Sequence[str] = ()) -> list[Path]:
    """The ECB+ folders that have a ``gold.json``, sorted by name (``only``: these names)."""
    root = shared / "eval" / "ecbplus-dev"
    folders = sorted(p for p in root.iterdir() if (p / "gold.json").is_file())
    if only:
        folders = [p for p in folders if p.name in set(only)]
    return folders


def _offset_map(raw: str, cleaned: str) -> list[int]:
    """For each offset of ``raw``, the offset of the same character in ``cleaned`` (or -1).

    Cleaning on import removes control characters and trailing blanks, which
    shifts the gold's character offsets.
    """
    mapping = [-1] * (len(raw) + 1)
    matcher = difflib.SequenceMatcher(None, raw, cleaned, autojunk=False)
    for a, b, size in matcher.get_matching_blocks():
        for k in range(size):
            mapping[a + k] = b + k
    return mapping


def load_folders(shared: Path = DEFAULT_SHARED, only: Sequence[str] = ()) -> list[Folder]:
    """Read, build and analyse the articles of the ECB+ folders (one ``nlp.pipe`` pass)."""
    from analysis.ingest.article import build_article
    from analysis.ingest.formats import SourceDocument
    from analysis.nlp.pipeline import analyze_articles

    pending: list[tuple[str, str, Article, list[EventMention]]] = []
    for path in topic_folders(shared, only):
        gold = json.loads((path / "gold.json").read_text(encoding="utf-8"))
        by_doc: dict[str, list[tuple[str, int]]] = {}
        for cluster in gold["event_clusters"]:
            for m in cluster["mentions"]:
                if m.get("in_annotated_sentence"):
                    by_doc.setdefault(m["doc_id"], []).append(
                        (cluster["cluster_id"], int(m["char_start"]))
                    )
        for file in sorted(path.glob("*.txt")):
            raw = file.read_text(encoding="utf-8")
            article = build_article(SourceDocument(raw), source=str(file), fallback_title=file.stem)
            # Usually only the final line break goes: offsets stay as they are.
            same = raw.startswith(article.text)
            mapping = None if same else _offset_map(raw, article.text)
            events = []
            for cluster_id, start in by_doc.get(file.stem, ()):
                at = mapping[start] if mapping is not None else start
                if at >= 0:
                    events.append(EventMention(cluster_id, at))
            pending.append((path.name, file.stem, article, events))
    # With embeddings, as the app stores them: coverage links a story's facts by
    # the diff's learnt similarity (and by words beyond LEARNT_MAX_ARTICLES).
    analyses = analyze_articles((article for _, _, article, _ in pending))
    folders: dict[str, list[Document]] = {}
    for (name, doc_id, article, events), analysis in zip(pending, analyses, strict=True):
        folders.setdefault(name, []).append(
            Document(doc_id, article, analysis.claims, tuple(events))
        )
    return [Folder(name, tuple(docs)) for name, docs in folders.items()]


# --- scoring ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PairScore:
    """Pair counts of one clustering against the gold."""

    name: str
    documents: int
    claims: int  # claims taking part (containing an annotated event mention)
    facts: int
    shared_facts: int
    system_pairs: int
    gold_pairs: int
    true_pairs: int
    all_pairs: int  # cross-article pairs of claims taking part
    seconds: float

    @property
    def precision(self) -> float:
        return self.true_pairs / self.system_pairs if self.system_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.true_pairs / self.gold_pairs if self.gold_pairs else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def base_rate(self) -> float:
        return self.gold_pairs / self.all_pairs if self.all_pairs else 0.0


def claim_events(document: Document) -> dict[str, frozenset[str]]:
    """Claim id -> the gold event clusters mentioned inside it, for claims with any."""
    starts = sorted((m.start, m.cluster) for m in document.events)
    keys = [s for s, _ in starts]
    out: dict[str, frozenset[str]] = {}
    for claim in aligned_claims(document.claims):
        lo = bisect.bisect_left(keys, claim.start)
        hi = bisect.bisect_left(keys, claim.end)
        clusters = frozenset(c for _, c in starts[lo:hi])
        if clusters:
            out[claim.id] = clusters
    return out


def _cross_pairs(groups: Iterable[Sequence[tuple[str, str]]]) -> set[tuple[str, str]]:
    """All pairs of (article, claim) items of one group from different articles."""
    pairs: set[tuple[str, str]] = set()
    for group in groups:
        for k, (art_a, a) in enumerate(group):
            for art_b, b in group[k + 1 :]:
                if art_a != art_b:
                    pairs.add((a, b) if a < b else (b, a))
    return pairs


def score_coverage(
    name: str, documents: Sequence[Document], coverage: Coverage, seconds: float = 0.0
) -> PairScore:
    """Pairwise precision and recall of ``coverage`` against the documents' gold events."""
    events: dict[str, frozenset[str]] = {}
    article_of: dict[str, str] = {}
    for doc in documents:
        for claim_id, clusters in claim_events(doc).items():
            events[claim_id] = clusters
            article_of[claim_id] = doc.article.id
    system_groups = []
    for fact in coverage.facts:
        members = [
            (fc.article, fc.claim.claim)
            for fc in (*fact.claims, *fact.repeats)
            if fc.claim.claim in events
        ]
        system_groups.append(members)
    by_cluster: dict[str, list[tuple[str, str]]] = {}
    for claim_id, clusters in events.items():
        for cluster in clusters:
            by_cluster.setdefault(cluster, []).append((article_of[claim_id], claim_id))
    system = _cross_pairs(system_groups)
    gold = _cross_pairs(by_cluster.values())
    per_article: dict[str, int] = {}
    for art in article_of.values():
        per_article[art] = per_article.get(art, 0) + 1
    total = len(events)
    all_pairs = (total * total - sum(n * n for n in per_article.values())) // 2
    return PairScore(
        name=name,
        documents=len(documents),
        claims=total,
        facts=len(coverage.facts),
        shared_facts=len(coverage.shared()),
        system_pairs=len(system),
        gold_pairs=len(gold),
        true_pairs=len(system & gold),
        all_pairs=all_pairs,
        seconds=seconds,
    )


def cover_documents(documents: Sequence[Document]) -> tuple[Coverage, float]:
    """:func:`cover` over the documents, and the seconds it took."""
    started = time.perf_counter()
    coverage = cover(
        {d.article.id: d.claims for d in documents},
        {d.article.id: d.article.published for d in documents},
    )
    return coverage, time.perf_counter() - started


def score_folders(folders: Sequence[Folder]) -> list[PairScore]:
    """One score per folder."""
    scores = []
    for folder in folders:
        coverage, seconds = cover_documents(folder.documents)
        scores.append(score_coverage(folder.name, folder.documents, coverage, seconds))
    return scores


def score_topics(folders: Sequence[Folder]) -> list[PairScore]:
    """One score per topic, its two folders (two different events) clustered together."""
    topics: dict[str, list[Document]] = {}
    for folder in folders:
        topics.setdefault(folder.topic, []).extend(folder.documents)
    scores = []
    for topic, documents in topics.items():
        coverage, seconds = cover_documents(documents)
        scores.append(score_coverage(topic, documents, coverage, seconds))
    return scores


def micro(scores: Sequence[PairScore], name: str = "micro") -> PairScore:
    """The scores' pair counts added up."""
    return PairScore(
        name=name,
        documents=sum(s.documents for s in scores),
        claims=sum(s.claims for s in scores),
        facts=sum(s.facts for s in scores),
        shared_facts=sum(s.shared_facts for s in scores),
        system_pairs=sum(s.system_pairs for s in scores),
        gold_pairs=sum(s.gold_pairs for s in scores),
        true_pairs=sum(s.true_pairs for s in scores),
        all_pairs=sum(s.all_pairs for s in scores),
        seconds=sum(s.seconds for s in scores),
    )


# --- cost ---------------------------------------------------------------------------------------


def replicated_story(
    claims_by_article: Mapping[str, Sequence[Claim]],
    copies: int,
    *,
    seed: int = DEFAULT_SEED,
) -> dict[str, list[Claim]]:
    """``copies`` articles made from the given ones, as if that many outlets ran the story.

    Copy ``k`` is a version of source article ``k mod n``: about a fifth of its
    claims left out, a word dropped from half of the rest, and now and then a
    figure doubled (a conflicting report). Seeded, so repeatable. The claims
    keep their fields (quantities, dates, attribution), so every fact of the
    story is reported by a large share of the copies: the hardest case for
    keeping the cost linear.
    """
    rng = random.Random(seed)
    sources = list(claims_by_article)
    out: dict[str, list[Claim]] = {}
    for k in range(copies):
        source = sources[k % len(sources)]
        article = f"copy{k:04d}-{source[:8]}"
        renamed = {c.id: f"{article}:{c.start}" for c in claims_by_article[source]}
        claims = []
        for c in claims_by_article[source]:
            if rng.random() < 0.2:
                continue
            words = c.text.split()
            if len(words) > 6 and rng.random() < 0.5:
                del words[rng.randrange(len(words))]
            quantities = c.quantities
            if quantities and rng.random() < 0.05:
                q = quantities[0]
                doubled = replace(q, value=q.value * 2, base_value=q.base_value * 2, alternates=())
                quantities = (doubled, *quantities[1:])
            claims.append(
                replace(
                    c,
                    id=renamed[c.id],
                    article=article,
                    text=" ".join(words),
                    quantities=quantities,
                    caption_of=renamed.get(c.caption_of) if c.caption_of else None,
                )
            )
        out[article] = claims
    return out


@dataclass(frozen=True, slots=True)
class CostPoint:
    """What :func:`cover` cost on one input size."""

    articles: int
    claims: int
    comparisons: int
    candidates: int
    facts: int
    largest_fact: int
    seconds: float


def measure_cost(
    claims_by_article: Mapping[str, Sequence[Claim]],
    published: Mapping[str, str | None],
    sizes: Sequence[int] = SCALING_SIZES,
    *,
    repeat: int = 3,
) -> list[CostPoint]:
    """:func:`cover` on the first ``n`` articles for each ``n`` in ``sizes``.

    The time is CPU time, the best of ``repeat`` runs.
    """
    ids = list(claims_by_article)
    points = []
    for n in sizes:
        subset = {a: claims_by_article[a] for a in ids[:n]}
        best = float("inf")
        stats = CoverStats()
        coverage = None
        for _ in range(repeat):
            stats = CoverStats()
            # CPU time, so that other work on the machine does not skew the ratios.
            started = time.process_time()
            coverage = cover(subset, published, stats=stats)
            best = min(best, time.process_time() - started)
        assert coverage is not None
        points.append(
            CostPoint(
                articles=len(subset),
                claims=stats.claims,
                comparisons=stats.comparisons,
                candidates=stats.candidates,
                facts=len(coverage.facts),
                largest_fact=max((len(f.articles) for f in coverage.facts), default=0),
                seconds=best,
            )
        )
    return points


def mixed_library(folders: Sequence[Folder], size: int) -> list[Document]:
    """``size`` ECB+ documents of many stories, taken round-robin across the folders."""
    queues = [list(f.documents) for f in folders]
    out: list[Document] = []
    while len(out) < size and any(queues):
        for queue in queues:
            if queue and len(out) < size:
                out.append(queue.pop(0))
    return out


def sample_story() -> tuple[dict[str, tuple[Claim, ...]], dict[str, str | None]]:
    """The bundled sample pair, analysed: claims and publication dates by article id."""
    from analysis.ingest.article import build_article
    from analysis.ingest.formats import SourceDocument
    from analysis.nlp.pipeline import analyze_articles

    root = Path(__file__).resolve().parents[1] / "articles"
    articles = []
    for path in sorted(root.glob("*.txt"))[:2]:
        meta_path = path.with_suffix(".meta.json")
        meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
        doc = SourceDocument(
            path.read_text(encoding="utf-8"), meta={"published": meta["published"]}
        )
        articles.append(build_article(doc, source=str(path), fallback_title=path.stem))
    analyses = list(analyze_articles(articles))
    claims = {a.id: r.claims for a, r in zip(articles, analyses, strict=True)}
    return claims, {a.id: a.published for a in articles}


# --- report -------------------------------------------------------------------------------------


def _score_line(s: PairScore) -> str:
    return (
        f"{s.name:<12} {s.documents:>4} {s.claims:>6} {s.facts:>6} {s.shared_facts:>6} "
        f"{s.system_pairs:>7} {s.gold_pairs:>7} {s.precision:>6.3f} {s.recall:>6.3f} "
        f"{s.f1:>6.3f} {s.base_rate:>6.3f} {s.seconds:>7.3f}"
    )


_HEADER = (
    f"{'folder':<12} {'docs':>4} {'claims':>6} {'facts':>6} {'shared':>6} "
    f"{'pairs':>7} {'gold':>7} {'P':>6} {'R':>6} {'F1':>6} {'base':>6} {'sec':>7}"
)


def _cost_lines(title: str, points: Sequence[CostPoint]) -> list[str]:
    lines = [
        title,
        f"{'articles':>8} {'claims':>7} {'compared':>9} {'facts':>6} {'widest':>6} {'cpu s':>8}",
    ]
    for p in points:
        lines.append(
            f"{p.articles:>8} {p.claims:>7} {p.comparisons:>9} {p.facts:>6} "
            f"{p.largest_fact:>6} {p.seconds:>8.3f}"
        )
    if len(points) >= 2 and points[0].comparisons and points[0].seconds > 0:
        first, last = points[0], points[-1]
        lines.append(
            f"{last.articles}/{first.articles} articles: claims x{last.claims / first.claims:.2f}, "
            f"comparisons x{last.comparisons / first.comparisons:.2f}, "
            f"time x{last.seconds / first.seconds:.2f}"
        )
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m evaluation.eval_coverage",
        description="Score the coverage matrix against ECB+ event coreference; measure its cost.",
    )
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the shared folder")
    parser.add_argument("--topic", action="append", default=[], help="only this folder")
    parser.add_argument("--no-scaling", action="store_true", help="skip the cost measurement")
    args = parser.parse_args(argv)
    if not (args.shared / "eval" / "ecbplus-dev").is_dir():
        print(f"error: no eval/ecbplus-dev under {args.shared}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    folders = load_folders(args.shared, args.topic)
    analysis_seconds = time.perf_counter() - started
    print(f"analysed {sum(len(f.documents) for f in folders)} articles in {analysis_seconds:.1f} s")
    print(_HEADER)
    scores = score_folders(folders)
    for s in scores:
        print(_score_line(s))
    print(_score_line(micro(scores)))
    print()
    print("each topic's two events clustered together:")
    print(_HEADER.replace("folder", "topic "))
    topic_scores = score_topics(folders)
    for s in topic_scores:
        print(_score_line(s))
    print(_score_line(micro(topic_scores)))
    if not args.no_scaling:
        print()
        documents = [d for f in folders for d in f.documents]
        sizes = [n for n in SCALING_SIZES if n <= len(documents)]
        library = mixed_library(folders, max(sizes, default=0))
        points = measure_cost(
            {d.article.id: d.claims for d in library},
            {d.article.id: d.article.published for d in library},
            sizes,
        )
        for line in _cost_lines("cost of cover(), ECB+ articles of many stories:", points):
            print(line)
        print()
        claims, published = sample_story()
        story = replicated_story(claims, max(SCALING_SIZES))
        points = measure_cost(story, dict.fromkeys(story, next(iter(published.values()))))
        for line in _cost_lines("cost of cover(), one story in many articles:", points):
            print(line)
    print(f"\ntotal {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
