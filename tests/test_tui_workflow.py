"""What a day of real use needs from the app: marks you can see, keys that act on what
is shown, metadata set for many articles, screens that refresh, and 80x24 that works."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input

from store.library import Library
from store.stories import list_stories
from tui.app import ClaimdiffApp, make_app
from tui.screens.article import ArticleScreen
from tui.screens.coverage import CoverageScreen, coverage_labels, coverage_legend
from tui.screens.diff import DiffHeader, DiffScreen
from tui.screens.help import HelpScreen
from tui.screens.library import LibraryScreen

SIZE = (100, 30)


@pytest.fixture
def library(sample_library_path: Path) -> Library:
    return Library.open(sample_library_path)


async def wait_loaded(app: ClaimdiffApp, pilot) -> None:  # type: ignore[no-untyped-def]
    await app.workers.wait_for_complete()
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def status_of(screen: LibraryScreen) -> str:
    return str(screen.query_one("#library-status").render())


async def test_marks_are_counted_hidden_ones_apart_and_cleared(library: Library) -> None:
    app = make_app(library, analyze_on_open=False)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(app, pilot)
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        await pilot.press("space", "space")
        assert len(screen.marked) == 2 and "2 marked" in status_of(screen)
        await pilot.press("slash", *"missile before us vote", "enter")
        assert len(screen.article_rows()) == 1
        assert screen.visible_marks() == screen.article_rows()
        assert "1 marked (+1 hidden by the filter)" in status_of(screen)
        # d acts on what is shown: one marked article on screen is not a pair.
        assert screen.diff_pair() is None
        await pilot.press("d")
        assert app.screen is screen
        await pilot.press("u")
        assert screen.marked == [] and "marked" not in status_of(screen)
        titles = {c.title for c in app.get_system_commands(screen)}
        assert "Clear marks" in titles


async def test_d_and_c_follow_the_order_shown_not_the_order_marked(library: Library) -> None:
    app = make_app(library, analyze_on_open=False)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(app, pilot)
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        first, second = screen.article_rows()
        await pilot.press("j", "space", "k", "space")  # the second marked first
        assert screen.marked == [second, first]
        assert screen.diff_pair() == (first, second)
        assert screen.coverage_articles() == [first, second]


async def test_d_and_c_on_a_folded_story_header_act_on_that_story(library: Library) -> None:
    app = make_app(library, analyze_on_open=False)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(app, pilot)
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        story = screen.stories[0]
        await pilot.press("z")
        assert screen.query_one(DataTable).row_count == 1 and screen.on_story_header()
        await pilot.press("d")
        await wait_loaded(app, pilot)
        assert isinstance(app.screen, DiffScreen)
        assert {app.screen.id_a, app.screen.id_b} == {a.id for a in story.articles}
        await pilot.press("q", "c")
        await wait_loaded(app, pilot)
        assert isinstance(app.screen, CoverageScreen)
        assert set(app.screen.article_ids) == {a.id for a in story.articles}


async def test_c_with_nothing_marked_covers_the_story_under_the_cursor(library: Library) -> None:
    app = make_app(library, analyze_on_open=False)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(app, pilot)
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        assert screen.coverage_articles() == [a.id for a in screen.stories[0].articles]
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        help_text = " ".join(app.screen.listed)
        assert "Coverage" in help_text
        coverage = next(line for line in app.screen.lines if line.startswith("c "))
        assert "with fewer than two marked, of the story under the cursor" in coverage


async def test_outlet_and_date_for_every_marked_article_at_once(library: Library) -> None:
    from tui.screens.metadata import BulkMetadataDialog

    app = make_app(library, analyze_on_open=False)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(app, pilot)
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        await pilot.press("space", "space", "m")
        assert isinstance(app.screen, BulkMetadataDialog)
        await pilot.press(*"reuters", "enter")
        await wait_loaded(app, pilot)
        assert app.screen is screen
        outlets = {a.outlet for a in library.list_articles()}
        assert outlets == {"Reuters"}
        assert {a.published for a in library.list_articles()} == {"2024-11-05"}  # unchanged
        await pilot.press("m")
        app.screen.query_one("#bulk-published", Input).value = "not a date"
        await pilot.press("tab", "enter")
        assert isinstance(app.screen, BulkMetadataDialog)
        assert "Not a date" in str(app.screen.query_one("#metadata-error").render())
        await pilot.press("escape")
        assert app.screen is screen


async def test_diff_header_shows_metadata_edited_from_the_diff(library: Library) -> None:
    from tui.screens.metadata import MetadataDialog

    app = make_app(library, analyze_on_open=False)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(app, pilot)
        await pilot.press("d")
        await wait_loaded(app, pilot)
        diff = app.screen
        assert isinstance(diff, DiffScreen)
        await pilot.press("o")
        await wait_loaded(app, pilot)
        assert isinstance(app.screen, ArticleScreen)
        await pilot.press("m")
        assert isinstance(app.screen, MetadataDialog)
        app.screen.query_one("#metadata-outlet", Input).value = "Harbour Gazette"
        await pilot.press("enter")
        await wait_loaded(app, pilot)
        await pilot.press("q")
        await wait_loaded(app, pilot)
        assert app.screen is diff
        header = "\n".join(line.plain for line in diff.query_one(DiffHeader).lines(100))
        assert "Harbour Gazette" in header


async def _open_export(app, pilot):  # type: ignore[no-untyped-def]
    """The export dialog of the library's first diff."""
    from tui.screens.export_dialog import ExportDialog

    await wait_loaded(app, pilot)
    await pilot.press("d")
    await wait_loaded(app, pilot)
    await pilot.press("e")
    dialog = app.screen
    assert isinstance(dialog, ExportDialog)
    return dialog


