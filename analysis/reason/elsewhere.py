"""Where else a claim is reported: the same fact in the other articles of its story.

Pure: the coverage of the story (:func:`~analysis.reason.coverage.cover`), the
articles' claims and their metadata in, one :class:`Elsewhere` per other
article's claim of the same fact out. The article screen shows them when the
reader presses enter on a claim.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from analysis.model import ArticleSummary, Claim
from analysis.reason.compare import compare_claims
from analysis.reason.coverage import Coverage


@dataclass(frozen=True, slots=True)
class Elsewhere:
    """The same fact in another article: its claim there, and how the two compare.

    ``status`` is the diff's verdict for the pair as a row marks it: ``agree``,
    ``compatible`` (same fact, different rounding or hedging), ``check`` (a
    figure, date, polarity or source differs, but maybe not of one event) or ``conflict``.
    """

    article: str
    title: str
    outlet: str | None
    text: str
    start: int
    status: str

    @property
    def conflict(self) -> bool:
        return self.status == "conflict"


def articles_to_search(article_id: str, summaries: Sequence[ArticleSummary]) -> list[str]:
    """The articles in which to look for a claim of ``article_id``: its story's.

    The whole library when the article is alone in its story (or in none); the
    article itself is always among them.
    """
    own = next((a for a in summaries if a.id == article_id), None)
    story = own.story if own else None
    ids = [a.id for a in summaries if story and a.story == story]
    if len(ids) < 2:
        ids = [a.id for a in summaries]
    if article_id not in ids:
        ids.append(article_id)
    return ids


def claim_elsewhere(
    claim: Claim,
    article_id: str,
    coverage: Coverage,
    claims_of: Callable[[str], Sequence[Claim]],
    articles: Mapping[str, ArticleSummary],
    speakers: Mapping[str, str] | None = None,
) -> list[Elsewhere]:
    """Every other article's claim of the fact ``claim`` (of ``article_id``) states.

    ``claims_of`` gives an article's claims (read only for the articles that
    report the fact); ``articles`` their titles, outlets and dates;
    ``speakers`` the glossary entity of who says each claim, as the coverage
    was given it.
    """
    found: list[Elsewhere] = []
    for fact in coverage.facts:
        mine = fact.claim_in(article_id)
        if mine is None or mine.claim.claim != claim.id:
            continue
        conflicting = {frozenset((pair.a, pair.b)) for pair in fact.conflicts}
        unsure = {frozenset((pair.a, pair.b)) for pair in fact.checks}
        for other in fact.claims:
            if other.article == article_id:
                continue
            summary = articles.get(other.article)
            if frozenset((claim.id, other.claim.claim)) in conflicting:
                status = "conflict"  # the coverage's verdict on this very pair
            elif frozenset((claim.id, other.claim.claim)) in unsure:
                status = "check"
            else:
                status = _verdict(
                    claim,
                    article_id,
                    other.article,
                    other.claim.claim,
                    claims_of,
                    articles,
                    speakers or {},
                )
            found.append(
                Elsewhere(
                    article=other.article,
                    title=summary.title if summary else other.article[:8],
                    outlet=summary.outlet if summary else None,
                    text=other.claim.text,
                    start=other.claim.start,
                    status=status,
                )
            )
    return found


def _verdict(
    claim: Claim,
    article_id: str,
    other_article: str,
    claim_id: str,
    claims_of: Callable[[str], Sequence[Claim]],
    articles: Mapping[str, ArticleSummary],
    speakers: Mapping[str, str],
) -> str:
    """The verdict on two claims of one fact, as the coverage gives it (never "unrelated"),
    or "check" for a difference to check."""
    other = next((c for c in claims_of(other_article) if c.id == claim_id), None)
    if other is None:
        return "agree"
    own, theirs = articles.get(article_id), articles.get(other_article)
    verdict = compare_claims(
        claim,
        other,
        published_a=own.published if own else None,
        published_b=theirs.published if theirs else None,
        threshold=0.0,  # clustering put them in one fact, as coverage's own verdicts assume
        speaker_a=speakers.get(claim.id),
        speaker_b=speakers.get(other.id),
    )
    return "check" if verdict.check else verdict.status
