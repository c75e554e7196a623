"""The words analysis reads: word lists, unit tables, calendar names. Data only.

One module per kind of word, each list defined once and named for what it is
(as spaCy keeps ``lang/en/stop_words.py`` apart from the code that reads it).
Code imports these lists and carries no copies of its own. Nothing here
imports anything above :mod:`analysis.model`.
"""

from __future__ import annotations


def word_set(words: str) -> frozenset[str]:
    """A lexicon written as whitespace-separated words."""
    return frozenset(words.split())


def verb_forms(lemma: str, past: str | None = None, doubles: bool = False) -> tuple[str, ...]:
    """A regular English verb's forms: lemma, third person, past (= participle), "-ing".

    ``past`` overrides an irregular past ("said"); ``doubles`` doubles the last
    consonant before "-ed" and "-ing" ("admitted").
    """
    stem = lemma + lemma[-1] if doubles else lemma
    if lemma.endswith("y") and lemma[-2:-1] not in ("a", "e", "o", "u"):
        third, regular_past = lemma[:-1] + "ies", lemma[:-1] + "ied"
    else:
        third = lemma + ("es" if lemma.endswith(("s", "sh", "ch", "x", "z")) else "s")
        regular_past = lemma + "d" if lemma.endswith("e") else stem + "ed"
    ing = lemma[:-1] + "ing" if lemma.endswith("e") and not lemma.endswith("ee") else stem + "ing"
    return (lemma, third, past or regular_past, ing)
