"""The claim diff of two articles: side by side, conflicts first to find, reasons below."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, LoadingIndicator, Static

from analysis.model import AlignmentRow, Article
from store.library import Library
from tui.choices import ExportChoice
from tui.status_marks import STATUS_LABEL, STATUS_STYLE, STATUS_SYMBOL
from tui.widgets.column_fit import pack_items
from tui.widgets.diff_view import DIVIDER, GUTTER, DiffView
from tui.wording import match_strength, plural, side_label

# Each filter keeps the rows of these marks (a row's status, or "check").
FILTERS: tuple[tuple[str, frozenset[str]], ...] = (
    ("all", frozenset(STATUS_LABEL)),
    ("conflicts", frozenset({"conflict"})),
    ("conflicts and to check", frozenset({"conflict", "check"})),
    ("differences", frozenset({"conflict", "check", "compatible", "only_a", "only_b"})),
    ("paired", frozenset({"agree", "compatible", "check", "conflict"})),
    ("only A", frozenset({"only_a"})),
    ("only B", frozenset({"only_b"})),
)


@dataclass(frozen=True, slots=True)
class DiffData:
    """Both articles and their alignment rows (A first).

    Swapping sides re-words the same rows for the other order
    (:func:`analysis.reason.wording.swap_row`): every reason (which side
    hedges, which date is whose, what only one side gives) is kept as data and
    worded for the sides it is shown with; nothing is recomputed.
    """

    a: Article
    b: Article
    rows: tuple[AlignmentRow, ...]

    def swapped(self) -> DiffData:
        """The same diff seen from the other side: B as A."""
        from analysis.reason.wording import swap_row

        return DiffData(self.b, self.a, tuple(swap_row(r) for r in self.rows))


def load_diff(library: Library, id_a: str, id_b: str) -> DiffData:
    """Both articles and their diff (cached by the store)."""
    from store import results

    return DiffData(
        library.get_article(id_a),
        library.get_article(id_b),
        tuple(results.diff(library, id_a, id_b)),
    )


def counterpart(row: AlignmentRow, rows: Sequence[AlignmentRow]) -> AlignmentRow | None:
    """The row of ``rows`` (the diff the other way round) that shows ``row``'s claims.

    The row with exactly the same claims, else the first that shares one of them.
    """
    mine = {ref.claim for ref in (row.a, row.b) if ref is not None}
    sharing = None
    for other in rows:
        theirs = {ref.claim for ref in (other.a, other.b) if ref is not None}
        if theirs == mine:
            return other
        if sharing is None and mine & theirs:
            sharing = other
    return sharing


def count_items(rows: Sequence[AlignmentRow]) -> list[Text]:
    """The legend and the summary in one: a symbol, a label and a count per status.

    A compatible row to check counts as "to check" only, an item shown only
    when there is such a row.
    """
    counts = dict.fromkeys(STATUS_LABEL, 0)
    for row in rows:
        counts[row.mark] += 1
    items = []
    for status, label in STATUS_LABEL.items():
        if status == "check" and not counts[status]:
            continue
        item = Text(f"{STATUS_SYMBOL[status]} ", style=STATUS_STYLE[status])
        item.append(f"{label} {counts[status]}")
        items.append(item)
    return items


def counts_line(rows: Sequence[AlignmentRow]) -> Text:
    """Every status with its count, on one line."""
    return Text("   ").join(count_items(rows))


# A title keeps at least this many cells before the outlet gives way further.
TITLE_MIN = 16


def side_line(side: str, article: Article, width: int | None = None) -> Text:
    """One article of the diff on one line: its side, title, outlet, date and id.

    With a ``width``, the line fits it. What gives way, in order: the id; a long
    outlet, down to a quarter of the line; the title, with an ellipsis, down to
    :data:`TITLE_MIN` cells; then the outlet again. The date stays.
    """
    head = Text(f"{side_label(side, article)} ", style="bold reverse")
    head.append(" ")
    title = Text(" ".join(article.title.split()), style="bold")
    outlet = Text(" ".join((article.outlet or "unknown outlet").split()))
    date = Text(f" · {article.published or 'undated'}")
    if side_label(side, article).endswith(f" · {outlet.plain}"):
        # The label names the outlet already ("B · Bloomberg"): the date is enough.
        outlet, date = Text(), Text(article.published or "undated")
    ident = Text(f" · {article.id[:8]}", style="dim")
    if width is None:
        return Text.assemble(head, title, "  ", outlet, date, ident)
    room = max(0, width - head.cell_len)

    def meta_len() -> int:
        return 2 + outlet.cell_len + date.cell_len

    if title.cell_len + meta_len() + ident.cell_len > room:
        ident = Text()
    if title.cell_len + meta_len() > room:
        # The outlet leaves the whole title its room, down to a quarter of the line.
        keep = max(12, room // 4, room - title.cell_len - 2 - date.cell_len)
        if outlet.cell_len > keep:
            outlet.truncate(keep, overflow="ellipsis")
        floor = min(title.cell_len, TITLE_MIN)
        if floor + meta_len() > room:
            outlet.truncate(max(1, room - floor - 2 - date.cell_len), overflow="ellipsis")
        title.truncate(max(1, room - meta_len()), overflow="ellipsis")
    line = Text.assemble(head, title, "  ", outlet, date, ident, no_wrap=True)
    line.truncate(width, overflow="ellipsis")  # only on a terminal too narrow for any of it
    return line


def diff_header_lines(
    a: Article, b: Article, rows: Sequence[AlignmentRow], filtered: Text, width: int
) -> list[Text]:
    """The diff's header at ``width``: one line per article, then every count, whole."""
    return [
        side_line("A", a, width),
        side_line("B", b, width),
        *pack_items([*count_items(rows), filtered], width),
    ]


