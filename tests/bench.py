"""Benchmarks: claimdiff against a bare baseline measured in the same run, as ratios.

``python -m tests.bench`` (``make bench``) prints one row per measure. Corpora
are built from real text: ``articles/`` and, when ``../shared`` is beside the
checkout, the ECB+ dev articles, repeated or recombined to reach each size.
``--quick`` runs smaller sizes (for a smoke test, not for the figures).

Nothing here is a pass/fail test: the targets are printed beside the
ratios, and the README keeps the last full run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ECB_DEV = ROOT.parent / "shared" / "eval" / "ecbplus-dev"


@dataclass(frozen=True, slots=True)
class Row:
    what: str
    ours: str
    baseline: str
    ratio: float
    target: str
    ok: bool


def real_texts() -> list[str]:
    """Article texts to build corpora from: ECB+ dev articles if present, else the sample."""
    texts: list[str] = []
    if ECB_DEV.is_dir():
        for path in sorted(ECB_DEV.glob("*/*.txt")):
            texts.append(path.read_text(encoding="utf-8"))
    for path in sorted((ROOT / "articles").glob("*.txt")):
        texts.append(path.read_text(encoding="utf-8"))
    return texts


def corpus(n: int, seed: int = 1) -> list[str]:
    """``n`` distinct texts: the real ones first, then recombinations of their paragraphs."""
    texts = real_texts()
    out = list(texts[:n])
    rng = random.Random(seed)
    paragraphs = [p for t in texts for p in t.split("\n") if len(p.split()) > 6]
    while len(out) < n:
        k = rng.randint(6, 14)
        head = f"Report {len(out)}: " + " ".join(rng.choice(paragraphs).split()[:8])
        out.append(head + "\n\n" + "\n\n".join(rng.sample(paragraphs, k)))
    return out


def write_corpus(folder: Path, texts: list[str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i, text in enumerate(texts):
        (folder / f"article-{i:05d}.txt").write_text(text, encoding="utf-8")


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def in_subprocess(code: str) -> dict[str, float]:
    """Run ``code`` in a fresh interpreter; it prints one JSON object of figures."""
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


# --- import + analysis ------------------------------------------------------------------


def bench_import(n: int, work: Path) -> Row:
    from analysis.pipeline import analysis_pipeline
    from store import results
    from store.importer import import_paths
    from store.library import Library

    texts = corpus(n)
    folder = work / f"import-{n}"
    write_corpus(folder, texts)
    nlp = analysis_pipeline()  # loaded before both timings
    nlp("warm up the pipeline.")

    def ours() -> None:
        library = Library.open(work / f"lib-import-{n}")
        import_paths(library, [folder])
        results.analyze_pending(library)

    def baseline() -> None:
        for _ in nlp.pipe(texts, batch_size=16):
            pass

    t_base = timed(baseline)
    t_ours = timed(ours)
    ratio = t_ours / t_base
    return Row(
        f"import + analysis of {n} articles",
        f"{n / t_ours:.1f} articles/s",
        f"nlp.pipe {n / t_base:.1f} articles/s",
        ratio,
        "≤ 1.5x",
        ratio <= 1.5,
    )


# --- start-up ---------------------------------------------------------------------------

_FIRST_PAINT = """
import json, sys, time, resource
start = time.perf_counter()
from pathlib import Path
from store.library import Library
from tui.app import make_app
from tui.screens.library import LibraryScreen, LibraryTable

async def main():
    app = make_app(Library.open(Path({path!r})), analyze_on_open=False)
    async with app.run_test(size=(120, 40)) as pilot:
        while True:
            screen = app.screen
            if isinstance(screen, LibraryScreen) and screen.query_one(LibraryTable).row_count:
                break
            await pilot.pause(0.001)
        await pilot.pause()
        took = time.perf_counter() - start
    print(json.dumps({{"seconds": took, "spacy": "spacy" in sys.modules}}))

import asyncio
asyncio.run(main())
"""

_BARE_PAINT = """
import json, time
start = time.perf_counter()
from textual.app import App
from textual.widgets import DataTable

class Bare(App):
    def compose(self):
        yield DataTable()

    def on_mount(self):
        table = self.query_one(DataTable)
        table.add_columns("Title", "Outlet", "Published", "Words", "Ver.")
        for i in range({n}):
            table.add_row(f"Title of article {{i}}", "Outlet", "2024-11-05", 700, 1)

