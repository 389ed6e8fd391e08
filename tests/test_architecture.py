"""The package layers of ARCHITECTURE.md hold, and no module of ``assistant`` sits in an
import circle (import-linter's contracts check the layers; this checks within them)."""

from __future__ import annotations

import ast
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[1] / "assistant"

# Imports deliberately left inside a function, each for a reason other than a cycle: heavy or
# optional libraries loaded only by the command or path that needs them.
LAZY = {
    "assistant.__main__": "each subcommand loads only what it runs",
    "assistant.engine": "the retriever and the optional LLM load only for Assistant.default()",
    "assistant.llm.writer": "langchain tools load only when an LLM is configured",
    "assistant.service.commands": "serve / batch load the web stack only when run",
    "assistant.service.records.migrations.env": "Alembic runs this file by path",
}


def _strongly_connected(graph: dict[str, set[str]]) -> list[set[str]]:
    """Tarjan's algorithm, iterative: the components with more than one module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[set[str]] = []
    counter = 0
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
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
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(component)
    return found


def test_no_import_circle_in_assistant() -> None:
    graph = grimp.build_graph("assistant", exclude_type_checking_imports=True)
    modules = {m for m in graph.modules if m.startswith("assistant")}
    edges = {m: graph.find_modules_directly_imported_by(m) & modules for m in modules}
    # A package's __init__ importing its own modules is not a circle of meaning.
    for m, targets in edges.items():
        edges[m] = {t for t in targets if not m.startswith(t + ".")}
    assert _strongly_connected(edges) == []


def _inner_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for inner in ast.walk(node):
                if isinstance(inner, ast.ImportFrom) and (inner.module or "").startswith(
                    "assistant"
                ):
                    found.append(f"l.{inner.lineno} {inner.module}")
    return found


def test_no_function_level_import_dodges_a_cycle() -> None:
    offenders = {}
    for path in sorted(ROOT.rglob("*.py")):
        module = ".".join(path.relative_to(ROOT.parent).with_suffix("").parts)
        module = module.removesuffix(".__init__")
        if module in LAZY:
            continue
        if inner := _inner_imports(path):
            offenders[module] = inner
    assert offenders == {}
