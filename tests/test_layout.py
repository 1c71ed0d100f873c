"""The package's import graph, read from the source with `ast` (nothing is imported).

Three rules (issue 16): no import cycle among phi1lib's modules; each sub-package imports only from
itself and the layers below it (`LAYERS`); and an import of one of phi1lib's own modules inside a
function says why it is there, in a ``# lazy: <reason>`` comment on its line or the line above (a heavy
or optional dependency it would otherwise pull in at import time), instead of hiding a cycle.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "phi1lib"

# Lowest first; a package imports only from its own layer's package and the layers below. filter and
# synth are the two stages that make data (stage 1 and 2): same level, neither imports the other.
# The order is the README's, and the real graph fits it: teacher sits above data though it needs
# nothing from it (nor does data need teacher), model above both (its export reads the tokenizer),
# train above model, eval above train (its backends load checkpoints and generate), and the stages
# above eval (synth validates in the sandbox, analysis scores models, study runs the notebooks).
LAYERS: list[tuple[str, ...]] = [("core",), ("data",), ("teacher",), ("model",), ("train",), ("eval",),
                                 ("filter", "synth"), ("analysis",), ("study",)]
RANK = {pkg: i for i, layer in enumerate(LAYERS) for pkg in layer}
LAZY = "# lazy:"


@dataclass(frozen=True)
class Import:
    source: str  # the importing module, e.g. "phi1lib.teacher.prompts"
    target: str  # the phi1lib module imported (a package's __init__ when it names a package)
    line: int
    in_function: bool
    reason: bool  # a `# lazy:` comment on its line(s) or the line above


def module_name(path: Path, root: Path = PACKAGE) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _targets(node: ast.Import | ast.ImportFrom, module: str, is_package: bool, known: set[str]) -> list[str]:
    """The phi1lib modules an import statement loads (relative imports resolved)."""
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        base = node.module or ""
        if node.level:
            anchor = module.split(".") if is_package else module.split(".")[:-1]
            anchor = anchor[:len(anchor) - (node.level - 1)]
            base = ".".join(anchor + ([base] if base else []))
        # `from pkg import mod` loads pkg.mod; `from mod import name` loads mod
        names = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names]
    out = []
    for name in names:
        while name not in known and "." in name:  # `import phi1lib.x.y.attr` -> the module phi1lib.x.y
            name = name.rsplit(".", 1)[0]
        if name in known and name not in out:
            out.append(name)
    return out


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def imports_of(source: str, module: str, known: set[str], is_package: bool = False) -> list[Import]:
    """Every import of a module in `known` that `source` (the text of `module`) makes. Imports under
    ``if TYPE_CHECKING:`` count as in a function: they never run at import time."""
    lines = source.splitlines()
    found: list[Import] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.Import, ast.ImportFrom)):
                span = lines[max(child.lineno - 2, 0):child.end_lineno]
                reason = any(LAZY in text for text in span)
                for target in _targets(child, module, is_package, known):
                    if target != module:
                        found.append(Import(module, target, child.lineno, in_function, reason))
            inner = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)) or (
                isinstance(child, ast.If) and _is_type_checking(child))
            visit(child, inner)

    visit(ast.parse(source), False)
    return found


def package_imports() -> list[Import]:
    paths = sorted(PACKAGE.rglob("*.py"))
    known = {module_name(p) for p in paths}
    out = []
    for path in paths:
        out += imports_of(path.read_text(encoding="utf-8"), module_name(path), known, path.name == "__init__.py")
    return out


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle per strongly connected component that has one (Tarjan), as a path a -> ... -> a."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def strongconnect(v: str) -> None:  # recursion depth is bounded by the package's module count
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                strongconnect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.add(w)
                if w == v:
                    break
            if len(component) > 1 or v in graph.get(v, ()):
                cycles.append(_cycle_in(graph, component))

    for v in sorted(graph):
        if v not in index:
            strongconnect(v)
    return cycles


def _cycle_in(graph: dict[str, set[str]], component: set[str]) -> list[str]:
    """A shortest cycle through the component's first module (breadth-first, inside the component)."""
    start = min(component)
    parent: dict[str, str] = {}
    frontier = [start]
    while frontier:
        nxt = []
        for v in frontier:
            for w in sorted(graph.get(v, ())):
                if w == start:
                    path = [v]
                    while path[-1] != start:
                        path.append(parent[path[-1]])
                    return [start, *reversed(path[:-1]), start] if v != start else [start, start]
                if w in component and w not in parent:
                    parent[w] = v
                    nxt.append(w)
        frontier = nxt
    raise AssertionError(f"no cycle through {start}")  # a component of size > 1 always has one


def package_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def layer_violations(imports: list[Import]) -> list[str]:
    """Imports (module-level or not) from a package on a higher layer, or from a different package
    on the same layer."""
    bad = []
    for imp in imports:
        src, dst = package_of(imp.source), package_of(imp.target)
        if src is None or dst is None or src == dst:
            continue
        if src not in RANK or dst not in RANK:
            bad.append(f"{imp.source}:{imp.line} imports {imp.target}: package not in LAYERS")
        elif RANK[dst] >= RANK[src]:
            bad.append(f"{imp.source}:{imp.line} imports {imp.target} ({dst} is not below {src})")
    return bad


def unexplained_lazy(imports: list[Import]) -> list[str]:
    return sorted({f"{imp.source}:{imp.line} imports {imp.target}" for imp in imports
                   if imp.in_function and not imp.reason})


# ----------------------------------------------------------------------------------- the package


@pytest.fixture(scope="module")
def imports() -> list[Import]:
    return package_imports()


