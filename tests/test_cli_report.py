"""``greenprocure report``: the command line over files."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from greenprocure import AttainmentReport
from greenprocure.cli import main

PURCHASES = """\
구매번호,수요기관,구매일자,품목,구매금액,인증구분,인증번호
A-001,경상남도,2021.06.01,레미콘,"600,000,000원",저탄소제품,LC-2021-017
A-002,경상남도,2021.11.02,복사용지,"400,000,000원",환경표지,16052
A-003,경상남도,2022.03.02,레미콘,"862,399,000원",저탄소제품,LC-2021-017
A-004,경상남도,2022. 9. 30.,복사용지,"1,000원",환경표지,16052
A-005,경상남도,2022.05.05,사무용가구,"77,000원",GR,GR-2018-001
A-006,부산광역시,2021.03.03,복사용지,"1,000,000,000원",환경표지,16052
A-007,부산광역시,2022.04.04,복사용지,"787,600,000원",환경표지,16052
A-008,부산광역시,2022.04.05,토너,"5,000,000원",,
A-009,강원도,2021.07.07,복사용지,"1,000,000,000원",환경표지,16052
A-010,강원도,2022.08.08,복사용지,"682,440,000원",환경표지,16052
A-011,전라남도,2021.07.07,복사용지,"1,000,000,000원",환경표지,16052
A-012,전라남도,2022.08.08,복사용지,"681,560,000원",환경표지,16052
A-013,창원시,2022.02.02,복사용지,"300,000,000원",환경표지,16052
A-015,경상남도,2022.10.01,복사용지,"5,000원",환경표지,16052
A-016,부산광역시,2022.06.01,LED조명,"3,000,000원",EU Ecolabel,EU-1
"""
BAD_ROW = 'A-014,서울특별시,2022.02.30,복사용지,"1,000원",환경표지,16052\n'
CERTIFICATES = """\
scheme,number,holder,product,valid_from,valid_until,status,status_date
kr-eco-label,16052,한솔제지(주),복사용지,2020-01-01,2023-12-31,active,
kr-low-carbon,LC-2021-017,세기산업(주),레미콘,2021-01-01,2023-12-31,active,
kr-gr,GR-2018-001,가구(주),책상,2018-01-01,2021-12-31,active,
eu-ecolabel,EU-1,Lumen,LED,2020-01-01,2025-12-31,active,
"""
RULE = '''
from greenprocure import Money
from greenprocure.rules import Verdict, eligibility


@eligibility("acme.exclude-small", minimum=Money.krw(10_000_000))
def exclude_small(purchase, context, *, minimum):
    """Purchases below a minimum amount do not count."""
    if purchase.amount < minimum:
        return Verdict.refuse("too-small", "below {minimum}", minimum=minimum)
    return Verdict.accept()
'''


@pytest.fixture
def files(tmp_path: Path) -> dict[str, str]:
    paths = {
        "good": tmp_path / "purchases.csv",
        "bad": tmp_path / "purchases_bad.csv",
        "certificates": tmp_path / "certificates.csv",
        "baseline": tmp_path / "baseline.csv",
        "targets": tmp_path / "targets.csv",
        "rule": tmp_path / "acme.py",
    }
    paths["good"].write_text(PURCHASES, encoding="utf-8")
    paths["bad"].write_text(PURCHASES + BAD_ROW, encoding="cp949")
    paths["certificates"].write_text(CERTIFICATES, encoding="utf-8-sig")
    paths["baseline"].write_text(
        '지방정부,연도,금액\n경상남도,2021,"2,000,000,000원"\n부산,2021,1000000000\n',
        encoding="utf-8",
    )
    paths["targets"].write_text(
        "code,year,amount,rate\n2600000000,2022,1575200000,\n", encoding="utf-8"
    )
    paths["rule"].write_text(RULE, encoding="utf-8")
    return {name: str(path) for name, path in paths.items()}


def report(files: dict[str, str], *extra: str, purchases: str = "good") -> list[str]:
    return [
        "report",
        files[purchases],
        "--certificates",
        files["certificates"],
        "--period",
        "2022-01..2022-09",
        *extra,
    ]


def test_the_table_in_korean(files: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(report(files)) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].split()[:2] == ["순위", "지방정부"]
    assert [line.split()[:2] for line in lines[2:6]] == [
        ["1", "경상남도"],
        ["2", "부산광역시"],
        ["3", "강원도"],
        ["3", "전라남도"],  # 62.04% and 61.96% both show as 62.0%: one rank
    ]
    assert "78.4%" in lines[2]
    assert "순항" in lines[2]
    assert "목표 없음" in lines[6]  # 창원시: no previous-year purchases
    assert lines[7] == (
        "읽은 구매 15건: 인정 11건, 불인정 3건, 산정 제외 0건, 기간 외 1건"
        " (kr-priority-cities@2022, 2022-01..2022-09)"
    )


def test_rejected_rows_go_to_stderr_and_exit_1(
    files: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(report(files, "--locale", "en", purchases="bad")) == 1
    captured = capsys.readouterr()
    assert "1 of 16 rows rejected" in captured.err
    assert "line 17, date '2022.02.30'" in captured.err
    assert "Gyeongsangnam-do" in captured.out  # the report is printed all the same


def test_explain_by_name(files: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(report(files, "--explain", "경남", "--locale", "en")) == 0
    out = capsys.readouterr().out
    explanation = out[out.index("Gyeongsangnam-do (4800000000)") :]
    assert "period 2022-01..2022-09: counted 2 (₩862,400,000), refused 1 (₩77,000)" in explanation
    assert "expired: 1 (₩77,000), e.g. A-005: certificate kr-gr GR-2018-001 expired" in explanation
    assert "target: ₩1,100,000,000 — 2021 counted amount ₩1,000,000,000 × 1.10" in explanation
    assert "attainment: 78.4%, status: on track" in explanation
    assert "2021 (baseline year): counted 2 (₩1,000,000,000)" in explanation


def test_json(files: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(report(files, "--format", "json", "--explain", "부산")) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["period"], data["ruleset"]) == ("2022-01..2022-09", "kr-priority-cities@2022")
    assert data["purchases"] == {
        "read": 15,
        "counted": 11,
        "refused": 3,
        "excluded": 0,
        "outside": 1,
    }
    assert [(r["code"], r["attainment_percent"], r["rank"], r["status"]) for r in data["rows"]] == [
        ("4800000000", "78.4", 1, "on-track"),
        ("2600000000", "71.6", 2, "behind"),
        ("4200000000", "62.0", 3, "behind"),
        ("4600000000", "62.0", 3, "behind"),
        ("4812000000", None, None, "no-target"),
    ]
    busan = data["rows"][1]
    assert (busan["name_ko"], busan["name_en"], busan["level"]) == ("부산광역시", "Busan", "metro")
    assert (busan["amount"], busan["target"]) == ("787600000", "1100000000")
    reasons = {
        (r["rule"], reason["code"]): reason["count"]
        for r in data["explanation"]["counts"]["rules"]
        for reason in r["reasons"]
    }
    assert reasons == {
        ("kr.eligibility.valid-certificate", "no-certificate"): 1,
        ("kr.eligibility.valid-certificate", "non-counting-scheme"): 1,
    }
    assert AttainmentReport.from_dict(data).rows[0].code == "4800000000"


def test_csv_and_markdown(files: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(report(files, "--format", "csv")) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["code"], r["amount"], r["attainment_percent"], r["status"]) for r in rows][:2] == [
        ("4800000000", "862400000", "78.4", "순항"),
        ("2600000000", "787600000", "71.6", "미달"),
    ]
    assert main(report(files, "--format", "md", "--locale", "en")) == 0
    out = capsys.readouterr().out
    assert "| 1 | Gyeongsangnam-do | ₩862,400,000 | ₩1,100,000,000 | 78.4% | on track |" in out


def test_baseline_and_target_files(
    files: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    argv = report(
        files, "--baseline", files["baseline"], "--targets", files["targets"], "--format", "json"
    )
    assert main(argv) == 0
    rows = {r["code"]: r for r in json.loads(capsys.readouterr().out)["rows"]}
    assert rows["4800000000"]["target"] == "2200000000"  # from the baseline file, × 1.10
    assert rows["2600000000"]["target"] == "1575200000"  # the explicit target wins
    assert rows["2600000000"]["attainment_percent"] == "50.0"
    assert rows["4200000000"]["status"] == "no-target"  # not in the baseline file


def test_level_and_rollup(files: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(report(files, "--level", "metro", "--rollup", "--format", "json")) == 0
    rows = json.loads(capsys.readouterr().out)["rows"]
    assert [r["code"] for r in rows] == ["4800000000", "2600000000", "4200000000", "4600000000"]
    assert rows[0]["rollup_amount"] == "1162400000"  # 경상남도 with 창원시


def test_a_custom_rule_and_another_rule_set(
    files: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    argv = report(files, "--rule", f"{files['rule']}:exclude_small", "--format", "json")
    assert main(argv) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["ruleset"] == "kr-priority-cities@2022+acme.exclude-small"
    assert data["rows"][0]["amount"] == "862399000"  # the ₩1,000 purchase is too small
    assert main(report(files, "--rules", "kr-green-share", "--format", "json")) == 0
    assert json.loads(capsys.readouterr().out)["ruleset"] == "kr-green-share@2019"


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (("--rules", "kr-priority-citeis"), "kr-priority-cities@2022"),
        (("--rule", "no.such.rule"), "no rule 'no.such.rule'"),
        (("--period", "2022-13"), "not a calendar month"),
    ],
)
def test_usage_errors_exit_2(
    files: dict[str, str], capsys: pytest.CaptureFixture[str], extra: tuple[str, ...], message: str
) -> None:
    assert main([*report(files, "--locale", "en"), *extra]) == 2
    assert message in capsys.readouterr().err


def test_a_missing_file_is_a_usage_error(
    files: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", "/no/such.csv", "--period", "2022", "--locale", "en"]) == 2
    assert "no such file" in capsys.readouterr().err


def test_help_lists_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "--help"]) == 0
    assert "--explain" in capsys.readouterr().out
