"""Result rows and statuses: what status and score rules look at and decide.

An :class:`AttainmentRow` is one jurisdiction's result for the period: the
counted green amount, the total in the measure, the target, the exact
attainment, the share of the year, and (once the later stages have run)
its :class:`Status`, score and rank.

A :class:`Status` is a code with a translatable label; the built-in ones are
:attr:`Status.ACHIEVED` (달성), :attr:`Status.ON_TRACK` (순항),
:attr:`Status.BEHIND` (미달) and :attr:`Status.NO_TARGET` (목표 없음). Define
your own with any code and label; attach the reason for one row with
:meth:`Status.because`.

Examples:
    >>> from greenprocure import Money
    >>> from greenprocure.targets import Target
    >>> from fractions import Fraction
    >>> row = AttainmentRow(code="4800000000", year=2022, amount=Money.krw(784),
    ...                     total=Money.krw(2000),
    ...                     target=Target.of_amount("4800000000", 2022, Money.krw(1000)),
    ...                     share_of_year=Fraction(3, 4))
    >>> row.attainment, row.share
    (Fraction(98, 125), Fraction(49, 125))
    >>> Status.ON_TRACK.label.render("ko"), Status.BEHIND.label.render("ko")
    ('순항', '미달')
    >>> Status("at-risk", "at risk") == Status("at-risk", "at risk (renamed)")
    True
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any, ClassVar, Final

import attrs

from greenprocure.errors import RuleSetError
from greenprocure.i18n import N_, Message
from greenprocure.money import Money
from greenprocure.rules.core import _to_message, is_code
from greenprocure.targets import Target

__all__ = ["AttainmentRow", "Score", "Status"]

#: What a score rule returns: a number that ranks rows, highest first.
Score = Decimal | Fraction


def _check_code(instance: object, attribute: object, value: Any) -> None:
    if not is_code(value):
        raise RuleSetError(
            N_("status code {code!r} must be lower-case letters, digits, '.', '_' or '-'"),
            code=value,
        )


def _to_optional_message(value: object) -> Message | None:
    return None if value is None else _to_message(value)


@attrs.frozen(eq=False)
class Status:
    """A row's status: a stable code, a translatable label and, for one row, a reason.

    Statuses compare and hash by code only, so ``Status.ACHIEVED.because(...)``
    still equals ``Status.ACHIEVED``.

    Attributes:
        code: a stable lower-case code (``"on-track"``).
        label: the translatable label (a message id is accepted).
        reason: why this row got this status (see :meth:`because`).
    """

    code: str = attrs.field(validator=_check_code)
    label: Message = attrs.field(converter=_to_message)
    reason: Message | None = attrs.field(default=None, converter=_to_optional_message)

    #: Attainment reached 100% of the target (달성).
    ACHIEVED: ClassVar[Status]
    #: Attainment is at least the period's share of the year (순항).
    ON_TRACK: ClassVar[Status]
    #: Attainment is below the period's share of the year (미달).
    BEHIND: ClassVar[Status]
    #: The jurisdiction has no target for the year (목표 없음).
    NO_TARGET: ClassVar[Status]

    def because(self, reason: Message | str, /, **params: Any) -> Status:
        """The same status with the reason for one row.

        Examples:
            >>> Status.NO_TARGET.because("no target for {year}", year=2022).reason.render("en")
            'no target for 2022'
        """
        message = reason if isinstance(reason, Message) else Message.of(reason, **params)
        return attrs.evolve(self, reason=message)

    @classmethod
    def builtin(cls, code: str) -> Status | None:
        """The built-in status with this code, or None."""
        return _BUILTIN.get(code)

    @classmethod
    def from_code(cls, code: str) -> Status:
        """The built-in status with this code, or a new status labelled with the code."""
        found = _BUILTIN.get(code)
        return found if found is not None else cls(code, code)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Status):
            return NotImplemented
        return self.code == other.code

    def __hash__(self) -> int:
        return hash(self.code)

    def __repr__(self) -> str:
        return f"Status({self.code!r})"


Status.ACHIEVED = Status("achieved", Message.of(N_("achieved")))
Status.ON_TRACK = Status("on-track", Message.of(N_("on track")))
Status.BEHIND = Status("behind", Message.of(N_("behind")))
Status.NO_TARGET = Status("no-target", Message.of(N_("no target")))

_BUILTIN: Final = {
    status.code: status
    for status in (Status.ACHIEVED, Status.ON_TRACK, Status.BEHIND, Status.NO_TARGET)
}


@attrs.frozen
class AttainmentRow:
    """One jurisdiction's result for the period.

    Attributes:
        code: the jurisdiction's code.
        year: the calendar year of the period.
        amount: the counted green amount in the period (after valuation).
        total: the amount of every purchase inside the measure in the period
            (counted and refused; purchases outside the measure are left out).
        target: the target for the year, if any.
        share_of_year: the period's share of the year (``3/4`` for Jan–Sep).
        name_ko: the Korean name (empty without a jurisdiction registry).
        name_en: the English name.
        level: ``"metro"`` or ``"basic"`` when known.
        parent_code: the parent jurisdiction's code, for a basic government.
        counted: how many purchases counted.
        refused: how many purchases were refused.
        excluded: how many purchases were outside the measure.
        rollup_amount: with ``rollup=True``, the counted amount plus that of
            the jurisdiction's basic governments.
        status: the status (set by the status stage).
        score: the ranking key (set by the score stage); None means unranked.
        rank: the rank, 1 for the best; equal scores share a rank.
    """

    code: str
    year: int
    amount: Money
    total: Money
    target: Target | None
    share_of_year: Fraction
    name_ko: str = ""
    name_en: str = ""
    level: str | None = None
    parent_code: str | None = None
    counted: int = 0
    refused: int = 0
    excluded: int = 0
    rollup_amount: Money | None = None
    status: Status | None = None
    score: Score | None = None
    rank: int | None = None

    @property
    def attainment(self) -> Fraction | None:
        """The exact attainment (1 = 100%), or None without a target.

        Against a target amount: counted amount / target amount. Against a
        target rate: green share / target rate. Rounding happens only when
        it is shown.
        """
        if self.target is None:
            return None
        return self.target.attainment_of(self.amount, self.total)

    @property
    def share(self) -> Fraction | None:
        """The green share: counted amount / total in the measure (None when the total is 0)."""
        if self.total.is_zero():
            return None
        return self.amount.ratio(self.total)
