"""Benchmarks: claimdiff against a bare baseline measured in the same run, as ratios.

``python -m evaluation.bench`` (``make bench``) prints one row per measure. Corpora
are built from real text: ``articles/`` and, when ``../shared`` is beside the
checkout, the ECB+ dev articles, repeated or recombined to reach each size.
``--quick`` runs smaller sizes (for a smoke test, not for the figures).

Screens are timed to the frame the user would see (the first one showing the
expected text), and keys by the CPU time from dispatch to the frame they cause,
so neither the test harness's waits nor the screen timer's tick count.

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
    ok: bool | None  # None: no target of its own (shown for information)


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


# Frames are what the user sees: each one the screen renders is handed to
# App._display (which, under run_test, writes it nowhere). Timing the first
# frame that shows a given text measures a paint, not the time for the app to
# go idle afterwards (which includes work done after the paint).
_FRAME_PROBE = """
import time

# The list returned receives the time of the first frame showing marker(),
# which returns None while there is nothing to look for.
def first_frame_showing(app, marker):
    seen = []
    display = app._display

    def watched(screen, renderable):
        now = time.perf_counter()
        display(screen, renderable)
        if renderable is not None and not seen:
            text = marker()
            if text and text in renderable.render_segments(app.console):
                seen.append(now)

    app._display = watched
    return seen

async def until_seen(pilot, seen, limit=120.0):
    waited = time.perf_counter()
    while not seen:
        if time.perf_counter() - waited > limit:
            raise TimeoutError("the expected text was never painted")
        await pilot.pause(0.001)
"""


# --- import + analysis ------------------------------------------------------------------


def bench_import(n: int, work: Path) -> Row:
    from analysis.nlp.pipeline import analysis_pipeline
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

_FIRST_PAINT = (
    "import json, sys, time\nstart = time.perf_counter()\n"
    + _FRAME_PROBE
    + """
from pathlib import Path
from store.library import Library
from tui.app import make_app
from tui.screens.library import LibraryScreen

def first_story():
    screen = app.screen
    if isinstance(screen, LibraryScreen) and screen.stories:
        return screen.stories[0].name[:12]
    return None

async def main():
    global app
    app = make_app(Library.open(Path({path!r})), analyze_on_open=False)
    seen = first_frame_showing(app, first_story)
    async with app.run_test(size=(120, 40)) as pilot:
        await until_seen(pilot, seen)
        await pilot.pause()
        idle = time.perf_counter() - start
    figures = {{"seconds": seen[0] - start, "idle": idle, "spacy": "spacy" in sys.modules}}
    print(json.dumps(figures))

import asyncio
asyncio.run(main())
"""
)

_BARE_PAINT = (
    "import json, time\nstart = time.perf_counter()\n"
    + _FRAME_PROBE
    + """
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
    seen = first_frame_showing(app, lambda: "Title of article 0")
    async with app.run_test(size=(120, 40)) as pilot:
        await until_seen(pilot, seen)
        await pilot.pause()
        idle = time.perf_counter() - start
    print(json.dumps({{"seconds": seen[0] - start, "idle": idle}}))

