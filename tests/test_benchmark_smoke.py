"""The benchmark's small size as a smoke test: greenprocure agrees with pandas and polars.

Generates the 10,000-line national ledger of ``benchmarks/generate.py`` in a
temporary folder and checks that ``benchmarks/run_greenprocure.py`` gives
the same per-jurisdiction figures (code, counted amount, target, attainment
to 0.1%) as the pandas and the polars scripts. It checks results, not time.
Needs the ``bench`` extra (``pip install -e '.[bench]'``).
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def _script(name: str) -> ModuleType:
    if str(BENCHMARKS) not in sys.path:
        sys.path.insert(0, str(BENCHMARKS))
    return importlib.import_module(name)


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("ledger")
    _script("generate").generate(10_000, folder)
    return folder


@pytest.fixture(scope="module")
def ours(ledger: Path) -> dict[str, object]:
    figures: dict[str, object] = _script("run_greenprocure").figures(ledger)
    return figures


def test_the_ledger_is_national_and_deterministic(ledger: Path, tmp_path: Path) -> None:
    generate = _script("generate")
    again = generate.generate(10_000, tmp_path)
    assert again[0].read_bytes() == (ledger / "purchases.csv").read_bytes()
    assert len(generate.jurisdiction_codes()) == 243
    lines = (ledger / "purchases.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == 10_001


def test_every_government_has_a_row(ours: dict[str, object]) -> None:
    rows = ours["rows"]
    assert isinstance(rows, list)
    assert len(rows) == 243
    assert all(row["target"] is None or row["target"] > 0 for row in rows)


@pytest.mark.parametrize("peer", ["peer_pandas", "peer_polars"])
def test_greenprocure_equals_the_peer(peer: str, ledger: Path, ours: dict[str, object]) -> None:
    library = "pandas" if peer == "peer_pandas" else "polars"
    pytest.importorskip(
        library, reason=f"{library} is not installed: install the bench extra ('.[bench]')"
    )
    assert _script(peer).figures(ledger) == ours
