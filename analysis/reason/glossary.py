"""The glossary: one entry per real-world entity across all articles.

:func:`build_glossary` merges the :class:`~analysis.extract.entities.RawMention`
records of many articles into :class:`~analysis.model.Entity` entries. It is
pure Python over those records (no model), deterministic, and linear in the
number of mentions, so it can rerun over the whole library on every import.

How mentions become entities:

0. Capitalised runs the tagger left out (:data:`~analysis.extract.entities.CANDIDATE`)
   stay only when the library confirms them: the tagger named the same key
   elsewhere, or the run recurs in several articles ("Greenleaf", "KLXT").
   A mention whose text is rare in the library and holds a common name
   ("Dana Pryce Signs With Rivals" in a Title Case headline) is cut back
   to that name; a Title Case run (:data:`~analysis.extract.entities.TITLED`) keeps
   only the names the library knows inside it, and two known names run
   together by "and" ("Comets and Falcons") are cut apart.
1. Within an article, mentions with the same key ("U.S." and "US" are both
   ``us``) are one *node*. Descriptions (:data:`~analysis.extract.entities.DESCRIPTION`:
   "lawyer Neil Marsh", "the Greenleaf store in Dunmore") go with the node
   of their name's key: they are the entity's mentions, never its name or aliases.
2. Within an article, a node that is part of a longer one joins it:
   a first name or surname ("Harris" -> "Kamala Harris", "Kim" -> "Kim Jong
   Un"; a surname the tagger calls a place as often as a person too,
   "Tallow" -> "Ezra P. Tallow"), a name without its middle ("Mark
   Marsh" -> "Neil Tate Marsh"), an acronym ("US" -> "United States"), a
   demonym ("North Korean" -> "North Korea"), a place without its generic
   head ("Varo" -> "Varo Island").
   When several longer names fit ("Kim": Kim Jong Un, Kim Yo Jong), the short
   form joins the one whose mentions dominate the article (at least twice as
   many as the next); when none dominates it stays apart, ambiguous. A place
   is not the public service named after it ("Kesteven" is not "Kesteven
   Police"), and a place the article calls an island is not "... City".
3. Across articles, names of two words or more merge by key ("Vladimir
   Putin" here and there), except generic names of public bodies ("Superior
   Court"), which merge only within a story (articles that name a person in
   full in common). So do nicknamed forms ("Samuel Tobias (Toby)
   Quint" with "Toby Quint") and spellings of one name ("Fyodor" /
   "Feodor Vasilev", "Jon" / "John Mercer", "Sky Hawks" /
   "Skyhawks", "Ravensworth" / "Ravenswroth", "Bern" / "Berne"), a one-word name and its plural
   ("Juno" night, the "Junos"), and an
   organisation "of" a country with the organisation alone ("Central
   Election Commission of Moldova"). A short form that had no
   longer name in its own article joins the dominant longer name of the
   whole library, by the same rules, longest forms first; names already
   known to be one entity do not compete. An acronym may keep a leading
   "The" ("TDC" for "The Daily Courier"), and initials may count the joining
   words ("DOJ" for "Department of Justice"); an acronym never joins a longer
   name that holds another acronym.
4. A nationality that stands for a person (:data:`~analysis.extract.entities.EPITHET`,
   "the Canadian", "the Maltese champion") joins the person of its article
   whom the library describes with those words ("Canadian challenger Tony
   Hale", "middleweight champion Andrei Ravensworth").
   A facility named only by its kind and place (:data:`~analysis.extract.entities.REFERENCE`,
   "a clinic in Dunmore", "the Dunmore clinic") joins the organisation or
   facility of its story that has that kind noun and that the library places
   there, or, named in the same article, is the only one of that kind; else
   it is left out.
5. Each entity takes the fullest proper form as its name, a type by weighted
   vote over its mentions with priors (a multi-word personal name, a
   person's title, a gazetteer of countries and capitals; a lone unknown
   word called a person counts little, and a name that ends in an
   institution's noun, "... Center", "... Court", is no person), and the
   roles written next to its mentions.
6. Every piece of text is counted once: of the mentions of one entity that
   overlap ("lawyer Neil Marsh" / "Neil Marsh", "Varo island" / "Varo")
   one stays, and two entities share text only where a name sits inside
   another's description or qualified name ("Ore." in "Port Linden,
   Ore."); see :func:`_one_mention_per_span`.

Why one module of some 1,700 lines: name structure, acronyms, given-name
variants, coordination and type votes all decide one thing, whether two
mention groups are one entity, over the same union-find of mentions; kept
together they are read in the order they are applied. The word lists are in
:mod:`analysis.lexicon`; user corrections are applied afterwards by
:mod:`analysis.reason.glossary_corrections`.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import re
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from operator import attrgetter

from analysis.extract.entities import (
    CANDIDATE,
    DESCRIPTION,
    EPITHET,
    GAZETTEER_KEYS,
    NAME,
    REFERENCE,
    TITLED,
    WEAPON,
    RawMention,
    is_facility_noun,
    is_place_noun,
    mention_key,
)
from analysis.lexicon.kinds import (
    AREA_SERVICE_WORDS,
    COMPASS_WORDS,
    FAME_WORDS,
    GENERIC_NAME_WORDS,
    INSTITUTION_HEADS,
    PLACE_HEADS,
)
from analysis.lexicon.names import (
    GENERATION_SUFFIXES,
    HONORIFIC_GENDER,
    HONORIFICS,
    given_name_forms,
    given_name_genders,
    given_names,
)
from analysis.lexicon.organisations import GENERIC_HEADS, PLATFORMS
from analysis.lexicon.people import PERSON_NOUNS, TITLES
from analysis.model import Entity, Mention

# Coarse families of labels: names merge only within compatible families.
_FAMILY = {
    "PERSON": "person",
    "ORG": "org",
    "FAC": "facility",
    "GPE": "place",
    "LOC": "place",
    "NORP": "group",
    "WEAPON": "thing",
    "PRODUCT": "thing",
    "EVENT": "event",
    "WORK_OF_ART": "work",
    "LAW": "work",
}
# Which type wins a tied vote: the order of how often each is right.
_TYPE_PRIORITY = (
    "PERSON",
    "GPE",
    "ORG",
    "LOC",
    "FAC",
    "NORP",
    "WEAPON",
    "PRODUCT",
    "EVENT",
    "WORK_OF_ART",
    "LAW",
)
# Short forms of people and organisations may join a longer name of either
# family: the tagger often calls a bare surname an ORG ("Trump", "Nakatani").
_NAME_FAMILIES = frozenset({"person", "org"})
# Other short forms may join any longer name but a place's: the tagger's label
# for a lone word is the least reliable ("Otters" tagged WORK_OF_ART).
# An organisation's short form does not name a title that holds it: "Nora Bell"
# (tagged ORG) is not the film "The Curious Nora Bell".
_PART_TARGETS = {
    "facility": frozenset({"facility", "org"}),
    "org": frozenset({"person", "org", "facility", "thing", "group", "unknown"}),
}
_ANY_BUT_PLACE = frozenset(
    {"person", "org", "facility", "thing", "work", "event", "group", "unknown"}
)
# A place joins a longer place only when the rest is a generic head
# ("Varo" -> "Varo Island"): "Korea" is not "North Korea".
_NAMED_BODIES = frozenset({"org", "facility", "work"})
_ARTICLES = frozenset({"a", "an"})
# Role heads that say a name is a person's: "leader", "minister", "sister".
_PERSON_ROLE_WORDS = TITLES | PERSON_NOUNS
_ACRONYM_SKIP = frozenset({"of", "and", "the", "for", "de", "&", "on", "in"})
# A word of a mention's text: apostrophes inside ("O'Brien") belong to it, quotes around do not.
_WORD = re.compile(r"[^\s\"“”'‘’`(),:;!?]+(?:['’][^\s\"“”'‘’`(),:;!?]+)*")
_RARE = 2  # a key used at most this often in the library may be a tagging slip
_LONG_WORD = 7  # a one-word name this long or longer may be misspelt by one edit
_VERY_LONG_WORD = 10  # ... and this long by two
_SHORT_PLACE = 4  # a place's name this long may carry a silent final letter ("Bern", "Berne")
_DOMINANCE = 2.0  # the chosen long form has at least this many times the runner-up's mentions
_MULTIWORD_PERSON_WEIGHT = 2.0  # "Donald Trump" tagged PERSON outweighs "Trump" tagged ORG
_WEAPON_WEIGHT = 3.0  # weapon patterns are precise; the tagger's guesses for them are not
# The tagger and the edition patterns ("the 40th Junos") rarely call a non-event an event.
_EVENT_WEIGHT = 2.0
_SHORT_FORM_WEIGHT = 0.25  # a short form's label beside its entity's fuller names
_LONE_PERSON_WEIGHT = 0.25  # a lone unknown word called a person yields to other labels


@dataclass(slots=True)
class _Node:
    """All mentions of one key in one article."""

    index: int
    article: str
    key: str
    tokens: tuple[str, ...]
    mentions: list[RawMention] = field(default_factory=list)
    # Longer phrases around this node's names ("lawyer Neil Marsh"): mentions, never names.
    descriptions: list[RawMention] = field(default_factory=list)
    labels: dict[str, int] = field(default_factory=dict)
    attached_via: str | None = None  # "part", "acronym", "demonym" once joined to a longer name
    ambiguous: bool = False
    # Set by settle() once every mention is in: what the labels and surfaces say.
    weight: int = 0
    family: str = "unknown"
    families: frozenset[str] = frozenset()
    acronym_shaped: bool = False
    # A lone word tagged as a person that no full personal name in the library holds.
    lone_person: bool = False
    # The generic place words its descriptions use: "island" for "the island of Varo".
    place_kinds: frozenset[str] = frozenset()
    # The genders its mentions' honorifics imply: {"m"} for "Mr. Okafor".
    genders: frozenset[str] = frozenset()

    def settle(self) -> _Node:
        self.weight = len(self.mentions)
        self.place_kinds = frozenset(
            word
            for m in self.descriptions
            for word in m.text.lower().split()
            if word in PLACE_HEADS
        )
        self.family, self.families = _families_of(_label_items(self.labels))
        self.genders = frozenset(
            g for m in self.mentions if (g := _honorific_gender(m.text)) in ("m", "f")
        )
        self.acronym_shaped = len(self.tokens) == 1 and any(
            _is_acronym_surface(text) for text in {m.text for m in self.mentions}
        )
        return self


def _label_items(labels: Mapping[str, int]) -> tuple[tuple[str, int], ...]:
    if len(labels) == 1:
        return tuple(labels.items())
    return tuple(sorted(labels.items()))


@lru_cache(maxsize=4096)
def _families_of(label_counts: tuple[tuple[str, int], ...]) -> tuple[str, frozenset[str]]:
    """The majority family and the plausible ones, for labels given as sorted (label, count)."""
    labels = dict(label_counts)
    return _majority_family(labels), _plausible_families(labels)


def _plausible_families(labels: Mapping[str, int]) -> frozenset[str]:
    """Every family that at least a third of the labels vote for, the majority's, and person.

    The tagger's labels for one name scatter ("Nora Bell": PERSON here, ORG
    there), so a name may join another when any plausible families match.
    """
    total = sum(labels.values())
    found = {_FAMILY.get(label, "unknown") for label, n in labels.items() if 3 * n >= total}
    found.add(_majority_family(labels))
    if labels.get("PERSON"):
        # The small model often calls a person an ORG ("Nora Bell" mostly is),
        # rarely the reverse: one PERSON label is enough to keep the door open.
        found.add("person")
    return frozenset(found)


def _majority_family(labels: Mapping[str, int]) -> str:
    if not labels:
        return "unknown"
    best = max(labels.items(), key=lambda kv: (kv[1], -_priority(kv[0])))[0]
    return _FAMILY.get(best, "unknown")


_PRIORITY_OF = {label: i for i, label in enumerate(_TYPE_PRIORITY)}


def _priority(label: str) -> int:
    return _PRIORITY_OF.get(label, len(_TYPE_PRIORITY))


@lru_cache(maxsize=65536)
def _is_acronym_surface(text: str) -> bool:
    letters = text.replace(".", "")
    if letters.endswith("s") and letters[:-1].isupper():
        letters = letters[:-1]
    return 2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper()


class _UnionFind:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def add(self) -> int:
        """A new element in a set of its own; its index."""
        self.parent.append(len(self.parent))
        return len(self.parent) - 1

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # The smaller index stays the root so the result does not depend on call order.
            self.parent[max(ra, rb)] = min(ra, rb)


# --- relations between a short form and a longer name ----------------------


def _core(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """Tokens without a generational suffix ("Victor Amberley III" -> victor amberley).

    A given name of the table alone keeps it: "Martin Jr." is the son, not any Martin
    ("Amberley Jr." is an Amberley as before).
    """
    while len(tokens) > 1 and tokens[-1] in GENERATION_SUFFIXES:
        if len(tokens) == 2 and tokens[0] in given_names():
            break
        tokens = tokens[:-1]
    return tokens


def _part_relation(short: tuple[str, ...], long: tuple[str, ...]) -> str | None:
    """How ``short`` names the same thing as ``long``: "prefix", "suffix", "middle" or None."""
    short, long = _core(short), _core(long)
    if len(short) >= len(long):
        return None
    if long[: len(short)] == short:
        return "prefix"
    if long[-len(short) :] == short:
        return "suffix"
    if len(short) >= 2 and short[0] == long[0] and short[-1] == long[-1]:
        it = iter(long)
        if all(tok in it for tok in short):
            return "middle"
    return None


def _can_join_as_part(short: _Node, long: _Node | _KeyGroup) -> bool:
    long_tokens = long.tokens
    relation = _part_relation(short.tokens, long_tokens)
    if relation is None:
        return False
    if short.acronym_shaped and any(
        _is_acronym_surface(w) and mention_key(w) != short.key for w in _surfaces_words(long)
    ):
        return False  # two acronyms are two names: "NTSB" is not "NTSB & FAA"
    long_families = long.families
    family = short.family
    if "person" not in long_families:
        # A name is not the longer name that uses it as a modifier: a person's
        # name is not the tower or the firm named after them, and a word that
        # heads the names of bodies everywhere ("House", "Court") is not the
        # one body a longer name makes of it.
        if relation == "prefix" and _votes_person(short.labels) and not short.lone_person:
            return False
        # Nor, as the first word, is such a word the body named after it:
        # "Assembly" is not the "Assembly Rules Committee", though it may be
        # the "Assembly of Delegates".
        if all(t in GENERIC_HEADS for t in short.tokens) and (
            relation == "suffix"
            or (relation == "prefix" and _core(long_tokens)[len(_core(short.tokens))] != "of")
        ):
            return False
    elif relation != "prefix" and _genders_clash(short.genders, long_tokens):
        return False  # "Mr. Okafor" is not Ruth Okafor
    if (
        relation == "suffix"
        and family == "group"
        and (long.family in ("group", "org") or short.tokens[-1].endswith("s"))
    ):
        # A people, party or faith named bare is all of it, not the one body or
        # faction a longer name makes of it: "Liberals" are not "Young Liberals",
        # even where the tagger calls the faction a person (no one's surname is
        # the plural of a party).
        return False
    if relation == "prefix" and _names_an_area_service(short.tokens, long_tokens):
        return False
    if family == "place":
        if (
            relation == "suffix"
            and "person" in long_families
            and _votes_person(short.labels)
            and short.key not in GAZETTEER_KEYS
        ):
            return True  # "Tallow", tagged a place as often as a person: Ezra P. Tallow
        extra = _core(long_tokens)[len(short.tokens) :]
        return (
            relation == "prefix"
            and "place" in long_families
            and len(extra) == 1
            and extra[0] in PLACE_HEADS
            # "the island of Varo" is not "Varo City".
            and extra[0] in (short.place_kinds or PLACE_HEADS)
        )
    if family == "person":
        # A person's name is not the organisation or building named after them
        # ("Obama" is not "Obama administration", "Alma Reyes" not "Alma Reyes Center").
        # But a lone word that no full personal name in the library holds is
        # likely the tagger's guess for a short organisation name
        # ("Harrow Lane" for "Harrow Lane Recovery").
        if "person" in long_families:
            return True
        return (
            short.lone_person
            and relation == "prefix"
            and bool(_NAMED_BODIES & long_families)
            and _written_as_proper_name(long)
        )
    targets = _PART_TARGETS.get(family, _ANY_BUT_PLACE)
    return bool(targets & long_families)


def _surfaces_words(long: _Node | _KeyGroup) -> set[str]:
    """Every word of every surface of a longer name, as written."""
    nodes = long.nodes if isinstance(long, _KeyGroup) else (long,)
    return {w for n in nodes for m in n.mentions for w in m.text.split()}


@lru_cache(maxsize=65536)
def _honorific_gender(surface: str) -> str | None:
    """The gender a leading honorific implies: "m" for "Mr. Okafor", None without one."""
    first = surface.split(maxsplit=1)[0].lower().rstrip(".") if surface.strip() else ""
    return HONORIFIC_GENDER.get(first)


def _genders_clash(genders: frozenset[str], long_tokens: tuple[str, ...]) -> bool:
    """Whether honorifics call a short form a man (or a woman) and the long
    name's given name says otherwise."""
    if len(genders) != 1 or len(long_tokens) < 2:
        return False
    given = given_name_genders().get(long_tokens[0])
    return given is not None and given not in genders


