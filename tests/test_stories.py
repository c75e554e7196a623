"""Story grouping: features, time, batch and incremental grouping, pins, titles, ECB+ floor."""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from collections.abc import Mapping

import pytest

from analysis.model import Article
from analysis.nlp.pipeline import ArticleAnalysis
from analysis.reason.stories import (
    JOIN_THRESHOLD,
    StoryFeatures,
    StoryIndex,
    assign_story,
    group_stories,
    stem,
    story_features,
    story_founder,
    story_id_for,
    story_title,
    time_compatibility,
)
from evaluation.eval_stories import Library, evaluate_library, format_report, load_library
from tests.conftest import SHARED, needs_shared

# Measured with `python -m evaluation.eval_stories` on all 36 ECB+ development
# folders (413 articles): batch B-cubed P 0.894, R 0.934, F1 0.914, 36
# stories; one at a time in file order F1 0.832. The floors sit a little below.
ECB_F1_FLOOR = 0.90
ECB_PRECISION_FLOOR = 0.87
ECB_RECALL_FLOOR = 0.91
ECB_INCREMENTAL_F1_FLOOR = 0.81


def _features(
    article_id: str,
    names: Mapping[str, float],
    words: Mapping[str, float] = {},  # noqa: B006 - never mutated
    published: str | None = None,
    title: str = "",
) -> StoryFeatures:
    labels = {k: k.title() for k in names} | {k: k for k in words}
    return StoryFeatures(article_id, title, published, dict(names), dict(words), labels)


def _partition(assignment: Mapping[str, str]) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = defaultdict(set)
    for a, s in assignment.items():
        groups[s].add(a)
    return {frozenset(g) for g in groups.values()}


# --- pure parts ---------------------------------------------------------------------------


def test_stem_meets_inflections_and_keeps_events_apart() -> None:
    assert stem("fired") == stem("firing") == stem("fires") == stem("fire")
    assert stem("hired") == stem("hiring") == stem("hire")
    assert stem("fired") != stem("hired")
    assert stem("earthquakes") == stem("earthquake")
    assert stem("dies") == stem("died") == stem("die")
    assert stem("stopped") == stem("stop")
    assert stem("killed") == "kill"


def test_time_compatibility_fades_with_the_gap() -> None:
    from datetime import date

    day = date(2031, 5, 3)
    assert time_compatibility(day, None) == 1.0  # a missing date is neutral
    assert time_compatibility(day, date(2031, 5, 20)) == 1.0
    assert 0.0 < time_compatibility(day, date(2031, 6, 30)) < 1.0
    assert time_compatibility(day, date(2031, 9, 1)) == 0.0
    assert time_compatibility(day, date(2028, 5, 3)) == 0.0


def test_features_round_trip() -> None:
    f = _features("a1", {"quill": 2.1, "theodora": 1.4}, {"rehab": 1.7}, "2031-05-03", "Quill")
    assert StoryFeatures.from_dict(f.to_dict()) == f
    assert f.published_date is not None and f.published_date.isoformat() == "2031-05-03"


def test_shared_names_group_and_far_dates_separate() -> None:
    features = {
        "a": _features("a", {"quill": 2, "harrow": 1}, {"rehab": 1}, "2031-05-03"),
        "b": _features("b", {"quill": 2, "creek": 1}, {"rehab": 1}, "2031-05-04"),
        "c": _features("c", {"quill": 2, "jail": 1}, {"rehab": 1}, "2028-07-06"),
        "d": _features("d", {"ravensworth": 2, "hale": 1}, {"round": 1}, "2031-05-03"),
    }
    stories = group_stories(features)
    assert stories["a"] == stories["b"]
    assert stories["c"] != stories["a"]  # same person, three years apart
    assert stories["d"] not in (stories["a"], stories["c"])
    assert group_stories({}) == {}


def test_story_ids_come_from_the_earliest_article() -> None:
    features = {
        "late": _features("late", {"quill": 1}, published="2031-05-04"),
        "early": _features("early", {"quill": 1}, published="2031-05-02"),
        "undated": _features("undated", {"quill": 1}),
    }
    stories = group_stories(features)
    assert set(stories.values()) == {story_id_for("early")}


def test_pinned_articles_stay_and_pinned_stories_never_fuse() -> None:
    same = {"quill": 2.0, "creek": 1.0, "harrow": 1.0}
    features = {a: _features(a, same, {"rehab": 1}, "2031-05-03") for a in "abcd"}
    assert len(set(group_stories(features).values())) == 1
    pinned = {"a": "mine", "b": "mine", "c": "theirs"}
    stories = group_stories(features, pinned=pinned)
    assert stories["a"] == stories["b"] == "mine"
    assert stories["c"] == "theirs"
    assert stories["d"] in ("mine", "theirs")  # free to join either


