"""Shared fixtures: paths to the bundled corpus and to ../shared, temporary stores."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

# The int8 embedding model (analysis.nlp.embed) is made once per test run in a
# directory of its own, never in the user's cache; subprocesses inherit it.
if "CLAIMDIFF_CACHE" not in os.environ:
    _CACHE = tempfile.mkdtemp(prefix="claimdiff-test-cache-")
    os.environ["CLAIMDIFF_CACHE"] = _CACHE
    atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT / "articles"
SHARED = ROOT.parent / "shared"
ECB_DEV = SHARED / "eval" / "ecbplus-dev"
SAMPLE_A = ARTICLES / "000_b7a825bcfb9ad92a.txt"
SAMPLE_B = ARTICLES / "003_ba1738edffcacda2.txt"

needs_shared = pytest.mark.skipif(not ECB_DEV.is_dir(), reason="../shared/eval is not present")

HOSTILE_STRINGS = (
    "[/]",
    "[bold]x",
    "[/bold] closing",
    "[@click=app.quit]x[/]",
    "[link=file:///etc/passwd]x[/link]",
    "trailing backslash \\",
    "osc52 \x1b]52;c;aGk=\x07 end",
    "osc8 \x1b]8;;http://example.com\x1b\\link\x1b]8;;\x1b\\ end",
    "clear \x1b[2J screen",
    "c1 \x9b31m red \x9d0;title\x9c",
)


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    """A fresh, not yet created library folder."""
    return tmp_path / "library"


@pytest.fixture(scope="session")
def analysed_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A library seeded with the sample pair and fully analysed, built once per session."""
    from store import results, stories
    from store.importer import seed_library
    from store.library import Library

    root = tmp_path_factory.mktemp("template") / "library"
    library = Library.open(root)
    seed_library(library)
    results.analyze_pending(library)
    results.glossary(library)
    stories.regroup(library)
    return root


@pytest.fixture
def sample_library_path(analysed_template: Path, tmp_path: Path) -> Path:
    """A private copy of the analysed sample library."""
    import shutil

    target = tmp_path / "sample-library"
    shutil.copytree(analysed_template, target)
    return target


def add_conflicting_copy(library: object) -> tuple[str, str]:
    """Add to ``library`` a copy of sample B whose missile count differs; return (B, copy) ids.

    The sample pair's one dated conflict is held back by the same-event test
    (see tests/test_align.py), so screens that navigate conflicts get theirs
    from a near-identical article with one figure changed.
    """
    from analysis.ingest.article import build_article
    from analysis.ingest.formats import SourceDocument
    from store import results, stories

    text = SAMPLE_B.read_text(encoding="utf-8")
    assert "At least seven missiles" in text
    copy = text.replace("At least seven missiles", "At least 12 missiles")
    article = build_article(
        SourceDocument(copy, {"outlet": "Bloomberg", "published": "2024-11-05"}),
        source="corrected-copy.txt",
        fallback_title="corrected copy",
    )
    library.add_article(article)  # type: ignore[attr-defined]
    results.analyze_pending(library)  # type: ignore[arg-type]
    stories.regroup(library)  # type: ignore[arg-type]
    original = next(
        s.id
        for s in library.list_articles()  # type: ignore[attr-defined]
        if s.id != article.id and (s.outlet or "") == "Bloomberg"
    )
    return original, article.id
