"""Every public name has a docstring, so the API reference has no gaps.

The public names are those in the ``__all__`` of ``greenprocure`` and of each
of its submodules whose dotted path has no part starting with ``_``. For each:

* a module, class, function or method needs its own ``__doc__``;
* a class also needs a docstring on every public method, class method, static
  method and property that a class of the package defines (inherited ones
  from the standard library are not ours to document), and every public
  attrs field must be described, either in the class docstring (``name:`` in an
  ``Attributes:`` or ``Args:`` section) or by a ``#:`` comment above it;
* a module-level constant needs a ``#:`` comment above its assignment or a
  string literal right below it (what mkdocstrings shows).

The test lists every gap at once.
"""

from __future__ import annotations

import ast
import enum
import functools
import importlib
import inspect
import pkgutil
import re
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs

import greenprocure

PACKAGE = greenprocure.__name__


def _public_modules() -> list[str]:
    names = [PACKAGE]
    for info in pkgutil.walk_packages(greenprocure.__path__, prefix=f"{PACKAGE}."):
        if any(part.startswith("_") for part in info.name.split(".")[1:]):
            continue
        names.append(info.name)
    return sorted(names)


def _ours(obj: object) -> bool:
    module = getattr(obj, "__module__", None) or ""
    return module == PACKAGE or module.startswith(f"{PACKAGE}.")


def _own_doc(obj: object) -> str | None:
    doc = vars(obj).get("__doc__") if isinstance(obj, type) else getattr(obj, "__doc__", None)
    return doc if isinstance(doc, str) and doc.strip() else None


@functools.cache
def _tree(module_name: str) -> tuple[ast.Module, tuple[str, ...]] | None:
    try:
        module = importlib.import_module(module_name)
    except ImportError:
        return None
    file = getattr(module, "__file__", None)
    if file is None or not file.endswith(".py"):
        return None
    source = Path(file).read_text("utf-8")
    return ast.parse(source), tuple(source.splitlines())


def _targets(node: ast.stmt) -> list[str]:
    if isinstance(node, ast.Assign):
        return [t.id for t in node.targets if isinstance(t, ast.Name)]
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        return [node.target.id]
    return []


def _documented_assignment(body: list[ast.stmt], lines: tuple[str, ...], name: str) -> bool:
    """Whether an assignment of ``name`` in ``body`` has a ``#:`` comment above it or a
    string literal right below it."""
    for index, node in enumerate(body):
        if name not in _targets(node):
            continue
        above = lines[node.lineno - 2].strip() if node.lineno >= 2 else ""
        if above.startswith("#:"):
            return True
        following = body[index + 1] if index + 1 < len(body) else None
        if (
            isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
            and isinstance(following.value.value, str)
        ):
            return True
    return False


def _constant_documented(module_name: str, name: str, depth: int = 0) -> bool:
    """Whether the module-level assignment of ``name`` in ``module_name`` (or in the
    module it is imported from) is documented."""
    parsed = _tree(module_name)
    if parsed is None or depth > 5:
        return False
    tree, lines = parsed
    if _documented_assignment(tree.body, lines, name):
        return True
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                if (
                    (alias.asname or alias.name) == name
                    and node.module.startswith(PACKAGE)
                    and _constant_documented(node.module, alias.name, depth + 1)
                ):
                    return True
    return False


def _field_commented(cls: type, field: str) -> bool:
    """Whether ``field`` has a ``#:`` comment or docstring in the body of ``cls``."""
    parsed = _tree(cls.__module__)
    if parsed is None:
        return False
    tree, lines = parsed
    return any(
        isinstance(node, ast.ClassDef)
        and node.name == cls.__name__
        and _documented_assignment(node.body, lines, field)
        for node in ast.walk(tree)
    )


def _documented_in(doc: str, field: str) -> bool:
    return re.search(rf"^\s*{re.escape(field)}\s*(\(.*?\))?\s*:", doc, re.MULTILINE) is not None


def _class_gaps(cls: type, where: str) -> Iterator[str]:
    doc = _own_doc(cls)
    if doc is None:
        yield where
        return
    if attrs.has(cls):
        for field in attrs.fields(cls):
            if field.name.startswith("_"):
                continue
            documented = any(
                _documented_in(_own_doc(base) or "", field.name)
                or _field_commented(base, field.name)
                for base in cls.__mro__
                if _ours(base)
            )
            if not documented:
                yield f"{where}.{field.name} (attrs field not described in the class docstring)"
    seen: set[str] = set()
    for base in cls.__mro__:
        if not _ours(base):
            continue
        for member_name, member in vars(base).items():
            if member_name.startswith("_") or member_name in seen:
                continue
            seen.add(member_name)
            if isinstance(member, (staticmethod, classmethod)):
                member = member.__func__
            if isinstance(member, functools.cached_property):
                member = member.func
            if isinstance(member, (types.FunctionType, property)) and _own_doc(member) is None:
                yield f"{where}.{member_name}"


def _gaps(module_name: str, name: str, obj: Any) -> Iterator[str]:
    where = f"{module_name}.{name}"
    if isinstance(obj, types.ModuleType):
        if _own_doc(obj) is None:
            yield where
    elif isinstance(obj, type):
        if _ours(obj):
            yield from _class_gaps(obj, where)
    elif inspect.isroutine(obj) or isinstance(obj, functools.partial):
        if _own_doc(obj) is None:
            yield where
    elif isinstance(obj, enum.Enum):
        pass  # an enum member is described by its class
    elif not _constant_documented(module_name, name):
        yield f"{where} (constant without a #: comment or docstring)"


def _all_gaps() -> list[str]:
    gaps: list[str] = []
    checked: set[int] = set()
    for module_name in _public_modules():
        module = importlib.import_module(module_name)
        if _own_doc(module) is None:
            gaps.append(module_name)
        for name in getattr(module, "__all__", ()):
            if name.startswith("_"):
                continue
            obj = getattr(module, name)
            key = id(obj)
            if isinstance(obj, (type, types.FunctionType)) and key in checked:
                continue
            checked.add(key)
            gaps.extend(_gaps(module_name, name, obj))
    return gaps


def test_public_modules_are_found() -> None:
    modules = _public_modules()
    assert {"greenprocure", "greenprocure.money", "greenprocure.rules.core"} <= set(modules)
    assert not [m for m in modules if "._" in m]


def test_every_public_name_has_a_docstring() -> None:
    gaps = _all_gaps()
    assert not gaps, f"{len(gaps)} public name(s) without a docstring:\n" + "\n".join(gaps)


def test_the_check_finds_a_gap() -> None:
    @attrs.frozen
    class Undocumented:
        size: int

        def grow(self) -> int:
            return self.size + 1

    Undocumented.__module__ = f"{PACKAGE}.example"
    found = list(_class_gaps(Undocumented, "example.Undocumented"))
    assert found == ["example.Undocumented"]
    Undocumented.__doc__ = "A class.\n\nAttributes:\n    other: not the field.\n"
    found = list(_class_gaps(Undocumented, "example.Undocumented"))
    assert found == [
        "example.Undocumented.size (attrs field not described in the class docstring)",
        "example.Undocumented.grow",
    ]
