"""The real `claimdiff` in tmux: library -> diff -> conflict -> article -> glossary.

Reads the screen with `tmux capture-pane`, as a user would see it. Skipped
where tmux is not installed.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


class Terminal:
    """A tmux session running one command, at a fixed size."""

    def __init__(self, command: list[str], width: int = 120, height: int = 36) -> None:
        self.name = f"claimdiff-test-{uuid.uuid4().hex[:8]}"
        self.socket = f"claimdiff-{self.name}"
        shell_command = " ".join(f"'{part}'" for part in command)
        self._tmux(
            "new-session",
            "-d",
            "-s",
            self.name,
            "-x",
            str(width),
            "-y",
            str(height),
            shell_command,
        )
        self._tmux("set-option", "-s", "escape-time", "0")

    def _tmux(self, *args: str) -> str:
        result = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, timeout=30
        )
        return result.stdout

    def keys(self, *keys: str) -> None:
        for key in keys:
            self._tmux("send-keys", "-t", self.name, key)
            time.sleep(0.15)

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-t", self.name)

    def wait_for(self, text: str, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        shown = ""
        while time.monotonic() < deadline:
            shown = self.screen()
            if text in shown:
                return shown
            time.sleep(0.3)
        raise AssertionError(f"{text!r} never appeared; the screen shows:\n{shown}")

    def close(self) -> None:
        self._tmux("kill-server")


@pytest.fixture
def terminal(sample_library_path: Path) -> Iterator[Terminal]:
    # COLUMNS/LINES in the environment would override the terminal's real size.
    command = ["env", "-u", "COLUMNS", "-u", "LINES", sys.executable, "-m", "tui.cli"]
    term = Terminal([*command, "--db", str(sample_library_path)])
    try:
        yield term
    finally:
        term.close()


def test_library_diff_conflict_article_glossary(terminal: Terminal) -> None:
    shown = terminal.wait_for("2 articles in 1 story")
    assert "North Korea Fires Suspected" in shown and "Bloomberg" in shown

    terminal.keys("d")
    shown = terminal.wait_for("filter: all")
    # The pair's one dated conflict is held back (see tests/test_align.py).
    assert "conflict 0" in shown.replace("  ", " ")

    terminal.keys("f", "f")  # conflicts and rows to check: the dated pair, held back
    shown = terminal.wait_for("filter: conflicts and to check (1 row)")
    shown = terminal.wait_for("was a Thursday")
    assert "Hwasong-19" in shown and "On Friday" in shown and "? to check" in shown

    terminal.keys("o")
    shown = terminal.wait_for("time: Oct. 31")  # the selected claim's analysis
    assert "Hwasong-19" in shown

    terminal.keys("Escape", "Escape")  # leave the claim, then the article
    terminal.wait_for("filter: conflicts and to check")
    terminal.keys("q")
    terminal.wait_for("2 articles in 1 story")

    terminal.keys("g")
    shown = terminal.wait_for("entities · type: all")
    assert "Kim Jong Un" in shown and "North Korean leader" in shown
    terminal.keys("/", *"yo jong", "Enter", "Enter")
    shown = terminal.wait_for("1 mention in 1 article")  # singular where there is one
    assert "Kim Yo Jong" in shown and "Kim’s sister" in shown

    terminal.keys("q", "Escape", "Escape", "q")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and "claimdiff" in terminal.screen():
        time.sleep(0.2)
