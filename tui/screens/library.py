"""The library: every article in the store, filterable, one key from its text."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

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
from store.stories import Story, list_stories
from tui.widgets.column_fit import set_column_widths

STORY_ROW = "story:"  # row keys of story headers; article rows are keyed by article id


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
        Binding("c", "coverage", "Coverage", id="library.coverage"),
        Binding("z", "toggle_all", "Fold all", id="library.fold"),
        Binding("g", "glossary", "Glossary", id="library.glossary"),
        Binding("e", "story_glossary", "Story glossary", show=False, id="library.story_glossary"),
        Binding("a", "import", "Import", id="library.import"),
        Binding("slash", "filter", "Filter", key_display="/", id="library.filter"),
        Binding("r", "reload", "Reload", id="library.reload"),
        Binding("q", "app.quit", "Quit", id="library.quit"),
    ]

    class Loaded(Message):
        """The article list and its stories, read from the store in a worker."""

        def __init__(self, articles: list[ArticleSummary], stories: list[Story]) -> None:
            super().__init__()
            self.articles = articles
            self.stories = stories

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library
        self.articles: list[ArticleSummary] = []
        self.stories: list[Story] = []
        self.collapsed: set[str] = set()
        self.filter_text = ""
        self.marked: list[str] = []
        self.loaded_once = False
        # The rows refill decided to show, and how many the table holds so far.
        self._plan: list[tuple[str, Callable[[], tuple[Text, ...]]]] = []
        self._filled = 0
        self._fill_generation = 0

    def compose(self) -> ComposeResult:
        with Vertical(id="library"):
            yield Static(id="library-status")
            yield LibraryTable(id="library-table", cursor_type="row", zebra_stripes=True)
            yield Input(placeholder="filter: words in title, outlet or date", id="library-filter")
        yield Footer()

    FIRST_ROWS = 100  # rows added before the first paint (more than any screen shows)
    MORE_ROWS = 1000  # rows added after each refresh until all are there

    # Fixed widths for the narrow columns; the title takes what is left.
    NARROW_COLUMNS = (
        ("Outlet", "outlet", 18),
        ("Published", "published", 10),
        ("Words", "words", 6),
        ("Ver.", "versions", 4),
    )

    def on_mount(self) -> None:
        table = self.query_one(LibraryTable)
        widths = self._column_widths()
        table.add_column("Title", key="title", width=widths["title"])
        for label, key, _ in self.NARROW_COLUMNS:
            table.add_column(label, key=key, width=widths[key])
        self.query_one("#library-filter", Input).display = False
        self.query_one("#library-status", Static).update(Text("Reading the library…"))
        self.load()
        self.watch(self.app, "analysis_status", self._analysis_status_changed, init=False)

    def _analysis_status_changed(self, status: str) -> None:
        self.update_status()

    @work(thread=True, exclusive=True, group="library-load")
    def load(self) -> None:
        """Read the catalog (metadata only) off the event loop."""
        from store.errors import StoreError

        try:
            articles = self.library.list_articles()
            stories = list_stories(self.library, articles)
        except StoreError as exc:  # damaged while the app runs: say so, keep going
            self.app.call_from_thread(self.notify, str(exc), severity="error", timeout=15)
            return
        self.post_message(self.Loaded(articles, stories))

    def on_library_screen_loaded(self, message: Loaded) -> None:
        self.loaded_once = True
        self.articles = message.articles
        self.stories = message.stories
        self.refill()

    def _column_widths(self) -> dict[str, int]:
        """Column widths for this screen's width: the outlet gives way before the title.

        At 60 columns a fixed 18-cell outlet left the title 12 cells ("Lindsay L…").
        """
        widths = {key: width for _, key, width in self.NARROW_COLUMNS}
        # cell padding (1 each side of every column) and the vertical scrollbar
        spare = self.size.width - 2 * (len(widths) + 1) - 2
        spare -= sum(w for k, w in widths.items() if k != "outlet")
        widths["outlet"] = max(6, min(widths["outlet"], spare // 3))
        widths["title"] = max(12, spare - widths["outlet"])
        return widths

    def on_resize(self) -> None:
        table = self.query_one(LibraryTable)
        if table.columns:
            set_column_widths(table, self._column_widths())

    def on_screen_resume(self) -> None:
        # Back from an article whose metadata was edited, or from an import: the
        # catalog may have changed. The first load is on_mount's.
        if self.loaded_once:
            self.load()

    def _matches(self, a: ArticleSummary, story: Story, words: list[str]) -> bool:
        haystack = " ".join(
            [a.title, a.outlet or "", a.published or "", a.source, a.id[:12], story.name]
        ).lower()
        return all(w in haystack for w in words)

    def refill(self) -> None:
        """Show the stories and their articles matching the filter; the cursor stays put.

        The rows up to the cursor's, and a screenful at least, are added at once;
        the rest a chunk after each refresh, so that thousands of articles do not
        hold back the first paint.
        """
        table = self.query_one(LibraryTable)
        current = self.current_key()
        table.clear()
        self._plan = self._planned_rows()
        self._filled = 0
        self._fill_generation += 1
        keys = [key for key, _ in self._plan]
        at = keys.index(current) if current is not None and current in keys else 0
        self._add_rows(max(self.FIRST_ROWS, at + 1))
        if current is not None and current in table.rows:
            table.move_cursor(row=table.get_row_index(current))
        elif table.row_count > 1 and current is None:
            table.move_cursor(row=1)  # the first article, under its story's header
        if self._filled < len(self._plan):
            self.call_after_refresh(self._add_more_rows, self._fill_generation)
        self.update_status()

    def _planned_rows(self) -> list[tuple[str, Callable[[], tuple[Text, ...]]]]:
        """The key of every row to show, in order, with how to make its cells."""
        plan: list[tuple[str, Callable[[], tuple[Text, ...]]]] = []
        words = self.filter_text.lower().split()
        for story in self.stories:
            if words:
                members = [a for a in story.articles if self._matches(a, story, words)]
            else:
                members = list(story.articles)
            if not members:
                continue
            folded = story.id in self.collapsed
            plan.append((STORY_ROW + story.id, partial(self._story_cells, story, members, folded)))
            if not folded:
                plan.extend((a.id, partial(self._article_cells, a)) for a in members)
        return plan

    def _add_rows(self, stop: int) -> None:
        table = self.query_one(LibraryTable)
        for key, cells in self._plan[self._filled : stop]:
            table.add_row(*cells(), key=key)
        self._filled = min(stop, len(self._plan))

    def _add_more_rows(self, generation: int) -> None:
        if generation != self._fill_generation or not self.is_attached:
            return  # refilled meanwhile: that fill goes on instead
        self._add_rows(self._filled + self.MORE_ROWS)
        if self._filled < len(self._plan):
            self.call_after_refresh(self._add_more_rows, generation)

    def _story_cells(
        self, story: Story, members: list[ArticleSummary], folded: bool
    ) -> tuple[Text, ...]:
        header = Text.assemble(
            ("▸ " if folded else "▾ ", "bold"),
            (story.name, "bold"),
            (f"  {len(members)} article{'s' if len(members) != 1 else ''}", "dim"),
            overflow="ellipsis",
        )
        header.no_wrap = True
        dates = sorted(a.published for a in members if a.published)
        return header, Text(""), Text(dates[-1] if dates else "", style="dim"), Text(""), Text("")

    def _article_cells(self, a: ArticleSummary) -> tuple[Text, ...]:
        if a.id in self.marked:
            title = Text.assemble("  ", ("● ", "bold"), a.title, overflow="ellipsis")
            title.no_wrap = True
        else:  # the same, made for less (thousands of rows fill the first screen)
            title = Text("  " + a.title, overflow="ellipsis", no_wrap=True)
        return (
            title,
            Text(a.outlet or "—", style="" if a.outlet else "dim"),
            Text(a.published or "—", style="" if a.published else "dim"),
            Text(str(a.words), justify="right"),
            Text(str(a.versions), justify="right"),
        )

    def article_rows(self) -> list[str]:
        """The ids of the article rows shown, in order (also those still being added)."""
        return [key for key, _ in self._plan if not key.startswith(STORY_ROW)]

    def update_status(self) -> None:
        """The line above the table: counts, the filter, background work."""
        shown = len(self.article_rows())
        n, m = len(self.articles), len(self.stories)
        status = f"{n} article{'s' * (n != 1)} in {m} stor{'ies' if m != 1 else 'y'}"
        if self.filter_text.split():
            status = f"{shown} of {len(self.articles)} articles match “{self.filter_text}”"
        if not self.articles:
            status = "The library is empty. Import articles with: claimdiff add PATH…"
        if self.marked:
            status = f"{status} · {len(self.marked)} marked"
        analysing = getattr(self.app, "analysis_status", "")
        if analysing:
            status = f"{status} · {analysing}"
        self.query_one("#library-status", Static).update(Text(status))

    def current_key(self) -> str | None:
        """The key of the row under the cursor (an article id or a story header)."""
        table = self.query_one(LibraryTable)
        if table.row_count == 0:
            return None
        try:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        except Exception:  # noqa: BLE001 - an empty or refreshing table has no cursor row
            return None
        return str(key.value) if key.value is not None else None

    def selected_id(self) -> str | None:
        """The article under the cursor (None on a story header)."""
        key = self.current_key()
        return None if key is None or key.startswith(STORY_ROW) else key

    def selected_story(self) -> Story | None:
        """The story of the row under the cursor."""
        key = self.current_key()
        if key is None:
            return None
        for story in self.stories:
            if key == STORY_ROW + story.id or any(a.id == key for a in story.articles):
                return story
        return None

    # --- actions -------------------------------------------------------------------

    def action_open_article(self) -> None:
        key = self.current_key()
        if key is not None and key.startswith(STORY_ROW):
            self.toggle_story(key.removeprefix(STORY_ROW))
            return
        article_id = self.selected_id()
        if article_id is None:
            return
        from tui.screens.article import ArticleScreen

        self.app.push_screen(ArticleScreen(self.library, article_id))

    @on(DataTable.RowSelected, "#library-table")
    def _row_selected(self) -> None:
        self.action_open_article()

    def toggle_story(self, story_id: str) -> None:
        """Fold or unfold one story's articles."""
        self.collapsed ^= {story_id}
        self.refill()
        table = self.query_one(LibraryTable)
        key = STORY_ROW + story_id
        if key in table.rows:
            table.move_cursor(row=table.get_row_index(key))

    def action_toggle_all(self) -> None:
        """Fold every story, or unfold them all when all are folded."""
        ids = {s.id for s in self.stories}
        self.collapsed = set() if ids <= self.collapsed else ids
        self.refill()

    def action_mark(self) -> None:
        """Mark or unmark the selected article (marked ones are what `d` and `c` use)."""
        article_id = self.selected_id()
        if article_id is None:
            return
        if article_id in self.marked:
            self.marked.remove(article_id)
        else:
            self.marked.append(article_id)
        table = self.query_one(LibraryTable)
        row = table.cursor_row
        self.refill()
        table.move_cursor(row=min(row + 1, table.row_count - 1))

    def diff_pair(self) -> tuple[str, str] | None:
        """The two marked articles, or the selected one and the next."""
        if len(self.marked) >= 2:
            return self.marked[0], self.marked[1]
        current = self.selected_id()
        shown = self.article_rows()
        if current is None or len(shown) < 2:
            return None
        if len(self.marked) == 1 and self.marked[0] != current:
            return self.marked[0], current
        index = shown.index(current)
        other = shown[index + 1] if index + 1 < len(shown) else shown[index - 1]
        return current, other

    def action_coverage(self) -> None:
        """Coverage of the marked articles, or of every article shown when none are marked."""
        ids = list(self.marked) if len(self.marked) >= 2 else self.article_rows()
        if len(ids) < 2:
            self.notify("Coverage needs at least two articles", timeout=3)
            return
        from tui.screens.coverage import CoverageScreen

        self.app.push_screen(CoverageScreen(self.library, ids))

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
        """The glossary of the marked articles, or of the whole library when none are."""
        from tui.screens.glossary import GlossaryScreen

        if self.marked:
            scope = f"{len(self.marked)} marked articles"
            self.app.push_screen(GlossaryScreen(self.library, articles=self.marked, scope=scope))
        else:
            self.app.push_screen(GlossaryScreen(self.library))

    def action_story_glossary(self) -> None:
        """The glossary of the story under the cursor alone."""
        from tui.screens.glossary import GlossaryScreen

        story = self.selected_story()
        if story is None:
            return
        ids = [a.id for a in story.articles]
        self.app.push_screen(
            GlossaryScreen(self.library, articles=ids, scope=f"story: {story.name}")
        )

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
        table = self.query_one(LibraryTable)
        table.focus()
        if self.selected_id() is None and self.article_rows():
            # From the filter, land on the first matching article, not on a story header.
            table.move_cursor(row=table.get_row_index(self.article_rows()[0]))

    def key_escape(self) -> None:
        """Escape leaves the filter (clearing it) before anything else."""
        field = self.query_one("#library-filter", Input)
        if field.display:
            field.value = ""
            field.display = False
            self.query_one(LibraryTable).focus()
