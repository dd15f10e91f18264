"""``greenprocure tasks`` and ``greenprocure procura``, and the aligned tables they print."""

from __future__ import annotations

import json

import pytest

from greenprocure.cli import main
from greenprocure.cli._common import display_width, markdown_table, text_table


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


# -- tables ----------------------------------------------------------------------------


def test_display_width_counts_hangul_as_two_columns() -> None:
    assert display_width("경상남도") == 8
    assert display_width("Gyeongnam") == 9
    assert display_width("부산 Busan") == 10


def test_text_table_aligns_columns_with_hangul() -> None:
    table = text_table(
        ["지방정부", "교육"],
        [["경상남도", "1"], ["Seoul", "2"], ["강원도", "1"]],
    )
    assert table.splitlines() == [
        "지방정부  교육",
        "--------  ----",
        "경상남도  1",
        "Seoul     2",
        "강원도    1",
    ]


def test_text_table_wraps_wide_cells_by_display_width() -> None:
    table = text_table(["과제", "n"], [["녹색구매 정책 역량강화 교육", "9"]], max_width=12)
    lines = table.splitlines()
    assert all(display_width(line.split("  ")[0]) <= 12 for line in lines)
    assert lines == ["과제      n", "--------  -", "녹색구매  9", "정책", "역량강화", "교육"]


def test_markdown_table_escapes_pipes() -> None:
    assert markdown_table(["a"], [["x|y"]]).splitlines()[-1] == "| x\\|y |"


# -- tasks -----------------------------------------------------------------------------


def test_tasks_table_in_english(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "tasks", "--locale", "en")
    assert status == 0
    assert (
        "- policy roundtable with basic governments: done by 5 of 8 governments, 5 time(s) in all"
        in out
    )
    assert (
        "- green purchasing policy capacity-building training: done by 6 of 8 governments,"
        " 9 time(s) in all" in out
    )
    assert (
        "- company certification briefing: done by 2 of 8 governments, 2 time(s) in all;"
        " 1 more planned" in out
    )
    rows = {line.split("  ")[0]: line for line in out.splitlines()}
    assert "planned 2022-11" in rows["Gyeongsangnam-do"]
    assert "overdue" not in out


def test_tasks_table_in_korean_is_aligned(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "tasks", "--locale", "ko")
    assert status == 0
    assert "- 기초지방정부 정책간담회: 8개 지방정부 중 5곳 실시(총 5회)" in out
    assert "- 녹색구매 정책 역량강화 교육: 8개 지방정부 중 6곳 실시(총 9회)" in out
    assert "- 기업인증설명회: 8개 지방정부 중 2곳 실시(총 2회), 1건 예정" in out
    lines = out.splitlines()
    header = lines.index(next(line for line in lines if line.startswith("지방정부  ")))
    rule = next(i for i in range(header, len(lines)) if lines[i].startswith("-"))
    body = lines[rule + 1 : rule + 9]
    assert [line.split()[0] for line in body] == [
        "서울특별시",
        "부산광역시",
        "대구광역시",
        "대전광역시",
        "경기도",
        "강원도",
        "경상남도",
        "전라남도",
    ]
    # The second column starts at the same display column on every row.
    offsets = {display_width(line[: line.index(line.split()[1])]) for line in body}
    assert len(offsets) == 1
    assert "2022-11 예정" in body[6]


def test_tasks_json(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "tasks", "--format", "json", "--locale", "en")
    assert status == 0
    data = json.loads(out)
    tasks = {task["kind"]: task for task in data["tasks"]}
    assert (tasks["roundtable"]["governments"], tasks["roundtable"]["cohort_size"]) == (5, 8)
    assert tasks["training"]["times"] == 9
    assert tasks["training"]["done"] == {
        "1100000000": 2,
        "2600000000": 2,
        "2700000000": 2,
        "3000000000": 1,
        "4200000000": 1,
        "4800000000": 1,
    }
    assert tasks["briefing"]["done"] == {"2600000000": 1, "4600000000": 1}
    assert tasks["briefing"]["planned"] == {"4800000000": 1}
    assert data["open_plans"] == [
        {
            "code": "4800000000",
            "kind": "briefing",
            "when": "2022-11",
            "count": 1,
            "overdue": False,
            "note": "기업인증설명회 11월 중 개최 예정 (planned for November 2022)",
        }
    ]
    assert data["reported_at"]["name"]["ko"] == "제4차 네트워크 합동 워크숍"
    assert [m["name"]["en"] for m in data["cohort"]][:2] == ["Seoul", "Busan"]


