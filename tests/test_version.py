"""The analysis versions are derived from the code, so changed analysis is recomputed."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from analysis import version
from store import results
from store.library import Library
from tests.conftest import ROOT


@pytest.fixture
def analysis_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    copy = tmp_path / "analysis"
    shutil.copytree(ROOT / "analysis", copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(version, "ROOT", copy)
    return copy


def _analyzer_digest() -> str:
    return version._digest(version.ANALYZER_SOURCES, "model==1")


def test_analyzer_version_is_a_digest_of_code_data_and_model() -> None:
    v = version.analyzer_version()
    assert len(v) == 12 and all(c in "0123456789abcdef" for c in v)
    assert v == version.ANALYZER_VERSION
    assert "==" in version.model_version()
    assert version._digest(version.ANALYZER_SOURCES, "other-model==2") != _analyzer_digest()


@pytest.mark.parametrize(
    ("changed", "stale"),
    [
        ("lexicon/calendar.py", True),
        ("extract/quantities.py", True),
        ("ingest/clean.py", True),
        ("model.py", True),
        ("reason/glossary.py", False),  # computed from stored analysis, not stored in it
    ],
)
def test_any_change_to_what_analysis_stores_changes_the_version(
    analysis_copy: Path, changed: str, stale: bool
) -> None:
    before = _analyzer_digest()
    with (analysis_copy / changed).open("a", encoding="utf-8") as f:
        f.write("\n# a change\n")
    assert (_analyzer_digest() != before) is stale


def test_a_data_file_in_an_analysis_package_counts(analysis_copy: Path) -> None:
    before = _analyzer_digest()
    (analysis_copy / "lexicon" / "extra.txt").write_text("word\n", encoding="utf-8")
    assert _analyzer_digest() != before


def test_the_aligner_version_follows_everything_align_imports(analysis_copy: Path) -> None:
    modules = version.imported_modules("analysis.reason.align")
    assert {
        "analysis.reason.compare",
        "analysis.lexicon.units",
        "analysis.extract.quantities",  # imported inside a function of compare
        "analysis.model",
    } <= modules
    assert "analysis.reason.glossary" not in modules
    files = tuple(sorted(f for m in modules if (f := version._module_file(m))))
    before = version._digest(files)
    with (analysis_copy / "lexicon" / "units.py").open("a", encoding="utf-8") as f:
        f.write("\n# a change\n")
    assert version._digest(files) != before


def test_reading_the_version_loads_no_nlp() -> None:
    code = (
        "import sys; from analysis.version import ANALYZER_VERSION; "
        "from analysis.reason import align, coverage, stories; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('spacy', 'thinc')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert out.stdout.strip() == "[]"


def test_analysis_of_another_version_is_pending_and_outdated(tmp_path: Path) -> None:
    library = Library.open(tmp_path / "library")
    article_id = "ab" + "0" * 62
    library.put_analysis(article_id, "old-undated", {"claims": []})
    assert library.has_any_analysis(article_id)
    assert not library.has_any_analysis("cd" + "0" * 62)
    assert results.outdated(library, [article_id, "cd" + "0" * 62]) == [article_id]
