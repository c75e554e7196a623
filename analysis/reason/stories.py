"""Stories: grouping the articles of a library by the event they report.

A *story* is the set of articles about one happening (one rehab stay, one
earthquake, one Oscar hosting), whichever outlet wrote them. Grouping runs at
import, without the NLP model, on a small :class:`StoryFeatures` record kept
per article, so it can rerun over the whole library cheaply.

What tells two articles apart is less their vocabulary (two earthquakes read
alike) than *who and what* they name and *when* they appeared:

- **Names.** The words of the article's entity names (people, organisations,
  places, facilities, events, weapons, works), counted over the article, with
  the headline and lead counting double. Words, not whole names, because one
  name is written many ways ("Theodora Quill", "Teddy Quill", "Quill"; "RV
  Kestrel", "Research Vessel Kestrel") and the tagger cuts spans
  differently from one article to the next. Weighted by IDF over the library,
  so "Quill" counts and "U.S." or "Center" barely do.
- **Event words.** The content words of the headline and lead, lightly
  stemmed ("fired", "firing" -> ``fir``; "hired" -> ``hir``), IDF-weighted.
  They matter less than names: the second event of the same kind shares them.
- **Time.** Publication dates far apart (more than a month, fading to
  nothing at three months) separate two articles whatever they share; a
  missing date is neutral.

The similarity of two articles is their time compatibility times a weighted
sum of the two cosines (:func:`similarity`). Stories are the clusters of
average-link agglomeration (:func:`group_stories`), deterministic and
independent of input order, with two bars:

- a *lone* article (or a pair) joins a story at :data:`JOIN_THRESHOLD`: a
  single article with weak ties to a story is more likely an odd report of
  that event than the first report of another one, and the user can move it;
- two established stories fuse only at :data:`FUSE_THRESHOLD`: groups of
  articles that agree among themselves but only loosely with each other are
  what two events of one kind look like (two earthquakes on one island).

Because each cosine is a dot product of unit vectors, the average similarity
of an article to a story's members is its dot product with the sum of their
vectors divided by their number. :class:`StoryIndex` keeps that sum per story
and an inverted index from feature keys to stories, so :func:`assign_story`
compares a new article with the few candidate stories only, never with every
article.

User decisions win: articles the user moved (``pinned``) stay in their story,
and two different pinned stories never fuse.

Left out on purpose: dates written in the text, and numbers. Without a
publication date, the dates a lead mentions are as often background (a birth
date, an earlier trial) as the event's own, so as time anchors they would
split stories more than they join them. Numbers are stated in few leads and
are left to claim alignment.

Why one module of some 800 lines: features, similarity, batch grouping,
incremental assignment and titles are one model of a story, tuned together on
the same development data and versioned together (:data:`FEATURES_VERSION`);
split apart, a change to one would hide the thresholds it depends on. The
section markers below are the seams if it grows.
"""

from __future__ import annotations

import hashlib
import heapq
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from analysis.extract.entities import REFERENCE, mention_key
from analysis.lexicon.grammar import NAME_JOINERS
from analysis.lexicon.stop_words import STORY_STOP_WORDS
from analysis.model import Article
from analysis.version import module_version

if TYPE_CHECKING:
    from analysis.extract.entities import RawMention
    from analysis.nlp.pipeline import ArticleAnalysis

# Stored features of another version are recomputed from the stored analysis, and the
# library regrouped: derived from the source of this module and of what it imports.
FEATURES_VERSION = module_version(__name__)

# --- tuning (measured on the ECB+ development topics; see evaluation.eval_stories) -----------

