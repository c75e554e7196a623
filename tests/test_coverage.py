"""The coverage matrix: claims of many articles clustered into facts.

On the sample pair: the facts both outlets report, the conflicting ICBM dates,
what each reports alone; with a third version of the Bloomberg article whose
distance figure differs, the distance fact lists three articles and conflicts.
On hand-made claims: one claim per article per fact, repeats, order, codecs.
The cost is counted (claim pairs compared, deterministic) on one story told by
100 to 400 articles. Against ECB+ (skipped without ../shared), pairwise
precision and recall on a few topics are pinned (``python -m
evaluation.eval_coverage`` prints all of them).
"""

from __future__ import annotations

import json
import time
from typing import Any

import pytest

from analysis.ingest.article import build_article
from analysis.ingest.formats import SourceDocument
from analysis.model import Article, Claim
from analysis.nlp.pipeline import ArticleAnalysis
from analysis.reason.coverage import Coverage, CoverStats, Fact, cover, coverage_to_json
from tests.conftest import SAMPLE_A, SAMPLE_B, SHARED, needs_shared

PUBLISHED = "2024-11-05"
# The distance in Bloomberg's text, and the figure the third version gives instead.
DISTANCE = "around 400 kilometers (249 miles)"
OTHER_DISTANCE = "around 600 kilometers (373 miles)"


def _article(text: str, source: str) -> Article:
    return build_article(
        SourceDocument(text, meta={"published": PUBLISHED}), source=source, fallback_title=source
    )


@pytest.fixture(scope="module")
def analysed() -> list[tuple[Article, ArticleAnalysis]]:
    """The sample pair and a copy of the Bloomberg article with one figure changed."""
    from analysis.nlp.pipeline import analyze_articles

    text_b = SAMPLE_B.read_text(encoding="utf-8")
    assert DISTANCE in text_b
    articles = [
        _article(SAMPLE_A.read_text(encoding="utf-8"), str(SAMPLE_A)),
        _article(text_b, str(SAMPLE_B)),
        _article(text_b.replace(DISTANCE, OTHER_DISTANCE), "changed-figure"),
    ]
    return list(zip(articles, analyze_articles(articles), strict=True))


def _cover(analysed: list[tuple[Article, ArticleAnalysis]], count: int) -> Coverage:
    chosen = analysed[:count]
    return cover({a.id: r.claims for a, r in chosen}, {a.id: a.published for a, _ in chosen})


@pytest.fixture(scope="module")
def pair(analysed: list[tuple[Article, ArticleAnalysis]]) -> Coverage:
    return _cover(analysed, 2)


@pytest.fixture(scope="module")
def three(analysed: list[tuple[Article, ArticleAnalysis]]) -> Coverage:
    return _cover(analysed, 3)


def _fact_with(coverage: Coverage, article: str, substring: str) -> Fact:
    """The fact holding the claim of ``article`` whose text contains ``substring``."""
    found = [
        f
        for f in coverage.facts
        for fc in f.claims
        if fc.article == article and substring in fc.claim.text
    ]
    assert len(found) == 1, f"{substring!r} is in {len(found)} facts"
    return found[0]


def _ids(analysed: list[tuple[Article, ArticleAnalysis]]) -> list[str]:
    return [a.id for a, _ in analysed]


# --- the sample pair ----------------------------------------------------------------------------


def test_distance_fact_is_reported_by_both_without_conflict(
    analysed: list[tuple[Article, ArticleAnalysis]], pair: Coverage
) -> None:
    a, b, _ = _ids(analysed)
    fact = _fact_with(pair, a, "up to 400 kilometers")
    assert fact.articles == (a, b)
    other = fact.claim_in(b)
    assert other is not None and "400 kilometers (249 miles)" in other.claim.text
    assert not fact.conflict and fact.conflicts == ()


def test_icbm_dates_are_one_fact_whose_date_difference_is_shown(
    analysed: list[tuple[Article, ArticleAnalysis]], pair: Coverage
) -> None:
    """Known miss (as in test_align): the gold calls this a conflict of dates.

    The two claims word the launch too differently for the same-event test, so
    the fact is reported by both and its date difference is a reason, not a
    conflict.
    """
    a, b, _ = _ids(analysed)
    fact = _fact_with(pair, a, "tested on Oct. 31")
    assert fact.articles == (a, b)
    other = fact.claim_in(b)
    assert other is not None and other.claim.text.startswith("On Friday")
    assert not fact.conflict
    assert fact not in pair.conflicting()


