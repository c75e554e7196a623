"""The analyzer's version, importable without loading the NLP stack.

Bump it whenever a change to analysis changes what it produces: stored results
of another version are recomputed (on open, in a worker, or ``claimdiff reanalyze``).
"""

ANALYZER_VERSION = "4"