import asyncio
asyncio.run(main())
"""
)


def synthetic_library(path: Path, n: int) -> None:
    """A library of ``n`` real-text articles stored without analysis (fast to build)."""
    from analysis.ingest.article import build_article
    from analysis.ingest.formats import SourceDocument
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
    """Process start to the first frame that shows the library's rows (imports included).

    The time each side goes idle (the work it does after the paint) is shown too.
    """
    path = work / f"lib-paint-{n}"
    synthetic_library(path, n)
    ours = [in_subprocess(_FIRST_PAINT.format(path=str(path))) for _ in range(3)]
    base = [in_subprocess(_BARE_PAINT.format(n=n)) for _ in range(3)]
    paint, idle = min(o["seconds"] for o in ours), min(o["idle"] for o in ours)
    base_paint, base_idle = min(b["seconds"] for b in base), min(b["idle"] for b in base)
    spacy = any(o["spacy"] for o in ours)
    ratio = paint / base_paint
    return Row(
        f"start-up to first paint, {n} articles",
        f"{paint:.2f} s (idle at {idle:.2f} s)" + (" (spaCy imported!)" if spacy else ", no spaCy"),
        f"bare DataTable app {base_paint:.2f} s (idle at {base_idle:.2f} s)",
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
    from analysis.nlp.pipeline import analysis_pipeline
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


def bench_keypress(rows: int, keys: int) -> Row:
    import asyncio

    from textual import events
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
        BINDINGS = [("j,k", "nothing", "Nothing")]

        def on_mount(self) -> None:
            self.push_screen(Screen())

        def action_nothing(self) -> None:
            self.screen.refresh()

    async def per_key(app: App[None]) -> float:
        """CPU time from a key's dispatch to the end of the frame it causes (median).

        Dispatched as the terminal driver does; then the app is left to go idle,
        untimed, before the next key. The screen renders on a timer (at most 60
        frames a second): waiting for its tick costs no CPU, so the figure is
        the work of handling the key and repainting, not the tick's phase.
        """
        frame = asyncio.Event()
        display = app._display

        def watched(screen: Screen[object], renderable: object) -> None:
            display(screen, renderable)  # type: ignore[arg-type]
            if renderable is not None:
                frame.set()

        app._display = watched  # type: ignore[method-assign]
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            driver = app._driver
            assert driver is not None
            samples = []
            for i in range(keys):
                key = "j" if i % 20 < 15 else "k"
                await pilot.pause()
                frame.clear()
                event = events.Key(key, key)
                event.set_sender(app)
                started = time.process_time()
                driver.send_message(event)
                await asyncio.wait_for(frame.wait(), 10)
                samples.append(time.process_time() - started)
            return statistics.median(samples)

    ours = asyncio.run(per_key(DiffApp()))
    base = asyncio.run(per_key(EmptyApp()))
    ratio = ours / base
    return Row(
        f"keypress to repaint, {rows}-row diff",
        f"{ours * 1000:.2f} ms CPU",
        f"empty screen {base * 1000:.2f} ms CPU",
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


# --- coverage ---------------------------------------------------------------------------------


#: The largest size (four times the smallest) may take at most this many times as long.
COVERAGE_TARGET = 5.0


def bench_coverage(sizes: tuple[int, ...], library_path: Path, work: Path) -> Iterator[Row]:
    """Coverage of ``n`` articles of the corpus (ECB+ ones, where present).

    The library of the import benchmark holds most of them analysed already;
    the rest are imported and analysed here, untimed. Each size takes the
    first ``n`` of the articles in a seeded random order, so that every size
    samples the same mix of topics and lengths (the corpus is ordered by
    topic, and its first topics have shorter articles). Timed is clustering
    (:func:`analysis.reason.coverage.cover`, no cache) in CPU seconds, the best of two.
    """
    from analysis.reason.coverage import cover
    from store import results
    from store.importer import import_paths
    from store.library import Library

    largest = max(sizes)
    folder = work / f"coverage-{largest}"
    write_corpus(folder, corpus(largest))
    library = Library.open(library_path)
    report = import_paths(library, [folder])
    results.analyze_pending(library)
    done = sorted((r.path, r.article_id) for r in report.results if r.article_id)
    ids = list(dict.fromkeys(article for _, article in done))
    random.Random(5).shuffle(ids)
    dates = {a.id: a.published for a in library.list_articles(all_versions=True)}
    claims = {}
    for article in ids:
        analysis = results.load_analysis(library, article)
        assert analysis is not None
        claims[article] = analysis.claims

    def seconds(n: int) -> float:
        chosen = {a: claims[a] for a in ids[:n]}
        best = float("inf")
        for _ in range(2):
            started = time.process_time()
            cover(chosen, {a: dates.get(a) for a in chosen})
            best = min(best, time.process_time() - started)
        return best

    smallest = min(sizes)
    base = seconds(smallest)
    for n in sorted(sizes):
        took = base if n == smallest else seconds(n)
        count = sum(len(claims[a]) for a in ids[:n])
        ratio = took / base
        last = n == largest
        yield Row(
            f"coverage of {len(ids[:n])} articles ({count} claims)",
            f"{took:.2f} s CPU",
            f"itself at {smallest} articles {base:.2f} s",
            ratio,
            f"≤ {COVERAGE_TARGET:g}x" if last else "—",
            ratio <= COVERAGE_TARGET if last else None,
        )


# --- a long article ---------------------------------------------------------------------------

_ARTICLE_PAINT = (
    "import json, time\n"
    + _FRAME_PROBE
    + """
