"""Two synchronised columns of claims, one alignment row at a time, on the line API.

Each row wraps A's claim and B's claim to half the width and takes the height
of the taller; a gutter shows the status as a symbol and a colour. Only the
lines on screen are rendered, so a diff of hundreds of rows moves its cursor
without re-rendering the rest.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from rich._wrap import divide_line
from rich.cells import set_cell_size
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip

from analysis.model import AlignmentRow
from tui.status_marks import STATUS_SYMBOL
from tui.widgets.vim import VimScrollView
from tui.wording import match_strength

GUTTER = 3  # " ≠ "
DIVIDER = 3  # " │ "


@dataclass(frozen=True, slots=True)
class _Line:
    row: int  # index into the shown rows, -1 for the blank line between rows
    a: str
    b: str
    first: bool  # the row's first line carries the status symbol
    tag: str = ""  # how closely a paired row's claims match, right-aligned under A's text


class DiffView(VimScrollView, can_focus=True):
    """The alignment rows of a diff, side by side, with a row cursor."""

    # The vim keys move the row cursor (VimPaging's moves, made row moves below).

    COMPONENT_CLASSES = {
        "diff-view--agree",
        "diff-view--compatible",
        "diff-view--check",
        "diff-view--conflict",
        "diff-view--only_a",
        "diff-view--only_b",
        "diff-view--cursor",
        "diff-view--divider",
        "diff-view--absent",
    }

    DEFAULT_CSS = """
    DiffView { background: $surface; }
    DiffView > .diff-view--agree { color: $text-success; }
    DiffView > .diff-view--compatible { color: $text-accent; }
    DiffView > .diff-view--check { color: $text-warning; text-style: bold italic; }
    DiffView > .diff-view--conflict { color: $text-error; text-style: bold; }
    DiffView > .diff-view--only_a { color: $text-warning; }
    DiffView > .diff-view--only_b { color: $text-secondary; }
    DiffView > .diff-view--cursor { background: $boost; }
    DiffView > .diff-view--divider { color: $panel-lighten-2; }
    DiffView > .diff-view--absent { color: $text-disabled; }
    DiffView:focus > .diff-view--cursor { background: $accent 25%; }
    """

    cursor_row: reactive[int] = reactive(0)

    class RowHighlighted(Message):
        """The cursor moved to another row (``row`` is None when there are none)."""

        def __init__(self, view: DiffView, row: AlignmentRow | None) -> None:
            super().__init__()
            self.view = view
            self.row = row

        @property
        def control(self) -> DiffView:
            return self.view

    def __init__(
        self,
        rows: Sequence[AlignmentRow] = (),
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.rows: tuple[AlignmentRow, ...] = tuple(rows)
        self._lines: list[_Line] = []
        self._row_starts: list[int] = []
        self._layout_width = -1
        self._strips: dict[tuple[int, bool], Strip] = {}
        self._base_style: Style | None = None

    # --- data ---------------------------------------------------------------------

    def set_rows(self, rows: Sequence[AlignmentRow], *, keep: AlignmentRow | None = None) -> None:
        """Show these rows; the cursor stays on ``keep`` when it is among them."""
        self.rows = tuple(rows)
        self._layout_width = -1
        self._ensure_layout()
        index = self.rows.index(keep) if keep is not None and keep in self.rows else 0
        self.cursor_row = min(index, max(0, len(self.rows) - 1))
        self.scroll_to_row(self.cursor_row, animate=False)
        self.refresh()
        self.post_message(self.RowHighlighted(self, self.current))

    @property
    def current(self) -> AlignmentRow | None:
        return self.rows[self.cursor_row] if 0 <= self.cursor_row < len(self.rows) else None

    # --- layout ---------------------------------------------------------------------

    def _column_width(self, width: int) -> int:
        return max(8, (width - GUTTER - DIVIDER) // 2)

    def _relayout(self, width: int) -> None:
        column = self._column_width(width)
        lines: list[_Line] = []
        starts: list[int] = []
        for index, row in enumerate(self.rows):
            if index:
                lines.append(_Line(-1, "", "", False))
            starts.append(len(lines))
            left = _wrap(row.a.text if row.a else "", column)
            right = _wrap(row.b.text if row.b else "", column)
            tag, tag_line = "", -1
            if row.a is not None and row.b is not None:
                # In words, where the reader's eye is; the number is in the detail below.
                tag = f"{match_strength(row.score)} match"
                if left and len(left[-1]) + 2 + len(tag) <= column:
                    tag_line = len(left) - 1
                else:
                    tag_line = len(left)
                    left.append("")
            for n in range(max(len(left), len(right), 1)):
                lines.append(
                    _Line(
                        index,
                        left[n] if n < len(left) else "",
                        right[n] if n < len(right) else "",
                        n == 0,
                        tag if n == tag_line else "",
                    )
                )
        self._lines = lines
        self._row_starts = starts
        self._layout_width = width
        self._strips.clear()
        self.virtual_size = Size(width, len(lines))

    def _ensure_layout(self) -> None:
        width = max(20, self.scrollable_content_region.width)
        if width != self._layout_width:
            self._relayout(width)

    def on_resize(self) -> None:
        self._ensure_layout()
        self.scroll_to_row(self.cursor_row, animate=False)

    def row_span(self, index: int) -> tuple[int, int]:
        """The first and last line of a row."""
        self._ensure_layout()
        start = self._row_starts[index]
        end = (
            self._row_starts[index + 1] - 2
            if index + 1 < len(self._row_starts)
            else len(self._lines) - 1
        )
        return start, end

    def row_at_line(self, line: int) -> int:
        self._ensure_layout()
        return max(0, bisect_right(self._row_starts, line) - 1)

    def scroll_to_row(self, index: int, *, animate: bool = False) -> None:
        """Scroll the least needed to show the whole row (or its top, if it is taller)."""
        if not self.rows:
            return
        start, end = self.row_span(index)
        height = self.scrollable_content_region.height
        top = int(self.scroll_offset.y)
        if start < top:
            self.scroll_to(y=start, animate=animate)
        elif end >= top + height:
            self.scroll_to(y=max(start - max(0, height - (end - start + 1)), 0), animate=animate)
            if end - start + 1 > height:
                self.scroll_to(y=start, animate=animate)

    # --- rendering ------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        self._ensure_layout()
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        base = self._base
        if index >= len(self._lines):
            return Strip.blank(width, base)
        line = self._lines[index]
        selected = line.row == self.cursor_row and line.row >= 0
        key = (index, selected)
        strip = self._strips.get(key)
        if strip is None:
            strip = self._render(line, width, base, selected)
            if len(self._strips) > 4000:
                self._strips.clear()
            self._strips[key] = strip
        return strip.crop(scroll_x, scroll_x + width)

    def _render(self, line: _Line, width: int, base: Style, selected: bool) -> Strip:
        if line.row < 0:
            return Strip.blank(width, base)
        row = self.rows[line.row]
        column = self._column_width(width)
        status_style = self.get_component_rich_style(f"diff-view--{row.mark}")
        absent = self.get_component_rich_style("diff-view--absent")
        divider = self.get_component_rich_style("diff-view--divider")
        text = Text(end="", no_wrap=True, overflow="crop")
        symbol = STATUS_SYMBOL[row.mark] if line.first else " "
        text.append(f" {symbol} ", style=status_style)
        if row.a is None and line.first:
            text.append(set_cell_size("—", column), style=absent)
        elif line.tag:
            room = max(0, column - len(line.tag))
            text.append(set_cell_size(line.a, room))
            text.append(set_cell_size(line.tag, column - room), style=absent)
        else:
            text.append(set_cell_size(line.a, column))
        text.append(" │ ", style=divider)
        if row.b is None and line.first:
            text.append(set_cell_size("—", column), style=absent)
        else:
            text.append(set_cell_size(line.b, column))
        if selected:
            text.stylize(self.get_component_rich_style("diff-view--cursor"))
        segments = list(Segment.apply_style(text.render(self.app.console), base))
        return Strip(segments).extend_cell_length(width, base).crop(0, width)

    def watch_cursor_row(self, previous: int, current: int) -> None:
        self._strips = {k: v for k, v in self._strips.items() if not k[1]}
        # Only the rows the cursor left and reached change (scrolling repaints the rest).
        if self._row_starts and self._layout_width >= 0:
            self._refresh_row(previous)
            self._refresh_row(current)
        else:
            self.refresh()
        self.post_message(self.RowHighlighted(self, self.current))

    def _refresh_row(self, index: int) -> None:
        if not 0 <= index < len(self._row_starts):
            return
        start = self._row_starts[index]
        end = self._row_starts[index + 1] if index + 1 < len(self._row_starts) else len(self._lines)
        self.refresh_lines(start, max(1, end - start))

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()
        self._base_style = None

    @property
    def _base(self) -> Style:
        """The widget's own style, computed once per style change, not once per line."""
        if self._base_style is None:
            self._base_style = self.rich_style
        return self._base_style

    # --- actions --------------------------------------------------------------------

    def move_to(self, index: int) -> None:
        if not self.rows:
            return
        self.cursor_row = max(0, min(index, len(self.rows) - 1))
        self.scroll_to_row(self.cursor_row)

    def action_vim_down(self) -> None:
        self.action_cursor(1)

    def action_vim_up(self) -> None:
        self.action_cursor(-1)

    def action_vim_first(self) -> None:
        self.action_first()

    def action_vim_last(self) -> None:
        self.action_last()

    def action_vim_page_down(self) -> None:
        self.action_page(1)

    def action_vim_page_up(self) -> None:
        self.action_page(-1)

    def action_cursor(self, step: int) -> None:
        self.move_to(self.cursor_row + step)

    def action_first(self) -> None:
        self.move_to(0)

    def action_last(self) -> None:
        self.move_to(len(self.rows) - 1)

    def action_page(self, direction: int) -> None:
        if not self.rows:
            return
        height = self.scrollable_content_region.height
        start, _ = self.row_span(self.cursor_row)
        target = self.row_at_line(max(0, start + direction * height))
        if target == self.cursor_row:
            target += direction
        self.move_to(target)

    def on_click(self, event: object) -> None:
        offset = getattr(event, "y", None)
        if offset is None or not self.rows:
            return
        line = int(self.scroll_offset.y) + int(offset)
        if 0 <= line < len(self._lines):
            row = self._lines[line].row
            self.move_to(row if row >= 0 else self.row_at_line(line))


def _wrap(text: str, width: int) -> list[str]:
    """Wrap plain text to ``width`` cells, keeping paragraph breaks."""
    lines: list[str] = []
    for paragraph in text.split("\n") or [""]:
        offsets = [0, *divide_line(paragraph, width, fold=True), len(paragraph)]
        for start, end in zip(offsets, offsets[1:], strict=False):
            if end > start:
                lines.append(paragraph[start:end].rstrip())
    return lines
