"""Rendering attainment reports: table, Markdown, CSV, JSON, explanations."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from decimal import Decimal

import pytest

from greenprocure import AttainmentReport, Money, evaluate
from greenprocure.certifications import Certificate, CertificateRegistry
from greenprocure.cli._common import display_width
from greenprocure.jurisdictions import korea
from greenprocure.purchases import Purchase
from greenprocure.report import (
    attainment_csv,
    attainment_json,
    attainment_markdown,
    attainment_table,
    explanation_markdown,
    explanation_text,
    render,
)
from greenprocure.rules import KR_GREEN_SHARE_2019

CERTS = CertificateRegistry(
    [Certificate("kr-eco-label", "E1", dt.date(2019, 1, 1), dt.date(2024, 12, 31))]
)
ECO = [("kr-eco-label", "E1")]


def buy(i: int, buyer: str, day: dt.date, won: int, claims: object = ECO) -> Purchase:
    return Purchase(f"p{i:03d}", buyer, day, "복사용지", Money.krw(won), certificates=claims)


@pytest.fixture(scope="module")
def report() -> AttainmentReport:
    ledger = [
        buy(1, "4800000000", dt.date(2021, 5, 1), 1_000_000),
        buy(2, "4800000000", dt.date(2022, 3, 1), 862_400),
        buy(3, "2600000000", dt.date(2021, 5, 1), 2_000_000),
        buy(4, "2600000000", dt.date(2022, 3, 1), 1_575_200),
        buy(5, "4812000000", dt.date(2022, 3, 1), 10_000),
        buy(6, "2600000000", dt.date(2022, 4, 1), 3_000, ()),
    ]
    ledger += [
        buy(10 + i, "2600000000", dt.date(2022, 4, 1), 1, [("kr-eco-label", f"X{i}")])
        for i in range(5)
    ]
    return evaluate(
        ledger,
        "kr-priority-cities",
        period="2022-01..2022-09",
        certificates=CERTS,
        registry=korea(),
        rollup=True,
    )


def test_the_terminal_table_lines_up_hangul(report: AttainmentReport) -> None:
    lines = attainment_table(report, "ko").splitlines()
    assert lines[0].split() == [
        "순위",
        "지방정부",
        "녹색제품",
        "구매",
        "인정액",
        "목표액",
        "달성률",
        "상태",
        "기초",
        "포함",
        "합계",
    ]
    body = lines[2:5]
    assert [line.split()[:2] for line in body] == [
        ["1", "경상남도"],
        ["2", "부산광역시"],
        ["경상남도", "창원시"],
    ]
    assert body[2].startswith("      경상남도 창원시")  # an unranked row leaves the rank blank
    # The attainment column ends at the same terminal column in every row.
    ends = {display_width(line[: line.index("%") + 1]) for line in body if "%" in line}
    assert len(ends) == 1
    assert "78.4%" in body[0]
    assert "1,100,000원" in body[0]
    assert "872,400원" in body[0]  # 경상남도 with 창원시
    assert lines[-1].startswith("읽은 구매 11건: 인정 5건, 불인정 6건")
    english = attainment_table(report, "en")
    assert "Gyeongsangnam-do" in english
    assert "on track" in english
    assert "₩862,400" in english


def test_markdown(report: AttainmentReport) -> None:
    text = attainment_markdown(report, "en")
    lines = text.splitlines()
    assert lines[0].startswith("| rank | jurisdiction | counted green amount |")
    assert lines[1].startswith("|---:|---|---:|")
    assert "| 1 | Gyeongsangnam-do | ₩862,400 | ₩1,100,000 | 78.4% | on track |" in text


def test_csv_has_plain_numbers_and_safe_cells() -> None:
    ledger = [buy(1, "=HYPERLINK(1)", dt.date(2022, 3, 1), 500)]
    report = evaluate(
        ledger,
        "kr-priority-cities",
        period="2022",
        certificates=CERTS,
        targets={"=HYPERLINK(1)": Money.krw(1000)},
    )
    rows = list(csv.DictReader(io.StringIO(attainment_csv(report, "ko"))))
    assert rows[0]["code"] == "'=HYPERLINK(1)"
    assert (rows[0]["amount"], rows[0]["target"], rows[0]["attainment_percent"]) == (
        "500",
        "1000",
        "50.0",
    )
    assert (rows[0]["status"], rows[0]["status_code"]) == ("미달", "behind")


def test_json_is_the_reports_dict(report: AttainmentReport) -> None:
    data = json.loads(attainment_json(report, "ko"))
    assert data["ruleset"] == "kr-priority-cities@2022"
    assert data["period"] == "2022-01..2022-09"
    assert data["purchases"]["read"] == 11
    first = data["rows"][0]
    assert {k: first[k] for k in ("code", "amount", "target", "attainment_percent", "rank")} == {
        "code": "4800000000",
        "amount": "862400",
        "target": "1100000",
        "attainment_percent": "78.4",
        "rank": 1,
    }
    assert first["status_label"] == "순항"
    assert first["rollup_amount"] == "872400"
    assert AttainmentReport.from_dict(data) == report


def test_explanations_show_the_top_reasons(report: AttainmentReport) -> None:
    text = explanation_text(report.explain("부산"), "en", top=2)
    assert text.splitlines()[0] == "Busan (2600000000) — kr-priority-cities@2022"
    assert "refused 6 (₩3,005)" in text
    assert "unknown-certificate: 5 (₩5), e.g. p010: certificate kr-eco-label X0 is not in" in text
    assert "no-certificate: 1 (₩3,000)" in text
    assert "target: ₩2,200,000 — 2021 counted amount ₩2,000,000 × 1.10" in text
    assert "attainment: 71.6%, status: behind" in text
    one = explanation_text(report.explain("부산"), "ko", top=1)
    assert "… 외 사유 1개" in one
    md = explanation_markdown(report.explain("2600000000"), "ko")
    assert md.startswith("### 부산광역시 (2600000000)")
    assert "\n  - kr.eligibility.valid-certificate: 불인정·제외 6건(3,005원)" in md


def test_rate_targets_show_the_share_and_the_rate() -> None:
    ledger = [
        buy(1, "2700000000", dt.date(2019, 3, 1), 518),
        buy(2, "2700000000", dt.date(2019, 3, 1), 482, ()),
    ]
    report = evaluate(
        ledger,
        KR_GREEN_SHARE_2019,
        period="2019",
        certificates=CERTS,
        targets={"2700000000": Decimal("0.462")},
    )
    table = attainment_table(report, "en")
    assert table.splitlines()[0].split() == [
        "rank",
        "jurisdiction",
        "counted",
        "green",
        "amount",
        "green",
        "share",
        "target",
        "rate",
        "attainment",
        "status",
    ]
    assert table.splitlines()[2].split() == [
        "1",
        "2700000000",
        "₩518",
        "51.8%",
        "46.2%",
        "112.1%",
        "achieved",
    ]


def test_render_dispatches_and_refuses_unknown_formats(report: AttainmentReport) -> None:
    assert render(report, "md", "en") == attainment_markdown(report, "en")
    with pytest.raises(ValueError, match="unknown format"):
        render(report, "html", "en")
