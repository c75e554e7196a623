"""The claimdiff command: add, list, show, remove, exit codes, bad input."""

from __future__ import annotations

import argparse
import codecs
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ARTICLES, HOSTILE_STRINGS, SAMPLE_B
from tui.cli import build_parser, main

BODY = (
    "Officials said the storm damaged more than 300 homes along the coast on Monday, "
    "and that repairs would take weeks.\n\n"
    "The mayor said emergency shelters would stay open through the weekend."
)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db(store_path: Path) -> str:
    return str(store_path)


def test_every_command_has_help() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert sub.choices
    for name, command in sub.choices.items():
        assert command.description, f"{name} has no help"
        for action in command._actions:
            if action.dest != "help":
                assert action.help, f"{name} {action.dest} has no help"


def test_first_run_seeds_the_bundled_articles(capsys: pytest.CaptureFixture[str], db: str) -> None:
    code, out, _ = run(capsys, "--db", db, "list", "--json")
    assert code == 0
    listed = json.loads(out)
    assert len(listed) == 2
    titles = {a["title"] for a in listed}
    assert "North Korea Fires Suspected Ballistic Missile Before US Vote" in titles
    assert {a["published"] for a in listed} == {"2024-11-05"}
    bloomberg = next(a for a in listed if a["title"].startswith("North Korea Fires Suspected"))
    assert bloomberg["outlet"] == "Bloomberg"
    # Removing a seeded article does not bring it back on the next run.
    assert run(capsys, "--db", db, "remove", bloomberg["id"][:10])[0] == 0
    code, out, _ = run(capsys, "--db", db, "list", "--json")
    assert len(json.loads(out)) == 1


