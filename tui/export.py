"""A diff as a file a reporter keeps: Markdown or JSON, by default in their documents folder.

Used by the app's export dialog and by ``claimdiff diff --json/--markdown``;
imports no Textual.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

from analysis.model import AlignmentRow, Article
from tui.wording import match_strength

ReportFormat = Literal["markdown", "json"]
SUFFIX: dict[str, str] = {"markdown": ".md", "json": ".json"}


def diff_json(a: Article, b: Article, rows: Sequence[AlignmentRow]) -> dict[str, Any]:
    """The diff as JSON data: every row keeps its ``score`` and says it in words (``match``)."""
    from analysis.reason.align import diff_to_json

    data = diff_to_json(a, b, rows)
    for row, out in zip(rows, data["rows"], strict=True):
        if row.a is not None and row.b is not None:
            out["match"] = match_strength(row.score)
    return data


def render(a: Article, b: Article, rows: Sequence[AlignmentRow], fmt: ReportFormat) -> str:
    """The report's text in ``fmt``."""
    if fmt == "json":
        return json.dumps(diff_json(a, b, rows), ensure_ascii=False, indent=2) + "\n"
    from analysis.reason.report import render_markdown

    return render_markdown(a, b, rows)


def documents_folder() -> Path:
    """The user's documents folder (``~/Documents`` on most systems), else their home."""
    from platformdirs import user_documents_path

    try:
        return user_documents_path()
    except Exception:  # noqa: BLE001 - no documents folder known: the home folder will do
        return Path.home()


def default_report_path(
    a: Article, b: Article, fmt: ReportFormat, folder: Path | None = None
) -> Path:
    """Where a report goes unless the user says otherwise."""
    return (folder or documents_folder()) / f"claimdiff-{a.id[:8]}-{b.id[:8]}{SUFFIX[fmt]}"


def format_of(path: Path, default: ReportFormat = "markdown") -> ReportFormat:
    """The format a file name asks for: JSON for ``.json``, else ``default``."""
    suffix = path.suffix.lower()
    if suffix == ".json":
        return "json"
    if suffix in (".md", ".markdown"):
        return "markdown"
    return default


def write_report(
    path: Path, a: Article, b: Article, rows: Sequence[AlignmentRow], fmt: ReportFormat
) -> Path:
    """Write the report to ``path`` (its folder created if need be); returns the path."""
    path = path.expanduser()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(a, b, rows, fmt), encoding="utf-8")
    return path
