"""A scrollable view of an article's text, block by block, on Textual's line API.

Only the lines on screen are rendered; wrapping is computed once per width
and kept, so a long article scrolls without re-wrapping. Every line knows the
text offset it starts at, so callers can scroll to any span of the article.
Article text goes into :class:`rich.text.Text` as plain text: never markup.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice

from rich._wrap import divide_line
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.events import Click
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip

from analysis.model import Article, Block
from tui.widgets.vim import VimScrollView

# Lines wrapped before the first paint, and then after each refresh until the end.
FIRST_LINES = 200
LAYOUT_CHUNK = 500

# Blocks shown by default; chrome appears (dimmed) only on request.
ALWAYS_SHOWN = ("headline", "byline", "dateline", "body", "caption", "credit")
GUTTERS = {"caption": "▎ ", "credit": "▎ "}


@dataclass(frozen=True, slots=True)
class Highlight:
    """A styled span of the article text (a claim, an entity mention)."""

    start: int
    end: int
    component: str  # a COMPONENT_CLASSES name of ArticleView


@dataclass(frozen=True, slots=True)
class _Line:
    block: int  # index into the article's blocks, -1 for spacing lines
    start: int  # text offset of the first character on the line
    end: int
    gutter: str


class ArticleView(VimScrollView, can_focus=True):
    """The clean text of one article, with roles set apart and optional highlights."""

    COMPONENT_CLASSES = {
        "article-view--headline",
        "article-view--byline",
        "article-view--dateline",
        "article-view--body",
        "article-view--caption",
        "article-view--credit",
        "article-view--chrome",
        "article-view--gutter",
        "article-view--claim",
        "article-view--claim-alt",
        "article-view--claim-current",
        "article-view--person",
        "article-view--org",
        "article-view--place",
        "article-view--norp",
        "article-view--weapon",
        "article-view--event",
        "article-view--other",
        "article-view--entity-current",
    }

    DEFAULT_CSS = """
    ArticleView {
        background: $surface;
        padding: 0 1;
    }
    ArticleView > .article-view--headline { text-style: bold; color: $text; }
    ArticleView > .article-view--byline { color: $text-muted; }
    ArticleView > .article-view--dateline { color: $text-muted; }
    ArticleView > .article-view--body { color: $text; }
    ArticleView > .article-view--caption { color: $text-muted; text-style: italic; }
    ArticleView > .article-view--credit { color: $text-disabled; text-style: italic; }
    ArticleView > .article-view--chrome { color: $text-disabled; text-style: strike; }
    ArticleView > .article-view--gutter { color: $accent; }
    ArticleView > .article-view--claim { background: $foreground 4%; }
    ArticleView > .article-view--claim-alt { background: $foreground 10%; }
    ArticleView > .article-view--claim-current { background: $accent 30%; }
    ArticleView > .article-view--person { color: $text-warning; }
    ArticleView > .article-view--org { color: $text-accent; }
    ArticleView > .article-view--place { color: $text-success; }
    ArticleView > .article-view--norp { color: $text-secondary; }
    ArticleView > .article-view--weapon { color: $text-error; }
    ArticleView > .article-view--event { color: $text-primary; }
    ArticleView > .article-view--other { color: $text-primary; }
    ArticleView > .article-view--entity-current {
        background: $foreground;
        color: $background;
        text-style: bold;
    }
    """

    show_chrome: reactive[bool] = reactive(False)

    class Clicked(Message):
        """The text at ``offset`` was clicked."""

        def __init__(self, offset: int) -> None:
            super().__init__()
            self.offset = offset

    def __init__(
        self,
        article: Article,
        highlights: Sequence[Highlight] = (),
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.article = article
        self.highlights = tuple(sorted(highlights, key=lambda h: (h.start, h.end)))
        self._lines: list[_Line] = []
        self._line_starts: list[int] = []
        self._layout_width = -1
        self._layout_span = (0, 0)  # text offsets from the first visible block to the last
        self._pending: Iterator[_Line] | None = None  # the lines not wrapped yet
        self._strip_cache: dict[int, Strip] = {}
        self._highlight_styles: dict[str, Style] = {}

    # --- layout ---------------------------------------------------------------

    def _visible_blocks(self) -> Iterable[tuple[int, Block]]:
        for index, block in enumerate(self.article.blocks):
            if block.role in ALWAYS_SHOWN or self.show_chrome:
                yield index, block

    def _relayout(self, width: int) -> None:
        """Start wrapping the visible blocks to ``width`` cells, keeping text offsets.

        Only the first screens' lines are wrapped at once, so that a long article
        (a megabyte wraps in about a second) paints at once; the rest follow a
        chunk after each refresh, or at once when a caller needs a line further down.
        """
        visible = [block for _, block in self._visible_blocks()]
        self._lines = []
        self._line_starts = []
        self._layout_span = (visible[0].start, visible[-1].end) if visible else (0, 0)
        self._pending = self._wrap(width)
        self._layout_width = width
        self._strip_cache.clear()
        self._extend_layout(FIRST_LINES)
        self._update_virtual_size()
        if self._pending is not None and self.is_attached:
            self.call_after_refresh(self._continue_layout, self._pending)

    def _wrap(self, width: int) -> Iterator[_Line]:
        """The lines of the visible blocks wrapped to ``width`` cells, in reading order."""
        text = self.article.text
        previous: Block | None = None
        for index, block in self._visible_blocks():
            # Keep a credit on the line under its caption; space other blocks apart.
            if previous is not None and not (block.role == "credit" and previous.role == "caption"):
                yield _Line(-1, block.start, block.start, "")
            gutter = GUTTERS.get(block.role, "")
            inner = max(8, width - len(gutter))
            for para_start, para_end in _paragraphs(text, block.start, block.end):
                for a, b in _wrapped(text[para_start:para_end], inner):
                    yield _Line(index, para_start + a, para_start + b, gutter)
            previous = block

    def _extend_layout(self, count: int) -> None:
        """Wrap on until there are ``count`` lines, or the text ends."""
        if self._pending is None or count <= len(self._lines):
            return
        new = list(islice(self._pending, count - len(self._lines)))
        if len(new) < count - len(self._lines):
            self._pending = None
        self._lines.extend(new)
        self._line_starts.extend(line.start for line in new)

    def _continue_layout(self, stream: Iterator[_Line]) -> None:
        if stream is not self._pending:
            return  # laid out again meanwhile (resized), or done
        self._extend_layout(len(self._lines) + LAYOUT_CHUNK)
        self._update_virtual_size()
        if self._pending is not None:
            self.call_after_refresh(self._continue_layout, stream)

    def _update_virtual_size(self) -> None:
        """The number of lines, estimated from those so far while wrapping goes on."""
        count = len(self._lines)
        if self._pending is not None and count:
            begin, end = self._layout_span
            done = max(1, self._lines[-1].end - begin)
            count += round((end - self._lines[-1].end) * count / done)
        self.virtual_size = Size(self._layout_width, count)

    def _ensure_layout(self) -> None:
        width = max(10, self.scrollable_content_region.width)
        if width != self._layout_width:
            self._relayout(width)

    def on_resize(self) -> None:
        self._ensure_layout()

    def watch_show_chrome(self) -> None:
        at_top = self.scroll_offset.y == 0
        anchor = self.offset_at_top()
        self._layout_width = -1
        self._ensure_layout()
        if not at_top:  # keep the reader's place; at the top, show what was hidden above
            self.scroll_to_offset(anchor, animate=False, top=True)
        self.refresh()

    # --- offsets <-> lines ------------------------------------------------------

    def line_of_offset(self, offset: int) -> int:
        """The index of the line showing text ``offset`` (or the nearest before it)."""
        self._ensure_layout()
        wrapped = len(self._lines)
        while self._pending is not None and (self._line_starts or [-1])[-1] <= offset:
            self._extend_layout(len(self._lines) + LAYOUT_CHUNK)
        if len(self._lines) != wrapped:
            self._update_virtual_size()
        return max(0, bisect_right(self._line_starts, offset) - 1)

    def offset_at_top(self) -> int:
        """The text offset of the first line on screen."""
        if not self._lines:
            return 0
        y = min(int(self.scroll_offset.y), len(self._lines) - 1)
        return self._lines[y].start

    def scroll_to_offset(self, offset: int, *, animate: bool = True, top: bool = False) -> None:
        """Scroll so that the line holding ``offset`` is visible (at the top if ``top``)."""
        line = self.line_of_offset(offset)
        if top:
            self.scroll_to(y=line, animate=animate)
        else:
            height = self.scrollable_content_region.height
            self.scroll_to(y=max(0, line - height // 3), animate=animate)

    def set_highlights(self, highlights: Sequence[Highlight]) -> None:
        """Replace the highlighted spans and repaint."""
        self.highlights = tuple(sorted(highlights, key=lambda h: (h.start, h.end)))
        self._strip_cache.clear()
        self.refresh()

    def offset_at(self, x: int, y: int) -> int | None:
        """The text offset under a point of the widget's content area, if any."""
        self._ensure_layout()
        index = int(self.scroll_offset.y) + y
        if not 0 <= index < len(self._lines):
            return None
        line = self._lines[index]
        if line.block < 0:
            return None
        column = x + int(self.scroll_offset.x) - len(line.gutter)
        if column < 0:
            return None
        return min(line.start + column, max(line.start, line.end - 1))

    def on_click(self, event: Click) -> None:
        offset = self.offset_at(event.x, event.y)
        if offset is not None:
            self.post_message(self.Clicked(offset))

    # --- rendering ----------------------------------------------------------------

    def _styled(self, line: _Line) -> Text:
        block = self.article.blocks[line.block]
        role_style = self.get_component_rich_style(f"article-view--{block.role}")
        text = Text(self.article.text[line.start : line.end], style=role_style, end="")
        for h in self.highlights:
            if h.start >= line.end:
                break
            if h.end <= line.start:
                continue
            text.stylize(
                self._highlight_style(h.component),
                max(h.start, line.start) - line.start,
                min(h.end, line.end) - line.start,
            )
        if line.gutter:
            gutter = Text(line.gutter, style=self.get_component_rich_style("article-view--gutter"))
            text = Text.assemble(gutter, text, end="")
        return text

    def render_line(self, y: int) -> Strip:
        self._ensure_layout()
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        base = self.rich_style
        self._extend_layout(index + 1)  # scrolled past the lines wrapped so far
        if index >= len(self._lines):
            return Strip.blank(width, base)
        strip = self._strip_cache.get(index)
        if strip is None:
            line = self._lines[index]
            if line.block < 0:
                strip = Strip.blank(width, base)
            else:
                segments = self._styled(line).render(self.app.console)
                strip = Strip(list(Segment.apply_style(segments, base)))
            strip = strip.extend_cell_length(width, base).crop(0, width)
            if len(self._strip_cache) > 2000:
                self._strip_cache.clear()
            self._strip_cache[index] = strip
        return strip.crop(scroll_x, scroll_x + width).simplify()

    def _highlight_style(self, component: str) -> Style:
        """A highlight's own style, its background blended over the view's.

        A partial style drops a translucent background's alpha ("$foreground 4%"
        would paint text-coloured blocks behind the text), so blend it here.
        """
        style = self._highlight_styles.get(component)
        if style is None:
            styles = self.get_component_styles(component)
            style = styles.partial_rich_style
            if styles.has_rule("background") and styles.background.a < 1:
                under = self.background_colors[1]
                style += Style(bgcolor=(under + styles.background).rich_color)
            self._highlight_styles[component] = style
        return style

    def notify_style_update(self) -> None:
        """Theme changes restyle every line."""
        super().notify_style_update()
        self._strip_cache.clear()
        self._highlight_styles.clear()


