"""The coverage matrix: the claims of many articles clustered into facts.

A *fact* is one assertion as several articles make it: for each article that
reports it, the claim in which it does, and whether any two of those claims
conflict. Laid out fact by article, this is who reports what, who alone, and
who disagrees.

Links come from the same learnt similarity as the two-article diff when the
claims carry embeddings and the articles are few enough
(:data:`LEARNT_MAX_ARTICLES`, a story's coverage): every pair of articles is
scored as the diff scores it (:mod:`analysis.reason.pairing`), and a link is a
pair the model accepts, so facts worded differently by different outlets
group as they pair. Merging (step 3) then asks even odds
(:data:`LEARNT_COHESION`) of the centres. Otherwise steps 1 and 2 below link
claims by words, and clustering never compares every claim with every other
one, so its cost grows close to linearly with the number of articles:

1. *Candidates.* Each claim is indexed under its :func:`~analysis.reason.compare.blocking_keys`
   (its rarest words among those at least two articles use, its quantity
   kinds, its dates). A claim meets the claims of other articles within
   :data:`WINDOW` places of it in the postings list of each key, the shortest
   lists first, until it has :data:`CANDIDATE_BUDGET` partners. A short list
   is taken whole; in a long one (a fact every outlet reports) the pairs are
   sampled, a sorted-neighbourhood window, and merging (step 3) joins what the
   samples link. Each claim costs a bounded number of comparisons.
2. *Scores.* Each candidate pair is scored once with
   :func:`~analysis.reason.compare.claim_similarity`; pairs at or above the match
   threshold are links.
3. *Merging.* Links (sharing at least :data:`MIN_SHARED_TERMS` terms) are
   taken best first. Two clusters merge when they share no article (a fact
   holds at most one claim per article), their central claims are similar
   (:data:`COHESION`), and so is each linked claim to the other cluster's
   centre. Requiring the centres to match, and not merely one pair of members,
   keeps a chain of pairwise-similar claims from drifting across several facts.
   A cluster's centre is the member with the largest summed link score to the
   others.
4. *Repeats.* A claim left alone because its article already has a claim in
   the fact it matches (a headline and the body saying the same) joins that
   fact as a *repeat*: it is listed, but the article's cell stays the first
   claim, and it is not counted as a fact the article reports alone.
5. *Verdicts.* Within each fact, claims are compared with
   :func:`~analysis.reason.compare.compare_features`: every pair in a small fact; in a
   large one, one claim per distinct set of figures, dates, polarity and
   source (the things a verdict depends on), each against the
   :data:`VARIANTS_CAP` most common ones, so a fact reported by hundreds of
   articles costs about as many verdicts as it has variants. Repeats are
   listed, not compared.

Pure: data in, data out, no model and no store. Captions repeating a body
claim (``caption_of``) are left out, as in the two-article diff.

Why one module of some 650 lines: the types, the clustering and the fact
building are one algorithm whose data shapes change together; :func:`cover`
alone is half of it.
"""

from __future__ import annotations

import gc
import hashlib
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any, NamedTuple

import numpy as np

from analysis.model import Claim, ClaimRef, Reason
from analysis.reason.align import ArticleLike, aligned_claims
from analysis.reason.compare import (
    MATCH_THRESHOLD,
    ClaimFeatures,
    TermWeights,
    blocking_keys,
    claim_features,
    claim_similarity,
    compare_features,
    find_acronyms,
    may_clash,
    term_weights,
)
from analysis.version import module_version

# Coverage cached under another version is recomputed: derived from the source of this
# module and of every analysis module it imports (align, compare, the lexicon, ...).
COVERAGE_VERSION = module_version(__name__)

