"""The package's shape: layers that import only the layers before them (imports inside functions
included), no import cycle among modules, no module over 400 lines and no function over 80."""
from __future__ import annotations

import ast
from pathlib import Path

PKG = Path(__import__("qcdc_rules").__file__).resolve().parent
LAYERS = ["core", "contract", "readers", "knowledge", "extract", "graph", "rules", "pipeline", "reporters",
          "fixes", "tools", "server", "cli"]


def _modules() -> dict[str, Path]:
    out = {}
    for f in sorted(PKG.rglob("*.py")):
        rel = f.relative_to(PKG).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(["qcdc_rules", *parts])] = f
    return out


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """Modules of the package imported anywhere in `path` (module level and inside functions)."""
    is_pkg = path.name == "__init__.py"
    package = name if is_pkg else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            # "from pkg import mod" imports the module; "from pkg import name" what pkg defines
            targets = [f"{mod}.{a.name}" if f"{mod}.{a.name}" in known else mod for a in node.names]
        else:
            continue
        for t in targets:
            while t and t not in known:
                t = t.rsplit(".", 1)[0] if "." in t else ""
            if t and t != name:
                found.add(t)
    return found


def _graph() -> dict[str, set[str]]:
    mods = _modules()
    known = set(mods)
    return {name: _imports(name, path, known) for name, path in mods.items()}


def _layer(module: str) -> int:
    parts = module.split(".")
    if len(parts) == 1:
        return len(LAYERS)  # the package's public face sits over every layer
    return LAYERS.index(parts[1])


def test_every_module_belongs_to_a_layer():
    for name in _modules():
        parts = name.split(".")
        assert len(parts) == 1 or parts[1] in LAYERS, name


def test_layers_import_only_the_layers_before_them():
    bad = sorted(f"{a} -> {b}" for a, deps in _graph().items() for b in deps
                 if b != "qcdc_rules" and _layer(b) > _layer(a))
    assert bad == []


def test_no_module_imports_the_package_face():
    """`qcdc_rules/__init__` is the public API over the layers; no layer may import it back."""
    assert sorted(a for a, deps in _graph().items() if "qcdc_rules" in deps) == []


def test_no_import_cycle():
    graph = _graph()
    state: dict[str, int] = {}
    cycles = []

    def visit(n: str, stack: list[str]) -> None:
        state[n] = 1
        for m in sorted(graph.get(n, ())):
            if state.get(m) == 1:
                cycles.append(stack[stack.index(m):] + [m] if m in stack else [n, m])
            elif m not in state:
                visit(m, stack + [m])
        state[n] = 2

    for n in sorted(graph):
        if n not in state:
            visit(n, [n])
    assert cycles == []


def test_module_and_function_sizes():
    too_long = []
    for name, path in _modules().items():
        text = path.read_text("utf-8")
        if len(text.splitlines()) > 400:
            too_long.append(f"{name}: {len(text.splitlines())} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                n = node.end_lineno - node.lineno + 1
                if n > 80:
                    too_long.append(f"{name}.{node.name}: {n} lines")
    assert too_long == []
