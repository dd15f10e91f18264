"""Audit fixes: the two 중구 told apart, writing by suffix, Korean argparse errors, progress."""

from __future__ import annotations

import datetime as dt
import io
import json
import pickle
import sys
from importlib.resources import files
from pathlib import Path

import pytest

from greenprocure import AttainmentReport, Money, evaluate
from greenprocure.certifications import Certificate
from greenprocure.cli import _common, main
from greenprocure.cli._common import Output, rows_read_progress
from greenprocure.io import (
    as_given,
    read_certificates,
    read_purchases,
    write_certificates,
    write_purchases,
)
from greenprocure.jurisdictions import korea
from greenprocure.purchases import Purchase
from greenprocure.report import attainment_markdown, attainment_table

DATA = files("greenprocure.datasets") / "data"
SAMPLE = [
    "report",
    str(DATA / "sample_2022_purchases.csv"),
    "--certificates",
    str(DATA / "sample_2022_certificates.csv"),
    "--baseline",
    str(DATA / "sample_2021_baseline.csv"),
    "--period",
    "2022-01..2022-09",
    "--level",
    "basic",
]

# -- 1. basic governments are named with their parent --------------------------


@pytest.mark.parametrize(
    ("locale", "names"),
    [
        ("ko", ["대구광역시 중구", "대전광역시 중구"]),
        ("en", ["Jung-gu, Daegu", "Jung-gu, Daejeon"]),
    ],
)
@pytest.mark.parametrize("fmt", ["table", "md"])
def test_the_two_jung_gu_read_differently(
    capsys: pytest.CaptureFixture[str], locale: str, names: list[str], fmt: str
) -> None:
    assert main([*SAMPLE, "--locale", locale, "--format", fmt]) == 0
    out = capsys.readouterr().out
    lines = [line for line in out.splitlines() if "중구" in line or "Jung-gu" in line]
    assert len(lines) == 2
    for line, name in zip(lines, names, strict=True):
        cells = [c.strip() for c in line.strip("|").split("|")] if fmt == "md" else None
        if cells is not None:
            assert cells[1] == name
        else:
            assert f"  {name}  " in line


def test_the_explanation_header_names_the_parent(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*SAMPLE, "--explain", "2711000000"]) == 0
    out = capsys.readouterr().out
    assert "\n대구광역시 중구 (2711000000) — kr-priority-cities@2022\n" in out
    assert main([*SAMPLE, "--explain", "3014000000", "--locale", "en", "--format", "md"]) == 0
    out = capsys.readouterr().out
    assert "### Jung-gu, Daejeon (3014000000) — kr-priority-cities@2022" in out


def _evaluated(codes: list[str]) -> AttainmentReport:
    ledger = [
        Purchase(f"p{i}", code, dt.date(2022, 3, 1), "복사용지", Money.krw(50_000))
        for i, code in enumerate(codes)
    ]
    return evaluate(
        ledger,
        "kr-priority-cities",
        period="2022-01..2022-09",
        targets={code: Money.krw(1_000_000) for code in codes},
        registry=korea(),
    )


def test_without_the_parents_name_the_code_tells_them_apart() -> None:
    report = _evaluated(["2711000000", "3014000000"])
    table = attainment_table(report, "ko")
    assert "대구광역시 중구" in table
    assert "대전광역시 중구" in table
    # Pickled, a report keeps neither the registry nor names it did not see.
    light = pickle.loads(pickle.dumps(report))
    table = attainment_markdown(light, "en")
    assert "| Jung-gu (2711000000) |" in table
    assert "| Jung-gu (3014000000) |" in table


def test_a_parent_the_report_saw_names_its_children_without_a_registry() -> None:
    light = pickle.loads(pickle.dumps(_evaluated(["2700000000", "2711000000", "3014000000"])))
    table = attainment_table(light, "ko")
    assert "  대구광역시 중구  " in table
    assert "  중구 (3014000000)  " in table


# -- 2. write_* choose the format by the path's suffix ------------------------


PURCHASES = [
    Purchase("p1", "4812000000", dt.date(2022, 3, 1), "레미콘", Money.krw(36_000_000)),
    Purchase("p2", "2711000000", dt.date(2022, 4, 2), "복사용지", Money.krw(50_000)),
]


