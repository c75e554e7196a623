"""Help built from the bindings that are active where it was opened."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from tui.keys import active_commands
from tui.widgets.vim import VimScroll


class HelpScreen(ModalScreen[None]):
    """Every key that works on the screen below, with what it does."""

    BINDINGS = [
        Binding("q,escape,question_mark", "dismiss", "Close", id="help.close"),
    ]

    def __init__(self, target: Screen[object]) -> None:
        super().__init__()
        self.target = target
        self.listed: list[str] = []  # descriptions in the order shown
        self.lines: list[str] = []  # each row as plain text: keys, then what they do

    def compose(self) -> ComposeResult:
        table = Table(box=None, show_header=False, padding=(0, 2, 0, 0))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        # This screen's own keys first; the generic keys of Textual's widgets
        # (tables, scrolling, copying) after them, where they don't hide what matters.
        commands = list(active_commands(self.target))
        own = [c for c in commands if c.binding.id]
        generic = [c for c in commands if not c.binding.id]
        self.listed = [c.description for c in own + generic]
        for command in own:
            line = Text(command.description)
            if command.explanation != command.description:
                line.append(f": {command.explanation}", style="dim")
            table.add_row(Text(command.keys), line)
            self.lines.append(f"{command.keys}  {line.plain}")
        if own and generic:
            table.add_row(Text(""), Text(""))
            table.add_row(Text("Also", style="dim"), Text(""))
        for command in generic:
            table.add_row(Text(command.keys, style="dim"), Text(command.description, style="dim"))
        title = Text(
            f"Keys on this screen: {self.target.__class__.__name__.removesuffix('Screen')}"
        )
        title.stylize("bold")
        with VimScroll(id="help-panel") as panel:
            panel.border_title = "Help"
            panel.border_subtitle = "q or escape to close · ctrl+p for the command palette"
            yield Static(title)
            yield Static(table)