# A link needs this many shared terms: one word in common is a coincidence, however
# rare the word ("happen" in "Who knows what happens" and "Nothing odd is going to happen").
MIN_SHARED_TERMS = 2
# How many distinctive terms index each claim (besides its quantity kinds and dates).
BLOCKING_LIMIT = 6
# A claim meets the claims this many places before and after it in the postings
# list of each of its keys (all of a short list): pairing every claim of a long
# list with every other would make the cost grow with the square of the number
# of articles reporting a fact.
WINDOW = 8
# The most partners one claim proposes, over all its keys: the candidates, and
# so the cost, stay proportional to the number of claims.
CANDIDATE_BUDGET = 16
# How similar the centres of two clusters must be for them to merge. Lower than
# the pair threshold: centres are typical claims of their facts, not the pair
# that happened to match best.
COHESION = 0.2
# Up to this many articles with stored embeddings, facts are linked by the
# pairing model of the two-article diff (every pair of articles is scored, so
# the cost grows with the square of their number); beyond it, by words.
LEARNT_MAX_ARTICLES = 24
# With the pairing model, how likely the centres of two clusters must be to
# state one fact for the clusters to merge: even odds, looser than a link.
LEARNT_COHESION = 0.5
# Facts with at most this many claims get a verdict for every pair; larger ones
# one verdict per pair of distinct claim variants (see _verdict_signature).
ALL_PAIRS_MAX = 8
# In a larger fact, each variant is compared with this many of the most common
# ones (who disagrees with what most articles say).
VARIANTS_CAP = 8


# --- types ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FactClaim:
    """One article's claim stating a fact."""

    article: str
    claim: ClaimRef

    def to_dict(self) -> dict[str, Any]:
        return {"article": self.article, "claim": self.claim.to_dict()}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> FactClaim:
        ref = ClaimRef.from_dict(d["claim"])
        assert ref is not None
        return cls(article=d["article"], claim=ref)


class FactConflict(NamedTuple):
    """Two claims of one fact that conflict (by claim id), and the reasons."""

    a: str
    b: str
    reasons: tuple[Reason, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"a": self.a, "b": self.b, "reasons": [r.to_dict() for r in self.reasons]}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> FactConflict:
        return cls(d["a"], d["b"], tuple(Reason.from_dict(r) for r in d.get("reasons", ())))


@dataclass(frozen=True, slots=True)
class Fact:
    """One assertion and the articles that report it.

    ``claims`` holds one claim per article, in the order of ``articles``;
    ``repeats`` are further claims of an article already listed that say the
    same again. ``label`` is the text of the fact's most central claim.
    ``checks`` are the pairs whose figure, date, polarity or source differs although they may
    report different events: not conflicts, but worth a reader's look.
    """

    id: str
    claims: tuple[FactClaim, ...]
    articles: tuple[str, ...]
    conflict: bool
    conflicts: tuple[FactConflict, ...] = ()
    label: str = ""
    repeats: tuple[FactClaim, ...] = ()
    checks: tuple[FactConflict, ...] = ()

    def claim_in(self, article: str) -> FactClaim | None:
        """The claim by which ``article`` reports this fact, or None."""
        for fc in self.claims:
            if fc.article == article:
                return fc
        return None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "articles": list(self.articles),
            "conflict": self.conflict,
            "claims": [c.to_dict() for c in self.claims],
            "repeats": [c.to_dict() for c in self.repeats],
            "conflicts": [c.to_dict() for c in self.conflicts],
            "checks": [c.to_dict() for c in self.checks],
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Fact:
        return cls(
            id=d["id"],
            claims=tuple(FactClaim.from_dict(c) for c in d.get("claims", ())),
            articles=tuple(d.get("articles", ())),
            conflict=bool(d.get("conflict", False)),
            conflicts=tuple(FactConflict.from_dict(c) for c in d.get("conflicts", ())),
            label=d.get("label", ""),
            repeats=tuple(FactClaim.from_dict(c) for c in d.get("repeats", ())),
            checks=tuple(FactConflict.from_dict(c) for c in d.get("checks", ())),
        )


