"""The layering, checked on the import graph of every module (not a sample).

Data flows one way: files -> analysis -> store -> tui. Every module under
``analysis/``, ``store/`` and ``tui/`` is parsed and each of its imports read,
at the top and in functions alike; imports under ``if TYPE_CHECKING`` are read
too, but only the layering of types checks them (they never run).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGES = ("analysis", "store", "tui")


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(path: Path, *, runtime: bool = False, on_load: bool = False) -> set[str]:
    """Every module ``path`` imports, absolute, at any depth of its code.

    With ``runtime``, not those under ``if TYPE_CHECKING:``, which never run; with
    ``on_load``, only those that importing the module runs (none in functions).
    """
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    todo: list[ast.AST] = [tree]
    while todo:
        node = todo.pop()
        if isinstance(node, ast.If) and (runtime or on_load) and _is_type_checking(node):
            todo.extend(node.orelse)
            continue
        if on_load and isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            todo.extend(node.decorator_list if not isinstance(node, ast.Lambda) else ())
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parent = parts[: len(parts) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
        todo.extend(ast.iter_child_nodes(node))
    return found


FILES = {
    _module_name(path): path
    for package in PACKAGES
    for path in sorted((ROOT / package).rglob("*.py"))
}
GRAPH = {module: _imports(path) for module, path in FILES.items()}
RUNTIME = {module: _imports(path, runtime=True) for module, path in FILES.items()}
ON_LOAD = {module: _imports(path, on_load=True) for module, path in FILES.items()}


def _loaded_with(module: str) -> set[str]:
    """What importing ``module`` imports in the end, following project modules."""
    seen: set[str] = set()
    todo = [module]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        todo.extend(ON_LOAD.get(name, ()))
    return seen - {module}


def _within(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def _violations(
    modules: tuple[str, ...], allowed: tuple[str, ...] | None = None, banned: tuple[str, ...] = ()
) -> list[str]:
    """Each import of ``modules`` that breaks the rule, as "module -> import"."""
    bad = []
    for module, imports in sorted(GRAPH.items()):
        if not _within(module, modules):
            continue
        for name in sorted(imports):
            project = _within(name, PACKAGES)
            if (allowed is not None and project and not _within(name, allowed)) or _within(
                name, banned
            ):
                bad.append(f"{module} -> {name}")
    return bad


def test_every_module_was_read() -> None:
    assert len(GRAPH) >= 60
    assert {"analysis.ingest.clean", "analysis.lexicon.units", "store.results", "tui.app"} <= set(
        GRAPH
    )


def test_ingest_imports_nothing_above_it() -> None:
    allowed = ("analysis.model", "analysis.errors", "analysis.lexicon", "analysis.ingest")
    assert _violations(("analysis.ingest",), allowed) == []


def test_lexicon_imports_nothing_above_it() -> None:
    allowed = ("analysis.model", "analysis.errors", "analysis.lexicon")
    assert _violations(("analysis.lexicon",), allowed) == []


NLP = ("analysis.nlp", "spacy", "thinc")


def test_reason_never_imports_the_nlp_stack() -> None:
    # Not at the top, not in a function (type hints alone may name the pipeline's
    # result types: they never run).
    bad = [
        f"{module} -> {name}"
        for module, imports in sorted(RUNTIME.items())
        if _within(module, ("analysis.reason",))
        for name in sorted(imports)
        if _within(name, NLP)
    ]
    assert bad == []


def test_importing_reason_loads_no_nlp_through_other_modules() -> None:
    bad = [
        f"{module} -> {name}"
        for module in sorted(ON_LOAD)
        if _within(module, ("analysis.reason",))
        for name in sorted(_loaded_with(module))
        if _within(name, NLP)
    ]
    assert bad == []


def test_analysis_and_store_never_import_the_ui() -> None:
    assert _violations(("analysis", "store"), banned=("textual", "tui")) == []


def test_analysis_never_imports_the_store() -> None:
    assert _violations(("analysis",), banned=("store", "tinydb")) == []


def test_the_rules_catch_a_breach() -> None:
    # The checks above would fail on a bad import, at any depth of a function.
    GRAPH["analysis.reason._probe"] = {"analysis.nlp.load"}
    GRAPH["analysis.lexicon._probe"] = {"analysis.extract.times"}
    try:
        assert _violations(("analysis.reason",), banned=NLP) != []
        assert _violations(("analysis.lexicon",), ("analysis.lexicon",)) != []
    finally:
        del GRAPH["analysis.reason._probe"], GRAPH["analysis.lexicon._probe"]
    source = "def f():\n    if True:\n        from spacy import load\n"
    probe = ROOT / "tests" / "_probe_imports.py"
    try:
        probe.write_text(source, encoding="utf-8")
        assert "spacy" in _imports(probe)
    finally:
        probe.unlink()


@pytest.mark.parametrize(
    ("modules", "forbidden"),
    [
        ("tui.cli", ("textual", "spacy", "trafilatura", "onnxruntime", "tokenizers")),
        ("tui.app, store.library", ("spacy", "thinc", "onnxruntime", "tokenizers", "numpy")),
    ],
)
def test_opening_the_app_loads_no_nlp(modules: str, forbidden: tuple[str, ...]) -> None:
    code = (
        f"import sys; import {modules}; "
        f"print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in {forbidden!r})))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert out.stdout.strip() == "", f"{modules} imports {out.stdout.strip()}"


# --- the app's screens ----------------------------------------------------------------------

SCREENS = "tui.screens"


def _project_imports(module: str) -> set[str]:
    """The project modules ``module`` imports (a name imported from one counts as it)."""
    return {
        name if name in FILES else name.rpartition(".")[0]
        for name in GRAPH[module]
        if name in FILES or name.rpartition(".")[0] in FILES
    } - {module}


def _cycles(modules: set[str]) -> list[list[str]]:
    """The import cycles among ``modules``, each as the path that closes it."""
    found: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for name in sorted(_project_imports(module) & modules):
            if state.get(name) == 1:
                found.append([*path[path.index(name) :], name] if name in path else [name])
            elif name not in state:
                visit(name, [*path, name])
        state[module] = 2

    for module in sorted(modules):
        if module not in state:
            visit(module, [module])
    return found


def test_the_ui_has_no_import_cycles() -> None:
    # Imports in functions count too: a cycle there is a tangle even if it never fails to load.
    tui = {m for m in FILES if _within(m, ("tui",))}
    assert _cycles(tui) == []


def test_no_screen_imports_another_screen() -> None:
    # Screens open one another through the app (ClaimdiffApp.open_article, ...).
    bad = [
        f"{module} -> {name}"
        for module in sorted(FILES)
        if _within(module, (SCREENS,))
        for name in sorted(_project_imports(module))
        if _within(name, (SCREENS,)) and name != SCREENS
    ]
    assert bad == []


def test_the_screen_rules_catch_a_breach() -> None:
    GRAPH["tui.screens.article"] |= {"tui.screens.glossary.EntityScreen"}
    GRAPH["tui.screens.glossary"] |= {"tui.screens.article"}
    try:
        assert _cycles({"tui.screens.article", "tui.screens.glossary"}) != []
        assert "tui.screens.glossary" in _project_imports("tui.screens.article")
    finally:
        GRAPH["tui.screens.article"] = _imports(FILES["tui.screens.article"])
        GRAPH["tui.screens.glossary"] = _imports(FILES["tui.screens.glossary"])


VIM_KEYS = {"j", "k", "g", "G"}
VIM_BASE = "tui.widgets.vim"
# Keys of the vim set a screen binds to something other than a move, on purpose.
VIM_KEYS_REUSED = {("tui.screens.library", "g", "glossary")}


def _bound_keys(path: Path) -> list[tuple[str, str]]:
    """(key, action) of every ``Binding("keys", "action", ...)`` written in ``path``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Binding"):
            continue
        args = [a.value if isinstance(a, ast.Constant) else None for a in node.args[:2]]
        if len(args) == 2 and isinstance(args[0], str):
            found += [(key.strip(), str(args[1])) for key in args[0].split(",")]
    return found


