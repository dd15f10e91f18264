from __future__ import annotations

import datetime as dt
import pickle
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from greenprocure import Period
from greenprocure.errors import PeriodError


@st.composite
def periods(draw: st.DrawFn) -> Period:
    year = draw(st.integers(1000, 9999))
    first = draw(st.integers(1, 12))
    last = draw(st.integers(first, 12))
    return Period(year, first, last)


def test_jan_to_sep_is_three_quarters_of_the_year() -> None:
    period = Period(2022, 1, 9)
    assert period.share_of_year == Fraction(3, 4)
    assert float(period.share_of_year) == 0.75
    assert period.months == 9
    assert period.start == dt.date(2022, 1, 1)
    assert period.end == dt.date(2022, 9, 30)
    assert str(period) == "2022-01..2022-09"


def test_year_is_a_constructor_on_the_class_and_a_value_on_instances() -> None:
    whole = Period.year(2022)
    assert whole == Period(2022, 1, 12)
    assert whole.year == 2022
    assert whole.is_whole_year
    assert str(whole) == "2022"
    assert whole.end == dt.date(2022, 12, 31)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2022", Period(2022)),
        ("2022-01..2022-09", Period(2022, 1, 9)),
        ("2022-3..2022-5", Period(2022, 3, 5)),
        (" 2022-01 .. 2022-09 ", Period(2022, 1, 9)),
        ("2024-02", Period(2024, 2, 2)),
    ],
)
def test_parse(text: str, expected: Period) -> None:
    assert Period.parse(text) == expected


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((2022, 0, 9), "first month 0 is not a calendar month"),
        ((2022, 1, 13), "last month 13 is not a calendar month"),
        ((2022, 9, 1), "last month 1 comes before first month 9"),
        ((0, 1, 12), "year 0 is outside"),
        ((2022.0, 1, 12), "year 2022.0 is not a whole number"),
        ((2022, True, 12), "first month True is not a whole number"),
    ],
)
def test_bad_spans_name_the_bad_part(args: tuple[object, ...], message: str) -> None:
    with pytest.raises(PeriodError, match=message) as caught:
        Period(*args)  # type: ignore[arg-type]
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2022-11..2023-02", "spans 2022 and 2023"),
        ("2022-13", "month 13 is not a calendar month"),
        ("2022-00..2022-03", "first month 0"),
        ("22-01", "not of the form"),
        ("", "not of the form"),
        ("2022..2022-03", "not of the form"),
    ],
)
def test_bad_text_names_the_bad_part(text: str, message: str) -> None:
    with pytest.raises(PeriodError, match=message):
        Period.parse(text)


@given(periods())
def test_parse_of_str_round_trips(period: Period) -> None:
    assert Period.parse(str(period)) == period
    assert pickle.loads(pickle.dumps(period)) == period
    assert hash(Period.parse(str(period))) == hash(period)


@given(periods(), st.dates(dt.date(999, 1, 1), dt.date(9999, 12, 31)))
def test_contains_agrees_with_month_bounds(period: Period, day: dt.date) -> None:
    inside = period.start <= day <= period.end
    assert period.contains(day) is inside
    assert (day in period) is inside


@given(periods())
def test_share_of_year_is_months_over_twelve(period: Period) -> None:
    assert period.share_of_year == Fraction(period.last_month - period.first_month + 1, 12)
    assert period.with_year(period.year - 1).share_of_year == period.share_of_year


def test_periods_are_immutable_and_ordered() -> None:
    period = Period(2022, 1, 9)
    with pytest.raises(AttributeError):
        period.first_month = 2  # type: ignore[misc]
    assert Period(2021) < Period(2022, 1, 9) < Period(2022)
