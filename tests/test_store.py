"""The library store: identity and versions, lookups, crash safety, corrupt files."""

from __future__ import annotations

import errno
import json
import os
import shlex
import shutil
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from filelock import FileLock

from analysis.model import Article, Block
from store import (
    AmbiguousArticle,
    Library,
    StoreCorrupt,
    StoreError,
    StoreLocked,
    StoreTooNew,
    UnknownArticle,
    article_id,
)
from store.storage import SCHEMA_VERSION

# Folder names with a space and a non-ASCII letter catch unquoted paths in messages.
FOLDERS = ["library", "my files/bibliothèque"]


def make_article(
    text: str,
    *,
    source: str = "/news/a.txt",
    url: str | None = None,
    title: str = "A title",
    published: str | None = "2024-11-05",
) -> Article:
    return Article(
        id=article_id(text),
        title=title,
        outlet="Outlet",
        published=published,
        source=source,
        text=text,
        blocks=(Block("headline", 0, len(title)), Block("body", 0, len(text))),
        url=url,
    )


@pytest.fixture(params=FOLDERS)
def root(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    return tmp_path / request.param


@pytest.fixture
def library(root: Path) -> Library:
    return Library.open(root)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` with its bytes."""
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def temporaries(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*.tmp")]


# --- creating and opening --------------------------------------------------------


def test_open_creates_the_folder_with_a_versioned_catalog(root: Path) -> None:
    library = Library.open(root)
    catalog = json.loads((root / "catalog.json").read_text("utf-8"))
    assert catalog["meta"]["1"]["schema"] == SCHEMA_VERSION == 1
    assert library.list_articles() == []
    assert Library.open(root).list_articles() == []


def test_open_without_create_or_read_only_does_not_create(root: Path) -> None:
    for kwargs in ({"create": False}, {"read_only": True}):
        with pytest.raises(StoreError, match="no claimdiff library"):
            Library.open(root, **kwargs)  # type: ignore[arg-type]
    assert not root.exists()


def test_a_file_is_not_a_library(tmp_path: Path) -> None:
    (tmp_path / "lib").write_text("x")
    with pytest.raises(StoreError, match="not a library folder"):
        Library.open(tmp_path / "lib")


def test_read_only_library_refuses_every_write(library: Library, root: Path) -> None:
    library.add_article(make_article("one"))
    before = snapshot(root)
    reader = Library.open(root, read_only=True)
    assert [s.title for s in reader.list_articles()] == ["A title"]
    writes: list[Callable[[], object]] = [
        lambda: reader.add_article(make_article("two")),
        lambda: reader.mark_seeded(),
        lambda: reader.put_analysis(article_id("one"), "v1", {}),
        lambda: reader.put_cached("alignment", "k", 1),
        lambda: reader.remove_article(article_id("one")),
    ]
    for write in writes:
        with pytest.raises(StoreError, match="read-only"):
            write()
    assert snapshot(root) == before


# --- identity and versions ---------------------------------------------------------


def test_same_text_twice_is_unchanged(library: Library, root: Path) -> None:
    first = library.add_article(make_article("Missiles were fired."))
    assert first.status == "added"
    assert (first.article.version, first.article.versions) == (1, 1)
    assert first.article.imported_at.endswith("+00:00")
    catalog = (root / "catalog.json").read_bytes()
    again = library.add_article(make_article("Missiles were fired.", source="/elsewhere.txt"))
    assert again.status == "unchanged"
    assert again.article == first.article
    assert (root / "catalog.json").read_bytes() == catalog


def test_changed_text_from_the_same_source_is_a_new_version(library: Library) -> None:
    v1 = library.add_article(make_article("Seven missiles.", title="Old")).article
    result = library.add_article(make_article("At least seven missiles.", title="New"))
    assert result.status == "new_version"
    v2 = result.article
    assert (v2.version, v2.versions) == (2, 2)
    [listed] = library.list_articles()
    assert (listed.id, listed.title, listed.version, listed.versions) == (v2.id, "New", 2, 2)
    assert [s.id for s in library.list_articles(all_versions=True)] == [v2.id, v1.id]
    assert [s.version for s in library.versions(v1.id)] == [1, 2]
    old = library.get_article(v1.id)
    assert (old.text, old.title, old.version, old.versions) == ("Seven missiles.", "Old", 1, 2)


def test_lineage_is_the_url_when_known(library: Library) -> None:
    url = "https://example.com/story"
    library.add_article(make_article("text one", source="/a.html", url=url))
    assert library.add_article(make_article("text two", source="/b.html", url=url)).status == (
        "new_version"
    )
    assert library.add_article(make_article("text three", source="/a.html")).status == "added"
    assert sorted(s.versions for s in library.list_articles()) == [1, 2]


def test_the_id_must_be_the_hash_of_the_text(library: Library) -> None:
    bad = replace(make_article("text"), id="0" * 64)
    with pytest.raises(ValueError, match="not the hash"):
        library.add_article(bad)
    assert article_id("text") == "982d9e3eb996f559e633f4d194def3761d909f5a3b647d1a851fead67c32c9d1"


def test_listing_is_newest_first_then_by_title(library: Library) -> None:
    for n, (title, published) in enumerate(
        [("b", "2024-11-04"), ("a", "2024-11-04"), ("c", None), ("d", "2024-11-05")]
    ):
        library.add_article(make_article(f"t{n}", source=f"/{n}", title=title, published=published))
    assert [s.title for s in library.list_articles()] == ["d", "a", "b", "c"]


# --- lookups ---------------------------------------------------------------------


def test_resolve_id_by_unique_prefix(library: Library) -> None:
    with library.transaction():
        ids = [
            library.add_article(make_article(f"t{n}", source=f"/{n}")).article.id for n in range(40)
        ]
    target = ids[0]
    assert library.resolve_id(target) == target
    assert library.resolve_id(f"  {target[:12].upper()} ") == target
    shared = next(p for p in (i[0] for i in ids) if sum(i.startswith(p) for i in ids) > 1)
    with pytest.raises(AmbiguousArticle) as ambiguous:
        library.resolve_id(shared)
    candidates = [c.id for c in ambiguous.value.candidates]
    assert candidates == sorted(i for i in ids if i.startswith(shared))
    assert "\n" not in str(ambiguous.value) and f"matches {len(candidates)} articles" in str(
        ambiguous.value
    )
    with pytest.raises(AmbiguousArticle):
        library.resolve_id("")
    other = target[:20] + ("0" if target[20] != "0" else "1")
    with pytest.raises(UnknownArticle, match="no article"):
        library.resolve_id(other)
    with pytest.raises(UnknownArticle):
        library.get_article(target[:12])  # lookups by id want the whole id


def test_remove_one_version_keeps_the_others(library: Library, root: Path) -> None:
    v1 = library.add_article(make_article("first text")).article
    v2 = library.add_article(make_article("second text")).article
    library.put_analysis(v2.id, "claims-1", {"claims": []})
    removed = library.remove_article(v2.id)
    assert (removed.id, removed.version, removed.versions) == (v2.id, 2, 2)
    [listed] = library.list_articles()
    assert (listed.id, listed.version, listed.versions) == (v1.id, 1, 1)
    assert not any(v2.id in str(p) for p in root.rglob("*.json"))
    with pytest.raises(UnknownArticle):
        library.get_article(v2.id)
    with pytest.raises(UnknownArticle):
        library.remove_article(v2.id)
    # Re-importing the removed text brings it back, numbered after the remaining versions.
    back = library.add_article(make_article("second text"))
    assert (back.status, back.article.version) == ("new_version", 2)
    assert library.get_article(v2.id).text == "second text"


def test_remove_and_import_again_in_one_transaction_keeps_the_text(library: Library) -> None:
    stored = library.add_article(make_article("text")).article
    with library.transaction():
        library.remove_article(stored.id)
        assert library.add_article(make_article("text")).status == "added"
    assert library.get_article(stored.id).text == "text"


def test_update_metadata(library: Library, root: Path) -> None:
    stored = library.add_article(make_article("body text", title="Wrong")).article
    document = next((root / "docs").rglob("*.json")).read_bytes()
    updated = library.update_metadata(
        stored.id, title="  Right\n title ", outlet="Reuters", published="2024-11-01"
    )
    assert (updated.title, updated.outlet, updated.published) == (
        "Right title",
        "Reuters",
        "2024-11-01",
    )
    assert updated.text == "body text"
    reopened = Library.open(root)
    assert reopened.get_article(stored.id) == updated
    assert reopened.list_articles()[0].title == "Right title"
    assert library.update_metadata(stored.id, outlet="", published="").outlet is None
    for bad in ({"title": "  "}, {"published": "Nov 1"}, {"published": "2024-02-30"}):
        with pytest.raises(ValueError):
            library.update_metadata(stored.id, **bad)
    assert next((root / "docs").rglob("*.json")).read_bytes() == document


def test_settings_and_seeding_survive_reopening(library: Library, root: Path) -> None:
    assert not library.is_seeded
    stored = library.add_article(make_article("sample"))
    library.mark_seeded()
    library.remove_article(stored.article.id)
    assert Library.open(root).is_seeded
    library.set_meta("theme", {"name": "nord"})
    assert Library.open(root).get_meta("theme") == {"name": "nord"}
    assert library.get_meta("absent", 7) == 7
    with pytest.raises(ValueError):
        library.set_meta("schema", 2)
    before = snapshot(root)
    with pytest.raises(TypeError):
        library.set_meta("bad", object())
    assert snapshot(root) == before


def test_analysis_results_by_analyzer_version(library: Library, root: Path) -> None:
    aid = library.add_article(make_article("text")).article.id
    assert library.get_analysis(aid, "claims-1") is None
    library.put_analysis(aid, "claims-1", {"claims": [{"id": "c1"}]})
    library.put_analysis(aid, "claims-2", {"claims": []})
    assert library.get_analysis(aid, "claims-1") == {"claims": [{"id": "c1"}]}
    assert Library.open(root).get_analysis(aid, "claims-2") == {"claims": []}
    path = next(p for p in (root / "analysis").rglob("*.json") if "claims-1" in p.name)
    path.write_bytes(b'{"claims": [')  # damaged results are recomputed, not fatal
    assert library.get_analysis(aid, "claims-1") is None
    for bad_version in ("../x", "", "a/b", "v 1"):
        with pytest.raises(ValueError):
            library.put_analysis(aid, bad_version, {})
    with pytest.raises(ValueError):
        library.put_analysis("../../etc", "v1", {})


def test_cache_by_kind_and_key(library: Library) -> None:
    key = f"{'a' * 64}|{'b' * 64}|align-1"
    assert library.get_cached("alignment", key) is None
    library.put_cached("alignment", key, [{"status": "agree"}])
    assert library.get_cached("alignment", key) == [{"status": "agree"}]
    assert library.get_cached("alignment", key + "x") is None
    assert library.get_cached("other", key) is None


# --- reading only the catalog -------------------------------------------------------

_opened: list[str] = []
_recording = threading.local()


def _audit(event: str, args: tuple[object, ...]) -> None:
    if event == "open" and getattr(_recording, "on", False) and isinstance(args[0], str | Path):
        _opened.append(str(args[0]))


sys.addaudithook(_audit)


@pytest.fixture
def opened_files() -> Iterator[list[str]]:
    _opened.clear()
    _recording.on = True
    try:
        yield _opened
    finally:
        _recording.on = False


def test_opening_and_listing_read_only_the_catalog(
    library: Library, root: Path, opened_files: list[str]
) -> None:
    _recording.on = False
    for n in range(5):
        library.add_article(make_article(f"text {n}", source=f"/{n}"))
    _recording.on = True
    opened_files.clear()
    listed = Library.open(root).list_articles()
    assert len(listed) == 5
    assert opened_files and set(opened_files) == {str(root / "catalog.json")}


def test_listing_works_without_the_article_files(library: Library, root: Path) -> None:
    stored = library.add_article(make_article("some text")).article
    shutil.rmtree(root / "docs")
    assert [s.id for s in Library.open(root).list_articles()] == [stored.id]
    with pytest.raises(StoreCorrupt) as missing:
        library.get_article(stored.id)
    assert "docs" in str(missing.value) and "import the article again" in str(missing.value)
    # Importing the same text again rewrites the lost file.
    assert library.add_article(make_article("some text")).status == "unchanged"
    assert library.get_article(stored.id).text == "some text"


# --- crash safety --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("function", "code"),
    [("fsync", errno.ENOSPC), ("replace", errno.EIO), ("link", errno.EIO)],
)
def test_a_failed_write_leaves_the_store_as_it_was(
    library: Library, root: Path, monkeypatch: pytest.MonkeyPatch, function: str, code: int
) -> None:
    library.add_article(make_article("kept"))
    library.add_article(make_article("kept too", source="/b"))
    before = snapshot(root)

    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, function, fail)
    if function == "link":  # the backup falls back to copying when linking fails
        monkeypatch.setattr(shutil, "copyfile", fail)
    with pytest.raises(StoreError) as failed:
        library.set_meta("x", 1)
    with pytest.raises(StoreError):
        library.add_article(make_article("lost", source="/c"))
    monkeypatch.undo()
    message = str(failed.value)
    assert "\n" not in message and "catalog.json" in message and os.strerror(code) in message
    assert temporaries(root) == []
    after = snapshot(root)
    assert after["catalog.json"] == before["catalog.json"]
    assert {n: b for n, b in after.items() if not n.startswith("docs")} == {
        n: b for n, b in before.items() if not n.startswith("docs")
    }
    assert sorted(s.title for s in Library.open(root).list_articles()) == ["A title"] * 2


def test_a_backup_is_kept_and_restores(library: Library, root: Path) -> None:
    catalog, backup = root / "catalog.json", root / "catalog.json.bak"
    library.add_article(make_article("first"))
    previous = catalog.read_bytes()
    library.add_article(make_article("second", source="/b"))
    assert backup.read_bytes() == previous
    catalog.write_bytes(catalog.read_bytes()[:-20])
    with pytest.raises(StoreCorrupt) as corrupt:
        Library.open(root)
    message = str(corrupt.value)
    assert corrupt.value.backup == backup and str(backup) in message and "copy" in message
    # The message's command, run as given, restores the library.
    command = shlex.split(message.rsplit("(", 1)[1].rstrip(")"))
    assert command[0] == "cp"
    shutil.copyfile(command[1], command[2])
    assert [s.id for s in Library.open(root).list_articles()] == [article_id("first")]


def test_torn_temporary_files_are_ignored_then_cleaned(library: Library, root: Path) -> None:
    library.add_article(make_article("text"))
    torn = [root / ".catalog.json.k1ll3d.tmp", root / "docs" / "ab" / ".x.json.dead.tmp"]
    for path in torn:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b'{"articles": {"1": {"id": "tr')
    assert len(Library.open(root).list_articles()) == 1
    library.set_meta("touched", True)
    assert not torn[0].exists()  # a catalog temporary can only be a dead writer's


def test_a_failed_transaction_changes_nothing(library: Library, root: Path) -> None:
    library.add_article(make_article("before"))
    catalog = (root / "catalog.json").read_bytes()
    with pytest.raises(RuntimeError), library.transaction():
        library.add_article(make_article("inside 1", source="/1"))
        with library.transaction():
            library.add_article(make_article("inside 2", source="/2"))
        assert len(library.list_articles()) == 3  # the transaction sees its own changes
        raise RuntimeError("abort")
    assert (root / "catalog.json").read_bytes() == catalog
    assert len(library.list_articles()) == 1
    with library.transaction():
        library.add_article(make_article("inside 1", source="/1"))
        library.add_article(make_article("inside 2", source="/2"))
    assert len(Library.open(root).list_articles()) == 3


def test_a_held_lock_times_out_naming_the_lock_file(root: Path) -> None:
    library = Library.open(root, lock_timeout=0.2)
    with FileLock(root / "catalog.json.lock"):
        with pytest.raises(StoreLocked) as locked:
            library.add_article(make_article("text"))
        assert str(root / "catalog.json.lock") in str(locked.value)
        assert library.list_articles() == []  # reading needs no lock


def test_threads_sharing_or_not_a_library_keep_every_article(root: Path) -> None:
    shared = Library.open(root)
    libraries = [shared, shared, Library.open(root)]

    def work(n: int) -> None:
        for i in range(15):
            libraries[n].add_article(make_article(f"thread {n} text {i}", source=f"/{n}/{i}"))
            libraries[n].list_articles()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(Library.open(root).list_articles()) == 45


# --- corrupt and newer stores -----------------------------------------------------------

CORRUPT = {
    "empty": (b"", "empty"),
    "blank": (b" \n", "empty"),
    "truncated": (b'{"meta": {"1": {"schema": 1}}, "articles": {"1": {"id": "ab', "truncated"),
    "trailing junk": (b'{"meta": {"1": {"schema": 1}}}}garbage', "after the end"),
    "NUL bytes": (b'{"meta": {"1": {"schema": 1}}}' + b"\x00" * 64, "NUL"),
    "zeroed": (b"\x00" * 4096, "NUL"),
    "JSON array": (b'[{"meta": {"1": {"schema": 1}}}]', "an array, not a JSON object"),
    "invalid UTF-8": (b'{"meta": {"1": {"schema": 1}}, "x": {"1": {"t": "\xff\xfe"}}}', "UTF-8"),
    "no schema": (b'{"_default": {}}', "no schema version"),
    "not a table": (b'{"meta": {"1": {"schema": 1}}, "articles": [1, 2]}', "table 'articles'"),
}


@pytest.mark.parametrize("read_only", [False, True])
@pytest.mark.parametrize("case", sorted(CORRUPT))
def test_a_corrupt_catalog_is_refused_and_left_untouched(
    library: Library, root: Path, case: str, read_only: bool
) -> None:
    library.add_article(make_article("precious"))
    library.add_article(make_article("precious too", source="/b"))
    content, reason = CORRUPT[case]
    (root / "catalog.json").write_bytes(content)
    before = snapshot(root)
    with pytest.raises(StoreCorrupt) as corrupt:
        Library.open(root, read_only=read_only)
    message = str(corrupt.value)
    assert "\n" not in message and reason in message
    assert str(root / "catalog.json") in message and f"copy {root / 'catalog.json.bak'}" in message
    # An already open library refuses to change it too.
    with pytest.raises(StoreCorrupt):
        library.add_article(make_article("new", source="/c"))
    with pytest.raises(StoreCorrupt):
        library.list_articles()
    assert snapshot(root) == before


def test_a_corrupt_catalog_without_a_usable_backup_says_so(root: Path) -> None:
    Library.open(root)
    (root / "catalog.json").write_bytes(b"{")
    with pytest.raises(StoreCorrupt, match="there is no backup") as corrupt:
        Library.open(root)
    assert corrupt.value.backup is None
    (root / "catalog.json.bak").write_bytes(b"[]")
    with pytest.raises(StoreCorrupt, match="unreadable too"):
        Library.open(root)


def test_a_missing_catalog_with_a_backup_is_not_replaced(library: Library, root: Path) -> None:
    library.add_article(make_article("one"))
    library.add_article(make_article("two", source="/b"))
    (root / "catalog.json").unlink()
    with pytest.raises(StoreCorrupt, match="missing"):
        Library.open(root)
    assert not (root / "catalog.json").exists()


def test_a_newer_schema_is_refused_and_left_untouched(library: Library, root: Path) -> None:
    catalog = root / "catalog.json"
    data = json.loads(catalog.read_text("utf-8"))
    data["meta"]["1"]["schema"] = SCHEMA_VERSION + 1
    catalog.write_text(json.dumps(data), "utf-8")
    before = snapshot(root)
    for read_only in (False, True):
        with pytest.raises(StoreTooNew, match="upgrade claimdiff") as too_new:
            Library.open(root, read_only=read_only)
        assert (too_new.value.found, too_new.value.supported) == (2, 1)
    with pytest.raises(StoreTooNew):
        library.add_article(make_article("text"))
    assert snapshot(root) == before


def test_a_large_library_opens_and_lists_at_the_speed_of_its_catalog(tmp_path: Path) -> None:
    """10,000 articles: open + list costs little more than parsing the catalog's JSON.

    Measured on the 2-core reference machine: json.load 34 ms, open + list
    95 ms (building 10,000 ArticleSummary objects is most of the difference).
    The bound is loose because CI machines are noisy; reading one file per
    article would break it many times over.
    """
    root = tmp_path / "big"
    Library.open(root).mark_seeded()
    catalog = root / "catalog.json"
    data = json.loads(catalog.read_bytes())
    data["articles"] = {
        str(n + 1): {
            "id": article_id(f"text {n}"),
            "title": f"North Korea fires missiles, report number {n}",
            "outlet": ("Bloomberg", "Reuters", "AP")[n % 3],
            "published": f"2024-{1 + n % 12:02d}-{1 + n % 28:02d}",
            "source": f"/home/user/news/{n:05d}.txt",
            "url": f"https://example.com/news/{n // 2}",
            "byline": "By Jane Doe",
            "words": 600,
            "version": 1 + n % 2,
            "lineage": f"https://example.com/news/{n // 2}",
            "imported_at": "2024-11-05T10:00:00+00:00",
            "story": None,
        }
        for n in range(10_000)
    }
    catalog.write_text(json.dumps(data), "utf-8")

    def fastest(action: Callable[[], object]) -> float:
        times = []
        for _ in range(3):
            start = time.perf_counter()
            action()
            times.append(time.perf_counter() - start)
        return min(times)

    bare = fastest(lambda: json.loads(catalog.read_bytes()))
    listed = fastest(lambda: Library.open(root).list_articles())
    assert len(Library.open(root).list_articles()) == 5_000
    assert listed < 4 * bare + 0.05, (bare, listed)