def test_previous_ids_survive_regrouping() -> None:
    features = {
        "a": _features("a", {"quill": 2}, published="2031-05-03"),
        "b": _features("b", {"quill": 2}, published="2031-05-04"),
        "c": _features("c", {"ravensworth": 2}, published="2031-05-03"),
    }
    previous = {"a": "story-renamed", "b": "story-renamed", "c": "story-boxing"}
    new = _features("e", {"quill": 2}, published="2031-05-01")  # now the earliest
    stories = group_stories({**features, "e": new}, previous=previous)
    assert stories == {
        "a": "story-renamed",
        "b": "story-renamed",
        "e": "story-renamed",
        "c": "story-boxing",
    }


def test_incremental_index_assigns_removes_and_moves() -> None:
    index = StoryIndex()
    a = _features("a", {"quill": 2, "harrow": 1}, {"rehab": 1}, "2031-05-03")
    assert assign_story(a, index) is None  # nothing to join yet
    index.add(a, story_id_for("a"))
    b = _features("b", {"quill": 2, "creek": 1}, {"rehab": 1}, "2031-05-04")
    assert assign_story(b, index) == story_id_for("a")
    index.add(b, story_id_for("a"))
    far = _features("far", {"quill": 2, "harrow": 1}, {"rehab": 1}, "2028-07-06")
    assert assign_story(far, index) is None
    other = _features("x", {"ravensworth": 2}, {"round": 1}, "2031-05-03")
    assert assign_story(other, index) is None
    # Moving b elsewhere keeps the index consistent with a fresh build.
    index.add(b, "moved")
    rebuilt = StoryIndex.build({"a": a, "b": b}, {"a": story_id_for("a"), "b": "moved"})
    assert index.story_of == rebuilt.story_of
    assert index.df.articles == rebuilt.df.articles == 2
    index.remove("a")
    assert story_id_for("a") not in index.stories
    assert all(story_id_for("a") not in holders for holders in index.postings.values())
    assert index.affinity(index.df.vector(b), "moved") >= JOIN_THRESHOLD


def test_title_is_readable() -> None:
    members = [
        _features("a", {"quill": 2.0, "theodora": 2.0, "harrow": 1.0}, {"rehab": 2}, "2031-05-03"),
        _features("b", {"quill": 2.0, "theodora": 1.5}, {"rehab": 1.5}, "2031-05-04"),
    ]
    members = [
        StoryFeatures(
            f.article_id,
            f.title,
            f.published,
            f.names,
            f.words,
            {
                "quill": "Theodora Quill",
                "theodora": "Theodora Quill",
                "harrow": "Harrow Creek Clinic",
            }
            | {"rehab": "rehab"},
        )
        for f in members
    ]
    assert story_title(members) == "Theodora Quill · Harrow Creek Clinic · rehab · May 2031"
    nameless = [_features("z", {}, {"announced": 1.0}, title="Police announce an arrest")]
    assert story_title(nameless) == "Police announce an arrest"
    assert story_founder(members).article_id == "a"


# --- real articles through the pipeline ---------------------------------------------------


def _article(text: str, published: str | None, name: str) -> Article:
    from analysis.ingest.article import build_article
    from analysis.ingest.formats import SourceDocument

    meta = {"published": published} if published else {}
    return build_article(SourceDocument(text=text, meta=meta), source=name, fallback_title=name)


REHAB_2031_A = """Theodora Quill checks into Harrow Creek Clinic
Theodora Quill has checked into the Harrow Creek Clinic in Cedar Falls, Oregon, to begin \
60 days of court-ordered rehab, her lawyer Nils Ambrose said on Friday.
The singer was ordered into treatment by a Portland judge after pleading no contest to \
charges stemming from a car crash in Salem.
"""
REHAB_2031_B = """Quill enters rehab at Harrow Creek after court order
Singer Theodora Quill arrived at the Harrow Creek Clinic late Thursday, attorney Nils Ambrose \
confirmed, starting the 60-day rehab stay a Portland judge imposed in March.
Quill had pleaded no contest over the Salem crash.
"""
JAIL_2028 = """Theodora Quill sentenced to 60 days in jail
A Lakewood judge, Helen Marsh, sentenced Theodora Quill to 60 days in jail on Tuesday \
for violating her probation in a 2024 drunk driving case.
Quill wept in court as Judge Marsh read the sentence at the Lakewood courthouse.
"""


