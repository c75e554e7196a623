"""Score story grouping against the ECB+ development topics.

    python -m evaluation.eval_stories [--shared PATH] [--topic NAME ...] [--features FILE]

All folders of ``<shared>/eval/ecbplus-dev/`` make *one* library: every
``.txt`` file is an article, and its folder is its gold story. ECB+ pairs each
topic's folder ``tNN_ecb`` (older articles about one event) with
``tNN_ecbplus`` (articles about another event of the same kind: another rehab
stay, another earthquake), so the two must come out as separate stories.

Printed: B-cubed precision, recall and F1 over articles for the batch grouping
(:func:`analysis.reason.stories.group_stories`) and for one-at-a-time assignment in
file order (:func:`analysis.reason.stories.assign_story`, what an import does before
the library is regrouped), the number of stories found against the number of
folders, whether shuffling the input changes the batch grouping, the stories
that mix folders, and per topic how close its two events come (average
similarity between the folders against within each), hardest first.

``--features FILE`` keeps the per-article features in a JSON file: read when
it exists, written otherwise, to skip the NLP pass on later runs.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from analysis.reason.stories import (
    DocumentFrequencies,
    StoryFeatures,
    StoryIndex,
    assign_story,
    group_stories,
    similarity,
    story_id_for,
    story_title,
)

DEFAULT_SHARED = Path(__file__).resolve().parents[2] / "shared"


@dataclass(frozen=True, slots=True)
class BCubed:
    """Article-level B-cubed scores of a grouping against gold stories."""

    precision: float
    recall: float
    stories: int

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def bcubed(predicted: Mapping[str, str], gold: Mapping[str, str]) -> BCubed:
    """B-cubed precision and recall of ``predicted`` (article -> story) against ``gold``.

    For each article: precision is the share of its predicted story that is
    in its gold story, recall the share of its gold story that is in its
    predicted story; both are averaged over articles.
    """
    items = [a for a in predicted if a in gold]
    if not items:
        return BCubed(0.0, 0.0, 0)
    by_pred: dict[str, set[str]] = defaultdict(set)
    by_gold: dict[str, set[str]] = defaultdict(set)
    for a in items:
        by_pred[predicted[a]].add(a)
        by_gold[gold[a]].add(a)
    precision = recall = 0.0
    for a in items:
        shared = len(by_pred[predicted[a]] & by_gold[gold[a]])
        precision += shared / len(by_pred[predicted[a]])
        recall += shared / len(by_gold[gold[a]])
    return BCubed(precision / len(items), recall / len(items), len(by_pred))


@dataclass(frozen=True, slots=True)
class Library:
    """The evaluation library: every article's features and its gold folder."""

    features: dict[str, StoryFeatures]
    gold: dict[str, str]
    order: tuple[str, ...]  # file order (folders by name, files by name)


def topic_folders(shared: Path, only: Sequence[str] = ()) -> list[Path]:
    """The ECB+ folders, sorted by name (only those named in ``only``, when given)."""
    root = shared / "eval" / "ecbplus-dev"
    folders = sorted(p for p in root.iterdir() if p.is_dir() and any(p.glob("*.txt")))
    if only:
        folders = [p for p in folders if p.name in set(only)]
    return folders


def load_library(shared: Path = DEFAULT_SHARED, only: Sequence[str] = ()) -> Library:
    """Build, analyse and featurise every article of the ECB+ folders (runs the NLP model)."""
    from analysis.ingest.article import build_article
    from analysis.ingest.formats import SourceDocument
    from analysis.nlp.pipeline import analyze_articles
    from analysis.reason.stories import story_features

    articles = []
    gold: dict[str, str] = {}
    for folder in topic_folders(shared, only):
        for path in sorted(folder.glob("*.txt")):
            doc = SourceDocument(text=path.read_text(encoding="utf-8"), meta={})
            article = build_article(doc, source=str(path), fallback_title=path.stem)
            articles.append(article)
            gold[article.id] = folder.name
    features: dict[str, StoryFeatures] = {}
    for article, analysis in zip(articles, analyze_articles(articles, embed=False), strict=True):
        features[article.id] = story_features(article, analysis)
    return Library(features, gold, tuple(a.id for a in articles))


def save_library(library: Library, path: Path) -> None:
    """Write a library's features and gold to JSON (for ``--features``)."""
    rows = [
        {"gold": library.gold[a], "features": library.features[a].to_dict()} for a in library.order
    ]
    path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")


def read_library(path: Path) -> Library:
    """Read what :func:`save_library` wrote."""
    rows = json.loads(path.read_text(encoding="utf-8"))
    features = {}
    gold = {}
    order = []
    for row in rows:
        f = StoryFeatures.from_dict(row["features"])
        features[f.article_id] = f
        gold[f.article_id] = row["gold"]
        order.append(f.article_id)
    return Library(features, gold, tuple(order))


def assign_in_order(features: Mapping[str, StoryFeatures], order: Sequence[str]) -> dict[str, str]:
    """Import articles one at a time in ``order``, as the library does, with no regrouping."""
    index = StoryIndex()
    out: dict[str, str] = {}
    for article_id in order:
        f = features[article_id]
        story = assign_story(f, index) or story_id_for(article_id)
        index.add(f, story)
        out[article_id] = story
    return out


@dataclass(frozen=True, slots=True)
class TopicCloseness:
    """How close a topic's two events come: average similarities across and within."""

    topic: str
    across: float
    within: tuple[float, float]


