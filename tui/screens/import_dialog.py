"""Importing from inside the app: a path with completion, a progress bar, failures listed."""

from __future__ import annotations

import os
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Input, ProgressBar, Static

from store.library import Library


def path_candidates(value: str) -> list[str]:
    """The paths on disk that complete ``value``'s last component, folders ending in /.

    Hidden entries are left out unless the user typed the dot. The user's own
    spelling of the home folder ("~/") is kept.
    """
    if not value:
        return []
    expanded = os.path.expanduser(value)
    folder, prefix = os.path.split(expanded)
    try:
        names = sorted(os.listdir(folder or "."))
    except OSError:
        return []
    out = []
    for name in names:
        if not name.startswith(prefix) or (name.startswith(".") and not prefix.startswith(".")):
            continue
        completed = os.path.join(folder, name)
        if os.path.isdir(completed):
            completed += os.sep
        if value.startswith("~"):
            completed = "~" + completed[len(os.path.expanduser("~")) :]
        out.append(completed)
    return out


def complete_path(value: str) -> tuple[str, list[str]]:
    """What tab makes of ``value``, as a shell does: the one candidate, or else the
    longest prefix all candidates share; and the candidates, to list when several."""
    candidates = path_candidates(value)
    if not candidates:
        return value, []
    common = os.path.commonprefix(candidates)
    return (common if len(common) > len(value) else value), candidates


class PathSuggester(Suggester):
    """Suggests what tab would complete: the one match, or the matches' shared prefix."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        completed, _ = complete_path(value)
        return completed if completed != value else None


class ImportDialog(ModalScreen[bool]):
    """Asks for a file or folder, imports it in a worker, reports each failure."""

    BINDINGS = [
        Binding("escape", "close", "Close", id="import.close"),
        Binding("tab", "complete", "Complete path", priority=True, id="import.complete"),
    ]

    class Progress(Message):
        def __init__(self, done: int, total: int | None, failure: str | None = None) -> None:
            super().__init__()
            self.done = done
            self.total = total
            self.failure = failure

    class Finished(Message):
        def __init__(self, summary: str) -> None:
            super().__init__()
            self.summary = summary

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library
        self.imported = False
        self.running = False

    def compose(self) -> ComposeResult:
        with Vertical(id="import-panel") as panel:
            panel.border_title = "Import articles"
            panel.border_subtitle = "tab completes · enter imports · escape closes"
            yield Input(
                placeholder="a file or folder (.txt, .md, .html, .json)",
                suggester=PathSuggester(),
                id="import-path",
            )
            yield ProgressBar(id="import-progress", show_eta=False)
            yield Static(id="import-status")
            with VerticalScroll(id="import-failures"):
                yield Static(id="import-failure-list")

    def on_mount(self) -> None:
        self.query_one(ProgressBar).display = False
        self.query_one("#import-path", Input).focus()

    @on(Input.Submitted, "#import-path")
    def _submitted(self, event: Input.Submitted) -> None:
        if self.running:
            return
        path = Path(os.path.expanduser(event.value.strip()))
        if not event.value.strip():
            return
        if not path.exists():
            self.query_one("#import-status", Static).update(Text(f"No such file or folder: {path}"))
            return
        self.running = True
        self.failures: list[str] = []
        self.query_one(ProgressBar).display = True
        self.query_one("#import-status", Static).update(Text(f"Importing {path}…"))
        self.run_import(path)

    @work(thread=True, exclusive=True, group="import")
    def run_import(self, path: Path) -> None:
        from store.importer import import_paths

        done = 0

        def on_start(total: int) -> None:
            self.post_message(self.Progress(0, total))

        def on_result(result: object) -> None:
            nonlocal done
            done += 1
            failure = (
                getattr(result, "line", None)
                if getattr(result, "outcome", "") == "failed"
                else None
            )
            self.post_message(self.Progress(done, None, failure))

        try:
            report = import_paths(self.library, [path], on_start=on_start, on_result=on_result)
        except Exception as exc:  # noqa: BLE001 - the store refused: say so, keep the app
            self.post_message(self.Finished(f"Import stopped: {exc}"))
            return
        summary = (
            f"{report.count('added')} added, {report.count('new_version')} new versions, "
            f"{report.count('unchanged')} unchanged, {report.count('failed')} failed"
        )
        # The app, not this dialog (it may be closed by now), analyses what came in,
        # regroups the stories and reloads the library when that is done.
        imported = getattr(self.app, "imported", None)
        if imported is not None:
            self.app.call_from_thread(imported)
        self.post_message(self.Finished(summary))

    def on_import_dialog_progress(self, message: Progress) -> None:
        bar = self.query_one(ProgressBar)
        if message.total is not None:
            bar.update(total=message.total, progress=0)
        else:
            bar.update(progress=message.done)
        if message.failure:
            self.failures.append(message.failure)
            self.query_one("#import-failure-list", Static).update(Text("\n".join(self.failures)))

    def on_import_dialog_finished(self, message: Finished) -> None:
        self.running = False
        self.imported = True
        self.query_one("#import-status", Static).update(Text(message.summary))

    def action_complete(self) -> None:
        """Tab: complete the path as far as it is unambiguous, and list the choices."""
        field = self.query_one("#import-path", Input)
        completed, candidates = complete_path(field.value)
        if completed != field.value:
            field.value = completed
            field.cursor_position = len(completed)
        status = self.query_one("#import-status", Static)
        if len(candidates) > 1:
            names = [
                os.path.basename(c.rstrip(os.sep)) + ("/" if c.endswith(os.sep) else "")
                for c in candidates
            ]
            shown = "  ".join(names[:12]) + (
                f"  … {len(names) - 12} more" if len(names) > 12 else ""
            )
            status.update(Text(shown, style="dim"))
        elif not candidates and field.value:
            status.update(Text("nothing on disk starts with that", style="dim"))
        else:
            status.update(Text(""))

    def action_close(self) -> None:
        if self.running:
            self.notify("The import goes on in the background", timeout=2)
        self.dismiss(self.imported)
