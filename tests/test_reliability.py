"""The library under faults: small versions of ``python -m evaluation.reliability``.

Kills, torn writes, a full disk, two importers at once and damaged catalogs;
the full-size figures come from ``make reliability``.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from evaluation import reliability
from evaluation.reliability import (
    QUICK,
    damage,
    full_disk,
    kill_importers,
    new_library,
    reported_ids,
    rival_importers,
    torn_writes,
)
from store.library import Library


def test_killed_importers_lose_nothing_they_reported(tmp_path: Path) -> None:
    report = kill_importers(QUICK["kills"], work=tmp_path)
    assert report.problems == 0, report.lines()
    assert report.runs == QUICK["kills"]
    # The kills really interrupted imports that had reported articles.
    assert report.killed_mid_import >= 1 and report.reported > 0, report.lines()
    assert report.stored >= report.reported


def test_a_result_line_cut_by_the_kill_is_not_a_report() -> None:
    line = json.dumps({"outcome": "added", "id": "a" * 64, "time": 0.0})
    failed = json.dumps({"outcome": "failed", "id": None, "time": 0.0})
    assert reported_ids(f"ready\n{line}\n{failed}\n{line[:20]}") == (["a" * 64], False)
    assert reported_ids(f"ready\n{line}\ndone\n") == (["a" * 64], True)


def test_torn_writes_leave_the_last_good_state_or_its_backup(tmp_path: Path) -> None:
    report = torn_writes(QUICK["torn"], work=tmp_path)
    assert report.problems == 0, report.lines()
    assert report.injected == QUICK["torn"]
    assert report.failed_cleanly + report.lost_tails == report.injected
    assert report.failed_cleanly > 0 and report.lost_tails > 0
    catalogs = report.lost_tails - report.documents_repaired
    assert report.refused_untouched == report.restored_from_backup == catalogs > 0


def test_the_torn_write_check_catches_a_writer_that_writes_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The experiment can fail: TinyDB-style in-place writes are caught at once."""
    import store.library
    import store.storage

    def in_place(path: Path, payload: bytes, *, keep_backup: bool = False) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "wb") as stream:
            stream.write(payload)

    monkeypatch.setattr(store.storage, "write_atomic", in_place)
    monkeypatch.setattr(store.library, "write_atomic", in_place)
    report = torn_writes(20, work=tmp_path)
    assert report.problems > 0


def test_a_full_disk_fails_in_one_line_and_stores_nothing_half(tmp_path: Path) -> None:
    report = full_disk(QUICK["disk"], work=tmp_path)
    assert report.problems == 0, report.lines()
    assert report.exit_1_one_line == report.valid_after == QUICK["disk"]
    assert report.message.startswith("claimdiff: could not write LIBRARY/")
    assert report.message.endswith(": No space left on device; nothing was changed")


def test_two_importers_at_once_keep_every_article(tmp_path: Path) -> None:
    report = rival_importers(QUICK["rivals"], batch=10, work=tmp_path)
    assert report.problems == 0, report.lines()
    assert report.stored == report.reported == 2 * QUICK["rivals"]
    # The lock is held per batch, not per import: the two take turns.
    assert report.overlapped and report.turns >= 2


def test_damaged_catalogs_through_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert reliability.main(["--quick", "--only", "corrupt"]) == 0
    out = capsys.readouterr().out
    assert "14 damaged catalogs" in out and "crashes: 0" in out
    assert "files left byte for byte: 28" in out
    assert out.rstrip().endswith("problems found: 0")


@pytest.mark.parametrize("damaged", ["catalog", "article file"])
async def test_the_app_survives_a_store_damaged_while_it_runs(tmp_path: Path, damaged: str) -> None:
    from tui.app import make_app

    root = tmp_path / "library"
    library = new_library(root)
    for n in range(3):
        library.add_article(reliability._article(random.Random(n), n))
    app = make_app(Library.open(root), analyze_on_open=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        if damaged == "catalog":
            damage(root, "a JSON array", b"[]")
            await pilot.press("r")
        else:
            for path in (root / "docs").rglob("*.json"):
                path.write_bytes(path.read_bytes()[:40])
            await pilot.press("enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.is_running
        shown = " ".join(str(n.message) for n in app._notifications)
        assert "unreadable" in shown


# An importer that reports each file as soon as it is read, before its batch commits.
REPORTS_TOO_EARLY = reliability.IMPORT_CHILD.replace(
    "import_paths(library, paths, on_result=report)",
    """from store.importer import expand_paths, import_file
items = list(expand_paths(paths))
for first in range(0, len(items), batch):
    with library.transaction():
        for item in items[first : first + batch]:
            report(import_file(library, item))""",
)


def test_the_kill_check_catches_an_importer_that_reports_before_committing(
    tmp_path: Path,
) -> None:
    """The experiment can fail: results reported before their batch commits get lost."""
    assert REPORTS_TOO_EARLY != reliability.IMPORT_CHILD
    report = kill_importers(QUICK["kills"], work=tmp_path, child_code=REPORTS_TOO_EARLY)
    assert report.lost > 0, report.lines()