def test_what_each_outlet_reports_alone(
    analysed: list[tuple[Article, ArticleAnalysis]], pair: Coverage
) -> None:
    a, b, _ = _ids(analysed)
    kim = _fact_with(pair, a, "Kim Yo Jong")
    assert kim.articles == (a,)
    assert kim in pair.only_in(a)
    hwanghae = _fact_with(pair, b, "North Hwanghae")
    assert hwanghae.articles == (b,)
    assert hwanghae in pair.only_in(b)
    assert not set(pair.only_in(a)) & set(pair.only_in(b))


def test_facts_shared_by_the_pair(
    analysed: list[tuple[Article, ArticleAnalysis]], pair: Coverage
) -> None:
    """The pairs a careful reader makes (tests/gold/sample_alignment.json), and no others."""
    a, b, _ = _ids(analysed)
    shared = {
        (f.claim_in(a).claim.text[:30], f.claim_in(b).claim.text[:30])  # type: ignore[union-attr]
        for f in pair.shared()
    }
    assert shared == {
        ("North Korea conducted a series", "North Korea fired multiple sho"),
        ("Japanese Defense Minister Gen ", "At least seven missiles flew a"),
        ("South Korea’s military also de", "Following the latest launch, S"),
        ("In reaction to the ICBM test, ", "On Sunday, the US flew a B-1B "),
        ("North Korea claimed that the H", "On Friday, North Korea fired a"),
        ("Reports suggest that up to 10,", "North Korea is dispatching abo"),
    }
    # The one conflict of the gold is held back (see the test above).
    assert pair.counts()["shared"] == 6 and pair.counts()["conflicts"] == 0


def test_changed_figure_in_a_third_article_makes_the_fact_conflict(
    analysed: list[tuple[Article, ArticleAnalysis]], three: Coverage
) -> None:
    a, b, c = _ids(analysed)
    fact = _fact_with(three, a, "up to 400 kilometers")
    assert fact.articles == (a, b, c)
    changed = fact.claim_in(c)
    assert changed is not None and "600 kilometers" in changed.claim.text
    assert fact.conflict
    involved = {claim for x in fact.conflicts for claim in (x.a, x.b)}
    assert changed.claim.claim in involved
    # The original pair still agrees on the distance: only the changed figure conflicts.
    original = {fact.claim_in(a).claim.claim, fact.claim_in(b).claim.claim}  # type: ignore[union-attr]
    assert all({x.a, x.b} != original for x in fact.conflicts)
    assert all(
        r.kind in ("quantity", "hedge", "detail", "attribution")
        for x in fact.conflicts
        for r in x.reasons
    )
    assert any(r.kind == "quantity" for x in fact.conflicts for r in x.reasons)


def test_the_copy_reports_what_bloomberg_reports(
    analysed: list[tuple[Article, ArticleAnalysis]], three: Coverage
) -> None:
    a, b, c = _ids(analysed)
    hwanghae = _fact_with(three, b, "North Hwanghae")
    assert hwanghae.articles == (b, c)
    assert three.only_in(b) == ()
    assert _fact_with(three, a, "Kim Yo Jong").articles == (a,)