class DiffHeader(Widget):
    """Both articles and the counts; laid out again for every width, so nothing wraps.

    Long titles are cut with an ellipsis on their own line while the counts
    move to a second line rather than lose a figure.
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.message: Text = Text("Aligning claims…")
        self.content: tuple[Article, Article, tuple[AlignmentRow, ...], Text] | None = None

    def show_message(self, message: Text) -> None:
        """Show a status line instead of the articles (while loading, on failure)."""
        self.message = message
        self.content = None
        self.refresh(layout=True)

    def show(self, a: Article, b: Article, rows: Sequence[AlignmentRow], filtered: Text) -> None:
        """Show both articles, the counts over ``rows`` and the filter's note."""
        self.content = (a, b, tuple(rows), filtered)
        self.refresh(layout=True)

    def lines(self, width: int) -> list[Text]:
        """What the header shows at ``width`` cells, line by line."""
        width = max(1, width)
        if self.content is None:
            return list(self.message.wrap(self.app.console, width))
        return diff_header_lines(*self.content, width)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines(width))

    def render(self) -> Text:
        text = Text("\n").join(self.lines(self.size.width))
        text.no_wrap = True
        return text


def row_detail(
    row: AlignmentRow | None,
    labels: tuple[str, str] = ("A", "B"),
    position: tuple[int, int] | None = None,
) -> Text:
    """Why the selected row has its status: one line per reason.

    ``labels`` name the sides ("A · NYT"); ``position`` is the row's place among the
    diff's conflicts ("conflict 2 of 5").
    """
    if row is None:
        return Text("No rows match this filter.", style="dim")
    text = Text()
    label = STATUS_LABEL[row.mark]
    if position is not None:
        label = f"{label} {position[0]} of {position[1]}"
    text.append(f"{STATUS_SYMBOL[row.mark]} {label}", style=STATUS_STYLE[row.mark])

    if row.a and row.b:
        text.append(
            f"  {match_strength(row.score)} match (similarity {row.score:.2f})", style="dim"
        )
    if not row.reasons:
        text.append(
            "\nsame assertion, same figures, dates and source" if row.status == "agree" else ""
        )
    for reason in row.reasons:
        text.append(f"\n{reason.kind}: ", style="bold")
        text.append(reason.note)
        # Only the sides a reason has: a claim only A reports has nothing on B's side.
        sides = [
            f"{side}: {value}"
            for side, value in zip(labels, (reason.a, reason.b), strict=True)
            if value
        ]
        if sides:
            text.append(f"  [{' | '.join(sides)}]", style="dim")
    return text


