"""Function words with a grammatical job: joining clauses, joining the parts of a name.

Source: English grammar (coordinating and contrastive conjunctions; the
particles of multi-word names such as "Gulf of Aden").
"""

from __future__ import annotations

# Conjunctions that may join two assertions in one sentence.
CLAUSE_CONJUNCTIONS = frozenset({"but", "while", "whereas", "yet", "and", "although"})
# Words that join the parts of a name ("Gulf of Aden").
NAME_JOINERS = frozenset(["the", "of", "and", "a", "an", "in", "on", "for", "at", "to", "&"])