def test_tasks_as_of_and_period(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "tasks", "--format", "json", "--as-of", "2022-12-01")
    assert json.loads(out)["open_plans"][0]["overdue"] is True
    _, out, _ = run(capsys, "tasks", "--format", "md", "--locale", "en", "--as-of", "2022-12-01")
    assert "| Gyeongsangnam-do | 1 | 1 | overdue (planned 2022-11) |" in out
    assert "Overdue plans as of December 1, 2022: 1" in out
    _, out, _ = run(capsys, "tasks", "--format", "json", "--period", "2022-01..2022-06")
    assert all(task["times"] == 0 for task in json.loads(out)["tasks"])
    status, _, err = run(capsys, "tasks", "--as-of", "yesterday")
    assert status == 2
    assert "yesterday" in err
    status, _, err = run(capsys, "tasks", "--period", "2022-13")
    assert status == 2


def test_tasks_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "tasks", "--format", "md", "--locale", "en")
    assert status == 0
    assert "| policy roundtable with basic governments | 5/8 | 5 | 0 |" in out
    assert "| Gyeongsangnam-do | 1 | 1 | planned 2022-11 |" in out


# -- procura ---------------------------------------------------------------------------


def test_procura_table_in_english(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "procura", "--locale", "en", "--as-of", "2022-12-31")
    assert status == 0
    assert (
        "Korea's public green purchasing and PROCURA+ (Europe): similar in 2 of 7 dimensions,"
        " partly similar in 1, different in 4" in out
    )
    rows = {line.split("  ")[0]: line for line in out.splitlines()}
    assert rows["meaning and purpose"].split()[-2:] == ["similar", "[1]"]
    assert "different" in rows["purchasing method"]
    assert "partly similar *" in rows["participation"]
    assert "exactly 48" in rows["member institutions"]
    assert "exactly 17" in rows["countries"]
    assert "October 20, 2022" in rows["member institutions"]
    assert "No mutual-recognition agreement with the EU Ecolabel" in out


def test_procura_korean_and_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "procura", "--locale", "ko", "--as-of", "2022-12-31")
    assert (
        "한국 공공 녹색구매–PROCURA+ (유럽) 비교: 7개 항목 중 2개 유사, 1개 부분 유사, 4개 차이"
        in out
    )
    assert "정확히 48" in out
    _, out, _ = run(capsys, "procura", "--format", "md", "--locale", "en")
    assert "## Korea and PROCURA+, dimension by dimension" in out
    assert "| legal obligation |" in out


def test_procura_json_and_as_of(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "procura", "--format", "json", "--as-of", "2022-10-20")
    data = json.loads(out)
    verdicts = {row["dimension"]: row["verdict"] for row in data["comparison"]["rows"]}
    assert verdicts == {
        "purpose": "similar",
        "procedure": "similar",
        "network-operation": "different",
        "product-certification": "different",
        "purchasing-method": "different",
        "participation": "partly",
        "legal-obligation": "different",
    }
    counts = {c["key"]: c["value"] for c in data["network"]["counts"]}
    assert counts == {"members": 48, "countries": 17}
    assert data["network"]["fee_bands"][0]["annual_fee"] == {"amount": "500.00", "currency": "EUR"}
    mapping = {(m["korean"], m["counterpart"]): m for m in data["scheme_mapping"]}
    assert mapping[("kr-eco-label", "eu-ecolabel")]["mutual_recognition"] == "unknown"
    assert mapping[("kr-gr", None)]["relation"] == "none"
    _, out, _ = run(capsys, "procura", "--format", "json", "--as-of", "2022-10-19")
    assert json.loads(out)["network"]["counts"] == []
    status, _, err = run(capsys, "procura", "--as-of", "20/10/2022")
    assert status == 2
    assert "20/10/2022" in err
