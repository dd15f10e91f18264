from __future__ import annotations

import pickle
import re
from decimal import Decimal
from fractions import Fraction
from functools import reduce
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from greenprocure import Money
from greenprocure.errors import (
    AmountTypeError,
    CurrencyError,
    CurrencyMismatchError,
    FloatAmountError,
    InvalidAmountError,
)
from greenprocure.money import currency_exponent, round_half_up
from strategies import CURRENCIES, amounts, decimal_strings, money

# -- construction --------------------------------------------------------------


def test_krw_has_no_minor_unit_and_eur_has_two() -> None:
    assert currency_exponent("KRW") == 0
    assert currency_exponent("EUR") == 2
    assert currency_exponent("KWD") == 3
    assert Money.krw(1_500_000).amount == Decimal("1500000")
    assert Money("1234.5", "EUR").amount == Decimal("1234.50")
    assert str(Money("1234.5", "EUR").amount) == "1234.50"


@pytest.mark.parametrize("value", [1500000, Decimal("1500000"), "1500000", " 1500000 ", "1.5E+6"])
def test_construction_from_int_decimal_and_string(value: int | Decimal | str) -> None:
    assert Money(value, "KRW") == Money.krw(1_500_000)


def test_currency_code_is_case_insensitive() -> None:
    assert Money(5, "krw") == Money.krw(5)
    assert Money(5, "krw").currency == "KRW"


def test_float_is_refused_with_a_type_error_that_says_why() -> None:
    with pytest.raises(FloatAmountError, match=r"1\.1 is a float.*exactly") as caught:
        Money(1.1, "KRW")  # type: ignore[arg-type]
    assert isinstance(caught.value, TypeError)


@pytest.mark.parametrize("value", [True, None, [1], Fraction(1, 3)])
def test_other_types_are_refused(value: object) -> None:
    with pytest.raises(AmountTypeError, match="give an int, Decimal or str"):
        Money(value, "KRW")  # type: ignore[arg-type]


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-inf", Decimal("NaN"), Decimal("Infinity")])
def test_non_finite_amounts_are_refused(value: str | Decimal) -> None:
    with pytest.raises(InvalidAmountError, match="not a finite number"):
        Money(value, "KRW")


@pytest.mark.parametrize("value", ["abc", "1,000", "", "12원"])
def test_non_numeric_strings_are_refused_naming_the_value(value: str) -> None:
    with pytest.raises(InvalidAmountError, match=repr(value).replace("(", r"\(")):
        Money(value, "KRW")


@pytest.mark.parametrize("code", ["ZZZ", "WON", "", "KR", 410])
def test_unknown_currency_is_refused_naming_the_code(code: object) -> None:
    with pytest.raises(CurrencyError, match="unknown currency code"):
        Money(1, code)  # type: ignore[arg-type]


def test_more_places_than_the_currency_allows_is_refused() -> None:
    with pytest.raises(InvalidAmountError, match=r"'1500\.5' has more decimal places than KRW"):
        Money("1500.5", "KRW")
    with pytest.raises(InvalidAmountError, match="EUR allows"):
        Money("0.125", "EUR")


# -- rounding ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "currency", "expected"),
    [
        ("1500.5", "KRW", "1501"),
        ("1500.4999", "KRW", "1500"),
        ("1501.5", "KRW", "1502"),  # half-even would give 1502 too; see next line
        ("1502.5", "KRW", "1503"),  # half-even would give 1502
        ("-1500.5", "KRW", "-1501"),
        ("0.125", "EUR", "0.13"),
        ("0.135", "EUR", "0.14"),
        ("0.0005", "KWD", "0.001"),
    ],
)
def test_rounding_is_half_up(value: str, currency: str, expected: str) -> None:
    assert Money.rounded(value, currency) == Money(expected, currency)


@given(st.integers(-(10**12), 10**12), st.sampled_from(CURRENCIES))
def test_every_half_boundary_rounds_away_from_zero(units: int, currency: str) -> None:
    places = currency_exponent(currency)
    half = Decimal(units).scaleb(-places) + Decimal(5).scaleb(-places - 1)
    rounded = Money.rounded(half, currency)
    expected = units + 1 if half > 0 else units
    assert rounded.minor_units == expected


@given(st.fractions(), st.integers(0, 6))
def test_round_half_up_is_within_half_a_unit(value: Fraction, places: int) -> None:
    rounded = round_half_up(value, places)
    assert abs(Fraction(rounded) - value) <= Fraction(1, 2 * 10**places)
    assert rounded.as_tuple().exponent == -places or rounded == 0


def test_multiplication_by_a_ratio_rounds_half_up() -> None:
    assert Money.krw(1_500_000) * Decimal("1.1") == Money.krw(1_650_000)
    assert Money.krw(3001) * Decimal("0.5") == Money.krw(1501)  # 1500.5 → 1501
    assert Money("0.25", "EUR") * Decimal("0.5") == Money("0.13", "EUR")  # 0.125 → 0.13
    assert Decimal("1.1") * Money.krw(10) == Money.krw(11)
    assert Money.krw(10) * 3 == Money.krw(30)
    assert Money.krw(7) * Fraction(1, 2) == Money.krw(4)


def test_multiplication_by_float_is_refused() -> None:
    with pytest.raises(FloatAmountError):
        Money.krw(10) * 1.1  # type: ignore[operator]


# -- arithmetic properties -----------------------------------------------------


