"""English nouns whose number the regular "-s" rule gets wrong.

Source: English grammar: irregular plurals and nouns used only or mostly in the
plural ("people", "police", "troops").
"""

from __future__ import annotations

# Nouns that are plural as written, or the same in both numbers.
PLURAL_NOUNS = frozenset(
    {
        "people",
        "children",
        "men",
        "women",
        "police",
        "personnel",
        "staff",
        "cattle",
        "troops",
        "crew",
        "aircraft",
        "sheep",
        "fish",
        "deer",
        "military",
    }
)
# fmt: off
# Singular -> plural, where the plural is not the singular plus "-s".
IRREGULAR_PLURALS = {
    "person": "people", "child": "children", "man": "men", "woman": "women",
    "foot": "feet", "tooth": "teeth", "mouse": "mice", "life": "lives", "wife": "wives",
    "knife": "knives", "leaf": "leaves", "half": "halves", "thief": "thieves",
}
# fmt: on
