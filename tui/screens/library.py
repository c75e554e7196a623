"""The library: every article in the store, filterable, one key from its text."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Static

from analysis.model import ArticleSummary
from store.library import Library


class LibraryTable(DataTable[Text]):
    """The article table, with vim keys beside the arrows."""

    BINDINGS = [
        Binding("enter", "select_cursor", "Open", id="library.open"),
        Binding("j", "cursor_down", "Down", show=False, id="library.down"),
        Binding("k", "cursor_up", "Up", show=False, id="library.up"),
        # `g` opens the glossary on this screen, so the first row is on home.
        Binding("home", "scroll_top", "First", show=False, id="library.first"),
        Binding("G,end", "scroll_bottom", "Last", show=False, id="library.last"),
    ]


class LibraryScreen(Screen[None]):
    """Lists the articles (title, outlet, published, words, versions)."""

    BINDINGS = [
        Binding("space", "mark", "Mark", id="library.mark"),
        Binding("d", "diff", "Diff", id="library.diff"),
        Binding("g", "glossary", "Glossary", id="library.glossary"),
        Binding("a", "import", "Import", id="library.import"),
        Binding("slash", "filter", "Filter", key_display="/", id="library.filter"),
        Binding("r", "reload", "Reload", id="library.reload"),
        Binding("q", "app.quit", "Quit", id="library.quit"),
    ]

    class Loaded(Message):
        """The article list, read from the store in a worker."""

        def __init__(self, articles: list[ArticleSummary]) -> None:
            super().__init__()
            self.articles = articles

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library
        self.articles: list[ArticleSummary] = []
        self.filter_text = ""
        self.marked: list[str] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="library"):
            yield Static(id="library-status")
            yield LibraryTable(id="library-table", cursor_type="row", zebra_stripes=True)
            yield Input(placeholder="filter: words in title, outlet or date", id="library-filter")
        yield Footer()

    # Fixed widths for the narrow columns; the title takes what is left.
    NARROW_COLUMNS = (
        ("Outlet", "outlet", 18),
        ("Published", "published", 10),
        ("Words", "words", 6),
        ("Ver.", "versions", 4),
    )

    def on_mount(self) -> None:
        table = self.query_one(LibraryTable)
        table.add_column("Title", key="title", width=self._title_width())
        for label, key, width in self.NARROW_COLUMNS:
            table.add_column(label, key=key, width=width)
        self.query_one("#library-filter", Input).display = False
        self.query_one("#library-status", Static).update(Text("Reading the library…"))
        self.load()
        self.watch(self.app, "analysis_status", self._analysis_status_changed, init=False)

    def _analysis_status_changed(self, status: str) -> None:
        self.update_status()

    @work(thread=True, exclusive=True, group="library-load")
    def load(self) -> None:
        """Read the catalog (metadata only) off the event loop."""
        self.post_message(self.Loaded(self.library.list_articles()))

    def on_library_screen_loaded(self, message: Loaded) -> None:
        self.articles = message.articles
        self.refill()

    def _title_width(self) -> int:
        narrow = sum(width + 2 for _, _, width in self.NARROW_COLUMNS)
        # cell padding (1 each side) and the vertical scrollbar
        return max(12, self.size.width - narrow - 2 - 2)

    def on_resize(self) -> None:
        table = self.query_one(LibraryTable)
        if table.columns:
            from textual.widgets.data_table import ColumnKey

            table.columns[ColumnKey("title")].width = self._title_width()
            table.refresh()

    def refill(self) -> None:
        """Show the articles matching the filter, keeping the cursor on the same article."""
        table = self.query_one(LibraryTable)
        current = self.selected_id()
        table.clear()
        words = self.filter_text.lower().split()
        for a in self.articles:
            haystack = " ".join(
                [a.title, a.outlet or "", a.published or "", a.source, a.id[:12]]
            ).lower()
            if words and not all(w in haystack for w in words):
                continue
            title = Text.assemble(
                ("● ", "bold") if a.id in self.marked else "", a.title, overflow="ellipsis"
            )
            title.no_wrap = True
            table.add_row(
                title,
                Text(a.outlet or "—", style="" if a.outlet else "dim"),
                Text(a.published or "—", style="" if a.published else "dim"),
                Text(str(a.words), justify="right"),
                Text(str(a.versions), justify="right"),
                key=a.id,
            )
        if current is not None and current in table.rows:
            table.move_cursor(row=table.get_row_index(current))
        self.update_status()

    def update_status(self) -> None:
        """The line above the table: counts, the filter, background work."""
        shown = self.query_one(LibraryTable).row_count
        status = f"{len(self.articles)} articles"
        if self.filter_text.split():
            status = f"{shown} of {len(self.articles)} articles match “{self.filter_text}”"
        if not self.articles:
            status = "The library is empty. Import articles with: claimdiff add PATH…"
        analysing = getattr(self.app, "analysis_status", "")
        if analysing:
            status = f"{status} · {analysing}"
        self.query_one("#library-status", Static).update(Text(status))

    def selected_id(self) -> str | None:
        table = self.query_one(LibraryTable)
        if table.row_count == 0:
            return None
        try:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        except Exception:  # noqa: BLE001 - an empty or refreshing table has no cursor row
            return None
        return str(key.value) if key.value is not None else None

    # --- actions -------------------------------------------------------------------

    def action_open_article(self) -> None:
        article_id = self.selected_id()
        if article_id is None:
            return
        from tui.screens.article import ArticleScreen

        self.app.push_screen(ArticleScreen(self.library, article_id))

    @on(DataTable.RowSelected, "#library-table")
    def _row_selected(self) -> None:
        self.action_open_article()

    def action_mark(self) -> None:
        """Mark or unmark the selected article (marked ones are what `d` compares)."""
        article_id = self.selected_id()
        if article_id is None:
            return
        if article_id in self.marked:
            self.marked.remove(article_id)
        else:
            self.marked.append(article_id)
        row = self.query_one(LibraryTable).cursor_row
        self.refill()
        self.query_one(LibraryTable).move_cursor(row=min(row + 1, len(self.articles) - 1))

    def diff_pair(self) -> tuple[str, str] | None:
        """The two marked articles, or the selected one and the next."""
        if len(self.marked) >= 2:
            return self.marked[0], self.marked[1]
        table = self.query_one(LibraryTable)
        current = self.selected_id()
        if current is None or table.row_count < 2:
            return None
        if len(self.marked) == 1 and self.marked[0] != current:
            return self.marked[0], current
        row = table.cursor_row
        other_row = row + 1 if row + 1 < table.row_count else row - 1
        other = table.coordinate_to_cell_key((other_row, 0)).row_key.value
        return (current, str(other)) if other is not None else None

    def action_diff(self) -> None:
        pair = self.diff_pair()
        if pair is None:
            self.notify("Mark two articles with space (or have at least two listed)", timeout=3)
            return
        if len(self.marked) > 2:
            self.notify("More than two marked: comparing the first two", timeout=3)
        from tui.screens.diff import DiffScreen

        self.app.push_screen(DiffScreen(self.library, *pair))

    def action_import(self) -> None:
        from tui.screens.import_dialog import ImportDialog

        def after(imported: bool | None) -> None:
            if imported:
                self.load()
                analyze = getattr(self.app, "analyze_pending", None)
                if analyze is not None:
                    analyze()

        self.app.push_screen(ImportDialog(self.library), after)

    def action_glossary(self) -> None:
        from tui.screens.glossary import GlossaryScreen

        self.app.push_screen(GlossaryScreen(self.library))

    def action_filter(self) -> None:
        field = self.query_one("#library-filter", Input)
        field.display = True
        field.focus()

    def action_reload(self) -> None:
        self.load()

    @on(Input.Changed, "#library-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.filter_text = event.value
        self.refill()

    @on(Input.Submitted, "#library-filter")
    def _filter_done(self) -> None:
        self.query_one(LibraryTable).focus()

    def key_escape(self) -> None:
        """Escape leaves the filter (clearing it) before anything else."""
        field = self.query_one("#library-filter", Input)
        if field.display:
            field.value = ""
            field.display = False
            self.query_one(LibraryTable).focus()
