"""The keyboard screens: fact columns, the name cursor, the diff header, the dialogs.

Pilot tests drive every key these screens add; snapshots pin how each looks
at a fixed size.
"""

from __future__ import annotations

from pathlib import Path
from typing import cast

import pytest
from rich.cells import cell_len
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Input, Static

from analysis.model import AlignmentRow, Article, ArticleSummary, Block, ClaimRef, Reason
from analysis.reason.coverage import Coverage, Fact, FactClaim, FactConflict
from store.library import Library
from tui.app import ClaimdiffApp, make_app
from tui.keys import active_commands
from tui.screens.article import ArticleScreen
from tui.screens.coverage import (
    CoverageData,
    CoverageScreen,
    FactColumn,
    FactColumns,
    FactScreen,
    column_width,
)
from tui.screens.diff import DiffHeader, DiffScreen, diff_header_lines, side_line
from tui.screens.glossary import EntityScreen
from tui.screens.library import LibraryScreen
from tui.widgets.article_view import ArticleView

SIZE = (100, 30)


@pytest.fixture
def library(sample_library_path: Path) -> Library:
    return Library.open(sample_library_path)


async def wait_loaded(app: ClaimdiffApp, pilot) -> None:  # type: ignore[no-untyped-def]
    await app.workers.wait_for_complete()
    await pilot.pause()


def rendered(widget: Static) -> str:
    return str(widget.render())


async def open_conflict_fact(app: ClaimdiffApp, pilot) -> FactScreen:  # type: ignore[no-untyped-def]
    """Library -> coverage -> the dated fact (the Hwasong-19 / Friday ICBM dates).

    The gold calls it a conflict; the same-event test holds it back (see
    tests/test_align.py), so it is found by its claim rather than with ``]``.
    """
    from textual.widgets import DataTable

    await wait_loaded(app, pilot)
    await pilot.press("c")
    await wait_loaded(app, pilot)
    coverage = app.screen
    assert isinstance(coverage, CoverageScreen)
    row = next(
        i
        for i, fact in enumerate(coverage.visible())
        if any("tested on Oct. 31" in c.claim.text for c in fact.claims)
    )
    coverage.query_one(DataTable).move_cursor(row=row)
    await pilot.pause()
    await pilot.press("enter")
    await wait_loaded(app, pilot)
    screen = app.screen
    assert isinstance(screen, FactScreen)
    return screen


def column_text(column: FactColumn) -> str:
    return rendered(column.query_one(".fact-column-text", Static))


# --- the fact screen ---------------------------------------------------------------------


async def test_fact_screen_shows_one_column_per_article(library: Library) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_conflict_fact(app, pilot)
        columns = screen.columns()
        assert len(columns) == 2
        assert app.focused is columns[0]
        a, b = columns
        # Side by side: same row, A left of B.
        assert a.region.y == b.region.y and a.region.right <= b.region.x
        assert "Bloomberg" in str(b.border_title) and "2024-11-05" in str(b.border_title)
        text_a, text_b = column_text(a), column_text(b)
        assert "Hwasong-19 missile tested on Oct. 31" in text_a
        assert "On Friday, North Korea fired" in text_b
        # Each claim's analysis, from the stored claims.
        assert "time: Oct. 31 → 2024-10-31" in text_a
        assert "North Korea (claimed)" in text_a
        assert "time: Friday → 2024-11-01" in text_b and "hedged: potentially" in text_b
        # Not a conflict (held back), so neither column says it disagrees.
        assert "disagrees" not in text_a and "disagrees" not in text_b
        header = rendered(screen.query_one("#fact-header", Static))
        assert "Reported by 2 of 2 articles" in header and "≠" not in header


async def test_fact_columns_walk_with_arrows_and_hl(library: Library) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_conflict_fact(app, pilot)
        assert screen.current_column == 0
        await pilot.press("l")
        assert screen.current_column == 1
        await pilot.press("l")  # stops at the last column
        assert screen.current_column == 1
        await pilot.press("h")
        assert screen.current_column == 0
        await pilot.press("h")
        assert screen.current_column == 0
        await pilot.press("right")
        assert screen.current_column == 1
        await pilot.press("left")
        assert screen.current_column == 0
        described = {c.description for c in active_commands(cast("Screen[object]", screen))}
        assert {"Prev column", "Next column", "Open at claim", "Back"} <= described


