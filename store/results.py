"""Analysis results in the library: computing what is missing, reading what is stored.

Analysis runs once per article version and analyzer version; everything the
screens show (claims, the glossary, diffs) is read back from the store, so
opening the app never loads the NLP model. The glossary spans the whole
library and is cached under the set of articles it was built from.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING

from analysis.model import AlignmentRow, Article, Claim, Entity

if TYPE_CHECKING:
    from analysis.nlp.pipeline import ArticleAnalysis
    from analysis.reason.coverage import Coverage
    from store.library import Library


# One analysis at a time per process: the spaCy pipeline is shared and not
# meant to be driven from two threads at once (the app's background worker
# and a screen asking for one article, say).
_analysis_lock = threading.Lock()


def analyzer_version() -> str:
    """The version of the analysis code, without importing the NLP stack."""
    from analysis.version import ANALYZER_VERSION

    return ANALYZER_VERSION


def analysis_key(published: str | None) -> str:
    """Under what name an article's analysis is stored: analyzer version and publication date.

    Relative dates ("on Friday") resolve against the publication date, so
    results computed for another date are stale too.
    """
    return f"{analyzer_version()}-{published or 'undated'}"


def _published_dates(library: Library) -> dict[str, str | None]:
    return {a.id: a.published for a in library.list_articles(all_versions=True)}


def outdated(library: Library, ids: Iterable[str]) -> list[str]:
    """Of ``ids`` (pending articles), those analysed before by another analyzer version.

    Their analysis is recomputed because analysis itself changed (the version
    is derived from its code, data and model), not because they are new.
    """
    return [i for i in ids if library.has_any_analysis(i)]


def pending(library: Library, ids: Iterable[str] | None = None) -> list[str]:
    """The articles (every stored version by default) that have no current analysis."""
    dates = _published_dates(library)
    if ids is None:
        ids = list(dates)
    return [
        i
        for i in dict.fromkeys(ids)
        if i in dates and not library.has_analysis(i, analysis_key(dates[i]))
    ]


def analyze(
    library: Library,
    ids: Sequence[str],
    *,
    on_progress: Callable[[int, int], None] | None = None,
) -> int:
    """Analyse the given articles and store the results; returns how many were done.

    ``on_progress(done, total)`` is called after each article. Loads the NLP
    model (once per process) only when there is something to do.
    """
    if not ids:
        return 0
    from analysis.nlp.pipeline import PARALLEL_MIN_ARTICLES, analyze_articles, analyze_in_processes

    def articles() -> Iterator[Article]:
        for article_id in ids:
            yield library.get_article(article_id)

    dates = _published_dates(library)
    done = 0
    with _analysis_lock:
        # Many articles (a folder imported at once) are analysed on every core.
        results = (
            analyze_in_processes(list(articles()))
            if len(ids) >= PARALLEL_MIN_ARTICLES
            else analyze_articles(articles())
        )
        for result in results:
            key = analysis_key(dates.get(result.article_id))
            library.put_analysis(result.article_id, key, result.to_dict())
            done += 1
            if on_progress:
                on_progress(done, len(ids))
    return done


def analyze_pending(
    library: Library,
    ids: Iterable[str] | None = None,
    *,
    on_progress: Callable[[int, int], None] | None = None,
) -> int:
    """Bring analysis up to date for these articles (default: all); returns how many ran."""
    return analyze(library, pending(library, ids), on_progress=on_progress)


def load_analysis(library: Library, article_id: str) -> ArticleAnalysis | None:
    """The stored analysis of an article by the current analyzer, or None."""
    from analysis.nlp.pipeline import ArticleAnalysis

    published = _published_dates(library).get(article_id)
    data = library.get_analysis(article_id, analysis_key(published))
    return ArticleAnalysis.from_dict(data) if data is not None else None


def ensure_analysis(library: Library, article_id: str) -> ArticleAnalysis:
    """The article's analysis, computing and storing it first if it is missing."""
    found = load_analysis(library, article_id)
    if found is None:
        analyze(library, [article_id])
        found = load_analysis(library, article_id)
    if found is None:  # pragma: no cover - analysis just stored it
        raise RuntimeError(f"analysis of {article_id} could not be stored")
    return found


def glossary(
    library: Library,
    article_ids: Sequence[str] | None = None,
    *,
    analyze_missing: bool = True,
) -> list[Entity]:
    """The entity glossary across the given articles (default: the library's latest versions).

    Built from the stored mentions; cached under the analyzer version and the
    set of article ids, so it is rebuilt only when the library changes. With
    ``analyze_missing=False`` the model is never loaded: articles not yet
    analysed are left out (and the result is not cached). The user's
    corrections (:mod:`store.corrections`) are replayed over it on every read.
    """
    from analysis.reason.glossary_corrections import apply_corrections
    from store.corrections import list_corrections

    return apply_corrections(
        _built_glossary(library, article_ids, analyze_missing=analyze_missing),
        list_corrections(library),
    )


