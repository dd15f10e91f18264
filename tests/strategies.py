"""Hypothesis strategies shared by the test modules."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import strategies as st

from greenprocure import Money
from greenprocure.money import currency_exponent

#: Currencies with different minor units: 0 (KRW, JPY), 2 (EUR, USD), 3 (KWD, BHD).
CURRENCIES = ("KRW", "JPY", "EUR", "USD", "KWD", "BHD")


def amounts(currency: str, max_units: int = 10**15) -> st.SearchStrategy[Money]:
    """Money in ``currency``, positive or negative, up to ``max_units`` minor units."""
    return st.integers(-max_units, max_units).map(
        lambda units: Money.from_minor_units(units, currency)
    )


def money(currency: str | None = None) -> st.SearchStrategy[Money]:
    """Money in ``currency``, or in any of :data:`CURRENCIES`."""
    if currency is not None:
        return amounts(currency)
    return st.sampled_from(CURRENCIES).flatmap(amounts)


def decimal_strings(currency: str) -> st.SearchStrategy[str]:
    """Decimal strings exact to ``currency``'s minor unit."""
    places = currency_exponent(currency)
    return st.integers(-(10**14), 10**14).map(lambda n: str(Decimal(n).scaleb(-places)))
