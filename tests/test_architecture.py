"""The one-way data flow, checked: analysis and store never import the UI."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [
        ("analysis", ("textual", "tinydb", "store", "tui")),
        ("store", ("textual", "tui")),
        ("tui.cli", ("textual", "spacy", "trafilatura")),
    ],
)
def test_imports_stay_one_way(package: str, forbidden: tuple[str, ...]) -> None:
    modules = {
        "analysis": "analysis.model, analysis.ingest.clean, analysis.ingest.article",
        "store": "store.library, store.importer",
        "tui.cli": "tui.cli",
    }[package]
    code = (
        f"import sys; import {modules}; "
        f"bad = sorted(m for m in sys.modules if m.split('.')[0] in {forbidden!r}"
        f" and not m.startswith({package!r})); print(','.join(bad))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert out.stdout.strip() == "", f"{package} imports {out.stdout.strip()}"


def test_spacy_not_loaded_to_open_the_library() -> None:
    code = "import sys; import tui.app, store.library; print('spacy' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert out.stdout.strip() == "False"
