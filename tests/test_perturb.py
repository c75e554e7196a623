"""The perturbation suite: seeded edits of real articles, and the diff finding exactly those.

``test_suite_on_30_articles`` runs ``python -m evaluation.perturb --limit 30``'s
measurement and pins its figures a little below what it measured (full run
over all 147 eligible ECB+ articles: see the figures in evaluation/perturb.py's
command output).
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from analysis.ingest.article import build_article
from analysis.ingest.formats import SourceDocument
from analysis.model import Article
from evaluation.perturb import EDIT_KINDS, PerturbedPair, figures, main, perturb, run
from tests.conftest import ECB_DEV, SHARED, needs_shared

# Measured with --limit 30 (seed 20241105): conflicts 58/60, false conflicts 0/407,
# removed 60/60, added 60/60, unit restatements 30/30, hedges 30/30 (none a conflict).
FLOORS = {
    "conflict_recall": 0.93,
    "removed_recall": 0.95,
    "added_recall": 0.95,
    "unit_compatible_rate": 0.95,
    "hedge_compatible_rate": 0.95,
}
CEILINGS = {"false_conflict_rate": 0.02, "hedge_conflict_rate": 0.03}

TEXT = """Storm floods riverside towns
March 4, 2013
Heavy rain on Monday flooded 12 homes in the river valley, officials said.
The river rose 3 meters above its usual level overnight.
Rescue crews evacuated 40 residents from the lowest streets.
The mayor said the town would ask the state for emergency funds.
Schools in the valley stayed closed as roads remained under water.
Forecasters expect more rain later in the week across the region.
Volunteers filled sandbags at the fire station until late in the evening.
"""


@pytest.fixture(scope="module")
def analysed() -> tuple[Article, tuple]:
    from analysis.nlp.pipeline import analyze_article

    article = build_article(SourceDocument(TEXT), source="storm", fallback_title="storm")
    return article, analyze_article(article).claims


def _perturb(analysed: tuple[Article, tuple], seed: int) -> PerturbedPair:
    article, claims = analysed
    donors = ["The central bank raised interest rates by half a point.", "A new stadium opened."]
    return perturb("storm", article, claims, donors, random.Random(seed))


def test_perturbation_is_deterministic(analysed: tuple[Article, tuple]) -> None:
    assert _perturb(analysed, 1) == _perturb(analysed, 1)
    assert _perturb(analysed, 1).text_b != _perturb(analysed, 2).text_b


def test_every_kind_of_edit_is_made_once_per_sentence(analysed: tuple[Article, tuple]) -> None:
    pair = _perturb(analysed, 7)
    kinds = [e.kind for e in pair.edits]
    assert set(kinds) == set(EDIT_KINDS)
    assert kinds.count("removed") == 2 and kinds.count("added") == 2
    lines_a = pair.text_a.split("\n")
    lines_b = pair.text_b.split("\n")
    edited = [e.line_a for e in pair.edits if e.line_a is not None]
    assert len(edited) == len(set(edited)), "one edit per sentence"
    for e in pair.edits:
        if e.kind == "removed":
            assert e.line_a is not None and lines_a[e.line_a] not in lines_b
        elif e.kind == "added":
            assert e.line_b is not None and lines_b[e.line_b] == e.after
        else:
            assert e.line_a is not None and e.line_b is not None
            assert lines_a[e.line_a] == e.before and lines_b[e.line_b] == e.after
            assert e.before != e.after
    for i in pair.untouched_lines_a():
        assert lines_a[i] in lines_b


def test_edits_say_what_they_promise(analysed: tuple[Article, tuple]) -> None:
    pair = _perturb(analysed, 3)
    by_kind = {e.kind: e for e in pair.edits if e.kind not in ("removed", "added")}
    unit = by_kind["unit"]
    assert any(w in unit.after for w in ("feet", "miles", "kilometers", "pounds", "meters"))
    hedge = by_kind["hedge"]
    assert any(h in hedge.after for h in ("about ", "at least ", "nearly "))
    assert hedge.after.replace("about ", "").replace("at least ", "").replace(
        "nearly ", ""
    ) == hedge.before.replace("about ", "").replace("at least ", "").replace("nearly ", "")


def test_command_fails_clearly_without_shared(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--shared", str(tmp_path)]) == 2
    assert "not found" in capsys.readouterr().err


@pytest.mark.slow
@needs_shared
def test_suite_on_30_articles() -> None:
    assert ECB_DEV.is_dir()
    tally, info = run(SHARED, limit=30)
    result = figures(tally)
    print(f"\n{info}\n" + "\n".join(f"{k}: {v:.3f}" for k, v in result.items()))
    assert info["articles"] == 30
    for key, floor in FLOORS.items():
        assert result[key] >= floor, (key, result[key])
    for key, ceiling in CEILINGS.items():
        assert result[key] <= ceiling, (key, result[key])
    assert tally.trials["conflict"] >= 55 and tally.trials["false_conflict"] >= 300
