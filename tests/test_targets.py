"""Targets and baselines refuse values that cannot be what they claim to be."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import greenprocure
from greenprocure import Money
from greenprocure.errors import RecordError
from greenprocure.targets import LEDGER_BASELINE, Baseline, Target


def test_a_rate_written_as_a_per_cent_is_refused_with_the_ratio_to_write() -> None:
    with pytest.raises(RecordError) as caught:
        Target.of_rate("x", 2022, Decimal("46.2"))
    assert "46.2 looks like a per cent: write 0.462" in str(caught.value)
    assert caught.value.params["field"] == "rate"
    assert "0.462" in caught.value.render("ko")


@pytest.mark.parametrize("rate", ["0", "-0.1", "100.5", "1000", "NaN", "Infinity"])
def test_a_rate_must_be_above_zero_and_at_most_one(rate: str) -> None:
    with pytest.raises(RecordError, match="rate"):
        Target.of_rate("x", 2022, Decimal(rate))


@given(st.decimals(min_value=Decimal("0.0001"), max_value=1, places=4))
def test_every_ratio_up_to_one_is_a_rate(rate: Decimal) -> None:
    assert Target.of_rate("x", 2022, rate).rate == rate


def test_a_rate_that_is_not_a_decimal_is_refused() -> None:
    with pytest.raises(RecordError, match="must be a Decimal ratio"):
        Target.of_rate("x", 2022, 0.462)  # type: ignore[arg-type]


@pytest.mark.parametrize("year", [True, "2022", 2022.0, None])
def test_a_target_year_must_be_an_int(year: Any) -> None:
    with pytest.raises(RecordError, match=f"year {year!r} must be an int"):
        Target.of_amount("x", year, Money.krw(1000))


@pytest.mark.parametrize("code", ["", "  ", None, 4800000000])
def test_a_target_jurisdiction_must_be_a_non_empty_string(code: Any) -> None:
    with pytest.raises(RecordError, match=r"jurisdiction .* must be a code"):
        Target.of_amount(code, 2022, Money.krw(1000))


def test_a_negative_baseline_amount_is_refused() -> None:
    with pytest.raises(RecordError, match="baseline for a: amount -1 KRW is negative"):
        Baseline(2021, {"a": Money.krw(-1)})
    assert Baseline(2021, {"a": Money.krw(0)}).get("a") == Money.krw(0)
    # An evaluation's own baseline may net refunds below zero; no target comes from it.
    derived = Baseline(2021, {"a": Money.krw(-1)}, LEDGER_BASELINE)
    assert derived.get("a") == Money.krw(-1)


@pytest.mark.parametrize("amounts", [None, 5, [("a", Money.krw(1))]])
def test_baseline_amounts_must_be_a_mapping(amounts: Any) -> None:
    with pytest.raises(RecordError, match="must be a mapping of jurisdiction codes to Money"):
        Baseline(2021, amounts)


def test_baseline_year_and_codes_are_checked() -> None:
    with pytest.raises(RecordError, match="year True must be an int"):
        Baseline(True, {})  # type: ignore[arg-type]
    with pytest.raises(RecordError, match="jurisdiction '' must be a code"):
        Baseline(2021, {"": Money.krw(1)})


def test_baseline_and_target_are_exported_from_the_package() -> None:
    assert greenprocure.Baseline is Baseline
    assert greenprocure.Target is Target
    assert {"Baseline", "Target"} <= set(greenprocure.__all__)
