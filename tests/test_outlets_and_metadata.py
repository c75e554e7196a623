"""Outlets read from URLs and file names, metadata set from the command line, and the
small wordings a day of real use tripped over (plurals, durations, escaping)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analysis.lexicon.outlets import (
    canonical_outlet,
    known_outlet,
    outlet_from_name,
    outlet_from_path,
    outlet_from_url,
    outlets,
    short_outlet,
)
from analysis.reason.report import escape_markdown
from tui.cli import main
from tui.wording import column_labels, number, plural, quantity_words

STORY = (
    "Ferry service resumes after the strike\n\n"
    "The ferry company said on Tuesday that crossings would resume after a strike "
    "that lasted 11 days.\n\n"
    "Union leader Marta Ilves said 240 workers had joined the strike."
)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


# --- the outlet table ------------------------------------------------------------


def test_the_table_has_hundreds_of_outlets_each_once_and_ships_with_the_package() -> None:
    from importlib import resources

    table = outlets()
    assert len(table) >= 300
    domains = [o.domain for o in table]
    assert len(domains) == len(set(domains))
    assert all(o.short and o.name and "." in o.domain for o in table)
    assert resources.files("analysis.lexicon").joinpath("news_outlets.tsv").is_file()


@pytest.mark.parametrize(
    ("url", "short"),
    [
        ("https://www.foxnews.com/politics/some-story", "Fox News"),
        ("http://nytimes.com/2025/01/02/world/a-story.html", "NYT"),
        ("https://www.bbc.co.uk/news/world-123", "BBC"),
        ("https://amp.theguardian.com/world/2025/x", "Guardian"),
        ("https://world.reuters.com/x", "Reuters"),  # a subdomain: its parent's outlet
        ("apnews.com/article/x", "AP"),
    ],
)
def test_outlet_from_url(url: str, short: str) -> None:
    found = outlet_from_url(url)
    assert found is not None and found.short == short


@pytest.mark.parametrize("url", [None, "", "https://example.org/x", "not a url at all", "http://["])
def test_no_outlet_from_unknown_or_broken_urls(url: str | None) -> None:
    assert outlet_from_url(url) is None


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("nytimes.txt", "NYT"),
        ("foxnews.txt", "Fox News"),
        ("huffpost.txt", "HuffPost"),
        ("2025-01-02_fox-news_ferry.md", "Fox News"),
        ("the-new-york-times.html", "NYT"),
        ("guardian.txt", "Guardian"),  # an ordinary word, but the whole name
        ("washington_post_ferry_strike.txt", "WaPo"),
        ("bbc", "BBC"),
    ],
)
def test_outlet_from_file_or_folder_name(name: str, short: str) -> None:
    found = outlet_from_name(name)
    assert found is not None and found.short == short


@pytest.mark.parametrize(
    "name", ["notes.txt", "sun-eclipse-notes.txt", "post-mortem.md", "2025-01-02.txt", "et-al.txt"]
)
def test_ordinary_names_name_no_outlet(name: str) -> None:
    assert outlet_from_name(name) is None


def test_outlet_from_a_folder_above_the_file() -> None:
    found = outlet_from_path("/home/someone/clips/bloomberg/ferry-strike.txt")
    assert found is not None and found.name == "Bloomberg"
    assert outlet_from_path("/home/someone/clips/ferry-strike.txt") is None


def test_canonical_and_short_names() -> None:
    assert canonical_outlet("wsj.com") == "The Wall Street Journal"
    assert canonical_outlet("WSJ") == "The Wall Street Journal"
    assert canonical_outlet("Harbour Gazette Weekly") == "Harbour Gazette Weekly"
    assert canonical_outlet("Times") == "Times"  # ambiguous: left as written
    assert known_outlet("Post") is None
    assert short_outlet("The Washington Post") == "WaPo"
    assert short_outlet("Harbour Gazette Weekly") == "Harbour Gazette Weekly"
    assert short_outlet(None) is None


def test_coverage_column_labels() -> None:
    labels = column_labels(
        [
            "The Wall Street Journal",
            None,
            "The Wall Street Journal",
            "Dockside",
            "A very long local name",
        ],
        ["A", "B", "C", "D", "E"],
    )
    assert labels == ["WSJ 1", "B", "WSJ 2", "D", "E"]


# --- import and the command line -----------------------------------------------------


def test_import_reads_outlets_from_file_names_and_sidecar_urls(
    capsys: pytest.CaptureFixture[str], store_path: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "clips"
    (folder / "bbc").mkdir(parents=True)
    (folder / "wsj.txt").write_text(STORY)
    (folder / "bbc" / "ferry.txt").write_text(STORY.replace("240", "250"))
    (folder / "ferry-notes.txt").write_text(STORY.replace("240", "260"))
    (folder / "ferry-notes.meta.json").write_text(
        json.dumps({"url": "https://www.foxnews.com/us/ferry-strike-ends"})
    )
    (folder / "plain.txt").write_text(STORY.replace("240", "270"))
    code, _, _ = run(capsys, "--db", str(store_path), "add", "-q", str(folder))
    assert code == 0
    listed = json.loads(run(capsys, "--db", str(store_path), "list", "--json")[1])
    by_source = {Path(a["source"]).name: a["outlet"] for a in listed if "clips" in a["source"]}
    assert by_source == {
        "wsj.txt": "The Wall Street Journal",
        "ferry.txt": "BBC News",
        "ferry-notes.txt": "Fox News",
        "plain.txt": None,
    }


def test_add_with_flags_updates_a_stored_article(
    capsys: pytest.CaptureFixture[str], store_path: Path, tmp_path: Path
) -> None:
    db = str(store_path)
    path = tmp_path / "ferry.txt"
    path.write_text(STORY)
    assert run(capsys, "--db", db, "add", str(path))[0] == 0
    code, out, err = run(capsys, "--db", db, "add", "--outlet", "Harbour Gazette", str(path))
    assert code == 0
    assert "metadata updated" in out and "outlet Harbour Gazette" in out
    assert "1 updated" in err
    shown = json.loads(run(capsys, "--db", db, "show", "ferry", "--json")[1])
    assert shown["outlet"] == "Harbour Gazette"
    # The same flags again change nothing: already stored, as it is.
    code, out, _ = run(capsys, "--db", db, "add", "--outlet", "Harbour Gazette", str(path))
    assert code == 0 and "already stored" in out and "updated" not in out


def test_edit_command(capsys: pytest.CaptureFixture[str], store_path: Path, tmp_path: Path) -> None:
    db = str(store_path)
    path = tmp_path / "ferry.txt"
    path.write_text(STORY)
    assert run(capsys, "--db", db, "add", "-q", str(path))[0] == 0
    code, out, _ = run(
        capsys, "--db", db, "edit", "ferry", "--outlet", "reuters", "--published", "2025-02-04"
    )
    assert code == 0
    assert "outlet: — → Reuters" in out and "published: — → 2025-02-04" in out
    shown = json.loads(run(capsys, "--db", db, "show", "ferry", "--json")[1])
    assert (shown["outlet"], shown["published"]) == ("Reuters", "2025-02-04")
    code, _, _ = run(capsys, "--db", db, "edit", "ferry", "--title", "Ferries run again")
    assert json.loads(run(capsys, "--db", db, "show", "ferry", "--json")[1])["title"] == (
        "Ferries run again"
    )
    code, _, _ = run(capsys, "--db", db, "edit", "ferry", "--outlet", "")
    assert json.loads(run(capsys, "--db", db, "show", "ferry", "--json")[1])["outlet"] is None
    code, _, err = run(capsys, "--db", db, "edit", "ferry")
    assert code == 2 and "--outlet" in err
    code, _, err = run(capsys, "--db", db, "edit", "ferry", "--published", "someday")
    assert code == 2 and "not a date" in err
    code, _, err = run(capsys, "--db", db, "edit", "ferry", "--title", " ")
    assert code == 2 and "title" in err


def test_diff_of_a_file_says_it_imported_it(
    capsys: pytest.CaptureFixture[str], sample_library_path: Path, tmp_path: Path
) -> None:
    db = str(sample_library_path)
    path = tmp_path / "ferry.txt"
    path.write_text(STORY)
    code, out, err = run(capsys, "--db", db, "diff", "003", str(path), "--json")
    assert code == 0 and json.loads(out)["b"]["title"].startswith("Ferry service")
    assert f"imported {path} into the library as " in err
    code, _, err = run(capsys, "--db", db, "diff", "003", str(path), "--json")
    assert f"{path} is already in the library as " in err


def test_story_ids_by_unique_prefix(
    capsys: pytest.CaptureFixture[str], sample_library_path: Path
) -> None:
    db = str(sample_library_path)
    story = json.loads(run(capsys, "--db", db, "stories", "--json")[1])[0]["id"]
    bare = story.removeprefix("story-")[:4]  # as a person types it, without "story-"
    code, out, _ = run(capsys, "--db", db, "story-rename", bare, "Launches")
    assert code == 0 and story in out
    code, out, _ = run(capsys, "--db", db, "coverage", "--story", story[:9], "--json")
    assert code == 0 and len(json.loads(out)["articles"]) == 2
    code, _, err = run(capsys, "--db", db, "story-rename", "zzzz", "x")
    assert code == 1 and "no story matches" in err


def test_diff_labels_sides_by_outlet_and_says_how_close(
    capsys: pytest.CaptureFixture[str], sample_library_path: Path
) -> None:
    db = str(sample_library_path)
    code, out, _ = run(capsys, "--db", db, "diff", "000", "003")
    assert code == 0 and "B · Bloomberg" in out and "close match" in out
    diff = json.loads(run(capsys, "--db", db, "diff", "000", "003", "--json")[1])
    paired = [r for r in diff["rows"] if r["a"] and r["b"]]
    assert paired and all(r["match"] in ("close", "loose") and "score" in r for r in paired)
    assert all("match" not in r for r in diff["rows"] if not (r["a"] and r["b"]))
    report = run(capsys, "--db", db, "diff", "000", "003", "--markdown")[1]
    assert "| B (Bloomberg) |" in report and "**B (Bloomberg):**" in report
    assert "match (similarity 0." in report


# --- wording -------------------------------------------------------------------------


def test_markdown_escapes_only_markup() -> None:
    assert escape_markdown("Is it over? Right?!") == "Is it over? Right?!"
    assert escape_markdown("the port authority & the coast guard") == (
        "the port authority & the coast guard"
    )
    assert escape_markdown("a price of $5 ^ 2") == "a price of $5 ^ 2"
    assert escape_markdown("![x](y)") == "\\!\\[x\\](y)"
    assert escape_markdown("&amp; &#38;") == "\\&amp; \\&\\#38;"
    assert escape_markdown("+ not a list") == "\\+ not a list"


def test_numbers_and_plurals() -> None:
    assert number(662_710_000.0) == "662,710,000"
    assert number(2.5) == "2.5"
    assert number(1e-7) == "0"
    assert "e" not in number(123456789.123)
    assert plural(1, "mention") == "1 mention"
    assert plural(2, "mention") == "2 mentions"
    assert plural(1, "story", "stories") == "1 story"
    assert plural(0, "story", "stories") == "0 stories"


def test_durations_stay_in_the_unit_written() -> None:
    from analysis.model import Quantity

    career = Quantity("21-year", 21.0, "year", 662_709_600.0, "second")
    assert quantity_words(career) == "21 years"
    crowd = Quantity("at least 7 missiles", 7.0, None, 7.0, "missile", "missiles", "at_least")
    assert quantity_words(crowd) == "at least 7 missiles"


def test_claims_command_shows_durations_as_written(
    capsys: pytest.CaptureFixture[str], store_path: Path, tmp_path: Path
) -> None:
    path = tmp_path / "career.txt"
    path.write_text(
        "Harbour master retires\n\nThe harbour master retired on Friday after a 21-year career, "
        "the port said."
    )
    db = str(store_path)
    assert run(capsys, "--db", db, "add", "-q", str(path))[0] == 0
    code, out, _ = run(capsys, "--db", db, "claims", "career")
    assert code == 0
    assert "21 years" in out and "e+0" not in out and "second" not in out


def test_an_article_with_no_headline_is_titled_by_its_lead() -> None:
    from analysis.ingest.article import build_article
    from analysis.ingest.formats import SourceDocument

    text = (
        "\nSALEM — The harbour board voted on Monday to close the old ferry pier for two"
        " years of repairs, its chair said.\n\nThe pier opened in 1931."
    )
    article = build_article(SourceDocument(text, {}), source="pier.txt", fallback_title="pier")
    assert article.title == "The harbour board voted on Monday to close the old ferry pier …"
    # A headline, when there is one, is the title.
    text = "Ferry pier to close\n\nThe harbour board voted on Monday to close the old pier."
    article = build_article(SourceDocument(text, {}), source="pier.txt", fallback_title="pier")
    assert article.title == "Ferry pier to close"
