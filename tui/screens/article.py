"""One article: its metadata and clean text, chrome hidden unless asked for."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, LoadingIndicator, Static

from analysis.model import Article
from store.library import Library
from tui.widgets.article_view import ArticleView


def article_header(article: Article) -> Text:
    """Title line and a line of facts; all of it plain text, never markup."""
    facts = [
        article.outlet or "unknown outlet",
        article.published or "undated",
    ]
    if article.byline:
        facts.append(f"by {article.byline}")
    facts.append(f"{article.words} words")
    if article.versions > 1:
        facts.append(f"version {article.version} of {article.versions}")
    facts.append(f"id {article.id[:8]}")
    header = Text(article.title, style="bold")
    header.append("\n")
    header.append(" · ".join(facts), style="dim")
    header.append("\n")
    header.append(article.source, style="dim italic")
    return header


class ArticleScreen(Screen[None]):
    """Shows one article; ``c`` toggles the page chrome (dimmed)."""

    BINDINGS = [
        Binding("c", "toggle_chrome", "Chrome", id="article.chrome"),
        Binding("q,escape", "back", "Back", id="article.back"),
    ]

    class Loaded(Message):
        def __init__(self, article: Article) -> None:
            super().__init__()
            self.article = article

    def __init__(self, library: Library, article_id: str) -> None:
        super().__init__()
        self.library = library
        self.article_id = article_id
        self.article: Article | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="article"):
            yield Static(id="article-header")
            yield LoadingIndicator()
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="article-load")
    def load(self) -> None:
        self.post_message(self.Loaded(self.library.get_article(self.article_id)))

    async def on_article_screen_loaded(self, message: Loaded) -> None:
        self.article = message.article
        self.query_one("#article-header", Static).update(article_header(message.article))
        await self.query_one(LoadingIndicator).remove()
        view = ArticleView(message.article, id="article-view")
        await self.query_one("#article", Vertical).mount(view)
        view.focus()
        self.sub_title = message.article.title

    def action_toggle_chrome(self) -> None:
        for view in self.query(ArticleView):
            view.show_chrome = not view.show_chrome
            self.notify(
                "Page chrome shown (dimmed)" if view.show_chrome else "Page chrome hidden",
                timeout=2,
            )

    def action_back(self) -> None:
        self.app.pop_screen()
