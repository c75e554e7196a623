"""Where else a claim is reported: the other articles' claims of its fact, with verdicts.

On hand-made claims of three invented articles: a ferry's passenger count
that two outlets give alike and a third gives otherwise.
"""

from __future__ import annotations

from analysis.model import ArticleSummary, Claim, Quantity
from analysis.reason.coverage import cover
from analysis.reason.elsewhere import articles_to_search, claim_elsewhere


def _summary(article_id: str, story: str | None) -> ArticleSummary:
    return ArticleSummary(
        id=article_id,
        title=f"Title of {article_id}",
        outlet=f"Outlet {article_id.upper()}",
        published="2023-03-14",
        source=f"{article_id}.txt",
        words=100,
        version=1,
        versions=1,
        imported_at="2023-03-14T10:00:00",
        story=story,
    )


def _passengers(article_id: str, count: int) -> Claim:
    text = f"The ferry to Marlowe Island carried {count} passengers when its engine failed."
    return Claim(
        id=f"{article_id}:0",
        article=article_id,
        start=0,
        end=len(text),
        text=text,
        quantities=(
            Quantity(f"{count} passengers", count, None, count, "passenger", "passengers"),
        ),
    )


CLAIMS = {
    "a": [_passengers("a", 212)],
    "b": [_passengers("b", 212)],
    "c": [_passengers("c", 480)],
}
SUMMARIES = {i: _summary(i, "ferry") for i in CLAIMS}


def test_the_story_is_searched_or_the_library_when_alone() -> None:
    summaries = [_summary("a", "s1"), _summary("b", "s1"), _summary("c", "s2")]
    assert articles_to_search("a", summaries) == ["a", "b"]
    assert articles_to_search("c", summaries) == ["a", "b", "c"]
    assert articles_to_search("z", summaries) == ["a", "b", "c", "z"]


def test_each_other_article_is_listed_with_the_verdict_for_the_pair() -> None:
    coverage = cover(CLAIMS)
    found = claim_elsewhere(CLAIMS["a"][0], "a", coverage, CLAIMS.__getitem__, SUMMARIES)
    by_article = {e.article: e for e in found}
    assert set(by_article) == {"b", "c"}
    # b conflicts with c, as a does, but a and b give the same count: they agree.
    assert by_article["b"].status == "agree"
    assert by_article["c"].status == "conflict" and by_article["c"].conflict
    assert by_article["c"].title == "Title of c" and by_article["c"].outlet == "Outlet C"
    assert by_article["c"].text == CLAIMS["c"][0].text


def test_a_claim_in_no_shared_fact_is_reported_nowhere_else() -> None:
    lone = Claim("a:9", "a", 0, 30, "Gulls nested on the old pier all spring.")
    claims = {**CLAIMS, "a": [*CLAIMS["a"], lone]}
    coverage = cover(claims)
    assert claim_elsewhere(lone, "a", coverage, claims.__getitem__, SUMMARIES) == []


def test_the_verdict_reads_speakers_as_the_coverage_does() -> None:
    from analysis.model import Attribution

    def quoted(article_id: str, source: str) -> Claim:
        text = f"\u201cThe ferry will sail at dawn,\u201d {source} said."
        return Claim(
            f"{article_id}:0",
            article_id,
            0,
            len(text),
            text,
            kind="quote",
            attribution=Attribution(source, "said"),
        )

    # One harbour master, named by title in one outlet and by name in the other.
    claims = {"a": [quoted("a", "the harbour master")], "b": [quoted("b", "Odile Brant")]}
    speakers = {"a:0": "ent-brant", "b:0": "ent-brant"}
    coverage = cover(claims, speakers=speakers)
    found = claim_elsewhere(claims["a"][0], "a", coverage, claims.__getitem__, SUMMARIES, speakers)
    assert [e.status for e in found] == ["agree"]
    # Without the glossary's link the two names read as two sources.
    unlinked = claim_elsewhere(claims["a"][0], "a", cover(claims), claims.__getitem__, SUMMARIES)
    assert [e.status for e in unlinked] != ["agree"]