async def main():
    app = Bare()
    async with app.run_test(size=(120, 40)) as pilot:
        while not app.query_one(DataTable).row_count:
            await pilot.pause(0.001)
        await pilot.pause()
        took = time.perf_counter() - start
    print(json.dumps({{"seconds": took}}))

import asyncio
asyncio.run(main())
"""


def synthetic_library(path: Path, n: int) -> None:
    """A library of ``n`` real-text articles stored without analysis (fast to build)."""
    from analysis.article import build_article
    from analysis.formats import SourceDocument
    from store.library import Library

    library = Library.open(path)
    texts = corpus(n, seed=7)
    for first in range(0, n, 500):
        with library.transaction():
            for i, text in enumerate(texts[first : first + 500], start=first):
                doc = SourceDocument(text=text, meta={"published": "2024-11-05"})
                article = build_article(doc, source=f"bench/{i}.txt", fallback_title=f"bench {i}")
                library.add_article(article)


def bench_first_paint(n: int, work: Path) -> Row:
    path = work / f"lib-paint-{n}"
    synthetic_library(path, n)
    ours = min(in_subprocess(_FIRST_PAINT.format(path=str(path)))["seconds"] for _ in range(3))
    spacy = in_subprocess(_FIRST_PAINT.format(path=str(path)))["spacy"]
    base = min(in_subprocess(_BARE_PAINT.format(n=n))["seconds"] for _ in range(3))
    ratio = ours / base
    return Row(
        f"start-up to first paint, {n} articles",
        f"{ours:.2f} s" + (" (spaCy imported!)" if spacy else ", no spaCy"),
        f"bare DataTable app {base:.2f} s",
        ratio,
        "≤ 1.5x, no spaCy",
        ratio <= 1.5 and not spacy,
    )


# --- diff -----------------------------------------------------------------------------------


def long_pair(claims: int) -> tuple[str, str]:
    """Two related texts of about ``claims`` claims each: one article's paragraphs, reshuffled."""
    texts = real_texts()
    rng = random.Random(3)
    paragraphs = [p for t in texts for p in t.split("\n") if len(p.split()) > 8]
    chosen = rng.sample(paragraphs, min(len(paragraphs), claims + 20))
    a = chosen[:claims]
    b = a[: claims // 2] + chosen[claims : claims + claims // 2]
    rng.shuffle(b)
    return "Long report A\n\n" + "\n\n".join(a), "Long report B\n\n" + "\n\n".join(b)


def bench_diff(claims: int, work: Path) -> Row:
    from analysis.pipeline import analysis_pipeline
    from store import results
    from store.importer import import_paths
    from store.library import Library

    analysis_pipeline()("warm up.")
    text_a, text_b = long_pair(claims)
    folder = work / "diff-pair"
    folder.mkdir(exist_ok=True)
    (folder / "a.txt").write_text(text_a)
    (folder / "b.txt").write_text(text_b)
    library = Library.open(work / "lib-diff")

    def import_and_analyse() -> None:
        import_paths(library, [folder])
        results.analyze_pending(library)

    t_import = timed(import_and_analyse)
    ids = [r.id for r in library.list_articles()]
    t_diff = timed(lambda: results.diff(library, ids[0], ids[1]))
    counts = [len(results.load_analysis(library, i).claims) for i in ids]  # type: ignore[union-attr]
    ratio = t_diff / t_import
    return Row(
        f"diff of two {min(counts)}-{max(counts)}-claim articles, cold",
        f"{t_diff:.2f} s",
        f"import + analysis {t_import:.2f} s",
        ratio,
        "≤ 0.5x",
        ratio <= 0.5,
    )


# --- keypress -------------------------------------------------------------------------------


def bench_keypress(rows: int, work: Path) -> Row:
    import asyncio

    from textual.app import App
    from textual.screen import Screen

    from analysis.model import AlignmentRow, ClaimRef
    from tui.widgets.diff_view import DiffView

    texts = [p for t in real_texts() for p in t.split("\n") if len(p.split()) > 6]
    statuses = ["agree", "compatible", "conflict", "only_a", "only_b"]
    diff_rows = [
        AlignmentRow(
            statuses[i % 5],  # type: ignore[arg-type]
            None if i % 5 == 4 else ClaimRef(f"a{i}", texts[i % len(texts)], 0, 1),
            None if i % 5 == 3 else ClaimRef(f"b{i}", texts[(i * 7) % len(texts)], 0, 1),
            0.5,
        )
        for i in range(rows)
    ]

    class DiffApp(App[None]):
        def compose(self):  # type: ignore[no-untyped-def]
            yield DiffView(diff_rows)

        def on_mount(self) -> None:
            self.query_one(DiffView).set_rows(diff_rows)
            self.query_one(DiffView).focus()

    class EmptyApp(App[None]):
        BINDINGS = [("j", "nothing", "Nothing")]

        def on_mount(self) -> None:
            self.push_screen(Screen())

        def action_nothing(self) -> None:
            self.screen.refresh()

    async def per_key(app: App[None]) -> float:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            samples = []
            for i in range(60):
                start = time.perf_counter()
                await pilot.press("j" if i % 20 < 15 else "k")
                await pilot.pause()
                samples.append(time.perf_counter() - start)
            return statistics.median(samples)

    ours = asyncio.run(per_key(DiffApp()))
    base = asyncio.run(per_key(EmptyApp()))
    ratio = ours / base
    return Row(
        f"keypress to repaint, {rows}-row diff",
        f"{ours * 1000:.1f} ms",
        f"empty screen {base * 1000:.1f} ms",
        ratio,
        "≤ 3x",
        ratio <= 3,
    )


# --- a large store ----------------------------------------------------------------------------

# Peak RSS from /proc (VmHWM): getrusage's ru_maxrss survives exec on Linux and
# would report the parent's peak. Imports are timed apart: a fixed cost, not the store's.
_OPEN_LIST = """
import json, sys, time
from pathlib import Path
start = time.perf_counter()
from store.library import Library
imported = time.perf_counter()
library = Library.open(Path({path!r}))
articles = library.list_articles()
took = time.perf_counter() - imported
hwm = next(l for l in open("/proc/self/status") if l.startswith("VmHWM"))
rss = int(hwm.split()[1]) / 1024
figures = {{"seconds": took, "import": imported - start, "rss_mb": rss, "n": len(articles)}}
print(json.dumps(figures))
"""

_JSON_LOAD = """
import json, time
start = time.perf_counter()
with open({path!r}, encoding="utf-8") as fh:
    data = json.load(fh)
took = time.perf_counter() - start
print(json.dumps({{"seconds": took}}))
"""


def bench_large_store(n: int, work: Path) -> Row:
    path = work / f"lib-store-{n}"
    synthetic_library(path, n)
    ours = [in_subprocess(_OPEN_LIST.format(path=str(path))) for _ in range(3)]
    best = min(o["seconds"] for o in ours)
    imports = min(o["import"] for o in ours)
    rss = max(o["rss_mb"] for o in ours)
    base = min(
        in_subprocess(_JSON_LOAD.format(path=str(path / "catalog.json")))["seconds"]
        for _ in range(3)
    )
    ratio = best / base
    return Row(
        f"store with {n} articles: open and list",
        f"{best:.3f} s (+{imports:.2f} s imports), peak RSS {rss:.0f} MB",
        f"json.load of the catalog {base:.3f} s",
        ratio,
        "≤ 2x, RSS < 600 MB",
        ratio <= 2 and rss < 600,
    )


# --- the table ----------------------------------------------------------------------------------


def machine() -> str:
    cpus = os.cpu_count()
    return f"{platform.machine()}, {cpus} cores, Python {platform.python_version()}"


def render(rows: list[Row]) -> str:
    lines = [
        "| what | claimdiff | baseline in the same run | ratio | target | met |",
        "|---|---|---|---|---|---|",
    ]
    for r in rows:
        met = "yes" if r.ok else "NO"
        lines.append(
            f"| {r.what} | {r.ours} | {r.baseline} | {r.ratio:.2f}x | {r.target} | {met} |"
        )
    return "\n".join(lines)


def run(quick: bool) -> Iterator[Row]:
    work = Path(tempfile.mkdtemp(prefix="claimdiff-bench-"))
    try:
        yield bench_import(30 if quick else 300, work)
        yield bench_first_paint(100 if quick else 1000, work)
        yield bench_diff(40 if quick else 150, work)
        yield bench_keypress(100 if quick else 500, work)
        yield bench_large_store(500 if quick else 10_000, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke test")
    args = parser.parse_args(argv)
    print(f"claimdiff benchmarks on {machine()}" + (" (quick)" if args.quick else ""))
    rows = []
    for row in run(args.quick):
        rows.append(row)
        print(
            f"  {row.what}: {row.ours} vs {row.baseline} = {row.ratio:.2f}x ({row.target})",
            flush=True,
        )
    print()
    print(render(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