@pytest.mark.parametrize("count", [2, 3])
def test_matrix_invariants(analysed: list[tuple[Article, ArticleAnalysis]], count: int) -> None:
    coverage = _cover(analysed, count)
    ids = _ids(analysed)[:count]
    assert coverage.articles == tuple(ids)
    matrix = coverage.matrix()
    assert len(matrix) == len(coverage.facts)
    every_claim: list[str] = []
    for fact, row in zip(coverage.facts, matrix, strict=True):
        assert len(row) == count
        # One claim per article per fact, articles in the matrix's order.
        assert len(set(fact.articles)) == len(fact.articles) == len(fact.claims)
        assert list(fact.articles) == [a for a in ids if a in fact.articles]
        assert [c for c in row if c is not None] == [fc.claim.claim for fc in fact.claims]
        assert all(r.article in fact.articles for r in fact.repeats)
        assert fact.label in {fc.claim.text for fc in fact.claims}
        every_claim += [fc.claim.claim for fc in (*fact.claims, *fact.repeats)]
    # Every claim but captions repeating a body claim lands in exactly one fact.
    expected = [c.id for _, r in analysed[:count] for c in r.claims if c.caption_of is None]
    assert sorted(every_claim) == sorted(expected)
    # Most articles first, then in reading order of the first article reporting it.
    keys = [
        (-len(f.articles), ids.index(f.articles[0]), f.claims[0].claim.start)
        for f in coverage.facts
    ]
    assert keys == sorted(keys)
    counts = coverage.counts()
    assert counts["facts"] == counts["shared"] + counts["single"] == len(coverage.facts)
    per_article = coverage.article_counts()
    for article in ids:
        assert per_article[article]["only"] == len(coverage.only_in(article))


def test_codecs_round_trip_and_json(
    analysed: list[tuple[Article, ArticleAnalysis]], three: Coverage
) -> None:
    data = json.loads(json.dumps(three.to_dict()))
    assert Coverage.from_dict(data) == three
    out = coverage_to_json([a for a, _ in analysed], three)
    assert [x["id"] for x in out["articles"]] == _ids(analysed)
    assert out["articles"][0]["published"] == PUBLISHED
    assert out["summary"] == three.counts()
    json.dumps(out)


def test_deterministic(analysed: list[tuple[Article, ArticleAnalysis]], three: Coverage) -> None:
    assert _cover(analysed, 3) == three


# --- hand-made claims ---------------------------------------------------------------------------


def _claim(article: str, start: int, text: str, **fields: Any) -> Claim:
    return Claim(
        id=f"{article}:{start}",
        article=article,
        start=start,
        end=start + len(text),
        text=text,
        **fields,
    )


FLOOD = {
    "a": [
        _claim("a", 0, "The governor declared a state of emergency in the flooded county."),
        _claim("a", 100, "Rescue crews evacuated residents from riverside neighborhoods."),
        _claim(
            "a", 200, "A state of emergency was declared in the flooded county by the governor."
        ),
    ],
    "b": [
        _claim("b", 0, "Farmers fear the harvest is lost across the valley."),
        _claim("b", 100, "The governor declared a state of emergency in the county."),
    ],
    "c": [
        _claim(
            "c", 0, "The governor declared a state of emergency in the flooded county on Monday."
        ),
        _claim("c", 100, "Rescue crews evacuated residents of riverside neighborhoods overnight."),
        _claim("c", 300, "A photo of the flooded county.", caption_of="c:0", block_role="caption"),
    ],
}


def test_one_claim_per_article_and_repeats_are_not_reported_alone() -> None:
    coverage = cover(FLOOD)
    emergency = _fact_with(coverage, "a", "The governor declared")
    assert emergency.articles == ("a", "b", "c")
    assert [r.claim.claim for r in emergency.repeats] == ["a:200"]
    assert coverage.only_in("a") == ()
    rescue = _fact_with(coverage, "a", "Rescue crews")
    assert rescue.articles == ("a", "c")
    assert [f.articles for f in coverage.facts] == [("a", "b", "c"), ("a", "c"), ("b",)]
    # The caption repeating c's body claim is left out.
    assert all(fc.claim.claim != "c:300" for f in coverage.facts for fc in f.claims)


def test_generic_words_alone_do_not_make_a_fact() -> None:
    coverage = cover(
        {
            "a": [_claim("a", 0, "Officials said the situation remains serious in the region.")],
            "b": [_claim("b", 0, "The region's economy grew faster than officials expected.")],
        }
    )
    assert [f.articles for f in coverage.facts] == [("a",), ("b",)]


def test_empty_and_single_article() -> None:
    assert cover({}) == Coverage((), ())
    assert cover({"a": []}).facts == ()
    single = cover({"a": FLOOD["a"][:2]})
    assert [f.articles for f in single.facts] == [("a",), ("a",)]
    assert single.only_in("a") == single.facts


def test_stats_count_what_was_compared() -> None:
    stats = CoverStats()
    cover(FLOOD, stats=stats)
    assert stats.claims == 7  # the caption is left out
    assert 0 < stats.scored <= 7 * 6 // 2
    assert stats.comparisons == stats.scored + stats.verdicts
    assert stats.merges == 3 and stats.repeats == 1


