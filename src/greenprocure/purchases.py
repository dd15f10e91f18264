"""Purchases: who bought what, when, for how much, with which certificates.

A :class:`Purchase` is one line of purchase results (구매실적): a buyer (a
jurisdiction code), a date, an item category, an exact amount, an optional
physical quantity, and the certificates it claims. Whether it *counts* as
green is not decided here but by the rules engine, which checks the claims
against a certificate list as of the purchase date.

A ledger is any iterable of purchases; evaluation streams it once, so a
lazy loader over a large file works as well as a list.

Example:
    >>> import datetime as dt
    >>> from greenprocure import Money
    >>> from greenprocure.units import Q_
    >>> p = Purchase(
    ...     id="2022-000123",
    ...     buyer="4812000000",                # 창원시
    ...     date=dt.date(2022, 3, 14),
    ...     category="레미콘",
    ...     amount=Money.krw(36_000_000),
    ...     quantity=Q_(400, "m**3"),
    ...     certificates=[("kr-low-carbon", "LC-2021-017")],
    ...     supplier="세기산업(주)",
    ... )
    >>> p.certificates
    (CertificateRef(scheme='kr-low-carbon', number='LC-2021-017'),)
    >>> Purchase(id="x", buyer="1100000000", date=dt.date(2022, 1, 3), category="paper",
    ...          amount=Money.krw(-5000))
    Traceback (most recent call last):
    ...
    greenprocure.errors.RecordError: purchase 'x': amount -5000 KRW is negative, ...
"""

from __future__ import annotations

import bisect
import datetime as _dt
import unicodedata
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeAlias

import attrs

from greenprocure.certifications import CertificateRef
from greenprocure.errors import RecordError
from greenprocure.i18n import N_
from greenprocure.money import Money
from greenprocure.units import is_quantity

if TYPE_CHECKING:
    from greenprocure.units import Quantity

__all__ = ["Ledger", "Purchase"]


def _text(value: Any) -> Any:
    # Text from spreadsheets arrives with stray spaces and, from some systems,
    # in decomposed Hangul (NFD); one spelling per value keeps ids and names
    # comparable. Anything that is not a string is left for validation.
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value).strip()
    return value


def _refs(value: Any) -> tuple[CertificateRef, ...]:
    if value is None:
        return ()
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise RecordError(
            N_("certificates must be (scheme, number) pairs, not {value!r}"),
            field="certificates",
            value=value,
        )
    refs: list[CertificateRef] = []
    for item in value:
        if (
            not isinstance(item, (tuple, list))
            or len(item) != 2
            or not all(isinstance(part, str) and part.strip() for part in item)
        ):
            raise RecordError(
                N_("certificate claim {value!r} is not a (scheme, number) pair of strings"),
                field="certificates",
                value=item,
            )
        refs.append(CertificateRef(_text(item[0]), _text(item[1])))
    return tuple(refs)


def _fail(record: str, field: str, value: object, msgid: str) -> RecordError:
    return RecordError(msgid, record=record, field=field, value=value)