@given(st.sampled_from(CURRENCIES).flatmap(lambda c: st.tuples(amounts(c), amounts(c), amounts(c))))
def test_addition_is_associative_and_commutative(abc: tuple[Money, Money, Money]) -> None:
    a, b, c = abc
    assert (a + b) + c == a + (b + c)
    assert a + b == b + a
    assert a + b - b == a
    assert -a + a == Money.zero(a.currency)
    assert a - a == Money.zero(a.currency)


@given(st.sampled_from(CURRENCIES).flatmap(lambda c: st.lists(amounts(c), min_size=1)))
def test_sum_equals_pairwise_folding(items: list[Money]) -> None:
    assert sum(items) == reduce(lambda x, y: x + y, items)


@given(st.sampled_from(CURRENCIES).flatmap(lambda c: st.tuples(amounts(c), amounts(c, 10**9))))
def test_ratio_times_divisor_reproduces_the_amount_within_one_minor_unit(
    pair: tuple[Money, Money],
) -> None:
    amount, divisor = pair
    assume(not divisor.is_zero())
    ratio = amount / divisor
    assert isinstance(ratio, Decimal)
    reproduced = divisor * ratio
    assert abs(reproduced.minor_units - amount.minor_units) <= 1
    assert amount.ratio(divisor) * divisor.minor_units == amount.minor_units


@given(money(), money())
def test_currency_mismatch_always_raises(a: Money, b: Money) -> None:
    assume(a.currency != b.currency)
    for operation in (
        lambda: a + b,
        lambda: a - b,
        lambda: a / b,
        lambda: a < b,
        lambda: a <= b,
        lambda: a > b,
        lambda: a >= b,
        lambda: a.ratio(b),
    ):
        with pytest.raises(CurrencyMismatchError, match=f"{a.currency} and {b.currency}"):
            operation()
    assert a != b


@given(st.sampled_from(CURRENCIES).flatmap(lambda c: st.tuples(decimal_strings(c), st.just(c))))
def test_string_round_trip(pair: tuple[str, str]) -> None:
    text, currency = pair
    value = Money(text, currency)
    assert value.amount == Decimal(text)
    assert Money(str(value.amount), currency) == value
    assert eval(repr(value), {"Money": Money}) == value


@given(money())
def test_pickle_hash_and_order(value: Money) -> None:
    assert pickle.loads(pickle.dumps(value)) == value
    assert hash(Money.from_minor_units(value.minor_units, value.currency)) == hash(value)
    bigger = value + Money.from_minor_units(1, value.currency)
    assert value < bigger
    assert bigger > value
    assert value <= value
    assert sorted([bigger, value]) == [value, bigger]


def test_division() -> None:
    assert Money.krw(784) / Money.krw(1000) == Decimal("0.784")
    assert Money.krw(10) / 4 == Money.krw(3)  # 2.5 → 3
    with pytest.raises(ZeroDivisionError):
        Money.krw(1) / Money.krw(0)
    with pytest.raises(ZeroDivisionError):
        Money.krw(1) / 0


def test_money_is_immutable() -> None:
    value = Money.krw(1)
    with pytest.raises(AttributeError, match="immutable"):
        value.currency = "EUR"  # type: ignore[misc]


def test_only_zero_can_be_added_to_money() -> None:
    assert 0 + Money.krw(5) == Money.krw(5)
    with pytest.raises(TypeError):
        1 + Money.krw(5)  # type: ignore[operator]


def test_mismatch_message_names_both_currencies() -> None:
    with pytest.raises(CurrencyMismatchError) as caught:
        Money.krw(1) + Money("1", "EUR")
    assert str(caught.value) == "cannot combine KRW and EUR amounts: convert one currency first"
    assert "KRW" in caught.value.render("ko")
    assert pickle.loads(pickle.dumps(caught.value)).params == caught.value.params


@pytest.mark.parametrize("value", ["1e999999999", "-1E+1000000", "1e-999999999"])
def test_an_amount_beyond_decimal_range_is_an_invalid_amount(value: str) -> None:
    with pytest.raises(
        InvalidAmountError, match=re.escape(f"amount {value!r} is too large or too small")
    ):
        Money(value, "KRW")
    with pytest.raises(InvalidAmountError, match="too large or too small"):
        Money.rounded(value, "EUR")


@pytest.mark.parametrize(
    "make",
    [
        lambda: Money(1, None),
        lambda: Money(1, ["KRW"]),
        lambda: Money.rounded(1, None),
        lambda: Money.rounded(1, ["KRW"]),
        lambda: Money.from_minor_units(1, None),
        lambda: Money.from_minor_units(1, 7),
    ],
)
def test_a_currency_that_is_not_a_string_is_a_currency_error(make: Any) -> None:
    with pytest.raises(CurrencyError, match="unknown currency code"):
        make()


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (Decimal("1250"), -2, Decimal("1300")),
        (Decimal("1249"), -2, Decimal("1200")),
        (Decimal("-1250"), -2, Decimal("-1300")),
        (15, -1, Decimal("20")),
        (Fraction(7_499_999, 1), -6, Decimal("7000000")),
    ],
)
def test_round_half_up_to_tens_and_hundreds(
    value: Decimal | Fraction | int, places: int, expected: Decimal
) -> None:
    rounded = round_half_up(value, places)
    assert rounded == expected
    assert rounded.as_tuple().exponent == 0


@given(st.fractions(), st.integers(-6, 0))
def test_round_half_up_with_negative_places_is_within_half_a_step(
    value: Fraction, places: int
) -> None:
    step = Fraction(10) ** -places
    rounded = Fraction(round_half_up(value, places))
    assert abs(rounded - value) <= step / 2
    assert rounded % step == 0
