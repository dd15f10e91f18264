"""Run every docstring example of the package and every ``>>>`` example in docs/."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
from pathlib import Path

import pytest

import greenprocure

ROOT = Path(__file__).resolve().parent.parent
OPTIONS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def _modules() -> list[str]:
    names = [greenprocure.__name__]
    for info in pkgutil.walk_packages(greenprocure.__path__, prefix="greenprocure."):
        if info.name.endswith("__main__"):
            continue
        names.append(info.name)
    return sorted(names)


@pytest.mark.parametrize("name", _modules())
def test_docstring_examples_run(name: str) -> None:
    module = importlib.import_module(name)
    finder = doctest.DocTestFinder(exclude_empty=True)
    runner = doctest.DocTestRunner(optionflags=OPTIONS)
    for test in finder.find(module, name):
        runner.run(test)
    results = runner.summarize(verbose=False)
    assert results.failed == 0, f"{results.failed} docstring example(s) failed in {name}"


def _doc_pages() -> list[Path]:
    return sorted(
        path for path in (ROOT / "docs").rglob("*.md") if ">>>" in path.read_text("utf-8")
    )


@pytest.mark.parametrize("page", _doc_pages(), ids=lambda p: str(p.relative_to(ROOT)))
def test_docs_examples_run(page: Path) -> None:
    results = doctest.testfile(
        str(page), module_relative=False, optionflags=OPTIONS, encoding="utf-8", verbose=False
    )
    assert results.failed == 0, f"{results.failed} example(s) failed in {page.name}"