class DiffColumns(Widget):
    """Which side is which, over the columns of the rows: "A · NYT │ B · BBC"."""

    DEFAULT_CSS = "DiffColumns { height: 1; color: $text-muted; background: $surface; }"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.labels = ("A", "B")

    def show(self, labels: tuple[str, str]) -> None:
        self.labels = labels
        self.refresh()

    def render(self) -> Text:
        view = self.screen.query_one(DiffView)
        width = view.scrollable_content_region.width or self.size.width
        column = view._column_width(width)
        line = Text(" " * GUTTER, no_wrap=True, overflow="ellipsis")
        a, b = (Text(label, style="bold") for label in self.labels)
        a.truncate(column, overflow="ellipsis", pad=True)
        line.append_text(a)
        line.append(" │ ".center(DIVIDER))
        line.append_text(b)
        return line


class DiffScreen(Screen[None]):
    """Two articles' claims side by side, with the status and reasons of every row."""

    BINDINGS = [
        Binding(
            "right_square_bracket",
            "next_conflict",
            "Next conflict/check",
            key_display="]",
            id="diff.next_conflict",
        ),
        Binding(
            "left_square_bracket",
            "previous_conflict",
            "Prev conflict/check",
            key_display="[",
            show=False,
            id="diff.previous_conflict",
        ),
        Binding(
            "f",
            "cycle_filter",
            "Filter",
            tooltip="Show all rows, conflicts, conflicts and rows to check, differences,"
            " paired rows only, only A, only B",
            id="diff.filter",
        ),
        Binding(
            "s", "swap", "Swap", tooltip="Swap sides (reasons reworded for them)", id="diff.swap"
        ),
        Binding("o", "open_claim", "Open", tooltip="Open the claim in its article", id="diff.open"),
        Binding("O", "open_other", "Open other side", show=False, id="diff.open_other"),
        Binding(
            "e",
            "export",
            "Export",
            tooltip="Write the report to a file (Markdown or JSON); asks where",
            id="diff.export",
        ),
        Binding("q,escape", "back", "Back", id="diff.back"),
    ]

    filter_index: reactive[int] = reactive(0)

    class Loaded(Message):
        def __init__(self, data: DiffData | None, error: str | None = None) -> None:
            super().__init__()
            self.data = data
            self.error = error

    def __init__(
        self, library: Library, id_a: str, id_b: str, *, export_dir: Path | None = None
    ) -> None:
        super().__init__()
        self.library = library
        self.id_a = id_a
        self.id_b = id_b
        self.export_dir = export_dir
        self.data: DiffData | None = None
        self.swapped = False

    def compose(self) -> ComposeResult:
        with Vertical(id="diff"):
            yield DiffHeader(id="diff-header")
            yield DiffColumns(id="diff-columns")
            yield LoadingIndicator()
            yield DiffView(id="diff-view")
            yield Static(id="diff-detail")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(DiffView).display = False
        self.query_one(DiffColumns).display = False
        self.query_one(DiffHeader).show_message(Text("Aligning claims…"))
        self.load()

    def on_screen_resume(self) -> None:
        # Back from an article whose title, outlet or date was edited: show them.
        # The rows are cached by the store; a new date may re-align them.
        if self.data is not None:
            self.load()

    @work(thread=True, exclusive=True, group="diff-load")
    def load(self) -> None:
        """Align in a worker: it may need to analyse an article first."""
        try:
            data = load_diff(self.library, self.id_a, self.id_b)
        except Exception as exc:  # noqa: BLE001 - shown to the user; the app goes on
            self.post_message(self.Loaded(None, f"{type(exc).__name__}: {exc}"))
            return
        self.post_message(self.Loaded(data))

    def on_diff_screen_loaded(self, message: Loaded) -> None:
        self.query_one(LoadingIndicator).display = False
        if message.data is None:
            self.query_one(DiffHeader).show_message(
                Text(f"Could not align these articles: {message.error}")
            )
            return
        keep = self.query_one(DiffView).current if self.data is not None else None
        self.data = message.data
        view = self.query_one(DiffView)
        view.display = True
        self.query_one(DiffColumns).display = True
        view.focus()
        if keep is not None:
            _, _, rows = self._sides()
            keep = counterpart(keep, rows)
        self._show(keep=keep)

    # --- what is shown ------------------------------------------------------------------

    def _sides(self) -> tuple[Article, Article, tuple[AlignmentRow, ...]]:
        assert self.data is not None
        data = self.data.swapped() if self.swapped else self.data
        return data.a, data.b, data.rows

    def _show(self, keep: AlignmentRow | None = None) -> None:
        if self.data is None:
            return
        a, b, rows = self._sides()
        name, statuses = FILTERS[self.filter_index]
        shown = [r for r in rows if r.mark in statuses]
        filtered = Text(f"filter: {name} ({plural(len(shown), 'row')})", style="dim")
        self.query_one(DiffHeader).show(a, b, rows, filtered)
        self.query_one(DiffColumns).show(self.labels())
        self.query_one(DiffView).set_rows(shown, keep=keep)
        self.sub_title = f"{a.title} ↔ {b.title}"

    def labels(self) -> tuple[str, str]:
        """The sides as shown: "A · NYT", "B · BBC" (just "A" for an unknown outlet)."""
        a, b, _ = self._sides()
        return side_label("A", a), side_label("B", b)

    def conflict_position(self, row: AlignmentRow | None) -> tuple[int, int] | None:
        """Where a conflict row is among the diff's conflicts: (2, 5) for "2 of 5"."""
        if row is None or row.status != "conflict" or self.data is None:
            return None
        _, _, rows = self._sides()
        conflicts = [r for r in rows if r.status == "conflict"]
        return (conflicts.index(row) + 1, len(conflicts)) if row in conflicts else None

    @on(DiffView.RowHighlighted)
    def _row_highlighted(self, event: DiffView.RowHighlighted) -> None:
        if self.data is None:
            return
        detail = row_detail(event.row, self.labels(), self.conflict_position(event.row))
        self.query_one("#diff-detail", Static).update(detail)

    # --- actions -------------------------------------------------------------------------

    def _jump_conflict(self, step: int) -> None:
        view = self.query_one(DiffView)
        # The rows a reader must look at: conflicts, and differences to check.
        conflicts = [i for i, r in enumerate(view.rows) if r.mark in ("conflict", "check")]
        if not conflicts:
            self.notify("No conflicts or rows to check in this view", timeout=2)
            return
        here = view.cursor_row
        if step > 0:
            target = next((i for i in conflicts if i > here), conflicts[0])
        else:
            target = next((i for i in reversed(conflicts) if i < here), conflicts[-1])
        view.move_to(target)

    def action_next_conflict(self) -> None:
        self._jump_conflict(1)

    def action_previous_conflict(self) -> None:
        self._jump_conflict(-1)

    def action_cycle_filter(self) -> None:
        self.filter_index = (self.filter_index + 1) % len(FILTERS)

    def watch_filter_index(self) -> None:
        self._show(keep=self.query_one(DiffView).current)

    def action_swap(self) -> None:
        if self.data is None:
            return
        current = self.query_one(DiffView).current
        self.swapped = not self.swapped
        _, _, rows = self._sides()
        self._show(keep=counterpart(current, rows) if current is not None else None)

    def _open(self, other: bool) -> None:
        row = self.query_one(DiffView).current
        if row is None or self.data is None:
            return
        a, b, _ = self._sides()
        sides = [(row.a, a), (row.b, b)]
        if other:
            sides.reverse()
        ref, article = sides[0] if sides[0][0] is not None else sides[1]
        if ref is None:
            return
        self.app.open_article(article.id, at=ref.start)

    def action_open_claim(self) -> None:
        self._open(other=False)

    def action_open_other(self) -> None:
        self._open(other=True)

    def action_export(self) -> None:
        """Ask where to write the report, and in which format, then write it."""
        if self.data is None:
            return
        from tui.export import write_report

        a, b, rows = self._sides()
        folder = self.export_dir or getattr(self.app, "export_dir", None)

        def write(choice: ExportChoice | None) -> None:
            if choice is None:
                return
            try:
                path = write_report(choice.path, a, b, rows, choice.format)
            except OSError as exc:
                self.notify(
                    f"Could not write {choice.path}: {exc.strerror or exc}", severity="error"
                )
                return
            self.notify(f"Report written to {path}", timeout=6)

        self.app.ask_export(a, b, folder, write)

    def action_back(self) -> None:
        self.app.pop_screen()