def test_a_shared_name_word_is_labelled_by_the_name_used_most() -> None:
    text = (
        "North Korea fires missiles\n"
        "North Korea fired missiles on Tuesday, South Korea said. North Korea has "
        "tested missiles all year, and North Korea says more will come.\n"
    )
    features = story_features(*_analysed(_article(text, "2024-11-05", "korea")))
    assert features.labels["korea"] == "North Korea"


def _analysed(article: Article) -> tuple[Article, ArticleAnalysis]:
    from analysis.nlp.pipeline import analyze_articles

    return article, next(iter(analyze_articles([article])))


def test_same_person_different_events_on_different_dates_stay_apart() -> None:
    from analysis.nlp.pipeline import analyze_articles

    articles = [
        _article(REHAB_2031_A, "2031-05-03", "rehab-a"),
        _article(REHAB_2031_B, "2031-05-04", "rehab-b"),
        _article(JAIL_2028, "2028-07-06", "jail"),
    ]
    analyses = list(analyze_articles(articles))
    features = {a.id: story_features(a, an) for a, an in zip(articles, analyses, strict=True)}
    rehab_a, rehab_b, jail = (a.id for a in articles)
    assert "quill" in features[jail].names and "quill" in features[rehab_a].names
    stories = group_stories(features)
    assert stories[rehab_a] == stories[rehab_b]
    assert stories[jail] != stories[rehab_a]
    title = story_title([features[rehab_a], features[rehab_b]])
    assert "Quill" in title and "May 2031" in title, title

    # Imported one at a time, the jail article does not join the rehab story either.
    index = StoryIndex()
    for article_id in (rehab_a, rehab_b):
        index.add(features[article_id], stories[article_id])
    assert assign_story(features[jail], index) is None


# --- ECB+ ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ecb_library() -> Library:
    """All ECB+ development articles, analysed once for this module (about a minute)."""
    return load_library(SHARED)


@needs_shared
@pytest.mark.slow
def test_ecb_bcubed_floor(ecb_library: Library) -> None:
    report = evaluate_library(ecb_library)
    print("\n" + format_report(report))
    assert report.articles == 413 and report.folders == 36
    assert report.batch.f1 >= ECB_F1_FLOOR
    assert report.batch.precision >= ECB_PRECISION_FLOOR
    assert report.batch.recall >= ECB_RECALL_FLOOR
    assert 30 <= report.batch.stories <= 45
    assert report.incremental.f1 >= ECB_INCREMENTAL_F1_FLOOR
    assert report.shuffled_same


@needs_shared
@pytest.mark.slow
def test_ecb_grouping_ignores_input_order(ecb_library: Library) -> None:
    features = ecb_library.features
    reference = group_stories(features)
    for seed in (1, 2):
        ids = list(features)
        random.Random(seed).shuffle(ids)
        assert group_stories({a: features[a] for a in ids}) == reference
    assert group_stories(dict(reversed(list(features.items())))) == reference


@needs_shared
@pytest.mark.slow
def test_ecb_pins_hold_against_the_evidence(ecb_library: Library) -> None:
    features, gold = ecb_library.features, ecb_library.gold
    by_folder: dict[str, list[str]] = defaultdict(list)
    for a in ecb_library.order:
        by_folder[gold[a]].append(a)
    # A Tara Reid rehab article pinned among the Lindsay Lohan ones stays there;
    # the two Klitschko fights pinned apart stay apart.
    reid = by_folder["t01_ecb"][0]
    pinned = {a: "lohan" for a in by_folder["t01_ecbplus"][:3]} | {reid: "lohan"}
    pinned |= {by_folder["t07_ecb"][0]: "rahman", by_folder["t07_ecbplus"][0]: "thompson"}
    stories = group_stories(features, pinned=pinned)
    for a, story in pinned.items():
        assert stories[a] == story
    lohan = Counter(gold[a] for a, s in stories.items() if s == "lohan")
    # Measured: 13 of the 21 Lohan articles (unpinned, they form two stories of 9
    # and 12); of the Reid articles, only the pinned one.
    assert lohan["t01_ecbplus"] >= 12  # the pinned story still gathers its event
    assert lohan["t01_ecb"] == 1  # the moved article does not drag its own story along
    rahman = Counter(gold[a] for a, s in stories.items() if s == "rahman")
    thompson = Counter(gold[a] for a, s in stories.items() if s == "thompson")
    assert rahman == Counter({"t07_ecb": 10})
    assert thompson == Counter({"t07_ecbplus": 11})


