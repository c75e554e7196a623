"""How a diff verdict is shown, in the app and on the command line alike.

Kept apart from the widgets so that the CLI can use it without importing Textual.
"""

from __future__ import annotations

# Keyed by a row's mark (analysis.model.AlignmentRow.mark): its status, or
# "check" for a compatible row whose figure, date, polarity or source differs between claims
# that may report different events.
STATUS_SYMBOL = {
    "agree": "=",
    "compatible": "≈",
    "check": "?",
    "conflict": "≠",
    "only_a": "◀",
    "only_b": "▶",
}
STATUS_LABEL = {
    "agree": "agree",
    "compatible": "compatible",
    "check": "to check",
    "conflict": "conflict",
    "only_a": "only A",
    "only_b": "only B",
}
# Rich styles for text outside the diff view (its gutter takes the theme's colours).
STATUS_STYLE = {
    "agree": "green",
    "compatible": "cyan",
    "check": "bold dark_orange",
    "conflict": "bold red",
    "only_a": "yellow",
    "only_b": "magenta",
}
