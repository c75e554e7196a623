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

from analysis.lexicon.outlets import short_outlet
from analysis.model import ArticleSummary
from store.library import Library
from store.stories import Story, list_stories
from tui.choices import BulkMetadataEdit
from tui.widgets.column_fit import set_column_widths
from tui.widgets.vim import VimTable
from tui.wording import plural

STORY_ROW = "story:"  # row keys of story headers; article rows are keyed by article id
SNIPPET = 48  # cells of context shown around a word the filter found in an article's text


def text_snippet(text: str, word: str, width: int = SNIPPET) -> str:
    """The words around the first ``word`` in ``text``, on one line: "…Lena Ortiz said…"."""
    flat = " ".join(text.split())
    at = flat.lower().find(word)
    if at < 0:
        return ""
    start = max(0, at - (width - len(word)) // 2)
    end = min(len(flat), start + width)
    start = max(0, end - width)
    return ("…" if start else "") + flat[start:end] + ("…" if end < len(flat) else "")


class LibraryTable(VimTable):
    """The article table, with vim keys beside the arrows."""

    # `g` opens the glossary on this screen, so the first row is on home alone.
    VIM_SPARE = frozenset({"g"})
    BINDINGS = [
        Binding(
            "enter",
            "select_cursor",
            "Open",
            show=False,
            tooltip="Open the article; on a story header, fold or unfold the story",
            id="library.open",
        ),
    ]


class LibraryScreen(Screen[None]):
    """Lists the articles (title, outlet, published, words, versions)."""

    # The footer shows the keys a first look needs; help and the palette list all.
    BINDINGS = [
        Binding(
            "space",
            "mark",
            "Mark",
            tooltip="Mark or unmark the selected article (d and c use the marked ones)",
            id="library.mark",
        ),
        Binding(
            "u",
            "clear_marks",
            "Clear marks",
            show=False,
            tooltip="Unmark every article, shown or hidden by the filter",
            id="library.clear_marks",
        ),
        Binding(
            "d",
            "diff",
            "Diff",
            tooltip="Diff the two marked articles shown; on a story header, that story's "
            "first two; else the selected article and the next",
            id="library.diff",
        ),
        Binding(
            "c",
            "coverage",
            "Coverage",
            tooltip="Coverage of the marked articles shown; with fewer than two marked, "
            "of the story under the cursor",
            id="library.coverage",
        ),
        Binding(
            "m",
            "set_metadata",
            "Set outlet/date",
            show=False,
            tooltip="Set the outlet or publication date of every marked article shown "
            "(or of the selected one)",
            id="library.set_metadata",
        ),
        Binding(
            "z",
            "toggle_all",
            "Fold all",
            show=False,
            tooltip="Fold every story to its header, or unfold them all",
            id="library.fold",
        ),
        Binding("g", "glossary", "Glossary", id="library.glossary"),
        Binding(
            "e",
            "story_glossary",
            "Story glossary",
            show=False,
            tooltip="The glossary of the story under the cursor",
            id="library.story_glossary",
        ),
        Binding("a", "import", "Import", tooltip="Import a file or folder", id="library.import"),
        Binding(
            "slash",
            "filter",
            "Filter",
            key_display="/",
            tooltip="Filter by words in the title, outlet, date or text",
            id="library.filter",
        ),
        Binding("r", "reload", "Reload", show=False, id="library.reload"),
        Binding("q", "app.quit", "Quit", show=False, id="library.quit"),
    ]

    class Loaded(Message):
        """The article list and its stories, read from the store in a worker."""

        def __init__(self, articles: list[ArticleSummary], stories: list[Story]) -> None:
            super().__init__()
            self.articles = articles
            self.stories = stories

    class TextsRead(Message):
        """Every listed article's text, lower-cased, for the filter to search."""

        def __init__(self, texts: dict[str, str]) -> None:
            super().__init__()
            self.texts = texts

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library
        self.articles: list[ArticleSummary] = []
        self.stories: list[Story] = []
        self.collapsed: set[str] = set()
        self.filter_text = ""
        self.marked: list[str] = []
        self.loaded_once = False
        # Article texts (lower case) for the filter, read in a worker when it is first used.
        self.texts: dict[str, str] | None = None
        self._reading_texts = False
        # Why each shown article matches the filter: "" (title) or a field and a snippet.
        self.matched: dict[str, str] = {}
        self.matching = 0  # articles the filter lets through, folded or not
        # The rows refill decided to show, and how many the table holds so far.
        self._plan: list[tuple[str, Callable[[], tuple[Text, ...]]]] = []
        self._filled = 0
        self._fill_generation = 0

    def compose(self) -> ComposeResult:
        with Vertical(id="library"):
            yield Static(id="library-status")
            yield LibraryTable(id="library-table", cursor_type="row", zebra_stripes=True)
            yield Input(
                placeholder="filter: words in the title, outlet, date or text",
                id="library-filter",
            )
        yield Footer(compact=True)

    FIRST_ROWS = 100  # rows added before the first paint (more than any screen shows)
    MORE_ROWS = 1000  # rows added after each refresh until all are there

    # Widths of the narrow columns (the outlet's at most: it fits the names shown);
    # the title takes what is left.
    NARROW_COLUMNS = (
        ("Outlet", "outlet", 14),
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
        self.texts = None  # the articles may have changed: read again when filtering
        present = {a.id for a in self.articles}
        self.marked = [m for m in self.marked if m in present]
        self.on_resize()
        self.refill()
        if self.filter_text.split():
            self.read_texts()

    @work(thread=True, exclusive=True, group="library-texts")
    def read_texts(self) -> None:
        """Read every listed article's text off the event loop, for the filter."""
        self._reading_texts = True
        texts = {a.id: self.library.get_text(a.id).lower() for a in list(self.articles)}
        self.post_message(self.TextsRead(texts))

    def on_library_screen_texts_read(self, message: TextsRead) -> None:
        self._reading_texts = False
        self.texts = message.texts
        if self.filter_text.split():
            self.refill()

    def _column_widths(self) -> dict[str, int]:
        """Column widths for this screen's width: the outlet gives way before the title.

        At 60 columns a fixed 18-cell outlet left the title 12 cells ("Lindsay L…").
        """
        widths = {key: width for _, key, width in self.NARROW_COLUMNS}
        # The outlet column is as wide as the longest short name listed, no wider:
        # a library of unknown outlets should not give 17 cells to "—".
        names = [len(short_outlet(a.outlet) or "") for a in self.articles]
        widths["outlet"] = min(widths["outlet"], max([len("Outlet"), *names]))
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
        """Whether every word is in the article's metadata or text; notes where.

        ``self.matched[a.id]`` says which field matched when it is not the title:
        "outlet", "date", "story" or "text" with the words around it.
        """
        fields = {
            "title": a.title.lower(),
            "outlet": " ".join(x for x in (a.outlet, short_outlet(a.outlet)) if x).lower(),
            "date": (a.published or "").lower(),
            "story": story.name.lower(),
            "source": f"{a.source} {a.id[:12]}".lower(),
        }
        text = (self.texts or {}).get(a.id, "")
        where: list[str] = []
        for word in words:
            field = next((name for name, value in fields.items() if word in value), None)
            if field is None and word in text:
                field = "text"
            if field is None:
                return False
            if field != "title" and field not in where:
                where.append(field)
        note = ", ".join(where)
        if "text" in where:
            word = next(w for w in words if not any(w in v for v in fields.values()))
            note += f": {text_snippet(text, word)}" if text_snippet(text, word) else ""
        self.matched[a.id] = note
        return True

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
        self.matched = {}
        self.matching = 0
        for story in self.stories:
            members = self.story_members(story, words)
            self.matching += len(members)
            if not members:
                continue
            folded = story.id in self.collapsed
            plan.append((STORY_ROW + story.id, partial(self._story_cells, story, members, folded)))
            if not folded:
                plan.extend((a.id, partial(self._article_cells, a)) for a in members)
        return plan

    def story_members(self, story: Story, words: list[str] | None = None) -> list[ArticleSummary]:
        """The articles of ``story`` the filter lets through (all, with no filter)."""
        if words is None:
            words = self.filter_text.lower().split()
        if not words:
            return list(story.articles)
        return [a for a in story.articles if self._matches(a, story, words)]

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
        marked = sum(1 for a in members if a.id in self.marked)
        header = Text.assemble(
            ("▸ " if folded else "▾ ", "bold"),
            (story.name, "bold"),
            (f"  {plural(len(members), 'article')}", "dim"),
            (f", {marked} marked" if marked and folded else "", "dim"),
            overflow="ellipsis",
        )
        header.no_wrap = True
        dates = sorted(a.published for a in members if a.published)
        return header, Text(""), Text(dates[-1] if dates else "", style="dim"), Text(""), Text("")

    def _article_cells(self, a: ArticleSummary) -> tuple[Text, ...]:
        matched = self.matched.get(a.id)
        if a.id in self.marked or matched:
            title = Text.assemble("  ", ("● ", "bold") if a.id in self.marked else "")
            if matched:
                # Found elsewhere than in the title: where, before the title (a narrow
                # column keeps it), and the words around it in the text after.
                fields, _, snippet = matched.partition(": ")
                title.append(f"({fields}) ", style="dim italic")
                title.append(a.title)
                if snippet:
                    title.append(f"  {snippet}", style="dim italic")
            else:
                title.append(a.title)
            title.overflow = "ellipsis"
            title.no_wrap = True
        else:  # the same, made for less (thousands of rows fill the first screen)
            title = Text("  " + a.title, overflow="ellipsis", no_wrap=True)
        outlet = short_outlet(a.outlet)
        return (
            title,
            Text(outlet or "—", style="" if outlet else "dim", overflow="ellipsis", no_wrap=True),
            Text(a.published or "—", style="" if a.published else "dim"),
            Text(str(a.words), justify="right"),
            Text(str(a.versions), justify="right"),
        )

    def article_rows(self) -> list[str]:
        """The ids of the article rows shown, in order (also those still being added)."""
        return [key for key, _ in self._plan if not key.startswith(STORY_ROW)]

    def update_status(self) -> None:
        """The line above the table: counts, the filter, marks, background work."""
        shown = self.matching  # folded stories' articles count: the filter found them
        n, m = len(self.articles), len(self.stories)
        status = f"{plural(n, 'article')} in {plural(m, 'story', 'stories')}"
        if self.filter_text.split():
            status = f"{shown} of {n} match “{self.filter_text}”"
            if self.texts is None:
                status += " (searching the texts…)"
        if not self.articles:
            status = "The library is empty. Import articles with: claimdiff add PATH…"
        if self.marked:
            visible = len(self.visible_marks())
            hidden = len(self.marked) - visible
            status = f"{status} · {visible} marked"
            if hidden:
                status += f" (+{hidden} hidden by the filter)"
            status += " · u clears"
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
        self.app.open_article(article_id)

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

    def visible_marks(self) -> list[str]:
        """The marked articles the filter shows, in the order shown (folded stories too)."""
        words = self.filter_text.lower().split()
        shown = [a.id for story in self.stories for a in self.story_members(story, words)]
        return [article_id for article_id in shown if article_id in self.marked]

    def action_clear_marks(self) -> None:
        """Unmark every article, those the filter hides too."""
        if not self.marked:
            self.notify("Nothing is marked", timeout=2)
            return
        self.marked = []
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

    def on_story_header(self) -> bool:
        key = self.current_key()
        return key is not None and key.startswith(STORY_ROW)

    def diff_articles(self) -> list[str]:
        """What `d` compares, all of it on screen: the marked articles shown (in the order
        shown); on a story header, that story's articles; with one marked, it and the
        selected article; else the selected article and the next (or the previous)."""
        marks = self.visible_marks()
        if len(marks) >= 2:
            return marks
        if self.on_story_header():
            story = self.selected_story()
            return [a.id for a in self.story_members(story)] if story else []
        current = self.selected_id()
        shown = self.article_rows()
        if current is None or len(shown) < 2:
            return []
        if len(marks) == 1 and marks[0] != current:
            return [marks[0], current]
        index = shown.index(current)
        other = shown[index + 1] if index + 1 < len(shown) else shown[index - 1]
        return [current, other]

    def diff_pair(self) -> tuple[str, str] | None:
        """The two articles `d` compares (see :meth:`diff_articles`)."""
        ids = self.diff_articles()
        return (ids[0], ids[1]) if len(ids) >= 2 else None

    def coverage_articles(self) -> list[str]:
        """What `c` covers: the marked articles shown, when two or more are; else the
        story under the cursor (its articles the filter shows). One rule, in help and
        the README; the command line's `coverage` with no ids also covers one story."""
        marks = self.visible_marks()
        if len(marks) >= 2:
            return marks
        story = self.selected_story()
        return [a.id for a in self.story_members(story)] if story else []

    def action_coverage(self) -> None:
        """Coverage of the marked articles shown, or of the story under the cursor."""
        ids = self.coverage_articles()
        if len(ids) < 2:
            self.notify(
                "This story has one article: mark two or more with space for a coverage",
                timeout=4,
            )
            return
        self.app.open_coverage(ids)

    def action_diff(self) -> None:
        ids = self.diff_articles()
        if len(ids) < 2:
            self.notify("Mark two articles with space (or have at least two listed)", timeout=3)
            return
        if len(ids) > 2:
            what = "marked" if len(self.visible_marks()) >= 2 else "in this story"
            self.notify(f"{len(ids)} {what}: comparing the first two shown", timeout=3)
        self.app.open_diff(ids[0], ids[1])

    def action_set_metadata(self) -> None:
        """Set the outlet or date of the marked articles shown (or the selected one)."""
        ids = self.visible_marks() or ([self.selected_id()] if self.selected_id() else [])
        if not ids:
            self.notify("Mark articles with space, or select one", timeout=3)
            return

        def save(edit: BulkMetadataEdit | None) -> None:
            if edit is not None and (edit.outlet is not None or edit.published is not None):
                self.save_metadata(ids, edit)

        self.app.ask_bulk_metadata(len(ids), save)

    @work(thread=True, exclusive=True, group="library-metadata")
    def save_metadata(self, ids: list[str], edit: BulkMetadataEdit) -> None:
        """Store the outlet or date for every article, then re-analyse those whose date changed."""
        outlet, published = edit.outlet, edit.published
        try:
            with self.library.transaction():
                for article_id in ids:
                    self.library.update_metadata(article_id, outlet=outlet, published=published)
        except Exception as exc:  # noqa: BLE001 - reported; the app goes on
            self.app.call_from_thread(self.notify, f"Not saved: {exc}", severity="error")
            return
        what = " and ".join(
            name for name, value in (("outlet", outlet), ("date", published)) if value is not None
        )
        self.app.call_from_thread(
            self.notify, f"Set the {what} of {plural(len(ids), 'article')}", timeout=3
        )
        self.app.call_from_thread(self._after_metadata_saved, published is not None)

    def _after_metadata_saved(self, dates_changed: bool) -> None:
        self.load()
        request = getattr(self.app, "request_analysis", None)
        if dates_changed and request is not None:
            request()  # relative dates hang on the publication date

    def action_import(self) -> None:
        # The dialog tells the app when its import ends (even once closed): the app
        # then analyses what came in, regroups the stories and reloads this screen.
        self.app.open_import()

    def action_glossary(self) -> None:
        """The glossary of the marked articles, or of the whole library when none are."""
        if self.marked:
            scope = f"{len(self.marked)} marked articles"
            self.app.open_glossary(articles=self.marked, scope=scope)
        else:
            self.app.open_glossary()

    def action_story_glossary(self) -> None:
        """The glossary of the story under the cursor alone."""
        story = self.selected_story()
        if story is None:
            return
        ids = [a.id for a in story.articles]
        self.app.open_glossary(articles=ids, scope=f"story: {story.name}")

    def action_filter(self) -> None:
        field = self.query_one("#library-filter", Input)
        field.display = True
        field.focus()

    def action_reload(self) -> None:
        self.load()

    @on(Input.Changed, "#library-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.filter_text = event.value
        if self.filter_text.split() and self.texts is None and not self._reading_texts:
            self.read_texts()
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
