"""Score the glossary against the ECB+ development topics.

    python -m evaluation.eval_glossary [--shared PATH] [--out DIR] [--topic NAME ...]
                                       [--topics 1-10] [--topics 11-20]

Tune on topics 1-10 and read topics 11-20 as the validation half: ``--topics``
takes ECB+ topic numbers (ranges or single numbers, comma-separated) and keeps
both sub-topics (``tNN_ecb``, ``tNN_ecbplus``) of each.

Every folder of ``<shared>/eval/ecbplus-dev/`` is one small library: its
``.txt`` files are the articles (``doc_id`` = file name without ``.txt``). The
glossary is built per folder, written as ``system.json`` in the scorer's
format (``[{"name", "mentions": [{"doc_id", "text", "char_start",
"char_end"}]}]``) and scored with ``<shared>/eval/score_glossary.py``. The
figure that counts is the CoNLL-F1 (mean of MUC, B-cubed and CEAF-e) of the
view restricted to the items the gold knows, averaged over the folders.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import re
import sys
import tempfile
import time
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from analysis.extract.entities import RawMention, extract_mentions, segment_blocks
from analysis.model import Entity
from analysis.reason.glossary import build_glossary

DEFAULT_SHARED = Path(__file__).resolve().parents[2] / "shared"
# The tagger, parser and NER are what extraction reads; lemmas are not used.
_UNUSED_PIPES = ("lemmatizer",)


@dataclass(frozen=True, slots=True)
class SpanClashes:
    """Text the glossary counts twice: mentions of one entity that overlap, and
    mentions of two entities over the same text or crossing each other (a name
    nested inside another entity's mention is fine)."""

    mentions: int = 0
    same_entity: int = 0
    identical: int = 0
    crossing: int = 0

    def __add__(self, other: SpanClashes) -> SpanClashes:
        return SpanClashes(
            self.mentions + other.mentions,
            self.same_entity + other.same_entity,
            self.identical + other.identical,
            self.crossing + other.crossing,
        )


def span_clashes(entities: Sequence[Entity]) -> SpanClashes:
    """Count the mentions of ``entities`` that count some text twice (see :class:`SpanClashes`).

    ``same_entity`` counts mentions that overlap another mention of their own
    entity; ``identical`` and ``crossing`` count pairs of mentions of two
    entities with the same span, or with spans that overlap without one
    holding the other.
    """
    by_article: dict[str, list[tuple[int, int, int]]] = {}
    for index, entity in enumerate(entities):
        for m in entity.mentions:
            by_article.setdefault(m.article, []).append((m.start, m.end, index))
    mentions = same = identical = crossing = 0
    for spans in by_article.values():
        spans.sort()
        mentions += len(spans)
        doubled: set[int] = set()
        for i, (start, end, owner) in enumerate(spans):
            for j in range(i + 1, len(spans)):
                other_start, other_end, other = spans[j]
                if other_start >= end:
                    break
                if other == owner:
                    doubled.update((i, j))
                elif (start, end) == (other_start, other_end):
                    identical += 1
                elif other_start > start and other_end > end:
                    crossing += 1  # (sorted by start: the same start means one holds the other)
        same += len(doubled)
    return SpanClashes(mentions, same, identical, crossing)


@dataclass(frozen=True, slots=True)
class TopicScore:
    """One folder's scores: CoNLL-F1 over the gold's items and over all system items."""

    topic: str
    documents: int
    entities: int
    restricted: dict[str, Any]
    all_items: dict[str, Any]
    clashes: SpanClashes = SpanClashes()

    @property
    def conll_f1(self) -> float:
        return float(self.restricted["conll_f1"])


@dataclass(frozen=True, slots=True)
class EvalReport:
    """Scores of every folder, and their mean."""

    topics: tuple[TopicScore, ...]
    seconds: float

    @property
    def mean_conll_f1(self) -> float:
        return sum(t.conll_f1 for t in self.topics) / len(self.topics) if self.topics else 0.0

    @property
    def mean_conll_f1_all_items(self) -> float:
        if not self.topics:
            return 0.0
        return sum(float(t.all_items["conll_f1"]) for t in self.topics) / len(self.topics)

    @property
    def clashes(self) -> SpanClashes:
        """Text counted twice, over every folder."""
        total = SpanClashes()
        for t in self.topics:
            total = total + t.clashes
        return total


def load_scorer(shared: Path) -> ModuleType:
    """Import ``<shared>/eval/score_glossary.py`` by path (it is not a package)."""
    path = shared / "eval" / "score_glossary.py"
    spec = importlib.util.spec_from_file_location("score_glossary", path)
    if spec is None or spec.loader is None:
        raise FileNotFoundError(path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def system_json(entities: Sequence[Entity]) -> list[dict[str, Any]]:
    """Glossary entities in the scorer's ``system.json`` format."""
    return [
        {
            "name": e.name,
            "type": e.type,
            "mentions": [
                {"doc_id": m.article, "text": m.text, "char_start": m.start, "char_end": m.end}
                for m in e.mentions
            ],
        }
        for e in entities
    ]


def topic_numbers(spec: str) -> frozenset[int]:
    """ECB+ topic numbers from ``"1-10"``, ``"11-20"`` or ``"3,5,7-9"``."""
    numbers: set[int] = set()
    for part in spec.split(","):
        first, _, last = part.strip().partition("-")
        numbers.update(range(int(first), int(last or first) + 1))
    return frozenset(numbers)


def topic_folders(
    shared: Path, only: Sequence[str] = (), topics: Collection[int] = ()
) -> list[Path]:
    """The ECB+ folders that have a ``gold.json``, sorted by name.

    ``only`` keeps folders by name, ``topics`` by topic number (``t07_ecb`` is topic 7).
    """
    root = shared / "eval" / "ecbplus-dev"
    folders = sorted(p for p in root.iterdir() if (p / "gold.json").is_file())
    if only:
        folders = [p for p in folders if p.name in set(only)]
    if topics:
        folders = [p for p in folders if _topic_of(p.name) in topics]
    return folders


def _topic_of(folder: str) -> int | None:
    match = re.match(r"t(\d+)_", folder)
    return int(match.group(1)) if match else None


def evaluate(
    shared: Path = DEFAULT_SHARED,
    *,
    out_dir: Path | None = None,
    only: Sequence[str] = (),
    topics: Collection[int] = (),
    batch_size: int = 32,
    doc_cache: Path | None = None,
) -> EvalReport:
    """Build and score the glossary of every ECB+ folder under ``shared``.

    The pipeline runs once over all articles with ``nlp.pipe``; each folder's
    ``system.json`` goes to ``out_dir`` (a temporary folder when None).
    With ``doc_cache``, parsed documents are kept there and reused while the
    texts and the pipeline stay the same, so tuning the merge does not re-parse.
    """
    # The app's own pipeline (line breaks as sentence ends, weapon patterns), so
    # the figure is the glossary's as users get it.
    from analysis.nlp.pipeline import analysis_pipeline

    began = time.perf_counter()
    scorer = load_scorer(shared)
    folders = topic_folders(shared, only, topics)
    articles: list[tuple[str, str, str]] = []  # (folder, doc_id, text)
    for folder in folders:
        for path in sorted(folder.glob("*.txt")):
            articles.append((folder.name, path.stem, path.read_text(encoding="utf-8")))

    nlp = analysis_pipeline()
    mentions: dict[str, dict[str, list[RawMention]]] = {f.name: {} for f in folders}
    docs = _parsed(nlp, [text for _, _, text in articles], batch_size, doc_cache)
    for (folder_name, doc_id, text), doc in zip(articles, docs, strict=True):
        blocks = segment_blocks(text)
        mentions[folder_name][doc_id] = extract_mentions(doc_id, text, blocks, doc)

    with tempfile.TemporaryDirectory() as scratch:
        target = out_dir or Path(scratch)
        scores: list[TopicScore] = []
        for folder in folders:
            entities = build_glossary(mentions[folder.name])
            system = system_json(entities)
            (target / folder.name).mkdir(parents=True, exist_ok=True)
            (target / folder.name / "system.json").write_text(
                json.dumps(system, indent=1, ensure_ascii=False), encoding="utf-8"
            )
            gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
            key = scorer.gold_glossary_clusters(gold)
            response = scorer.system_clusters(system)
            scores.append(
                TopicScore(
                    topic=folder.name,
                    documents=len(mentions[folder.name]),
                    entities=len(entities),
                    restricted=scorer.score(key, scorer.restrict_to(response, key)),
                    all_items=scorer.score(key, response),
                    clashes=span_clashes(entities),
                )
            )
    return EvalReport(tuple(scores), time.perf_counter() - began)


def _parsed(nlp: Any, texts: list[str], batch_size: int, doc_cache: Path | None) -> list[Any]:
    """``nlp.pipe`` over ``texts``, read from or saved to ``doc_cache`` when given."""
    from spacy.tokens import DocBin

    disabled = [p for p in _UNUSED_PIPES if p in nlp.pipe_names]
    path: Path | None = None
    if doc_cache is not None:
        digest = hashlib.sha256()
        digest.update(
            repr((nlp.meta.get("name"), nlp.meta.get("version"), nlp.pipe_names)).encode()
        )
        for text in texts:
            digest.update(text.encode("utf-8") + b"\0")
        path = doc_cache / f"{digest.hexdigest()[:20]}.spacy"
        if path.is_file():
            return list(DocBin().from_disk(path).get_docs(nlp.vocab))
    with nlp.select_pipes(disable=disabled):
        docs = list(nlp.pipe(texts, batch_size=batch_size))
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        DocBin(docs=docs).to_disk(path)
    return docs


def _format(report: EvalReport) -> str:
    lines = [
        f"{'topic':<14} {'docs':>4} {'ents':>5} {'MUC':>6} {'B3':>6} {'CEAFe':>6} {'CoNLL':>6}"
    ]
    for t in report.topics:
        r = t.restricted
        lines.append(
            f"{t.topic:<14} {t.documents:>4} {t.entities:>5} {r['muc'][2]:>6.3f} "
            f"{r['b3'][2]:>6.3f} {r['ceafe'][2]:>6.3f} {t.conll_f1:>6.3f}"
        )
    lines.append(
        f"mean CoNLL-F1 (system restricted to gold items): {report.mean_conll_f1:.4f}"
        f"   (all system items: {report.mean_conll_f1_all_items:.4f})"
        f"   {len(report.topics)} topics in {report.seconds:.1f}s"
    )
    c = report.clashes
    lines.append(
        f"text counted twice: {c.same_entity} of {c.mentions} mentions overlap one of their"
        f" own entity; {c.identical} identical and {c.crossing} crossing spans of two entities"
    )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point: print per-folder scores and the mean CoNLL-F1."""
    parser = argparse.ArgumentParser(
        prog="python -m evaluation.eval_glossary",
        description="Score the entity glossary on the ECB+ development topics.",
    )
    parser.add_argument(
        "--shared",
        type=Path,
        default=DEFAULT_SHARED,
        help="the shared folder holding eval/ecbplus-dev and eval/score_glossary.py "
        f"(default: {DEFAULT_SHARED})",
    )
    parser.add_argument(
        "--out", type=Path, default=None, help="write each topic's system.json under this folder"
    )
    parser.add_argument(
        "--topic", action="append", default=[], help="score only this folder (repeatable)"
    )
    parser.add_argument(
        "--topics",
        type=topic_numbers,
        default=frozenset(),
        help="score only these ECB+ topic numbers, both sub-topics of each "
        "(e.g. 1-10 to tune, 11-20 to validate)",
    )
    parser.add_argument(
        "--doc-cache",
        type=Path,
        default=None,
        help="keep parsed documents in this folder and reuse them while texts and model agree",
    )
    args = parser.parse_args(argv)
    if not (args.shared / "eval" / "ecbplus-dev").is_dir():
        print(f"no ECB+ data under {args.shared}/eval/ecbplus-dev", file=sys.stderr)
        return 2
    report = evaluate(
        args.shared,
        out_dir=args.out,
        only=args.topic,
        topics=args.topics,
        doc_cache=args.doc_cache,
    )
    print(_format(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