def test_the_graph_is_read(imports):
    modules = {module_name(p) for p in PACKAGE.rglob("*.py")}
    assert len(modules) > 60
    edges = {(i.source, i.target) for i in imports}
    assert ("phi1lib.teacher.prompts", "phi1lib.teacher.offline") in edges
    assert ("phi1lib.teacher.offline.teacher", "phi1lib.teacher.protocol") in edges


def test_no_import_cycle(imports):
    graph: dict[str, set[str]] = {}
    for imp in imports:
        if not imp.in_function:
            graph.setdefault(imp.source, set()).add(imp.target)
    cycles = find_cycles(graph)
    assert not cycles, "import cycles:\n" + "\n".join(" -> ".join(c) for c in cycles)


def test_packages_import_only_from_lower_layers(imports):
    packages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    assert packages == set(RANK), f"LAYERS names {sorted(RANK)}, the package has {sorted(packages)}"
    bad = layer_violations(imports)
    assert not bad, "imports against the layering:\n" + "\n".join(bad)


def test_in_function_imports_say_why(imports):
    bad = unexplained_lazy(imports)
    assert not bad, (f"{len(bad)} in-function import(s) of phi1lib modules without a '{LAZY} <reason>' "
                     "comment (import at module level unless it pulls a heavy or optional dependency):\n"
                     + "\n".join(bad))


# ------------------------------------------------------------------ the checks, on made-up inputs


def test_find_cycles_on_a_small_graph():
    assert find_cycles({"a": {"b"}, "b": {"c"}, "c": set()}) == []
    assert find_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c", "a"]]
    assert find_cycles({"a": {"a"}}) == [["a", "a"]]
    two = find_cycles({"a": {"b"}, "b": {"a"}, "x": {"y"}, "y": {"z"}, "z": {"x", "a"}})
    assert sorted(two) == [["a", "b", "a"], ["x", "y", "z", "x"]]
    # the shortest way round is reported, not the first one found
    assert find_cycles({"a": {"b", "c"}, "b": {"c"}, "c": {"a"}}) == [["a", "c", "a"]]


KNOWN = {"phi1lib.core.config", "phi1lib.train.loop", "phi1lib.teacher", "phi1lib.teacher.offline",
         "phi1lib.teacher.prompts", "phi1lib.teacher.protocol", "phi1lib.model.transformer"}


def test_imports_are_resolved_and_placed():
    source = (
        "import os\n"
        "from phi1lib.core.config import load_config\n"
        "from phi1lib.teacher import prompts, protocol\n"
        "from . import protocol as p\n"
        "from .offline import FAMILIES\n"
        "import phi1lib.model.transformer\n"
        "try:\n"
        "    from phi1lib.train.loop import train\n"
        "except ImportError:\n"
        "    pass\n"
        "if TYPE_CHECKING:\n"
        "    from phi1lib.train.loop import load_model\n"
        "def f():\n"
        "    from phi1lib.train.loop import train  # lazy: pulls torch\n"
        "    # lazy: pulls torch\n"
        "    from phi1lib.model.transformer import PhiModel\n"
        "    g = lambda: __import__('x')\n"
        "    from phi1lib.core.config import StudyConfig\n"
    )
    found = imports_of(source, "phi1lib.teacher.prompts", KNOWN)
    got = [(i.target, i.line, i.in_function, i.reason) for i in found]
    assert got == [
        ("phi1lib.core.config", 2, False, False),
        ("phi1lib.teacher.protocol", 3, False, False),  # itself (prompts) left out
        ("phi1lib.teacher.protocol", 4, False, False),
        ("phi1lib.teacher.offline", 5, False, False),
        ("phi1lib.model.transformer", 6, False, False),
        ("phi1lib.train.loop", 8, False, False),
        ("phi1lib.train.loop", 12, True, False),  # TYPE_CHECKING: never runs
        ("phi1lib.train.loop", 14, True, True),
        ("phi1lib.model.transformer", 16, True, True),  # the reason on the line above
        ("phi1lib.core.config", 18, True, False),
    ]
    assert unexplained_lazy(found) == ["phi1lib.teacher.prompts:12 imports phi1lib.train.loop",
                                       "phi1lib.teacher.prompts:18 imports phi1lib.core.config"]


def test_layer_violations_on_made_up_imports():
    def imp(source, target):
        return Import(source, target, 1, False, False)

    ok = [imp("phi1lib.train.loop", "phi1lib.core.config"), imp("phi1lib.train.loop", "phi1lib.train.batches"),
          imp("phi1lib.synth.synthesize", "phi1lib.eval.sandbox"), imp("phi1lib", "phi1lib.study.cli")]
    assert layer_violations(ok) == []
    bad = layer_violations([imp("phi1lib.core.workers", "phi1lib.train.distributed"),
                            imp("phi1lib.filter.stage", "phi1lib.synth.synthesize"),
                            imp("phi1lib.model.hf_interop", "phi1lib.train.loop"),
                            imp("phi1lib.extra.x", "phi1lib.core.config")])
    assert [b.split(" ")[0] for b in bad] == ["phi1lib.core.workers:1", "phi1lib.filter.stage:1",
                                             "phi1lib.model.hf_interop:1", "phi1lib.extra.x:1"]


def test_tests_mirror_the_packages():
    """tests/<package>/ for every phi1lib sub-package and nothing else; at the top only the repo-wide tests
    (the layering itself, the README, the benchmark scripts) and the shared fixtures."""
    tests = PACKAGE.parent / "tests"
    folders = {p.name for p in tests.iterdir() if p.is_dir() and not p.name.startswith((".", "__"))}
    packages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    assert folders == packages
    assert sorted(p.name for p in tests.glob("*.py")) == [
        "conftest.py", "fake_openai_server.py", "test_gpu_check.py", "test_layout.py", "test_readme.py"]