def test_env_var_picks_the_store(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLAIMDIFF_DB", str(tmp_path / "envlib"))
    assert run(capsys, "list")[0] == 0
    assert (tmp_path / "envlib" / "catalog.json").exists()


def test_add_show_json_and_versions(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path
) -> None:
    f = tmp_path / "storm.txt"
    f.write_text("Storm damages coastal homes\n\n" + BODY, encoding="utf-8")
    code, out, err = run(capsys, "--db", db, "add", str(f), "--outlet", "Gazette")
    assert code == 0, err
    assert "added" in out
    # Not a terminal: no progress bar, nor the blank lines it leaves, only the summary.
    assert err.splitlines() == ["1 added, 0 new versions, 0 unchanged, 0 updated, 0 failed"]
    code, out, _ = run(capsys, "--db", db, "add", str(f))
    assert code == 0 and "already stored" in out

    listed = json.loads(run(capsys, "--db", db, "list", "--json")[1])
    storm = next(a for a in listed if a["outlet"] == "Gazette")
    shown = json.loads(run(capsys, "--db", db, "show", storm["id"][:8], "--json")[1])
    assert set(shown) >= {"id", "title", "outlet", "published", "source", "text", "blocks"}
    assert shown["title"] == "Storm damages coastal homes"
    for block in shown["blocks"]:
        assert block["role"] in {
            "headline",
            "byline",
            "dateline",
            "body",
            "caption",
            "credit",
            "chrome",
        }
        assert 0 <= block["start"] < block["end"] <= len(shown["text"])

    f.write_text("Storm damages coastal homes\n\n" + BODY + "\n\nUpdated with new figures.")
    code, out, _ = run(capsys, "--db", db, "add", str(f))
    assert "new version" in out
    listed = json.loads(run(capsys, "--db", db, "list", "--json")[1])
    latest = [a for a in listed if a["source"] == str(f.resolve())]
    assert len(latest) == 1 and latest[0]["versions"] == 2 and latest[0]["version"] == 2


def test_sidecar_and_overrides(capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    f = folder / "a.txt"
    f.write_text("Headline here\n\n" + BODY)
    (folder / "a.meta.json").write_text(
        json.dumps({"outlet": "Sidecar Times", "published": "2024-01-02", "title": "From sidecar"})
    )
    assert run(capsys, "--db", db, "add", str(folder), "--published", "2024-03-04")[0] == 0
    listed = json.loads(run(capsys, "--db", db, "list", "--json")[1])
    a = next(x for x in listed if x["outlet"] == "Sidecar Times")
    assert a["title"] == "From sidecar"
    assert a["published"] == "2024-03-04"


def test_bad_inputs_fail_one_line_each_and_batch_goes_on(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path
) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "good.txt").write_text("Good headline\n\n" + BODY)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (folder / "big.txt").write_bytes(b"word " * (2_200_000))
    (folder / "bad.json").write_bytes(b'{"title": "x", "text": ')
    (folder / "nul.txt").write_bytes(b"\x00" * 100)
    (folder / "bom.txt").write_bytes(codecs.BOM_UTF8 + ("BOM headline\n\n" + BODY).encode())
    (folder / "utf16.txt").write_bytes(("UTF-16 headline\n\n" + BODY).encode("utf-16"))
    (folder / "legacy.txt").write_bytes(("Caf\u00e9 headline\n\n" + BODY).encode("cp1252"))
    (folder / "ignored.pdf").write_bytes(b"%PDF")
    code, out, err = run(capsys, "--db", db, "add", str(folder), "-q")
    assert code == 1
    failures = [line for line in err.splitlines() if line.startswith("claimdiff: ")]
    assert len(failures) == 5, err
    for name in ("empty.txt", "binary.txt", "big.txt", "bad.json", "nul.txt"):
        assert any(name in line for line in failures), name
    assert "4 added" in err
    titles = {a["title"] for a in json.loads(run(capsys, "--db", db, "list", "--json")[1])}
    assert {"Good headline", "BOM headline", "UTF-16 headline", "Café headline"} <= titles


def test_missing_path_and_unsupported_type(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path
) -> None:
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    code, _, err = run(capsys, "--db", db, "add", str(tmp_path / "nope.txt"), str(pdf))
    assert code == 1
    assert "nope.txt: no such file or folder" in err
    assert "x.pdf: unsupported file type .pdf" in err


def test_control_characters_stripped_at_import(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path
) -> None:
    f = tmp_path / "hostile.txt"
    f.write_text("Hostile headline\n\n" + "\n\n".join(HOSTILE_STRINGS) + "\n\n" + BODY)
    assert run(capsys, "--db", db, "add", str(f))[0] == 0
    listed = json.loads(run(capsys, "--db", db, "list", "--json")[1])
    aid = next(a["id"] for a in listed if a["title"] == "Hostile headline")
    text = json.loads(run(capsys, "--db", db, "show", aid, "--json")[1])["text"]
    assert "\x1b" not in text and "\x07" not in text and "\x9b" not in text
    assert "[@click=app.quit]x[/]" in text


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--db", db, "frobnicate"])
    assert info.value.code == 2
    f = tmp_path / "a.txt"
    f.write_text(BODY)
    code, _, err = run(capsys, "--db", db, "add", str(f), "--published", "someday")
    assert code == 2 and "--published" in err


def test_unknown_and_ambiguous_ids(capsys: pytest.CaptureFixture[str], db: str) -> None:
    code, _, err = run(capsys, "--db", db, "show", "zzzz")
    assert code == 1 and "zzzz" in err
    code, _, err = run(capsys, "--db", db, "show", "")
    assert code == 1 and "matches 2 articles" in err


def test_corrupt_store_refused_untouched(capsys: pytest.CaptureFixture[str], db: str) -> None:
    assert run(capsys, "--db", db, "list")[0] == 0
    catalog = Path(db) / "catalog.json"
    catalog.write_bytes(b'{"articles": {"1": ')
    code, _, err = run(capsys, "--db", db, "list")
    assert code == 1
    assert str(catalog) in err and "catalog.json.bak" in err
    assert catalog.read_bytes() == b'{"articles": {"1": '


def test_show_human_hides_chrome(capsys: pytest.CaptureFixture[str], db: str) -> None:
    listed = json.loads(run(capsys, "--db", db, "list", "--json")[1])
    bloomberg = next(a for a in listed if a["outlet"] == "Bloomberg")
    code, out, _ = run(capsys, "--db", db, "show", bloomberg["id"][:6])
    assert code == 0
    assert "Bloomberg L.P." not in out and "ADVERTISEMENT" not in out
    assert "North Hwanghae province" in out


def test_installed_script_runs(tmp_path: Path) -> None:
    """The console script entry point works as a subprocess (no TUI)."""
    result = subprocess.run(
        [sys.executable, "-m", "tui.cli", "--db", str(tmp_path / "lib"), "list", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)) == len(list(ARTICLES.glob("*.txt")))
    assert SAMPLE_B.name  # the sample pair is what gets seeded


def test_claims_glossary_and_diff_json(
    capsys: pytest.CaptureFixture[str], sample_library_path: Path
) -> None:
    db = str(sample_library_path)
    code, out, _ = run(capsys, "--db", db, "claims", "003", "--json")
    assert code == 0
    claims = json.loads(out)
    assert claims and set(claims[0]) == {
        "id",
        "start",
        "end",
        "text",
        "kind",
        "attribution",
        "hedges",
        "negated",
        "quantities",
        "times",
        "entities",
        "caption_of",
    }
    nakatani = next(c for c in claims if "At least seven missiles" in c["text"])
    assert nakatani["attribution"]["source"] == "Gen Nakatani"
    assert any(e["name"] == "Gen Nakatani" for e in nakatani["entities"])

    code, out, _ = run(capsys, "--db", db, "glossary", "--json")
    entities = json.loads(out)["entities"]
    names = {e["name"] for e in entities}
    assert {"Kim Jong Un", "Kim Yo Jong", "Vladimir Putin", "Hwasong-19"} <= names
    assert not names & {"Getty Images", "Michel Barnier", "Breaking News"}
    for e in entities:
        assert set(e) == {"id", "name", "type", "aliases", "roles", "articles", "mentions"}
    code, out, _ = run(capsys, "--db", db, "glossary", "--json", "--article", "003")
    assert {e["name"] for e in json.loads(out)["entities"]} < names

    code, out, _ = run(capsys, "--db", db, "diff", "000", "003", "--json")
    assert code == 0
    diff = json.loads(out)
    assert set(diff) == {"a", "b", "rows", "summary"}
    assert set(diff["summary"]) == {"agree", "compatible", "conflict", "only_a", "only_b", "check"}
    assert diff["summary"]["check"] == 1
    assert diff["b"]["outlet"] == "Bloomberg"
    # The dated pair the gold calls a conflict is held back (see tests/test_align.py):
    # compatible, and its reasons give both dates and why it is not a conflict.
    dated = next(
        r
        for r in diff["rows"]
        if r["a"] and "Oct. 31" in r["a"]["text"] and r["b"] and "On Friday" in r["b"]["text"]
    )
    assert dated["status"] == "compatible" and dated["check"] is True
    assert [r for r in diff["rows"] if r["check"]] == [dated]
    notes = [reason["note"] for reason in dated["reasons"]]
    assert any("Thursday, not a Friday" in n for n in notes)
    assert any("different events" in n for n in notes)

    code, out, _ = run(capsys, "--db", db, "diff", "000", "003", "--markdown")
    assert code == 0 and out.startswith("#") and "Conflicts" in out and "## To check (1)" in out

    # --check keeps the conflicts and the rows to check, in every format: here the
    # one dated pair.
    code, out, _ = run(capsys, "--db", db, "diff", "000", "003", "--check", "--json")
    assert [r["check"] for r in json.loads(out)["rows"]] == [True]
    code, out, _ = run(capsys, "--db", db, "diff", "000", "003", "--check", "--markdown")
    assert "## To check (1)" in out and "## Compatible (0)" in out
    code, out, _ = run(capsys, "--db", db, "coverage", "000", "003", "--check", "--json")
    assert [bool(f["checks"]) for f in json.loads(out)["facts"]] == [True]
    code, out, _ = run(capsys, "--db", db, "diff", "000", "003", "--check")
    assert code == 0 and "? to check 1" in out
    assert "Hwasong-19" in out and "ballistic missile" in out
    assert "Kim Yo Jong" not in out and "Lavrov" not in out
    code, out, _ = run(capsys, "--db", db, "coverage", "000", "003", "--check")
    assert code == 0 and "1 to check" in out
    assert [line for line in out.splitlines() if "Hwasong-19" in line and "?" in line]


def test_diff_imports_file_arguments(
    capsys: pytest.CaptureFixture[str], sample_library_path: Path, tmp_path: Path
) -> None:
    edited = tmp_path / "edited.txt"
    edited.write_text(SAMPLE_B.read_text().replace("At least seven", "At least 12"))
    code, out, _ = run(
        capsys, "--db", str(sample_library_path), "diff", "003", str(edited), "--json"
    )
    assert code == 0
    rows = json.loads(out)["rows"]
    changed = [r for r in rows if r["status"] == "conflict"]
    assert len(changed) == 1 and "12" in changed[0]["b"]["text"]


def test_coverage_and_stories_commands(
    capsys: pytest.CaptureFixture[str], sample_library_path: Path
) -> None:
    db = str(sample_library_path)
    code, out, _ = run(capsys, "--db", db, "stories", "--json")
    assert code == 0
    stories = json.loads(out)
    assert len(stories) == 1 and len(stories[0]["articles"]) == 2
    story = stories[0]["id"]

    code, out, _ = run(capsys, "--db", db, "coverage", "--json")
    assert code == 0
    coverage = json.loads(out)
    assert len(coverage["articles"]) == 2
    shared = [f for f in coverage["facts"] if len(f["articles"]) == 2]
    assert len(shared) >= 5
    # The pair's one dated conflict is held back (see tests/test_align.py).
    assert [f["conflict"] for f in coverage["facts"] if f["conflict"]] == []
    code, out, _ = run(capsys, "--db", db, "coverage", "--conflicts")
    assert code == 0 and "Hwasong-19" not in out

    assert run(capsys, "--db", db, "story-rename", story[:10], "Missiles before the vote")[0] == 0
    listed = json.loads(run(capsys, "--db", db, "stories", "--json")[1])
    assert listed[0]["name"] == "Missiles before the vote" and listed[0]["named_by_user"]

    code, out, _ = run(capsys, "--db", db, "story-move", "003", "--new")
    assert code == 0
    listed = json.loads(run(capsys, "--db", db, "stories", "--json")[1])
    assert sorted(len(s["articles"]) for s in listed) == [1, 1]
    # A regroup (after any analysis) keeps the moved article where the user put it.
    assert run(capsys, "--db", db, "reanalyze", "--all")[0] == 0
    listed = json.loads(run(capsys, "--db", db, "stories", "--json")[1])
    assert sorted(len(s["articles"]) for s in listed) == [1, 1]
    code, _, err = run(capsys, "--db", db, "story-move", "003")
    assert code == 2 and "--new" in err


def test_stories_regroup_when_grouped_by_an_older_version(
    capsys: pytest.CaptureFixture[str], sample_library_path: Path
) -> None:
    from store import stories
    from store.library import Library

    db = str(sample_library_path)
    library = Library.open(sample_library_path)
    assert not stories.is_stale(library)
    library.set_meta(stories.GROUPED_BY_KEY, "0")
    story_id = stories.list_stories(library)[0].id
    library.set_meta(stories.TITLES_KEY, {story_id: "an old title"})
    assert stories.is_stale(library)
    listed = json.loads(run(capsys, "--db", db, "stories", "--json")[1])
    assert listed[0]["name"].startswith("North Korea ·")  # the automatic title, recomputed
    assert not stories.is_stale(Library.open(sample_library_path))


def test_diff_errors_name_what_is_wrong(
    capsys: pytest.CaptureFixture[str], sample_library_path: Path, tmp_path: Path
) -> None:
    db = str(sample_library_path)
    code, _, err = run(capsys, "--db", db, "diff", str(tmp_path / "missing.txt"), "003")
    assert code != 0 and "missing.txt: no such file" in err
    code, _, err = run(capsys, "--db", db, "diff", str(tmp_path), "003")
    assert code != 0 and "a folder" in err
    # A file-name prefix shared by both bundled articles lists them.
    code, _, err = run(capsys, "--db", db, "show", "00")
    assert code != 0 and "2 articles" in err and len(err.strip().splitlines()) == 1
    code, out, _ = run(capsys, "--db", db, "diff", "000", "003")
    assert code == 0 and "◀" in out and "▶" in out