@dataclass(frozen=True, slots=True)
class Coverage:
    """The facts of a set of articles: facts reported by most articles first."""

    articles: tuple[str, ...]
    facts: tuple[Fact, ...]

    def in_order(self, articles: Sequence[str]) -> Coverage:
        """The same facts with the articles in the order given (the same set).

        Facts come sorted as :func:`cover` sorts them, by most articles and then
        where they first appear, now reading the articles in this order; each
        fact's claims follow it too.
        """
        place = {a: k for k, a in enumerate(articles)}
        if set(place) != set(self.articles):
            raise ValueError("in_order takes the coverage's own articles")

        def by_place(claims: tuple[FactClaim, ...]) -> tuple[FactClaim, ...]:
            return tuple(sorted(claims, key=lambda fc: (place[fc.article], fc.claim.start)))

        facts = []
        for f in self.facts:
            claims = by_place(f.claims)
            articles_of = tuple(c.article for c in claims)
            facts.append(
                replace(f, claims=claims, articles=articles_of, repeats=by_place(f.repeats))
            )
        facts.sort(
            key=lambda f: (
                -len(f.claims),
                place[f.claims[0].article],
                f.claims[0].claim.start,
                f.id,
            )
        )
        return Coverage(tuple(articles), tuple(facts))

    def matrix(self) -> tuple[tuple[str | None, ...], ...]:
        """One row per fact, one cell per article (in ``articles`` order): claim id or None."""
        rows = []
        for fact in self.facts:
            by_article = {fc.article: fc.claim.claim for fc in fact.claims}
            rows.append(tuple(by_article.get(a) for a in self.articles))
        return tuple(rows)

    def only_in(self, article: str) -> tuple[Fact, ...]:
        """The facts ``article`` alone reports."""
        return tuple(f for f in self.facts if f.articles == (article,))

    def shared(self) -> tuple[Fact, ...]:
        """The facts at least two articles report."""
        return tuple(f for f in self.facts if len(f.articles) >= 2)

    def conflicting(self) -> tuple[Fact, ...]:
        """The facts whose claims conflict somewhere."""
        return tuple(f for f in self.facts if f.conflict)

    def counts(self) -> dict[str, int]:
        """How many facts, shared ones, single-article ones, conflicting ones, and
        ones with a difference to check (and no conflict)."""
        shared = sum(1 for f in self.facts if len(f.articles) >= 2)
        return {
            "facts": len(self.facts),
            "shared": shared,
            "single": len(self.facts) - shared,
            "conflicts": sum(1 for f in self.facts if f.conflict),
            "to_check": sum(1 for f in self.facts if f.checks and not f.conflict),
        }

    def article_counts(self) -> dict[str, dict[str, int]]:
        """Per article: facts it reports, of them shared, reported alone, and conflicting."""
        out = {a: {"facts": 0, "shared": 0, "only": 0, "conflicts": 0} for a in self.articles}
        for fact in self.facts:
            for a in fact.articles:
                row = out.setdefault(a, {"facts": 0, "shared": 0, "only": 0, "conflicts": 0})
                row["facts"] += 1
                row["shared" if len(fact.articles) >= 2 else "only"] += 1
                row["conflicts"] += fact.conflict
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "articles": list(self.articles),
            "facts": [f.to_dict() for f in self.facts],
            "summary": self.counts(),
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Coverage:
        return cls(
            articles=tuple(d.get("articles", ())),
            facts=tuple(Fact.from_dict(f) for f in d.get("facts", ())),
        )


@dataclass(slots=True)
class CoverStats:
    """What a :func:`cover` run did, for measuring its cost: counts, all deterministic.

    ``scored`` counts similarity computations, ``verdicts`` full comparisons;
    their sum is the number of claim pairs compared.
    """

    claims: int = 0
    keys: int = 0
    windowed_keys: int = 0
    candidates: int = 0
    scored: int = 0
    links: int = 0
    merges: int = 0
    repeats: int = 0
    verdicts: int = 0

    @property
    def comparisons(self) -> int:
        return self.scored + self.verdicts


# --- clustering -------------------------------------------------------------------------------