from pathlib import Path
from store.library import Library
from tui.app import make_app
from tui.screens.article import ArticleScreen

async def main():
    library = Library.open(Path({path!r}))
    app = make_app(library, analyze_on_open=False)
    seen = first_frame_showing(
        app, lambda: {marker!r} if isinstance(app.screen, ArticleScreen) else None
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        pushed = time.perf_counter()
        app.push_screen(ArticleScreen(library, {article!r}))
        await until_seen(pilot, seen)
    print(json.dumps({{"seconds": seen[0] - pushed}}))

import asyncio
asyncio.run(main())
"""
)

_LOG_PAINT = (
    "import json, time\n"
    + _FRAME_PROBE
    + """
from pathlib import Path
from textual.app import App
from textual.screen import Screen
from textual.widgets import Log

text = Path({text!r}).read_text(encoding="utf-8")

class TextScreen(Screen):
    def compose(self):
        yield Log(auto_scroll=False)

    def on_mount(self):
        self.query_one(Log).write(text)

async def main():
    app = App()
    seen = first_frame_showing(
        app, lambda: {marker!r} if isinstance(app.screen, TextScreen) else None
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        pushed = time.perf_counter()
        app.push_screen(TextScreen())
        await until_seen(pilot, seen)
    print(json.dumps({{"seconds": seen[0] - pushed}}))

import asyncio
asyncio.run(main())
"""
)


def bench_long_article(size: int, work: Path) -> Row:
    """Pushing the article screen of an analysed ``size``-byte article, to its first paint.

    The article repeats real paragraphs until it is ``size`` bytes long; its
    analysis (a minute or two for a megabyte) is not timed.
    """
    from store import results
    from store.importer import import_paths
    from store.library import Library

    paragraphs = [p for t in real_texts() for p in t.split("\n") if len(p.split()) > 6]
    parts, length = ["A long report made of many news articles"], 0
    while length < size:
        parts.append(paragraphs[len(parts) % len(paragraphs)])
        length += len(parts[-1].encode("utf-8")) + 2
    folder = work / "long-article"
    folder.mkdir(exist_ok=True)
    (folder / "long.txt").write_text("\n\n".join(parts), encoding="utf-8")
    path = work / "lib-long-article"
    library = Library.open(path)
    (result,) = import_paths(library, [folder]).results
    assert result.article_id is not None, result.line
    results.analyze_pending(library)
    article = library.get_article(result.article_id)
    body = next(b for b in article.blocks if b.role == "body")
    marker = article.text[body.start : body.start + 24]
    text_file = work / "long-article.txt"
    text_file.write_text(article.text, encoding="utf-8")
    figures = {"path": str(path), "article": article.id, "marker": marker}
    ours = min(in_subprocess(_ARTICLE_PAINT.format(**figures))["seconds"] for _ in range(2))
    base = min(
        in_subprocess(_LOG_PAINT.format(text=str(text_file), marker=marker))["seconds"]
        for _ in range(2)
    )
    megabytes = len(article.text.encode("utf-8")) / 1e6
    return Row(
        f"article screen first paint, {megabytes:.1f} MB article",
        f"{ours:.2f} s",
        f"bare Log of the text {base:.2f} s",
        ours / base,
        "< 1 s",
        ours < 1,
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
        met = "—" if r.ok is None else "yes" if r.ok else "NO"
        lines.append(
            f"| {r.what} | {r.ours} | {r.baseline} | {r.ratio:.2f}x | {r.target} | {met} |"
        )
    return "\n".join(lines)


def run(quick: bool) -> Iterator[Row]:
    work = Path(tempfile.mkdtemp(prefix="claimdiff-bench-"))
    try:
        imported = 30 if quick else 300
        yield bench_import(imported, work)
        yield bench_first_paint(100 if quick else 1000, work)
        sizes = (10, 20, 40) if quick else (100, 200, 400)
        yield from bench_coverage(sizes, work / f"lib-import-{imported}", work)
        yield bench_diff(40 if quick else 150, work)
        yield bench_keypress(100 if quick else 500, 40 if quick else 150)
        yield bench_large_store(500 if quick else 10_000, work)
        yield bench_long_article(100_000 if quick else 1_000_000, work)
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
