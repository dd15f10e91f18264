"""The attainment bar chart: PNG and SVG, and the English fallback without a Hangul font."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from greenprocure import AttainmentReport, Money, evaluate
from greenprocure.certifications import Certificate, CertificateRegistry
from greenprocure.jurisdictions import korea
from greenprocure.purchases import Purchase
from greenprocure.report import HangulFontWarning, chart, plot_attainment

pytest.importorskip("matplotlib", reason="the chart needs the optional extra 'plot' (matplotlib)")

CERTS = CertificateRegistry(
    [Certificate("kr-eco-label", "E1", dt.date(2019, 1, 1), dt.date(2024, 12, 31))]
)
ECO = [("kr-eco-label", "E1")]


def buy(i: int, buyer: str, day: dt.date, won: int) -> Purchase:
    return Purchase(f"p{i:03d}", buyer, day, "복사용지", Money.krw(won), certificates=ECO)


@pytest.fixture(scope="module")
def report() -> AttainmentReport:
    ledger = [
        buy(1, "4800000000", dt.date(2021, 5, 1), 1_000_000),
        buy(2, "4800000000", dt.date(2022, 3, 1), 862_400),
        buy(3, "2600000000", dt.date(2021, 5, 1), 2_000_000),
        buy(4, "2600000000", dt.date(2022, 3, 1), 1_575_200),
    ]
    return evaluate(
        ledger,
        "kr-priority-cities",
        period="2022-01..2022-09",
        certificates=CERTS,
        registry=korea(),
    )


def test_png_by_suffix(report: AttainmentReport, tmp_path: Path) -> None:
    path = plot_attainment(report, tmp_path / "attainment.png", locale="en")
    data = path.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(data) > 5_000


def test_svg_by_suffix_has_labels_and_lines(report: AttainmentReport, tmp_path: Path) -> None:
    path = plot_attainment(
        report,
        tmp_path / "attainment.svg",
        locale="en",
        published={"4800000000": "78.4"},
        title="Priority cities",
    )
    text = path.read_text("utf-8")
    assert text.lstrip().startswith("<?xml")
    assert "<svg" in text
    # Text is kept as text (svg.fonttype none), so the labels can be read back.
    assert "Gyeongsangnam-do" in text
    assert "Busan" in text
    assert "78.4%" in text
    assert "71.6%" in text
    assert "pro rata: 75.0% of the year" in text
    assert "target (100%)" in text
    assert "published figure" in text
    assert "Priority cities" in text


def test_format_argument_overrides_suffix(report: AttainmentReport, tmp_path: Path) -> None:
    path = plot_attainment(report, tmp_path / "chart.out", locale="en", format="svg")
    assert "<svg" in path.read_text("utf-8")
    with pytest.raises(ValueError, match=r"\.png or \.svg"):
        plot_attainment(report, tmp_path / "chart.gif", locale="en")


def test_published_object_with_percent(report: AttainmentReport, tmp_path: Path) -> None:
    class Published:
        def percent(self, code: str) -> object:
            return {"2600000000": "70.0"}.get(code)

    path = plot_attainment(report, tmp_path / "c.svg", locale="en", published=Published())
    assert "published figure" in path.read_text("utf-8")


def test_without_hangul_font_falls_back_to_english(
    report: AttainmentReport, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(chart, "hangul_font", lambda sample=chart.HANGUL_SAMPLE: None)
    with pytest.warns(HangulFontWarning, match="no installed font covers Hangul"):
        path = plot_attainment(report, tmp_path / "ko.svg", locale="ko")
    text = path.read_text("utf-8")
    assert "Gyeongsangnam-do" in text
    assert "Busan" in text
    assert "경상남도" not in text
    assert "부산" not in text
    assert "pro rata: 75.0% of the year" in text


def test_korean_labels_with_a_hangul_font(report: AttainmentReport, tmp_path: Path) -> None:
    if chart.hangul_font() is None:
        pytest.skip("no font covering Hangul is installed (e.g. fonts-nanum)")
    path = plot_attainment(report, tmp_path / "ko.svg", locale="ko")
    text = path.read_text("utf-8")
    assert "경상남도" in text
    assert "부산광역시" in text
    assert "Gyeongsangnam-do" not in text