def cover(
    claims_by_article: Mapping[str, Sequence[Claim]],
    published: Mapping[str, str | None] | None = None,
    *,
    threshold: float = MATCH_THRESHOLD,
    stats: CoverStats | None = None,
    speakers: Mapping[str, str] | None = None,
) -> Coverage:
    """Cluster the claims of the given articles into facts (see the module docstring).

    ``claims_by_article`` maps article ids, in the order the matrix shows them,
    to their claims; ``published`` maps article ids to ISO publication dates
    (relative dates resolve against them). ``speakers`` maps claim ids to the
    glossary entity of who says them, as in the diff. ``stats``, when given,
    is filled with what the run cost.
    """
    with _collector_paused():
        return _cover(
            claims_by_article, published or {}, threshold, stats or CoverStats(), speakers or {}
        )


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for the duration.

    Clustering allocates hundreds of thousands of small objects that form no
    reference cycles; each full collection would walk all of them, a cost that
    grows faster than the input (a fifth of the run at 400 articles).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _cover(
    claims_by_article: Mapping[str, Sequence[Claim]],
    dates: Mapping[str, str | None],
    threshold: float,
    st: CoverStats,
    speakers: Mapping[str, str],
) -> Coverage:
    articles = tuple(claims_by_article)
    claims: list[Claim] = []
    article_of: list[int] = []
    for k, article in enumerate(articles):
        for claim in sorted(aligned_claims(claims_by_article[article]), key=lambda c: c.start):
            claims.append(claim)
            article_of.append(k)
    st.claims = len(claims)
    acronyms = find_acronyms(c.text for c in claims)
    features = [
        claim_features(
            c, published=dates.get(articles[k]), acronyms=acronyms, speaker=speakers.get(c.id)
        )
        for c, k in zip(claims, article_of, strict=True)
    ]
    weights = term_weights(features)
    scorer = _Scorer(features, weights, st)
    linker: _Scorer | _LearntLinks
    if claims and len(articles) <= LEARNT_MAX_ARTICLES and all(c.vector for c in claims):
        linker = _LearntLinks(features, article_of, len(articles), weights, st)
        raw = [(p, i, j) for (i, j), p in linker.known.items() if p >= linker.threshold]
    else:
        for i, j in sorted(_candidate_pairs(features, article_of, weights, st)):
            scorer.score(i, j)
        linker = scorer
        raw = [
            (s, i, j)
            for (i, j), s in scorer.known.items()
            if s >= threshold and len(features[i].terms & features[j].terms) >= MIN_SHARED_TERMS
        ]
    links = sorted(raw, key=lambda link: (-link[0], link[1], link[2]))
    st.links = len(links)
    clusters = _Clusters(article_of, links, linker, st)
    for _, i, j in links:
        clusters.try_merge(i, j)
    repeats = clusters.attach_repeats()
    facts = [
        _fact(
            members,
            repeats.get(root, []),
            clusters.centre[root],
            features,
            article_of,
            articles,
            weights,
            scorer,
            st,
        )
        for root, members in clusters.members.items()
    ]
    facts.sort(key=lambda pair: pair[0])
    return Coverage(articles, tuple(fact for _, fact in facts))


class _Scorer:
    """Similarities of claim pairs, each computed at most once."""

    cohesion = COHESION

    def __init__(self, features: Sequence[ClaimFeatures], weights: TermWeights, st: CoverStats):
        self.features = features
        self.weights = weights
        self.st = st
        self.known: dict[tuple[int, int], float] = {}
        self.extra: dict[tuple[int, int], float] = {}
        # Each claim's summed term weight, once: the overlap's denominator. Sums are
        # exact (fsum) so that they do not depend on the order a set yields its
        # terms in, which changes from run to run: equal scores must stay equal
        # for the merge order, and so the facts, to be the same every time.
        self.totals = [self._total(f.terms) for f in features]

    def _total(self, terms: Iterable[str]) -> float:
        weight = self.weights
        return math.fsum(weight(t) for t in terms)

    def _similarity(self, i: int, j: int) -> float:
        fa, fb = self.features[i], self.features[j]
        denominator = self.totals[i] + self.totals[j]
        overlap = 2.0 * self._total(fa.terms & fb.terms) / denominator if denominator > 0 else 0.0
        self.st.scored += 1
        return claim_similarity(fa, fb, self.weights, overlap)

    def score(self, i: int, j: int) -> float:
        """The similarity of candidate pair (i, j), i < j, remembered as a candidate."""
        s = self.known[(i, j)] = self._similarity(i, j)
        return s

    def similarity(self, i: int, j: int) -> float:
        """The similarity of any two claims, computed when first asked."""
        if i == j:
            return 1.0
        key = (i, j) if i < j else (j, i)
        found = self.known.get(key)
        if found is None:
            found = self.extra.get(key)
        if found is None:
            found = self.extra[key] = self._similarity(*key)
        return found