def topic_closeness(library: Library) -> list[TopicCloseness]:
    """Per topic with both folders, the average similarity across them and within each."""
    df = DocumentFrequencies()
    for f in library.features.values():
        df.add(f)
    vectors = {a: df.vector(f) for a, f in library.features.items()}
    folders: dict[str, list[str]] = defaultdict(list)
    for a in library.order:
        folders[library.gold[a]].append(a)

    def average(xs: Sequence[str], ys: Sequence[str]) -> float:
        pairs = [(x, y) for x in xs for y in ys if x != y]
        return sum(similarity(vectors[x], vectors[y]) for x, y in pairs) / max(len(pairs), 1)

    out = []
    for name in sorted(folders):
        if not name.endswith("_ecb") or name + "plus" not in folders:
            continue
        old, new = folders[name], folders[name + "plus"]
        within = (average(old, old), average(new, new))
        out.append(TopicCloseness(name[: -len("_ecb")], average(old, new), within))
    return sorted(out, key=lambda t: -t.across)


@dataclass(frozen=True, slots=True)
class StoryEvalReport:
    """Everything the command prints."""

    articles: int
    folders: int
    batch: BCubed
    incremental: BCubed
    shuffled_same: bool
    mixed: tuple[tuple[str, dict[str, int]], ...]  # (title, folder -> count) of mixed stories
    closeness: tuple[TopicCloseness, ...]
    seconds: float


def evaluate_library(library: Library, *, seed: int = 13) -> StoryEvalReport:
    """Group a library every way the command reports, and score it."""
    began = time.perf_counter()
    predicted = group_stories(library.features)
    shuffled_ids = list(library.order)
    random.Random(seed).shuffle(shuffled_ids)
    shuffled = group_stories({a: library.features[a] for a in shuffled_ids})
    incremental = assign_in_order(library.features, library.order)
    members: dict[str, list[str]] = defaultdict(list)
    for a in library.order:
        members[predicted[a]].append(a)
    mixed = []
    for ids in members.values():
        counts = Counter(library.gold[a] for a in ids)
        if len(counts) > 1:
            title = story_title([library.features[a] for a in ids])
            mixed.append((title, dict(counts.most_common())))
    return StoryEvalReport(
        articles=len(library.order),
        folders=len(set(library.gold.values())),
        batch=bcubed(predicted, library.gold),
        incremental=bcubed(incremental, library.gold),
        shuffled_same=_partition(shuffled) == _partition(predicted),
        mixed=tuple(sorted(mixed, key=lambda m: -sum(m[1].values()))),
        closeness=tuple(topic_closeness(library)),
        seconds=time.perf_counter() - began,
    )


def _partition(assignment: Mapping[str, str]) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = defaultdict(set)
    for a, s in assignment.items():
        groups[s].add(a)
    return {frozenset(g) for g in groups.values()}


def format_report(report: StoryEvalReport) -> str:
    """The report as the command prints it."""
    b, i = report.batch, report.incremental
    lines = [
        f"{report.articles} articles in {report.folders} gold stories (folders)",
        f"batch grouping:       B-cubed P={b.precision:.3f} R={b.recall:.3f} F1={b.f1:.3f}"
        f"   {b.stories} stories (gold {report.folders})",
        f"one at a time (file order, no regrouping): P={i.precision:.3f} R={i.recall:.3f} "
        f"F1={i.f1:.3f}   {i.stories} stories",
        f"shuffled input gives the same grouping: {'yes' if report.shuffled_same else 'NO'}",
        "",
        "stories mixing folders:",
    ]
    for title, counts in report.mixed:
        parts = ", ".join(f"{k} {v}" for k, v in counts.items())
        lines.append(f"  {title}  <-  {parts}")
    if not report.mixed:
        lines.append("  (none)")
    lines += ["", "ecb vs ecbplus, closest first (average similarity across | within each):"]
    for t in report.closeness:
        lines.append(
            f"  {t.topic:<5} {t.across:.3f} | {t.within[0]:.3f} {t.within[1]:.3f}"
            + ("   <- closer across than within one side" if t.across >= min(t.within) else "")
        )
    lines.append(f"grouping and scoring took {report.seconds:.1f}s")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point: print the B-cubed scores of story grouping on ECB+."""
    parser = argparse.ArgumentParser(
        prog="python -m evaluation.eval_stories",
        description="Score story grouping on the ECB+ development topics (one library).",
    )
    parser.add_argument(
        "--shared",
        type=Path,
        default=DEFAULT_SHARED,
        help=f"the shared folder holding eval/ecbplus-dev (default: {DEFAULT_SHARED})",
    )
    parser.add_argument(
        "--topic", action="append", default=[], help="use only this folder (repeatable)"
    )
    parser.add_argument(
        "--features",
        type=Path,
        default=None,
        help="JSON file of per-article features: read if it exists, else written",
    )
    args = parser.parse_args(argv)
    if args.features is not None and args.features.is_file():
        library = read_library(args.features)
    else:
        if not (args.shared / "eval" / "ecbplus-dev").is_dir():
            print(f"no ECB+ data under {args.shared}/eval/ecbplus-dev", file=sys.stderr)
            return 2
        began = time.perf_counter()
        library = load_library(args.shared, args.topic)
        print(f"analysed {len(library.order)} articles in {time.perf_counter() - began:.0f}s")
        if args.features is not None:
            save_library(library, args.features)
    print(format_report(evaluate_library(library)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
