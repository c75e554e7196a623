"""Asking where a diff report goes, and as what: Markdown or JSON."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, RadioButton, RadioSet, Static

from analysis.model import Article
from tui.choices import ExportChoice
from tui.export import SUFFIX, ReportFormat, default_report_path, format_of

FORMATS: tuple[tuple[ReportFormat, str], ...] = (("markdown", "Markdown"), ("json", "JSON"))


class _FormatChoice(RadioSet):
    """The format buttons; enter chooses the highlighted one and writes, as the hint says."""

    BINDINGS = [Binding("enter", "write", "Write", show=False)]

    def action_write(self) -> None:
        highlighted = getattr(self, "_selected", None)
        if isinstance(highlighted, int) and 0 <= highlighted < len(FORMATS):
            screen = self.screen
            if isinstance(screen, ExportDialog):
                screen.choose_format(FORMATS[highlighted][0])
                screen.action_save()


class ExportDialog(ModalScreen[ExportChoice | None]):
    """A path (the documents folder by default) and a format; enter writes, escape cancels.

    Choosing a format changes the file's suffix; typing ``.json`` chooses JSON.
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="export.cancel")]

    def __init__(self, a: Article, b: Article, folder: Path | None = None) -> None:
        super().__init__()
        self.a = a
        self.b = b
        self.folder = folder
        self.format: ReportFormat = "markdown"
        # A file that exists is replaced only when enter is pressed again on it.
        self._replace: Path | None = None

    def compose(self) -> ComposeResult:
        path = default_report_path(self.a, self.b, self.format, self.folder)
        with Vertical(id="export-panel") as panel:
            panel.border_title = "Export the diff"
            panel.border_subtitle = "enter writes · escape cancels · tab moves"
            yield Label("Write to")
            yield Input(str(path), id="export-path")
            with _FormatChoice(id="export-format"):
                for key, label in FORMATS:
                    yield RadioButton(label, value=key == self.format, id=f"export-{key}")
            yield Static(id="export-error")

    def on_mount(self) -> None:
        field = self.query_one("#export-path", Input)
        field.focus()
        field.cursor_position = len(field.value)

    @on(RadioSet.Changed, "#export-format")
    def _format_chosen(self, event: RadioSet.Changed) -> None:
        self.choose_format(FORMATS[event.index][0])

    def choose_format(self, key: ReportFormat) -> None:
        """Take ``key`` as the format: its button pressed, the path's suffix its own."""
        self.format = key
        button = self.query_one(f"#export-{key}", RadioButton)
        if not button.value:
            with button.prevent(RadioButton.Changed):
                button.value = True
            for other, _ in FORMATS:
                if other != key:
                    self.query_one(f"#export-{other}", RadioButton).value = False
        field = self.query_one("#export-path", Input)
        path = Path(field.value)
        if field.value and path.suffix.lower() != SUFFIX[self.format]:
            field.value = str(path.with_suffix(SUFFIX[self.format]))

    @on(Input.Changed, "#export-path")
    def _path_typed(self, event: Input.Changed) -> None:
        wanted = format_of(Path(event.value), self.format)
        if wanted != self.format:
            self.format = wanted
            index = [key for key, _ in FORMATS].index(wanted)
            button = self.query_one(f"#export-{FORMATS[index][0]}", RadioButton)
            with button.prevent(RadioButton.Changed):
                button.value = True

    @on(Input.Submitted, "#export-path")
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        value = self.query_one("#export-path", Input).value.strip()
        if not value:
            self.query_one("#export-error", Static).update(Text("Give a file to write to."))
            return
        path = Path(value).expanduser()
        if path.is_dir():
            path = path / default_report_path(self.a, self.b, self.format).name
        if path.exists() and self._replace != path:
            self._replace = path
            self.query_one("#export-error", Static).update(
                Text(f"{path.name} exists: enter again to replace it, or change the name.")
            )
            return
        self.dismiss(ExportChoice(path, self.format))

    def action_cancel(self) -> None:
        self.dismiss(None)
