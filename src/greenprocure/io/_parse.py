"""Parsing cells: amounts, dates, flags, units, statuses.

Each parser returns the value or raises :class:`CellError` with a stable
code and a translatable reason; the row converters collect those into
:class:`~greenprocure.io.Problem` objects. Regular expressions are compiled
once; parsers of values that repeat (dates, units, currencies, statuses)
cache their answers per raw string.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, Final, cast

from greenprocure.certifications import CertificateStatus
from greenprocure.errors import CurrencyError, UnitError
from greenprocure.i18n import N_, Message
from greenprocure.money import Money, currency_exponent
from greenprocure.units import registry, unit

if TYPE_CHECKING:
    import pint

    from greenprocure.units import Quantity

__all__ = [
    "CellError",
    "cached",
    "keys_to_fill",
    "parse_amount",
    "parse_currency",
    "parse_date",
    "parse_flag",
    "parse_magnitude",
    "parse_status",
    "parse_unit",
]


class CellError(Exception):
    """A cell that cannot be read: a stable code and a translatable reason."""

    def __init__(self, code: str, reason: Message) -> None:
        super().__init__(code)
        self.code = code
        self.reason = reason


def _fail(code: str, msgid: str, **params: Any) -> CellError:
    return CellError(code, Message.of(msgid, **params))


_CACHE_LIMIT: Final = 100_000


def keys_to_fill(
    cache: dict[Any, Any], keys: set[Any], limit: int, *alongside: dict[Any, Any]
) -> set[Any]:
    """The ``keys`` a fast path must convert into ``cache`` so that all of them are in it.

    The ones missing, or, when they would fill the cache beyond ``limit``, all
    of them after emptying it (and the caches filled ``alongside`` it, which
    hold the same keys): a bounded cache is emptied, never left without a key
    that is about to be looked up.
    """
    missing = keys.difference(cache)
    if missing and len(cache) + len(missing) > limit:
        cache.clear()
        for other in alongside:
            other.clear()
        return set(keys)
    return missing


def cached(parse: Callable[[str], Any]) -> Callable[[str], Any]:
    """``parse`` with its answers (values and errors alike) kept per raw string.

    The cache is per loader (call :func:`cached` for each load), bounded,
    and cleared when full rather than evicting one by one.
    """
    memo: dict[str, tuple[bool, Any]] = {}

    def lookup(raw: str) -> Any:
        hit = memo.get(raw)
        if hit is None:
            try:
                hit = (True, parse(raw))
            except CellError as error:
                hit = (False, error)
            if len(memo) >= _CACHE_LIMIT:
                memo.clear()
            memo[raw] = hit
        if hit[0]:
            return hit[1]
        raise hit[1]

    return lookup


# -- amounts ------------------------------------------------------------------

_MINUS: Final = "-−△▲"  # ASCII hyphen, U+2212, and the triangles of Korean ledgers
_AMOUNT: Final = re.compile(
    r"(?P<sign>[-−△▲])?\s*"
    r"(?P<pre>[₩￦]|[A-Z]{3})?\s*"
    r"(?P<sign2>[-−△▲])?\s*"
    r"(?P<int>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)"
    r"(?:\.(?P<frac>[0-9]+))?\s*"
    r"(?P<post>원|[A-Z]{3})?"
)
#: The most digits an amount may have before its decimal point, leading zeros
#: aside (₩10^30 is far beyond any purchase); without a bound, a cell of
#: thousands of digits would stop the load in int().
MAX_AMOUNT_DIGITS: Final = 30
_DOTTED_THOUSANDS: Final = re.compile(
    r"[-−△▲]?\s*(?:[₩￦]|[A-Z]{3})?\s*[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]+)?\s*(?:원|[A-Z]{3})?"
)


def _check_size(cell: str, digits: str) -> None:
    """Refuse an amount whose whole part (``digits``, no leading zeros) is too long."""
    if len(digits) > MAX_AMOUNT_DIGITS:
        raise _fail(
            "amount-too-large",
            N_("amount {value!r} has {digits} digits, more than any purchase ({limit} at most)"),
            value=cell if len(cell) <= 40 else cell[:40] + "…",
            digits=len(digits),
            limit=MAX_AMOUNT_DIGITS,
        )


def parse_amount(cell: str, currency: str) -> Money:
    """An amount in ``currency`` from ``1234000``, ``1,234,000``, ``1,234,000원``,
    ``₩1,234,000`` or ``￦1,234,000``; ``-``, ``−``, ``△`` or ``▲`` before it
    makes it negative.

    A currency mark in the cell (``원``, ``₩``, ``￦``, ``KRW``, ``EUR`` ...)
    must agree with ``currency``. ``1.234.000`` and ``1.234,50`` are refused
    as ambiguous (dots as thousands separators), as is ``1.234`` in a
    currency with fewer than three decimals.

    Raises:
        CellError: codes ``bad-amount``, ``ambiguous-amount``,
            ``too-many-decimals``, ``currency-conflict``, ``amount-too-large``
            (more than :data:`MAX_AMOUNT_DIGITS` digits before the decimal
            point, leading zeros aside).
    """
    if cell.isascii() and cell.isdigit():
        digits = cell.lstrip("0") or "0"
        _check_size(cell, digits)
        return Money.from_minor_units(int(digits) * 10 ** currency_exponent(currency), currency)
    text = unicodedata.normalize("NFKC", cell) if not cell.isascii() else cell
    # NFKC turns the full-width won sign ￦ into ₩ and full-width digits into digits.
    match = _AMOUNT.fullmatch(text)
    if match is None:
        if _DOTTED_THOUSANDS.fullmatch(text):
            raise _fail(
                "ambiguous-amount",
                N_(
                    "amount {value!r} is ambiguous: dots may be thousands separators"
                    " or a decimal point; write 1,234,000 or 1234000"
                ),
                value=cell,
            )
        raise _fail(
            "bad-amount",
            N_("amount {value!r} is not a number such as 1,234,000 or 1,234,000원"),
            value=cell,
        )
    marks = {mark for mark in (match["pre"], match["post"]) if mark}
    named = {"KRW" if mark in ("₩", "￦", "원") else mark for mark in marks}
    if named and named != {currency}:
        raise _fail(
            "currency-conflict",
            N_("amount {value!r} is marked as {marked}, but the currency is {currency}"),
            value=cell,
            marked="/".join(sorted(named)),
            currency=currency,
        )
    if match["sign"] and match["sign2"]:
        raise _fail(
            "bad-amount",
            N_("amount {value!r} is not a number such as 1,234,000 or 1,234,000원"),
            value=cell,
        )
    exponent = currency_exponent(currency)
    digits = match["int"].replace(",", "").lstrip("0") or "0"
    _check_size(cell, digits)
    whole = int(digits)
    frac = match["frac"] or ""
    if len(frac) == 3 and exponent < 3 and "," not in match["int"]:
        raise _fail(
            "ambiguous-amount",
            N_(
                "amount {value!r} is ambiguous: dots may be thousands separators"
                " or a decimal point; write 1,234,000 or 1234000"
            ),
            value=cell,
        )
    if len(frac) > exponent:
        if frac[exponent:].strip("0"):
            raise _fail(
                "too-many-decimals",
                N_("amount {value!r} has more decimal places than {currency} has ({places})"),
                value=cell,
                currency=currency,
                places=exponent,
            )
        frac = frac[:exponent]
    minor = whole * 10**exponent + (int(frac.ljust(exponent, "0")) if exponent else 0)
    if match["sign"] or match["sign2"]:
        minor = -minor
    return Money.from_minor_units(minor, currency)


def parse_currency(cell: str) -> str:
    """An ISO 4217 code (``KRW``, ``eur``); ``원``, ``₩`` and ``￦`` mean KRW.

    Raises:
        CellError: code ``bad-currency``.
    """
    text = unicodedata.normalize("NFKC", cell).strip()
    code = "KRW" if text in ("원", "₩", "￦", "WON") else text.upper()
    try:
        currency_exponent(code)
    except CurrencyError:
        raise _fail(
            "bad-currency",
            N_("currency {value!r} is not an ISO 4217 code such as KRW or EUR"),
            value=cell,
        ) from None
    return code


# -- dates --------------------------------------------------------------------

_DATE: Final = re.compile(
    r"(?P<y>[0-9]{4})\s*[-./년]\s*(?P<m>[0-9]{1,2})\s*[-./월]\s*(?P<d>[0-9]{1,2})\s*[.일]?"
    r"(?:\s*[T ]\s*[0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?)?"
)


def parse_date(cell: str) -> _dt.date:
    """A date from ``2022-03-01``, ``2022.03.01``, ``2022. 3. 1.``, ``2022/3/1``,
    ``20220301`` or ``2022년 3월 1일``; a time of day after it is ignored.

    Raises:
        CellError: codes ``bad-date`` (not a date) and ``no-such-date``
            (2022-02-30).
    """
    text = cell.strip()
    if len(text) == 10 and text[4] == text[7] == "-" and text.isascii():
        digits = text[:4] + text[5:7] + text[8:]  # ISO 8601, the usual case, without NFKC
    else:
        digits = text
    if len(digits) == 8 and digits.isascii() and digits.isdigit():
        year, month, day = int(digits[:4]), int(digits[4:6]), int(digits[6:])
    else:
        match = _DATE.fullmatch(unicodedata.normalize("NFKC", text))
        if match is None:
            raise _fail(
                "bad-date",
                N_("date {value!r} is not a date such as 2022-03-01, 2022.03.01 or 20220301"),
                value=cell,
            )
        year, month, day = int(match["y"]), int(match["m"]), int(match["d"])
    try:
        return _dt.date(year, month, day)
    except ValueError:
        raise _fail(
            "no-such-date", N_("date {value!r} does not exist in the calendar"), value=cell
        ) from None


# -- flags, statuses ----------------------------------------------------------

_TRUE: Final = frozenset(
    {"y", "yes", "true", "t", "1", "o", "예", "환불", "취소", "반품", "refund", "cancelled"}
)
_FALSE: Final = frozenset({"", "n", "no", "false", "f", "0", "x", "아니오", "아니요", "정상"})


def parse_flag(cell: str) -> bool:
    """A yes/no cell: ``Y``/``true``/``1``/``예``/``환불``/``취소``/``반품`` or
    ``N``/``false``/``0``/``아니오``/``정상``/empty.

    Raises:
        CellError: code ``bad-flag``.
    """
    key = "".join(unicodedata.normalize("NFKC", cell).split()).casefold()
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise _fail(
        "bad-flag", N_("{value!r} is not a yes/no value such as Y, N, true or false"), value=cell
    )


#: Status words of KEITI's lists and of the library's own files.
STATUS_WORDS: Final = {
    CertificateStatus.ACTIVE: ("active", "valid", "y", "인증", "유효", "정상", "인증중", "유지"),
    CertificateStatus.REVOKED: ("revoked", "인증취소", "취소"),
    CertificateStatus.CANCELLED: ("cancelled", "canceled", "해지", "인증해지"),
    CertificateStatus.GIVEN_UP: ("given-up", "givenup", "인증포기", "포기"),
    CertificateStatus.EXPIRED: ("expired", "n", "만료", "인증만료", "기간만료"),
}
_STATUSES: Final = {word: status for status, words in STATUS_WORDS.items() for word in words}


def parse_status(cell: str) -> CertificateStatus:
    """A certificate status from English or Korean words (``유효``, ``인증취소`` ...).

    Raises:
        CellError: code ``bad-status``.
    """
    key = "".join(unicodedata.normalize("NFKC", cell).split()).casefold().replace("_", "-")
    status = _STATUSES.get(key) or _STATUSES.get(key.replace("-", ""))
    if status is None:
        raise _fail(
            "bad-status",
            N_("certificate status {value!r} is unknown; known: {known}"),
            value=cell,
            known="유효, 인증취소, 해지, 인증포기, 만료, active, revoked, cancelled, given-up,"
            " expired",
        )
    return status


# -- quantities ---------------------------------------------------------------

#: Units written on Korean purchase records, as the package's unit names.
UNIT_WORDS: Final = {
    "개": "piece",
    "대": "piece",
    "매": "piece",
    "장": "piece",
    "본": "piece",
    "식": "set",
    "세트": "set",
    "톤": "t",
    "ton": "t",
    "m3": "m**3",
    "루베": "m**3",
    "m2": "m**2",
    "리터": "L",
    "ℓ": "L",
    "l": "L",
    "킬로그램": "kg",
    "kwh": "kWh",
}


def parse_unit(cell: str) -> pint.Unit:
    """A unit of the package registry (``m**3``, ``ea``, ``t``) or a Korean unit word
    (``개``, ``대``, ``톤``, ``㎥``, ``루베``).

    Raises:
        CellError: code ``bad-unit``.
    """
    text = unicodedata.normalize("NFKC", cell).strip()  # ㎥ → m3, ㎏ → kg
    name = UNIT_WORDS.get(text) or UNIT_WORDS.get(text.casefold()) or text
    try:
        return unit(name)
    except UnitError:
        raise _fail("bad-unit", N_("unit {value!r} is unknown"), value=cell) from None


def parse_magnitude(cell: str) -> Decimal:
    """A quantity's number: ``400``, ``1,200``, ``2.5``.

    Raises:
        CellError: code ``bad-quantity``.
    """
    text = unicodedata.normalize("NFKC", cell).strip() if not cell.isascii() else cell
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite():
        raise _fail(
            "bad-quantity",
            N_("quantity {value!r} is not a number such as 400 or 1,200"),
            value=cell,
        )
    return value


def make_quantity(magnitude: Decimal, the_unit: pint.Unit) -> Quantity:
    """A quantity of the package registry, without re-parsing the unit."""
    return cast("Quantity", registry().Quantity(magnitude, the_unit))
