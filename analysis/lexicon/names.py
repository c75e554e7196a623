"""Names' parts: honorifics and the gender they imply, particles, suffixes, given-name variants.

The honorifics are the English forms of address (with and without the dot);
the particles and suffixes are those of European and Arabic personal names and
of English company names; the ship prefixes are the navies' own; the given
names are read from ``given_names.tsv`` beside this module (see its header for
where the table comes from).
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files

from analysis.lexicon import word_set

# Forms of address written before a name, lowercased and without the dot, with the
# gender each implies: "Mr. Okafor" is a man, so not "Ruth Okafor". General English usage.
HONORIFIC_GENDER: dict[str, str] = {
    "mr": "m",
    "mister": "m",
    "sir": "m",
    "lord": "m",
    "mrs": "f",
    "ms": "f",
    "miss": "f",
    "madam": "f",
    "madame": "f",
    "dame": "f",
    "lady": "f",
    "mme": "f",
    "mlle": "f",
    "dr": "x",
    "prof": "x",
}
# The forms of address alone.
HONORIFICS = frozenset(HONORIFIC_GENDER)
# Suffixes that tell a person from a parent of the same name: "Felix Braddock, Jr.".
GENERATION_SUFFIXES = word_set("jr sr ii iii iv")
# Suffixes of a company's legal form: "Brightwater, Ltd.".
COMPANY_SUFFIXES = word_set("inc ltd llc co corp plc")
# Lowercase words that belong inside a name ("Vincent van Gogh", "Bashar al-Assad").
NAME_PARTICLES = word_set("de da del della der di du van von al bin ibn la le el y")
# Prefixes of a ship's name ("USS", "HMS"), as navies write them.
SHIP_PREFIXES = word_set("USS USNS HMS HMAS HMCS HMNZS INS RFS PNS ROKS")


@lru_cache(maxsize=1)
def _given_name_rows() -> tuple[tuple[str, str, str], ...]:
    text = files(__package__).joinpath("given_names.tsv").read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines():
        if line and not line.startswith("#"):
            variant, full, gender = line.split("\t")
            rows.append((variant, full, gender))
    return tuple(rows)


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """Every lowercase given name of the table, short forms and full forms alike."""
    return frozenset(name for variant, full, _ in _given_name_rows() for name in (variant, full))


@lru_cache(maxsize=1)
def given_name_forms() -> dict[str, str]:
    """Lowercase given name -> the one full form it stands for ("dave" -> "david").

    A variant of two full forms ("ted": Edward or Theodore) is left out, so it
    never makes two people one.
    """
    forms: dict[str, set[str]] = {}
    for variant, full, _ in _given_name_rows():
        forms.setdefault(variant, set()).add(full)
    return {v: next(iter(f)) for v, f in forms.items() if len(f) == 1}


@lru_cache(maxsize=1)
def given_name_genders() -> dict[str, str]:
    """Lowercase given name -> "m" or "f", for names whose every row agrees."""
    genders: dict[str, set[str]] = {}
    for variant, full, gender in _given_name_rows():
        for name in (variant, full):
            genders.setdefault(name, set()).add(gender)
    return {n: next(iter(g)) for n, g in genders.items() if len(g) == 1 and g != {"x"}}
