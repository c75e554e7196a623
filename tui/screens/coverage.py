"""Coverage: which article reports which fact, and where they disagree."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import HorizontalScroll, Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import DataTable, Footer, LoadingIndicator, Static
from textual.widgets.data_table import ColumnKey

from analysis.model import ArticleSummary, Claim
from analysis.reason.coverage import Coverage, Fact, FactClaim, column_letter
from store.library import Library
from tui.details import claim_detail
from tui.widgets.column_fit import pack_items
from tui.widgets.vim import VimScroll, VimTable
from tui.wording import column_labels, plural

FILTERS = ("all", "shared", "conflicts", "conflicts and to check", "single")
# Narrower than this, a fact column wraps a claim into a ribbon of a few words a
# line; when the columns cannot all have it, they scroll sideways instead.
COLUMN_MIN_WIDTH = 34


@dataclass(frozen=True, slots=True)
class CoverageData:
    coverage: Coverage
    articles: dict[str, ArticleSummary]


def conflicting_claims(fact: Fact) -> set[str]:
    return {claim for pair in fact.conflicts for claim in (pair.a, pair.b)}


def claims_to_check(fact: Fact) -> set[str]:
    """The claims of a pair whose figure, date, polarity or source differs, though the
    claims may not report one event."""
    return {claim for pair in fact.checks for claim in (pair.a, pair.b)}


class MatrixTable(VimTable):
    BINDINGS = [Binding("enter", "select_cursor", "Open fact", id="coverage.open")]


class CoverageScreen(Screen[None]):
    """Facts as rows, articles as columns: ● reports it, ≠ disagrees, ? to check, · silent."""

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

    labels: list[str] = []  # the columns' headings, one per article

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
        yield Footer(compact=True)

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
        self.labels = coverage_labels(message.data)
        table = self.query_one(MatrixTable)
        table.add_column("Fact", key="fact", width=self._fact_width())
        for n, label in enumerate(self.labels):
            table.add_column(label, key=f"col-{n}", width=max(2, len(label)))
        table.display = True
        table.focus()
        self.refill()

    def _fact_width(self) -> int:
        taken = sum(max(2, len(label)) + 2 for label in self.labels) if self.data else 8
        return max(20, self.size.width - taken - 4)

    def on_resize(self) -> None:
        table = self.query_one(MatrixTable)
        if ColumnKey("fact") in table.columns:
            table.columns[ColumnKey("fact")].width = self._fact_width()
            table.refresh()

    # Shadows DOMNode.visible, which Textual only tests for truth (a bound method is
    # true, so the screen still counts as visible); callers and tests use this name.
    def visible(self) -> list[Fact]:  # type: ignore[override]
        """The facts the current filter lets through, in the matrix's order."""
        if self.data is None:
            return []
        which = FILTERS[self.filter_index]
        facts = self.data.coverage.facts
        if which == "shared":
            return [f for f in facts if len(f.articles) > 1]
        if which == "conflicts":
            return [f for f in facts if f.conflict]
        if which == "conflicts and to check":
            return [f for f in facts if f.conflict or f.checks]
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
            against, unsure = conflicting_claims(fact), claims_to_check(fact)
            cells = []
            for article_id in coverage.articles:
                claim = fact.claim_in(article_id)
                if claim is None:
                    cells.append(Text("·", style="dim", justify="center"))
                elif claim.claim.claim in against:
                    cells.append(Text("≠", style="bold red", justify="center"))
                elif claim.claim.claim in unsure:
                    cells.append(Text("?", style="bold dark_orange", justify="center"))
                else:
                    cells.append(Text("●", style="green", justify="center"))
            label = Text(fact.label, overflow="ellipsis", no_wrap=True)
            table.add_row(label, *cells, key=fact.id)
        header = coverage_legend(self.data, self.labels, self.size.width - 2)
        header.append("\n")
        counts = coverage.counts()
        header.append(", ".join(_count(n, k.replace("_", " ")) for k, n in counts.items()))
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
    """One fact side by side: a column per article reporting it, disagreements spelled out.

    Each column holds one article's claim with its source, hedges, figures and
    dates; ``←``/``→`` (or ``h``/``l``) move between columns, which scroll
    sideways when they do not all fit, and ``enter`` opens the article at the
    claim of the current column.
    """

    BINDINGS = [
        Binding("left,h", "column(-1)", "Prev column", id="fact.previous_column"),
        Binding("right,l", "column(1)", "Next column", id="fact.next_column"),
        Binding("enter,o", "open_claim", "Open at claim", id="fact.open"),
        Binding("q,escape", "back", "Back", id="fact.back"),
    ]

    class DetailsLoaded(Message):
        """The full claims (figures, dates, sources) of the fact, by claim id."""

        def __init__(self, claims: dict[str, Claim]) -> None:
            super().__init__()
            self.claims = claims

    def __init__(self, library: Library, fact: Fact, data: CoverageData) -> None:
        super().__init__()
        self.library = library
        self.fact = fact
        self.data = data
        order = {a: n for n, a in enumerate(data.coverage.articles)}
        self.letters = dict(zip(data.coverage.articles, coverage_labels(data), strict=True))
        self.fact_claims = sorted(fact.claims, key=lambda c: order.get(c.article, len(order)))
        self.claims: dict[str, Claim] = {}
        self.details_loaded = False

    def compose(self) -> ComposeResult:
        with Vertical(id="fact"):
            yield Static(fact_header(self.fact, self.data, self.letters), id="fact-header")
            with FactColumns(id="fact-columns"):
                for n, fact_claim in enumerate(self.fact_claims):
                    yield FactColumn(fact_claim, id=f"fact-column-{n}")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self._fill_columns()
        self._size_columns()
        columns = self.columns()
        if columns:
            columns[0].focus()
        self.load_details()

    @work(thread=True, exclusive=True, group="fact-details")
    def load_details(self) -> None:
        """Read the stored analysis of each article for its claim's figures and dates."""
        from store import results

        wanted = {fc.claim.claim for fc in self.fact_claims}
        wanted |= {fc.claim.claim for fc in self.fact.repeats}
        found: dict[str, Claim] = {}
        for article_id in dict.fromkeys(fc.article for fc in self.fact_claims):
            try:
                analysis = results.load_analysis(self.library, article_id)
            except Exception:  # noqa: BLE001 - the column still shows the claim's text
                continue
            if analysis is None:
                continue
            found.update((c.id, c) for c in analysis.claims if c.id in wanted)
        self.post_message(self.DetailsLoaded(found))

    def on_fact_screen_details_loaded(self, message: DetailsLoaded) -> None:
        self.claims = message.claims
        self.details_loaded = True
        self._fill_columns()

    def on_resize(self) -> None:
        self._size_columns()
        if isinstance(self.focused, FactColumn):
            # The widths changed under the scroll offset: bring the reader's column back.
            self.call_after_refresh(self.focused.scroll_visible, animate=False)

    def _size_columns(self) -> None:
        width = column_width(self.size.width, len(self.fact_claims))
        for column in self.columns():
            column.styles.width = width

    def _fill_columns(self) -> None:
        for column in self.columns():
            fact_claim = column.fact_claim
            summary = self.data.articles.get(fact_claim.article)
            letter = self.letters.get(fact_claim.article, "?")
            disagreements = disagreements_of(self.fact, fact_claim, self.letters)
            repeats = [r for r in self.fact.repeats if r.article == fact_claim.article]
            column.border_title = column_title(letter, summary)
            if any(not d.check for d in disagreements):
                column.border_subtitle = Text("≠ disagrees", style="bold red")
            elif disagreements:
                column.border_subtitle = Text("? to check", style="bold dark_orange")
            elif len(self.fact_claims) == 1:
                column.border_subtitle = Text("reported alone", style="dim")
            column.show(
                fact_column_text(
                    fact_claim,
                    summary,
                    self.claims.get(fact_claim.claim.claim),
                    disagreements,
                    repeats,
                    pending=not self.details_loaded,
                )
            )

    # --- keys ------------------------------------------------------------------------

    def columns(self) -> list[FactColumn]:
        """The columns, left to right."""
        return list(self.query(FactColumn))

    @property
    def current_column(self) -> int:
        """The index of the column with the focus (0 when none has it)."""
        columns = self.columns()
        focused = self.focused
        return columns.index(focused) if isinstance(focused, FactColumn) else 0

    def action_column(self, step: int) -> None:
        columns = self.columns()
        if not columns:
            return
        # Stop at either end rather than wrap: a reader scanning right should
        # not land back on the first outlet without noticing.
        target = max(0, min(len(columns) - 1, self.current_column + step))
        columns[target].focus()

    def action_open_claim(self) -> None:
        columns = self.columns()
        if not columns:
            return
        fact_claim = columns[self.current_column].fact_claim
        self.app.open_article(fact_claim.article, at=fact_claim.claim.start)

    def action_back(self) -> None:
        self.app.pop_screen()