def test_purchases_round_trip_through_jsonl_without_a_format(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    assert write_purchases(PURCHASES, path) == 2
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert json.loads(first)["id"] == "p1"
    result = read_purchases(path, buyers=as_given)
    assert list(result.records) == PURCHASES


@pytest.mark.parametrize(
    ("name", "fmt", "head"),
    [
        ("p.json-lines", None, "{"),
        ("p.csv", None, "\ufeffid,"),
        ("p.txt", None, "\ufeffid,"),
        ("p.jsonl", "csv", "\ufeffid,"),
        ("p.csv", "jsonl", "{"),
    ],
)
def test_the_suffix_chooses_unless_a_format_is_given(
    tmp_path: Path, name: str, fmt: str | None, head: str
) -> None:
    path = tmp_path / name
    write_purchases(PURCHASES, path, fmt)
    assert path.read_text(encoding="utf-8").startswith(head)


def test_certificates_round_trip_through_jsonl_without_a_format(tmp_path: Path) -> None:
    certificate = Certificate(
        "kr-eco-label", "16052", dt.date(2021, 12, 30), dt.date(2024, 12, 29), holder="(주)인증"
    )
    path = tmp_path / "c.jsonl"
    assert write_certificates([certificate], path) == 1
    assert json.loads(path.read_text(encoding="utf-8"))["number"] == "16052"
    assert list(read_certificates(path, default_terms=False).records) == [certificate]
    out = io.StringIO()
    write_certificates([certificate], out)
    assert out.getvalue().startswith("scheme,number,")


# -- 3. argparse's errors in the default locale ------------------------------


def test_argparse_errors_are_korean_without_locale(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--format", "csv"]) == 2
    err = capsys.readouterr().err
    assert err == (
        "greenprocure demo: 오류: 인수 --format: 잘못된 선택입니다: 'csv'"
        " (선택 가능: 'table', 'json', 'md', 'html') (도움말: greenprocure demo --help)\n"
    )


def test_help_stays_english_without_locale(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--help"]) == 0
    assert capsys.readouterr().out.startswith("usage: greenprocure demo")


# -- 4. progress only after a while, and its line ended -----------------------


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """A fake clock; standard error (as captured) is made a terminal in each test."""
    clock = Clock()
    monkeypatch.setattr(_common, "_monotonic", clock)
    return clock


def a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    # Within the test, sys.stderr is capsys's stream: make that one a terminal.
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)


def test_progress_waits_two_seconds_then_ends_its_line(
    terminal: Clock, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    a_terminal(monkeypatch)
    output = Output("en", "table", io.StringIO())
    progress = rows_read_progress(output)
    progress(100_000)
    terminal.now += 1.9
    progress(200_000)
    assert capsys.readouterr().err == ""
    terminal.now += 0.2
    progress(300_000)
    progress(312_345)
    progress.finish()
    progress.finish()
    assert capsys.readouterr().err == "\r300000 rows read\r312345 rows read\n"


def test_a_quick_load_shows_no_progress(
    terminal: Clock, capsys: pytest.CaptureFixture[str]
) -> None:
    output = Output("ko", "table", io.StringIO())
    progress = rows_read_progress(output)
    progress(10)
    progress.finish()
    assert capsys.readouterr().err == ""


def test_a_slow_load_ends_the_line_before_the_rejections(
    terminal: Clock,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "p.csv"
    path.write_text(
        "id,buyer,date,item,amount\np1,2711000000,2022-03-01,복사용지,1000\n"
        "p2,2711000000,not-a-date,복사용지,1000\n",
        encoding="utf-8",
    )

    def slow() -> float:  # every look at the clock is ten seconds later
        terminal.now += 10
        return terminal.now

    monkeypatch.setattr(_common, "_monotonic", slow)
    a_terminal(monkeypatch)
    assert main(["report", str(path), "--period", "2022", "--locale", "en"]) == 1
    lines = capsys.readouterr().err.split("\n")
    assert lines[0] == "\r2 rows read"
    assert lines[1] == f"purchases {path}: 1 of 2 rows rejected"