def _given_name_key(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """A personal name's tokens with its given name in full: "dave okafor" -> "david okafor"."""
    if len(tokens) < 2:
        return tokens
    full = given_name_forms().get(tokens[0])
    return (full, *tokens[1:]) if full and full != tokens[0] else tokens


def _votes_person(labels: Mapping[str, int]) -> bool:
    """Whether at least a third of a name's labels call it a person."""
    return 3 * labels.get("PERSON", 0) >= sum(labels.values())


def _names_an_area_service(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """Whether ``long`` is ``short`` followed by a public service's words: "Kesteven Police"."""
    extra = _core(long)[len(short) :]
    return bool(extra) and extra[0] != "and" and all(w in AREA_SERVICE_WORDS for w in extra)


def _written_as_proper_name(long: _Node | _KeyGroup) -> bool:
    """Whether some mention writes every word capitalised: "Harrow Lane Recovery", not
    "Obama administration"."""
    nodes = long.nodes if isinstance(long, _KeyGroup) else (long,)
    return any(_capitalised(m.text) for n in nodes for m in n.mentions)


@lru_cache(maxsize=65536)
def _capitalised(surface: str) -> bool:
    words = [w for w in surface.split() if w.lower() not in _ACRONYM_SKIP]
    return bool(words) and all(w[:1].isupper() or w[:1].isdigit() for w in words)


@lru_cache(maxsize=65536)
def _initials(surface: str, keep_small_words: bool = False) -> str:
    """The initials of a name: "United States" -> "US", "Agence France-Presse" -> "AFP".

    With ``keep_small_words`` the lowercase joining words count too: "Office of
    Water Safety" -> "OOWS" as well as "OWS" ("Department of Justice" -> "DOJ").
    """
    letters: list[str] = []
    for word in surface.replace("-", " ").split():
        if word.lower() in _ACRONYM_SKIP:
            if keep_small_words and word.islower() and word not in ("the", "&") and letters:
                letters.append(word[0])
            continue
        if "." in word and word.replace(".", "").isupper():
            letters.append(word.replace(".", ""))
        elif word[:1].isupper():
            letters.append(word[0])
        else:
            return ""  # a lowercase word inside: not a proper name to abbreviate
    return "".join(letters).lower()


def _initials_fit(short_family: str, long_family: str) -> bool:
    """Whether a short form of one family may be the initials of a name of another.

    A place's initials stand for a place alone: "N.V." the state is not the
    "Northern Voice" paper that has the same initials.
    """
    return short_family != "place" or long_family == "place"


@lru_cache(maxsize=65536)
def _acronyms(surface: str) -> frozenset[str]:
    """What a name may be abbreviated to: its initials, with or without the joining
    words ("of") and a leading "The" the mention left out ("The Daily Courier" -> "TDC")."""
    found: set[str] = set()
    for initials in (_initials(surface), _initials(surface, keep_small_words=True)):
        if len(initials) >= 2:
            found.update((initials, "t" + initials))
    return frozenset(found)


def _is_demonym(adjective: str, place: str) -> bool:
    """Whether ``adjective`` names the people of ``place``: korean/korea, greek/greece."""
    if adjective == place or len(place) < 4:
        return False
    common = len(os.path.commonprefix([adjective, place]))
    return common >= 4 and common >= min(len(adjective), len(place)) - 2


def _demonym_fits(short: _Node, place_tokens: tuple[str, ...]) -> bool:
    return (
        short.tokens[:-1] == place_tokens[:-1]
        and len(short.tokens) == len(place_tokens)
        and _is_demonym(short.tokens[-1], place_tokens[-1])
    )


# --- building ----------------------------------------------------------------


def build_glossary(mentions: Mapping[str, Sequence[RawMention]]) -> list[Entity]:
    """Merge every article's mentions into glossary entities.

    ``mentions`` maps an article id to that article's mentions (from
    :func:`analysis.extract.entities.extract_mentions`). The result is deterministic
    for the same input whatever the mapping's order: entities come sorted by
    number of mentions, then name, and ids are a short hash of type and name.
    """
    cleaned = _trim_to_library_names(_confirm_candidates(mentions))
    nodes = _make_nodes(cleaned)
    _mark_lone_persons(nodes)
    links = _UnionFind(len(nodes))
    by_article: dict[str, list[_Node]] = defaultdict(list)
    for node in nodes:
        by_article[node.article].append(node)
    library_weight: Counter[str] = Counter()
    for node in nodes:
        library_weight[node.key] += node.weight
    for article in sorted(by_article):
        _link_within_article(by_article[article], links, library_weight)
    stories = _stories(cleaned)
    _link_across_articles(nodes, links, stories)
    nodes = _place_epithets(nodes, cleaned, links)
    nodes = _place_references(nodes, cleaned, links, stories)

    groups: dict[int, list[_Node]] = defaultdict(list)
    for node in nodes:
        groups[links.find(node.index)].append(node)
    ordered_groups = [groups[root] for root in sorted(groups)]
    names = [_canonical_name(g) for g in ordered_groups]
    types = [_vote_type(g, name) for g, name in zip(ordered_groups, names, strict=True)]
    claims = [[(n, m) for n in g for m in (*n.mentions, *n.descriptions)] for g in ordered_groups]
    kept = _one_mention_per_span(claims, types)
    entities = [
        _entity(group, shown, name, entity_type)
        for group, shown, name, entity_type in zip(ordered_groups, kept, names, types, strict=True)
        if shown
    ]
    entities = _unique_ids(entities)
    entities.sort(key=lambda e: (-len(e.mentions), e.name, e.type, e.id))
    return entities


_CONFIRMING_ARTICLES = 2  # a capitalised run the tagger never named must recur in this many


def _confirm_candidates(
    mentions: Mapping[str, Sequence[RawMention]],
) -> dict[str, list[RawMention]]:
    """Candidate names kept where the library confirms them, the others dropped.

    A capitalised run the tagger left out ("Greenleaf", "KLXT") is a name when
    the tagger named the same key somewhere in the library (it then takes that
    label) or when it recurs in several articles. A run from a Title Case line
    is a name when the tagger named it elsewhere; otherwise it waits for
    :func:`_trim_to_library_names` to find the names inside it. Descriptions
    stay for now; they follow their names later.
    """
    unsure = {m.key for ms in mentions.values() for m in ms if m.kind in (CANDIDATE, TITLED)}
    if not unsure:
        return {article: list(ms) for article, ms in mentions.items()}
    labels: dict[str, Counter[str]] = defaultdict(Counter)
    seen_in: dict[str, set[str]] = defaultdict(set)
    for article, ms in mentions.items():
        for m in ms:
            if m.key not in unsure:
                continue
            if m.kind == NAME:
                labels[m.key][m.label] += 1
            elif m.kind == CANDIDATE:
                seen_in[m.key].add(article)
    out: dict[str, list[RawMention]] = {}
    for article, ms in mentions.items():
        kept: list[RawMention] = []
        for m in ms:
            if m.kind in (CANDIDATE, TITLED):
                named = labels.get(m.key)
                if named:
                    # A label the run's own syntax gave ("on her [Twitter] page") stays.
                    majority = max(sorted(named), key=lambda lab: named[lab])
                    label = m.label if m.kind == CANDIDATE and m.label else majority
                    m = replace(m, label=label, kind=NAME if m.kind == TITLED else m.kind)
                elif m.kind == CANDIDATE and len(seen_in[m.key]) < _CONFIRMING_ARTICLES:
                    continue
            kept.append(m)
        out[article] = kept
    return out


def _trim_to_library_names(
    mentions: Mapping[str, Sequence[RawMention]],
) -> dict[str, list[RawMention]]:
    """Mentions the tagger ran into neighbouring words, cut back to names the library uses.

    A span that is rare in the library ("Dana Pryce Signs With Rivals" in
    a Title Case headline, "Comedian Iris Marlowe" at a sentence's start)
    is cut to the longest run of its words that is a name used at least
    twice as often elsewhere: at its edges and of two words or more in running
    text, anywhere in a headline.
    """
    named = [m for ms in mentions.values() for m in ms if m.kind in (NAME, CANDIDATE)]
    counts = Counter(m.key for m in named)
    # Uses outside headlines: a headline in Title Case repeats its own slips
    # ("Dana Pryce Signs With Rivals" in several outlets).
    body_counts = Counter(m.key for m in named if m.block != "headline")
    places = {m.key for m in named if m.label in _PLACE_LABELS}
    out: dict[str, list[RawMention]] = {}
    for article, ms in mentions.items():
        kept: list[RawMention] = []
        for m in ms:
            if m.kind == NAME:
                rarity = body_counts if m.block == "headline" else counts
                kept.extend(_trim_mention(m, counts, places, rarity))
            elif m.kind == TITLED:
                # Only the names the library knows inside a Title Case run count.
                pieces = _trim_mention(replace(m, block="headline"), counts, places, body_counts)
                kept.extend(replace(p, block=m.block) for p in pieces if p.kind != TITLED)
            else:
                kept.append(m)
        out[article] = kept
    return out


_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


def _trim_mention(
    m: RawMention,
    counts: Mapping[str, int],
    places: Collection[str] = frozenset(),
    rarity: Mapping[str, int] | None = None,
) -> list[RawMention]:
    """``m`` cut to the names it holds (see :func:`_trim_to_library_names`), or ``[m]``.

    ``rarity`` counts the uses that decide whether ``m`` is a slip (``counts``
    by default). The pieces are names; ``m`` itself comes back unchanged.
    """
    uses = (rarity if rarity is not None else counts)[m.key]
    if uses > _RARE or " " not in m.text or mention_key(m.text) != m.key:
        return [m]  # a name in common use, one word, or a name with its qualifier
    # Words, not dashes: "Greta Lind - Greta Lind" holds no name "Greta Lind -".
    words = [(w.start(), w.end()) for w in _WORD.finditer(m.text) if _has_alnum(w.group())]
    if len(words) < 2:
        return [m]
    need = max(2, 2 * uses)

    def known(i: int, j: int) -> str | None:
        key = mention_key(m.text[words[i][0] : words[j - 1][1]])
        return key if key and counts.get(key, 0) >= need else None

    found: list[tuple[int, int, str]] = []
    described: list[tuple[int, int, str]] = []
    if m.block == "headline":
        # Every known name in the headline, longest first from the left.
        i = 0
        while i < len(words):
            for j in range(len(words), i, -1):
                key = known(i, j) if j - i < len(words) else None
                if key:
                    found.append((words[i][0], words[j - 1][1], key))
                    # "Tilbury Farm Creamery Building Floods": the name and
                    # what it is, up to a facility noun, describe it.
                    # In a run nobody tagged, only a noun right after the name: "[Brooklyn]
                    # Neighborhood", not "[Dana Pryce] Signs With Rivals".
                    last = j + 1 if m.kind == TITLED else j + 3
                    for k in range(j, min(last, len(words))):
                        word = m.text[words[k][0] : words[k][1]]
                        if is_facility_noun(word) or (k == j and is_place_noun(word)):
                            described.append((words[i][0], words[k][1], key))
                            break
                    i = j
                    break
            else:
                i += 1
    else:
        # "Comets and Falcons", "Ivers & Lund": two names the tagger ran together,
        # each of which the library uses on its own.
        joined = [(w.start(), w.end()) for w in _WORD.finditer(m.text)]
        sides = [
            mention_key(m.text[joined[i][0] : joined[j - 1][1]])
            for i, j in _conjuncts(m.text, joined)
        ]
        if sides and all(counts.get(k, 0) >= 1 for k in sides):
            return _pieces(
                m,
                [
                    (joined[i][0], joined[j - 1][1], k)
                    for (i, j), k in zip(_conjuncts(m.text, joined), sides, strict=True)
                ],
                [],
            )
        found = [
            (words[i][0], words[j - 1][1], key)
            for i, j in _conjuncts(m.text, words)
            if (key := known(i, j))
        ]
        if found:
            return _pieces(m, found, [])
        best: tuple[int, int, str] | None = None
        for i, j in _edge_windows(len(words)):
            if m.text[words[i][0] : words[i][1]].lower() in _ARTICLES:
                continue  # "N. Y Superior Court" holds "Superior Court", not "A Superior Court"
            key = known(i, j)
            # What the cut drops must not be a place's name: "Ashby High Street"
            # is not "High Street" run into a word, "Comedian Iris Marlowe" is.
            dropped = mention_key(f"{m.text[: words[i][0]]} {m.text[words[j - 1][1] :]}")
            if dropped in places:
                continue
            if key and (best is None or words[j - 1][1] - words[i][0] > best[1] - best[0]):
                best = (words[i][0], words[j - 1][1], key)
        found = [best] if best else []
    if not found:
        return [m]
    return _pieces(m, found, described)


def _has_alnum(word: str) -> bool:
    return any(c.isalnum() for c in word)


def _conjuncts(text: str, words: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Word ranges on either side of an "and" or "&" that joins them: "Comets and Falcons"."""
    cuts = [k for k, (s, e) in enumerate(words) if text[s:e].lower() in ("and", "&")]
    if len(cuts) != 1 or cuts[0] in (0, len(words) - 1):
        return []
    k = cuts[0]
    return [(0, k), (k + 1, len(words))]


def _pieces(
    m: RawMention,
    found: Sequence[tuple[int, int, str]],
    described: Sequence[tuple[int, int, str]],
) -> list[RawMention]:
    """The names (and their descriptions) found inside ``m``, as mentions of their own."""
    return [
        RawMention(
            text=m.text[start:end],
            start=m.start + start,
            end=m.start + end,
            label=m.label,
            key=key,
            roles=m.roles if kind == NAME else (),
            block=m.block,
            also=m.also if kind == NAME else (),
            kind=kind,
        )
        for kind, pieces in ((NAME, found), (DESCRIPTION, described))
        for start, end, key in pieces
    ]


def _edge_windows(n: int) -> Iterable[tuple[int, int]]:
    """Word ranges of two words or more that keep the right edge of an ``n``-word span.

    In running text a slip runs a name into the word before it ("Comedian
    Iris Marlowe"); the words after a name are its own ("Harrow Lane
    Recovery Center" is not "Harrow Lane Recovery" and a stray word).
    """
    for i in range(1, n - 1):
        yield i, n


def _make_nodes(mentions: Mapping[str, Sequence[RawMention]]) -> list[_Node]:
    nodes: list[_Node] = []
    cores: dict[str, tuple[str, ...]] = {}
    for article in sorted(mentions):
        local: dict[str, _Node] = {}
        described: list[tuple[str, RawMention]] = []
        for m in sorted(mentions[article], key=attrgetter("start", "end")):
            if not m.key:
                continue
            # "Victor Amberley III" and "Victor Amberley" are one key.
            tokens = cores.get(m.key)
            if tokens is None:
                tokens = cores[m.key] = _core(tuple(m.key.split()))
            if m.label not in _PLACE_LABELS:
                # "Dave Okafor" and "David Okafor" are one key: given-name variants
                # (whatever the tagger called them, so one name keeps one key).
                tokens = _given_name_key(tokens)
            key = " ".join(tokens)
            if m.kind == DESCRIPTION:
                described.append((key, m))
                continue
            if m.kind in (EPITHET, REFERENCE):
                continue  # placed once the names are linked: see _place_epithets, _place_references
            # "Mrs. Okafor" and "Mr. Okafor" of one article are two people: a
            # surname alone is one node per gender its honorific gives.
            gender = _honorific_gender(m.text) if len(tokens) == 1 else None
            place = f"{key}#{gender}" if gender in ("m", "f") else key
            node = local.get(place)
            if node is None:
                node = _Node(len(nodes), article, key, tokens)
                local[place] = node
                nodes.append(node)
            node.mentions.append(m)
            node.labels[m.label] = node.labels.get(m.label, 0) + 1
        for key, m in described:
            # A description goes with its name; without the name it has no entity.
            if key in local:
                local[key].descriptions.append(m)
            elif len(key.split()) == 1:
                gendered = [local[p] for p in (f"{key}#f", f"{key}#m") if p in local]
                if len(gendered) == 1:
                    gendered[0].descriptions.append(m)
    return [node.settle() for node in nodes]


def _mentions_of_kind(
    mentions: Mapping[str, Sequence[RawMention]], kind: str
) -> list[tuple[str, RawMention]]:
    """(article, mention) for every mention of ``kind``, articles in order, then by position."""
    return [
        (article, m)
        for article in sorted(mentions)
        for m in sorted(mentions[article], key=attrgetter("start", "end"))
        if m.kind == kind
    ]


def _place_epithets(
    nodes: list[_Node], mentions: Mapping[str, Sequence[RawMention]], links: _UnionFind
) -> list[_Node]:
    """Nationalities that stand for a person ("the American") join that person, if known.

    The person is the one of the article whom the library describes with the
    same word ("Canadian challenger Leo Hale"), when one such person
    dominates; the epithet is then a mention of them, never a name. Otherwise
    it stays with the nationality's other mentions.
    """
    epithets = _mentions_of_kind(mentions, EPITHET)
    if not epithets:
        return nodes
    described_as: dict[int, Counter[str]] = defaultdict(Counter)
    in_article: dict[str, set[int]] = defaultdict(set)
    by_key: dict[tuple[str, str], _Node] = {}
    for node in nodes:
        root = links.find(node.index)
        in_article[node.article].add(root)
        by_key.setdefault((node.article, node.key), node)
        by_key.setdefault(("", node.key), node)
        if "person" in node.families:
            for m in node.mentions:
                for role in m.roles:
                    described_as[root].update(set(role.lower().split()))
    nodes = list(nodes)
    for article, m in epithets:
        # "the Maltese champion" fits whoever the library calls Maltese or a champion.
        words = {m.key} | {w for role in m.roles for w in role.lower().split()}
        people = [
            (sum(described_as[root][w] for w in words), root)
            for root in sorted(in_article[article])
            if any(described_as[root][w] for w in words)
        ]
        person = _dominant(people)
        node = _Node(links.add(), article, m.key, (m.key,))
        if person is not None:
            node.descriptions.append(m)
            node.attached_via = "epithet"
            links.union(node.index, person)
        else:
            node.mentions.append(m)
            node.labels[m.label] = 1
            same = by_key.get((article, m.key)) or by_key.get(("", m.key))
            if same is not None:
                links.union(node.index, same.index)
            by_key.setdefault(("", m.key), node)
        nodes.append(node.settle())
    return nodes


_FACILITY_FAMILIES = frozenset({"org", "facility"})
# A description's words after one of these say where the thing is: "... in Dunmore".
_LOCATING_WORDS = frozenset({"in", "near", "at"})


def _place_references(
    nodes: list[_Node],
    mentions: Mapping[str, Sequence[RawMention]],
    links: _UnionFind,
    stories: Mapping[str, str],
) -> list[_Node]:
    """Facilities named by kind and place ("a clinic in Dunmore") join the facility they fit.

    A reference fits an organisation or facility of its story that the
    library places in the same town ("Greenleaf Clinic in Dunmore"), or whose
    name or description has the same kind noun ("Greenleaf Clinic", "the
    Greenleaf rehab clinic"). One that fits both ways beats one that fits one
    way; among equals, the one whose mentions dominate wins. A reference that
    fits no facility, or several alike, is left out: it names none the
    glossary knows.
    """
    references = _mentions_of_kind(mentions, REFERENCE)
    if not references:
        return nodes
    weight: Counter[int] = Counter()
    families: dict[int, Counter[str]] = defaultdict(Counter)
    kinds: dict[int, set[str]] = defaultdict(set)
    places: dict[int, set[str]] = defaultdict(set)
    in_story: dict[str, set[int]] = defaultdict(set)
    in_article: dict[str, set[int]] = defaultdict(set)
    for node in nodes:
        root = links.find(node.index)
        in_article[node.article].add(root)
        weight[root] += node.weight
        families[root][node.family] += node.weight
        in_story[stories.get(node.article, node.article)].add(root)
        if len(node.tokens) >= 2:
            kinds[root].add(node.tokens[-1])
            if node.tokens[-1] in INSTITUTION_HEADS:
                families[root]["facility"] += node.weight  # "Greenleaf Clinic", whatever its label
        for m in node.descriptions:
            words = mention_key(m.text).split()
            kinds[root].update(w for w in words if is_facility_noun(w))
            for i, word in enumerate(words[:-1]):
                if word in _LOCATING_WORDS:
                    places[root].add(" ".join(words[i + 1 :]))
        for m in node.mentions:
            kinds[root].update(_role_head(r) for r in m.roles)
    nodes = list(nodes)
    for article, m in references:
        kind = m.key
        tiers: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for root in sorted(in_story[stories.get(article, article)]):
            votes = families[root]
            if 3 * sum(votes[f] for f in _FACILITY_FAMILIES) < sum(votes.values()):
                continue  # a person or a place, not a facility
            if kind not in kinds[root]:
                continue  # a hospital in Dunmore is not the Dunmore cemetery
            placed = any(p == m.place or p.startswith(m.place + " ") for p in places[root])
            if places[root] and not placed:
                continue  # the library places it in another town
            if not placed and root not in in_article[article]:
                continue  # only the article's own facilities go by kind alone
            tiers[int(placed)].append((weight[root], root))
        chosen = _dominant(tiers[max(tiers)]) if tiers else None
        if chosen is None:
            continue
        node = _Node(links.add(), article, m.key, (m.key,))
        node.descriptions.append(replace(m, kind=DESCRIPTION))
        node.attached_via = "reference"
        links.union(node.index, chosen)
        nodes.append(node.settle())
    return nodes


def _mark_lone_persons(nodes: Sequence[_Node]) -> None:
    """Flag one-word "persons" that neither a full personal name nor a place's label backs."""
    person_words = {
        t for n in nodes if len(n.tokens) >= 2 and "person" in n.families for t in n.tokens
    }
    places = {n.key for n in nodes if "place" in n.families}
    for n in nodes:
        n.lone_person = (
            len(n.tokens) == 1
            and n.family == "person"
            and n.tokens[0] not in person_words
            and n.key not in places
        )


def _by_entity(links: _UnionFind, candidates: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """(weight, node index) pairs summed per entity found so far.

    Names already known to be one entity ("Neil Marsh", "Neil Tate Marsh") do
    not compete with each other for a short form ("Marsh").
    """
    totals: dict[int, int] = {}
    for weight, index in candidates:
        root = links.find(index)
        totals[root] = totals.get(root, 0) + weight
    return [(weight, root) for root, weight in totals.items()]


def _dominant(candidates: Sequence[tuple[int, int]]) -> int | None:
    """The index of the candidate whose weight dominates, or None.

    ``candidates`` are (weight, index) pairs; a single candidate always
    dominates, otherwise the heaviest must outweigh the next by ``_DOMINANCE``.
    """
    if not candidates:
        return None
    ranked = sorted(candidates, key=lambda c: (-c[0], c[1]))
    if len(ranked) == 1 or ranked[0][0] >= _DOMINANCE * ranked[1][0]:
        return ranked[0][1]
    return None


def _link_within_article(
    nodes: list[_Node], links: _UnionFind, library_weight: Mapping[str, int]
) -> None:
    # Longer names by their first and last word: a short form can only be one of those.
    by_edge: dict[str, list[_Node]] = defaultdict(list)
    for node in nodes:
        if len(node.tokens) >= 2:
            by_edge[node.tokens[0]].append(node)
            if node.tokens[-1] != node.tokens[0]:
                by_edge[node.tokens[-1]].append(node)
    for short in nodes:
        relation, candidates = _local_candidates(short, nodes, by_edge)
        if not candidates:
            continue
        # The article decides first; when its own counts are even, the name
        # that dominates the whole library does ("Quist": "Gerald R. Quist" over
        # a headline's "Mayor Reverses Quist").
        chosen = _dominant(_by_entity(links, [(n.weight, n.index) for n in candidates]))
        if chosen is None:
            chosen = _dominant(
                _by_entity(links, [(library_weight[n.key], n.index) for n in candidates])
            )
        if chosen is None:
            short.ambiguous = True
            continue
        links.union(short.index, chosen)
        short.attached_via = relation


def _local_candidates(
    short: _Node, nodes: Sequence[_Node], by_edge: Mapping[str, list[_Node]]
) -> tuple[str, list[_Node]]:
    family = short.family
    if family == "group":
        fits = [n for n in nodes if n.family == "place" and _demonym_fits(short, n.tokens)]
        if fits:
            return "demonym", fits
    if short.acronym_shaped and family != "person":
        fits = [
            n
            for n in nodes
            if n is not short
            and len(n.tokens) >= 2
            and n.family != "person"
            and _initials_fit(family, n.family)
            and any(short.key in _acronyms(m.text) for m in n.mentions)
        ]
        if fits:
            return "acronym", fits
    pool = {n.index: n for t in {short.tokens[0], short.tokens[-1]} for n in by_edge.get(t, ())}
    fits = [
        pool[i] for i in sorted(pool) if pool[i] is not short and _can_join_as_part(short, pool[i])
    ]
    return "part", fits


@dataclass(slots=True)
class _KeyGroup:
    """Every node of one key across the library."""

    key: str
    tokens: tuple[str, ...]
    nodes: list[_Node] = field(default_factory=list)
    labels: dict[str, int] = field(default_factory=dict)
    initials: set[str] = field(default_factory=set)
    # A generic name ("Superior Court") is one entity per story only: that story's id.
    story: str = ""
    # Set by settle() once every node is in.
    weight: int = 0
    family: str = "unknown"
    families: frozenset[str] = frozenset()
    genders: frozenset[str] = frozenset()

    def settle(self) -> _KeyGroup:
        self.weight = sum(n.weight for n in self.nodes)
        self.family, self.families = _families_of(_label_items(self.labels))
        self.genders = frozenset(g for n in self.nodes for g in n.genders)
        return self


def _link_across_articles(
    nodes: Sequence[_Node], links: _UnionFind, stories: Mapping[str, str]
) -> None:
    """Merge nodes by key across articles, then attach library-wide short forms.

    A name of two words or more is the same entity wherever it appears, but
    a generic one ("Superior Court", "Police Department") only within one
    story (see :func:`_stories`): Los Angeles and Hallam County each have one.
    A one-word name that stood on its own in its article meets the other
    free-standing ones of its key, and they join the dominant longer name of
    the library that contains them, if there is one. Ambiguous short forms
    meet only each other.
    """
    groups: dict[str, _KeyGroup] = {}
    free: dict[str, list[_Node]] = defaultdict(list)
    ambiguous: dict[str, _Node] = {}
    # A surname the library gives both "Mr." and "Mrs." stands for two people:
    # its forms of each gender meet apart. Given one way only, all meet as one.
    genders_of: dict[str, set[str]] = defaultdict(set)
    for node in nodes:
        if len(node.tokens) == 1:
            genders_of[node.key] |= node.genders
    for node in nodes:
        story = stories.get(node.article, node.article) if _is_generic(node.tokens) else ""
        gkey = f"{node.key}@{story}" if story else node.key
        split = len(genders_of.get(node.key, ())) > 1
        if split and len(node.tokens) == 1 and len(node.genders) == 1:
            gkey += "#" + next(iter(node.genders))
        group = groups.get(gkey)
        if group is None:
            group = groups[gkey] = _KeyGroup(node.key, node.tokens, story=story)
        group.nodes.append(node)
        for label, n in node.labels.items():
            group.labels[label] = group.labels.get(label, 0) + n
        if len(node.tokens) >= 2:
            group.initials.update(a for m in node.mentions for a in _acronyms(m.text))
            links.union(group.nodes[0].index, node.index)
        elif node.ambiguous:
            first = ambiguous.setdefault(gkey, node)
            links.union(first.index, node.index)
        elif node.attached_via is None:
            free[gkey].append(node)
            links.union(free[gkey][0].index, node.index)
    for group in groups.values():
        for node in group.nodes:
            for also in {a for m in node.mentions for a in m.also}:
                other = groups.get(" ".join(_core(tuple(also.split()))))
                if other is not None and len(other.tokens) >= 2:
                    links.union(node.index, other.nodes[0].index)
    for key, group in groups.items():
        if len(group.tokens) >= 2 and all(n.attached_via is not None for n in group.nodes):
            continue  # every occurrence already joined a longer name in its article
        if len(group.tokens) >= 2:
            free[key] = group.nodes

    for group in groups.values():
        group.settle()
    _link_country_qualified(groups, links)
    _link_spelling_variants(groups, links)
    _link_plurals(groups, free, links)
    # Indexes so each short form looks only at names that could contain it.
    by_edge_token: dict[str, list[_KeyGroup]] = defaultdict(list)
    by_initials: dict[str, list[_KeyGroup]] = defaultdict(list)
    by_stem: dict[str, list[_KeyGroup]] = defaultdict(list)
    for group in groups.values():
        if len(group.tokens) >= 2:
            core = _core(group.tokens)
            by_edge_token[core[0]].append(group)
            if core[-1] != core[0]:
                by_edge_token[core[-1]].append(group)
            for initials in group.initials:
                by_initials[initials].append(group)
        if group.family == "place":
            by_stem[group.tokens[-1][:4]].append(group)

    # Longer forms settle first, so "Neil Marsh" has joined "Neil Tate Marsh"
    # before "Marsh" looks for the name it belongs to.
    for key in sorted(free, key=lambda k: (-len(groups[k].tokens), k)):
        group = groups[key]
        relation, candidates = _global_candidates(group, by_edge_token, by_initials, by_stem)
        # A longer name already known to be this one does not compete with the others.
        own = {links.find(n.index) for n in free[key]}
        candidates = [c for c in candidates if not own & {links.find(n.index) for n in c.nodes}]
        if group.story:
            # "Superior Court" in the Pryce story is the Los Angeles one, whatever elsewhere.
            candidates = [
                c for c in candidates if any(stories.get(n.article) == group.story for n in c.nodes)
            ]
        anchors = [next((n for n in c.nodes if not n.ambiguous), c.nodes[0]) for c in candidates]
        chosen = _dominant(
            _by_entity(
                links, [(c.weight, a.index) for c, a in zip(candidates, anchors, strict=True)]
            )
        )
        if chosen is None:
            continue
        links.union(free[key][0].index, chosen)
        for node in free[key]:
            node.attached_via = node.attached_via or relation


def _link_plurals(
    groups: Mapping[str, _KeyGroup], free: dict[str, list[_Node]], links: _UnionFind
) -> None:
    """A one-word name and its plural are one thing: "Juno" (night, host) and "the Junos".

    Only the free-standing singulars join (not "Juno" in "Juno Maximilian Hart"),
    and not when either names people or places ("Greeks" are not "Greek") or
    a role calls one of the singulars a person ("his son Juno"); they then
    look for no longer name of their own.
    """
    for plural in groups.values():
        if len(plural.tokens) != 1 or not plural.key.endswith("s") or plural.story:
            continue
        singular = groups.get(plural.key[:-1])
        if singular is None or {"person", "group", "place"} & plural.families:
            continue
        if {"group", "place"} & singular.families or singular.key not in free:
            continue
        if any(_called_a_person(n) for n in free[singular.key]):
            continue  # "his son Juno": the free-standing singulars are not all the thing
        for node in free.pop(singular.key):
            links.union(node.index, plural.nodes[0].index)
            node.attached_via = "plural"


def _called_a_person(node: _Node) -> bool:
    """Whether a role next to one of the node's mentions calls it a person ("son Juno")."""
    return any(_role_head(r) in _PERSON_ROLE_WORDS for m in node.mentions for r in m.roles)


def _link_country_qualified(groups: Mapping[str, _KeyGroup], links: _UnionFind) -> None:
    """ "National Audit Office of Moldova" is the "National Audit Office".

    An organisation's name of two words or more followed by "of" and a
    country or capital is the same body as the name alone, when the library
    uses the name alone too.
    """
    for group in groups.values():
        tokens = group.tokens
        if "of" not in tokens[2:-1] or "place" in group.families or "person" in group.families:
            continue
        cut = len(tokens) - 1 - tokens[::-1].index("of")
        if " ".join(tokens[cut + 1 :]) not in GAZETTEER_KEYS:
            continue
        bare = groups.get(" ".join(tokens[:cut]))
        if bare is not None and not {"place", "person"} & bare.families:
            links.union(bare.nodes[0].index, group.nodes[0].index)


def _link_spelling_variants(groups: Mapping[str, _KeyGroup], links: _UnionFind) -> None:
    """Join keys that are spellings of one name: a typo, a plural, a spacing, a short first name.

    "Dayton Sky Hawks" / "Dayton Skyhawks", "National Audit
    Office" / "National Audits Office", "Fyodor Vasilev" /
    "Feodor Vasilev", "Jon Mercer" / "John Mercer", "Ravensworth" / "Ravenswroth".
    Two names of several words meet when they differ in one word only (a
    word of four letters only inside a name of three words: "Strait of Cora"),
    or, for a person, when every word is one edit away and the last is long
    ("Fyodor Vasilyev" / "Feodor Vasilev"). A single word must be long
    (seven letters or more) and one edit away, or very long (ten or more)
    and two edits away with the same ends ("Moldovva"); a place's name of
    four letters or more may carry a silent final letter ("Bern" / "Berne").
    """
    buckets: dict[tuple[str, ...], list[_KeyGroup]] = defaultdict(list)
    for group in groups.values():
        tokens = group.tokens
        if len(tokens) >= 2:
            buckets[("", "".join(tokens))].append(group)
            for i in range(len(tokens)):
                buckets[(str(i), *tokens[:i], *tokens[i + 1 :])].append(group)
            last = tokens[-1]
            if len(last) >= _LONG_WORD and last.isalpha():
                # "Fyodor Vasilyev" / "Feodor Vasilev": every word a little off.
                for variant in _deletions(last):
                    buckets[("~", str(len(tokens)), variant)].append(group)
        elif len(tokens[0]) >= _LONG_WORD and tokens[0].isalpha():
            word = tokens[0]
            for variant in _deletions(word):
                buckets[("-", variant)].append(group)
            if len(word) >= _VERY_LONG_WORD:
                # "Moldovva" / "Moldova": a long word may be two edits off.
                for variant in {d for v in _deletions(word) for d in _deletions(v)}:
                    buckets[("=", variant)].append(group)
        elif group.family == "place" and len(tokens[0]) >= _SHORT_PLACE and tokens[0].isalpha():
            # "Bern" / "Berne": a place's name with a silent letter at the end.
            buckets[("$", tokens[0])].append(group)
            buckets[("$", tokens[0][:-1])].append(group)
    for signature, members in buckets.items():
        if len(members) < 2:
            continue
        for a, b in itertools.combinations(members, 2):
            if a.key == b.key or not _spelling_variants(a, b, signature[0]):
                continue
            # Only a key that is one entity so far: "Ravensworth" may already
            # have joined two brothers in different articles.
            roots_a = {links.find(n.index) for n in a.nodes}
            roots_b = {links.find(n.index) for n in b.nodes}
            if len(roots_a) == 1 and len(roots_b) == 1:
                links.union(a.nodes[0].index, b.nodes[0].index)


def _spelling_variants(a: _KeyGroup, b: _KeyGroup, where: str) -> bool:
    """Whether two keys that met in a bucket of :func:`_link_spelling_variants` spell one name.

    ``where`` is what the bucket matched: "-" a long word give or take a
    letter, "" the same letters, otherwise the index of the one word that differs.
    """
    if where == "-":
        shorter, longer = sorted((a.key, b.key), key=len)
        if longer == shorter + "s":
            # "the Ravensworths" is a family or a team, not a typo of one
            # of them: plurals have rules of their own (_link_plurals).
            return False
        # The tagger's labels for a lone word scatter too much to compare
        # ("Ravensworth" NORP, "Ravenswroth" PERSON).
        return _edit_distance(a.key, b.key) <= 1
    if where == "=":
        x, y = a.key, b.key
        return x[:2] == y[:2] and x[-2:] == y[-2:] and _edit_distance(x, y) <= 2
    if where == "$":
        shorter, longer = sorted((a.key, b.key), key=len)
        return "place" in a.families and "place" in b.families and longer[:-1] == shorter
    if where == "~":
        return _every_word_close(a.tokens, b.tokens) and bool(
            {"person"} & (a.families | b.families)
        )
    same_kind = bool(a.families & b.families)
    if where == "":
        return same_kind  # "Sky Hawks" / "Skyhawks"
    i = int(where)
    x, y = a.tokens[i], b.tokens[i]
    if not (x.isalpha() and y.isalpha()):
        return False  # "Hwasong-18" and "Hwasong-19" are two missiles
    if x.rstrip("s") == y.rstrip("s"):
        return same_kind  # "Election" / "Elections"
    if i < len(a.tokens) - 1 and ("person" in a.families or "person" in b.families):
        # A first name written two ways: same initial and close spelling, a
        # shared stem, or a short form. The tagger may call the other form
        # anything ("Bernie Kell" a place, "Bernard Kell" a person).
        if x[0] != y[0]:
            return False
        distance = _edit_distance(x, y)
        stem = len(os.path.commonprefix([x, y]))
        shortest = min(len(x), len(y))
        return distance <= 1 or (distance <= 2 and shortest >= 5) or stem >= 4 or shortest <= 2
    # A word as short as "Cora" / "Kora" is safe to compare only inside a longer name.
    shortest_word = 5 if len(a.tokens) < 3 else 4
    return same_kind and min(len(x), len(y)) >= shortest_word and _edit_distance(x, y) <= 1


def _deletions(word: str) -> set[str]:
    """The word and the words it makes without one of its letters."""
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


def _every_word_close(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Two names of as many words, each pair the same or one edit apart with the same initial."""
    if len(a) != len(b) or a == b:
        return False
    return all(
        x == y or (x[0] == y[0] and len(x) >= 4 and _edit_distance(x, y) <= 1)
        for x, y in zip(a, b, strict=True)
    )


@lru_cache(maxsize=65536)
def _edit_distance(a: str, b: str) -> int:
    """Edits (insert, delete, substitute, swap two neighbours) that turn ``a`` into ``b``."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


def _global_candidates(
    group: _KeyGroup,
    by_edge_token: Mapping[str, list[_KeyGroup]],
    by_initials: Mapping[str, list[_KeyGroup]],
    by_stem: Mapping[str, list[_KeyGroup]],
) -> tuple[str, list[_KeyGroup]]:
    # A stand-in node for the whole key: the relations read tokens, labels and surfaces.
    probe = _Node(-1, "", group.key, group.tokens, labels=group.labels)
    probe.mentions = [m for n in group.nodes for m in n.mentions]
    probe.descriptions = [m for n in group.nodes for m in n.descriptions]
    probe.settle()
    # Nodes the tagger called something else in their article do not speak for or against it.
    probe.lone_person = all(n.lone_person for n in group.nodes if n.family == "person")
    family = probe.family
    if family == "group":
        fits = [g for g in by_stem.get(probe.tokens[-1][:4], ()) if _demonym_fits(probe, g.tokens)]
        if fits:
            return "demonym", _unique(fits)
    if probe.acronym_shaped and family != "person":
        fits = [
            g
            for g in by_initials.get(probe.key, ())
            if g is not group and g.family != "person" and _initials_fit(family, g.family)
        ]
        if fits:
            return "acronym", _unique(fits)
    core = _core(probe.tokens)
    pool = list(by_edge_token.get(core[0], ())) + list(by_edge_token.get(core[-1], ()))
    fits = [g for g in _unique(pool) if g is not group and _can_join_as_part(probe, g)]
    return "part", fits


def _unique(groups: Iterable[_KeyGroup]) -> list[_KeyGroup]:
    seen: dict[tuple[str, str], _KeyGroup] = {}
    for g in groups:
        seen.setdefault((g.key, g.story), g)
    return [seen[k] for k in sorted(seen)]


def _is_generic(tokens: tuple[str, ...]) -> bool:
    """Whether a key's words are all generic words of public bodies' names."""
    return all(t in GENERIC_NAME_WORDS for t in tokens)


def _stories(mentions: Mapping[str, Sequence[RawMention]]) -> dict[str, str]:
    """Each article's story: articles that name a person in full in common are one story.

    The id of a story is the first of its articles in sorted order.
    """
    articles = sorted(mentions)
    links = _UnionFind(len(articles))
    first_with: dict[str, int] = {}
    for i, article in enumerate(articles):
        for m in mentions[article]:
            if m.kind == NAME and m.label == "PERSON" and " " in m.key:
                links.union(i, first_with.setdefault(m.key, i))
    return {article: articles[links.find(i)] for i, article in enumerate(articles)}


# --- one entity --------------------------------------------------------------


def _entity(
    group: Sequence[_Node], shown: Sequence[tuple[_Node, RawMention]], name: str, entity_type: str
) -> Entity:
    """The entity of one group of nodes, named ``name`` (see :func:`_canonical_name`), of
    type ``entity_type`` (see :func:`_vote_type`); ``shown`` are the mentions it keeps (see
    :func:`_one_mention_per_span`), while aliases and roles read every name."""
    all_mentions = [(n, m) for n in group for m in n.mentions]
    # A qualified mention ("Bern, Switzerland") is not another name for the town.
    pairs = Counter((m.text, m.key) for _, m in all_mentions)
    surfaces = Counter({t: n for (t, k), n in pairs.items() if mention_key(t) == k})
    aliases = _aliases(surfaces, name)
    roles = _roles(m for _, m in sorted(all_mentions, key=lambda nm: (nm[0].article, nm[1].start)))
    ordered = sorted(shown, key=lambda nm: (nm[0].article, nm[1].start, nm[1].end))
    return Entity(
        id=_entity_id(entity_type, name),
        name=name,
        type=entity_type,
        aliases=tuple(aliases),
        roles=tuple(roles),
        mentions=tuple(
            Mention(n.article, m.text, m.start, m.end, m.roles if m.kind != DESCRIPTION else ())
            for n, m in ordered
        ),
    )


# --- one mention per span ------------------------------------------------------

_Claim = tuple[_Node, RawMention]


def _one_mention_per_span(
    owners: Sequence[Sequence[_Claim]], types: Sequence[str]
) -> list[list[_Claim]]:
    """The mentions each future entity keeps, so that no text is counted twice.

    ``owners`` holds, per entity, its names and descriptions; ``types`` the
    entities' types. Within one
    entity, overlapping mentions ("lawyer Neil Marsh" and "Neil Marsh",
    "Varo island" and "Varo") become one: the description when it says
    what or where the thing is (a head noun or a place after the name, "the
    city of ...", a compass point before a place), else the name; see
    :func:`_span_options`. Across entities, a name may sit inside another
    entity's description ("Hallam County" in "Hallam County District
    Attorney Ines Varga") or after a comma in another's name ("Ore." in
    "Port Linden, Ore."); any other overlap is settled for one of them
    (see :func:`_overlap_loser`), and the other falls back to its next
    option for that span, or drops it.
    """
    # Per owner, per cluster of overlapping mentions: the options, best first.
    options: list[list[list[_Claim]]] = []
    by_article: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for i, (claims, entity_type) in enumerate(zip(owners, types, strict=True)):
        ordered = sorted(claims, key=_claim_order)
        clusters: list[list[_Claim]] = []
        end = -1
        article = None
        for claim in ordered:
            node, m = claim
            if node.article != article or m.start >= end:
                clusters.append([claim])
                article, end = node.article, m.end
                by_article[article].append((i, len(clusters) - 1))
            else:
                clusters[-1].append(claim)
                end = max(end, m.end)
        options.append([c if len(c) == 1 else _span_options(c, entity_type) for c in clusters])
    sizes = [len(o) for o in options]
    # choice[owner][cluster]: the option in use; past the end means the span is dropped.
    choice = [[0] * len(clusters) for clusters in options]
    for slots in by_article.values():
        if len({i for i, _ in slots}) > 1:
            _settle_article(slots, options, choice, sizes)
    return [
        [opts[c] for opts, c in zip(clusters, picks, strict=True) if c < len(opts)]
        for clusters, picks in zip(options, choice, strict=True)
    ]


def _claim_order(claim: _Claim) -> tuple[str, int, int]:
    node, m = claim
    return node.article, m.start, -m.end


def _settle_article(
    slots: Sequence[tuple[int, int]],
    options: Sequence[Sequence[Sequence[_Claim]]],
    choice: list[list[int]],
    sizes: Sequence[int],
) -> None:
    """Advance the choices of one article's clusters until no two entities clash."""
    budget = sum(len(options[i][j]) for i, j in slots)  # every step spends one option
    while budget > 0:
        live = [
            (options[i][j][choice[i][j]][1], i, j)
            for i, j in slots
            if choice[i][j] < len(options[i][j])
        ]
        live.sort(key=lambda x: (x[0].start, -x[0].end))
        loser = None
        for a in range(len(live)):
            for b in range(a + 1, len(live)):
                x, y = live[a], live[b]
                if y[0].start >= x[0].end:
                    break
                if x[1] == y[1]:
                    continue
                loser = _overlap_loser(x, y, sizes)
                if loser is not None:
                    break
            if loser is not None:
                break
        if loser is None:
            return
        choice[loser[0]][loser[1]] += 1
        budget -= 1


def _overlap_loser(
    x: tuple[RawMention, int, int], y: tuple[RawMention, int, int], sizes: Sequence[int]
) -> tuple[int, int] | None:
    """Which of two overlapping mentions of two entities gives way, or None when both stay.

    ``x`` starts first (or is the longer at the same start). A name inside a
    description, or after a comma inside a name ("Ore." in "Port Linden,
    Ore."), stays with its own entity; a name at the head of another name
    ("Alma Reyes" in "Alma Reyes Center") and a description inside another
    mention give way; of two mentions that cross, or cover the same text, the
    description gives way to the name, then the shorter to the longer, then
    the mention of the entity with fewer mentions.
    """
    (mx, ix, jx), (my, iy, jy) = x, y
    inner_y = my.end <= mx.end and (my.start, my.end) != (mx.start, mx.end)
    if inner_y:
        if my.kind != DESCRIPTION and (mx.kind == DESCRIPTION or _after_comma(mx, my.start)):
            return None
        return (iy, jy)
    x_desc, y_desc = mx.kind == DESCRIPTION, my.kind == DESCRIPTION
    if x_desc != y_desc:
        return (ix, jx) if x_desc else (iy, jy)
    lx, ly = mx.end - mx.start, my.end - my.start
    if lx != ly:
        return (ix, jx) if lx < ly else (iy, jy)
    if sizes[ix] != sizes[iy]:
        return (ix, jx) if sizes[ix] < sizes[iy] else (iy, jy)
    return (iy, jy) if iy > ix else (ix, jx)


def _after_comma(outer: RawMention, start: int) -> bool:
    """Whether ``start`` follows a comma inside ``outer``: a qualifier ("Port Linden, Ore.")."""
    return outer.text[: start - outer.start].rstrip().endswith(",")


def _span_options(cluster: Sequence[_Claim], entity_type: str) -> list[_Claim]:
    """The ways to show one span of text, best first (see :func:`_one_mention_per_span`).

    A title is not part of a person's name ("Neil Marsh", not "lawyer Neil
    Marsh"), while what a place or a facility is and where belongs to how it
    is named ("Varo island", "the city of Port Sella", "southern Iran",
    "Alma Reyes Center in Port Linden, Ore."), so a description comes first
    only when it says that.
    """
    if len(cluster) == 1:
        return list(cluster)

    def length(claim: _Claim) -> int:
        return claim[1].end - claim[1].start

    names = sorted(
        (c for c in cluster if c[1].kind != DESCRIPTION), key=lambda c: (-length(c), c[1].start)
    )
    descriptions = sorted(
        (c for c in cluster if c[1].kind == DESCRIPTION), key=lambda c: (-length(c), c[1].start)
    )
    if not names:
        return descriptions
    name = names[0][1]
    telling = [c for c in descriptions if _says_what_or_where(c[1], name, entity_type)]
    others = [c for c in descriptions if c not in telling]
    return telling + names + others


def _says_what_or_where(description: RawMention, name: RawMention, entity_type: str) -> bool:
    """Whether a description adds what or where the named thing is, not who one is.

    A head noun or a place after the name ("Varo island", "Harrow Lane
    Recovery in Cedar Falls"), "the city of" before it, a compass point
    before it ("southern Iran"), or, for anything but a person, its renown
    ("the famed Alma Reyes Center") or, for an organisation or a building,
    the rest of a longer proper name ("Riverton Otters", "Barre Bible
    Church"). A title or another epithet before a name does not ("lawyer
    Neil Marsh", "the busy Strait of Corra", "Vermont Gov. Jane Holt"), nor a
    building's noun after a place's name ("a Maple Heights apartment" is
    not the town).
    """
    if description.end > name.end and name.start >= description.start:
        head = description.text.split()[-1].lower()
        located = _LOCATED.search(description.text[name.end - description.start :])
        return not (
            entity_type in _PLACE_TYPES
            and not located
            and is_facility_noun(head)
            and head not in PLACE_HEADS
        )
    before = description.text[: max(0, name.start - description.start)].split()
    if not before:
        return False
    if before[-1].lower() == "of" or before[-1].lower() in COMPASS_WORDS:
        return True
    if entity_type != "PERSON" and len(before) == 1 and before[0].lower() in FAME_WORDS:
        return True  # "the famed Alma Reyes Center": renown that goes with the name
    return entity_type not in _NAMED_ALONE and all(
        word[:1].isupper()
        and not word.endswith(("'s", "’s", "'", "’"))
        and word.lower().rstrip(".") not in _PERSON_ROLE_WORDS
        for word in before
    )


_PLACE_TYPES = frozenset({"GPE", "LOC"})
# A place after a name says where the thing is: "Harrow Lane Recovery in Cedar Falls".
_LOCATED = re.compile(r"\b(?:in|at|near)\s+(?=[A-Z])")
# Types whose names capitalised words before them only qualify: "Soviet Moldova".
_NAMED_ALONE = frozenset({"PERSON", "GPE", "LOC", "NORP"})


def _canonical_name(group: Sequence[_Node]) -> str:
    """The fullest proper form that is in common use.

    Forms with more words win ("United States" over "U.S."), but only among
    forms used at least a third as often as the most used form of that many
    words or more, so a tagging slip ("Notorious Nora Bell") does not name
    the entity. Then the most used, then alphabetical.
    """
    standing = [n for n in group if n.attached_via is None] or list(group)
    # The tagger's names speak for the entity before capitalised runs it did not tag.
    counts = Counter(m.text for n in standing for m in n.mentions if m.kind == NAME) or Counter(
        m.text for n in standing for m in n.mentions
    )

    def words(surface: str) -> int:
        return len(surface.split())

    # The most used form with at least n words, for each n.
    most_used: dict[int, int] = {}
    for surface, count in counts.items():
        n = words(surface)
        most_used[n] = max(most_used.get(n, 0), count)
    for n in sorted(most_used, reverse=True):
        most_used[n] = max(most_used[n], most_used.get(n + 1, 0))

    def eligible(surface: str) -> bool:
        n = words(surface)
        longest_use = max(c for k, c in most_used.items() if k >= n)
        return 3 * counts[surface] >= longest_use

    def score(surface: str) -> tuple[int, int, int, int, int, int, str]:
        proper = int(surface[:1].isupper() or surface[:1].isdigit())
        # "Ms. Holt" and "Bern, Switzerland" are ways to write a name, not the name.
        plain = int(
            "," not in surface
            and surface == _bare(surface)
            and surface.split()[0].lower() not in _ARTICLES
        )
        # "HAL BRENNER" from a headline in capitals is a worse name than "Hal Brenner".
        shouting = int(surface.isupper() and len(surface.replace(".", "")) > 6)
        return (
            proper,
            plain,
            -shouting,
            int(eligible(surface)),
            words(surface),
            counts[surface],
            _reverse_alpha(surface),
        )

    return max(counts, key=score)


def _bare(surface: str) -> str:
    """The surface without a leading honorific."""
    words = surface.split()
    if len(words) > 1 and words[0].rstrip(".").lower() in HONORIFICS:
        return " ".join(words[1:])
    return surface


def _reverse_alpha(surface: str) -> str:
    # max() with a string key prefers later strings; invert so ties pick the first alphabetically.
    return "".join(chr(0x10FFFF - ord(c)) for c in surface)


def _vote_type(group: Sequence[_Node], name: str) -> str:
    """The entity's type by weighted vote over its mentions' labels, with priors.

    A multi-word personal name ("Donald Trump" tagged PERSON) and a weapon
    pattern weigh more than a lone word's label; a person's role ("leader",
    "sister") votes PERSON; a country or capital is a GPE unless a multi-word
    personal name says otherwise.
    """
    votes: defaultdict[str, float] = defaultdict(float)
    multiword_person = False
    # A name's fuller forms say what it is; its short forms ("Okafor", tagged
    # NORP as often as PERSON on its own) count little beside them.
    full = any(len(n.tokens) >= 2 and any(n.labels) for n in group)
    for node in group:
        if node.attached_via == "demonym":
            continue  # "Japanese" says nothing about what Japan is
        short_form = full and len(node.tokens) == 1 and node.attached_via is not None
        for label, count in node.labels.items():
            if not label:
                continue
            weight = 1.0
            if label == "PERSON" and len(node.tokens) >= 2:
                weight = _MULTIWORD_PERSON_WEIGHT
                multiword_person = True
            elif label == "PERSON" and node.lone_person:
                # One word that no full personal name in the library holds:
                # the tagger's guess for an unseen name ("Twitter", "Blackmoor").
                weight = _LONE_PERSON_WEIGHT
            elif label == WEAPON:
                weight = _WEAPON_WEIGHT
            elif label == "EVENT":
                weight = _EVENT_WEIGHT
            if short_form:
                weight *= _SHORT_FORM_WEIGHT
            votes[label] += weight * count
        for m in node.mentions:
            if m.roles and any(_role_head(r) in _PERSON_ROLE_WORDS for r in m.roles):
                votes["PERSON"] += 1.0
    if not votes:
        return "MISC"
    if any(n.key in PLATFORMS for n in group):
        return "ORG"  # an online platform the tagger, not having seen it, calls a person
    if not multiword_person and any(n.key in GAZETTEER_KEYS for n in group):
        # A country or capital is a place even when the tagger, which has not
        # seen the name in training, calls it a person ("Kyiv said ...").
        return "GPE"
    if _names_an_institution(name):
        # "Alma Reyes Treatment Center" is named after a person but is no person,
        # and "Harrow Lane Recovery Center" no work of art: a body or a building.
        votes = defaultdict(float, {k: v for k, v in votes.items() if k in ("ORG", "FAC")})
        if not votes:
            head = name.split()[-1].lower()
            return "FAC" if is_facility_noun(head) else "ORG"
    return max(votes.items(), key=lambda kv: (kv[1], -_priority(kv[0])))[0]


def _names_an_institution(name: str) -> bool:
    """Whether a name of two words or more ends in an institution's or a building's noun."""
    words = name.split()
    return len(words) >= 2 and words[-1].lower().strip(".,") in INSTITUTION_HEADS


def _role_head(role: str) -> str:
    """The noun a role is about: "Japanese Minister of Defense" -> "minister"."""
    words = role.lower().split()
    # "foreign minister from North Korea": the head comes before the first preposition.
    for i, word in enumerate(words):
        if word in ("of", "from", "for", "at", "in", "to", "with") and i > 0:
            return words[i - 1].rstrip(".,")
    return words[-1].rstrip(".,") if words else ""


def _aliases(surfaces: Counter[str], name: str) -> list[str]:
    """Every other surface form, once per spelling regardless of case, most used first."""
    best: dict[str, str] = {}
    for surface, _count in sorted(surfaces.items(), key=lambda kv: (-kv[1], kv[0])):
        fold = surface.casefold()
        if fold != name.casefold() and fold not in best:
            best[fold] = surface
    return list(best.values())


def _roles(mentions: Iterable[RawMention]) -> list[str]:
    counts: Counter[str] = Counter()
    first: dict[str, str] = {}
    order: dict[str, int] = {}
    for m in mentions:
        for role in m.roles:
            fold = " ".join(role.replace("’", "'").casefold().split())
            counts[fold] += 1
            first.setdefault(fold, role)
            order.setdefault(fold, len(order))
    return [first[f] for f in sorted(counts, key=lambda f: (-counts[f], order[f]))]


def _entity_id(entity_type: str, name: str) -> str:
    digest = hashlib.sha1(f"{entity_type}|{name}".encode()).hexdigest()
    return f"ent-{digest[:12]}"


def _unique_ids(entities: list[Entity]) -> list[Entity]:
    """Two entities with the same type and name (an ambiguous short form) get distinct ids."""
    seen: Counter[str] = Counter()
    out: list[Entity] = []
    for entity in sorted(
        entities, key=lambda e: (e.id, e.mentions[0].article, e.mentions[0].start)
    ):
        seen[entity.id] += 1
        if seen[entity.id] > 1:
            entity = Entity(
                id=f"{entity.id}-{seen[entity.id]}",
                name=entity.name,
                type=entity.type,
                aliases=entity.aliases,
                roles=entity.roles,
                mentions=entity.mentions,
            )
        out.append(entity)
    return out
