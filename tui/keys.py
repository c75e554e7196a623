"""One source for keys, help and the command palette: the active bindings."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import Screen


@dataclass(frozen=True, slots=True)
class Command:
    """An action available on a screen, as help and the palette show it."""

    keys: str
    description: str
    action: str
    node: DOMNode
    binding: Binding

    @property
    def explanation(self) -> str:
        """What the command does, in a sentence where the binding gives one (its tooltip)."""
        return self.binding.tooltip or self.description


def active_commands(screen: Screen[object]) -> Iterator[Command]:
    """The described bindings active on ``screen``, one entry per action, keys joined.

    Built from ``screen.active_bindings`` (the focused widget's, the screen's and
    the app's), so help and the palette can never drift from what the keys do.
    """
    app = screen.app
    by_action: dict[tuple[int, str], tuple[list[str], Binding, DOMNode]] = {}
    for key, (node, binding, enabled, _tooltip) in screen.active_bindings.items():
        if not binding.description or not enabled:
            continue
        slot = by_action.setdefault((id(node), binding.action), ([], binding, node))
        display = binding.key_display if binding.key == key and binding.key_display else None
        slot[0].append(display or app.get_key_display(Binding(key, binding.action)))
    for keys, binding, node in by_action.values():
        yield Command(
            " ".join(dict.fromkeys(keys)), binding.description, binding.action, node, binding
        )
