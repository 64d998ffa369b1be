"""No import cycle inside refsite/: each module's imports, read with ast, those inside functions included.

An import inside a function hides a cycle from Python at import time, not from a reader: a cycle means
two modules cannot be understood (or tested) one without the other. Imports for the type checker only
(`if TYPE_CHECKING:`) are not dependencies, as in the import layers of pyproject.toml (lint-imports).
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = "refsite"
PACKAGE_DIR = Path(__file__).resolve().parents[2] / PACKAGE


def modules() -> set[str]:
    return {p.stem for p in PACKAGE_DIR.glob("*.py")}


def imports_of(source: str, known: set[str]) -> set[str]:
    """The refsite modules one module's text imports, wherever the import statement stands."""
    found: set[str] = set()
    tree = ast.parse(source)
    type_only = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"
        for stmt in node.body
        for inner in ast.walk(stmt)
    }
    for node in ast.walk(tree):
        if id(node) in type_only:
            continue
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names if a.name.startswith(PACKAGE + ".")]
            found.update(n.split(".")[1] for n in names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level == 0 and base != PACKAGE and not base.startswith(PACKAGE + "."):
                continue  # another package
            base = base.removeprefix(PACKAGE).lstrip(".") if node.level == 0 else base
            if base:
                found.add(base.split(".")[0])
            else:  # from . import markup
                found.update(a.name for a in node.names if a.name in known)
    return found & known


def graph() -> dict[str, set[str]]:
    known = modules()
    return {m: imports_of((PACKAGE_DIR / f"{m}.py").read_text(encoding="utf-8"), known) - {m} for m in known}


def find_cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """A cycle as a list of modules (the first repeated at the end), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return path[path.index(nxt) :] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        path.pop()
        state[node] = 2
        return None

    for start in sorted(edges):
        if start not in state:
            found = visit(start)
            if found:
                return found
    return None


def test_refsite_has_no_import_cycle():
    cycle = find_cycle(graph())
    assert cycle is None, "import cycle in refsite/: " + " -> ".join(cycle or [])


def test_the_reader_sees_imports_inside_functions_and_every_form():
    source = """
import os
import refsite.models
from refsite import dates
from refsite.index import page_of
from . import markup
from .render import Renderer
from ..elsewhere import x

def f():
    from .cite import Citer

if TYPE_CHECKING:
    from .loader import RawEntry
"""
    known = {"models", "dates", "index", "markup", "render", "cite", "loader"}
    assert imports_of(source, known) == {"models", "dates", "index", "markup", "render", "cite"}


def test_the_finder_reports_a_cycle_and_accepts_a_tree():
    assert find_cycle({"cite": {"render"}, "render": {"downloads"}, "downloads": {"cite"}}) == [
        "cite",
        "render",
        "downloads",
        "cite",
    ]
    assert find_cycle({"site": {"render", "index"}, "render": {"index"}, "index": set()}) is None