#: Share of the similarity that comes from names; the rest from event words.
NAME_WEIGHT = 0.8
WORD_WEIGHT = 0.2
#: A lone article (or pair) joins a story when its average similarity reaches this.
JOIN_THRESHOLD = 0.1
#: Two stories of more than SMALL_STORY articles each fuse only above this.
FUSE_THRESHOLD = 0.22
SMALL_STORY = 2
#: Weight of a name or word in the headline or lead, against 1 further down.
LEAD_BOOST = 2.0
#: The lead: the headline and the body up to this many words.
LEAD_WORDS = 60
#: Publication dates up to this far apart are fully compatible...
TIME_GRACE_DAYS = 30
#: ... and this far apart, not at all.
TIME_HORIZON_DAYS = 90
#: Features kept per article (the heaviest), so stored features stay small.
MAX_NAMES = 40
MAX_WORDS = 40
#: Keys in more than this share of a library's articles (and more than
#: COMMON_KEY_MIN articles) do not propose candidates: they weigh almost nothing
#: and would make every pair a candidate. They still count in the similarity of
#: candidates found otherwise.
COMMON_KEY_SHARE = 0.2
COMMON_KEY_MIN = 50

_PLACE_LABELS = frozenset({"GPE", "LOC"})
_NAME_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT", "WEAPON", "PRODUCT", "WORK_OF_ART", "LAW"}
)

# --- words ----------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W_][\w'’]*[^\W_]")
_CONTRACTION = re.compile(r"['’](?:s|t|re|ll|ve|d|m)$", re.IGNORECASE)


def stem(word: str) -> str:
    """A light English stem, enough for inflections to meet.

    "fired", "firing", "fires" -> "fir"; "earthquakes" -> "earthquak";
    "dies", "died", "die" -> "di". Not a linguistic lemma: a key to compare.
    """
    w = word.lower().replace("'", "").replace("’", "")
    if len(w) <= 2:
        return w
    for suffix, keep in (("ies", "i"), ("ied", "i"), ("ing", ""), ("ed", ""), ("s", "")):
        # "dies", "ties": a one-letter stem is enough before "ies"/"ied".
        shortest = 1 if keep else 3
        if not w.endswith(suffix) or len(w) - len(suffix) < shortest:
            continue
        if suffix == "s" and w.endswith(("ss", "us", "is")):
            break
        w = w[: len(w) - len(suffix)] + keep
        # "stopped" -> "stopp" -> "stop"; but "killed" keeps its double l.
        if suffix in ("ing", "ed") and len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsz":
            w = w[:-1]
        break
    if w.endswith("e") and len(w) > 2:
        w = w[:-1]
    if w.endswith("y") and len(w) > 3:
        w = w[:-1] + "i"
    return w


def _content_words(text: str, offset: int, skip: Sequence[tuple[int, int]]) -> Iterable[str]:
    """The content words of ``text`` (lowercase) outside the ``skip`` spans (absolute)."""
    for m in _WORD.finditer(text):
        start, end = m.start() + offset, m.end() + offset
        if any(a < end and start < b for a, b in skip):
            continue
        w = m.group().lower()
        if _CONTRACTION.search(w):
            if not w.endswith(("'s", "’s")):
                continue  # "they're", "didn't": function words
            w = w[:-2]
        if len(w) < 3 or w in STORY_STOP_WORDS or not any(c.isalpha() for c in w):
            continue
        yield w


# Content stop words do not apply to names: "May" and "Who" can be names.


def _name_words(key: str) -> list[str]:
    return [t for t in key.split() if len(t) > 1 and t not in NAME_JOINERS]


