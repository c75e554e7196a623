"""Article text and metadata full of markup and escape sequences, shown on every screen.

Two depths: Pilot walks every screen of ``tui/screens`` and checks what each
paints (literal markup, no clickable action or link, no escape character);
then the real app runs under a pseudo-terminal and every byte it writes to
the terminal is checked for the article's escape sequences.
"""

from __future__ import annotations

import importlib
import inspect
import json
import os
import pkgutil
import re
import select
import shutil
import signal
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.screen import Screen
from textual.widgets import Input

import tui.screens
from store.importer import import_paths
from store.library import Library
from tests.conftest import HOSTILE_STRINGS, ROOT
from tui.app import ClaimdiffApp, make_app

SIZE = (160, 48)

# Literal markup the hostile articles hold; screens showing article data show some.
MARKUP = ("[@click=app.quit]", "[/bold]", "[link=file:///etc/passwd]", "[bold]", "[/]")
HOSTILE_TITLE = "[@click=app.quit]Click me[/] [link=file:///etc/passwd]passwd[/link] \\"
HOSTILE_NAME = "[@click=app.quit]x [bold]y [link=https:evil]z \\.txt"  # no "/" in a name
# Bytes an article's escape sequences would leave in the terminal output: their
# payloads are unique to the articles, Textual's own sequences never hold them.
LEAKS = (
    b"]52;",
    b"aGk=",
    b"SE9TVElMRQ==",
    b"example.com",
    b"evil.example",
    b"clear \x1b[2J",
    b"\x1b[2J screen",
    b"\xc2\x9b",
    b"\xc2\x9c",
    b"\xc2\x9d",
    b"\x9b31m",
)


def hostile_files(folder: Path) -> list[Path]:
    """Two articles on one story, every hostile string in their text and metadata."""
    folder.mkdir(parents=True, exist_ok=True)
    sentences = [
        f"Kim Jong Un said at least {n + 2} missiles flew {s} toward Japan on Friday, "
        "officials in Seoul said."
        for n, s in enumerate(HOSTILE_STRINGS)
    ]
    text_a = "Hostile [bold]headline[/] about missiles \\\n\n" + "\n\n".join(sentences)
    (folder / "hostile.txt").write_text(text_a + "\n", "utf-8")
    text_b = "\n\n".join(
        f"North Korea fired {n + 2} missiles {s} on Friday, Japan's defense minister Gen "
        "Nakatani said."
        for n, s in enumerate(reversed(HOSTILE_STRINGS))
    )
    record = {
        "title": HOSTILE_TITLE + " \x1b]52;c;SE9TVElMRQ==\x07 \x1b[2J",
        "outlet": "[bold]Outlet[/bold] \x1b]8;;http://evil.example/\x1b\\x\x1b]8;;\x1b\\",
        "byline": "[red]Jane Doe[/red] \\",
        "published": "2024-11-05",
        "text": text_b,
    }
    (folder / "hostile.json").write_text(json.dumps(record), "utf-8")
    return [folder / "hostile.txt", folder / "hostile.json"]


