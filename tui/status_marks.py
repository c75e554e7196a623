"""How a diff verdict is shown, in the app and on the command line alike.

Kept apart from the widgets so that the CLI can use it without importing Textual.
"""

from __future__ import annotations

STATUS_SYMBOL = {
    "agree": "=",
    "compatible": "≈",
    "conflict": "≠",
    "only_a": "◀",
    "only_b": "▶",
}
STATUS_LABEL = {
    "agree": "agree",
    "compatible": "compatible",
    "conflict": "conflict",
    "only_a": "only A",
    "only_b": "only B",
}
# Rich styles for text outside the diff view (its gutter takes the theme's colours).
STATUS_STYLE = {
    "agree": "green",
    "compatible": "cyan",
    "conflict": "bold red",
    "only_a": "yellow",
    "only_b": "magenta",
}