@needs_shared
@pytest.mark.slow
def test_ecb_titles_name_the_event(ecb_library: Library) -> None:
    features, gold = ecb_library.features, ecb_library.gold
    stories = group_stories(features)
    members: dict[str, list[StoryFeatures]] = defaultdict(list)
    for a, s in stories.items():
        members[s].append(features[a])
    titles = {
        Counter(gold[f.article_id] for f in m).most_common(1)[0][0]: story_title(m)
        for m in sorted(members.values(), key=len)
    }
    assert "Lohan" in titles["t01_ecbplus"] and "2013" in titles["t01_ecbplus"]
    assert "Klitschko" in titles["t07_ecb"]
    assert "Thompson" in titles["t07_ecbplus"]
    for title in titles.values():
        assert 3 <= len(title) <= 120 and "\n" not in title


def test_a_name_each_outlet_labels_its_own_way_is_one_name_in_the_title() -> None:
    # Three outlets name one man three ways; the place all three name the same
    # way must not lead the title for it, nor his longest or his firm's name.
    def member(article: str, quill: str, extra: dict[str, str]) -> StoryFeatures:
        names = {"quill": 3.0, "anselm": 2.0, "dunmore": 2.5} | {k: 1.0 for k in extra}
        labels = {"quill": quill, "anselm": "Anselm Quill", "dunmore": "Dunmore"} | extra
        return StoryFeatures(article, "", "2031-05-03", names, {"fire": 1.0}, labels)

    members = [
        member("a", "Anselm B. Quill", {"b": "Anselm B. Quill"}),
        member("b", "Quill Holdings", {"holdings": "Quill Holdings"}),
        member("c", "Anselm Quill", {}),
    ]
    assert story_title(members).startswith("Anselm Quill · Dunmore")


def test_a_title_names_one_place_when_it_can_name_someone() -> None:
    # Both outlets write the big country two ways; added up it outweighs the
    # person the story is about, but the story already has its place.
    def member(article: str, country: str) -> StoryFeatures:
        names = {"varo": 4.0, "tarnland": 3.6, "quill": 3.2, "theodora": 3.0}
        labels = {
            "varo": "Varo",
            "tarnland": country,
            "quill": "Theodora Quill",
            "theodora": "Theodora Quill",
        }
        places = frozenset({"Varo", country})
        return StoryFeatures(article, "", None, names, {"flood": 1.0}, labels, places=places)

    title = story_title([member("a", "Tarnland"), member("b", "the Tarnland")])
    assert title.startswith("Varo · Theodora Quill"), title
    # With no one else to name, a second place is named.
    lone = StoryFeatures(
        "c",
        "",
        None,
        {"varo": 4.0, "tarnland": 3.6},
        {},
        {"varo": "Varo", "tarnland": "Tarnland"},
        places=frozenset({"Varo", "Tarnland"}),
    )
    assert story_title([lone]).startswith("Varo · Tarnland")


def test_a_story_id_held_by_a_pin_is_not_given_twice() -> None:
    features = {
        "a": _features("a", {"ravensworth": 2}, published="2031-05-01"),
        "b": _features("b", {"quill": 2}, published="2031-05-02"),
        "d": _features("d", {"quill": 2}, published="2031-05-03"),
    }
    # The user filed "a" under the id the Quill story had when "b" founded it.
    stories = group_stories(features, pinned={"a": story_id_for("b")})
    assert stories["a"] == story_id_for("b")
    assert stories["b"] == stories["d"] == story_id_for("d")


def test_a_library_of_one_story_keeps_it_together() -> None:
    # Three outlets on one event, and nothing else in the library: the name
    # they share is in every article, which plain IDF would weigh least of all.
    from analysis.reason.stories import DocumentFrequencies, StoryFeatures, group_stories

    features = {
        f"a{k}": StoryFeatures(
            f"a{k}",
            f"Ferry story {k}",
            "2025-03-14",
            {"varga": 2.0, f"quay{k}": 1.0, f"pier{k}": 1.0},
            {"ferry": 1.0, f"cancel{k}": 1.0},
        )
        for k in range(3)
    }
    assert len(set(group_stories(features).values())) == 1
    df = DocumentFrequencies()
    for f in features.values():
        df.add(f)
    # A key in all three still weighs more than half a key found once.
    assert df.idf(3) > 0.5 * df.idf(1)
