"""Text to data: cleaning, claims, entities and alignments.

Pure functions over text. Nothing here imports Textual or TinyDB, and nothing
loads an NLP model at import time (see :mod:`analysis.nlp.load`).
"""
