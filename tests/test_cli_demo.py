"""``greenprocure demo``: the main job."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from greenprocure.cli import main
from greenprocure.cli._common import display_width

EXPECTED = ["78.4", "71.6", "67.6", "67.5", "62.0", "62.0", "59.7", "58.0"]


@pytest.mark.parametrize("locale", ["ko", "en"])
def test_demo_table_shows_computed_equal_to_published(
    locale: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo", "--locale", locale]) == 0
    out = capsys.readouterr().out
    rows = [line for line in out.splitlines() if line.strip()[:1].isdigit() and "%" in line]
    assert len(rows) == 8
    for line, figure in zip(rows, EXPECTED, strict=True):
        assert line.count(f"{figure}%") == 2  # computed and published
        assert line.rstrip().split()[-2] == "=" or "=" in line
    assert [line.split()[0] for line in rows] == ["1", "2", "3", "4", "5", "5", "7", "8"]
    # columns line up although Hangul is two columns wide: the computed % ends at one column
    ends = {display_width(line[: line.index("%") + 1]) for line in rows}
    assert len(ends) == 1
    assert ("8 of 8 equal" in out) if locale == "en" else ("8곳 중 8곳 일치" in out)
    assert ("synthetic" in out) if locale == "en" else ("합성" in out)
    assert ("48 institutions in 17 countries" in out) if locale == "en" else ("17개국 48개" in out)


@pytest.mark.parametrize("locale", ["ko", "en"])
def test_demo_json_has_the_report_shape_and_published_figures(
    locale: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo", "--format", "json", "--locale", locale]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["period"] == "2022-01..2022-09"
    assert data["ruleset"] == "kr-priority-cities@2022"
    assert data["purchases"] == {"read": 212, "counted": 136, "refused": 68} | {
        k: v for k, v in data["purchases"].items() if k not in {"read", "counted", "refused"}
    }
    rows = data["rows"]
    assert [row["attainment_percent"] for row in rows] == EXPECTED
    assert [row["published"] for row in rows] == EXPECTED
    assert [row["rank"] for row in rows] == [1, 2, 3, 4, 5, 5, 7, 8]
    assert {"code", "name_ko", "name_en", "level", "amount", "target", "status"} <= set(rows[0])
    assert rows[0]["amount"].isdigit()
    assert data["all_equal"] is True
    assert data["synthetic"] is True


def test_demo_markdown_and_explain(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--format", "md", "--locale", "en", "--explain", "Busan"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# 2022 Green Purchasing Priority Cities")
    assert "| 1 | Gyeongsangnam-do |" in out
    assert "expired" in out


def test_demo_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--explain", "중구"]) == 1  # ambiguous: data problem, one line
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "중구" in err
    assert main(["demo", "--format", "xml"]) == 2


def test_demo_writes_to_output_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "demo.md"
    assert main(["demo", "--format", "md", "--output", str(target)]) == 0
    assert capsys.readouterr().out == ""
    assert target.read_text("utf-8").startswith("# 2022년 녹색구매 중점도시")
