"""Each layer imports only from the layers below it (see docs/architecture.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "greenprocure"

#: The layer of every top-level module or subpackage; 0 is the lowest.
LAYERS: dict[str, int] = {
    # values
    "_fork": 0,
    "_gc": 0,
    "errors": 0,
    "i18n": 0,
    "money": 0,
    "period": 0,
    "units": 0,
    # model
    "jurisdictions": 1,
    "certifications": 1,
    "purchases": 1,
    "targets": 1,
    "policy": 1,
    "procura": 1,
    "impact": 1,
    # rules
    "rules": 2,
    # evaluation
    "evaluation": 3,
    # edges
    "io": 4,
    "report": 4,
    "datasets": 4,
    "cli": 4,
    "__main__": 4,
}


def _top(path: Path) -> str:
    relative = path.relative_to(SRC)
    return relative.parts[0].removesuffix(".py")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == "greenprocure" and len(parts) > 1:
                found.add(parts[1])
    return found


MODULES = sorted(p for p in SRC.rglob("*.py") if p.name != "__init__.py" or p.parent != SRC)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(SRC)))
def test_module_imports_only_from_lower_layers(path: Path) -> None:
    top = _top(path)
    assert top in LAYERS, f"{top} is not assigned a layer in tests/test_layers.py"
    for imported in _imports(path):
        if imported == top:
            continue
        assert imported in LAYERS, f"{path.name} imports unknown module greenprocure.{imported}"
        assert LAYERS[imported] <= LAYERS[top], (
            f"{path.relative_to(SRC)} (layer {LAYERS[top]}) imports greenprocure.{imported}"
            f" (layer {LAYERS[imported]})"
        )
