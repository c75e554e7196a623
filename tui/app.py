"""The claimdiff terminal app and its factory."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from store.library import Library
from tui.keys import active_commands


class ClaimdiffApp(App[None]):
    """Library, article, diff and glossary screens over one store."""

    CSS_PATH = "claimdiff.tcss"
    TITLE = "claimdiff"
    BINDINGS = [
        Binding("question_mark", "help", "Help", key_display="?", id="app.help"),
        Binding("ctrl+p", "command_palette", "Commands", show=False, id="app.palette"),
    ]

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library

    def on_mount(self) -> None:
        from tui.screens.library import LibraryScreen

        self.push_screen(LibraryScreen(self.library))

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self.screen))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Every described binding of the screen is also a palette command."""
        yield from super().get_system_commands(screen)
        for command in active_commands(screen):
            if command.action in ("command_palette", "app.command_palette"):
                continue
            yield SystemCommand(
                command.description,
                f"{command.keys} · {command.action}",
                partial(self._run_from_palette, command.node, command.action),
            )

    def _run_from_palette(self, node: object, action: str) -> None:
        self.call_later(self.run_action, action, node)


def make_app(library: Library) -> ClaimdiffApp:
    """The one factory used by the CLI and the tests."""
    return ClaimdiffApp(library)
