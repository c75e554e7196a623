"""Stories in the library: articles about one event, grouped after analysis.

The grouping itself is :mod:`analysis.reason.stories`; this module keeps its inputs
and outputs in the store. Each article's story id lives in its catalog row
(so the library lists stories without reading anything else); the user's
names for stories and the articles they moved by hand ("pins", which
regrouping never undoes) live in the catalog's settings.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from analysis.model import ArticleSummary

if TYPE_CHECKING:
    from analysis.reason.stories import StoryFeatures

if TYPE_CHECKING:
    from store.library import Library

NAMES_KEY = "story_names"
GROUPED_BY_KEY = "stories_grouped_by"  # the grouping version that set them
TITLES_KEY = "story_titles"  # automatic names, computed when grouping
PINS_KEY = "story_pins"


@dataclass(frozen=True, slots=True)
class Story:
    """A story as the library lists it."""

    id: str
    name: str
    articles: tuple[ArticleSummary, ...]
    named_by_user: bool = False

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "name": self.name,
            "named_by_user": self.named_by_user,
            "articles": [a.id for a in self.articles],
        }


def _features(library: Library, summary: ArticleSummary) -> StoryFeatures | None:
    """An article's grouping features, cached beside its analysis."""
    from analysis.reason.stories import FEATURES_VERSION, StoryFeatures, story_features
    from store import results

    key = f"{FEATURES_VERSION}:{summary.id}:{results.analysis_key(summary.published)}"
    cached = library.get_cached("story-features", key)
    if cached is not None:
        return StoryFeatures.from_dict(cached)
    analysis = results.load_analysis(library, summary.id)
    if analysis is None:
        return None
    features = story_features(library.get_article(summary.id), analysis)
    library.put_cached("story-features", key, features.to_dict())
    return features


def regroup(library: Library) -> dict[str, str]:
    """Group the library's latest articles into stories and store each one's story id.

    Articles without analysis yet keep what they had. Story ids survive
    regrouping where most of a story's members stay together; pinned
    articles stay in the story the user put them in.
    """
    from analysis.reason.stories import group_stories, story_title

    summaries = library.list_articles()
    features = {}
    for summary in summaries:
        f = _features(library, summary)
        if f is not None:
            features[summary.id] = f
    previous = {s.id: s.story for s in summaries if s.story}
    pins = dict(library.get_meta(PINS_KEY) or {})
    grouping = group_stories(features, pinned=pins, previous=previous)
    changed = {a: s for a, s in grouping.items() if previous.get(a) != s}
    members: dict[str, list[StoryFeatures]] = defaultdict(list)
    for article_id, story_id in grouping.items():
        members[story_id].append(features[article_id])
    titles = {story_id: story_title(feats) for story_id, feats in members.items()}
    with library.transaction():
        if changed:
            library.set_stories(changed)
        if titles != library.get_meta(TITLES_KEY):
            library.set_meta(TITLES_KEY, titles)
        if library.get_meta(GROUPED_BY_KEY) != _grouping_version():
            library.set_meta(GROUPED_BY_KEY, _grouping_version())
    return grouping


def is_stale(library: Library) -> bool:
    """Whether the stories were grouped by an older version of the grouping (or never).

    Analysis being current is not enough: a change to the features or the
    titles alone must regroup a library in which nothing needs re-analysis.
    """
    return library.get_meta(GROUPED_BY_KEY) != _grouping_version()


def _grouping_version() -> str:
    from analysis.reason.stories import FEATURES_VERSION

    return FEATURES_VERSION


def list_stories(library: Library, articles: Sequence[ArticleSummary] | None = None) -> list[Story]:
    """Every story with its articles; the largest first, then the most recent.

    Reads only the catalog (names are stored when grouping), so the library
    screen can show stories on its first paint. Articles not grouped yet
    (not analysed) each stand alone.
    """
    names = dict(library.get_meta(NAMES_KEY) or {})
    titles = dict(library.get_meta(TITLES_KEY) or {})
    members: dict[str, list[ArticleSummary]] = defaultdict(list)
    for summary in library.list_articles() if articles is None else articles:
        members[summary.story or f"article-{summary.id[:12]}"].append(summary)
    out = []
    for story_id, listed in members.items():
        if story_id in names:
            name, by_user = names[story_id], True
        else:
            name, by_user = titles.get(story_id) or listed[0].title, False
        out.append(Story(story_id, name, tuple(listed), by_user))
    out.sort(key=lambda s: (-len(s.articles), _latest(s.articles), s.name), reverse=False)
    return out


def _latest(articles: Sequence[ArticleSummary]) -> str:
    # Sorting ascending on the negated date is awkward for strings: invert characters.
    newest = max((a.published or "" for a in articles), default="")
    return "".join(chr(0x10FFFF - ord(c)) for c in newest)


def rename_story(library: Library, story_id: str, name: str) -> None:
    """Give a story the user's own name (an empty name restores the automatic one)."""
    names = dict(library.get_meta(NAMES_KEY) or {})
    name = " ".join(name.split())
    if name:
        names[story_id] = name
    else:
        names.pop(story_id, None)
    library.set_meta(NAMES_KEY, names)


def move_article(library: Library, article_id: str, story_id: str | None) -> str:
    """Put an article in another story (``None``: a story of its own); it stays there."""
    from analysis.reason.stories import story_id_for

    target = story_id or story_id_for(article_id)
    with library.transaction():
        summaries = library.list_articles()
        former = next((a.story for a in summaries if a.id == article_id), None)
        pins = dict(library.get_meta(PINS_KEY) or {})
        pins[article_id] = target
        # Moving an article out says it does not belong with the articles it
        # leaves: pin them too, so that regrouping cannot pull them back together
        # (two pinned stories never fuse).
        if former and former != target:
            for a in summaries:
                if a.story == former and a.id != article_id:
                    pins.setdefault(a.id, former)
        library.set_meta(PINS_KEY, pins)
        library.set_stories({article_id: target})
    return target


def resolve_story(library: Library, key: str) -> Story:
    """A story by id, a unique prefix of its id (with or without "story-"), or words of its name."""
    stories = list_stories(library)
    exact = [s for s in stories if s.id == key]
    if exact:
        return exact[0]
    # "story-3f2a", or just "3f2a": listings print the whole id, people type its start.
    lowered = key.strip().lower()
    matches = [
        s
        for s in stories
        if lowered and (s.id.startswith(lowered) or s.id.removeprefix("story-").startswith(lowered))
    ] or [s for s in stories if all(w in s.name.lower() for w in key.lower().split())]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise LookupError(f"no story matches {key!r}")
    shown = ", ".join(f"{s.id} ({s.name})" for s in matches[:5])
    raise LookupError(f"{key!r} matches {len(matches)} stories: {shown}")


def default_story_articles(library: Library, story: str | None = None) -> list[str]:
    """The articles of the named story, or of the largest one."""
    if story is not None:
        return [a.id for a in resolve_story(library, story).articles]
    stories = list_stories(library)
    return [a.id for a in stories[0].articles] if stories else []
