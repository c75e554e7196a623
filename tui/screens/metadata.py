"""Editing an article's title, outlet and publication date."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from analysis.model import Article
from tui.choices import BulkMetadataEdit, MetadataEdit


class MetadataDialog(ModalScreen[MetadataEdit | None]):
    """Three fields; enter saves, escape cancels. The date must read as a date."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="metadata.cancel")]

    def __init__(self, article: Article) -> None:
        super().__init__()
        self.article = article

    def compose(self) -> ComposeResult:
        with Vertical(id="metadata-panel") as panel:
            panel.border_title = "Edit metadata"
            panel.border_subtitle = "enter saves · escape cancels · tab moves"
            yield Label("Title")
            yield Input(self.article.title, id="metadata-title")
            yield Label("Outlet")
            yield Input(self.article.outlet or "", id="metadata-outlet")
            yield Label("Published (YYYY-MM-DD)")
            yield Input(self.article.published or "", id="metadata-published")
            yield Static(id="metadata-error")

    def on_mount(self) -> None:
        self.query_one("#metadata-title", Input).focus()

    @on(Input.Submitted)
    def _save(self) -> None:
        from analysis.ingest.formats import normalize_published

        title = self.query_one("#metadata-title", Input).value.strip()
        outlet = self.query_one("#metadata-outlet", Input).value.strip()
        published = self.query_one("#metadata-published", Input).value.strip()
        error = self.query_one("#metadata-error", Static)
        if not title:
            error.update(Text("The title cannot be empty."))
            return
        iso = normalize_published(published) if published else ""
        if iso is None:
            error.update(Text(f"Not a date: {published!r}. Use YYYY-MM-DD."))
            return
        self.dismiss(MetadataEdit(title, outlet, iso))

    def action_cancel(self) -> None:
        self.dismiss(None)


class BulkMetadataDialog(ModalScreen[BulkMetadataEdit | None]):
    """Outlet and date for every marked article; a field left empty is left alone."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="bulk-metadata.cancel")]

    def __init__(self, count: int) -> None:
        super().__init__()
        self.count = count

    def compose(self) -> ComposeResult:
        from tui.wording import plural

        with Vertical(id="metadata-panel") as panel:
            panel.border_title = f"Set outlet or date of {plural(self.count, 'article')}"
            panel.border_subtitle = "enter saves · escape cancels · empty fields stay as they are"
            yield Label("Outlet")
            yield Input(placeholder="unchanged", id="bulk-outlet")
            yield Label("Published (YYYY-MM-DD)")
            yield Input(placeholder="unchanged", id="bulk-published")
            yield Static(id="metadata-error")

    def on_mount(self) -> None:
        self.query_one("#bulk-outlet", Input).focus()

    @on(Input.Submitted)
    def _save(self) -> None:
        from analysis.ingest.formats import normalize_published
        from analysis.lexicon.outlets import canonical_outlet

        outlet = self.query_one("#bulk-outlet", Input).value.strip()
        published = self.query_one("#bulk-published", Input).value.strip()
        iso = normalize_published(published) if published else None
        if published and iso is None:
            self.query_one("#metadata-error", Static).update(
                Text(f"Not a date: {published!r}. Use YYYY-MM-DD.")
            )
            return
        self.dismiss(BulkMetadataEdit(canonical_outlet(outlet) if outlet else None, iso))

    def action_cancel(self) -> None:
        self.dismiss(None)