async def test_export_asks_where_and_in_which_format(library: Library, tmp_path: Path) -> None:
    from platformdirs import user_documents_path

    from tui.screens.export_dialog import ExportDialog

    app = make_app(library, analyze_on_open=False)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await _open_export(app, pilot)
        field = dialog.query_one("#export-path", Input)
        # Not the working folder (maybe a git clone): the user's documents folder.
        assert field.value.startswith(str(user_documents_path()))
        assert field.value.endswith(".md")
        field.value = str(tmp_path / "reports" / "ferry.json")
        await pilot.pause()
        assert dialog.format == "json"
        await pilot.press("enter")
        await pilot.pause()
        written = json.loads((tmp_path / "reports" / "ferry.json").read_text())
        assert {"a", "b", "rows", "summary"} <= set(written)
        assert any(row.get("match") in ("close", "loose") for row in written["rows"])
        await pilot.press("e")
        assert isinstance(app.screen, ExportDialog)
        await pilot.press("escape")
        assert isinstance(app.screen, DiffScreen)


async def test_enter_writes_from_the_format_buttons_too(library: Library, tmp_path: Path) -> None:
    # The dialog's hint says enter writes: on the format buttons, enter takes
    # the highlighted format and writes, as it does from the path.

    app = make_app(library, analyze_on_open=False)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await _open_export(app, pilot)
        dialog.query_one("#export-path", Input).value = str(tmp_path / "ferry.md")
        await pilot.pause()
        await pilot.press("tab", "down")  # highlight JSON without choosing it
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DiffScreen)
        written = json.loads((tmp_path / "ferry.json").read_text())
        assert {"a", "b", "rows", "summary"} <= set(written)


async def test_export_asks_before_replacing_a_file(library: Library, tmp_path: Path) -> None:
    from textual.widgets import Static

    target = tmp_path / "ferry.md"
    target.write_text("my notes", encoding="utf-8")
    app = make_app(library, analyze_on_open=False)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await _open_export(app, pilot)
        dialog.query_one("#export-path", Input).value = str(target)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog and target.read_text(encoding="utf-8") == "my notes"
        shown = str(dialog.query_one("#export-error", Static).render())
        assert "ferry.md exists" in shown
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DiffScreen)
        assert target.read_text(encoding="utf-8") != "my notes"