@attrs.frozen(slots=True)
class Purchase:
    """One purchase line.

    Attributes:
        id: the purchase's id, unique within a ledger.
        buyer: the buying jurisdiction's code (a 10-digit legal-dong code for
            Korea; see :mod:`greenprocure.jurisdictions`).
        date: the purchase (or contract) date.
        category: the item category (품목), e.g. ``"레미콘"`` or ``"복사용지"``.
        amount: the amount paid, exact. Negative only for a refund.
        quantity: the physical quantity bought, from the package's unit
            registry (``Q_(400, "m**3")``), if known.
        certificates: the certificates the purchase claims, as
            ``(scheme id, number)`` pairs.
        supplier: the supplier's name (공급업체).
        notes: free-form notes.
        refund: True for a refund or cancellation line (its amount is ≤ 0).

    Text fields (id, buyer, category, supplier, notes and the parts of each
    certificate claim) are stored NFC-normalised and without surrounding
    spaces, so that one value has one spelling.

    Raises:
        RecordError: an empty id or buyer, a date that is not a
            ``datetime.date``, an amount that is not :class:`~greenprocure.Money`,
            a negative amount on a line that is not a refund (or a positive one
            on a refund), a quantity from another registry or below zero (on a
            line that is not a refund), text fields that are not strings, a
            refund flag that is not a bool, certificate claims that are not
            ``(scheme, number)`` pairs of non-empty strings. The
            error's ``params`` name the ``record``, the ``field`` and the ``value``.
    """

    id: str = attrs.field(converter=_text)
    buyer: str = attrs.field(converter=_text)
    date: _dt.date
    category: str = attrs.field(converter=_text)
    amount: Money
    quantity: Quantity | None = None
    certificates: tuple[CertificateRef, ...] = attrs.field(default=(), converter=_refs)
    supplier: str = attrs.field(default="", converter=_text)
    notes: str = attrs.field(default="", converter=_text)
    refund: bool = False

    def __attrs_post_init__(self) -> None:
        record = self.id
        if not isinstance(record, str) or not record.strip():
            raise _fail(str(record), "id", record, N_("purchase id {value!r} is empty"))
        if not isinstance(self.buyer, str) or not self.buyer.strip():
            raise _fail(
                record, "buyer", self.buyer, N_("purchase {record!r}: buyer {value!r} is empty")
            )
        if not isinstance(self.date, _dt.date) or isinstance(self.date, _dt.datetime):
            raise _fail(
                record,
                "date",
                self.date,
                N_("purchase {record!r}: date {value!r} is not a calendar date"),
            )
        for field, value in (
            ("category", self.category),
            ("supplier", self.supplier),
            ("notes", self.notes),
        ):
            if not isinstance(value, str):
                raise _fail(
                    record, field, value, N_("purchase {record!r}: {field} {value!r} is not text")
                )
        if not isinstance(self.refund, bool):
            raise _fail(
                record,
                "refund",
                self.refund,
                N_("purchase {record!r}: refund {value!r} is not True or False"),
            )
        if not isinstance(self.amount, Money):
            raise _fail(
                record,
                "amount",
                self.amount,
                N_("purchase {record!r}: amount {value!r} is not Money"),
            )
        minor = self.amount.minor_units
        if minor < 0 and not self.refund:
            raise _fail(
                record,
                "amount",
                str(self.amount),
                N_(
                    "purchase {record!r}: amount {value} is negative, which only a refund"
                    " or cancellation line may be"
                ),
            )
        if minor > 0 and self.refund:
            raise _fail(
                record,
                "amount",
                str(self.amount),
                N_("purchase {record!r}: a refund's amount must not be positive, not {value}"),
            )
        if self.quantity is not None:
            if not is_quantity(self.quantity):
                raise _fail(
                    record,
                    "quantity",
                    self.quantity,
                    N_(
                        "purchase {record!r}: quantity {value!r} is not a quantity of"
                        " greenprocure.units"
                    ),
                )
            if self.quantity.magnitude < 0 and not self.refund:
                raise _fail(
                    record,
                    "quantity",
                    str(self.quantity),
                    N_("purchase {record!r}: quantity {value} is negative"),
                )

    @property
    def currency(self) -> str:
        """The currency of the amount."""
        return self.amount.currency

    @property
    def claims_certificate(self) -> bool:
        """True if the purchase claims at least one certificate."""
        return bool(self.certificates)


#: Any iterable of purchases: a list, a generator, a lazy file loader.
Ledger: TypeAlias = Iterable[Purchase]


def _slot_setter(name: str) -> Any:
    return Purchase.__dict__[name].__set__


_SET_ID, _SET_BUYER, _SET_DATE, _SET_CATEGORY, _SET_AMOUNT = map(
    _slot_setter, ("id", "buyer", "date", "category", "amount")
)
_SET_QUANTITY, _SET_CERTIFICATES, _SET_SUPPLIER, _SET_NOTES, _SET_REFUND = map(
    _slot_setter, ("quantity", "certificates", "supplier", "notes", "refund")
)
_NEW: Any = object.__new__


def _trusted_purchase(
    id: str,
    buyer: str,
    date: _dt.date,
    category: str,
    amount: Money,
    certificates: tuple[CertificateRef, ...],
    supplier: str,
    notes: str,
) -> Purchase:
    """A purchase (no quantity, not a refund) built without converting or validating.

    Private: for the loaders' fast path, which has already made every value
    what :class:`Purchase` would make of it and checked everything it
    checks — NFC text without surrounding spaces, a non-empty id and buyer,
    a ``datetime.date``, a Money of at least zero, a tuple of
    :class:`CertificateRef` of non-empty NFC parts. The result is equal to
    ``Purchase(id, buyer, date, category, amount, None, certificates,
    supplier, notes, False)``.
    """
    purchase: Purchase = _NEW(Purchase)
    _SET_ID(purchase, id)
    _SET_BUYER(purchase, buyer)
    _SET_DATE(purchase, date)
    _SET_CATEGORY(purchase, category)
    _SET_AMOUNT(purchase, amount)
    _SET_QUANTITY(purchase, None)
    _SET_CERTIFICATES(purchase, certificates)
    _SET_SUPPLIER(purchase, supplier)
    _SET_NOTES(purchase, notes)
    _SET_REFUND(purchase, False)
    return purchase


