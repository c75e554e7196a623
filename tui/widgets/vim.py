"""Vim keys beside the arrows, declared once for every table, list and text view.

``j``/``k`` move down and up, ``g``/``G`` to the first and last line (as do
``home``/``end``); text views also page with ``space``/``b`` and
``ctrl+f``/``ctrl+b``. A widget gets them by inheriting one of the bases
below, which say what each move means for it: a row of a table, an option of
a list, a line of text.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.scroll_view import ScrollView
from textual.widgets import DataTable, OptionList

# The moves, declared here once; each base below says what they mean for it.
VIM_MOVES: list[BindingType] = [
    Binding("j,down", "vim_down", "Down", show=False, id="vim.down"),
    Binding("k,up", "vim_up", "Up", show=False, id="vim.up"),
    Binding("g,home", "vim_first", "First", show=False, id="vim.first"),
    Binding("G,end", "vim_last", "Last", show=False, id="vim.last"),
]
# A page at a time, for text views (a table or list keeps space for marking).
VIM_PAGES: list[BindingType] = [
    Binding("space,pagedown,ctrl+f", "vim_page_down", "Page down", show=False, id="vim.pgdn"),
    Binding("b,pageup,ctrl+b", "vim_page_up", "Page up", show=False, id="vim.pgup"),
]


class VimMoves:
    """What the moves do by default (scroll, as the arrows, home and end of a scrolling
    widget do), and ``VIM_SPARE``: keys of the set a subclass leaves to its screen
    (the library's ``g`` opens the glossary).

    A plain mixin, put first among the bases: Textual reads a widget's CSS and
    bindings from its widget bases, so the bindings are given by each base below.
    """

    VIM_SPARE: ClassVar[frozenset[str]] = frozenset()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        merged = getattr(cls, "_merged_bindings", None)
        if cls.VIM_SPARE and merged is not None:
            merged.key_to_bindings = {
                key: bindings
                for key, bindings in merged.key_to_bindings.items()
                if key not in cls.VIM_SPARE
            }

    def action_vim_down(self) -> None:
        self.action_scroll_down()  # type: ignore[attr-defined]

    def action_vim_up(self) -> None:
        self.action_scroll_up()  # type: ignore[attr-defined]

    def action_vim_first(self) -> None:
        self.action_scroll_home()  # type: ignore[attr-defined]

    def action_vim_last(self) -> None:
        self.action_scroll_end()  # type: ignore[attr-defined]

    def action_vim_page_down(self) -> None:
        self.action_page_down()  # type: ignore[attr-defined]

    def action_vim_page_up(self) -> None:
        self.action_page_up()  # type: ignore[attr-defined]


class _CursorMoves(VimMoves):
    """j/k move a widget's cursor (tables and lists) rather than scroll it."""

    def action_vim_down(self) -> None:
        self.action_cursor_down()  # type: ignore[attr-defined]

    def action_vim_up(self) -> None:
        self.action_cursor_up()  # type: ignore[attr-defined]


class VimTable(_CursorMoves, DataTable[Text]):
    """A table whose row cursor the vim keys move."""

    BINDINGS: ClassVar[list[BindingType]] = VIM_MOVES

    def action_vim_first(self) -> None:
        self.action_scroll_top()

    def action_vim_last(self) -> None:
        self.action_scroll_bottom()


class VimList(_CursorMoves, OptionList):
    """An option list whose highlight the vim keys move."""

    BINDINGS: ClassVar[list[BindingType]] = VIM_MOVES

    def action_vim_first(self) -> None:
        self.action_first()

    def action_vim_last(self) -> None:
        self.action_last()


class VimScrollView(VimMoves, ScrollView):
    """A text view drawn line by line (ScrollView) that the vim keys scroll and page."""

    BINDINGS: ClassVar[list[BindingType]] = [*VIM_MOVES, *VIM_PAGES]


class VimScroll(VimMoves, VerticalScroll):
    """A scrolling column of widgets that the vim keys scroll and page."""

    BINDINGS: ClassVar[list[BindingType]] = [*VIM_MOVES, *VIM_PAGES]
