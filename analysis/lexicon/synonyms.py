"""Words news writing uses interchangeably for the same thing.

Source: the casualty and force words of English news reports ("troops" /
"soldiers", "died" / "killed"), where outlets differ in wording, not in fact.
"""

from __future__ import annotations

# fmt: off
# Words news writing uses interchangeably for the same thing, mapped to one form
# before stemming, so "10,000 troops" and "10,000 soldiers" count the same thing.
SYNONYMS = {
    "troop": "soldier", "troops": "soldiers", "servicemen": "soldiers",
    "serviceman": "soldier", "servicemembers": "soldiers", "person": "people",
    "persons": "people", "individuals": "people", "dead": "killed", "died": "killed",
    "deaths": "killed", "die": "killed", "dies": "killed", "kills": "killed", "kill": "killed",
    "injured": "wounded", "injuries": "wounded", "hurt": "wounded",
}
# fmt: on
