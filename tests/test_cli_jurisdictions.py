"""``greenprocure jurisdictions``: tables, JSON, filters and errors."""

from __future__ import annotations

import json

import pytest

from greenprocure.cli import main
from greenprocure.cli._common import display_width

KEYS = {"code", "name_ko", "name_en", "level", "kind", "parent_code", "valid_from", "valid_until"}


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> list[dict[str, object]]:
    assert main(["jurisdictions", "--format", "json", *argv]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert isinstance(rows, list)
    return rows


def test_json_lists_the_metros_of_a_day(capsys: pytest.CaptureFixture[str]) -> None:
    rows = _json(capsys, "--on", "2022-10-20", "--level", "metro")
    assert len(rows) == 17
    assert all(set(row) == KEYS for row in rows)
    gangwon = next(row for row in rows if row["code"] == "4200000000")
    assert gangwon == {
        "code": "4200000000",
        "name_ko": "강원도",
        "name_en": "Gangwon-do",
        "level": "metro",
        "kind": "도",
        "parent_code": None,
        "valid_from": "2019-01-01",
        "valid_until": "2023-06-10",
    }


def test_json_counts_on_three_days(capsys: pytest.CaptureFixture[str]) -> None:
    assert len(_json(capsys, "--on", "2022-10-20", "--level", "basic")) == 226
    assert len(_json(capsys, "--on", "2026-11-25", "--level", "basic")) == 227
    assert len(_json(capsys, "--on", "2026-11-25")) == 243


def test_within_lists_the_children(capsys: pytest.CaptureFixture[str]) -> None:
    before = _json(capsys, "--on", "2023-06-30", "--within", "대구")
    after = _json(capsys, "--on", "2023-07-01", "--within", "2700000000")
    assert [row["name_ko"] for row in before] == [
        "중구", "동구", "서구", "남구", "북구", "수성구", "달서구", "달성군",
    ]  # fmt: skip
    assert [row["code"] for row in after][-1] == "2772000000"


def test_a_name_shows_the_one_it_means_with_a_note(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["jurisdictions", "강원도", "--on", "2024-01-01", "--format", "json", "--locale", "en"]
    assert main(argv) == 0
    captured = capsys.readouterr()
    assert [row["code"] for row in json.loads(captured.out)] == ["5100000000"]
    assert captured.err.strip() == "note: Gangwon-do was renamed Gangwon State on June 11, 2023"


def test_the_table_lines_up_hangul(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["jurisdictions", "--on", "2026-11-25", "--within", "인천", "--locale", "ko"]) == 0
    lines = capsys.readouterr().out.splitlines()
    header, rule, *rows = lines
    assert header.split()[:3] == ["코드", "국문명", "영문명"]
    assert "제물포구" in "\n".join(rows)
    assert len(rows) == 11
    # Every row's English name starts in the same terminal column as its header.
    start = display_width(header[: header.index("영문명")])
    for row in rows:
        english = row.split()[2]
        assert display_width(row[: row.index(english)]) == start
    assert rule.startswith("-" * 10 + "  ")


def test_english_headers(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["jurisdictions", "--on", "2022-10-20", "--within", "세종", "--locale", "en"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split()[:3] == ["code", "Korean", "name"]
    assert len(out.splitlines()) == 2  # 세종 has no basic governments


@pytest.mark.parametrize("within", ["중구", "Atlantis"])
def test_unknown_or_ambiguous_within_is_one_line_and_exit_1(
    within: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["jurisdictions", "--on", "2022-10-20", "--within", within]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("greenprocure jurisdictions: ")
    assert repr(within) in lines[0]


@pytest.mark.parametrize("day", ["2022-13-01", "20221020x", "2018-12-31"])
def test_bad_dates_exit_2(day: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["jurisdictions", "--on", day, "--locale", "en"]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert "2022-13-01" in err or "20221020x" in err or "January 1, 2019" in err


def test_output_file(tmp_path: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]) -> None:
    target = f"{tmp_path}/metros.json"
    argv = ["jurisdictions", "--on", "2026-11-25", "--level", "metro", "--format", "json"]
    assert main([*argv, "--output", target]) == 0
    with open(target, encoding="utf-8") as handle:
        rows = json.load(handle)
    assert [row["code"] for row in rows][:2] == ["1100000000", "1200000000"]
    assert capsys.readouterr().out == ""


def test_a_day_after_the_data_is_answered_with_a_one_line_note(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["jurisdictions", "--on", "2031-01-01", "--level", "metro", "--locale", "en"]) == 0
    captured = capsys.readouterr()
    assert "Seoul" in captured.out
    notes = captured.err.strip().splitlines()
    assert len(notes) == 1
    assert notes[0].startswith("note: the jurisdiction data knows changes only up to")
