"""News outlets: who published an article, from its URL or from how its file is named.

The table (``news_outlets.tsv`` beside this module) gives each outlet's web
domain, a short name for labels where room is scarce ("WSJ", "WaPo") and its
display name ("The Washington Post"). The lookups here are pure string work.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import PurePath
from urllib.parse import urlsplit


@dataclass(frozen=True, slots=True)
class Outlet:
    """One news outlet of the table."""

    domain: str
    short: str
    name: str


# Aliases that are ordinary English words ("the sun", "time", "people") name an
# outlet only when they are the whole file or folder name ("guardian.txt"), never
# as one word among others ("sun-eclipse-notes.txt").
_COMMON_WORDS = frozenset(
    [
        "age",
        "atlantic",
        "australian",
        "axios",
        "citizen",
        "conversation",
        "deadline",
        "diplomat",
        "dispatch",
        "economist",
        "express",
        "federalist",
        "fortune",
        "gazette",
        "globe",
        "guardian",
        "herald",
        "hill",
        "i",
        "independent",
        "insider",
        "intercept",
        "metro",
        "mint",
        "mirror",
        "monitor",
        "nation",
        "national",
        "people",
        "post",
        "prospect",
        "punch",
        "quartz",
        "reason",
        "salon",
        "scroll",
        "slate",
        "spectator",
        "standard",
        "star",
        "stuff",
        "sun",
        "time",
        "times",
        "tribune",
        "variety",
        "vice",
        "week",
        "wire",
        "wired",
    ]
)
_SUBDOMAIN_NOISE = ("www.", "m.", "amp.", "mobile.", "edition.", "english.", "en.")
_TOKEN = re.compile(r"[^\W_]+")


def _key(text: str) -> str:
    """A name reduced for comparison: lower case, letters and digits only."""
    return "".join(_TOKEN.findall(text.casefold()))


@cache
def outlets() -> tuple[Outlet, ...]:
    """Every outlet of the table, in its order."""
    raw = resources.files("analysis.lexicon").joinpath("news_outlets.tsv").read_text("utf-8")
    rows = []
    for line in raw.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        domain, short, name = (cell.strip() for cell in line.split("\t"))
        rows.append(Outlet(domain.lower(), short, name))
    return tuple(rows)


@cache
def _by_domain() -> dict[str, Outlet]:
    return {o.domain: o for o in outlets()}


# Leading labels of a domain that say nothing about whose it is ("news.", "english.").
_GENERIC_LABELS = frozenset({"www", "www3", "m", "e", "en", "edition", "english", "news", "asia"})


def _aliases(outlet: Outlet) -> Iterable[tuple[int, str]]:
    """The keys a name of ``outlet`` may reduce to, each with a rank (0 the surest):
    its domain, short and display names (0); the display name without "The" (1);
    the distinctive label of its domain ("nytimes", "theguardian") (2)."""
    yield 0, _key(outlet.domain)
    yield 0, _key(outlet.short)
    yield 0, _key(outlet.name)
    yield 1, _key(re.sub(r"^the\s+", "", outlet.name, flags=re.IGNORECASE))
    labels = outlet.domain.split(".")
    label = next((x for x in labels[:-1] if x not in _GENERIC_LABELS), "")
    yield 2, _key(label)


@cache
def _by_alias() -> dict[str, Outlet]:
    """Alias key -> outlet. Where outlets share a key, the one holding it at the surest
    rank has it; two outlets tied at that rank leave the key to neither."""
    ranked: dict[str, tuple[int, set[str], Outlet]] = {}
    for outlet in outlets():
        best: dict[str, int] = {}
        for rank, alias in _aliases(outlet):
            if alias:
                best[alias] = min(rank, best.get(alias, rank))
        for alias, rank in best.items():
            held = ranked.get(alias)
            if held is None or rank < held[0]:
                ranked[alias] = (rank, {outlet.name}, outlet)
            elif rank == held[0]:
                held[1].add(outlet.name)
    return {alias: outlet for alias, (_, names, outlet) in ranked.items() if len(names) == 1}


def outlet_from_url(url: str | None) -> Outlet | None:
    """The outlet whose domain serves ``url`` ("https://www.bbc.co.uk/news/x" -> BBC).

    Subdomains fall back to the outlet of their parent domain
    ("world.example-times.com" is whoever ``example-times.com`` is).
    """
    if not url:
        return None
    text = url.strip()
    if "//" not in text:
        text = "//" + text  # "nytimes.com/2024/..." written without a scheme
    try:
        host = (urlsplit(text).hostname or "").lower().rstrip(".")
    except ValueError:
        return None
    table = _by_domain()
    while host:
        if host in table:
            return table[host]
        for noise in _SUBDOMAIN_NOISE:
            if host.startswith(noise) and host.removeprefix(noise) in table:
                return table[host.removeprefix(noise)]
        if "." not in host:
            return None
        host = host.split(".", 1)[1]
    return None


def outlet_from_name(name: str) -> Outlet | None:
    """The outlet a file or folder name names ("nytimes.txt", "2024-05-01_fox-news_fire").

    The whole name may be any alias; a word or a run of words inside a longer
    name must be an alias that is not an ordinary English word.
    """
    stem = name.rsplit(".", 1)[0] if re.search(r"\.[A-Za-z]{2,5}$", name) else name
    aliases = _by_alias()
    whole = _key(stem)
    if whole in aliases:
        return aliases[whole]
    words = _TOKEN.findall(stem.casefold())
    for size in (3, 2, 1):  # the longest run first: "new york post" before "post"
        for start in range(len(words) - size + 1):
            key = "".join(words[start : start + size])
            if key in aliases and key not in _COMMON_WORDS and (len(key) > 2 or key == "ap"):
                return aliases[key]
    return None


def outlet_from_path(path: str | PurePath, *, levels: int = 2) -> Outlet | None:
    """The outlet named by a file's name, else by one of its ``levels`` nearest folders."""
    pure = PurePath(path)
    for part in [pure.name, *(p.name for p in list(pure.parents)[:levels])]:
        if part:
            found = outlet_from_name(part)
            if found is not None:
                return found
    return None


def known_outlet(text: str | None) -> Outlet | None:
    """The outlet ``text`` names outright: a domain or URL, its name, or an alias.

    Ordinary words ("Times", "Post") name no outlet here: they are ambiguous.
    """
    if not text or not text.strip():
        return None
    if re.fullmatch(r"(?:https?://)?[\w.-]+\.[a-z]{2,}(?:/\S*)?", text.strip(), re.IGNORECASE):
        found = outlet_from_url(text)
        if found is not None:
            return found
    key = _key(text)
    if key in _COMMON_WORDS:
        return None
    return _by_alias().get(key)


def canonical_outlet(text: str | None) -> str | None:
    """The table's display name for an outlet named outright, else ``text`` as given."""
    found = known_outlet(text)
    return found.name if found is not None else text


def short_outlet(text: str | None) -> str | None:
    """A short label for an outlet: the table's short name ("NYT"), else the name itself."""
    if not text:
        return None
    found = known_outlet(text)
    return found.short if found is not None else " ".join(text.split())
