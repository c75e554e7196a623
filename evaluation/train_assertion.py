"""Train the same-assertion model (``analysis/reason/assertion_model.json``) on MRPC pairs.

``python -m evaluation.train_assertion`` reads the MRPC training split in
``../shared/eval/mrpc-train`` (sentence pairs from different outlets, judged
by people as the same assertion or not), leaves out the pairs that
``score_mrpc.py`` checks by default (its first 600 after its seeded shuffle)
so that check stays a check, embeds both sentences of every other pair, fits a
logistic model over :data:`analysis.reason.assertion.FEATURES` and sets the
threshold for ``agree`` so that at most :data:`MAX_FALSE_AGREE` of the
non-paraphrases it was fitted on reach it. It prints the same figures for the
held-apart pairs.

Deterministic: the same data and code give the same file.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from analysis.reason.assertion import FEATURES, MODEL_FILE, assertion_features
from analysis.reason.compare import content_terms
from analysis.reason.logistic import LogisticModel
from evaluation.train_pairing import fit

MRPC = Path(__file__).resolve().parents[2] / "shared" / "eval" / "mrpc-train"
CHECKED = 600  # score_mrpc.py's default sample, shuffled with its seed 3
MAX_FALSE_AGREE = 0.07


def load_pairs(path: Path = MRPC / "msr_paraphrase_train.txt") -> list[tuple[int, str, str]]:
    """(label, sentence 1, sentence 2) for every pair, in file order."""
    rows = []
    with path.open(encoding="utf-8-sig") as f:
        next(f)
        for line in f:
            p = line.rstrip("\n").split("\t")
            if len(p) == 5:
                rows.append((int(p[0]), p[3].strip(), p[4].strip()))
    return rows


def split(rows: list[tuple[int, str, str]]) -> tuple[list, list]:
    """(training pairs, the pairs score_mrpc.py checks by default)."""
    shuffled = list(rows)
    random.Random(3).shuffle(shuffled)
    checked = set(shuffled[:CHECKED])
    return [r for r in rows if r not in checked], shuffled[:CHECKED]


def features(rows: Sequence[tuple[int, str, str]], vectors: dict[str, np.ndarray]) -> np.ndarray:
    out = []
    for _, a, b in rows:
        cos = float(vectors[a] @ vectors[b])
        ta, tb = frozenset(content_terms(a)), frozenset(content_terms(b))
        out.append(assertion_features(cos, ta, tb, a, b))
    return np.array(out)


def report(name: str, model: LogisticModel, x: np.ndarray, y: np.ndarray) -> None:
    p = model.probability(x)
    agree = p >= model.threshold
    neg, pos = y == 0, y == 1
    print(
        f"{name}: non-paraphrases judged agree {agree[neg].mean():.1%}, "
        f"paraphrases judged agree {agree[pos].mean():.1%}, "
        f"accuracy at 0.5 {((p >= 0.5) == pos).mean():.1%}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m evaluation.train_assertion", description=__doc__
    )
    parser.add_argument("--dry-run", action="store_true", help="print figures, write nothing")
    args = parser.parse_args(argv)
    from analysis.nlp.embed import shared_embedder

    rows = load_pairs()
    train, checked = split(rows)
    texts = sorted({t for _, a, b in rows for t in (a, b)})
    vectors = dict(zip(texts, shared_embedder().embed(texts), strict=True))
    x, y = features(train, vectors), np.array([float(r[0]) for r in train])
    xc, yc = features(checked, vectors), np.array([float(r[0]) for r in checked])
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale = np.where(scale > 1e-9, scale, 1.0)
    coef, bias = fit((x - mean) / scale, y, np.ones(len(y)))
    probe = LogisticModel(FEATURES, mean, scale, coef, bias, 0.5, "")
    p_neg = np.sort(probe.probability(x[y == 0]))
    threshold = float(p_neg[int(np.ceil(len(p_neg) * (1 - MAX_FALSE_AGREE))) - 1])
    model = LogisticModel(FEATURES, mean, scale, coef, bias, threshold, "")
    report(f"MRPC training pairs ({len(train)})", model, x, y)
    report(f"MRPC pairs score_mrpc checks ({len(checked)}, not trained on)", model, xc, yc)
    print("weights:", {k: round(float(v), 3) for k, v in zip(FEATURES, coef, strict=True)})
    print(f"threshold {threshold:.3f}")
    if not args.dry_run:
        data = model.to_dict()
        data["version"] = "trained on MRPC training pairs outside score_mrpc's default sample"
        MODEL_FILE.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {MODEL_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