@pytest.fixture(scope="module")
def hostile_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A library of the two hostile articles, analysed (claims, entities, stories)."""
    from store import results

    base = tmp_path_factory.mktemp("hostile")
    root = base / "library"
    library = Library.open(root)
    library.mark_seeded()
    report = import_paths(library, hostile_files(base / "in"))
    assert [r.outcome for r in report.results] == ["added", "added"]
    results.analyze_pending(library)
    results.glossary(library)
    return root


@pytest.fixture
def hostile_library(hostile_template: Path, tmp_path: Path) -> Path:
    target = tmp_path / "library"
    shutil.copytree(hostile_template, target)
    return target


# --- every screen, through Pilot -------------------------------------------------------------


def screen_classes() -> set[str]:
    """Every screen class defined in ``tui/screens``."""
    found = set()
    for module_info in pkgutil.iter_modules(tui.screens.__path__):
        module = importlib.import_module(f"tui.screens.{module_info.name}")
        for name, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, Screen) and value.__module__ == module.__name__:
                found.add(name)
    return found


_ESCAPES = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def painted(app: ClaimdiffApp) -> tuple[str, list[str]]:
    """Everything the current screen paints, and what is wrong with it."""
    problems = []
    lines = []
    for strip in app.screen._compositor.render_strips():
        line = []
        for segment in strip:
            line.append(segment.text)
            if _ESCAPES.search(segment.text):
                problems.append(f"control character painted: {segment.text!r}")
            style = segment.style
            if style is None:
                continue
            if style.link:
                problems.append(f"a link to {style.link!r} in {segment.text!r}")
            actions = [key for key in style.meta if key == "@click"]
            if actions:
                problems.append(f"an action {style.meta!r} on {segment.text!r}")
        lines.append("".join(line))
    return "\n".join(lines), problems


class Walk:
    """The screens visited, what each painted, and the problems found."""

    def __init__(self, app: ClaimdiffApp, pilot: object) -> None:
        self.app = app
        self.pilot = pilot
        self.seen: dict[str, str] = {}
        self.problems: list[str] = []

    async def settle(self) -> None:
        await self.app.workers.wait_for_complete()
        await self.pilot.pause()  # type: ignore[attr-defined]

    async def press(self, *keys: str) -> None:
        await self.pilot.press(*keys)  # type: ignore[attr-defined]
        await self.settle()

    def look(self, *, shows_article: bool = True) -> str:
        name = type(self.app.screen).__name__
        text, problems = painted(self.app)
        self.problems += [f"{name}: {p}" for p in problems]
        if shows_article and not any(m in text for m in MARKUP):
            self.problems.append(f"{name}: no literal markup shown:\n{text}")
        self.seen[name] = self.seen.get(name, "") + text
        return text


async def test_every_screen_shows_hostile_text_literally(
    hostile_library: Path, tmp_path: Path
) -> None:
    """No MarkupError, no clickable action or link, no escape character, on any screen."""
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / HOSTILE_NAME).write_bytes(b"")
    (bad / "[bold]binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n")
    app = make_app(Library.open(hostile_library), analyze_on_open=False)
    async with app.run_test(size=SIZE) as pilot:
        walk = Walk(app, pilot)
        await walk.settle()
        library_text = walk.look()
        assert "[@click=app.quit]Click me[/]" in library_text
        assert "Hostile [bold]headline[/]" in library_text
        assert "[bold]Outlet[" in library_text  # cut to the column

        await walk.press("a")  # the import dialog, importing files with markup in their names
        app.screen.query_one(Input).value = str(bad)
        await walk.press("enter")
        walk.look()
        await walk.press("escape")

        await walk.press("d")  # the diff of the two articles
        walk.look()
        await walk.press("e")  # the export dialog: where, and as what
        walk.look(shows_article=False)
        await walk.press("escape")
        await walk.press("q")

        # Coverage of both articles (each is a story of its own: c covers the marked
        # ones, else the story under the cursor), then one fact.
        await walk.press("space", "j", "space")
        await walk.press("c")
        walk.look()
        await walk.press("enter")
        walk.look()
        await walk.press("q", "q")

        await walk.press("m")  # outlet and date for the marked articles
        walk.look(shows_article=False)
        await walk.press("escape")

        await walk.press("g")  # the glossary, then one entity
        walk.look(shows_article=False)
        await walk.press("enter")
        walk.look(shows_article=False)
        await walk.press("q", "q")

        for article_id in [a.id for a in app.library.list_articles()]:
            from tui.screens.article import ArticleScreen

            await app.push_screen(ArticleScreen(app.library, article_id))
            await walk.settle()
            text = walk.look()
            await walk.press("n")  # a claim selected: its details under the text
            walk.look()
            await walk.press("enter")  # the claim in other articles
            walk.look()
            await walk.press("escape")
            await walk.press("m")  # the metadata dialog: title and outlet in inputs
            walk.look()
            await walk.press("escape")
            await walk.press("question_mark")  # help, built from the bindings
            walk.look(shows_article=False)
            await walk.press("escape", "escape", "q")
            if "Click me" in text:
                assert HOSTILE_TITLE in text and "[red]Jane Doe[/red] \\" in text
            else:
                assert "Hostile [bold]headline[/] about missiles \\" in text
                assert "[@click=app.quit]x[/]" in text and "trailing backslash \\" in text
        assert app.is_running
    assert walk.problems == []
    missing = screen_classes() - set(walk.seen)
    assert not missing, f"screens the walk never showed (add them to it): {sorted(missing)}"
    # The failed import names the file as it is called (compared without the wrapping).
    dialog = "".join(walk.seen["ImportDialog"].replace("│", " ").split())
    assert "".join(HOSTILE_NAME.split()) + ":emptyfile" in dialog, dialog
    shown = " ".join(walk.seen.values())
    for leak in ("aGk=", "SE9TVElMRQ==", "evil.example", "http://example.com"):
        assert leak not in shown


# --- the real app under a pseudo-terminal -------------------------------------------------------


def run_in_terminal(argv: list[str], keys: list[bytes], *, size: tuple[int, int]) -> bytes:
    """Run ``argv`` on a pseudo-terminal, type ``keys``, and return every byte it wrote."""
    import fcntl
    import pty
    import struct
    import termios

    pid, fd = pty.fork()
    if pid == 0:  # the child: the app, on the terminal's slave side
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
        env = {**os.environ, "TERM": "xterm-256color", "COLORTERM": "truecolor"}
        os.chdir(ROOT)
        os.execve(sys.executable, [sys.executable, *argv], env)
    out = bytearray()

    def pump(quiet: float, limit: float) -> None:
        """Read until the app has been quiet for ``quiet`` seconds (or ``limit`` passed)."""
        end, last = time.monotonic() + limit, time.monotonic()
        while time.monotonic() < end and time.monotonic() - last < quiet:
            ready, _, _ = select.select([fd], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(fd, 65536)
                except OSError:
                    return
                if not chunk:
                    return
                out.extend(chunk)
                last = time.monotonic()

    try:
        pump(quiet=1.5, limit=30)
        for key in keys:
            os.write(fd, key)
            pump(quiet=0.3, limit=5)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            done, _ = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            os.write(fd, b"q")
            pump(quiet=0.3, limit=1)
        else:
            raise AssertionError("the app did not quit")
    finally:
        with _suppress_missing():
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        os.close(fd)
    return bytes(out)


class _suppress_missing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: object, value: object, traceback: object) -> bool:
        return isinstance(value, ChildProcessError | ProcessLookupError)


def escape_sequences(data: bytes) -> Iterator[bytes]:
    """The OSC and DCS sequences in a terminal stream (those that carry payloads)."""
    yield from re.findall(rb"\x1b[\]P][^\x07\x1b]*(?:\x07|\x1b\\)?", data)


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_the_real_app_writes_no_escape_sequence_from_an_article(hostile_library: Path) -> None:
    """claimdiff (the terminal app) on the hostile library: every byte it writes is checked."""
    keys = [
        b"\r",  # open the article under the cursor
        b"n",  # select a claim
        b"m",  # metadata dialog
        b"\x1b",
        b"?",  # help
        b"\x1b",
        b"\x1b",
        b"q",  # back to the library
        b"j",
        b"\r",  # the other article
        b"q",
        b"d",  # diff
        b"q",
        b"c",  # coverage
        b"q",
        b"g",  # glossary
        b"q",
    ]
    out = run_in_terminal(["-m", "tui.cli", "--db", str(hostile_library)], keys, size=(140, 40))
    # The app really showed the articles: their markup arrived as plain characters.
    assert b"[@click=app.quit]" in out and b"[/bold]" in out, out[-2000:]
    for leak in LEAKS:
        assert leak not in out, f"{leak!r} written to the terminal"
    for sequence in escape_sequences(out):
        assert b"passwd" not in sequence and b"http" not in sequence, sequence
