"""Coverage: which article reports which fact, and where they disagree."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import DataTable, Footer, LoadingIndicator, OptionList, Static
from textual.widgets.data_table import ColumnKey
from textual.widgets.option_list import Option

from analysis.coverage import Coverage, Fact, column_letter
from analysis.model import ArticleSummary
from store.library import Library

FILTERS = ("all", "shared", "conflicts", "single")


@dataclass(frozen=True, slots=True)
class CoverageData:
    coverage: Coverage
    articles: dict[str, ArticleSummary]


def conflicting_claims(fact: Fact) -> set[str]:
    return {claim for pair in fact.conflicts for claim in (pair.a, pair.b)}


class MatrixTable(DataTable[Text]):
    BINDINGS = [
        Binding("enter", "select_cursor", "Open fact", id="coverage.open"),
        Binding("j", "cursor_down", "Down", show=False, id="coverage.down"),
        Binding("k", "cursor_up", "Up", show=False, id="coverage.up"),
        Binding("g,home", "scroll_top", "First", show=False, id="coverage.first"),
        Binding("G,end", "scroll_bottom", "Last", show=False, id="coverage.last"),
    ]


class CoverageScreen(Screen[None]):
    """Facts as rows, articles as columns: ● reports it, ≠ disagrees, · silent."""

    BINDINGS = [
        Binding("f", "cycle_filter", "Filter", id="coverage.filter"),
        Binding(
            "right_square_bracket",
            "next_conflict",
            "Next conflict",
            key_display="]",
            id="coverage.next_conflict",
        ),
        Binding("q,escape", "back", "Back", id="coverage.back"),
    ]

    filter_index: reactive[int] = reactive(0)

    class Loaded(Message):
        def __init__(self, data: CoverageData | None, error: str | None = None) -> None:
            super().__init__()
            self.data = data
            self.error = error

    def __init__(self, library: Library, article_ids: list[str]) -> None:
        super().__init__()
        self.library = library
        self.article_ids = article_ids
        self.data: CoverageData | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="coverage"):
            yield Static(Text("Clustering claims into facts…"), id="coverage-header")
            yield LoadingIndicator()
            yield MatrixTable(id="coverage-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(MatrixTable).display = False
        self.load()

    @work(thread=True, exclusive=True, group="coverage-load")
    def load(self) -> None:
        from store import results

        try:
            coverage = results.coverage(self.library, self.article_ids)
            summaries = {a.id: a for a in self.library.list_articles(all_versions=True)}
        except Exception as exc:  # noqa: BLE001 - shown to the user; the app goes on
            self.post_message(self.Loaded(None, f"{type(exc).__name__}: {exc}"))
            return
        self.post_message(self.Loaded(CoverageData(coverage, summaries)))

    def on_coverage_screen_loaded(self, message: Loaded) -> None:
        self.query_one(LoadingIndicator).display = False
        if message.data is None:
            self.query_one("#coverage-header", Static).update(
                Text(f"Could not build the coverage: {message.error}")
            )
            return
        self.data = message.data
        table = self.query_one(MatrixTable)
        table.add_column("Fact", key="fact", width=self._fact_width())
        for n, _ in enumerate(message.data.coverage.articles):
            letter = column_letter(n)
            table.add_column(letter, key=f"col-{n}", width=max(2, len(letter)))
        table.display = True
        table.focus()
        self.refill()

    def _fact_width(self) -> int:
        columns = len(self.data.coverage.articles) if self.data else 2
        return max(20, self.size.width - columns * 4 - 4)

    def on_resize(self) -> None:
        table = self.query_one(MatrixTable)
        if ColumnKey("fact") in table.columns:
            table.columns[ColumnKey("fact")].width = self._fact_width()
            table.refresh()

    def visible(self) -> list[Fact]:
        if self.data is None:
            return []
        which = FILTERS[self.filter_index]
        facts = self.data.coverage.facts
        if which == "shared":
            return [f for f in facts if len(f.articles) > 1]
        if which == "conflicts":
            return [f for f in facts if f.conflict]
        if which == "single":
            return [f for f in facts if len(f.articles) == 1]
        return list(facts)

    def refill(self) -> None:
        if self.data is None:
            return
        coverage = self.data.coverage
        table = self.query_one(MatrixTable)
        table.clear()
        for fact in self.visible():
            against = conflicting_claims(fact)
            cells = []
            for article_id in coverage.articles:
                claim = fact.claim_in(article_id)
                if claim is None:
                    cells.append(Text("·", style="dim", justify="center"))
                elif claim.claim.claim in against:
                    cells.append(Text("≠", style="bold red", justify="center"))
                else:
                    cells.append(Text("●", style="green", justify="center"))
            label = Text(fact.label, overflow="ellipsis", no_wrap=True)
            table.add_row(label, *cells, key=fact.id)
        header = Text()
        for n, article_id in enumerate(coverage.articles):
            a = self.data.articles.get(article_id)
            header.append(f"{column_letter(n):>3} ", style="bold")
            header.append(a.title if a else article_id[:8])
            header.append(f"  {(a.outlet if a else None) or 'unknown outlet'}\n", style="dim")
        counts = coverage.counts()
        header.append(", ".join(f"{n} {k.replace('_', ' ')}" for k, n in counts.items()))
        header.append(f"   filter: {FILTERS[self.filter_index]}", style="dim")
        header.no_wrap = True
        header.overflow = "ellipsis"
        self.query_one("#coverage-header", Static).update(header)

    def watch_filter_index(self) -> None:
        self.refill()

    def action_cycle_filter(self) -> None:
        self.filter_index = (self.filter_index + 1) % len(FILTERS)

    def action_next_conflict(self) -> None:
        table = self.query_one(MatrixTable)
        facts = self.visible()
        for step in range(1, len(facts) + 1):
            index = (table.cursor_row + step) % len(facts)
            if facts[index].conflict:
                table.move_cursor(row=index)
                return
        self.notify("No conflicts among these facts", timeout=2)

    @on(DataTable.RowSelected, "#coverage-table")
    def _open_fact(self, event: DataTable.RowSelected) -> None:
        if self.data is None:
            return
        fact = next((f for f in self.data.coverage.facts if f.id == event.row_key.value), None)
        if fact is not None:
            self.app.push_screen(FactScreen(self.library, fact, self.data))

    def action_back(self) -> None:
        self.app.pop_screen()


class FactScreen(Screen[None]):
    """One fact: each article's claim, side by side, with any disagreement spelled out."""

    BINDINGS = [Binding("q,escape", "back", "Back", id="fact.back")]

    def __init__(self, library: Library, fact: Fact, data: CoverageData) -> None:
        super().__init__()
        self.library = library
        self.fact = fact
        self.data = data

    def compose(self) -> ComposeResult:
        with Vertical(id="fact"):
            yield Static(self._header(), id="fact-header")
            yield FactClaims(id="fact-claims")
        yield Footer()

    def _header(self) -> Text:
        fact = self.fact
        text = Text(f"Reported by {len(fact.articles)} of {len(self.data.coverage.articles)}")
        text.append(" articles", style="")
        if fact.conflict:
            text.append(" · they disagree", style="bold red")
        for conflict in fact.conflicts:
            for reason in conflict.reasons:
                text.append(f"\n{reason.kind}: ", style="bold")
                text.append(reason.note)
        return text

    def on_mount(self) -> None:
        claims = self.query_one(FactClaims)
        order = {a: n for n, a in enumerate(self.data.coverage.articles)}
        against = conflicting_claims(self.fact)
        for fact_claim in sorted(self.fact.claims, key=lambda c: order.get(c.article, 0)):
            a = self.data.articles.get(fact_claim.article)
            prompt = Text(f"{column_letter(order.get(fact_claim.article, 0))}  ", style="bold")
            prompt.append(a.title if a else fact_claim.article[:8], style="bold")
            prompt.append(f"  {(a.outlet if a else None) or 'unknown outlet'}", style="dim")
            if fact_claim.claim.claim in against:
                prompt.append("  ≠", style="bold red")
            prompt.append("\n")
            prompt.append(fact_claim.claim.text)
            claims.add_option(Option(prompt, id=f"{fact_claim.article}|{fact_claim.claim.start}"))
        claims.highlighted = 0
        claims.focus()

    @on(OptionList.OptionSelected, "#fact-claims")
    def _open(self, event: OptionList.OptionSelected) -> None:
        article_id, _, start = (event.option.id or "").partition("|")
        from tui.screens.article import ArticleScreen

        self.app.push_screen(ArticleScreen(self.library, article_id, at=int(start)))

    def action_back(self) -> None:
        self.app.pop_screen()


class FactClaims(OptionList):
    BINDINGS = [
        Binding("enter", "select", "Open in article", id="fact.open"),
        Binding("j", "cursor_down", "Down", show=False, id="fact.down"),
        Binding("k", "cursor_up", "Up", show=False, id="fact.up"),
    ]
