"""The layer rules of DESIGN.md, checked on the source: the core never imports Qt and every
dependency points down (ui -> export, measure, store -> analysis -> model)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "vsm_desktop"
QT = ("PySide6", "pyqtgraph", "shiboken6")
#: What each core layer may import from the project (besides itself).
ALLOWED = {
    "model": set(),
    "analysis": {"model"},
    "store": {"model", "analysis"},
    "measure": {"model", "analysis", "store"},
    "export": {"model", "analysis", "store", "measure"},
}


def imports_of(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the file's package
                parts = path.relative_to(PACKAGE.parent).with_suffix("").parts[: -node.level]
                base = ".".join(parts)
                found.append((node.lineno, f"{base}.{node.module}" if node.module else base))
            elif node.module:
                found.append((node.lineno, node.module))
    return found


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_core_layers_import_no_qt_and_only_lower_layers(layer: str) -> None:
    problems = []
    for path in sorted((PACKAGE / layer).rglob("*.py")):
        for line, module in imports_of(path):
            where = f"{path.relative_to(PACKAGE.parent)}:{line}"
            if module.split(".")[0] in QT:
                problems.append(f"{where} imports {module}")
            if module.startswith("vsm_desktop."):
                other = module.split(".")[1]
                if other != layer and other in {*ALLOWED, "ui", "cli"} - ALLOWED[layer]:
                    problems.append(f"{where} imports {module} (layer {other})")
    assert problems == []


def test_importing_the_whole_core_loads_no_qt() -> None:
    code = (
        "import sys, importlib, pkgutil, vsm_desktop\n"
        f"for layer in {sorted(ALLOWED)!r}:\n"
        "    pkg = importlib.import_module('vsm_desktop.' + layer)\n"
        "    for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "        importlib.import_module(info.name)\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {QT!r}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
