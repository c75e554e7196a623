"""The user's glossary corrections: replayed over a rebuilt glossary, from the CLI and the app."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, OptionList

from analysis.model import Entity, Mention
from analysis.reason import glossary_corrections as gc
from store import corrections
from store.library import Library
from tui.app import make_app
from tui.cli import main
from tui.screens.glossary import EntityScreen, GlossaryScreen
from tui.screens.library import LibraryScreen

SIZE = (120, 40)


def _entity(name: str, kind: str, *spans: tuple[str, int, str]) -> Entity:
    mentions = tuple(Mention(a, text, start, start + len(text)) for a, start, text in spans)
    aliases = tuple(dict.fromkeys(m.text for m in mentions))
    return Entity(f"ent-{name.lower().replace(' ', '')}", name, kind, aliases, (), mentions)


# An invented pair of stories: a councillor and her husband share a surname.
RUTH = _entity("Ruth Okafor", "PERSON", ("a1", 0, "Ruth Okafor"), ("a1", 40, "Okafor"))
MR = _entity("Mr. Okafor", "PERSON", ("a2", 10, "Mr. Okafor"), ("a2", 80, "Okafor"))
TOWN = _entity("Brisk Harbour", "GPE", ("a1", 20, "Brisk Harbour"), ("a2", 60, "Brisk Harbour"))


def test_merge_split_rename_retype_replay_in_order() -> None:
    merged = gc.apply_corrections([RUTH, MR, TOWN], [gc.merge(RUTH, MR)])
    assert [e.name for e in merged] == ["Ruth Okafor", "Brisk Harbour"]
    assert len(merged[0].mentions) == 4 and "Mr. Okafor" in merged[0].aliases

    split_off = [m for m in merged[0].mentions if m.article == "a2"]
    steps = [
        gc.merge(RUTH, MR),
        gc.split(split_off),
        gc.rename(TOWN, "Brisk Harbor"),
        gc.retype(TOWN, "loc"),
    ]
    out = gc.apply_corrections([RUTH, MR, TOWN], steps)
    by_name = {e.name: e for e in out}
    assert set(by_name) == {"Ruth Okafor", "Mr. Okafor", "Brisk Harbor"}
    assert by_name["Ruth Okafor"].aliases == ("Ruth Okafor", "Okafor")
    assert {m.article for m in by_name["Mr. Okafor"].mentions} == {"a2"}
    assert by_name["Brisk Harbor"].type == "LOC"
    # The split entry's id is its own, and the same on every replay.
    again = {e.name: e for e in gc.apply_corrections([RUTH, MR, TOWN], steps)}
    assert again["Mr. Okafor"].id == by_name["Mr. Okafor"].id != RUTH.id


def test_a_split_takes_the_roles_of_the_mentions_it_moves() -> None:
    from analysis.extract.entities import RawMention, mention_key
    from analysis.reason.glossary import build_glossary

    def raw(text: str, start: int, roles: tuple[str, ...] = ()) -> RawMention:
        end = start + len(text)
        return RawMention(text, start, end, "PERSON", mention_key(text), roles=roles)

    # The glossary joined a councillor and her husband, a pilot, on their surname.
    (joined,) = build_glossary(
        {
            "a1": [raw("Ruth Okafor", 0, ("councillor",)), raw("Okafor", 40)],
            "a2": [raw("Okafor", 10, ("pilot",)), raw("Okafor", 80, ("councillor",))],
        }
    )
    assert set(joined.roles) == {"councillor", "pilot"}
    pilot = [m for m in joined.mentions if m.article == "a2" and m.start == 10]
    out = gc.apply_corrections([joined], [gc.split(pilot, "Mr. Okafor")])
    by_name = {e.name: e for e in out}
    assert by_name["Mr. Okafor"].roles == ("pilot",)
    assert by_name["Ruth Okafor"].roles == ("councillor",)
    # A role written next to mentions on both sides stays and goes along.
    both = [m for m in joined.mentions if m.article == "a2"]
    out = {e.name: e for e in gc.apply_corrections([joined], [gc.split(both, "Mr. Okafor")])}
    assert out["Ruth Okafor"].roles == ("councillor",)
    assert set(out["Mr. Okafor"].roles) == {"councillor", "pilot"}


def test_corrections_find_their_entity_by_mentions_not_ids() -> None:
    rename = gc.rename(RUTH, "Councillor Okafor")
    # Rebuilt by a later analyzer: another id, and one span read a word longer.
    rebuilt = Entity(
        "ent-other",
        "Ruth Okafor",
        "PERSON",
        mentions=(Mention("a1", "Ruth Okafor", 0, 11), Mention("a1", "Dr. Okafor", 36, 46)),
    )
    out = gc.apply_corrections([rebuilt, TOWN], [rename])
    assert out[0].name == "Councillor Okafor"
    # A correction whose mentions are gone changes nothing.
    assert gc.apply_corrections([TOWN], [rename]) == [TOWN]


def test_corrections_round_trip_and_reject_nonsense() -> None:
    c = gc.merge(RUTH, MR)
    assert gc.Correction.from_dict(json.loads(json.dumps(c.to_dict()))) == c
    with pytest.raises(ValueError):
        gc.retype(RUTH, "colour")
    with pytest.raises(ValueError):
        gc.rename(RUTH, "   ")
    with pytest.raises(ValueError):
        gc.Correction.from_dict({"op": "shuffle"})


def test_resolve_entity_by_prefix_name_or_alias() -> None:
    entities = [RUTH, MR, TOWN]
    assert corrections.resolve_entity(entities, "ent-b") is TOWN
    assert corrections.resolve_entity(entities, "brisk harbour") is TOWN
    assert corrections.resolve_entity(entities, "Mr. Okafor") is MR
    with pytest.raises(LookupError, match="matches 2"):
        corrections.resolve_entity(entities, "Okafor")  # an alias of both
    with pytest.raises(LookupError):
        corrections.resolve_entity(entities, "nobody")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _glossary(capsys: pytest.CaptureFixture[str], db: str) -> dict[str, dict]:  # type: ignore[type-arg]
    code, out, _ = run(capsys, "--db", db, "glossary", "--json")
    assert code == 0
    return {e["name"]: e for e in json.loads(out)["entities"]}


def test_cli_corrections_survive_reanalysis_and_imports(
    capsys: pytest.CaptureFixture[str], sample_library_path: Path, tmp_path: Path
) -> None:
    db = str(sample_library_path)
    before = _glossary(capsys, db)
    trump, harris = before["Donald Trump"], before["Kamala Harris"]

    assert run(capsys, "--db", db, "glossary-merge", trump["id"][:9], "Kamala Harris")[0] == 0
    after = _glossary(capsys, db)
    assert "Kamala Harris" not in after
    assert len(after["Donald Trump"]["mentions"]) == len(trump["mentions"]) + len(
        harris["mentions"]
    )

    code, out, _ = run(
        capsys, "--db", db, "glossary-split", "Donald Trump", "Harris", "--name", "K. Harris"
    )
    assert code == 0 and "split" in out
    moved = sum(m["text"] == "Harris" for m in after["Donald Trump"]["mentions"])
    assert f"split {moved} mention{'' if moved == 1 else 's'} off" in out
    assert run(capsys, "--db", db, "glossary-rename", "Gen Nakatani", "Nakatani Gen")[0] == 0
    assert run(capsys, "--db", db, "glossary-retype", "Democratic", "org")[0] == 0

    def check() -> None:
        now = _glossary(capsys, db)
        assert "K. Harris" in now and {m["text"] for m in now["K. Harris"]["mentions"]} == {
            "Harris"
        }
        assert "Nakatani Gen" in now and "Gen Nakatani" not in now
        assert now["Democratic"]["type"] == "ORG"

    check()
    assert run(capsys, "--db", db, "reanalyze", "--all")[0] == 0
    check()
    extra = tmp_path / "extra.txt"
    extra.write_text(
        "Harbour council votes on ferry fares\n\n"
        "Councillor Ruth Okafor said the vote on ferry fares in Brisk Harbour "
        "would come next week.\n",
        encoding="utf-8",
    )
    assert run(capsys, "--db", db, "add", str(extra), "-q")[0] == 0
    check()

    # Mistakes are one line each, with the usual exit codes.
    code, _, err = run(capsys, "--db", db, "glossary-retype", "Democratic", "colour")
    assert code == 2 and "unknown type" in err
    code, _, err = run(capsys, "--db", db, "glossary-rename", "no such entity", "X")
    assert code == 1 and "no glossary entry" in err
    code, _, err = run(capsys, "--db", db, "glossary-merge", "Democratic", "Democratic")
    assert code == 2
    code, out, _ = run(capsys, "--db", db, "glossary-undo")
    assert code == 0 and "retype" in out
    assert _glossary(capsys, db)["Democratic"]["type"] != "ORG"


def test_cli_glossary_of_one_story(
    capsys: pytest.CaptureFixture[str], sample_library_path: Path
) -> None:
    db = str(sample_library_path)
    assert run(capsys, "--db", db, "story-move", "003", "--new")[0] == 0
    stories = json.loads(run(capsys, "--db", db, "stories", "--json")[1])
    assert len(stories) == 2
    alone = stories[0]
    members = {a["id"] if isinstance(a, dict) else a for a in alone["articles"]}
    code, out, _ = run(capsys, "--db", db, "glossary", "--json", "--story", alone["id"])
    assert code == 0
    scoped = json.loads(out)["entities"]
    assert scoped and all(set(e["articles"]) <= members for e in scoped)
    assert len(scoped) < len(_glossary(capsys, db))


@pytest.fixture
def library(sample_library_path: Path) -> Library:
    return Library.open(sample_library_path)


async def _open_glossary(app, pilot) -> GlossaryScreen:  # type: ignore[no-untyped-def]
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.press("g")
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert isinstance(app.screen, GlossaryScreen)
    return app.screen


async def _find(app, pilot, screen: GlossaryScreen, words: str) -> None:  # type: ignore[no-untyped-def]
    """Move the cursor onto the entry ``words`` finds (clearing any search first)."""
    await pilot.press("slash")
    field = screen.query_one("#glossary-search", Input)
    field.value = words
    await pilot.press("enter")
    await pilot.pause()


def _names(library: Library) -> dict[str, Entity]:
    from store import results

    return {e.name: e for e in results.glossary(library, analyze_missing=False)}


async def test_merge_and_undo_keys(library: Library) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_glossary(app, pilot)
        await _find(app, pilot, screen, "Kamala Harris")
        await pilot.press("m")
        assert screen.merging is not None and screen.merging.name == "Kamala Harris"
        await _find(app, pilot, screen, "Donald Trump")
        await pilot.press("m")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Kamala Harris" not in _names(library)
        assert "Kamala Harris" in _names(library)["Donald Trump"].aliases
        assert "Kamala Harris" in {a for e in screen.data.entities for a in e.aliases}  # type: ignore[union-attr]
        await pilot.press("u")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Kamala Harris" in _names(library)


async def test_rename_and_retype_keys(library: Library) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_glossary(app, pilot)
        await _find(app, pilot, screen, "Gen Nakatani")
        await pilot.press("r")
        edit = screen.query_one("#glossary-edit", Input)
        assert app.focused is edit and edit.value == "Gen Nakatani"
        edit.value = "[bold]Nakatani[/]"  # markup in a name stays literal
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "[bold]Nakatani[/]" in _names(library)
        await _find(app, pilot, screen, "Nakatani")
        await pilot.press("y")
        edit.value = "ORG"
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert _names(library)["[bold]Nakatani[/]"].type == "ORG"
        table = screen.query_one(DataTable)
        assert any("[bold]Nakatani[/]" in str(c) for c in table.get_row_at(table.cursor_row))


async def test_an_edit_says_what_it_asks_and_stays_open_to_put_a_mistake_right(
    library: Library,
) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_glossary(app, pilot)
        await _find(app, pilot, screen, "Gen Nakatani")
        await pilot.press("y")
        edit = screen.query_one("#glossary-edit", Input)
        assert "type for Gen Nakatani" in str(edit.border_title)
        edit.value = "VEHICLE"
        await pilot.press("enter")
        await pilot.pause()
        assert edit.display and app.focused is edit and edit.value == "VEHICLE"
        edit.value = "ORG"
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not edit.display and _names(library)["Gen Nakatani"].type == "ORG"
        # A name another entry has is refused: those two are one entry to merge.
        await _find(app, pilot, screen, "Gen Nakatani")
        await pilot.press("r")
        assert "new name for Gen Nakatani" in str(edit.border_title)
        edit.value = "kamala harris"
        await pilot.press("enter")
        await pilot.pause()
        assert edit.display and "Gen Nakatani" in _names(library)


def test_cli_rename_to_a_name_another_entry_has_is_refused(
    capsys: pytest.CaptureFixture[str], sample_library_path: Path
) -> None:
    db = str(sample_library_path)
    code, _, err = run(capsys, "--db", db, "glossary-rename", "Gen Nakatani", "Kamala Harris")
    assert code != 0 and "merge" in err
    assert "Gen Nakatani" in _glossary(capsys, db)


async def test_split_key_on_an_entry(library: Library) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_glossary(app, pilot)
        before = _names(library)["Kim Jong Un"]
        await _find(app, pilot, screen, "Kim Jong Un")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        entity_screen = app.screen
        assert isinstance(entity_screen, EntityScreen)
        assert entity_screen.query_one(OptionList).highlighted is not None
        await pilot.press("space", "space", "s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is screen
        from store import results

        after = {e.id: e for e in results.glossary(library, analyze_missing=False)}
        assert len(after[before.id].mentions) == len(before.mentions) - 2
        split_off = [
            e for i, e in after.items() if i != before.id and set(e.mentions) < set(before.mentions)
        ]
        assert [len(e.mentions) for e in split_off] == [2]


async def test_glossary_of_the_marked_articles(library: Library) -> None:
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        await pilot.press("space")
        assert len(screen.marked) == 1
        first = screen.marked[0]
        await pilot.press("g")
        await app.workers.wait_for_complete()
        await pilot.pause()
        glossary = app.screen
        assert isinstance(glossary, GlossaryScreen) and glossary.data is not None
        assert all(e.articles == (first,) for e in glossary.data.entities)
        await pilot.press("q", "e")
        await app.workers.wait_for_complete()
        await pilot.pause()
        story = app.screen
        assert isinstance(story, GlossaryScreen) and story.data is not None
        assert "story" in story.scope
        assert len({a for e in story.data.entities for a in e.articles}) == 2


def test_a_new_version_of_the_merging_code_builds_the_stored_glossary_anew(
    sample_library_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import analysis.reason.glossary as glossary_code
    import analysis.version as version
    from store import results

    library = Library.open(sample_library_path)
    results.glossary(library)
    built: list[int] = []
    real = glossary_code.build_glossary

    def counting(mentions):  # type: ignore[no-untyped-def]
        built.append(1)
        return real(mentions)

    monkeypatch.setattr(glossary_code, "build_glossary", counting)
    results.glossary(library)
    assert built == []  # the stored glossary serves while nothing changed
    real_version = version.module_version

    def newer(module: str) -> str:
        changed = module == "analysis.reason.glossary"
        return real_version(module) + ("-next" if changed else "")

    monkeypatch.setattr(version, "module_version", newer)
    results.glossary(library)
    assert built == [1]
