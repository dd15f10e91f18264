"""Reading baseline and target files."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from greenprocure import Money
from greenprocure.errors import LoadError, RecordError
from greenprocure.io import as_given, read_baseline, read_targets
from greenprocure.io._parse import CellError
from greenprocure.io.targets import parse_rate
from greenprocure.targets import Baseline, BaselineEntry, Target


def test_a_baseline_file_with_korean_headers_and_names() -> None:
    data = io.StringIO(
        "지방정부,연도,금액\n"
        '경상남도,2021,"1,000,000,000원"\n'
        "2600000000,2021,950000000\n"
        "대구 중구,2021,1234\n"
        "경상남도,2021,5\n"  # a second row for the same jurisdiction and year
        "없는시,2021,1\n"
        "서울,21,1\n"
        "서울특별시,2021,-5\n"
        "서울특별시,2020,700\n"
    )
    result = read_baseline(data)
    assert (result.read, result.accepted, len(result.rejected)) == (8, 4, 4)
    assert [(e.jurisdiction, e.year, e.amount) for e in result.records] == [
        ("4800000000", 2021, Money.krw(1_000_000_000)),
        ("2600000000", 2021, Money.krw(950_000_000)),
        ("2711000000", 2021, Money.krw(1234)),
        ("1100000000", 2020, Money.krw(700)),
    ]
    assert [(r.line, r.field, r.code) for r in result.rejected] == [
        (5, "jurisdiction", "duplicate"),
        (6, "jurisdiction", "unknown-jurisdiction"),
        (7, "year", "bad-year"),
        (8, "amount", "negative-amount"),
    ]
    baseline = Baseline.from_entries(result.records, 2021, source="file")
    assert baseline.amounts == {
        "4800000000": Money.krw(1_000_000_000),
        "2600000000": Money.krw(950_000_000),
        "2711000000": Money.krw(1234),
    }


def test_a_target_file_with_amounts_and_rates() -> None:
    data = io.StringIO(
        "code,year,amount,rate,basis\n"
        "4800000000,2022,1100000000,,published list\n"
        "2700000000,2019,,46.2%,national evaluation\n"
        "2600000000,2019,,0.5,\n"
        "3000000000,2019,,46.2,\n"
        "1100000000,2019,100,0.4,\n"
        "4100000000,2019,,,\n"
        "4200000000,2019,0,,\n"
    )
    result = read_targets(data, jurisdictions=as_given)
    assert result.read == result.accepted + len(result.rejected) == 7
    assert result.records == (
        Target("4800000000", 2022, amount=Money.krw(1_100_000_000), basis="published list"),
        Target("2700000000", 2019, rate=Decimal("0.462"), basis="national evaluation"),
        Target("2600000000", 2019, rate=Decimal("0.5")),
    )
    assert [(r.line, r.field, r.code) for r in result.rejected] == [
        (5, "rate", "bad-rate"),
        (6, "amount", "amount-or-rate"),
        (7, "amount", "amount-or-rate"),
        (8, "amount", "bad-amount"),
    ]
    assert result.records[0].explanation.render("ko") == "published list"


def test_names_are_resolved_as_of_a_day() -> None:
    data = io.StringIO("name,year,amount\n강원도,2022,1000\n")
    after = read_targets(data, as_of=dt.date(2023, 7, 1))
    assert after.records[0].jurisdiction == "5100000000"  # 강원특별자치도 from 2023-06-11
    assert [w.code for w in after.warnings] == ["note-강원도"]
    before = read_targets(io.StringIO("name,year,amount\n강원도,2022,1000\n"))
    assert before.records[0].jurisdiction == "4200000000"


def test_missing_columns_and_strict_mode() -> None:
    with pytest.raises(LoadError):
        read_baseline(io.StringIO("code,amount\n4800000000,1\n"), jurisdictions=as_given)
    with pytest.raises(RecordError):
        read_baseline(
            io.StringIO("code,year,amount\n4800000000,2021,-1\n"),
            jurisdictions=as_given,
            strict=True,
        )


@given(st.integers(1, 100_000))
def test_rates_read_as_ratios(tenths: int) -> None:
    percent = Decimal(tenths).scaleb(-1)
    assert parse_rate(f"{percent}%") == percent / 100
    ratio = percent / 1000
    if ratio <= 1:
        assert parse_rate(str(ratio)) == ratio


@pytest.mark.parametrize("cell", ["", "abc", "46.2", "0", "0%", "-1%", "1,5%"])
def test_bad_rates(cell: str) -> None:
    with pytest.raises(CellError):
        parse_rate(cell)


def test_baseline_entries_must_agree() -> None:
    rows = [
        BaselineEntry("4800000000", 2021, Money.krw(1)),
        BaselineEntry("4800000000", 2021, Money.krw(2)),
    ]
    with pytest.raises(RecordError):
        Baseline.from_entries(rows, 2021)
    assert Baseline.from_entries(rows[:1] * 2, 2021).amounts == {"4800000000": Money.krw(1)}


def test_a_rate_above_100_percent_is_a_rejected_row_not_a_crash() -> None:
    import io as _io

    from greenprocure.io import as_given, read_targets

    result = read_targets(
        _io.StringIO("code,year,rate\n4800000000,2022,150%\n2600000000,2022,0.462\n"),
        jurisdictions=as_given,
    )
    assert (result.read, result.accepted) == (2, 1)
    (rejection,) = result.rejected
    assert (rejection.line, rejection.problems[0].field, rejection.problems[0].code) == (
        2,
        "rate",
        "bad-rate",
    )