# --- features -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StoryFeatures:
    """What grouping needs to know about one article: small, stored beside it.

    ``names`` maps a word of the article's entity names ("quill") to its
    weight in the article, ``words`` an event-word stem ("rehab") to its
    weight in the headline and lead; neither is IDF-weighted yet (IDF belongs
    to the library). ``labels`` gives readable forms for story titles: the
    fullest name a name word was part of ("Theodora Quill"), the commonest
    surface of a stem ("rehab").
    """

    article_id: str
    title: str
    published: str | None
    names: Mapping[str, float]
    words: Mapping[str, float]
    labels: Mapping[str, str] = field(default_factory=dict)
    version: str = FEATURES_VERSION
    # The labels that name places (the tagger's GPE and LOC), so a title names one.
    places: frozenset[str] = frozenset()

    @property
    def published_date(self) -> date | None:
        """The publication day, or None when the article did not say."""
        return _iso_day(self.published)

    def to_dict(self) -> dict[str, Any]:
        return {
            "article_id": self.article_id,
            "title": self.title,
            "published": self.published,
            "names": dict(self.names),
            "words": dict(self.words),
            "labels": dict(self.labels),
            "version": self.version,
            "places": sorted(self.places),
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> StoryFeatures:
        return cls(
            article_id=d["article_id"],
            title=d.get("title") or "",
            published=d.get("published"),
            names={str(k): float(v) for k, v in (d.get("names") or {}).items()},
            words={str(k): float(v) for k, v in (d.get("words") or {}).items()},
            labels={str(k): str(v) for k, v in (d.get("labels") or {}).items()},
            version=d.get("version") or "",
            places=frozenset(str(p) for p in d.get("places") or ()),
        )


def _iso_day(value: str | None) -> date | None:
    m = re.match(r"^(\d{4})-(\d{2})-(\d{2})", value or "")
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def _lead_end(article: Article) -> int:
    """Where the lead ends: after the headline and the first ``LEAD_WORDS`` words of body."""
    words = 0
    end = 0
    for block in article.blocks:
        if block.role not in ("headline", "body"):
            continue
        end = block.end
        if block.role == "body":
            words += len(article.text[block.start : block.end].split())
            if words >= LEAD_WORDS:
                break
    return end


def _fullest_names(mentions: Sequence[RawMention]) -> dict[str, str]:
    """For each name word, the fullest name of this article that contains it.

    "quill" -> "Theodora Quill". Names longer than ``_MAX_LABEL_WORDS`` words
    give way to shorter ones ("Kestrel Awards" over "Kestrel Society of Film
    and Stage Arts"), which read better in a title.
    """
    counts: Counter[str] = Counter()
    keys: dict[str, str] = {}
    for m in mentions:
        surface = _surface_of_key(m.text, m.key)
        counts[surface] += 1
        keys.setdefault(surface, m.key)
    best: dict[str, str] = {}
    for surface, key in keys.items():
        for w in _name_words(key):
            held = best.get(w)
            if held is None or _label_rank(surface, counts) > _label_rank(held, counts):
                best[w] = surface
    return best


_MAX_LABEL_WORDS = 4


def _surface_of_key(text: str, key: str) -> str:
    """The part of a mention's text that spells its key: "lawyer Nils Ambrose" -> "Nils Ambrose"."""
    words = text.split()
    n = len(key.split())
    for start in range(len(words) - n + 1):
        window = " ".join(words[start : start + n]).rstrip(",;:")
        if mention_key(window) == key:
            return window
    return " ".join(words)


def _label_rank(surface: str, counts: Mapping[str, int]) -> tuple[bool, int, int, str]:
    # Among names as full as each other, the one the article uses most: "korea"
    # reads "North Korea" in a story about Pyongyang that mentions Seoul twice.
    words = len(surface.split())
    fits = words <= _MAX_LABEL_WORDS
    return (fits, words if fits else -words, counts[surface], surface)


def _heaviest(weights: Mapping[str, float], limit: int) -> dict[str, float]:
    ranked = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    return {k: round(v, 3) for k, v in ranked}


def story_features(article: Article, analysis: ArticleAnalysis) -> StoryFeatures:
    """The features grouping reads, from an article and its analysis (no model needed).

    Counts are damped (``1 + log n``) so that an article repeating a name
    twenty times does not drown the others.
    """
    return features_from_mentions(article, analysis.mentions)


def features_from_mentions(article: Article, mentions: Sequence[RawMention]) -> StoryFeatures:
    """:func:`story_features` from an article and its entity mentions alone."""
    lead_end = _lead_end(article)
    # A facility named only by its kind ("a clinic in Dunmore") adds no name.
    mentions = [m for m in mentions if m.label in _NAME_LABELS and m.kind != REFERENCE]
    names: dict[str, float] = defaultdict(float)
    for m in mentions:
        weight = LEAD_BOOST if m.start < lead_end else 1.0
        for w in dict.fromkeys(_name_words(m.key)):
            names[w] += weight

    # Words inside names are already counted as names.
    skip = [(m.start, m.end) for m in mentions]
    words: dict[str, float] = defaultdict(float)
    surfaces: dict[str, Counter[str]] = defaultdict(Counter)
    for block in article.blocks:
        if block.role not in ("headline", "body") or block.start >= lead_end:
            continue
        weight = LEAD_BOOST if block.role == "headline" else 1.0
        for w in _content_words(article.text[block.start : block.end], block.start, skip):
            key = stem(w)
            words[key] += weight
            surfaces[key][w] += 1

    kept_names = _heaviest({k: 1.0 + math.log(v) for k, v in names.items()}, MAX_NAMES)
    kept_words = _heaviest({k: 1.0 + math.log(v) for k, v in words.items()}, MAX_WORDS)
    fullest = _fullest_names(mentions)
    labels = {k: fullest[k] for k in kept_names if k in fullest}
    place_surfaces = {_surface_of_key(m.text, m.key) for m in mentions if m.label in _PLACE_LABELS}
    places = frozenset(label for label in labels.values() if label in place_surfaces)
    for k in kept_words:
        labels.setdefault(k, min(surfaces[k].items(), key=lambda kv: (-kv[1], kv[0]))[0])
    return StoryFeatures(
        article_id=article.id,
        title=article.title,
        published=article.published,
        names=kept_names,
        words=kept_words,
        labels=labels,
        places=places,
    )


# --- similarity -----------------------------------------------------------------------------


def time_compatibility(a: date | None, b: date | None) -> float:
    """How well two publication dates fit one story: 1 close together or unknown, 0 far apart.

    Full up to ``TIME_GRACE_DAYS`` apart (a story's follow-ups), falling
    linearly to 0 at ``TIME_HORIZON_DAYS`` (a later event of the same kind).
    """
    if a is None or b is None:
        return 1.0
    gap = abs((a - b).days)
    if gap <= TIME_GRACE_DAYS:
        return 1.0
    if gap >= TIME_HORIZON_DAYS:
        return 0.0
    return 1.0 - (gap - TIME_GRACE_DAYS) / (TIME_HORIZON_DAYS - TIME_GRACE_DAYS)


@dataclass(frozen=True, slots=True)
class ArticleVector:
    """An article's features as unit vectors under one library's IDF."""

    article_id: str
    names: Mapping[str, float]
    words: Mapping[str, float]
    published: date | None


# The fewest articles IDF is counted over (see DocumentFrequencies.idf).
MIN_LIBRARY = 20


@dataclass(slots=True)
class DocumentFrequencies:
    """How many articles of a library carry each name word and event word."""

    articles: int = 0
    names: Counter[str] = field(default_factory=Counter)
    words: Counter[str] = field(default_factory=Counter)

    def add(self, features: StoryFeatures, sign: int = 1) -> None:
        self.articles += sign
        for key in features.names:
            self.names[key] += sign
        for key in features.words:
            self.words[key] += sign

    def idf(self, df: int) -> float:
        # Smoothed so a key in every article still weighs a little, and a new
        # key (df 0, the article being assigned) weighs like a key seen once.
        # A small library counts as MIN_LIBRARY articles: in three articles of
        # one story, the story's own names are in all three, and plain IDF
        # would weigh them least of all and split the story.
        return math.log((max(self.articles, MIN_LIBRARY) + 1) / max(df, 1))

    def vector(self, features: StoryFeatures) -> ArticleVector:
        """``features`` as IDF-weighted unit vectors."""
        return ArticleVector(
            features.article_id,
            self._unit(features.names, self.names),
            self._unit(features.words, self.words),
            features.published_date,
        )

    def _unit(self, weights: Mapping[str, float], df: Mapping[str, int]) -> dict[str, float]:
        v = {k: w * self.idf(df.get(k, 0)) for k, w in weights.items()}
        v = {k: x for k, x in v.items() if x > 0}
        norm = math.sqrt(sum(x * x for x in v.values()))
        return {k: x / norm for k, x in v.items()} if norm else {}


def _dot(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(x * b.get(k, 0.0) for k, x in a.items())


def similarity(a: ArticleVector, b: ArticleVector) -> float:
    """How likely two articles report one event, from 0 to 1."""
    t = time_compatibility(a.published, b.published)
    if t == 0.0:
        return 0.0
    return t * (NAME_WEIGHT * _dot(a.names, b.names) + WORD_WEIGHT * _dot(a.words, b.words))


def _fuse_bar(size_a: int, size_b: int) -> float:
    return JOIN_THRESHOLD if min(size_a, size_b) <= SMALL_STORY else FUSE_THRESHOLD


# --- batch grouping -------------------------------------------------------------------------


def story_id_for(article_id: str) -> str:
    """The id of a story founded by an article: stable, short, readable in a listing."""
    return "story-" + hashlib.sha256(article_id.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def group_stories(
    features: Mapping[str, StoryFeatures],
    pinned: Mapping[str, str] | None = None,
    previous: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """Group every article into a story: ``{article_id: story_id}``.

    ``features`` maps article ids to their features. ``pinned`` maps article
    ids to the story the user put them in: they stay there, other articles may
    join them, and two pinned stories never fuse. ``previous`` is the last
    grouping: a new story keeps the id of the old story most of its members
    came from, so ids survive regrouping. Other stories are named after their
    founder (:func:`story_id_for` of the earliest article).

    Average-link agglomeration over the pairs that share a feature key; the
    result does not depend on the order of ``features``.
    """
    pins = {a: s for a, s in (pinned or {}).items() if a in features}
    ids = sorted(features)
    df = DocumentFrequencies()
    for f in features.values():
        df.add(f)
    vectors = [df.vector(features[a]) for a in ids]

    # The cluster of an article is named by the index of one member; clusters
    # start as single articles, except each pinned story, which starts whole.
    members: dict[int, list[int]] = {}
    pin_of: dict[int, str | None] = {}
    root_of_pin: dict[str, int] = {}
    cluster_of: list[int] = []
    for i, a in enumerate(ids):
        pin = pins.get(a)
        if pin is not None and pin in root_of_pin:
            c = root_of_pin[pin]
            members[c].append(i)
            cluster_of.append(c)
            continue
        members[i] = [i]
        pin_of[i] = pin
        cluster_of.append(i)
        if pin is not None:
            root_of_pin[pin] = i

    # link[c][d]: the sum of the similarities between members of c and of d.
    link: dict[int, dict[int, float]] = defaultdict(dict)
    for i, j in _candidate_pairs(vectors, df):
        c, d = cluster_of[i], cluster_of[j]
        if c == d:
            continue
        s = similarity(vectors[i], vectors[j])
        if s > 0:
            link[c][d] = link[c].get(d, 0.0) + s
            link[d][c] = link[c][d]

    def average(c: int, d: int) -> float:
        return link[c][d] / (len(members[c]) * len(members[d]))

    def fusable(c: int, d: int) -> bool:
        pc, pd = pin_of[c], pin_of[d]
        return not (pc is not None and pd is not None and pc != pd)

    heap = [
        (-average(c, d), c, d)
        for c, row in link.items()
        for d in row
        if c < d and fusable(c, d) and average(c, d) >= _fuse_bar(len(members[c]), len(members[d]))
    ]
    heapq.heapify(heap)
    while heap:
        neg, c, d = heapq.heappop(heap)
        if c not in members or d not in members or d not in link[c]:
            continue
        if -neg != average(c, d):
            continue  # stale: one of the two grew since this entry was pushed
        # Merge d into c.
        for i in members[d]:
            cluster_of[i] = c
        members[c].extend(members.pop(d))
        pin_of[c] = pin_of[c] or pin_of[d]
        del pin_of[d]
        row_d = link.pop(d)
        del link[c][d]
        for e, total in row_d.items():
            if e == c:
                continue
            del link[e][d]
            link[c][e] = link[c].get(e, 0.0) + total
            link[e][c] = link[c][e]
        for e in link[c]:
            avg = average(c, e)
            if fusable(c, e) and avg >= _fuse_bar(len(members[c]), len(members[e])):
                heapq.heappush(heap, (-avg, min(c, e), max(c, e)))

    clusters = [[ids[i] for i in m] for m in members.values()]
    return _name_clusters(clusters, features, pins, previous or {})


def _proposing_limit(articles: int) -> int:
    """How many articles a key may be in and still propose candidates."""
    return max(COMMON_KEY_MIN, int(COMMON_KEY_SHARE * articles))


def _candidate_pairs(
    vectors: Sequence[ArticleVector], df: DocumentFrequencies
) -> set[tuple[int, int]]:
    """Pairs of articles that share a key rare enough to propose them."""
    limit = _proposing_limit(df.articles)
    postings: dict[str, list[int]] = defaultdict(list)
    for i, v in enumerate(vectors):
        for k in v.names:
            if df.names[k] <= limit:
                postings[_name_key(k)].append(i)
        for k in v.words:
            if df.words[k] <= limit:
                postings[_word_key(k)].append(i)
    pairs: set[tuple[int, int]] = set()
    for posting in postings.values():
        for x, i in enumerate(posting):
            for j in posting[x + 1 :]:
                pairs.add((i, j))
    return pairs


def story_founder(members: Sequence[StoryFeatures]) -> StoryFeatures:
    """A story's founding article: the earliest published (undated last), ties by id."""
    return min(members, key=_founding_order)


def _founding_order(f: StoryFeatures) -> tuple[str, str]:
    return (f.published or "9999", f.article_id)


def _name_clusters(
    clusters: list[list[str]],
    features: Mapping[str, StoryFeatures],
    pinned: Mapping[str, str],
    previous: Mapping[str, str],
) -> dict[str, str]:
    """Each cluster's story id: its pin, else the previous id most of it had, else its founder's."""
    out: dict[str, str] = {}
    taken: set[str] = set()
    unnamed: list[list[str]] = []
    for cluster in clusters:
        pins = {pinned[a] for a in cluster if a in pinned}
        if pins:
            story = min(pins)  # one pin per cluster: pinned stories never fuse
            taken.add(story)
            out.update(dict.fromkeys(cluster, story))
        else:
            unnamed.append(cluster)
    # An old story's id goes to the new cluster holding most of its articles,
    # biggest overlaps first, so a split keeps the id on its larger part.
    offers: list[tuple[int, str, int]] = []
    for n, cluster in enumerate(unnamed):
        votes = Counter(previous[a] for a in cluster if a in previous)
        offers.extend((-count, story, n) for story, count in votes.items())
    named: set[int] = set()
    for _, story, n in sorted(offers):
        if n in named or story in taken:
            continue
        named.add(n)
        taken.add(story)
        out.update(dict.fromkeys(unnamed[n], story))
    for n, cluster in enumerate(unnamed):
        if n in named:
            continue
        # The founder's id, unless a pinned or kept story already holds it (the
        # user moved the founder away): then the next member's, in founding order.
        by_age = sorted(cluster, key=lambda a: _founding_order(features[a]))
        story = next(
            (s for s in map(story_id_for, by_age) if s not in taken),
            story_id_for(by_age[0]) + f"-{n}",
        )
        taken.add(story)
        out.update(dict.fromkeys(cluster, story))
    return out


# --- incremental assignment -----------------------------------------------------------------


@dataclass(slots=True)
class _Story:
    """A story as the index sees it: its members' vectors and their sums."""

    members: dict[str, ArticleVector] = field(default_factory=dict)
    names: dict[str, float] = field(default_factory=dict)
    words: dict[str, float] = field(default_factory=dict)

    def add(self, v: ArticleVector) -> None:
        self.members[v.article_id] = v
        _accumulate(self.names, v.names, 1.0)
        _accumulate(self.words, v.words, 1.0)

    def remove(self, article_id: str) -> None:
        v = self.members.pop(article_id)
        _accumulate(self.names, v.names, -1.0)
        _accumulate(self.words, v.words, -1.0)


def _accumulate(total: dict[str, float], v: Mapping[str, float], sign: float) -> None:
    for k, x in v.items():
        y = total.get(k, 0.0) + sign * x
        if abs(y) < 1e-9:
            total.pop(k, None)
        else:
            total[k] = y


@dataclass(slots=True)
class StoryIndex:
    """The stories of a library, kept for assigning new articles one at a time.

    Per story, the sum of its members' unit vectors (under the IDF of the
    moment each joined: regrouping with :func:`group_stories` refreshes it);
    across stories, an inverted index from feature keys to stories.
    """

    df: DocumentFrequencies = field(default_factory=DocumentFrequencies)
    stories: dict[str, _Story] = field(default_factory=dict)
    story_of: dict[str, str] = field(default_factory=dict)
    features: dict[str, StoryFeatures] = field(default_factory=dict)
    postings: dict[str, set[str]] = field(default_factory=dict)

    @classmethod
    def build(cls, features: Mapping[str, StoryFeatures], stories: Mapping[str, str]) -> StoryIndex:
        """An index over a grouped library: ``stories`` maps article ids to story ids."""
        index = cls()
        placed = sorted(a for a in stories if a in features)
        for article_id in placed:
            index.df.add(features[article_id])
            index.features[article_id] = features[article_id]
        for article_id in placed:
            index._place(index.df.vector(features[article_id]), stories[article_id])
        return index

    def add(self, features: StoryFeatures, story_id: str) -> None:
        """Put an article in a story (a new one if ``story_id`` is not known yet)."""
        self.remove(features.article_id)
        self.df.add(features)
        self.features[features.article_id] = features
        self._place(self.df.vector(features), story_id)

    def remove(self, article_id: str) -> None:
        """Take an article out of its story (a story left empty disappears)."""
        story_id = self.story_of.pop(article_id, None)
        if story_id is None:
            return
        self.df.add(self.features.pop(article_id), -1)
        story = self.stories[story_id]
        v = story.members[article_id]
        story.remove(article_id)
        if not story.members:
            del self.stories[story_id]
        for key, still in (
            *((_name_key(k), story.names) for k in v.names),
            *((_word_key(k), story.words) for k in v.words),
        ):
            if key[2:] not in still:
                self.postings.get(key, set()).discard(story_id)

    def _place(self, v: ArticleVector, story_id: str) -> None:
        self.stories.setdefault(story_id, _Story()).add(v)
        self.story_of[v.article_id] = story_id
        for key in (*map(_name_key, v.names), *map(_word_key, v.words)):
            self.postings.setdefault(key, set()).add(story_id)

    def candidates(self, v: ArticleVector) -> set[str]:
        """Stories sharing a key with ``v`` that is rare enough to propose them."""
        limit = _proposing_limit(self.df.articles + 1)
        found: set[str] = set()
        for k in v.names:
            if self.df.names.get(k, 0) <= limit:
                found |= self.postings.get(_name_key(k), set())
        for k in v.words:
            if self.df.words.get(k, 0) <= limit:
                found |= self.postings.get(_word_key(k), set())
        return found

    def affinity(self, v: ArticleVector, story_id: str) -> float:
        """The average similarity of an article to a story's members.

        The content part is the dot product with the members' sum over their
        number; the time part the mean compatibility with the dated members.
        """
        story = self.stories[story_id]
        content = NAME_WEIGHT * _dot(v.names, story.names) + WORD_WEIGHT * _dot(
            v.words, story.words
        )
        content /= len(story.members)
        dated = [m.published for m in story.members.values() if m.published is not None]
        if v.published is None or not dated:
            return content
        return content * sum(time_compatibility(v.published, d) for d in dated) / len(dated)


def _name_key(key: str) -> str:
    return "n:" + key


def _word_key(key: str) -> str:
    return "w:" + key


def assign_story(features: StoryFeatures, index: StoryIndex) -> str | None:
    """The story a new article joins, or None when it starts a story of its own.

    The article joins the candidate story with the highest average
    similarity, when that reaches :data:`JOIN_THRESHOLD`. The caller then
    records the choice with ``index.add(features, story_id)`` (with
    :func:`story_id_for` of the article for a new story).
    """
    df = index.df
    known = features.article_id in index.features
    if not known:
        df.add(features)  # the article counts in its own IDF, as it will once added
    try:
        v = df.vector(features)
    finally:
        if not known:
            df.add(features, -1)
    best: tuple[float, str] | None = None
    for story_id in sorted(index.candidates(v)):
        score = index.affinity(v, story_id)
        if best is None or score > best[0]:
            best = (score, story_id)
    if best is None or best[0] < JOIN_THRESHOLD:
        return None
    return best[1]


# --- titles ---------------------------------------------------------------------------------


def story_title(members: Sequence[StoryFeatures]) -> str:
    """A readable default name for a story: "Theodora Quill · rehab · May 2031".

    Up to two names and one event word, those weighing most over the members
    (so the names of the headlines and leads come first), then the month most
    members were published in. A story that names nothing takes the headline
    of its earliest article.
    """
    if not members:
        return "(empty story)"
    # Names weigh by their words across the members, and each word reads as
    # the label most members give it: one outlet's "Theodora J. Quill" and
    # another's "Theodora Quill" are one name, not two halves of its weight.
    by_word: defaultdict[str, float] = defaultdict(float)
    labels_of: defaultdict[str, Counter[str]] = defaultdict(Counter)
    places: set[str] = set()
    for f in members:
        places.update(f.places)
        for k, w in f.names.items():
            by_word[k] += w
        # Every label a member gives is a candidate for each of its words, once
        # per member: "Theodora Quill", the label of "theodora" in one outlet,
        # may read "quill" too where that outlet's label of "quill" is longer.
        for label in {f.labels.get(k, k) for k in f.names}:
            for k in _name_words(mention_key(label)):
                labels_of[k][label] += 1

    def support(label: str) -> float:
        # How much of the label the members name, per word: "Theodora Quill"
        # over "Quill Foundation" (and over "Theodora Anne Quill", named once)
        # for the word "quill" in a story about her.
        words = _name_words(mention_key(label))
        return sum(by_word.get(w, 0.0) for w in words) / max(1, len(words))

    names: dict[str, float] = {}
    for k, w in by_word.items():
        options = labels_of.get(k) or Counter([k])
        label = min(options.items(), key=lambda kv: (-kv[1], -support(kv[0]), kv[0]))[0]
        # A name counts by its heaviest word: "Harrow Creek Clinic" must not
        # outweigh "Theodora Quill" for having three words.
        names[label] = max(w, names.get(label, 0.0))
    words: defaultdict[str, float] = defaultdict(float)
    for f in members:
        for k, w in f.words.items():
            words[f.labels.get(k, k)] += w
    if not names:
        # Nothing named: a bag of common words would not say what happened.
        return story_founder(members).title or "(untitled story)"
    parts: list[str] = []
    ranked = sorted(names.items(), key=lambda kv: (-kv[1], kv[0]))
    for name, _ in ranked:
        if len(parts) == 2:
            break
        if any(_overlaps(name, p) for p in parts):
            continue
        # One place is enough: the second name is who or what the story is
        # about ("Varo · Theodora Quill"), not the country every report names.
        if (
            parts
            and name in places
            and any(p in places for p in parts)
            and any(n not in places and not _overlaps(n, parts[0]) for n, _ in ranked)
        ):
            continue
        parts.append(name)
    for word, _ in sorted(words.items(), key=lambda kv: (-kv[1], kv[0])):
        if not any(_overlaps(word, p) for p in parts):
            parts.append(word)
            break
    months = Counter(d.strftime("%b %Y") for f in members if (d := f.published_date))
    if months:
        parts.append(min(months.items(), key=lambda kv: (-kv[1], kv[0]))[0])
    return " · ".join(parts)


def _overlaps(a: str, b: str) -> bool:
    wa, wb = set(a.lower().split()), set(b.lower().split())
    return bool(wa & wb)
