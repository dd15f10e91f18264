"""The standalone HTML page of an attainment report."""

from __future__ import annotations

import datetime as dt
import re
from types import SimpleNamespace

import pytest

from greenprocure import AttainmentReport, Money, evaluate
from greenprocure.certifications import Certificate, CertificateRegistry
from greenprocure.jurisdictions import korea
from greenprocure.purchases import Purchase
from greenprocure.report import Section, render_html

CERTS = CertificateRegistry(
    [Certificate("kr-eco-label", "E1", dt.date(2019, 1, 1), dt.date(2024, 12, 31))]
)
ECO = [("kr-eco-label", "E1")]


def buy(i: int, buyer: str, day: dt.date, won: int, claims: object = ECO) -> Purchase:
    return Purchase(f"p{i:03d}", buyer, day, "복사용지", Money.krw(won), certificates=claims)


LEDGER = [
    buy(1, "4800000000", dt.date(2021, 5, 1), 1_000_000),
    buy(2, "4800000000", dt.date(2022, 3, 1), 862_400),
    buy(3, "2600000000", dt.date(2021, 5, 1), 2_000_000),
    buy(4, "2600000000", dt.date(2022, 3, 1), 1_575_200),
    buy(5, "2600000000", dt.date(2022, 4, 1), 3_000, ()),
]


@pytest.fixture(scope="module")
def report() -> AttainmentReport:
    return evaluate(
        LEDGER,
        "kr-priority-cities",
        period="2022-01..2022-09",
        certificates=CERTS,
        registry=korea(),
    )


class Hostile:
    """A jurisdiction directory whose names try to inject markup."""

    def get(self, code: str) -> object:
        return SimpleNamespace(
            code=code,
            name_ko="<script>alert('ko')</script>",
            name_en='"><img src=x onerror=alert(1)>&',
            level=None,
            parent_code=None,
        )


def test_page_is_standalone_korean(report: AttainmentReport) -> None:
    page = render_html(report, "ko")
    assert page.startswith("<!DOCTYPE html>\n")
    assert '<html lang="ko">' in page
    assert '<meta charset="utf-8">' in page
    assert "<style>" in page
    # Self-contained: no script, no link to a style sheet, no external resource.
    assert "<script" not in page
    assert "<link" not in page
    assert not re.search(r"(src|href)=", page)
    assert page.rstrip().endswith("</html>")
    # Rows in rank order with the figures, the bar and both lines.
    assert page.index("경상남도") < page.index("부산광역시")
    assert "862,400원" in page
    assert "1,100,000원" in page
    assert "78.4%" in page
    assert "1,575,200원" in page
    assert "2,200,000원" in page
    assert "71.6%" in page
    assert page.count('<div class="bar">') == 2
    # Pro-rata line at 75% of a 100% scale, the 100% line at the right end.
    assert page.count('<span class="mark" style="left:75.00%">') == 2
    assert page.count('<span class="mark full" style="left:100.00%">') == 2
    assert 'style="width:78.40%"' in page
    assert 'style="width:71.60%"' in page
    assert "(75.0%" in page  # the legend names the share of the year
    # Totals: 5 read, 4 counted, 1 refused.
    assert "<td>읽은 구매 건수</td><td>5</td>" in page
    assert "<td>녹색제품 구매로 인정된 건수</td><td>4</td>" in page
    assert "<td>인정되지 않은 구매 건수</td><td>1</td>" in page
    assert "<h2>지방정부별 목표 달성률</h2>" in page
    assert "2022-01..2022-09" in page


def test_page_in_english(report: AttainmentReport) -> None:
    page = render_html(report, "en", title="Priority cities & friends")
    assert '<html lang="en">' in page
    assert "<title>Priority cities &amp; friends</title>" in page
    assert "Gyeongsangnam-do" in page
    assert "₩862,400" in page
    assert "78.4%" in page
    assert "Totals" in page
    assert "<td>purchases read</td><td>5</td>" in page
    assert "<td>counted green amount</td><td>₩2,437,600</td>" in page


def test_notes_and_sections_are_escaped(report: AttainmentReport) -> None:
    section = Section(
        "Tasks <b>",
        lead="lead & more",
        headers=("a<", "b"),
        rows=[("<i>x</i>", "1")],
        notes=["note <u>"],
    )
    page = render_html(
        report, "en", notes=["Synthetic data: <not real>"], sections=[section, section]
    )
    assert "Synthetic data: &lt;not real&gt;" in page
    assert page.count("<h2>Tasks &lt;b&gt;</h2>") == 2
    assert "<th>a&lt;</th>" in page
    assert "<td>&lt;i&gt;x&lt;/i&gt;</td>" in page
    assert "<li>note &lt;u&gt;</li>" in page
    assert "<p>lead &amp; more</p>" in page


@pytest.mark.parametrize("locale", ["ko", "en"])
def test_hostile_names_are_escaped(locale: str) -> None:
    report = evaluate(
        LEDGER,
        "kr-priority-cities",
        period="2022-01..2022-09",
        certificates=CERTS,
        registry=Hostile(),
    )
    page = render_html(report, locale)
    assert "<script" not in page
    assert "<img" not in page
    if locale == "ko":
        assert "&lt;script&gt;alert(&#x27;ko&#x27;)&lt;/script&gt;" in page
    else:
        assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;&amp;" in page


def test_bar_scale_grows_past_100_percent() -> None:
    ledger = [
        buy(1, "4800000000", dt.date(2021, 5, 1), 1_000_000),
        buy(2, "4800000000", dt.date(2022, 3, 1), 1_650_000),  # 150% of 1,100,000
    ]
    report = evaluate(ledger, "kr-priority-cities", period="2022", certificates=CERTS)
    page = render_html(report, "en")
    # Scale 150%: the bar fills the cell, 100% sits at two thirds, pro rata (the whole year) too.
    assert 'style="width:100.00%"' in page
    assert page.count('style="left:66.67%"') == 2
    assert "150.0%" in page


def test_unknown_locale_is_refused(report: AttainmentReport) -> None:
    with pytest.raises(ValueError, match="fr"):
        render_html(report, "fr")
