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

Example:
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
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any

import attrs

from greenprocure.errors import RecordError
from greenprocure.i18n import N_
from greenprocure.money import Money

__all__ = ["Baseline", "Target", "TargetSource"]


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
        basis: how it was obtained, for explanations (``"2021 × 1.10"``).
    """

    jurisdiction: str
    year: int
    amount: Money | None = None
    rate: Decimal | None = None
    source: TargetSource = TargetSource.EXPLICIT
    basis: str = ""

    def __attrs_post_init__(self) -> None:
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
        if self.rate is not None and (
            not isinstance(self.rate, Decimal) or not self.rate.is_finite() or self.rate <= 0
        ):
            raise RecordError(
                N_("target {record}: rate {value} must be a positive Decimal ratio"),
                record=record,
                field="rate",
                value=str(self.rate),
            )

    @classmethod
    def of_amount(
        cls,
        jurisdiction: str,
        year: int,
        amount: Money,
        *,
        source: TargetSource = TargetSource.EXPLICIT,
        basis: str = "",
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
        basis: str = "",
    ) -> Target:
        """A target rate (a ratio: 0.462 for 46.2%)."""
        return cls(jurisdiction, year, rate=rate, source=source, basis=basis)

    @property
    def is_rate(self) -> bool:
        """True for a rate target."""
        return self.rate is not None


def _freeze(amounts: Mapping[str, Money] | Any) -> Mapping[str, Money]:
    # A plain dict (not a MappingProxyType) so that baselines pickle.
    frozen = dict(amounts)
    for code, amount in frozen.items():
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

    Attributes:
        year: the year the amounts are for (2021 for 2022 targets).
        amounts: jurisdiction code → counted green amount.
        source: where the figures come from.
    """

    year: int
    amounts: Mapping[str, Money] = attrs.field(converter=_freeze, eq=False)
    source: str = ""

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
