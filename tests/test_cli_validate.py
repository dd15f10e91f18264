"""``greenprocure validate``: counts, rejections, warnings, claims, exit statuses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from greenprocure.cli import main

DATA = Path(__file__).parent / "data"
PURCHASES = str(DATA / "purchases_cp949.csv")
CERTIFICATES = str(DATA / "keiti_ecolabel_cp949.csv")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(["validate", *argv])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_json_report_of_the_cp949_sample(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, PURCHASES, "--format", "json", "--locale", "en")
    assert status == 1
    report = json.loads(out)
    assert (report["read"], report["accepted"], len(report["rejected"])) == (10, 4, 6)
    assert report["encoding"] == "cp949"
    first = report["rejected"][0]
    assert (first["line"], first["field"], first["value"], first["code"]) == (
        6,
        "buyer",
        "중구",
        "ambiguous-buyer",
    )
    assert first["reason"].startswith("buyer '중구' is ambiguous")
    assert [(r["line"], r["field"], r["value"]) for r in report["rejected"][1:]] == [
        (7, "amount", "1.234.000"),
        (8, "date", "2022-02-30"),
        (9, "unit", "통"),
        (13, "amount", "-50,000"),
        (14, "certificate_scheme", "친환경인증"),
    ]
    assert [w["code"] for w in report["warnings"]] == ["preamble"]


def test_the_reason_is_rendered_in_the_locale(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, PURCHASES, "--format", "json", "--locale", "ko")
    reasons = [r["reason"] for r in json.loads(out)["rejected"]]
    assert reasons[2] == "일자 '2022-02-30'은(는) 달력에 없는 날짜입니다"


def test_table_report(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, PURCHASES, "--locale", "en")
    assert status == 1
    lines = out.splitlines()
    assert lines[0] == f"purchases: {PURCHASES}"
    assert lines[1] == "10 rows read: 4 accepted, 6 rejected (cp949, csv)"
    assert any(line.startswith("7     구매금액") and "'1.234.000'" in line for line in lines)
    assert "warnings:" in lines


def test_all_rows_accepted_exits_zero(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "ok.csv"
    path.write_text("id,buyer,date,amount\np,창원시,2022-03-01,1000\n", encoding="utf-8")
    status, out, _ = run(capsys, str(path), "--format", "json")
    assert status == 0
    report = json.loads(out)
    assert (report["read"], report["accepted"], report["rejected"]) == (1, 1, [])


def test_column_mapping(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "mapped.csv"
    path.write_text("구매처,일자,금액,담당\n창원시,2022-03-01,1000,홍길동\n", encoding="utf-8")
    status, out, _ = run(
        capsys, str(path), "--column", "구매처=buyer", "--column", "담당=", "--format", "json"
    )
    assert status == 0
    assert [w["code"] for w in json.loads(out)["warnings"]] == ["generated-ids"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--column", "구매처"], "is not HEADER=FIELD"),
        (["--column", "구매처=purchaser"], "'purchaser' is not a purchase field"),
        (["--format", "xml"], "invalid choice"),
    ],
)
def test_usage_errors_exit_two(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    status, _, err = run(capsys, PURCHASES, "--locale", "en", *argv)
    assert status == 2
    assert message in err


def test_a_missing_file_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "no-such-file.csv", "--locale", "en")
    assert status == 2
    assert "no such file: no-such-file.csv" in err


def test_a_file_that_is_not_csv(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    path.write_bytes(b"PK\x03\x04" + bytes(200))
    status, out, _ = run(capsys, str(path), "--format", "json", "--locale", "en")
    assert status == 1
    report = json.loads(out)
    assert (report["read"], report["accepted"], report["rejected"]) == (0, 0, [])
    assert "looks like a zip archive or an Excel workbook" in report["error"]


def test_with_a_certificate_list(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(
        capsys, PURCHASES, "--certificates", CERTIFICATES, "--format", "json", "--locale", "en"
    )
    assert status == 1
    report = json.loads(out)
    certificates = report["certificates"]
    assert (certificates["read"], certificates["accepted"]) == (7, 6)
    assert [r["code"] for r in certificates["rejected"]] == ["not-eco-label"]
    assert certificates["conflicts"] == [
        "certificate kr-eco-label 16052 is listed twice with overlapping validity for different"
        " holders: (주)한솔 and (주)다른회사"
    ]
    claims = report["claims"]
    assert claims["checked"] == 5
    assert [(c["line"], c["purchase"], c["number"], c["code"]) for c in claims["unconfirmed"]] == [
        (4, "GP-2022-0001", "LC-2021-017", "unknown-certificate"),
        (10, "GP-2022-0007", "LC-2021-017", "unknown-certificate"),
        (12, "GP-2022-0008", "GR-2021-0007", "unknown-certificate"),
    ]


def test_claims_in_the_table(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, PURCHASES, "--certificates", CERTIFICATES, "--locale", "en")
    assert "certificate claims checked: 5, not confirmed by the list: 3" in out
    assert (
        "  line 4, purchase GP-2022-0001: certificate kr-low-carbon LC-2021-017 is not in the"
        " certificate list"
    ) in out
    assert "conflicts:" in out