def _built_glossary(
    library: Library, article_ids: Sequence[str] | None, *, analyze_missing: bool
) -> list[Entity]:
    """The glossary as the analysis merges it, before the user's corrections."""
    from analysis.reason.glossary import build_glossary

    if article_ids is None:
        article_ids = [a.id for a in library.list_articles()]
    ids = sorted(set(article_ids))
    if analyze_missing:
        ensure_all(library, ids)
    else:
        missing = set(pending(library, ids))
        ids = [i for i in ids if i not in missing]
    from analysis.version import module_version

    dates = _published_dates(library)
    # The merging code counts as much as the mentions it merges: a new version
    # of it builds the glossary anew.
    versions = f"{analyzer_version()}+{module_version('analysis.reason.glossary')}"
    key = ":".join([versions, *(f"{i}@{dates.get(i)}" for i in ids)])
    cached = library.get_cached("glossary", key)
    if cached is not None:
        return [Entity.from_dict(e) for e in cached]
    mentions = {}
    for article_id in ids:
        result = load_analysis(library, article_id)
        if result is not None:
            mentions[article_id] = result.mentions
    entities = build_glossary(mentions)
    library.put_cached("glossary", key, [e.to_dict() for e in entities])
    return entities


def ensure_all(library: Library, ids: Sequence[str]) -> None:
    """Analyse whichever of ``ids`` has no current analysis yet."""
    analyze(library, pending(library, ids))


def link_claims(
    claims: Sequence[Claim], entities: Sequence[Entity], article_id: str
) -> list[Claim]:
    """Claims with the ids of the glossary entities mentioned in each."""
    from analysis.nlp.pipeline import link_entities

    return link_entities(claims, entities, article_id)


def claims_of(
    library: Library, article_id: str, entities: Sequence[Entity] | None = None
) -> list[Claim]:
    """An article's claims, each listing the glossary entities it mentions."""
    result = ensure_analysis(library, article_id)
    if entities is None:
        entities = glossary(library)
    return link_claims(result.claims, entities, article_id)


def diff(library: Library, id_a: str, id_b: str) -> list[AlignmentRow]:
    """The claim diff of two articles, cached under their content and analysis keys.

    Who says each claim is linked through the glossary of the two articles
    (with the user's corrections), so the key also holds what that depends
    on: the glossary code and the corrections (:func:`_speakers_key`).
    """
    from analysis.reason.align import ALIGNER_VERSION, align_claims

    a, b = library.get_article(id_a), library.get_article(id_b)
    key = (
        f"{ALIGNER_VERSION}|{id_a}@{analysis_key(a.published)}|{id_b}@{analysis_key(b.published)}"
        f"|{_speakers_key(library)}"
    )
    cached = library.get_cached("diff", key)
    if cached is not None:
        return [AlignmentRow.from_dict(r) for r in cached]
    ensure_all(library, [id_a, id_b])
    claims = {
        id_a: ensure_analysis(library, id_a).claims,
        id_b: ensure_analysis(library, id_b).claims,
    }
    rows = align_claims(
        claims[id_a],
        claims[id_b],
        published_a=a.published,
        published_b=b.published,
        speakers=speakers_of(library, claims),
    )
    library.put_cached("diff", key, [r.to_dict() for r in rows])
    return rows


def speakers_of(library: Library, claims: Mapping[str, Sequence[Claim]]) -> dict[str, str]:
    """Claim id -> glossary entity of its speaker, over the glossary of these articles."""
    from analysis.reason.speakers import speaker_ids

    return speaker_ids(claims, glossary(library, list(claims)))


def _speakers_key(library: Library) -> str:
    """What linking speakers depends on besides the articles.

    The code that links them, the glossary's, and the user's corrections.
    """
    import hashlib
    import json

    from analysis.version import module_version
    from store.corrections import CORRECTIONS_KEY

    corrections = json.dumps(library.get_meta(CORRECTIONS_KEY) or [], sort_keys=True)
    digest = hashlib.sha256(corrections.encode("utf-8")).hexdigest()[:16]
    versions = module_version("analysis.reason.speakers") + module_version(
        "analysis.reason.glossary"
    )
    return f"{versions}:{digest}"


def coverage(library: Library, article_ids: Sequence[str]) -> Coverage:
    """Which articles report which facts, cached under the articles' analysis keys.

    Speakers are linked through the glossary of these articles, as in the diff.
    """
    from analysis.reason.align import ALIGNER_VERSION
    from analysis.reason.coverage import COVERAGE_VERSION, Coverage, cover

    ids = list(dict.fromkeys(article_ids))
    # Facts are found in one fixed order of the articles, whatever order they are
    # asked in, then shown in that order: the same articles give the same facts.
    fixed = sorted(ids)
    dates = _published_dates(library)
    versions = f"{ALIGNER_VERSION}+{COVERAGE_VERSION}"
    key = ":".join(
        [versions, *(f"{i}@{analysis_key(dates.get(i))}" for i in fixed), _speakers_key(library)]
    )
    cached = library.get_cached("coverage", key)
    if cached is not None:
        return Coverage.from_dict(cached).in_order(ids)
    ensure_all(library, ids)
    claims = {i: ensure_analysis(library, i).claims for i in fixed}
    result = cover(claims, {i: dates.get(i) for i in fixed}, speakers=speakers_of(library, claims))
    library.put_cached("coverage", key, result.to_dict())
    return result.in_order(ids)