_SEEDED_RUN = """
import json, sys
from analysis.reason.coverage import CoverStats, cover
from evaluation.eval_coverage import replicated_story
from analysis.model import Claim
claims = {k: [Claim.from_dict(c) for c in v] for k, v in json.loads(sys.stdin.read()).items()}
story = replicated_story(claims, 100)
stats = CoverStats()
facts = cover(story, dict.fromkeys(story, "2024-11-05"), stats=stats).to_dict()
print(stats.comparisons, json.dumps(facts))
"""


def test_same_facts_and_cost_whatever_the_hash_seed(
    analysed: list[tuple[Article, ArticleAnalysis]],
) -> None:
    """Sets yield their items in another order in every process: nothing may change with it.

    Summing term weights in set order gave 20874 to 20876 comparisons on this
    input, depending on the seed.
    """
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    data = json.dumps({a.id: [c.to_dict() for c in r.claims] for a, r in analysed[:2]})
    outputs = set()
    for seed in ("1", "2", "4"):
        done = subprocess.run(
            [sys.executable, "-c", _SEEDED_RUN],
            input=data,
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            cwd=ROOT,
            check=True,
        )
        outputs.add(done.stdout)
    assert len(outputs) == 1


# --- cost ---------------------------------------------------------------------------------------


def test_cost_grows_linearly_with_the_articles_of_one_story(
    analysed: list[tuple[Article, ArticleAnalysis]],
) -> None:
    """One story told by 100 and by 400 articles: every fact is in hundreds of them.

    Comparing every claim with every other one would grow 16-fold; the pairs
    compared must grow like the claims (4-fold), and the time likewise.
    """
    from evaluation.eval_coverage import replicated_story

    story = replicated_story({a.id: r.claims for a, r in analysed[:2]}, 400)
    ids = list(story)
    figures = {}
    for n in (100, 400):
        stats = CoverStats()
        subset = {a: story[a] for a in ids[:n]}
        # CPU time: other processes on the machine must not skew the ratio.
        started = time.process_time()
        coverage = cover(subset, dict.fromkeys(subset, PUBLISHED), stats=stats)
        seconds = time.process_time() - started
        figures[n] = (stats.claims, stats.comparisons, seconds, coverage)
        print(
            f"\n{n} articles: {stats.claims} claims, {stats.comparisons} compared, "
            f"{seconds:.2f} s CPU"
        )
        # A claim is compared with a bounded number of others, whatever the size.
        assert stats.comparisons <= 12 * stats.claims
    claims_ratio = figures[400][0] / figures[100][0]
    assert figures[400][1] / figures[100][1] <= 1.1 * claims_ratio  # measured x3.99, claims x4.01
    # Time is left to the benchmarks (a ratio in one run); the count above is
    # the deterministic form of "near-linear".
    # The story's facts are found as such: the widest is in about 4 of 5 copies.
    coverage = figures[400][3]
    assert len(coverage.facts) <= 60
    assert max(len(f.articles) for f in coverage.facts) >= 300


# --- ECB+ ---------------------------------------------------------------------------------------

# Both folders (two events of one kind) of three topics: 71 articles, ~20 s of analysis.
ECB_TOPICS = ("t03_ecb", "t03_ecbplus", "t07_ecb", "t07_ecbplus", "t12_ecb", "t12_ecbplus")
# Measured on ECB_TOPICS: per folder P 0.987 R 0.576 (base rate 0.917); each topic's
# two folders together P 0.525 R 0.472 (base rate 0.475). Boxing title defences and
# navy anti-piracy raids: the two events of a topic are told in the same words, so
# telling them apart stays close to chance here (0.564 before the pairing model
# scored pairs alike whichever article is A; on every dev folder it is 0.674).
PINNED = {"folders_p": 0.95, "folders_r": 0.54, "topics_p": 0.51, "topics_r": 0.45}
# How far above the base rate the topic-level precision must stay.
ABOVE_CHANCE = 0.04


@pytest.fixture(scope="session")
def ecb_folders() -> list[Any]:
    from evaluation.eval_coverage import load_folders

    return load_folders(SHARED, ECB_TOPICS)


