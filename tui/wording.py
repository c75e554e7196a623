"""How figures read to a person: counts with their nouns, numbers, quantities, match strength.

Shared by the app and the command line, so it imports no Textual.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from analysis.reason.report import CLOSE_MATCH, match_strength

__all__ = [
    "CLOSE_MATCH",
    "column_labels",
    "match_strength",
    "number",
    "plural",
    "quantity_words",
    "side_label",
]


def plural(count: int, noun: str, plural_form: str | None = None) -> str:
    """ "1 mention", "2 mentions", "0 stories" (``plural_form`` when not just "s")."""
    if count == 1:
        return f"{count} {noun}"
    return f"{count} {plural_form or noun + 's'}"


def number(value: float) -> str:
    """A number as a person writes it: "7", "1,250", "2.5", "662,710,000"; never "6.6e+08"."""
    if value == int(value):
        return f"{int(value):,}"
    text = f"{value:,.6f}".rstrip("0").rstrip(".")
    return text if text not in ("", "-0") else "0"


def quantity_words(q: Any) -> str:
    """A quantity in the unit it was written in, qualifier first: "at least 7 missiles".

    Durations stay in the unit written ("21 years"), not the seconds they are
    compared in.
    """
    from analysis.extract.quantities import count_noun, unit_label

    value = number(q.value)
    if q.unit:
        unit = unit_label(q.unit, q.value)
        text = f"{unit} {value}" if q.unit.isupper() else f"{value} {unit}"
    else:
        noun = count_noun(q, q.value)
        text = f"{value} {noun}" if noun else value
    if q.qualifier != "exact":
        text = f"{q.qualifier.replace('_', ' ')} {text}"
    return text


def side_label(side: str, article: Any) -> str:
    """How a side of a diff is labelled: "A · NYT" for an outlet of the outlet table,
    else just "A" (the outlet's whole name is on the article's line beside it)."""
    from analysis.lexicon.outlets import known_outlet

    known = known_outlet(getattr(article, "outlet", None))
    return f"{side} · {known.short}" if known else side


COLUMN_LABEL_MAX = 10  # cells a coverage column's heading may take


def column_labels(outlets: Sequence[str | None], letters: Sequence[str]) -> list[str]:
    """Headings for coverage columns: each article's short outlet name ("NYT"), numbered
    where two share an outlet ("NYT 2"); its letter when the outlet table does not know
    the outlet (the legend above the columns names it)."""
    from analysis.lexicon.outlets import known_outlet

    shorts: list[str | None] = []
    for outlet in outlets:
        known = known_outlet(outlet)
        fits = known is not None and len(known.short) <= COLUMN_LABEL_MAX
        shorts.append(known.short if known is not None and fits else None)
    totals: dict[str, int] = {}
    for short in shorts:
        if short:
            totals[short] = totals.get(short, 0) + 1
    seen: dict[str, int] = {}
    labels = []
    for short, letter in zip(shorts, letters, strict=True):
        if not short:
            labels.append(letter)
            continue
        seen[short] = seen.get(short, 0) + 1
        labels.append(f"{short} {seen[short]}" if totals[short] > 1 else short)
    return labels
