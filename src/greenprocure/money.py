"""Exact money: a Decimal amount in an ISO 4217 currency.

:class:`Money` never holds a float and never mixes currencies. The number of
decimal places is the currency's minor unit as babel's CLDR data gives it
(KRW 0, EUR 2, JPY 0, KWD 3). Wherever a computation must round (a ratio
applied to an amount, a target derived from last year's amount), it rounds
**half up** (반올림): ``1500.5 → 1501``, ``0.125 → 0.13``, ``-0.5 → -1``.

Internally an amount is kept as an integer count of minor units, so that
sums over millions of purchases stay exact and fast.

Example:
    >>> from decimal import Decimal
    >>> price = Money.krw(1_500_000)
    >>> price * Decimal("1.1")
    Money('1650000', 'KRW')
    >>> sum([Money.krw(1), Money.krw(2)])
    Money('3', 'KRW')
    >>> Money.krw(784) / Money.krw(1000)
    Decimal('0.784')
    >>> Money("0.125", "EUR")
    Traceback (most recent call last):
    ...
    greenprocure.errors.InvalidAmountError: amount '0.125' has more decimal places than EUR ...
    >>> Money.rounded("0.125", "EUR")
    Money('0.13', 'EUR')
"""

from __future__ import annotations

import decimal
from decimal import Decimal
from fractions import Fraction
from functools import cache
from typing import Any, Final, overload

from greenprocure.errors import (
    AmountTypeError,
    CurrencyError,
    CurrencyMismatchError,
    FloatAmountError,
    InvalidAmountError,
)
from greenprocure.i18n import N_

__all__ = ["KRW", "Money", "currency_exponent", "round_half_up"]

#: The Korean won's ISO 4217 code.
KRW: Final = "KRW"

# Ratios are computed with more digits than any amount has, so that rounding
# to one decimal of a percentage is decided by the true value.
_RATIO_CONTEXT: Final = decimal.Context(prec=40, rounding=decimal.ROUND_HALF_EVEN)
# The largest decimal exponent of an amount (that of decimal's default context):
# an amount beyond it cannot be held exactly, nor rounded in reasonable time.
_MAX_DIGITS: Final = 999_999
# Enough digits that scaling any amount a user can write stays exact.
_EXACT: Final = decimal.Context(prec=decimal.MAX_PREC, traps=[decimal.Inexact])


@cache
def currency_exponent(currency: str) -> int:
    """The number of decimal places of ``currency`` (its ISO 4217 minor unit).

    Taken from babel's CLDR data, not from a hand-written table.

    Example:
        >>> currency_exponent("KRW"), currency_exponent("EUR")
        (0, 2)
    """
    # babel is imported on first use (the answer is cached per code).
    from babel.numbers import get_currency_precision, is_currency

    if not isinstance(currency, str) or not is_currency(currency):
        raise CurrencyError(
            N_("unknown currency code {currency!r}: expected an ISO 4217 code such as KRW or EUR"),
            currency=currency,
        )
    return int(get_currency_precision(currency))


def _currency(currency: object) -> tuple[str, int]:
    """The upper-case ISO 4217 code of ``currency`` and its exponent, or CurrencyError."""
    if not isinstance(currency, str):
        raise CurrencyError(
            N_("unknown currency code {currency!r}: expected an ISO 4217 code such as KRW or EUR"),
            currency=currency,
        )
    code = currency.upper()
    return code, currency_exponent(code)


def _scaled(units: int, places: int) -> Decimal:
    """``units × 10**-places`` exactly (``scaleb`` would round to the context's precision)."""
    if places > 0:
        return Decimal(f"{units}E-{places}")
    return Decimal(units * 10**-places)


