"""The 2022 data set: published figures, the synthetic sample and its evaluation."""

from __future__ import annotations

from decimal import Decimal

import pytest

from greenprocure.datasets import SAMPLE_NOTE, priority_cities_2022
from greenprocure.i18n import percent_text

PUBLISHED = [
    ("경상남도", 1, "78.4"),
    ("부산광역시", 2, "71.6"),
    ("경기도", 3, "67.6"),
    ("대구광역시", 4, "67.5"),
    ("강원도", 5, "62.0"),
    ("전라남도", 5, "62.0"),
    ("대전광역시", 7, "59.7"),
    ("서울특별시", 8, "58.0"),
]


def test_published_figures_are_the_seeds() -> None:
    published = priority_cities_2022().published
    assert [(f.jurisdiction.name_ko, f.rank, str(f.attainment_percent)) for f in published] == (
        PUBLISHED
    )
    assert str(published.period) == "2022-01..2022-09"
    assert "ICLEI Korea" in published.source
    assert published.percent("4800000000") == Decimal("78.4")
    assert published.percent("9999999999") is None


def test_sample_evaluation_reproduces_every_published_figure_to_the_digit() -> None:
    data = priority_cities_2022()
    report = data.evaluate_sample()
    computed = [(row.name_ko, row.rank, percent_text(row.attainment)) for row in report.rows]
    assert computed == PUBLISHED
    # the tie at 62.0% shares rank 5 and the next rank is 7
    assert [row.rank for row in report.rows] == [1, 2, 3, 4, 5, 5, 7, 8]
    assert [row.status.code for row in report.rows if row.status] == (["on-track"] + ["behind"] * 7)


def test_sample_targets_are_last_year_plus_ten_percent() -> None:
    data = priority_cities_2022()
    report = data.evaluate_sample()
    baseline = data.sample_baseline()
    for row in report.rows:
        assert row.target is not None
        assert row.target.amount == baseline.get(row.code) * Decimal("1.10")  # type: ignore[operator]


def test_sample_loads_without_rejections_and_has_something_to_explain() -> None:
    data = priority_cities_2022()
    purchases = data.sample_ledger()
    assert len(purchases) == 212
    assert len(data.sample_certificates()) == 12
    assert len(data.sample_baseline()) == 18
    report = data.evaluate_sample()
    assert (report.totals.read, report.totals.counted, report.totals.refused) == (212, 136, 68)
    reasons = {reason.code for rule in report.explain("부산").refusals for reason in rule.reasons}
    assert {"expired", "revoked", "not-yet-valid", "non-counting-scheme", "no-certificate"} <= (
        reasons
    )
    assert "unknown-certificate" in reasons


def test_the_sample_says_it_is_synthetic() -> None:
    assert "synthetic" in SAMPLE_NOTE.render("en")
    assert "합성" in SAMPLE_NOTE.render("ko")
    from importlib import resources

    for name in ("sample_2022_purchases.csv", "sample_2022_certificates.csv"):
        text = (resources.files("greenprocure.datasets") / "data" / name).read_text("utf-8")
        assert text.startswith("# SYNTHETIC SAMPLE DATA")


@pytest.mark.parametrize("locale", ["ko", "en"])
def test_activities_and_workshop_are_part_of_the_data_set(locale: str) -> None:
    data = priority_cities_2022()
    lines = [s.describe().render(locale) for s in data.activities.summaries()]
    assert len(lines) == 3
    assert "5" in lines[0]
    assert "9" in lines[1]
    assert data.workshop.days == 2
