"""What a dialog hands back to the screen that opened it.

Kept apart from the dialogs so that a screen reads a dialog's answer without
importing the dialog's module: screens never import one another.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from analysis.model import Entity
from tui.export import ReportFormat


@dataclass(frozen=True, slots=True)
class MetadataEdit:
    """What the user typed: new title, outlet and ISO date (empty clears outlet and date)."""

    title: str
    outlet: str
    published: str


@dataclass(frozen=True, slots=True)
class BulkMetadataEdit:
    """An outlet and a date for many articles; ``None`` leaves that field as it is."""

    outlet: str | None
    published: str | None


@dataclass(frozen=True, slots=True)
class ExportChoice:
    """Where to write the report, and in which format."""

    path: Path
    format: ReportFormat


@dataclass(frozen=True, slots=True)
class LinkChoice:
    """What the user picked among a claim's links: a place in an article, or an entity."""

    article: str | None = None
    start: int = 0
    entity: Entity | None = None