def round_half_up(value: Decimal | Fraction | int, places: int = 0) -> Decimal:
    """Round ``value`` to ``places`` decimals, ties away from zero (반올림).

    Exact for any Decimal, Fraction or int: the tie is decided on the true
    value, not on a binary approximation.

    Example:
        >>> round_half_up(Decimal("1500.5")), round_half_up(Decimal("0.125"), 2)
        (Decimal('1501'), Decimal('0.13'))
        >>> round_half_up(Fraction(-1, 2))
        Decimal('-1')
        >>> round_half_up(Decimal("1250"), -2)  # to the nearest hundred
        Decimal('1300')
    """
    if isinstance(value, float):
        raise FloatAmountError(
            N_("cannot round the float {value!r} exactly: give an int, Decimal or str"), value=value
        )
    if isinstance(value, Decimal) and not value.is_finite():
        raise InvalidAmountError(N_("cannot round {value}: not a finite number"), value=value)
    if isinstance(places, bool) or not isinstance(places, int):
        raise AmountTypeError(
            N_("cannot round to {places!r} decimal places: give an int"), places=places
        )
    # The exact value as a ratio of ints, scaled by 10 ** places (no Fraction made).
    try:
        numerator, denominator = value.as_integer_ratio()
    except AttributeError:  # anything else Fraction reads (a str), as before
        numerator, denominator = Fraction(value).as_integer_ratio()
    if places >= 0:
        numerator *= 10**places
    else:
        denominator *= 10**-places
    return _scaled(_half_up_units(numerator, denominator), places)


def _half_up_units(numerator: int, denominator: int) -> int:
    """``numerator / denominator`` (``denominator > 0``) rounded to an int, ties away from zero."""
    units = (abs(numerator) * 2 + denominator) // (2 * denominator)
    return -units if numerator < 0 else units


def _to_decimal(amount: object) -> Decimal:
    if isinstance(amount, bool):
        raise AmountTypeError(
            N_("amount {amount!r} is a bool, not a number: give an int, Decimal or str"),
            amount=amount,
        )
    if isinstance(amount, float):
        raise FloatAmountError(
            N_(
                "amount {amount!r} is a float: floats cannot hold most decimal amounts exactly;"
                " give an int, a Decimal or a string such as '1234.50'"
            ),
            amount=amount,
        )
    if isinstance(amount, int):
        return Decimal(amount)
    if isinstance(amount, Decimal):
        value = amount
    elif isinstance(amount, str):
        try:
            value = Decimal(amount.strip())
        except decimal.InvalidOperation:
            raise InvalidAmountError(
                N_("amount {amount!r} is not a decimal number"), amount=amount
            ) from None
    else:
        raise AmountTypeError(
            N_("amount {amount!r} of type {type} cannot be money: give an int, Decimal or str"),
            amount=amount,
            type=type(amount).__name__,
        )
    if not value.is_finite():
        raise InvalidAmountError(N_("amount {amount!r} is not a finite number"), amount=str(amount))
    if value and not -_MAX_DIGITS <= value.adjusted() <= _MAX_DIGITS:
        raise InvalidAmountError(
            N_(
                "amount {amount!r} is too large or too small to be money: its exponent is"
                " beyond ±{limit}"
            ),
            amount=str(amount),
            limit=_MAX_DIGITS,
        )
    return value