class _Block:
    """Many plain purchases in columns: what a fast loader hands to the evaluation.

    Private. A block stands for ``len(block)`` purchases that all have no
    quantity, are not refunds, have an amount of at least zero in the one
    ``currency`` and claim at most one certificate. Its columns hold what
    :func:`_trusted_purchase` would be given (already validated and
    normalised); the evaluation reads them without building a
    :class:`Purchase` per line, and :meth:`purchases` builds them for any
    other consumer. ``purchases()`` yields exactly the purchases the loader
    would have yielded one by one.

    Attributes:
        keys: the purchases' ids, each after ``prefix`` (bytes of ASCII ids:
            the file's cells with the line break and last cell of the row
            before in front, all alike in a block), so that keys compare as
            the ids do without an id string per row.
        prefix: what is in front of every key's id.
        buyers: the buyers' codes.
        dates: the purchase dates.
        categories: the item categories.
        amounts: the amounts in minor units of ``currency`` (``>= 0``).
        currency: the ISO 4217 code of every amount.
        exponent: the currency's number of decimals.
        claimed: per purchase, a true value if it claims a certificate (its
            raw certificate number) and a false one if not.
        claim_rows: the positions of the purchases that claim a certificate.
        claim_schemes: their claims' schemes, in the same order.
        claim_numbers: their claims' certificate numbers, as the file's bytes
            (printable ASCII: the number is ``number.decode()``).
        buyer_set: the distinct buyers.
        category_set: the distinct categories.
    """

    __slots__ = (
        "_notes",
        "_suppliers",
        "_text",
        "amounts",
        "buyer_set",
        "buyers",
        "categories",
        "category_set",
        "claim_numbers",
        "claim_rows",
        "claim_schemes",
        "claimed",
        "currency",
        "dates",
        "exponent",
        "keys",
        "prefix",
    )

    def __init__(
        self,
        keys: list[bytes],
        prefix: bytes,
        buyers: list[str],
        dates: list[_dt.date],
        categories: list[str],
        amounts: list[int],
        currency: str,
        exponent: int,
        claimed: list[Any],
        claim_rows: list[int],
        claim_schemes: list[str],
        claim_numbers: list[bytes],
        suppliers: list[bytes],
        notes: list[bytes],
        text: Callable[[bytes], str],
        buyer_set: set[str] | None = None,
        category_set: set[str] | None = None,
    ) -> None:
        self.keys = keys
        self.prefix = prefix
        self.buyers = buyers
        self.dates = dates
        self.categories = categories
        self.amounts = amounts
        self.currency = currency
        self.exponent = exponent
        self.claimed = claimed
        self.claim_rows = claim_rows
        self.claim_schemes = claim_schemes
        self.claim_numbers = claim_numbers
        # The cells no evaluation reads, as the file's (valid UTF-8) bytes,
        # and the loader's function that makes a cell's text.
        self._suppliers = suppliers
        self._notes = notes
        self._text = text
        self.buyer_set = set(buyers) if buyer_set is None else buyer_set
        self.category_set = set(categories) if category_set is None else category_set

    def __len__(self) -> int:
        return len(self.keys)

    def id(self, index: int) -> str:
        """The id of the purchase at ``index``."""
        return self.keys[index][len(self.prefix) :].decode("ascii")

    def purchase(self, index: int) -> Purchase:
        """The purchase at ``index``."""
        position = bisect.bisect_left(self.claim_rows, index)
        claims: tuple[CertificateRef, ...] = ()
        if position < len(self.claim_rows) and self.claim_rows[position] == index:
            claims = (
                CertificateRef(self.claim_schemes[position], self.claim_numbers[position].decode()),
            )
        return _trusted_purchase(
            self.id(index),
            self.buyers[index],
            self.dates[index],
            self.categories[index],
            Money._trusted(self.amounts[index], self.currency, self.exponent),
            claims,
            self._text(self._suppliers[index]),
            self._text(self._notes[index]),
        )

    def purchases(self) -> list[Purchase]:
        """Every purchase of the block, in order."""
        return [self.purchase(index) for index in range(len(self.keys))]

    def subset(self, rows: list[int]) -> _Block:
        """The block of the purchases at ``rows`` (ascending positions)."""
        chosen = rows

        def pick(column: list[Any]) -> list[Any]:
            return [column[index] for index in chosen]

        position = {index: new for new, index in enumerate(chosen)}
        kept = [
            (position[index], scheme, number)
            for index, scheme, number in zip(
                self.claim_rows, self.claim_schemes, self.claim_numbers, strict=True
            )
            if index in position
        ]
        return _Block(
            pick(self.keys),
            self.prefix,
            pick(self.buyers),
            pick(self.dates),
            pick(self.categories),
            pick(self.amounts),
            self.currency,
            self.exponent,
            pick(self.claimed),
            [index for index, _, _ in kept],
            [scheme for _, scheme, _ in kept],
            [number for _, _, number in kept],
            pick(self._suppliers),
            pick(self._notes),
            self._text,
        )