def column_width(available: int, columns: int, minimum: int = COLUMN_MIN_WIDTH) -> int:
    """The width of each of ``columns`` fact columns in ``available`` cells.

    All of them side by side when each can have ``minimum``; otherwise as many
    as fit share the width, and the row scrolls to show the rest.
    """
    if columns <= 0:
        return max(1, available)
    fit = max(1, min(columns, available // minimum))
    return max(1, available // fit)


class FactColumns(HorizontalScroll, can_focus=False):
    """The row of columns; scrolls sideways when they do not all fit."""


class FactColumn(VimScroll):
    """One article's claim of a fact; scrolls on its own when the claim is long.

    ``←``/``→`` are left to the screen, which moves between columns.
    """

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Refused here, the arrows reach the screen's bindings.
        return action not in ("scroll_left", "scroll_right")

    def __init__(self, fact_claim: FactClaim, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.fact_claim = fact_claim

    def compose(self) -> ComposeResult:
        yield Static(Text(self.fact_claim.claim.text), classes="fact-column-text")

    def show(self, text: Text) -> None:
        """Replace the column's text."""
        self.query_one(".fact-column-text", Static).update(text)


@dataclass(frozen=True, slots=True)
class Disagreement:
    """How one article's claim of a fact conflicts with another article's.

    ``ours``/``theirs`` are the values each side gives per reason, in the order
    of ``reasons``; ``notes`` explain each reason with the columns' letters.
    """

    other: str  # the other column's letter
    kinds: tuple[str, ...]
    ours: tuple[str, ...]
    theirs: tuple[str, ...]
    notes: tuple[str, ...]
    # A difference to check, not a conflict: maybe two events (Fact.checks).
    check: bool = False


def disagreements_of(
    fact: Fact, fact_claim: FactClaim, letters: dict[str, str]
) -> list[Disagreement]:
    """The conflicts of ``fact`` that involve ``fact_claim``, seen from its side, then
    its differences to check."""
    by_claim = {fc.claim.claim: fc.article for fc in fact.claims}
    mine = fact_claim.claim.claim
    found: list[Disagreement] = []
    pairs = [(c, False) for c in fact.conflicts] + [(c, True) for c in fact.checks]
    for conflict, check in pairs:
        if mine not in (conflict.a, conflict.b):
            continue
        first = letters.get(by_claim.get(conflict.a, ""), "A")
        second = letters.get(by_claim.get(conflict.b, ""), "B")
        ours_is_a = mine == conflict.a
        found.append(
            Disagreement(
                other=second if ours_is_a else first,
                kinds=tuple(r.kind for r in conflict.reasons),
                ours=tuple(r.a if ours_is_a else r.b for r in conflict.reasons),
                theirs=tuple(r.b if ours_is_a else r.a for r in conflict.reasons),
                notes=tuple(r.worded(first, second) for r in conflict.reasons),
                check=check,
            )
        )
    return found


def coverage_labels(data: CoverageData) -> list[str]:
    """The columns' headings: short outlet names where known ("NYT"), else letters."""
    articles = data.coverage.articles
    return column_labels(
        [getattr(data.articles.get(a), "outlet", None) for a in articles],
        [column_letter(n) for n in range(len(articles))],
    )


LEGEND_LINES = 3  # lines the column legend may take before it is cut


def coverage_legend(data: CoverageData, labels: Sequence[str], width: int) -> Text:
    """Which column is which article. One line each for a few articles; for more, the
    columns packed several to a line (heading, date, start of the title), so that a
    coverage of many articles leaves the screen to the facts."""
    articles = data.coverage.articles
    items = []
    few = len(articles) <= LEGEND_LINES
    align = max((len(label) for label in labels), default=1) if few else 0
    for label, article_id in zip(labels, articles, strict=True):
        a = data.articles.get(article_id)
        title = " ".join((a.title if a else article_id[:8]).split())
        outlet = (a.outlet if a else None) or "unknown outlet"
        date = (a.published if a else None) or "undated"
        item = Text(f"{label:>{align}} ", style="bold")
        if few:
            # Outlet and date first: a long title is what the ellipsis may cut.
            said = f"{outlet} · {date}" if outlet != label else date
            item.append(f"{said}  ", style="dim")
            item.append(title)
            item.truncate(max(1, width), overflow="ellipsis")
        else:
            item.append(f"{date[5:] or date} ", style="dim")
            item.append(title[:18] + ("…" if len(title) > 18 else ""))
        items.append(item)
    if len(articles) <= LEGEND_LINES:
        lines = items
    else:
        lines = pack_items(items, max(20, width), gap=2)
        if len(lines) > LEGEND_LINES:
            hidden = sum(len(line.plain.split("  ")) for line in lines[LEGEND_LINES - 1 :])
            lines = lines[: LEGEND_LINES - 1] + [
                Text(f"… and {hidden} more: enter on a fact shows each article", style="dim")
            ]
    return Text("\n").join(lines)


def column_title(letter: str, summary: ArticleSummary | None) -> Text:
    """A column's border title: its letter, outlet and date, as plain text."""
    outlet = (summary.outlet if summary else None) or "unknown outlet"
    published = (summary.published if summary else None) or "undated"
    return Text(f"{letter} · {outlet} · {published}")


def fact_column_text(
    fact_claim: FactClaim,
    summary: ArticleSummary | None,
    claim: Claim | None,
    disagreements: Sequence[Disagreement],
    repeats: Sequence[FactClaim] = (),
    *,
    pending: bool = False,
) -> Text:
    """One column: the article's title, its claim, the claim's analysis, what conflicts.

    All of it is built as plain text, so nothing from an article is read as markup.
    """
    title = summary.title if summary else fact_claim.article[:8]
    text = Text(title, style="dim italic")
    text.append("\n\n")
    text.append(" ".join(fact_claim.claim.text.split()))
    text.append("\n\n")
    if claim is not None:
        # The glossary is not loaded here: entity ids would show as bare ids.
        text.append_text(claim_detail(replace(claim, entities=()), ()))
    elif pending:
        text.append("reading the analysis…", style="dim")
    else:
        text.append("no stored analysis for this claim", style="dim")
    for disagreement in disagreements:
        if disagreement.check:
            text.append(f"\n\n? to check against {disagreement.other}", style="bold dark_orange")
        else:
            text.append(f"\n\n≠ disagrees with {disagreement.other}", style="bold red")
        for kind, ours, theirs, note in zip(
            disagreement.kinds,
            disagreement.ours,
            disagreement.theirs,
            disagreement.notes,
            strict=True,
        ):
            text.append(f"\n{kind}: ", style="bold")
            text.append(note)
            text.append(f"\n  here: {ours or '—'}", style="dim")
            text.append(f"\n  {disagreement.other}: {theirs or '—'}", style="dim")
    for repeat in repeats:
        text.append("\n\nalso says: ", style="bold")
        text.append(" ".join(repeat.claim.text.split()), style="dim")
    return text


def fact_header(fact: Fact, data: CoverageData, letters: dict[str, str]) -> Text:
    """How many articles report the fact and, one line each, why any two disagree."""
    total = len(data.coverage.articles)
    text = Text(f"Reported by {len(fact.articles)} of {plural(total, 'article')}")
    if fact.conflict:
        text.append(" · they disagree", style="bold red")
    elif fact.checks:
        text.append(" · a difference to check", style="bold dark_orange")
    by_claim = {fc.claim.claim: fc.article for fc in fact.claims}
    marked = [(c, "≠", "bold red") for c in fact.conflicts]
    marked += [(c, "?", "bold dark_orange") for c in fact.checks]
    for conflict, mark, style in marked:
        first = letters.get(by_claim.get(conflict.a, ""), "A")
        second = letters.get(by_claim.get(conflict.b, ""), "B")
        for reason in conflict.reasons:
            text.append(f"\n{first} {mark} {second} ", style=style)
            text.append(f"{reason.kind}: ", style="bold")
            text.append(reason.worded(first, second))
    text.no_wrap = True
    text.overflow = "ellipsis"
    return text


def _count(n: int, noun: str) -> str:
    """ "1 conflict", "2 conflicts" (the nouns counted here are plural in "s")."""
    return plural(n, noun[:-1], noun) if noun.endswith("s") else f"{n} {noun}"
