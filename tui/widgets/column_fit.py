"""Fitting things into a width: a DataTable's columns after it has rendered (on
resize), and items packed into lines."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.text import Text
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey


def set_column_widths(table: DataTable[object], widths: Mapping[str, int]) -> None:
    """Give the columns keyed in ``widths`` those widths, header included.

    The table caches its rendered rows and header by width and only re-measures
    when told to; without both, the header kept its old widths after a resize.
    """
    for key, width in widths.items():
        table.columns[ColumnKey(key)].width = width
    table._clear_caches()
    table._require_update_dimensions = True
    table.refresh()


def pack_items(items: Sequence[Text], width: int, gap: int = 3) -> list[Text]:
    """Lay ``items`` out in lines of ``width`` cells, never splitting an item."""
    lines: list[Text] = []
    current: Text | None = None
    for item in items:
        if current is not None and current.cell_len + gap + item.cell_len <= width:
            current.append(" " * gap)
            current.append_text(item)
            continue
        if current is not None:
            lines.append(current)
        current = item.copy()
        current.truncate(max(1, width), overflow="ellipsis")
    if current is not None:
        lines.append(current)
    return lines
