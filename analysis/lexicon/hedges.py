"""Hedges: the words that make a claim or a number less than certain.

Source: the hedging adverbs and qualifiers of English news writing
("reportedly", "at least", "up to"), as style guides on attribution list them.
"""

from __future__ import annotations

from analysis.model import Qualifier

# Words that hedge a whole claim, as a regular-expression alternation (some are
# phrases: "believed to", "appears to").
HEDGE_PATTERN = (
    r"reportedly|allegedly|apparently|purportedly|presumably|likely|unlikely|probably|"
    r"possibly|potentially|perhaps|suspected|alleged|believed\s+to|thought\s+to|"
    r"said\s+to\s+(?:be|have)|appears?\s+to|appeared\s+to|seems?\s+to|seemed\s+to|"
    r"estimated"
)
# Modal verbs that hedge what they govern ("may have fired").
HEDGING_MODALS = frozenset({"may", "might", "could"})

# fmt: off
# Words in front of a number and the qualifier each sets ("at least 7": at_least).
# Longer phrases first: "no more than" before "more than".
QUANTITY_QUALIFIERS: tuple[tuple[str, Qualifier], ...] = (
    ("no fewer than", "at_least"), ("no less than", "at_least"), ("a minimum of", "at_least"),
    ("at least", "at_least"), ("no more than", "at_most"), ("a maximum of", "at_most"),
    ("at most", "at_most"), ("as many as", "up_to"), ("as much as", "up_to"),
    ("as far as", "up_to"), ("as high as", "up_to"), ("up to", "up_to"),
    ("approximately", "about"), ("approx.", "about"), ("an estimated", "about"),
    ("estimated", "about"), ("roughly", "about"), ("around", "about"), ("about", "about"),
    ("nearly", "about"), ("almost", "about"), ("close to", "about"), ("some", "about"),
    ("in excess of", "more_than"), ("upwards of", "more_than"), ("just over", "more_than"),
    ("more than", "more_than"), ("over", "more_than"), ("above", "more_than"),
    ("just under", "less_than"), ("fewer than", "less_than"), ("less than", "less_than"),
    ("under", "less_than"), ("below", "less_than"),
)
# fmt: on
# Words after "or" behind a number and the qualifier each sets ("7 or more").
TAIL_QUALIFIERS: dict[str, Qualifier] = {
    "more": "at_least",
    "so": "about",
    "less": "at_most",
    "fewer": "at_most",
}
# How each quantity qualifier reads in a reason ("at least", "no hedge").
QUALIFIER_NAMES: dict[Qualifier, str] = {
    "exact": "no hedge",
    "at_least": "at least",
    "at_most": "at most",
    "up_to": "up to",
    "about": "about",
    "more_than": "more than",
    "less_than": "less than",
}
