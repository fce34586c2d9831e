"""The package's folders are its layers: a module imports only from its own layer or those below,
the modules import each other without a cycle, and nothing below the adapters imports MkDocs.

Read from the source (every import, in functions too), so a lazy import cannot hide a
dependency the drawing in the README does not show."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "notices"

LAYERS = ["base", "reuse", "sources", "text", "changes", "publish", "site", "build", "config", "api", "adapters"]
"""Lowest first. ``api`` is the package's own ``__init__`` (what hooks import); the adapters
are the modules at the top: the CLI and the MkDocs plugin."""

ADAPTERS = {"notices.cli", "notices.mkdocs_plugin", "notices.mkdocs_plugin_config"}


def _name(path: Path, root: Path = PACKAGE) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _layer(module: str) -> str:
    if module == "notices":
        return "api"
    if module in ADAPTERS:
        return "adapters"
    return module.split(".")[1]


def _imports(path: Path, root: Path = PACKAGE) -> set[str]:
    """Every module of the package this file imports, as dotted names."""
    package = _name(path, root) if path.name == "__init__.py" else _name(path, root).rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found.add(module)
            found |= {f"{module}.{a.name}" for a in node.names}  # `from notices.site import api`
    return found


def _graph(root: Path = PACKAGE) -> dict[str, set[str]]:
    modules = {_name(p, root): p for p in root.rglob("*.py")}
    return {name: {m for m in _imports(path, root) if m in modules and m != name} for name, path in modules.items()}


def _upward(graph: dict[str, set[str]]) -> list[str]:
    rank = {layer: i for i, layer in enumerate(LAYERS)}
    return sorted(
        f"{module} ({_layer(module)}) imports {target} ({_layer(target)})"
        for module, targets in graph.items()
        for target in targets
        if rank[_layer(target)] > rank[_layer(module)]
    )


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    # a subpackage's ``__init__`` holds only its explanation, so importing it is not a dependency
    edges = {m: {t for t in ts if t.count(".") > 1 or t in ADAPTERS or t == "notices"} for m, ts in graph.items()}
    state: dict[str, int] = {}
    found: list[list[str]] = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for target in sorted(edges[node]):
            if state.get(target) == 1:
                found.append([*path[path.index(target) :], target] if target in path else [node, target])
            elif target not in state:
                visit(target, [*path, target])
        state[node] = 2

    for module in sorted(edges):
        if module not in state:
            visit(module, [module])
    return found


def test_every_module_is_in_a_layer() -> None:
    strays = [m for m in _graph() if _layer(m) not in LAYERS]
    assert not strays, f"modules outside the layers {LAYERS}: {strays} (put each in the folder of its layer)"
    loose = [m for m in _graph() if m.count(".") == 1 and _layer(m) != "adapters" and not m.endswith("__init__")]
    assert not [m for m in loose if m.split(".")[1] not in LAYERS], loose


def test_no_module_imports_a_layer_above_its_own() -> None:
    upward = _upward(_graph())
    assert not upward, "\n".join(upward)


def test_modules_import_each_other_without_a_cycle() -> None:
    cycles = _cycles(_graph())
    assert not cycles, "import cycles: " + "; ".join(" -> ".join(c) for c in cycles)


def test_only_the_adapters_import_mkdocs() -> None:
    users = sorted(
        name
        for path in PACKAGE.rglob("*.py")
        if (name := _name(path)) not in ADAPTERS
        and any(m == "mkdocs" or m.startswith(("mkdocs.", "material")) for m in _imports(path))
    )
    assert not users, f"the core imports MkDocs or Material: {users}"


def test_the_checks_see_a_violation(tmp_path: Path) -> None:
    """On a made-up package, a lazy upward import and a cycle through it are both found."""
    root = tmp_path / "notices"
    for folder in ("base", "build"):
        (root / folder).mkdir(parents=True)
        (root / folder / "__init__.py").write_text('"""A layer."""\n')
    (root / "__init__.py").write_text("")
    (root / "base" / "model.py").write_text("def later():\n    from notices.build import writer\n")
    (root / "build" / "writer.py").write_text("from ..base.model import later\n")
    graph = _graph(root)
    assert "notices.base.model (base) imports notices.build.writer (build)" in _upward(graph)
    assert _cycles(graph) == [["notices.base.model", "notices.build.writer", "notices.base.model"]]
