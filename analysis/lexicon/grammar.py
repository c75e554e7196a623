"""Function words with a grammatical job: joining clauses, joining the parts of a name.

Source: English grammar (coordinating and contrastive conjunctions; the
particles of multi-word names such as "Gulf of Aden"; the small words of
Title Case).
"""

from __future__ import annotations

from analysis.lexicon import word_set

# Conjunctions that may join two assertions in one sentence.
CLAUSE_CONJUNCTIONS = frozenset({"but", "while", "whereas", "yet", "and", "although"})
# Words that join the parts of a name ("Gulf of Aden").
NAME_JOINERS = frozenset(["the", "of", "and", "a", "an", "in", "on", "for", "at", "to", "&"])
# Short function words a title in Title Case leaves lowercase ("Dancing on the Pier").
TITLE_FUNCTION_WORDS = word_set("a an the of to in on at by for from with and or but as vs")