async def test_palette_shows_what_commands_do_not_action_names(library: Library) -> None:
    app = make_app(library, analyze_on_open=False)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(app, pilot)
        await pilot.press("d")
        await wait_loaded(app, pilot)
        commands = list(app.get_system_commands(app.screen))
        helps = " ".join(c.help or "" for c in commands)
        for internal in ("cycle_filter", "screen.", "next_conflict", "open_claim", "app."):
            assert internal not in helps
        by_title = {c.title: c.help for c in commands}
        assert "paired rows only" in (by_title["Filter"] or "")


async def test_help_says_what_h_e_c_toggle(library: Library) -> None:
    app = make_app(library, analyze_on_open=False)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(app, pilot)
        await pilot.press("enter")
        await wait_loaded(app, pilot)
        assert isinstance(app.screen, ArticleScreen)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        shown = "\n".join(app.screen.lines)
        assert "Show or hide the claim highlights" in shown
        assert "Show or hide the names" in shown
        assert "Show or hide the page chrome" in shown


async def test_an_import_ending_after_its_dialog_closed_still_regroups_and_refreshes(
    library: Library, tmp_path: Path
) -> None:
    folder = tmp_path / "bridge-news"
    folder.mkdir()
    body = (
        "Officials said the Elm Street bridge reopened on Monday after two weeks of repairs "
        "costing 4 million dollars."
    )
    (folder / "one.txt").write_text("Elm Street bridge reopens\n\n" + body)
    (folder / "two.txt").write_text(
        "Bridge on Elm Street open again\n\n" + body + " Cars returned."
    )
    app = make_app(library, analyze_on_open=False)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(app, pilot)
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        await pilot.press("a", *str(folder), "enter", "escape")  # closed while it runs
        assert app.screen is screen
        for _ in range(3):
            await wait_loaded(app, pilot)
        stories = list_stories(library)
        assert len(screen.articles) == 4
        assert len(screen.stories) == len(stories) == 2
        assert "4 articles in 2 stories" in status_of(screen)


@pytest.mark.parametrize("opener", ["library", "article", "diff", "coverage", "glossary"])
async def test_footers_reach_help_at_80x24(library: Library, opener: str) -> None:
    from textual.widgets._footer import FooterKey

    keys = {"library": (), "article": ("enter",), "diff": ("d",), "coverage": ("c",)}
    app = make_app(library, analyze_on_open=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(app, pilot)
        await pilot.press(*keys.get(opener, ("g",)))
        await wait_loaded(app, pilot)
        footer_keys = list(app.screen.query(FooterKey))
        help_key = next(k for k in footer_keys if k.key == "question_mark")
        palette = next(k for k in footer_keys if k.has_class("-command-palette"))
        assert help_key.region.width > 0
        assert help_key.region.right <= palette.region.x


async def test_library_at_80x24_gives_the_title_the_room(library: Library) -> None:
    app = make_app(library, analyze_on_open=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(app, pilot)
        table = app.screen.query_one(DataTable)
        widths = {str(key.value): column.width for key, column in table.columns.items()}
        assert widths["outlet"] == len("Bloomberg")  # the longest name listed, no more
        assert widths["title"] >= 36


def test_coverage_legend_of_many_articles_is_compact() -> None:
    from tests.test_tui_screens import wide_fact

    _, data = wide_fact(12)
    labels = coverage_labels(data)
    legend = coverage_legend(data, labels, 78)
    lines = legend.plain.split("\n")
    assert len(lines) <= 3
    assert "more" in lines[-1]
    _, few = wide_fact(3)
    assert len(coverage_legend(few, coverage_labels(few), 78).plain.split("\n")) == 3


def test_counts_read_in_the_singular_when_there_is_one() -> None:
    from analysis.model import Entity, Mention
    from tui.screens.glossary import entity_header

    mention = Mention(article="a" * 64, start=0, end=5, text="Ilves")
    entity = Entity(id="e1", name="Marta Ilves", type="PERSON", mentions=(mention,))
    header = entity_header(entity).plain
    assert "1 mention in 1 article" in header


async def test_the_filter_counts_matches_in_folded_stories(library: Library) -> None:
    app = make_app(library, analyze_on_open=False)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(app, pilot)
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        await pilot.press("z", "slash", *"bristled")
        await wait_loaded(app, pilot)
        assert screen.article_rows() == []  # folded
        assert "1 of 2 match" in status_of(screen)
