"""The terminal app, driven by Pilot: keys move, open, filter, toggle, go back."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Input

from store.importer import import_paths
from store.library import Library
from tests.conftest import HOSTILE_STRINGS
from tui.app import ClaimdiffApp, make_app
from tui.screens.article import ArticleScreen
from tui.screens.help import HelpScreen
from tui.screens.library import LibraryScreen
from tui.widgets.article_view import ArticleView

SIZE = (100, 30)


@pytest.fixture
def library(sample_library_path: Path) -> Library:
    return Library.open(sample_library_path)


def screen_text(view: ArticleView) -> str:
    lines = []
    for y in range(view.size.height):
        lines.append("".join(seg.text for seg in view.render_line(y)))
    return "\n".join(lines)


async def wait_loaded(app: ClaimdiffApp, pilot) -> None:  # type: ignore[no-untyped-def]
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_library_lists_and_filters(library: Library) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(app, pilot)
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        table = screen.query_one(DataTable)
        assert len(screen.stories) == 1  # the sample pair is one story
        assert table.row_count == 3 and len(screen.article_rows()) == 2
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await pilot.press(*"missile before us vote")
        assert len(screen.article_rows()) == 1
        await pilot.press("escape")
        assert len(screen.article_rows()) == 2
        assert app.focused is table


async def test_library_filter_searches_text_and_outlets_and_says_where(library: Library) -> None:
    app = make_app(library, analyze_on_open=False)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(app, pilot)
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        await pilot.press("slash", *"bristled")  # a word in one article's body only
        await wait_loaded(app, pilot)
        (found,) = screen.article_rows()
        assert screen.matched[found].startswith("text: ")
        assert "bristled" in screen.matched[found].lower()
        title_cell = screen.query_one(DataTable).get_row(found)[0]
        assert "(text) " in str(title_cell) and "bristled" in str(title_cell).lower()
        for _ in "bristled":
            await pilot.press("backspace")
        await pilot.press(*"bloomberg barnier")  # the outlet of one, the text of the other
        assert screen.article_rows() == []
        await pilot.press(*["backspace"] * len(" barnier"))
        assert len(screen.article_rows()) == 1
        assert screen.matched[screen.article_rows()[0]].startswith("outlet")
        status = str(screen.query_one("#library-status").render())
        assert "1 of 2 match" in status


async def test_stories_fold_and_unfold(library: Library) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(app, pilot)
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        table = screen.query_one(DataTable)
        await pilot.press("home", "enter")  # enter on a story header folds it
        assert table.row_count == 1 and screen.article_rows() == []
        await pilot.press("enter")
        assert table.row_count == 3
        await pilot.press("z")
        assert table.row_count == 1
        await pilot.press("z")
        assert table.row_count == 3


async def test_vim_keys_and_arrows_move_the_cursor(library: Library) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(app, pilot)
        table = app.screen.query_one(DataTable)
        assert table.cursor_row == 1  # the first article, under its story
        await pilot.press("j")
        assert table.cursor_row == 2
        await pilot.press("k")
        assert table.cursor_row == 1
        await pilot.press("down")
        assert table.cursor_row == 2
        await pilot.press("home")
        assert table.cursor_row == 0
        await pilot.press("G")
        assert table.cursor_row == 2


async def test_enter_opens_article_chrome_toggles_q_goes_back(library: Library) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(app, pilot)
        await pilot.press("enter")
        await wait_loaded(app, pilot)
        assert isinstance(app.screen, ArticleScreen)
        view = app.screen.query_one(ArticleView)
        article = app.screen.article
        assert article is not None
        text = screen_text(view)
        assert article.title in text
        assert "Connect with us" not in text and "ADVERTISEMENT" not in text
        await pilot.press("c")
        await pilot.pause()
        assert view.show_chrome
        shown = screen_text(view)
        assert "Connect with us" in shown or "ADVERTISEMENT" in shown
        await pilot.press("j", "j", "space", "G", "g")
        await pilot.press("q")
        assert isinstance(app.screen, LibraryScreen)
        await pilot.press("enter")
        await wait_loaded(app, pilot)
        await pilot.press("escape")
        assert isinstance(app.screen, LibraryScreen)
        # q leaves at once even with a claim and a name selected; escape clears them first.
        await pilot.press("enter")
        await wait_loaded(app, pilot)
        await pilot.press("n", "tab")
        await pilot.press("escape")
        assert isinstance(app.screen, ArticleScreen)
        await pilot.press("q")
        assert isinstance(app.screen, LibraryScreen)


async def test_claims_walk_with_n_and_toggles(library: Library) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(app, pilot)
        await pilot.press("enter")
        await wait_loaded(app, pilot)
        screen = app.screen
        assert isinstance(screen, ArticleScreen)
        assert screen.data is not None and len(screen.data.claims) > 20
        view = screen.query_one(ArticleView)
        components = {h.component for h in view.highlights}
        assert "article-view--claim" in components
        assert "article-view--person" in components and "article-view--place" in components
        await pilot.press("n")
        first = screen.current_claim
        await pilot.press("n", "n")
        assert screen.current_claim == first + 2
        await pilot.press("N")
        assert screen.current_claim == first + 1
        claim = screen.data.claims[screen.current_claim]
        assert claim.text.split()[0] in screen_text(view)
        assert "article-view--claim-current" in {h.component for h in view.highlights}
        await pilot.press("h")
        assert not any(h.component.startswith("article-view--claim") for h in view.highlights)
        await pilot.press("e")
        assert view.highlights == ()
        await pilot.press("h", "e")
        await pilot.press("escape")  # leaves claim selection first
        assert isinstance(app.screen, ArticleScreen) and screen.current_claim == -1
        await pilot.press("escape")
        assert isinstance(app.screen, LibraryScreen)


async def test_diff_keys(library: Library, tmp_path: Path) -> None:
    from tests.conftest import add_conflicting_copy
    from tui.screens.diff import DiffScreen
    from tui.widgets.diff_view import DiffView

    app = make_app(library, export_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_loaded(app, pilot)
        await pilot.press("space", "space")  # mark both articles
        status = app.screen.query_one("#library-status").render()
        assert "2 marked" in str(status)
        await pilot.press("d")
        await wait_loaded(app, pilot)
        screen = app.screen
        assert isinstance(screen, DiffScreen) and screen.data is not None
        view = screen.query_one(DiffView)
        statuses = {r.status for r in view.rows}
        assert {"compatible", "only_a", "only_b"} <= statuses
        await pilot.press("right_square_bracket")  # no conflict: the row to check
        assert view.rows[view.cursor_row].mark == "check"
        await pilot.press("f", "f")  # conflicts and rows to check: the one held-back dated pair
        assert [r.mark for r in view.rows] == ["check"]
        assert "Hwasong-19" in str(view.rows[0].a)
        await pilot.press("f", "f")  # paired rows only
        assert {r.status for r in view.rows} == {"agree", "compatible", "conflict"} & {
            r.status for r in screen.data.rows
        }
        assert all(r.a is not None and r.b is not None for r in view.rows)
        await pilot.press("f")  # only A
        assert {r.status for r in view.rows} == {"only_a"}
        only_a = {r.a.claim for r in view.rows if r.a}
        await pilot.press("s")  # swapped: A is now the other article
        assert {r.status for r in view.rows} == {"only_a"}
        assert not only_a & {r.a.claim for r in view.rows if r.a}
        await pilot.press("s", "f")  # unswapped, only B
        assert {r.status for r in view.rows} == {"only_b"}
        await pilot.press("f")  # back to all
        assert len(view.rows) == len(screen.data.rows)
        await pilot.press("e")  # asks where, the export folder offered
        from tui.screens.export_dialog import ExportDialog

        assert isinstance(app.screen, ExportDialog)
        assert app.screen.query_one("#export-path").value.startswith(str(tmp_path))
        await pilot.press("enter")
        assert isinstance(app.screen, DiffScreen)
        exported = list(tmp_path.glob("claimdiff-*.md"))
        assert len(exported) == 1 and "## Compatible" in exported[0].read_text()
        await pilot.press("q")

        # Conflicts: against a copy of one article with a figure changed.
        original, copy = add_conflicting_copy(library)
        app.push_screen(DiffScreen(library, original, copy, export_dir=tmp_path))
        await wait_loaded(app, pilot)
        screen = app.screen
        assert isinstance(screen, DiffScreen) and screen.data is not None
        view = screen.query_one(DiffView)
        await pilot.press("right_square_bracket")
        assert view.current is not None and view.current.status == "conflict"
        conflict = view.current
        assert any(r.kind == "quantity" for r in conflict.reasons)
        await pilot.press("j", "k")
        assert view.current == conflict
        await pilot.press("left_square_bracket")
        assert view.current is not None and view.current.status == "conflict"
        # The detail says which conflict this is, and how close the claims are, in words.
        conflicts = [r for r in screen.data.rows if r.status == "conflict"]
        detail = str(screen.query_one("#diff-detail").render())
        position = conflicts.index(view.current) + 1
        assert f"conflict {position} of {len(conflicts)}" in detail
        assert "match (similarity " in detail
        await pilot.press("f")  # conflicts only
        assert {r.status for r in view.rows} == {"conflict"}
        await pilot.press("right_square_bracket", "o")
        await wait_loaded(app, pilot)
        assert isinstance(app.screen, ArticleScreen)
        article_screen = app.screen
        assert article_screen.data is not None
        claim = article_screen.data.claims[article_screen.current_claim]
        assert conflict.a is not None and claim.start == conflict.a.start
        await pilot.press("escape", "escape")
        assert isinstance(app.screen, DiffScreen)
        await pilot.press("q")
        assert isinstance(app.screen, LibraryScreen)


async def test_glossary_keys(library: Library) -> None:
    from textual.widgets import OptionList

    from tui.screens.glossary import EntityScreen, GlossaryScreen

    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_loaded(app, pilot)
        await pilot.press("g")
        await wait_loaded(app, pilot)
        screen = app.screen
        assert isinstance(screen, GlossaryScreen)
        table = screen.query_one(DataTable)
        everything = table.row_count
        assert everything > 20
        await pilot.press("1")  # people
        assert {e.type for e in screen.visible()} == {"PERSON"}
        await pilot.press("t")  # places
        assert {e.type for e in screen.visible()} <= {"GPE", "LOC", "FAC"}
        await pilot.press("0", "slash", *"nakatani", "enter")
        assert [e.name for e in screen.visible()] == ["Gen Nakatani"]
        await pilot.press("enter")
        await wait_loaded(app, pilot)
        entity_screen = app.screen
        assert isinstance(entity_screen, EntityScreen)
        mentions = entity_screen.query_one(OptionList)
        assert mentions.option_count >= 4
        await pilot.press("j", "enter")
        await wait_loaded(app, pilot)
        assert isinstance(app.screen, ArticleScreen)
        view = app.screen.query_one(ArticleView)
        assert "Nakatani" in screen_text(view)
        await pilot.press("escape", "escape")
        assert app.screen is entity_screen
        await pilot.press("q")
        assert app.screen is screen
        await pilot.press("escape")  # clears the search first
        assert table.row_count == everything
        await pilot.press("escape")
        assert isinstance(app.screen, LibraryScreen)


def test_mention_context_stays_in_its_paragraph_and_cuts_at_words() -> None:
    from analysis.model import Mention
    from tui.screens.glossary import mention_context

    text = (
        "JEON HEON-KYUN/EPA-EFE/Shutterstock\n"
        "Kim Jong Un supervised the launch of a missile designed to reach the U.S. mainland, "
        "officials in Seoul and Tokyo said on Tuesday after days of preparations that "
        "satellite images of the launch site had shown since the weekend.\n"
        "See also: Michel Barnier"
    )
    start = text.index("Seoul")
    line = mention_context(text, Mention("a", "Seoul", start, start + 5)).plain
    assert "Shutterstock" not in line and "Barnier" not in line
    assert line.startswith("…") and line.endswith("…")
    # Whole words at both cuts.
    assert line[1:].split()[0] in text.split() and line[:-1].split()[-1] in text.split()
    first = mention_context(text, Mention("a", "Kim Jong Un", 36, 47)).plain
    assert first.startswith("Kim Jong Un")  # the paragraph's start: no ellipsis


async def test_import_from_the_app(library: Library, tmp_path: Path) -> None:
    from textual.widgets import Static

    from tui.screens.import_dialog import ImportDialog

    folder = tmp_path / "incoming-articles"
    folder.mkdir()
    body = "Officials said the bridge reopened on Monday after two weeks of repairs."
    (folder / "one.txt").write_text("Bridge reopens\n\n" + body)
    (folder / "two.md").write_text("# Bridge open again\n\n" + body + " Traffic resumed.")
    (folder / "broken.json").write_text("{not json")
    app = make_app(library, analyze_on_open=False)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(app, pilot)
        await pilot.press("a")
        assert isinstance(app.screen, ImportDialog)
        dialog = app.screen
        await pilot.press(*str(tmp_path / "incoming-art"))
        await pilot.pause()
        await pilot.press("right")  # accept the completion
        assert dialog.query_one("#import-path").value == str(folder) + "/"
        # Tab completes as a shell does: the shared prefix, the choices listed.
        await pilot.press(*"t")
        await pilot.press("tab")
        assert dialog.query_one("#import-path").value == str(folder / "two.md")
        await pilot.press(
            "backspace", "backspace", "backspace", "backspace", "backspace", "backspace"
        )
        assert dialog.query_one("#import-path").value == str(folder) + "/"
        (folder / "bridge-a.txt").write_text("")
        (folder / "bridge-b.txt").write_text("")
        await pilot.press("b", "tab")
        assert dialog.query_one("#import-path").value == str(folder / "br")
        listed = str(dialog.query_one("#import-status", Static).render())
        assert "bridge-a.txt" in listed and "broken.json" in listed
        await pilot.press("i", "tab")
        assert dialog.query_one("#import-path").value == str(folder / "bridge-")
        listed = str(dialog.query_one("#import-status", Static).render())
        assert "bridge-a.txt" in listed and "bridge-b.txt" in listed and "broken.json" not in listed
        assert app.screen is dialog and dialog.query_one("#import-path").has_focus
        for _ in "bridge-":
            await pilot.press("backspace")
        (folder / "bridge-a.txt").unlink()
        (folder / "bridge-b.txt").unlink()
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        status = str(dialog.query_one("#import-status", Static).render())
        assert "2 added" in status and "1 failed" in status
        failures = str(dialog.query_one("#import-failure-list", Static).render())
        assert "broken.json" in failures
        await pilot.press("escape")
        await wait_loaded(app, pilot)
        assert isinstance(app.screen, LibraryScreen)
        assert len(app.screen.article_rows()) == 4


async def test_metadata_edit_reanalyses_relative_dates(library: Library) -> None:
    from textual.widgets import Input

    from tui.screens.metadata import MetadataDialog

    app = make_app(library, analyze_on_open=False)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(app, pilot)
        await pilot.press("slash", *"barrage", "enter", "enter")
        await wait_loaded(app, pilot)
        screen = app.screen
        assert isinstance(screen, ArticleScreen) and screen.data is not None

        def tuesday() -> str | None:
            assert screen.data is not None
            for claim in screen.data.claims:
                for t in claim.times:
                    if t.text.lower().endswith("tuesday"):
                        return t.value
            return None

        assert tuesday() == "2024-11-05"
        await pilot.press("m")
        assert isinstance(app.screen, MetadataDialog)
        outlet = app.screen.query_one("#metadata-outlet", Input)
        outlet.value = "Aggregator"
        published = app.screen.query_one("#metadata-published", Input)
        published.value = "not a date"
        await pilot.press("enter")
        assert isinstance(app.screen, MetadataDialog)  # refused, with a message
        published.value = "2024-11-04"
        await pilot.press("enter")
        await wait_loaded(app, pilot)
        await wait_loaded(app, pilot)
        assert app.screen is screen
        assert screen.data.article.outlet == "Aggregator"
        assert screen.data.article.published == "2024-11-04"
        assert tuesday() == "2024-10-29"  # the Tuesday on or before Monday 4 November
        # Back in the library, the row shows the new outlet without a reload key.
        await pilot.press("q")
        await wait_loaded(app, pilot)
        library_screen = app.screen
        assert isinstance(library_screen, LibraryScreen)
        outlets = {a.outlet for a in library_screen.articles}
        assert "Aggregator" in outlets


async def test_coverage_keys(library: Library) -> None:
    from tui.screens.coverage import CoverageScreen, FactScreen

    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_loaded(app, pilot)
        await pilot.press("c")
        await wait_loaded(app, pilot)
        screen = app.screen
        assert isinstance(screen, CoverageScreen) and screen.data is not None
        assert len(screen.data.coverage.articles) == 2
        total = len(screen.visible())
        await pilot.press("f")  # shared facts
        assert all(len(f.articles) == 2 for f in screen.visible())
        await pilot.press("f")  # conflicts: the pair's one dated conflict is held back
        assert [f.conflict for f in screen.visible()] == []
        await pilot.press("f")  # ...as a difference to check
        assert [bool(f.checks) for f in screen.visible()] == [True]
        assert "Hwasong-19" in screen.visible()[0].label
        await pilot.press("f", "f")
        assert len(screen.visible()) == total
        await pilot.press("q")

        # With a copy of one article whose figure differs, the fact conflicts.
        from tests.conftest import add_conflicting_copy

        ids = [s.id for s in library.list_articles()]
        original, copy = add_conflicting_copy(library)
        app.push_screen(CoverageScreen(library, [*ids, copy]))
        await wait_loaded(app, pilot)
        screen = app.screen
        assert isinstance(screen, CoverageScreen) and screen.data is not None
        await pilot.press("f", "f")  # conflicts
        assert [f.conflict for f in screen.visible()] == [True]
        await pilot.press("f", "f", "f")
        await pilot.press("right_square_bracket")
        table = screen.query_one(DataTable)
        assert screen.visible()[table.cursor_row].conflict
        await pilot.press("enter")
        assert isinstance(app.screen, FactScreen)
        assert len(app.screen.columns()) == 3
        await pilot.press("enter")
        await wait_loaded(app, pilot)
        assert isinstance(app.screen, ArticleScreen)
        await pilot.press("escape", "escape", "q", "q")
        assert isinstance(app.screen, LibraryScreen)


async def test_enter_on_a_claim_lists_it_elsewhere(library: Library) -> None:
    from tui.screens.claim_links import ClaimLinks
    from tui.screens.glossary import EntityScreen

    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_loaded(app, pilot)
        await pilot.press("slash", *"barrage", "enter", "enter")
        await wait_loaded(app, pilot)
        screen = app.screen
        assert isinstance(screen, ArticleScreen) and screen.data is not None
        index = next(i for i, c in enumerate(screen.data.claims) if "Hwasong-19" in c.text)
        screen.current_claim = index
        await pilot.press("enter")
        await wait_loaded(app, pilot)
        links = app.screen
        assert isinstance(links, ClaimLinks)
        # The dated pair the gold calls a conflict is held back (see tests/test_align.py).
        assert [e.conflict for e in links.elsewhere] == [False]
        assert [e.status for e in links.elsewhere] == ["check"]
        assert "On Friday" in links.elsewhere[0].text
        await pilot.press("enter")
        await wait_loaded(app, pilot)
        other = app.screen
        assert isinstance(other, ArticleScreen) and other.data is not None
        assert other.article_id != screen.article_id
        assert "On Friday" in other.data.claims[other.current_claim].text
        await pilot.press("escape", "escape")
        assert app.screen is screen
        await pilot.press("enter")
        await wait_loaded(app, pilot)
        assert isinstance(app.screen, ClaimLinks)
        await pilot.press("down", "down", "enter")  # past the other article, to an entity
        await wait_loaded(app, pilot)
        assert isinstance(app.screen, EntityScreen)
        # The Nakatani claims differ by rounding (250 vs 249 miles): compatible, as in the diff.
        await pilot.press("escape", "escape")
        assert app.screen is screen
        screen.current_claim = next(
            i
            for i, c in enumerate(screen.data.claims)
            if "Nakatani confirmed" in c.text and "400 kilometers" in c.text
        )
        await pilot.press("enter")
        await wait_loaded(app, pilot)
        links = app.screen
        assert isinstance(links, ClaimLinks)
        assert [e.status for e in links.elsewhere] == ["compatible"]


async def test_clicking_a_name_opens_its_entry(library: Library) -> None:
    from tui.screens.glossary import EntityScreen

    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_loaded(app, pilot)
        await pilot.press("enter")
        await wait_loaded(app, pilot)
        screen = app.screen
        assert isinstance(screen, ArticleScreen) and screen.data is not None
        view = screen.query_one(ArticleView)
        target = next(
            m for e in screen.data.entities for m in e.mentions if m.article == screen.article_id
        )
        line = view.line_of_offset(target.start)
        x = target.start - view._lines[line].start + len(view._lines[line].gutter)
        view.scroll_to(y=line, animate=False)
        await pilot.pause()
        await pilot.click(ArticleView, offset=(x + 1 + 1, 0))  # padding, then into the name
        await wait_loaded(app, pilot)
        assert isinstance(app.screen, EntityScreen)


async def test_help_is_built_from_active_bindings(library: Library) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(app, pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        from tui.keys import active_commands

        described = {c.description for c in active_commands(app.screen.target)}
        assert {"Open", "Filter", "Help", "Quit"} <= described
        listed = app.screen.listed
        assert set(listed) == described
        # The library's own keys come before the table's generic ones.
        assert listed.index("Diff") < min(
            i for i, d in enumerate(listed) if d.lower().startswith("cursor")
        )
        await pilot.press("escape")
        assert isinstance(app.screen, LibraryScreen)


async def test_palette_offers_every_screen_action(library: Library) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await wait_loaded(app, pilot)
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert {"Open", "Filter", "Reload", "Help", "Quit"} <= titles


async def test_hostile_article_text_is_shown_literally(library: Library, tmp_path: Path) -> None:
    f = tmp_path / "hostile.txt"
    f.write_text(
        "Hostile [bold]headline[/]\n\n"
        + "\n\n".join(f"Paragraph {i}: {s} and more words." for i, s in enumerate(HOSTILE_STRINGS))
    )
    report = import_paths(library, [f])
    assert not report.failed
    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_loaded(app, pilot)
        await pilot.press("slash", *"hostile", "enter", "enter")
        await wait_loaded(app, pilot)
        assert isinstance(app.screen, ArticleScreen)
        text = screen_text(app.screen.query_one(ArticleView))
        assert "[@click=app.quit]x[/]" in text
        assert "[link=file:///etc/passwd]x[/link]" in text
        assert "Hostile [bold]headline[/]" in text
        assert "\x1b" not in text
        await pilot.press("q")
        assert app.is_running


@pytest.mark.parametrize("size", [(80, 24), (60, 20), (200, 60)])
async def test_resizing_never_crashes(library: Library, size: tuple[int, int]) -> None:
    app = make_app(library)
    async with app.run_test(size=size) as pilot:
        await wait_loaded(app, pilot)
        await pilot.press("enter")
        await wait_loaded(app, pilot)
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        await pilot.resize_terminal(*size)
        await pilot.press("c", "G")
        assert isinstance(app.screen, ArticleScreen)


# --- snapshots: one per screen, fixed size ----------------------------------------


def _snap_app(path: Path) -> ClaimdiffApp:
    return make_app(Library.open(path))


async def _settle(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_snapshot_library(snap_compare, sample_library_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(_snap_app(sample_library_path), terminal_size=SIZE, run_before=_settle)


def test_snapshot_article(snap_compare, sample_library_path: Path) -> None:  # type: ignore[no-untyped-def]
    async def open_article(pilot) -> None:  # type: ignore[no-untyped-def]
        await _settle(pilot)
        await pilot.press("enter")
        await _settle(pilot)

    assert snap_compare(_snap_app(sample_library_path), terminal_size=SIZE, run_before=open_article)


def test_snapshot_diff(snap_compare, sample_library_path: Path) -> None:  # type: ignore[no-untyped-def]
    async def open_diff(pilot) -> None:  # type: ignore[no-untyped-def]
        await _settle(pilot)
        await pilot.press("d")
        await _settle(pilot)
        await pilot.press("right_square_bracket")
        await pilot.pause()

    assert snap_compare(_snap_app(sample_library_path), terminal_size=SIZE, run_before=open_diff)


def test_snapshot_glossary(snap_compare, sample_library_path: Path) -> None:  # type: ignore[no-untyped-def]
    async def open_glossary(pilot) -> None:  # type: ignore[no-untyped-def]
        await _settle(pilot)
        await pilot.press("g")
        await _settle(pilot)

    assert snap_compare(
        _snap_app(sample_library_path), terminal_size=SIZE, run_before=open_glossary
    )


def test_snapshot_entity(snap_compare, sample_library_path: Path) -> None:  # type: ignore[no-untyped-def]
    async def open_entity(pilot) -> None:  # type: ignore[no-untyped-def]
        await _settle(pilot)
        await pilot.press("g")
        await _settle(pilot)
        await pilot.press("slash", *"kim yo", "enter", "enter")
        await _settle(pilot)

    assert snap_compare(_snap_app(sample_library_path), terminal_size=SIZE, run_before=open_entity)


def test_snapshot_coverage(snap_compare, sample_library_path: Path) -> None:  # type: ignore[no-untyped-def]
    async def open_coverage(pilot) -> None:  # type: ignore[no-untyped-def]
        await _settle(pilot)
        await pilot.press("c")
        await _settle(pilot)

    assert snap_compare(
        _snap_app(sample_library_path), terminal_size=SIZE, run_before=open_coverage
    )


def test_snapshot_help(snap_compare, sample_library_path: Path) -> None:  # type: ignore[no-untyped-def]
    async def open_help(pilot) -> None:  # type: ignore[no-untyped-def]
        await _settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(_snap_app(sample_library_path), terminal_size=SIZE, run_before=open_help)


def test_claim_detail_reads_quantities_in_words() -> None:
    from analysis.model import Claim, Quantity
    from tui.details import claim_detail

    claim = Claim(
        id="c1",
        article="a",
        start=0,
        end=60,
        text="At least seven missiles flew about 400 kilometers, and one mile more.",
        kind="statement",
        quantities=(
            Quantity("At least seven missiles", 7, None, 7, "missile", "missiles", "at_least"),
            Quantity("about 400 kilometers", 400, "kilometer", 400000, "meter", None, "about"),
            Quantity("one mile", 1, "mile", 1609.344, "meter"),
            Quantity("$139 million", 139_000_000, "USD", 139_000_000, "USD"),
            Quantity("4.5 million people", 4_500_000, None, 4_500_000, "person", "people"),
        ),
    )
    lines = claim_detail(claim, ()).plain.splitlines()
    assert "quantity: At least seven missiles → at least 7 missiles" in lines
    assert "quantity: about 400 kilometers → about 400 kilometers" in lines
    assert "quantity: one mile → 1 mile" in lines
    assert "quantity: $139 million → USD 139,000,000" in lines
    assert "quantity: 4.5 million people → 4,500,000 people" in lines
    assert not any("e+" in line for line in lines)


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_glossary_mention_counts_stay_on_narrow_screens(
    library: Library, size: tuple[int, int]
) -> None:
    from tui.screens.glossary import GlossaryScreen

    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_loaded(app, pilot)
        await pilot.press("g")
        await wait_loaded(app, pilot)
        assert isinstance(app.screen, GlossaryScreen)
        await pilot.resize_terminal(*size)
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        header_row = table.render_line(0).text
        first_row = table.render_line(1).text
        assert "Mentions" in header_row
        assert "in 2" in first_row  # "39 in 2": the count is on screen
        assert len(first_row.rstrip()) <= size[0]


async def test_library_title_keeps_room_on_a_narrow_screen(library: Library) -> None:
    app = make_app(library, analyze_on_open=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(app, pilot)
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        widths = {str(key.value): column.width for key, column in table.columns.items()}
        assert widths["title"] >= 18 and widths["outlet"] < 18  # was 12 and 18
        assert sum(widths.values()) + 2 * len(widths) + 2 <= 60
        header = table.render_line(0).text
        assert "Title" in header and "Published" in header