class _LearntLinks:
    """Links by the pairing model of the two-article diff, scored once per pair of articles.

    Each pair of articles is scored as the diff scores it
    (:func:`analysis.reason.pairing.candidates`: each claim against its nearest
    claims of the other article by meaning and by words), so facts worded
    differently by different outlets group as they pair in the diff. A pair
    never scored counts as unrelated.
    """

    cohesion = LEARNT_COHESION

    def __init__(
        self,
        features: Sequence[ClaimFeatures],
        article_of: Sequence[int],
        n_articles: int,
        weights: TermWeights,
        st: CoverStats,
    ):
        from analysis.reason.pairing import candidates, pair_model

        model = pair_model()
        self.threshold = model.threshold
        self.known: dict[tuple[int, int], float] = {}
        # Every claim has its vector here (the caller checked): decoded once, by claim_features.
        vectors = np.stack([f.vector for f in features if f.vector is not None])
        by_article: list[list[int]] = [[] for _ in range(n_articles)]
        for i, k in enumerate(article_of):
            by_article[k].append(i)
        for p in range(n_articles):
            for q in range(p + 1, n_articles):
                ia, ib = by_article[p], by_article[q]
                if not ia or not ib:
                    continue
                found = candidates(
                    [features[i] for i in ia],
                    [features[j] for j in ib],
                    weights,
                    vectors[ia],
                    vectors[ib],
                    model,
                )
                st.scored += len(found.pairs)
                for (x, y), prob in zip(found.pairs, found.probability, strict=True):
                    i, j = ia[x], ib[y]
                    self.known[(i, j) if i < j else (j, i)] = float(prob)
        st.candidates = len(self.known)

    def similarity(self, i: int, j: int) -> float:
        """How likely claims i and j state one fact (0 for a pair never scored)."""
        if i == j:
            return 1.0
        return self.known.get((i, j) if i < j else (j, i), 0.0)


def _candidate_pairs(
    features: Sequence[ClaimFeatures],
    article_of: Sequence[int],
    weights: TermWeights,
    st: CoverStats,
) -> set[tuple[int, int]]:
    """Pairs (i, j), i < j, of claims of different articles that share a blocking key.

    Each claim proposes at most :data:`CANDIDATE_BUDGET` partners: its
    neighbours within :data:`WINDOW` places in the postings list of each of its
    keys, the keys with the shortest lists (the most telling) first.
    """
    # A term no other article uses cannot pair anything: the keys are each claim's
    # rarest terms among those found in at least two articles.
    seen_in: dict[str, set[int]] = {}
    for f, k in zip(features, article_of, strict=True):
        for t in f.terms:
            seen_in.setdefault(t, set()).add(k)
    shared = frozenset(t for t, found in seen_in.items() if len(found) >= 2)
    postings: dict[str, list[int]] = {}
    keys_of: list[list[tuple[str, int]]] = []  # per claim: (key, its place in the postings)
    for i, f in enumerate(features):
        usable = replace(f, terms=f.terms & shared)
        placed = []
        for key in sorted(blocking_keys(usable, weights, limit=BLOCKING_LIMIT)):
            claims = postings.setdefault(key, [])
            placed.append((key, len(claims)))
            claims.append(i)
        keys_of.append(placed)
    st.keys = len(postings)
    st.windowed_keys = sum(1 for claims in postings.values() if len(claims) > 2 * WINDOW + 1)
    pairs: set[tuple[int, int]] = set()
    for i, placed in enumerate(keys_of):
        # Postings are in claim order (article by article): the window holds the
        # claims of the articles just before and after this one under the same key.
        partners: set[int] = set()
        for key, at in sorted(placed, key=lambda kp: (len(postings[kp[0]]), kp[0])):
            claims = postings[key]
            for j in claims[max(0, at - WINDOW) : at + WINDOW + 1]:
                if article_of[j] != article_of[i]:
                    partners.add(j)
            if len(partners) >= CANDIDATE_BUDGET:
                break
        for j in partners:
            pairs.add((i, j) if i < j else (j, i))
    st.candidates = len(pairs)
    return pairs


