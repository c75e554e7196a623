"""Setting a DataTable's column widths after it has rendered (on resize)."""

from __future__ import annotations

from collections.abc import Mapping

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
