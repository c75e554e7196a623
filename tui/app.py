"""The claimdiff terminal app and its factory."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen

from store.library import Library
from tui.keys import active_commands

if TYPE_CHECKING:
    from analysis.model import Article, ArticleSummary, Claim, Entity
    from analysis.reason.elsewhere import Elsewhere
    from tui.choices import BulkMetadataEdit, ExportChoice, LinkChoice, MetadataEdit


class ClaimdiffApp(App[None]):
    """Library, article, diff and glossary screens over one store."""

    CSS_PATH = "claimdiff.tcss"
    TITLE = "claimdiff"
    BINDINGS = [
        Binding("question_mark", "help", "Help", key_display="?", id="app.help"),
        Binding("ctrl+p", "command_palette", "Commands", show=False, id="app.palette"),
    ]

    class AnalysisProgress(Message):
        """Background analysis advanced: ``done`` of ``total`` articles."""

        def __init__(self, done: int, total: int, again: bool = False) -> None:
            super().__init__()
            self.done = done
            self.total = total
            self.again = again  # re-analysing: analysis changed since these were analysed

    class AnalysisFinished(Message):
        """Background analysis ended; ``error`` says why if it failed."""

        def __init__(self, count: int, error: str | None = None, regrouped: bool = False) -> None:
            super().__init__()
            self.count = count
            self.error = error
            self.regrouped = regrouped or bool(count)

    analysis_status: reactive[str] = reactive("")
    """What background analysis is doing, for screens to show ("" when idle)."""

    def __init__(
        self, library: Library, *, analyze_on_open: bool = True, export_dir: Path | None = None
    ) -> None:
        super().__init__()
        self.library = library
        self.export_dir = export_dir
        self.analyze_on_open = analyze_on_open
        self.analysis_running = False
        self._analyse_again = False

    def on_mount(self) -> None:
        from tui.screens.library import LibraryScreen

        self.push_screen(LibraryScreen(self.library))
        if self.analyze_on_open:
            self.request_analysis()

    def request_analysis(self) -> None:
        """Analyse what needs it, then regroup and reload the library screens.

        While a run is going, another waits for it to end rather than running
        beside it (two runs would analyse the same articles, and the first to
        end would reload the library before the second regrouped it).
        """
        if self.analysis_running:
            self._analyse_again = True
            return
        self.analysis_running = True
        self.analyze_pending()

    def imported(self) -> None:
        """An import from the app ended: show the new articles, then analyse them."""
        self._reload_libraries()
        self.request_analysis()

    @work(thread=True, exclusive=True, group="analysis")
    def analyze_pending(self) -> None:
        """Analyse articles whose stored analysis is missing or from an older analyzer.

        Runs in a thread: the NLP model loads here, never on the event loop,
        and only when some article needs it.
        """
        from store import results

        try:
            todo = results.pending(self.library)
            if not todo:
                from store import stories

                if stories.is_stale(self.library):
                    # A newer grouping or story titles; nothing to re-analyse.
                    stories.regroup(self.library)
                    self.post_message(self.AnalysisFinished(0, regrouped=True))
                else:
                    self.post_message(self.AnalysisFinished(0))
                return
            self.analysis_running = True
            again = bool(results.outdated(self.library, todo))
            if again:  # said once, here; the status line then shows the progress
                self.call_from_thread(
                    self.notify,
                    f"Analysis has changed since the library was analysed: "
                    f"re-analysing {len(todo)} articles",
                    timeout=6,
                )
            self.post_message(self.AnalysisProgress(0, len(todo), again))
            count = results.analyze(
                self.library,
                todo,
                on_progress=lambda done, total: self.post_message(
                    self.AnalysisProgress(done, total, again)
                ),
            )
            from store import stories

            stories.regroup(self.library)
            self.post_message(self.AnalysisFinished(count))
        except Exception as exc:  # noqa: BLE001 - reported to the user, the app goes on
            self.post_message(self.AnalysisFinished(0, f"{type(exc).__name__}: {exc}"))

    def on_claimdiff_app_analysis_progress(self, message: AnalysisProgress) -> None:
        verb = "re-analysing" if message.again else "analysing"
        self.analysis_status = f"{verb} {message.done}/{message.total} articles…"

    def on_claimdiff_app_analysis_finished(self, message: AnalysisFinished) -> None:
        from tui.wording import plural

        self.analysis_running = False
        self.analysis_status = ""
        if message.error:
            self.notify(f"Analysis failed: {message.error}", severity="error", timeout=10)
        elif message.count:
            self.notify(f"Analysed {plural(message.count, 'article')}", timeout=3)
        if message.regrouped:
            self._reload_libraries()
        if self._analyse_again:
            self._analyse_again = False
            self.request_analysis()

    def _reload_libraries(self) -> None:
        """Stories may have changed: the library screens read the catalog again."""
        from tui.screens.library import LibraryScreen

        for screen in self.screen_stack:
            if isinstance(screen, LibraryScreen):
                screen.load()

    # --- navigation ---------------------------------------------------------------
    # Screens open one another through these methods, never by importing one
    # another: the app is the one module that knows every screen (and the
    # screens' modules form no import cycle).

    def open_article(self, article_id: str, *, at: int | None = None) -> None:
        """The article screen, scrolled to the text offset ``at`` (and its claim)."""
        from tui.screens.article import ArticleScreen

        self.push_screen(ArticleScreen(self.library, article_id, at=at))

    def open_entity(
        self,
        entity: Entity,
        articles: Mapping[str, ArticleSummary] | None = None,
        then: Callable[[bool | None], None] | None = None,
    ) -> None:
        """One glossary entry and its mentions; ``then`` hears whether mentions were split off."""
        from tui.screens.glossary import EntityScreen

        if articles is None:
            articles = {a.id: a for a in self.library.list_articles()}
        self.push_screen(EntityScreen(self.library, entity, dict(articles)), then)

    def open_glossary(self, *, articles: Sequence[str] | None = None, scope: str = "") -> None:
        """The glossary of ``articles`` (named by ``scope``), or of the whole library."""
        from tui.screens.glossary import GlossaryScreen

        self.push_screen(GlossaryScreen(self.library, articles=articles, scope=scope))

    def open_diff(self, id_a: str, id_b: str) -> None:
        """The side-by-side diff of two articles."""
        from tui.screens.diff import DiffScreen

        self.push_screen(DiffScreen(self.library, id_a, id_b))

    def open_coverage(self, article_ids: Sequence[str]) -> None:
        """The coverage matrix of several articles."""
        from tui.screens.coverage import CoverageScreen

        self.push_screen(CoverageScreen(self.library, list(article_ids)))

    def open_import(self) -> None:
        """The import dialog; it tells the app (:meth:`imported`) when its import ends."""
        from tui.screens.import_dialog import ImportDialog

        self.push_screen(ImportDialog(self.library))

    def ask_metadata(self, article: Article, then: Callable[[MetadataEdit | None], None]) -> None:
        """Ask for an article's title, outlet and date; ``then`` gets the answer."""
        from tui.screens.metadata import MetadataDialog

        self.push_screen(MetadataDialog(article), then)

    def ask_bulk_metadata(
        self, count: int, then: Callable[[BulkMetadataEdit | None], None]
    ) -> None:
        """Ask for an outlet and a date for ``count`` articles; ``then`` gets the answer."""
        from tui.screens.metadata import BulkMetadataDialog

        self.push_screen(BulkMetadataDialog(count), then)

    def ask_export(
        self,
        a: Article,
        b: Article,
        folder: Path | None,
        then: Callable[[ExportChoice | None], None],
    ) -> None:
        """Ask where a diff report goes, and as what; ``then`` gets the answer."""
        from tui.screens.export_dialog import ExportDialog

        self.push_screen(ExportDialog(a, b, folder), then)

    def show_claim_links(
        self,
        claim: Claim,
        elsewhere: Sequence[Elsewhere],
        entities: Sequence[Entity],
        then: Callable[[LinkChoice | None], None],
    ) -> None:
        """Where else a claim is reported, and its entities; ``then`` gets the one picked."""
        from tui.screens.claim_links import ClaimLinks

        self.push_screen(ClaimLinks(claim, list(elsewhere), list(entities)), then)

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
            # What it does and its keys, as help shows them; never the action's name.
            yield SystemCommand(
                command.description,
                f"{command.keys} · {command.explanation}"
                if command.explanation != command.description
                else command.keys,
                partial(self._run_from_palette, command.node, command.action),
            )

    def _run_from_palette(self, node: object, action: str) -> None:
        self.call_later(self.run_action, action, node)


def make_app(
    library: Library, *, analyze_on_open: bool = True, export_dir: Path | None = None
) -> ClaimdiffApp:
    """The one factory used by the CLI and the tests.

    ``export_dir`` is where reports are written (default: the working folder).
    """
    return ClaimdiffApp(library, analyze_on_open=analyze_on_open, export_dir=export_dir)