def _wrapped(para: str, width: int) -> Iterator[tuple[int, int]]:
    """The (start, end) offsets of the lines of ``para`` wrapped to ``width`` cells.

    A long paragraph is wrapped a window at a time, so that its first lines
    cost no more than a short one's. Wrapping is greedy (a line ends where the
    next word does not fit), so a window that ends between two words gives
    every line but its last as the whole paragraph would; the next window
    starts where that last line does.
    """
    window = 64 * width
    pos = 0
    while True:
        cut = len(para)
        if cut - pos > window:
            cut = para.rfind(" ", pos, pos + window) + 1 or len(para)
        piece = para[pos:cut]
        offsets = [0, *divide_line(piece, width, fold=True), len(piece)]
        spans = [(pos + a, pos + b) for a, b in zip(offsets, offsets[1:], strict=False) if b > a]
        if cut == len(para) or len(spans) < 2:
            if cut < len(para):  # one giant word: wrap the rest in one go
                offsets = [0, *divide_line(para[pos:], width, fold=True), len(para) - pos]
                pairs = zip(offsets, offsets[1:], strict=False)
                spans = [(pos + a, pos + b) for a, b in pairs if b > a]
            yield from spans
            return
        yield from spans[:-1]
        pos = spans[-1][0]


def _paragraphs(text: str, start: int, end: int) -> Iterable[tuple[int, int]]:
    """Split a block at its own line breaks, so that one-sentence-per-line text keeps them."""
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl < 0 else nl
        if stop > pos:
            yield pos, stop
        pos = stop + 1
