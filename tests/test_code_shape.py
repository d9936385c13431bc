"""The shape of the code (docs/architecture.md): no function in src/ longer than 120 lines, and no
import cycle between modules (imports at module level; an import inside a function or under
`if TYPE_CHECKING` is not followed)."""
from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
MAX_FUNCTION_LINES = 120
# Functions other helpers are splitting in their own branches (#15); each entry names its owner.
LONG_FUNCTIONS_BEING_SPLIT = {
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, ast.Module]:
    return {_module_name(p): ast.parse(p.read_text(encoding="utf-8"), str(p)) for p in sorted(SRC.rglob("*.py"))}


def _top_level_imports(body: Iterable[ast.stmt], known: set[str]) -> set[str]:
    """The project modules a module imports when it is imported (not those its functions import)."""
    found: set[str] = set()
    for stmt in body:
        if isinstance(stmt, ast.If) and "TYPE_CHECKING" in ast.unparse(stmt.test):
            continue
        if isinstance(stmt, ast.Import):
            found |= {a.name for a in stmt.names if a.name in known}
        elif isinstance(stmt, ast.ImportFrom) and stmt.module and stmt.level == 0:
            for a in stmt.names:
                full = f"{stmt.module}.{a.name}"
                if full in known:
                    found.add(full)
                elif stmt.module in known:
                    found.add(stmt.module)
        elif isinstance(stmt, ast.If | ast.Try):
            found |= _top_level_imports(stmt.body, known) | _top_level_imports(stmt.orelse, known)
            for handler in getattr(stmt, "handlers", []):
                found |= _top_level_imports(handler.body, known)
    return found


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    out.append(sorted(component))
    return out


def test_no_function_is_longer_than_120_lines() -> None:
    too_long = []
    for module, tree in _modules().items():
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.end_lineno is not None:
                lines = node.end_lineno - node.lineno + 1
                if lines > MAX_FUNCTION_LINES and (module, node.name) not in LONG_FUNCTIONS_BEING_SPLIT:
                    too_long.append(f"{module}.{node.name}: {lines} lines")
    assert not too_long, "split these functions: " + "; ".join(too_long)


def test_no_import_cycle_between_modules() -> None:
    modules = _modules()
    known = set(modules)
    graph = {name: _top_level_imports(tree.body, known) - {name} for name, tree in modules.items()}
    assert not _cycles(graph)


def test_the_cycle_check_finds_a_cycle() -> None:
    """The checker itself: a two-module and a three-module cycle are found, a chain is not."""
    assert _cycles({"a": {"b"}, "b": {"a"}, "c": {"a"}}) == [["a", "b"]]
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": set()}) == []