@pytest.mark.parametrize("key", ["enter", "o"])
async def test_fact_column_opens_the_article_at_its_claim(library: Library, key: str) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_conflict_fact(app, pilot)
        await pilot.press("l", key)
        await wait_loaded(app, pilot)
        article = app.screen
        assert isinstance(article, ArticleScreen) and article.data is not None
        wanted = screen.fact_claims[1]
        assert article.article_id == wanted.article
        claim = article.data.claims[article.current_claim]
        assert claim.start == wanted.claim.start
        assert claim.text.startswith("On Friday, North Korea fired")
        await pilot.press("escape", "escape")
        assert app.screen is screen and screen.current_column == 1
        await pilot.press("q")
        assert isinstance(app.screen, CoverageScreen)


HOSTILE_OUTLET = "[b]Outlet[/b] [@click=app.quit]x[/]"


def wide_fact(outlets: int) -> tuple[Fact, CoverageData]:
    """A fact reported by ``outlets`` articles, the first and last disagreeing."""
    ids = [f"{n:02d}" * 32 for n in range(1, outlets + 1)]
    claims = tuple(
        FactClaim(
            article,
            ClaimRef(
                claim=f"{article[:12]}:0",
                text=f"The bridge reopened on Monday after {n + 2} weeks of repairs.",
                start=0,
                end=60,
            ),
        )
        for n, article in enumerate(ids)
    )
    conflict = FactConflict(
        claims[0].claim.claim,
        claims[-1].claim.claim,
        (
            Reason(
                "quantity",
                "2 weeks",
                f"{outlets + 1} weeks",
                template="only {A} says {a}, {B} more",
            ),
        ),
    )
    fact = Fact(
        id="fact:wide",
        claims=claims,
        articles=tuple(ids),
        conflict=True,
        conflicts=(conflict,),
        label=claims[0].claim.text,
    )
    summaries = {
        article: ArticleSummary(
            id=article,
            title=f"Bridge reopens, report {n}",
            outlet=f"Outlet number {n}" if n != 2 else HOSTILE_OUTLET,
            published="2024-11-05",
            source="test",
            words=12,
            version=1,
            versions=1,
            imported_at="",
        )
        for n, article in enumerate(ids)
    }
    return fact, CoverageData(Coverage(tuple(ids), (fact,)), summaries)


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_fact_columns_scroll_sideways_when_they_do_not_fit(
    library: Library, size: tuple[int, int]
) -> None:
    fact, data = wide_fact(5)
    app = make_app(library, analyze_on_open=False)
    async with app.run_test(size=size) as pilot:
        await wait_loaded(app, pilot)
        screen = FactScreen(library, fact, data)
        await app.push_screen(screen)
        await wait_loaded(app, pilot)
        row = screen.query_one(FactColumns)
        columns = screen.columns()
        assert len(columns) == 5
        assert row.max_scroll_x > 0  # five columns never fit in 80 cells
        # As many columns as fit share the width: two of 40 cells at 80, one at 60.
        assert {c.outer_size.width for c in columns} == {size[0] // (size[0] // 34)}
        for _ in range(4):
            await pilot.press("l")
        await pilot.pause()
        assert screen.current_column == 4 and row.scroll_x > 0
        last = columns[4].region
        assert row.region.x <= last.x and last.right <= row.region.right
        assert "disagrees with A" in column_text(columns[4])
        assert HOSTILE_OUTLET in Content.from_markup(columns[2].border_title or "").plain
        # The pair is (A, E): the note's "A" and "B" become the columns' letters.
        assert "only A says 2 weeks, E more" in column_text(columns[4])
        for _ in range(4):
            await pilot.press("h")
        await pilot.pause()
        assert screen.current_column == 0 and row.scroll_x == 0
        await pilot.press("j", "k", "G", "g", "l", "l", "l")
        for width, height in ((60, 20), size, (200, 60)):
            await pilot.resize_terminal(width, height)
            await pilot.pause()
            await pilot.pause()
            shown = columns[3].region
            assert row.region.x <= shown.x and shown.right <= row.region.right
        assert row.max_scroll_x == 0  # at 200 cells all five fit
        assert app.screen is screen and screen.current_column == 3


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_fact_screen_at_small_sizes(library: Library, size: tuple[int, int]) -> None:
    app = make_app(library)
    async with app.run_test(size=size) as pilot:
        screen = await open_conflict_fact(app, pilot)
        header = screen.query_one("#fact-header", Static)
        assert header.size.height <= 5  # the columns keep most of the screen
        for column in screen.columns():
            assert column.size.height >= 8
        await pilot.press("l", "j", "j", "G", "h", "g")
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        await pilot.press("l")
        assert screen.current_column == 1
        await pilot.press("enter")
        await wait_loaded(app, pilot)
        assert isinstance(app.screen, ArticleScreen)


def test_column_width_shares_the_screen_or_scrolls() -> None:
    assert column_width(100, 2) == 50
    assert column_width(100, 7) == 50  # two fit; the other five are a scroll away
    assert column_width(80, 5) == 40
    assert column_width(60, 5) == 60
    assert column_width(30, 3) == 30  # narrower than a column: one at a time
    assert column_width(120, 3) == 40


def test_reasons_are_worded_for_the_columns_they_are_shown_in() -> None:
    from analysis.model import Reason
    from analysis.reason.wording import swapped

    hedge = Reason("hedge", "", "possibly", template="{A} hedges with (none), {B} with {b}")
    assert hedge.note == "A hedges with (none), B with possibly"
    assert hedge.worded("B", "D") == "B hedges with (none), D with possibly"
    gives = Reason("detail", "3 trucks", "", template="only {A} gives {a}")
    assert gives.worded("C", "E") == "only C gives 3 trucks"
    # Text from an article is a value, never part of the template: braces and
    # capitals in it stay as they are.
    odd = Reason("detail", "A-list {B} at B's", "", template="only {A} gives {a}")
    assert odd.worded("C", "D") == "only C gives A-list {B} at B's"
    assert swapped(odd).worded("C", "D") == "only D gives A-list {B} at B's"


# --- the name cursor in the article ---------------------------------------------------------


async def open_first_article(app: ClaimdiffApp, pilot) -> ArticleScreen:  # type: ignore[no-untyped-def]
    await wait_loaded(app, pilot)
    await pilot.press("enter")
    await wait_loaded(app, pilot)
    screen = app.screen
    assert isinstance(screen, ArticleScreen) and screen.data is not None
    return screen


def cursor_highlights(view: ArticleView) -> list[tuple[int, int]]:
    return [(h.start, h.end) for h in view.highlights if h.component.endswith("entity-current")]


async def test_tab_and_brackets_walk_names(library: Library) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first_article(app, pilot)
        view = screen.query_one(ArticleView)
        assert len(screen.names) > 50 and cursor_highlights(view) == []
        assert screen.active_bindings["enter"].binding.action == "claim_links"
        await pilot.press("tab")
        assert screen.cursor == "name" and screen.current_name == 0
        first = screen.names[0]
        assert screen.data is not None
        assert screen.data.article.text[first.start : first.end] == "North Korea"
        assert cursor_highlights(view) == [(first.start, first.end)]
        await pilot.press("tab", "tab")
        assert screen.current_name == 2
        await pilot.press("shift+tab")
        assert screen.current_name == 1
        await pilot.press("right_square_bracket", "right_square_bracket")
        assert screen.current_name == 3
        await pilot.press("left_square_bracket")
        assert screen.current_name == 2
        await pilot.press("shift+tab", "shift+tab", "shift+tab")  # wraps to the last name
        assert screen.current_name == len(screen.names) - 1
        last = screen.names[-1]
        line = view.line_of_offset(last.start)
        top = int(view.scroll_offset.y)
        assert top <= line < top + view.scrollable_content_region.height
        # The footer's enter and the detail panel follow the name cursor.
        assert screen.active_bindings["enter"].binding.action == "open_name"
        detail = screen.query_one("#article-detail", Static)
        assert detail.display and last.entity.name in rendered(detail)
        assert f"name {len(screen.names)} of {len(screen.names)}" in str(detail.border_title)
        described = {c.description for c in active_commands(cast("Screen[object]", screen))}
        assert {"Next name (entity)", "Prev name (entity)", "Open name"} <= described
        assert "Elsewhere" not in described


async def test_name_cursor_is_drawn_over_a_claim_starting_with_the_name(
    library: Library,
) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first_article(app, pilot)
        assert screen.data is not None
        starts = {c.start for c in screen.data.claims}
        index = next(i for i, n in enumerate(screen.names) if n.start in starts)
        await pilot.press(*["tab"] * (index + 1))
        name = screen.names[screen.current_name]
        assert screen.current_name == index
        view = screen.query_one(ArticleView)
        assert not [
            h
            for h in view.highlights
            if h.start < name.end and h.end > name.start and "entity-current" not in h.component
        ]
        # The claim's tint goes on right after the name.
        assert any(h.start == name.end and "claim" in h.component for h in view.highlights)
        y = view.line_of_offset(name.start) - int(view.scroll_offset.y)
        cursor = view.get_component_rich_style("article-view--entity-current").bgcolor
        styled = [(seg.text, seg.style) for seg in view.render_line(y) if seg.style is not None]
        painted = [text for text, style in styled if style.bgcolor == cursor]
        assert painted == [screen.data.article.text[name.start : name.end]]
        # The rest of the claim is tinted, and its text stays readable on the tint.
        after = styled[[style.bgcolor for _, style in styled].index(cursor) + 1][1]
        assert after.bgcolor not in (None, cursor, after.color)


async def test_enter_on_a_name_opens_its_glossary_entry(library: Library) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first_article(app, pilot)
        await pilot.press("tab", "tab")
        wanted = screen.names[screen.current_name].entity
        await pilot.press("enter")
        await wait_loaded(app, pilot)
        entry = app.screen
        assert isinstance(entry, EntityScreen) and entry.entity.id == wanted.id
        await pilot.press("q")
        assert app.screen is screen and screen.cursor == "name"
        await pilot.press("escape")  # drops the name cursor, keeps the screen
        assert app.screen is screen and screen.current_name == -1 and screen.cursor == ""
        assert screen.active_bindings["enter"].binding.action == "claim_links"
        await pilot.press("escape")
        assert isinstance(app.screen, LibraryScreen)


async def test_enter_follows_the_cursor_moved_last(library: Library) -> None:
    from tui.screens.claim_links import ClaimLinks

    app = make_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_first_article(app, pilot)
        assert screen.data is not None
        await pilot.press("n", "n")
        claim_index = screen.current_claim
        claim = screen.data.claims[claim_index]
        assert screen.cursor == "claim"
        await pilot.press("tab")  # the name cursor starts inside the selected claim
        name = screen.names[screen.current_name]
        assert screen.cursor == "name" and claim.start <= name.start < claim.end
        assert screen.current_claim == claim_index  # the claim stays selected
        await pilot.press("escape")  # gives enter back to the claim
        assert screen.cursor == "claim" and screen.current_claim == claim_index
        await pilot.press("tab", "n")  # moving the claim cursor drops the name cursor
        assert screen.cursor == "claim" and screen.current_name == -1
        assert screen.current_claim == claim_index + 1
        await pilot.press("enter")
        await wait_loaded(app, pilot)
        assert isinstance(app.screen, ClaimLinks)
        await pilot.press("escape")
        await pilot.press("tab", "enter")
        await wait_loaded(app, pilot)
        assert isinstance(app.screen, EntityScreen)


async def test_hiding_entities_drops_the_name_cursor(library: Library) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first_article(app, pilot)
        view = screen.query_one(ArticleView)
        await pilot.press("tab", "e")
        assert not screen.show_entities and screen.current_name == -1 and screen.cursor == ""
        assert cursor_highlights(view) == []
        await pilot.press("tab")  # walking names shows them again
        assert screen.show_entities and screen.current_name == 0


# --- the diff header ----------------------------------------------------------------------


def fake_article(title: str, outlet: str | None, ident: str) -> Article:
    text = title + "\n\nBody."
    return Article(
        id=ident * 8,
        title=title,
        outlet=outlet,
        published="2024-11-05",
        source="test",
        text=text,
        blocks=(Block("headline", 0, len(title)), Block("body", len(title) + 2, len(text))),
    )


ROWS = tuple(
    AlignmentRow(status, None, None, 0.5)  # type: ignore[arg-type]
    for status, count in (
        ("agree", 3),
        ("compatible", 12),
        ("conflict", 2),
        ("only_a", 140),
        ("only_b", 96),
    )
    for _ in range(count)
)
COUNTS = ("agree 3", "compatible 12", "conflict 2", "only A 140", "only B 96", "(253 rows)")


@pytest.mark.parametrize("width", [58, 78, 98])
def test_diff_header_truncates_titles_and_keeps_every_count(width: int) -> None:
    from rich.text import Text

    long_title = "An extraordinarily long headline " * 6
    a = fake_article(long_title.strip(), "The Very Long Name Of A Regional Daily", "a")
    b = fake_article("Short title", "Bloomberg", "b")
    lines = diff_header_lines(a, b, ROWS, Text("filter: all (253 rows)"), width)
    plain = [line.plain for line in lines]
    assert all(cell_len(line) <= width for line in plain)
    assert plain[0].startswith("A  An extraordinarily long") and "…" in plain[0]
    assert "2024-11-05" in plain[0]  # the date survives the cut title
    # A known outlet labels its side; the line then needs only the date.
    assert plain[1].startswith("B · Bloomberg  Short title  2024-11-05")
    counts = " ".join(plain[2:])
    assert all(figure in counts for figure in COUNTS)
    assert len(lines) == (2 + 1 if width >= 98 else 2 + 2)


def test_rows_to_check_are_counted_apart_and_only_when_there_are_some() -> None:
    from tui.screens.diff import count_items, row_detail

    plain = [item.plain for item in count_items(ROWS)]
    assert not any("to check" in p for p in plain)
    dated = AlignmentRow(
        "compatible",
        ClaimRef("a1", "The ferry sank on Monday.", 0, 25),
        ClaimRef("b1", "A ferry capsized on Sunday.", 0, 27),
        0.85,
        (Reason("detail", "", "", "the claims seem to report different events"),),
        check=True,
    )
    plain = [item.plain for item in count_items([*ROWS, dated])]
    assert "? to check 1" in plain and "≈ compatible 12" in plain
    detail = row_detail(dated).plain
    assert detail.startswith("? to check") and "different events" in detail
    assert AlignmentRow.from_dict(dated.to_dict()) == dated


def test_side_line_gives_way_in_order_id_outlet_title() -> None:
    article = fake_article("North Korea fires a barrage of ballistic missiles", "Outlet", "c")
    assert side_line("A", article).plain.endswith(" · cccccccc")
    roomy = side_line("A", article, 100).plain
    assert roomy.endswith("Outlet · 2024-11-05 · cccccccc") and "…" not in roomy
    tight = side_line("A", article, 60).plain
    assert tight == "A  North Korea fires a barrage of ball…  Outlet · 2024-11-05"
    wordy = fake_article("Short title", "The Very Long Name Of A Regional Daily Newspaper", "d")
    assert side_line("B", wordy, 70).plain == (
        "B  Short title  The Very Long Name Of A Regional Daily N… · 2024-11-05"
    )
    both = fake_article(article.title, wordy.outlet, "e")
    assert side_line("A", both, 60).plain == (
        "A  North Korea fires a barrage…  The Very Long… · 2024-11-05"
    )
    tiny = side_line("A", article, 30).plain
    assert cell_len(tiny) <= 30 and tiny.startswith("A  North Kore") and "2024-11-05" in tiny


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_diff_header_on_narrow_terminals(library: Library, size: tuple[int, int]) -> None:
    app = make_app(library)
    async with app.run_test(size=size) as pilot:
        await wait_loaded(app, pilot)
        await pilot.press("d")
        await wait_loaded(app, pilot)
        screen = app.screen
        assert isinstance(screen, DiffScreen) and screen.data is not None
        header = screen.query_one(DiffHeader)
        lines = [line.plain for line in header.lines(header.size.width)]
        assert header.size.height == len(lines) <= 4
        assert all(cell_len(line) <= header.size.width for line in lines)
        assert lines[0].startswith("A  North Korea fires") and lines[0].count("\n") == 0
        assert "…" in lines[0] and "2024-11-05" in lines[0]
        assert "conflict 0" in " ".join(lines[2:]) and "only B 22" in " ".join(lines[2:])
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        assert all(cell_len(line.plain) <= header.size.width for line in header.lines(58))


# --- snapshots: one per screen or dialog, fixed size ----------------------------------------


def _snap_app(path: Path) -> ClaimdiffApp:
    return make_app(Library.open(path))


async def _settle(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def _steady_inputs(pilot) -> None:  # type: ignore[no-untyped-def]
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False


def test_snapshot_fact(snap_compare, sample_library_path: Path) -> None:  # type: ignore[no-untyped-def]
    async def open_fact(pilot) -> None:  # type: ignore[no-untyped-def]
        await _settle(pilot)
        await pilot.press("c")
        await _settle(pilot)
        await pilot.press("right_square_bracket", "enter")
        await _settle(pilot)

    assert snap_compare(_snap_app(sample_library_path), terminal_size=SIZE, run_before=open_fact)


def test_snapshot_import_dialog(snap_compare, sample_library_path: Path) -> None:  # type: ignore[no-untyped-def]
    async def open_import(pilot) -> None:  # type: ignore[no-untyped-def]
        await _settle(pilot)
        await pilot.press("a")
        await pilot.pause()
        _steady_inputs(pilot)
        await pilot.pause()

    assert snap_compare(_snap_app(sample_library_path), terminal_size=SIZE, run_before=open_import)


def test_snapshot_metadata_dialog(snap_compare, sample_library_path: Path) -> None:  # type: ignore[no-untyped-def]
    async def open_metadata(pilot) -> None:  # type: ignore[no-untyped-def]
        await _settle(pilot)
        await pilot.press("enter")
        await _settle(pilot)
        await pilot.press("m")
        await pilot.pause()
        _steady_inputs(pilot)
        await pilot.pause()

    assert snap_compare(
        _snap_app(sample_library_path), terminal_size=SIZE, run_before=open_metadata
    )


def test_snapshot_claim_links(snap_compare, sample_library_path: Path) -> None:  # type: ignore[no-untyped-def]
    async def open_links(pilot) -> None:  # type: ignore[no-untyped-def]
        await _settle(pilot)
        await pilot.press("slash", *"barrage", "enter", "enter")
        await _settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, ArticleScreen) and screen.data is not None
        screen.current_claim = next(
            i for i, c in enumerate(screen.data.claims) if "Hwasong-19" in c.text
        )
        await pilot.press("enter")
        await _settle(pilot)

    assert snap_compare(_snap_app(sample_library_path), terminal_size=SIZE, run_before=open_links)


def test_snapshot_article_name_cursor(snap_compare, sample_library_path: Path) -> None:  # type: ignore[no-untyped-def]
    async def walk_names(pilot) -> None:  # type: ignore[no-untyped-def]
        await _settle(pilot)
        await pilot.press("enter")
        await _settle(pilot)
        await pilot.press("tab", "tab", "tab", "tab")
        await pilot.pause()

    assert snap_compare(_snap_app(sample_library_path), terminal_size=SIZE, run_before=walk_names)