class _Clusters:
    """Best-first merging with one claim per article per cluster and a cohesion check."""

    def __init__(
        self,
        article_of: Sequence[int],
        links: Sequence[tuple[float, int, int]],
        scorer: _Scorer | _LearntLinks,
        st: CoverStats,
    ):
        n = len(article_of)
        self.cohesion = scorer.cohesion
        self.article_of = article_of
        self.scorer = scorer
        self.st = st
        self.root = list(range(n))
        self.members: dict[int, list[int]] = {i: [i] for i in range(n)}
        self.articles: dict[int, set[int]] = {i: {article_of[i]} for i in range(n)}
        self.centre: dict[int, int] = {i: i for i in range(n)}
        self.strength = [0.0] * n
        self.adjacent: list[list[tuple[int, float]]] = [[] for _ in range(n)]
        for s, i, j in links:
            self.adjacent[i].append((j, s))
            self.adjacent[j].append((i, s))

    def find(self, i: int) -> int:
        while self.root[i] != i:
            self.root[i] = self.root[self.root[i]]
            i = self.root[i]
        return i

    def try_merge(self, i: int, j: int) -> bool:
        """Merge the clusters of linked claims i and j if they may form one fact."""
        x, y = self.find(i), self.find(j)
        if x == y or self.articles[x] & self.articles[y]:
            return False
        if self.scorer.similarity(self.centre[x], self.centre[y]) < self.cohesion:
            return False
        if (
            self.scorer.similarity(i, self.centre[y]) < self.cohesion
            or self.scorer.similarity(j, self.centre[x]) < self.cohesion
        ):
            return False
        if len(self.members[x]) > len(self.members[y]):
            x, y = y, x
        # x (the smaller) joins y: add the links between them to both sides' strengths.
        touched = {self.centre[y]}
        for m in self.members[x]:
            for k, s in self.adjacent[m]:
                if self.find(k) == y:
                    self.strength[m] += s
                    self.strength[k] += s
                    touched.add(k)
        touched.update(self.members[x])
        for m in self.members[x]:
            self.root[m] = y
        self.members[y].extend(self.members.pop(x))
        self.articles[y] |= self.articles.pop(x)
        del self.centre[x]
        # Strengths only grow, so only claims whose strength grew can overtake the
        # old centre; ties go to the earliest claim.
        self.centre[y] = min(touched, key=lambda m: (-self.strength[m], m))
        self.st.merges += 1
        return True

    def attach_repeats(self) -> dict[int, list[int]]:
        """Claims left alone that restate a fact their article already has: root -> claims."""
        repeats: dict[int, list[int]] = {}
        for root in [r for r, ms in self.members.items() if len(ms) == 1]:
            claim = self.members[root][0]
            for k, _ in sorted(self.adjacent[claim], key=lambda link: (-link[1], link[0])):
                target = self.find(k)
                if len(self.members[target]) < 2:
                    continue
                if self.article_of[claim] not in self.articles[target]:
                    continue
                if self.scorer.similarity(claim, self.centre[target]) < self.cohesion:
                    continue
                repeats.setdefault(target, []).append(claim)
                break
        for target, claims in repeats.items():
            for claim in claims:
                root = self.find(claim)
                del self.members[root], self.articles[root], self.centre[root]
                self.root[claim] = target
            self.st.repeats += len(claims)
        return repeats


# --- facts --------------------------------------------------------------------------------------


def _fact(
    members: Sequence[int],
    repeats: Sequence[int],
    centre: int,
    features: Sequence[ClaimFeatures],
    article_of: Sequence[int],
    articles: Sequence[str],
    weights: TermWeights,
    scorer: _Scorer,
    st: CoverStats,
) -> tuple[tuple[int, int, int, int], Fact]:
    """A cluster as a :class:`Fact`, with its sort key (most articles, then first seen)."""
    ordered = sorted(members, key=lambda m: (article_of[m], m))
    claims = tuple(
        FactClaim(articles[article_of[m]], ClaimRef.of(features[m].claim)) for m in ordered
    )
    extra = tuple(
        FactClaim(articles[article_of[m]], ClaimRef.of(features[m].claim))
        for m in sorted(repeats, key=lambda m: (article_of[m], m))
    )
    conflicts, checks = _conflicts(ordered, features, weights, scorer, st)
    digest = hashlib.sha256("\n".join(sorted(c.claim.claim for c in claims)).encode()).hexdigest()
    fact = Fact(
        id="fact:" + digest[:12],
        claims=claims,
        articles=tuple(fc.article for fc in claims),
        conflict=bool(conflicts),
        conflicts=conflicts,
        label=" ".join(features[centre].claim.text.split()),
        repeats=extra,
        checks=checks,
    )
    first = ordered[0]
    return (-len(claims), article_of[first], features[first].claim.start, first), fact


