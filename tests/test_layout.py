"""The shape of the code (issue "One shape for the code"): small modules and functions, no
import cycles, and no reaching into another subpackage's private names. Parsed with ast."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("qa", "embeddings", "ui")
MAX_MODULE_LINES = 300
MAX_FUNCTION_LINES = 50


def _modules() -> dict[str, Path]:
    out = {}
    for pkg in PACKAGES:
        for p in (ROOT / pkg).rglob("*.py"):
            parts = p.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            out[name] = p
    return out


def _imports(path: Path, module: str, *, top_level_only: bool) -> list[tuple[str, list[str]]]:
    """(imported module, names) for each import; relative imports resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    out = []
    for node in nodes:
        if isinstance(node, ast.Import):
            out += [(a.name, []) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module is not None:
            base = node.module
            if node.level:  # from .x import y: relative to the module's own package
                package = (
                    module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
                )
                base = ".".join([*package[: len(package) - node.level + 1], node.module])
            out.append((base, [a.name for a in node.names]))
    return out


def test_modules_and_functions_are_small():
    too_long = []
    for name, path in _modules().items():
        lines = path.read_text(encoding="utf-8").splitlines()
        if len(lines) > MAX_MODULE_LINES:
            too_long.append(f"{name}: {len(lines)} lines")
        for node in ast.walk(ast.parse("\n".join(lines))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                n = node.end_lineno - node.lineno + 1
                if n > MAX_FUNCTION_LINES:
                    too_long.append(f"{name}.{node.name}: {n} lines")
    assert not too_long, too_long


def test_no_import_cycles_at_module_level():
    mods = _modules()
    graph = {
        m: {i for i, _ in _imports(p, m, top_level_only=True) if i in mods and i != m}
        for m, p in mods.items()
    }
    # a package's __init__ re-exporting its own modules is not a cycle with them
    for m in graph:
        graph[m] = {i for i in graph[m] if not (m.startswith(i + ".") and i in mods)}
    state: dict[str, int] = {}
    cycle: list[str] = []

    def visit(m: str, stack: list[str]) -> None:
        state[m] = 1
        for n in sorted(graph[m]):
            if state.get(n) == 1 and not cycle:
                cycle.extend(stack[stack.index(n) :] + [n])
            elif n not in state:
                visit(n, [*stack, n])
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m, [m])
    assert not cycle, " -> ".join(cycle)


def test_no_private_names_from_another_subpackage():
    def subpackage(m: str) -> str:
        return ".".join(m.split(".")[:2])

    bad = []
    for m, p in _modules().items():
        for target, names in _imports(p, m, top_level_only=False):
            if not target.startswith(PACKAGES) or subpackage(target) == subpackage(m):
                continue
            bad += [
                f"{m} imports {target}.{n}"
                for n in names
                if n.startswith("_") and not n.endswith("__")
            ]
    assert not bad, bad


def test_the_checks_can_fail(tmp_path):
    """The cycle finder and the size rule see a real violation (guards the guards)."""
    src = "def f():\n" + "    x = 1\n" * 60
    tree = ast.parse(src)
    fn = next(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef))
    assert fn.end_lineno - fn.lineno + 1 > MAX_FUNCTION_LINES
    (tmp_path / "a.py").write_text("from qa.x import _private\n")
    assert _imports(tmp_path / "a.py", "ui.a", top_level_only=True) == [("qa.x", ["_private"])]
