"""The chart example of docs/howto/reports-and-charts.md runs (with the 'plot' extra)."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pytest

from greenprocure.datasets import priority_cities_2022

pytest.importorskip("matplotlib", reason="the chart needs the optional extra 'plot' (matplotlib)")

PAGE = Path(__file__).resolve().parent.parent / "docs" / "howto" / "reports-and-charts.md"


def test_the_chart_example_draws_an_svg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocks = re.findall(r"```python\n(.*?)```", PAGE.read_text("utf-8"), re.S)
    (code,) = [block for block in blocks if "plot_attainment(r," in block]
    monkeypatch.chdir(tmp_path)
    with warnings.catch_warnings():
        # Without a Hangul font the chart falls back to English labels, with a warning.
        warnings.simplefilter("ignore", UserWarning)
        exec(compile(code, str(PAGE), "exec"), {"r": priority_cities_2022().evaluate_sample()})
    svg = (tmp_path / "attainment.svg").read_text("utf-8")
    assert svg.startswith("<?xml")
    assert "78.4" in svg