@needs_shared
@pytest.mark.slow
def test_ecb_pairwise_precision_and_recall(ecb_folders: list[Any]) -> None:
    from evaluation.eval_coverage import micro, score_folders, score_topics

    folders = micro(score_folders(ecb_folders))
    topics = micro(score_topics(ecb_folders))
    print(
        f"\nper folder: P {folders.precision:.3f} R {folders.recall:.3f} "
        f"(base {folders.base_rate:.3f}); topics together: P {topics.precision:.3f} "
        f"R {topics.recall:.3f} (base {topics.base_rate:.3f})"
    )
    assert folders.precision >= PINNED["folders_p"]
    assert folders.recall >= PINNED["folders_r"]
    # Two events of one kind clustered together: precision above chance.
    assert topics.precision >= PINNED["topics_p"]
    assert topics.precision >= topics.base_rate + ABOVE_CHANCE
    assert topics.recall >= PINNED["topics_r"]


@needs_shared
@pytest.mark.slow
def test_ecb_cost_per_claim_is_bounded(ecb_folders: list[Any]) -> None:
    stats = CoverStats()
    documents = [d for f in ecb_folders for d in f.documents]
    cover({d.article.id: d.claims for d in documents}, stats=stats)
    assert stats.comparisons <= 25 * stats.claims


def test_two_articles_group_as_the_diff_pairs_them(
    analysed: list[tuple[Article, ArticleAnalysis]],
) -> None:
    # Coverage links facts with the diff's learnt similarity: on two articles,
    # a fact both report is a pair the diff makes (a claim the diff pairs twice
    # joins one of its partners, as a fact holds one claim per article).
    from analysis.reason.align import align_claims

    (a, ra), (b, rb) = analysed[0], analysed[1]
    assert all(c.vector for c in (*ra.claims, *rb.claims))
    rows = align_claims(ra.claims, rb.claims, published_a=a.published, published_b=b.published)
    paired = {(r.a.claim, r.b.claim) for r in rows if r.a and r.b}
    coverage = _cover(analysed, 2)
    shared = [f for f in coverage.facts if len(f.articles) == 2]
    grouped = {(f.claims[0].claim.claim, f.claims[1].claim.claim) for f in shared}
    assert grouped and grouped <= paired
    once = {x for x, _ in paired}
    assert len(grouped) >= 0.8 * len(once)


def test_the_same_articles_give_the_same_facts_in_any_order(
    sample_library_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import itertools

    import analysis.reason.coverage as coverage_code
    from store import results
    from store.library import Library
    from tests.conftest import add_conflicting_copy

    library = Library.open(sample_library_path)
    add_conflicting_copy(library)
    ids = sorted(a.id for a in library.list_articles())
    assert len(ids) == 3
    # Clustering is order-sensitive (ties, merge order): it always runs on one order.
    orders_run: list[list[str]] = []
    real_cover = coverage_code.cover

    def spy(claims, *args, **kwargs):  # type: ignore[no-untyped-def]
        orders_run.append(list(claims))
        return real_cover(claims, *args, **kwargs)

    monkeypatch.setattr(coverage_code, "cover", spy)
    monkeypatch.setattr(library, "get_cached", lambda kind, key: None)
    seen = []
    for order in itertools.permutations(ids):
        found = results.coverage(library, list(order))
        assert found.articles == order  # the columns as asked
        first = {order[0]}
        for fact in found.facts:
            assert [c.article for c in fact.claims] == sorted(
                (c.article for c in fact.claims), key=order.index
            )
        shared = [f for f in found.facts if len(f.articles) == 3]
        # The first article's reading order leads among facts all three report.
        starts = [f.claims[0].claim.start for f in shared if f.claims[0].article in first]
        assert starts == sorted(starts)
        seen.append(
            (
                sorted(tuple(sorted(c.claim.claim for c in f.claims)) for f in found.facts),
                sorted(f.id for f in found.facts if f.conflict),
                sorted(f.id for f in found.facts if f.checks),
            )
        )
    assert all(s == seen[0] for s in seen)
    assert seen[0][1], "the copy's changed figure is a conflict in every order"
    assert len(orders_run) == 6 and all(run == ids for run in orders_run)