def _conflicts(
    members: Sequence[int],
    features: Sequence[ClaimFeatures],
    weights: TermWeights,
    scorer: _Scorer,
    st: CoverStats,
) -> tuple[tuple[FactConflict, ...], tuple[FactConflict, ...]]:
    """The conflicting pairs among a fact's claims (members in article order), and
    the pairs to check (a figure, date, polarity or source differs, but maybe not of one event)."""
    if len(members) < 2:
        return (), ()
    if len(members) <= ALL_PAIRS_MAX:
        pairs = [(a, b) for k, a in enumerate(members) for b in members[k + 1 :]]
    else:
        # Claims with the same figures, dates, polarity and source get the same
        # verdict against any other claim: compare one claim of each variant.
        variants: dict[tuple[Any, ...], list[int]] = {}
        for m in members:
            variants.setdefault(_verdict_signature(features[m]), []).append(m)
        exemplars = [ms[0] for ms in sorted(variants.values(), key=lambda ms: (-len(ms), ms[0]))]
        pairs = [(a, b) for k, a in enumerate(exemplars[:VARIANTS_CAP]) for b in exemplars[k + 1 :]]
    found: list[FactConflict] = []
    checks: list[FactConflict] = []
    for a, b in pairs:
        if not may_clash(features[a], features[b]):
            continue  # nothing on both sides to differ: neither a conflict nor a check
        # Inside a fact the claims are already taken to speak of the same thing:
        # the verdict must not fall back to "unrelated" for a looser pair.
        verdict = compare_features(
            features[a], features[b], weights, score=scorer.similarity(a, b), threshold=0.0
        )
        st.verdicts += 1
        pair = FactConflict(features[a].claim.id, features[b].claim.id, verdict.reasons)
        if verdict.status == "conflict":
            found.append(pair)
        elif verdict.check:
            checks.append(pair)
    return tuple(found), tuple(checks)


def _verdict_signature(f: ClaimFeatures) -> tuple[Any, ...]:
    """What a claim's verdict against another claim depends on, besides their similarity."""
    claim = f.claim
    quantities = tuple(
        sorted(
            (q.kind, q.quantity.qualifier, tuple((s.value, s.unit) for s in q.statements))
            for q in f.quantities
        )
    )
    times = tuple(
        sorted((t.granularity, str(t.first), str(t.last), t.weekday or -1) for t in f.times)
    )
    source = claim.attribution.source if claim.attribution and claim.attribution.source else ""
    hedges = tuple(sorted(h.lower() for h in claim.hedges))
    return (quantities, times, claim.negated, source.lower(), f.speaker, claim.kind, hedges)


# --- output -------------------------------------------------------------------------------------


def coverage_to_json(articles: Iterable[ArticleLike], coverage: Coverage) -> dict[str, Any]:
    """The coverage as plain JSON-able data: the articles' metadata, every fact, the counts."""
    known = {a.id: a for a in articles}
    listed = []
    for article_id in coverage.articles:
        meta = known.get(article_id)
        listed.append(
            {
                "id": article_id,
                "title": meta.title if meta else None,
                "outlet": meta.outlet if meta else None,
                "published": meta.published if meta else None,
            }
        )
    return {
        "articles": listed,
        "facts": [f.to_dict() for f in coverage.facts],
        "summary": coverage.counts(),
        "per_article": coverage.article_counts(),
    }


def column_letter(n: int) -> str:
    """A, B, ..., Z, AA, AB, ...: the short name of the ``n``-th article column (from 0)."""
    name = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        name = chr(65 + rest) + name
    return name
