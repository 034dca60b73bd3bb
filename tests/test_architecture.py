"""Layers import downward only, and nothing below ``experiments`` prints or shows progress."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "gamegroup"
PRIVATE = "_private"

# What each layer may import from gamegroup (its own layer included).
ALLOWED = {
    PRIVATE: {PRIVATE},
    "networks": {PRIVATE, "networks"},
    "games": {PRIVATE, "networks", "games"},
    "equilibria": {PRIVATE, "networks", "games", "equilibria"},
    "dynamics": {PRIVATE, "networks", "games", "equilibria", "dynamics"},
    "testing": {PRIVATE, "networks", "games", "equilibria", "dynamics", "testing"},
    "experiments": {PRIVATE, "networks", "games", "equilibria", "dynamics", "experiments"},
}
# Modules that present the package as a whole.
FACADES = {"__init__", "__main__"}


def layer_of(module: str) -> str | None:
    """Layer of a dotted module name inside gamegroup, or None for the facades."""
    parts = module.split(".")
    if len(parts) == 1 or parts[1] in FACADES:
        return None
    return PRIVATE if parts[1].startswith("_") else parts[1]


def module_name(path: Path) -> str:
    relative = path.relative_to(PACKAGE.parent).with_suffix("")
    return ".".join(relative.parts)


def imported_modules(tree: ast.AST, current: str) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = current.split(".")[: -node.level]
                found.append(".".join([*base, node.module] if node.module else base))
            elif node.module:
                found.append(node.module)
    return [m for m in found if m == "gamegroup" or m.startswith("gamegroup.")]


SOURCES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_layers_import_downward_only(path):
    current = module_name(path)
    layer = layer_of(current)
    if layer is None:
        return
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for target in imported_modules(tree, current):
        target_layer = layer_of(target)
        assert target_layer is not None, f"{current} imports the package facade {target}"
        assert target_layer in ALLOWED[layer], (
            f"{current} (layer {layer!r}) imports {target} (layer {target_layer!r})"
        )


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_nothing_below_experiments_prints(path):
    current = module_name(path)
    if layer_of(current) in (None, "experiments"):
        return
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            assert node.func.id != "print", f"{current}:{node.lineno} prints"
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            assert not (node.value.id == "sys" and node.attr in {"stdout", "stderr"}), (
                f"{current}:{node.lineno} writes to {node.attr}"
            )
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
            )
            for name in names:
                root = name.split(".")[0]
                assert root not in {"tqdm", "rich"}, f"{current}:{node.lineno} shows progress"


def test_importing_the_package_pulls_in_no_plotting_progress_or_cluster_library():
    code = (
        "import sys, gamegroup, gamegroup.games, gamegroup.networks, gamegroup.testing;"
        "bad = sorted(m for m in ('matplotlib', 'tqdm', 'rich', 'dask', 'distributed', "
        "'egttools', 'pygambit', 'quantecon') if m in sys.modules);"
        "print(','.join(bad))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_the_checker_recognises_an_upward_import():
    tree = ast.parse("from gamegroup.experiments import sweep\nimport numpy\n")
    imports = imported_modules(tree, "gamegroup.games.symmetric")
    assert imports == ["gamegroup.experiments"]
    assert layer_of(imports[0]) not in ALLOWED["games"]
    relative = imported_modules(ast.parse("from ..equilibria import nash"), "gamegroup.games.x")
    assert relative == ["gamegroup.equilibria"]
