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


# -- purchases and certificates ------------------------------------------------

#: Unit names of the package registry that purchases use.
UNITS = ("m**3", "piece", "ea", "t", "kg", "kWh", "L", "set", "tCO2e")

_KOREAN = "가나다라마바사아자차카타파하구매레미콘복사용지환경표지저탄소우수재활용중창원시대구"


def texts(min_size: int = 0, max_size: int = 20) -> st.SearchStrategy[str]:
    """Text with Hangul, ASCII, spaces, punctuation, quotes, newlines and formula triggers.

    NUL is left out: Python 3.10's csv module cannot read it back.
    """
    alphabet = st.one_of(
        st.sampled_from(_KOREAN),
        st.sampled_from(" ,;\"'=+-@\t\r\n()#$%₩￦원"),
        st.characters(codec="utf-8", exclude_categories=("Cs",), exclude_characters="\x00"),
    )
    return st.text(alphabet, min_size=min_size, max_size=max_size)


def nonblank_texts(max_size: int = 20) -> st.SearchStrategy[str]:
    """Text that is not empty once stripped."""
    return texts(1, max_size).filter(lambda text: text.strip() != "")


def quantities(negative: bool = False) -> st.SearchStrategy[object]:
    """Quantities of the package registry with Decimal magnitudes (≥ 0 unless ``negative``)."""
    from greenprocure.units import Q_

    low = -(10**9) if negative else 0
    magnitudes = st.builds(
        lambda units, places: Decimal(units).scaleb(-places),
        st.integers(low, 10**9),
        st.integers(0, 4),
    )
    return st.builds(Q_, magnitudes, st.sampled_from(UNITS))


def certificate_refs() -> st.SearchStrategy[tuple[str, str]]:
    """(built-in scheme id, certificate number) pairs; numbers have no ';'."""
    from greenprocure.certifications import BUILTIN_SCHEMES

    numbers = nonblank_texts(12).filter(lambda text: ";" not in text and "；" not in text)
    return st.tuples(st.sampled_from([scheme.id for scheme in BUILTIN_SCHEMES]), numbers)


@st.composite
def purchases(draw: st.DrawFn, ids: st.SearchStrategy[str] | None = None) -> object:
    """Valid purchases: Korean text, any currency of :data:`CURRENCIES`, refunds too."""
    import datetime

    from greenprocure.purchases import Purchase

    refund = draw(st.booleans())
    currency = draw(st.sampled_from(CURRENCIES))
    units = draw(st.integers(0, 10**15))
    amount = Money.from_minor_units(-units if refund else units, currency)
    return Purchase(
        id=draw(ids if ids is not None else nonblank_texts()),
        buyer=draw(nonblank_texts(12)),
        date=draw(st.dates(datetime.date(1900, 1, 1), datetime.date(2100, 12, 31))),
        category=draw(texts()),
        amount=amount,
        quantity=draw(st.none() | quantities(negative=refund)),
        certificates=draw(st.lists(certificate_refs(), max_size=3)),
        supplier=draw(texts()),
        notes=draw(texts(max_size=40)),
        refund=refund,
    )