class Money:
    """An exact amount of money in one currency.

    Args:
        amount: an ``int``, a ``Decimal`` or a decimal string (``"1234.50"``).
            A ``float`` raises :class:`~greenprocure.errors.FloatAmountError`;
            more decimal places than the currency has raises
            :class:`~greenprocure.errors.InvalidAmountError` (use
            :meth:`rounded` to round half up on purpose).
        currency: an ISO 4217 code known to babel (case-insensitive).

    Arithmetic: ``+`` and ``-`` between amounts of the same currency (a
    different currency raises :class:`~greenprocure.errors.CurrencyMismatchError`);
    ``*`` by an ``int``, ``Decimal`` or ``Fraction`` rounds half up to the minor
    unit; ``/`` by another amount gives a ``Decimal`` ratio, ``/`` by a number
    gives an amount rounded half up. ``sum()`` works because ``0 + money`` is
    ``money``. Amounts of one currency are totally ordered.
    """

    __slots__ = ("_minor", "currency", "exponent")

    _minor: int
    #: The ISO 4217 currency code, upper case.
    currency: str
    #: Decimal places of the currency's minor unit (KRW 0, EUR 2).
    exponent: int

    def __init__(self, amount: int | Decimal | str, currency: str) -> None:
        code, exponent = _currency(currency)
        value = _to_decimal(amount)
        try:
            scaled = value.scaleb(exponent, _EXACT)
        except decimal.DecimalException:
            raise InvalidAmountError(
                N_("amount {amount!r} cannot be held exactly in {currency}"),
                amount=str(amount),
                currency=code,
            ) from None
        if scaled != scaled.to_integral_value():
            raise InvalidAmountError(
                N_(
                    "amount {amount!r} has more decimal places than {currency} allows"
                    " ({places}); use Money.rounded() to round half up"
                ),
                amount=str(amount),
                currency=code,
                places=exponent,
            )
        object.__setattr__(self, "_minor", int(scaled))
        object.__setattr__(self, "currency", code)
        object.__setattr__(self, "exponent", exponent)

    # -- constructors ----------------------------------------------------------

    @classmethod
    def krw(cls, amount: int | Decimal | str) -> Money:
        """An amount in Korean won (no minor unit): ``Money.krw(1_500_000)``."""
        return cls(amount, KRW)

    @classmethod
    def zero(cls, currency: str = KRW) -> Money:
        """Zero in ``currency``."""
        return cls(0, currency)

    @classmethod
    def rounded(cls, amount: int | Decimal | str | Fraction, currency: str) -> Money:
        """An amount rounded half up to the currency's minor unit.

        Example:
            >>> Money.rounded("1500.5", "KRW"), Money.rounded("-0.125", "EUR")
            (Money('1501', 'KRW'), Money('-0.13', 'EUR'))
        """
        code, exponent = _currency(currency)
        value = amount if isinstance(amount, Fraction) else _to_decimal(amount)
        return cls(round_half_up(value, exponent), code)

    @classmethod
    def from_minor_units(cls, units: int, currency: str) -> Money:
        """An amount from an integer count of minor units (cents for EUR, won for KRW).

        Example:
            >>> Money.from_minor_units(12345, "EUR")
            Money('123.45', 'EUR')
        """
        if not isinstance(units, int) or isinstance(units, bool):
            raise AmountTypeError(N_("minor units {amount!r} must be an int"), amount=units)
        code, exponent = _currency(currency)
        money = object.__new__(cls)
        object.__setattr__(money, "_minor", units)
        object.__setattr__(money, "currency", code)
        object.__setattr__(money, "exponent", exponent)
        return money

    @classmethod
    def _trusted(cls, units: int, currency: str, exponent: int) -> Money:
        """A Money of ``units`` minor units, for callers that already checked everything.

        Private: the loaders' fast path, which passes an int, an upper-case
        ISO code and that code's exponent (what :meth:`from_minor_units`
        would check and look up).
        """
        money = object.__new__(cls)
        _SET_MINOR(money, units)
        _SET_CURRENCY(money, currency)
        _SET_EXPONENT(money, exponent)
        return money

    # -- views -----------------------------------------------------------------

    @property
    def amount(self) -> Decimal:
        """The amount as a Decimal with exactly ``exponent`` decimal places."""
        return _scaled(self._minor, self.exponent)

    @property
    def minor_units(self) -> int:
        """The amount as an integer count of minor units."""
        return self._minor

    def is_zero(self) -> bool:
        """True for a zero amount."""
        return self._minor == 0

    def __bool__(self) -> bool:
        return self._minor != 0

    # -- immutability, hashing, pickling ---------------------------------------

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Money is immutable: cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"Money is immutable: cannot delete {name!r}")

    def __hash__(self) -> int:
        return hash((self._minor, self.currency))

    def __reduce__(self) -> tuple[Any, ...]:
        return (Money.from_minor_units, (self._minor, self.currency))

    def __repr__(self) -> str:
        return f"Money({str(self.amount)!r}, {self.currency!r})"

    def __str__(self) -> str:
        return f"{self.amount} {self.currency}"

    # -- arithmetic ------------------------------------------------------------

    def _same(self, other: Money, operation: str) -> None:
        if other.currency != self.currency:
            raise CurrencyMismatchError(
                N_("cannot combine {left} and {right} amounts: convert one currency first"),
                left=self.currency,
                right=other.currency,
                operation=operation,
            )

    def _new(self, minor: int) -> Money:
        money = object.__new__(Money)
        object.__setattr__(money, "_minor", minor)
        object.__setattr__(money, "currency", self.currency)
        object.__setattr__(money, "exponent", self.exponent)
        return money

    def __add__(self, other: Money) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        self._same(other, "+")
        return self._new(self._minor + other._minor)

    def __radd__(self, other: object) -> Money:
        # sum() starts from the int 0; nothing else may be added to money.
        if isinstance(other, int) and not isinstance(other, bool) and other == 0:
            return self
        return NotImplemented

    def __sub__(self, other: Money) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        self._same(other, "-")
        return self._new(self._minor - other._minor)

    def __neg__(self) -> Money:
        return self._new(-self._minor)

    def __pos__(self) -> Money:
        return self

    def __abs__(self) -> Money:
        return self._new(abs(self._minor))

    def __mul__(self, factor: int | Decimal | Fraction) -> Money:
        if isinstance(factor, float):
            raise FloatAmountError(
                N_(
                    "cannot multiply money by the float {factor!r}:"
                    " give an int, Decimal or Fraction"
                ),
                factor=factor,
            )
        if isinstance(factor, bool) or not isinstance(factor, (int, Decimal, Fraction)):
            return NotImplemented
        if isinstance(factor, int):
            return self._new(self._minor * factor)
        if isinstance(factor, Decimal) and not factor.is_finite():
            raise InvalidAmountError(
                N_("cannot multiply money by {factor}: not a finite number"), factor=factor
            )
        numerator, denominator = factor.as_integer_ratio()
        return self._new(_half_up_units(self._minor * numerator, denominator))

    __rmul__ = __mul__

    @overload
    def __truediv__(self, other: Money) -> Decimal: ...
    @overload
    def __truediv__(self, other: int | Decimal | Fraction) -> Money: ...
    def __truediv__(self, other: Money | int | Decimal | Fraction) -> Decimal | Money:
        if isinstance(other, Money):
            self._same(other, "/")
            if other._minor == 0:
                raise ZeroDivisionError(f"cannot divide {self} by a zero amount")
            return _RATIO_CONTEXT.divide(Decimal(self._minor), Decimal(other._minor))
        if isinstance(other, float):
            raise FloatAmountError(
                N_("cannot divide money by the float {factor!r}: give an int, Decimal or Fraction"),
                factor=other,
            )
        if isinstance(other, bool) or not isinstance(other, (int, Decimal, Fraction)):
            return NotImplemented
        if other == 0:
            raise ZeroDivisionError(f"cannot divide {self} by zero")
        return self._new(int(round_half_up(Fraction(self._minor) / Fraction(other))))

    def ratio(self, other: Money) -> Fraction:
        """The exact ratio ``self / other`` as a Fraction (no rounding at all)."""
        self._same(other, "/")
        if other._minor == 0:
            raise ZeroDivisionError(f"cannot divide {self} by a zero amount")
        return Fraction(self._minor, other._minor)

    # -- comparison ------------------------------------------------------------

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Money):
            return NotImplemented
        return self._minor == other._minor and self.currency == other.currency

    def __lt__(self, other: Money) -> bool:
        if not isinstance(other, Money):
            return NotImplemented
        self._same(other, "<")
        return self._minor < other._minor

    def __le__(self, other: Money) -> bool:
        if not isinstance(other, Money):
            return NotImplemented
        self._same(other, "<=")
        return self._minor <= other._minor

    def __gt__(self, other: Money) -> bool:
        if not isinstance(other, Money):
            return NotImplemented
        self._same(other, ">")
        return self._minor > other._minor

    def __ge__(self, other: Money) -> bool:
        if not isinstance(other, Money):
            return NotImplemented
        self._same(other, ">=")
        return self._minor >= other._minor


# Slot setters that bypass Money.__setattr__ (immutability) for Money._trusted.
_SET_MINOR: Final = Money.__dict__["_minor"].__set__
_SET_CURRENCY: Final = Money.__dict__["currency"].__set__
_SET_EXPONENT: Final = Money.__dict__["exponent"].__set__