def test_the_vim_keys_are_declared_once() -> None:
    # Every table, list and text view inherits them from tui/widgets/vim.py.
    bad = [
        f"{module}: {key} -> {action}"
        for module, path in sorted(FILES.items())
        if _within(module, ("tui",)) and module != VIM_BASE
        for key, action in _bound_keys(path)
        if key in VIM_KEYS and (module, key, action) not in VIM_KEYS_REUSED
    ]
    assert bad == []
    assert {key for key, _ in _bound_keys(FILES[VIM_BASE])} >= VIM_KEYS


# --- word lists live in the lexicon -------------------------------------------

_LEXICON = ROOT / "analysis" / "lexicon"
_WORD_LIST_SIZE = 8
# Module-level collections of lowercase words outside the lexicon that are not
# vocabulary but names the code itself uses, each with why.
_NOT_VOCABULARY = {
    ("analysis.extract.claims", "_SUBORDINATE_DEPS"),  # spaCy dependency labels
    ("analysis.reason.glossary", "_ANY_BUT_PLACE"),  # the glossary's own entity kinds
    ("analysis.reason.pairing", "FEATURES"),  # the pairing model's feature names
}


def _string_words(node: ast.AST) -> list[str] | None:
    """The string literals a module-level value is made of, or None if it is no such list."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.args:
        if node.func.id in ("frozenset", "set", "tuple", "list"):
            return _string_words(node.args[0])
        first = node.args[0]
        if node.func.id == "word_set" and isinstance(first, ast.Constant):
            return str(first.value).split()
    if isinstance(node, (ast.Set, ast.Tuple, ast.List)):
        items = [e.value for e in node.elts if isinstance(e, ast.Constant)]
        return [i for i in items if isinstance(i, str)]
    if isinstance(node, ast.BinOp):
        return (_string_words(node.left) or []) + (_string_words(node.right) or [])
    return None


def _word_lists(path: Path) -> list[str]:
    """Names of the module-level word lists in ``path``: 8+ lowercase alphabetic literals."""
    found = []
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign):
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            target, value = node.target, node.value
        else:
            continue
        words = _string_words(value) or []
        lowercase = [w for w in words if w.isalpha() and w.islower()]
        if len(lowercase) >= _WORD_LIST_SIZE and isinstance(target, ast.Name):
            found.append(target.id)
    return found


def test_word_lists_live_only_in_the_lexicon() -> None:
    stray = [
        f"{_module_name(path)}.{name}"
        for path in sorted((ROOT / "analysis").rglob("*.py"))
        if _LEXICON not in path.parents
        for name in _word_lists(path)
        if (_module_name(path), name) not in _NOT_VOCABULARY
    ]
    assert stray == []


def test_the_word_list_rule_catches_a_breach(tmp_path: Path) -> None:
    module = tmp_path / "breach.py"
    module.write_text(
        '_A = frozenset({"one", "two", "three", "four", "five", "six", "seven", "eight"})\n'
        '_B = word_set("alpha beta gamma delta epsilon zeta eta theta")\n'
        '_C = frozenset({"VBD", "VBZ", "VBP", "NN", "NNS", "JJ", "RB", "IN"})\n',
        encoding="utf-8",
    )
    assert _word_lists(module) == ["_A", "_B"]
