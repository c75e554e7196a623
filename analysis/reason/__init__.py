"""Many articles, no model: comparing claims, alignment, coverage, stories, the glossary."""
