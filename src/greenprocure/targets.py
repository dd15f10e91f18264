"""What a jurisdiction must reach: target amounts, target rates and baselines.

Two measures exist side by side in Korea:

* the priority-city programme sets a **target amount** (목표액) per year,
  by default the previous year's counted green amount plus 10%;
* the national evaluation scores a **green share** (녹색제품 구매율)
  against a **target rate**.

A :class:`Target` holds either an amount or a rate, for one jurisdiction and
year, and says where it came from. A :class:`Baseline` holds previous-year
green amounts per jurisdiction, for when last year's purchases are not in
the input.

Examples:
    >>> from decimal import Decimal
    >>> from greenprocure import Money
    >>> t = Target.of_amount("4800000000", 2022, Money.krw(1_100_000_000))
    >>> t.amount, t.is_rate
    (Money('1100000000', 'KRW'), False)
    >>> Target.of_rate("2700000000", 2019, Decimal("0.462")).rate
    Decimal('0.462')
    >>> base = Baseline(2021, {"4800000000": Money.krw(1_000_000_000)})
    >>> base.get("4800000000")
    Money('1000000000', 'KRW')
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any, Final

import attrs

from greenprocure.errors import RecordError
from greenprocure.i18n import N_, Message
from greenprocure.money import Money

__all__ = ["LEDGER_BASELINE", "Baseline", "BaselineEntry", "Target", "TargetSource"]

#: The ``source`` of a :class:`Baseline` that an evaluation derived from the
#: ledger's own previous-year purchases (counted with the same rules).
LEDGER_BASELINE: Final = "ledger"


class TargetSource(enum.Enum):
    """Where a target came from."""

    #: Given by the user (a target file, the programme's published list).
    EXPLICIT = "explicit"
    #: Derived by a target rule (e.g. previous year × 1.10).
    DERIVED = "derived"


@attrs.frozen
class Target:
    """A jurisdiction's target for a year: an amount (목표액) or a rate (목표 구매율).

    Exactly one of ``amount`` and ``rate`` is set. A rate is a ratio
    (``Decimal("0.462")`` for 46.2%).

    Attributes:
        jurisdiction: the jurisdiction's code.
        year: the calendar year the target is for.
        amount: the target amount, for attainment of an amount.
        rate: the target rate, for attainment of a green share.
        source: explicit or derived.
        basis: how it was obtained, for explanations: a translatable
            :class:`~greenprocure.i18n.Message` (``2021 counted amount
            1,000,000원 × 1.10``) or plain text from a file.
    """

    jurisdiction: str
    year: int
    amount: Money | None = None
    rate: Decimal | None = None
    source: TargetSource = TargetSource.EXPLICIT
    basis: Message | str = ""

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.jurisdiction, str) or not self.jurisdiction.strip():
            raise RecordError(
                N_("target: jurisdiction {value!r} must be a code, a non-empty string"),
                record=None,
                field="jurisdiction",
                value=self.jurisdiction,
            )
        _check_year(self.year, f"{self.jurisdiction}/{self.year!r}")
        record = f"{self.jurisdiction}/{self.year}"
        if (self.amount is None) == (self.rate is None):
            raise RecordError(
                N_("target {record}: give exactly one of an amount and a rate"),
                record=record,
                field="amount",
                value=None,
            )
        if self.amount is not None and (
            not isinstance(self.amount, Money) or self.amount.minor_units <= 0
        ):
            raise RecordError(
                N_("target {record}: amount {value} must be positive Money"),
                record=record,
                field="amount",
                value=str(self.amount),
            )
        if self.rate is not None:
            _check_rate(self.rate, record)

    @classmethod
    def of_amount(
        cls,
        jurisdiction: str,
        year: int,
        amount: Money,
        *,
        source: TargetSource = TargetSource.EXPLICIT,
        basis: Message | str = "",
    ) -> Target:
        """A target amount."""
        return cls(jurisdiction, year, amount=amount, source=source, basis=basis)

    @classmethod
    def of_rate(
        cls,
        jurisdiction: str,
        year: int,
        rate: Decimal,
        *,
        source: TargetSource = TargetSource.EXPLICIT,
        basis: Message | str = "",
    ) -> Target:
        """A target rate (a ratio: 0.462 for 46.2%)."""
        return cls(jurisdiction, year, rate=rate, source=source, basis=basis)

    @property
    def is_rate(self) -> bool:
        """True for a rate target."""
        return self.rate is not None

    @property
    def explanation(self) -> Message:
        """The basis as a :class:`~greenprocure.i18n.Message`, whatever form it was given in.

        Examples:
            >>> Target.of_rate("2700000000", 2019, Decimal("0.462")).explanation.render("en")
            'explicit target'
        """
        if isinstance(self.basis, Message):
            return self.basis
        if self.basis:
            # Text from a file is shown as written (a message id without a catalog entry).
            return Message.of(self.basis)
        if self.source is TargetSource.EXPLICIT:
            return Message.of(N_("explicit target"))
        return Message.of(N_("derived target"))

    def attainment_of(self, amount: Money, total: Money | None = None) -> Fraction | None:
        """How far ``amount`` got towards this target, as an exact ratio (1 = 100%).

        For a target amount: ``amount / target amount``. For a target rate:
        the green share ``amount / total`` divided by the rate; None when
        ``total`` is missing or zero (no share can be computed).

        Raises:
            CurrencyMismatchError: the amount and the target are in different currencies.

        Examples:
            >>> t = Target.of_amount("x", 2022, Money.krw(1000))
            >>> t.attainment_of(Money.krw(784))
            Fraction(98, 125)
            >>> r = Target.of_rate("x", 2019, Decimal("0.462"))
            >>> r.attainment_of(Money.krw(518), Money.krw(1000))  # 51.8% / 46.2%
            Fraction(37, 33)
        """
        if self.amount is not None:
            return amount.ratio(self.amount)
        rate = self.rate
        if rate is None or total is None or total.is_zero():
            return None
        return amount.ratio(total) / Fraction(rate)


def _check_year(year: object, record: str) -> None:
    if isinstance(year, bool) or not isinstance(year, int):
        raise RecordError(
            N_("{record}: year {value!r} must be an int such as 2022"),
            record=record,
            field="year",
            value=year,
        )


def _check_rate(rate: object, record: str) -> None:
    if not isinstance(rate, Decimal) or not rate.is_finite():
        raise RecordError(
            N_("target {record}: rate {value!r} must be a Decimal ratio (0.462 for 46.2%)"),
            record=record,
            field="rate",
            value=rate,
        )
    if 1 < rate <= 100:
        raise RecordError(
            N_(
                "target {record}: rate {value} looks like a per cent: write {ratio}"
                " (a rate is a ratio, 0.462 for 46.2%)"
            ),
            record=record,
            field="rate",
            value=str(rate),
            ratio=str(rate.scaleb(-2)),
        )
    if not 0 < rate <= 1:
        raise RecordError(
            N_("target {record}: rate {value} must be above 0 and at most 1 (100%)"),
            record=record,
            field="rate",
            value=str(rate),
        )


def _freeze(amounts: Mapping[str, Money] | Any) -> Mapping[str, Money]:
    if not isinstance(amounts, Mapping):
        raise RecordError(
            N_("baseline: amounts {value!r} must be a mapping of jurisdiction codes to Money"),
            record=None,
            field="amounts",
            value=amounts,
        )
    # A plain dict (not a MappingProxyType) so that baselines pickle.
    frozen = dict(amounts)
    for code, amount in frozen.items():
        if not isinstance(code, str) or not code.strip():
            raise RecordError(
                N_("baseline: jurisdiction {value!r} must be a code, a non-empty string"),
                record=code,
                field="jurisdiction",
                value=code,
            )
        if not isinstance(amount, Money):
            raise RecordError(
                N_("baseline for {record}: {value!r} is not Money"),
                record=code,
                field="amount",
                value=amount,
            )
    return frozen


@attrs.frozen
class Baseline:
    """Previous-year counted green amounts per jurisdiction code.

    A given amount is never negative: a negative green amount is not a
    baseline. Only a baseline an evaluation derives from the ledger
    (``source`` :data:`LEDGER_BASELINE`) may hold one, when a jurisdiction's
    refunds outweighed its purchases; no target is derived from it.

    Attributes:
        year: the year the amounts are for (2021 for 2022 targets).
        amounts: jurisdiction code → counted green amount.
        source: where the figures come from.

    Raises:
        RecordError: a year that is not an int, amounts that are not a
            mapping of codes to Money, or a negative amount.

    Examples:
        >>> Baseline(2021, {"4800000000": Money.krw(-1)})
        Traceback (most recent call last):
        ...
        greenprocure.errors.RecordError: baseline for 4800000000: amount -1 KRW is negative: ...
    """

    year: int
    amounts: Mapping[str, Money] = attrs.field(converter=_freeze, eq=False)
    source: str = ""

    def __attrs_post_init__(self) -> None:
        _check_year(self.year, f"baseline {self.year!r}")
        if self.source == LEDGER_BASELINE:
            return
        for code, amount in self.amounts.items():
            if amount.minor_units < 0:
                raise RecordError(
                    N_(
                        "baseline for {record}: amount {value} is negative: a negative green"
                        " amount is not a baseline"
                    ),
                    record=code,
                    field="amount",
                    value=str(amount),
                )

    def get(self, code: str) -> Money | None:
        """The amount for ``code``, or None."""
        return self.amounts.get(code)

    def __iter__(self) -> Iterator[str]:
        return iter(self.amounts)

    def __len__(self) -> int:
        return len(self.amounts)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Baseline):
            return NotImplemented
        return (self.year, dict(self.amounts), self.source) == (
            other.year,
            dict(other.amounts),
            other.source,
        )

    def __hash__(self) -> int:
        return hash((self.year, frozenset(self.amounts.items()), self.source))

    @classmethod
    def from_entries(
        cls, entries: Iterable[BaselineEntry], year: int, source: str = ""
    ) -> Baseline:
        """The baseline of ``year`` from entries (a baseline file's rows); other years are left out.

        Raises:
            RecordError: two different amounts for one jurisdiction and year.

        Examples:
            >>> rows = [BaselineEntry("4800000000", 2021, Money.krw(1_000)),
            ...         BaselineEntry("4800000000", 2020, Money.krw(900))]
            >>> Baseline.from_entries(rows, 2021).amounts
            {'4800000000': Money('1000', 'KRW')}
        """
        amounts: dict[str, Money] = {}
        for entry in entries:
            if entry.year != year:
                continue
            other = amounts.get(entry.jurisdiction)
            if other is not None and other != entry.amount:
                raise RecordError(
                    N_("baseline for {record}: two amounts for {year}, {first} and {second}"),
                    record=entry.jurisdiction,
                    field="amount",
                    value=str(entry.amount),
                    year=year,
                    first=other,
                    second=entry.amount,
                )
            amounts[entry.jurisdiction] = entry.amount
        return cls(year, amounts, source)


@attrs.frozen
class BaselineEntry:
    """One jurisdiction's counted green amount for one year (a row of a baseline file).

    Attributes:
        jurisdiction: the jurisdiction's code.
        year: the year of the amount.
        amount: the counted green amount.
    """

    jurisdiction: str
    year: int
    amount: Money
