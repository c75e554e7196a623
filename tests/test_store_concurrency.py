"""Two processes importing into one library at once both keep all their articles."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from store import Library, article_id
from tests.conftest import ROOT

PER_PROCESS = 50
SHARED_VERSIONS = 10

# Each process adds articles of its own, and new versions of one article that
# both processes change: the version numbers it reports must never collide.
IMPORTER = """
import json, sys, time
from pathlib import Path
from analysis.model import Article, Block
from store import Library, article_id

root, tag, count, shared = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
library = Library.open(root, lock_timeout=60)
(root.parent / f"ready-{tag}").touch()
while not (root.parent / "go").exists():
    time.sleep(0.005)
started = time.monotonic()

def article(text, source):
    blocks = (Block("body", 0, len(text)),)
    return Article(id=article_id(text), title=text, outlet=tag, published=None,
                   source=source, text=text, blocks=blocks)

order, versions = [], []
for n in range(count):
    result = library.add_article(article(f"{tag} article {n}", f"/{tag}/{n}.txt"))
    assert result.status == "added", result.status
    order.append(time.monotonic())
    if n < shared:
        result = library.add_article(article(f"shared text {tag} {n}", "/shared.txt"))
        versions.append(result.article.version)
print(json.dumps({"versions": versions, "started": started, "times": order}))
"""


def test_two_importing_processes_keep_every_article(tmp_path: Path) -> None:
    root = tmp_path / "library"
    Library.open(root)
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                IMPORTER,
                str(root),
                tag,
                str(PER_PROCESS),
                str(SHARED_VERSIONS),
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for tag in ("alpha", "beta")
    ]
    deadline = time.monotonic() + 60
    while not all((tmp_path / f"ready-{tag}").exists() for tag in ("alpha", "beta")):
        assert time.monotonic() < deadline and all(p.poll() is None for p in processes)
        time.sleep(0.01)
    (tmp_path / "go").touch()
    reports = []
    for process in processes:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        reports.append(json.loads(out))

    library = Library.open(root)
    everything = library.list_articles(all_versions=True)
    assert len(everything) == 2 * PER_PROCESS + 2 * SHARED_VERSIONS
    for tag in ("alpha", "beta"):
        for n in range(PER_PROCESS):
            text = f"{tag} article {n}"
            assert library.get_article(article_id(text)).text == text
    # Every change to the shared article got its own version number.
    reported = sorted(v for report in reports for v in report["versions"])
    assert reported == list(range(1, 2 * SHARED_VERSIONS + 1))
    shared = [s for s in library.list_articles() if s.source == "/shared.txt"]
    assert [(s.version, s.versions) for s in shared] == [(20, 20)]
    # The two really ran at the same time: each started before the other was done.
    alpha, beta = reports
    assert alpha["started"] < beta["times"][-1] and beta["started"] < alpha["times"][-1]
    assert json.loads((root / "catalog.json.bak").read_text("utf-8"))["meta"]["1"]["schema"] == 1
