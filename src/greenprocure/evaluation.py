"""Evaluation: stream a ledger once through a rule set and report attainment, with reasons.

:func:`evaluate` reads the purchases **once** (a list, a generator, a lazy
file loader) and keeps, per jurisdiction and year, only integer sums of
minor units and counters — never the purchases — so memory grows with the
number of jurisdictions, not with the ledger.

* Purchases in the period are evaluated by the rule set.
* Purchases of the previous year form the **derived baseline** (counted with
  the same eligibility and valuation rules), unless ``baseline=`` gives the
  previous year's amounts.
* Every other purchase is tallied as **outside** the period.

Nothing is silently dropped: for every year, purchases read = counted +
refused + excluded (outside the measure) + outside the period.

The result is an :class:`AttainmentReport`: one :class:`~greenprocure.rules.AttainmentRow`
per jurisdiction (counted green amount, total, target, exact attainment as a
:class:`~fractions.Fraction`, status, score and rank), totals, and
:meth:`AttainmentReport.explain`, which says per rule how many purchases
and how much money it refused, with the top reasons and an example, plus
the target's basis and the status's reason.

Reports of disjoint parts of a ledger :func:`merge` into the report of the
whole, so a ledger can be split, evaluated in parallel and merged.

Examples:
    >>> import datetime as dt
    >>> from greenprocure import Money, evaluate
    >>> from greenprocure.certifications import Certificate, CertificateRegistry
    >>> from greenprocure.purchases import Purchase, _Block
    >>> from greenprocure.rules import KR_PRIORITY_CITIES_2022
    >>> certs = CertificateRegistry([
    ...     Certificate("kr-eco-label", "16052", dt.date(2020, 1, 1), dt.date(2023, 12, 31))])
    >>> eco = [("kr-eco-label", "16052")]
    >>> def buy(id, day, won, claims=()):
    ...     return Purchase(id, "4800000000", day, "paper", Money.krw(won), certificates=claims)
    >>> ledger = [
    ...     buy("a1", dt.date(2021, 5, 1), 1_000_000, eco),   # last year: the baseline
    ...     buy("a2", dt.date(2022, 3, 1), 862_400, eco),
    ...     buy("a3", dt.date(2022, 4, 1), 50_000),           # no certificate claimed
    ... ]
    >>> report = evaluate(ledger, KR_PRIORITY_CITIES_2022, period="2022-01..2022-09",
    ...                   certificates=certs)
    >>> row = report.rows[0]
    >>> row.amount, row.target.amount, row.attainment
    (Money('862400', 'KRW'), Money('1100000', 'KRW'), Fraction(98, 125))
    >>> row.status.code, row.rank
    ('on-track', 1)
    >>> print(row.target.basis.render("en"))
    2021 counted amount ₩1,000,000 × 1.10
    >>> report.totals.read, report.totals.counted, report.totals.refused
    (3, 2, 1)
    >>> why = report.explain("4800000000")
    >>> [(r.rule_id, r.refused, r.refused_amount) for r in why.period.rules]
    [('kr.eligibility.valid-certificate', 1, Money('50000', 'KRW'))]
    >>> print(why.period.rules[0].reasons[0].example.render("ko"))
    인증 정보가 없습니다
"""

from __future__ import annotations

import bisect
import contextlib
import datetime as _dt
import enum
import functools
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal
from fractions import Fraction
from itertools import compress, count, repeat
from operator import add, getitem, itemgetter, not_
from typing import Any, Final, cast

import attrs

from greenprocure._fork import can_fork, run_forked, shared_queue
from greenprocure._gc import paused_gc
from greenprocure.certifications import (
    Certificate,
    CertificateRegistry,
    CertificateStatus,
    SchemeRegistry,
    builtin_schemes,
)
from greenprocure.errors import (
    AmbiguousJurisdictionError,
    EvaluationError,
    RuleError,
    UnknownJurisdictionError,
)
from greenprocure.i18n import N_, Message, percent_text
from greenprocure.money import Money
from greenprocure.period import Period
from greenprocure.purchases import Purchase, _Block
from greenprocure.rules import (
    CURRENCY_GUARD,
    AttainmentRow,
    CompiledRuleSet,
    Context,
    RuleSet,
    Score,
    Status,
    VerdictKind,
    load_ruleset,
)
from greenprocure.rules import builtin as _builtin

# Internal helpers of the rules engine (private there: the evaluation is its only other user).
from greenprocure.rules.core import ACCEPTED, Stage, Verdict
from greenprocure.rules.ruleset import _currency_refusal, _purchase_subject, _rule_failed
from greenprocure.targets import LEDGER_BASELINE, Baseline, Target, TargetSource

__all__ = [
    "AttainmentReport",
    "AttainmentRow",
    "Explanation",
    "JurisdictionInfo",
    "ReasonCount",
    "RuleCount",
    "Totals",
    "YearCount",
    "YearTotals",
    "evaluate",
    "merge",
]

#: The version of the ``state`` section written by :meth:`AttainmentReport.to_dict`.
STATE_FORMAT: Final = 1

_GUARD_DESCRIPTION: Final = Message.of(
    N_("amounts in a currency other than the rule set's are never added up")
)


# -- raw accumulators -------------------------------------------------------------


class _Reason:
    """How many purchases one rule refused for one reason, how much money, one example.

    ``piece`` is the piece of a split load the example came from (0
    otherwise): of two processes' examples with the same id, the earlier
    piece's is the one a single process would have kept.
    """

    __slots__ = ("count", "example", "example_id", "kind", "minor", "piece")

    def __init__(
        self,
        kind: str,
        count: int,
        minor: int,
        example_id: str,
        example: Message | None,
        piece: int = 0,
    ) -> None:
        self.kind = kind
        self.count = count
        self.minor = minor
        self.example_id = example_id
        self.example = example
        self.piece = piece

    def copy(self) -> _Reason:
        return _Reason(self.kind, self.count, self.minor, self.example_id, self.example, self.piece)

    def __reduce__(self) -> tuple[Any, ...]:
        # Its fields in a tuple: a third smaller and faster to pickle than
        # the slots by name (a part's tallies go to its parent pickled).
        return (
            _Reason,
            (self.kind, self.count, self.minor, self.example_id, self.example, self.piece),
        )

    def absorb(self, other: _Reason, pieces: bool = False) -> None:
        """Add ``other``'s counts; with ``pieces``, a tie of ids goes to the earlier piece."""
        self.count += other.count
        self.minor += other.minor
        # The example is the purchase with the smallest id, whatever the order.
        if other.example_id < self.example_id or (
            pieces and other.example_id == self.example_id and other.piece < self.piece
        ):
            self.example_id = other.example_id
            self.example = other.example
            self.piece = other.piece

    def _key(self) -> tuple[Any, ...]:
        return (self.kind, self.count, self.minor, self.example_id, self.example)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, _Reason):
            return NotImplemented
        return self._key() == other._key()

    __hash__ = None  # type: ignore[assignment]


def _tally_of(
    counted: int,
    counted_value: int,
    counted_full: int,
    refused: int,
    refused_minor: int,
    excluded: int,
    excluded_minor: int,
    reasons: dict[tuple[str, str], _Reason],
) -> _Tally:
    """A tally with these counters (``_Tally._key()``'s order): unpickling."""
    tally = _Tally()
    tally.counted, tally.counted_value, tally.counted_full = counted, counted_value, counted_full
    tally.refused, tally.refused_minor = refused, refused_minor
    tally.excluded, tally.excluded_minor = excluded, excluded_minor
    tally.reasons = reasons
    return tally


class _Tally:
    """One jurisdiction's counters for one year, in minor units of the rule set's currency."""

    __slots__ = (
        "counted",
        "counted_full",
        "counted_value",
        "excluded",
        "excluded_minor",
        "reasons",
        "refused",
        "refused_minor",
    )

    def __init__(self) -> None:
        self.counted = 0
        self.counted_value = 0  # what counts, after valuation
        self.counted_full = 0  # the full amounts of the counted purchases
        self.refused = 0
        self.refused_minor = 0
        self.excluded = 0
        self.excluded_minor = 0
        self.reasons: dict[tuple[str, str], _Reason] = {}

    def copy(self) -> _Tally:
        new = _Tally()
        new.absorb(self)
        return new

    def __reduce__(self) -> tuple[Any, ...]:
        # As _Reason's: the counters in _key()'s order, then the reasons.
        return (_tally_of, self._key())

    def absorb(self, other: _Tally, pieces: bool = False) -> None:
        self.counted += other.counted
        self.counted_value += other.counted_value
        self.counted_full += other.counted_full
        self.refused += other.refused
        self.refused_minor += other.refused_minor
        self.excluded += other.excluded
        self.excluded_minor += other.excluded_minor
        for key, reason in other.reasons.items():
            mine = self.reasons.get(key)
            if mine is None:
                self.reasons[key] = reason.copy()
            else:
                mine.absorb(reason, pieces)

    @property
    def read(self) -> int:
        return self.counted + self.refused + self.excluded

    def _key(self) -> tuple[Any, ...]:
        return (
            self.counted,
            self.counted_value,
            self.counted_full,
            self.refused,
            self.refused_minor,
            self.excluded,
            self.excluded_minor,
            self.reasons,
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, _Tally):
            return NotImplemented
        return self._key() == other._key()

    __hash__ = None  # type: ignore[assignment]


@attrs.frozen
class JurisdictionInfo:
    """What a report remembers of a jurisdiction (so that it needs no registry later).

    Attributes:
        code: the jurisdiction's code.
        name_ko: its Korean name ("" when no registry was given).
        name_en: its English name.
        level: ``"metro"`` or ``"basic"``, when known.
        parent_code: the parent's code, for a basic government.
        known: False when a registry was given and did not know the code.
    """

    code: str
    name_ko: str = ""
    name_en: str = ""
    level: str | None = None
    parent_code: str | None = None
    known: bool = True


def _level_text(level: object) -> str | None:
    if level is None:
        return None
    if isinstance(level, enum.Enum):
        return level.name.lower()
    return str(level).lower()


def _info(code: str, context: Context) -> JurisdictionInfo:
    if context.jurisdictions is None:
        return JurisdictionInfo(code)
    found = context.jurisdiction(code)
    if found is None:
        return JurisdictionInfo(code, known=False)
    return JurisdictionInfo(
        code,
        str(getattr(found, "name_ko", "") or ""),
        str(getattr(found, "name_en", "") or ""),
        _level_text(getattr(found, "level", None)),
        getattr(found, "parent_code", None) or None,
        True,
    )


@attrs.frozen
class _Options:
    rollup: bool = False
    level: str | None = None
    jurisdictions: tuple[str, ...] | None = None
    baseline_given: bool = False


#: Verdict kinds by value, and the two refusal kinds: an enum member looked up
#: on its class (VerdictKind.REFUSE) or by value costs a Python call each time.
_KINDS: Final = {kind.value: kind for kind in VerdictKind}
_REFUSE: Final = VerdictKind.REFUSE
_EXCLUDE: Final = VerdictKind.EXCLUDE


class _State:
    """Everything a report is computed from: the raw tallies, no records."""

    __slots__ = ("carried", "derived", "info", "options", "outside", "tallies")

    def __init__(
        self,
        options: _Options,
        tallies: dict[int, dict[str, _Tally]] | None = None,
        outside: dict[int, int] | None = None,
        info: dict[str, JurisdictionInfo] | None = None,
        carried: dict[str, tuple[str, ...]] | None = None,
    ) -> None:
        self.options = options
        self.tallies: dict[int, dict[str, _Tally]] = tallies if tallies is not None else {}
        self.outside: dict[int, int] = outside if outside is not None else {}
        self.info: dict[str, JurisdictionInfo] = info if info is not None else {}
        # Previous-year codes that no longer exist at the period's end → the
        # codes they became (one: a rename, carried; several: a split; none: abolished).
        self.carried: dict[str, tuple[str, ...]] = carried if carried is not None else {}
        # What explain() works out once for every call (the compiled rule set,
        # the rows by code, the carried previous-year tallies): not pickled.
        self.derived: dict[str, Any] = {}

    def __getstate__(self) -> tuple[Any, ...]:
        return (self.options, self.tallies, self.outside, self.info, self.carried)

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        self.options, self.tallies, self.outside, self.info, self.carried = state
        self.derived = {}

    def _key(self) -> tuple[Any, ...]:
        # Years without any tally are the same as absent years.
        tallies = {year: codes for year, codes in self.tallies.items() if codes}
        return (self.options, tallies, self.outside, self.info, self.carried)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, _State):
            return NotImplemented
        return self._key() == other._key()

    __hash__ = None  # type: ignore[assignment]


# -- results ----------------------------------------------------------------------


@attrs.frozen
class YearTotals:
    """The purchases of one year: read = counted + refused + excluded + outside.

    Attributes:
        year: the calendar year.
        read: purchases of that year read from the ledger.
        counted: purchases that counted as green.
        refused: purchases inside the measure that did not count.
        excluded: purchases outside the measure.
        outside: purchases outside the period (not evaluated).
        counted_amount: the counted green amount (after valuation).
        refused_amount: the amount of the refused purchases (in the rule set's currency).
        excluded_amount: the amount of the excluded purchases.
    """

    year: int
    read: int
    counted: int
    refused: int
    excluded: int
    outside: int
    counted_amount: Money
    refused_amount: Money
    excluded_amount: Money


@attrs.frozen
class Totals:
    """Counts over the whole ledger and amounts over the period.

    Attributes:
        read: every purchase read.
        counted: purchases that counted (in the period and the baseline year).
        refused: purchases refused (inside the measure).
        excluded: purchases outside the measure.
        outside: purchases outside the period and the baseline year.
        counted_amount: the period's counted green amount.
        total_amount: the period's amount inside the measure (counted + refused).
        refused_amount: the period's refused amount.
        excluded_amount: the period's amount outside the measure.
        by_year: the same per year, oldest first.
    """

    read: int
    counted: int
    refused: int
    excluded: int
    outside: int
    counted_amount: Money
    total_amount: Money
    refused_amount: Money
    excluded_amount: Money
    by_year: tuple[YearTotals, ...]


@attrs.frozen
class ReasonCount:
    """How many purchases one rule refused for one reason code, and how much money.

    Attributes:
        rule_id: the rule that refused.
        code: the reason code (``"expired"``).
        kind: refused, or excluded (outside the measure).
        count: how many purchases.
        amount: their amount (purchases in another currency add nothing).
        example: the reason of one of them (the one with the smallest id).
        example_purchase: that purchase's id.
    """

    rule_id: str
    code: str
    kind: VerdictKind
    count: int
    amount: Money
    example: Message | None
    example_purchase: str


@attrs.frozen
class RuleCount:
    """What one rule refused or excluded, with the reasons, most frequent first.

    Attributes:
        rule_id: the rule.
        description: the rule's description.
        refused: how many purchases it refused.
        refused_amount: their amount.
        excluded: how many purchases it excluded (outside the measure).
        excluded_amount: their amount.
        reasons: the counts per reason code, most frequent first.
    """

    rule_id: str
    description: Message
    refused: int
    refused_amount: Money
    excluded: int
    excluded_amount: Money
    reasons: tuple[ReasonCount, ...]

    def top(self, n: int = 3) -> tuple[ReasonCount, ...]:
        """The ``n`` most frequent reasons."""
        return self.reasons[:n]


@attrs.frozen
class YearCount:
    """One jurisdiction's purchases in one year, and what each rule did with them.

    Attributes:
        year: the calendar year.
        counted: how many purchases counted as green.
        counted_amount: the amount they count for.
        refused: how many purchases an eligibility rule refused.
        refused_amount: their amount.
        excluded: how many purchases were outside the measure.
        excluded_amount: their amount.
        rules: what each rule refused or excluded, in rule order.
    """

    year: int
    counted: int
    counted_amount: Money
    refused: int
    refused_amount: Money
    excluded: int
    excluded_amount: Money
    rules: tuple[RuleCount, ...]

    @property
    def read(self) -> int:
        """Purchases evaluated: counted + refused + excluded."""
        return self.counted + self.refused + self.excluded


@attrs.frozen
class Explanation:
    """Why one jurisdiction's figures are what they are.

    Attributes:
        code: the jurisdiction's code.
        name_ko: its Korean name, when known.
        name_en: its English name, when known.
        ruleset: the rule set, as ``name@version``.
        span: the period evaluated.
        period: the period's counts per rule.
        baseline: the previous year's counts per rule (None when the baseline was given).
        row: the jurisdiction's row (None when it has none, e.g. an unknown buyer).
        target_rule: the rule that gave the target (None: no target).
        target_basis: how the target was obtained.
        status_reason: why the row has its status.
        carry_note: what became of previous-year figures because a code
            changed: carried to the successor of a renamed jurisdiction, or
            kept under the old code of a split or abolished one (None: no change).
    """

    code: str
    name_ko: str
    name_en: str
    ruleset: str
    span: Period
    period: YearCount
    baseline: YearCount | None
    row: AttainmentRow | None
    target_rule: str | None
    target_basis: Message | None
    status_reason: Message | None
    carry_note: Message | None = None

    @property
    def refusals(self) -> tuple[RuleCount, ...]:
        """The rules that refused or excluded something in the period."""
        return self.period.rules

    def to_dict(self, locale: str = "en") -> dict[str, Any]:
        """The explanation as JSON-ready data, its messages rendered in ``locale``."""

        def year(count: YearCount | None) -> dict[str, Any] | None:
            if count is None:
                return None
            return {
                "year": count.year,
                "counted": count.counted,
                "counted_amount": str(count.counted_amount.amount),
                "refused": count.refused,
                "refused_amount": str(count.refused_amount.amount),
                "excluded": count.excluded,
                "excluded_amount": str(count.excluded_amount.amount),
                "rules": [
                    {
                        "rule": rule.rule_id,
                        "description": rule.description.render(locale),
                        "refused": rule.refused,
                        "refused_amount": str(rule.refused_amount.amount),
                        "excluded": rule.excluded,
                        "excluded_amount": str(rule.excluded_amount.amount),
                        "reasons": [
                            {
                                "code": reason.code,
                                "kind": reason.kind.value,
                                "count": reason.count,
                                "amount": str(reason.amount.amount),
                                "example_purchase": reason.example_purchase,
                                "example": reason.example.render(locale)
                                if reason.example is not None
                                else None,
                            }
                            for reason in rule.reasons
                        ],
                    }
                    for rule in count.rules
                ],
            }

        row = self.row
        return {
            "code": self.code,
            "name_ko": self.name_ko,
            "name_en": self.name_en,
            "ruleset": self.ruleset,
            "period": str(self.span),
            "counts": year(self.period),
            "baseline": year(self.baseline),
            "target_rule": self.target_rule,
            "target_basis": self.target_basis.render(locale) if self.target_basis else None,
            "attainment_percent": percent_text(row.attainment)
            if row is not None and row.attainment is not None
            else None,
            "status": row.status.code if row is not None and row.status is not None else None,
            "status_reason": self.status_reason.render(locale) if self.status_reason else None,
            "rank": row.rank if row is not None else None,
            "carry_note": self.carry_note.render(locale) if self.carry_note else None,
        }


@attrs.frozen(eq=False)
class AttainmentReport:
    """The result of an evaluation: rows, totals and the raw tallies behind them.

    Attributes:
        ruleset: the rule set used.
        period: the period evaluated.
        currency: the currency of every amount.
        rows: one row per jurisdiction, by rank (unranked rows last, by code).
        totals: purchases read, counted, refused, excluded, outside; amounts.
        context: the context the rules saw (with the baseline used).

    Attainment is an exact :class:`~fractions.Fraction`; it is rounded
    (half up) only when shown. Two reports are equal when their rule set,
    period, rows, totals and tallies are equal. Reports pickle; a pickled
    report leaves out the certificate list and the jurisdiction registry
    (it keeps the names and parents it needs).
    """

    ruleset: RuleSet
    period: Period
    currency: str
    rows: tuple[AttainmentRow, ...]
    totals: Totals
    context: Context
    _state: _State = attrs.field(alias="state")

    # -- access ------------------------------------------------------------------

    def __iter__(self) -> Iterator[AttainmentRow]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, AttainmentReport):
            return NotImplemented
        return (
            self.ruleset == other.ruleset
            and self.period == other.period
            and self.currency == other.currency
            and self.rows == other.rows
            and self.totals == other.totals
            and self._state == other._state
        )

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self) -> tuple[Any, ...]:
        light = self.context.evolve(certificates=CertificateRegistry(), jurisdictions=None)
        return (
            AttainmentReport,
            (self.ruleset, self.period, self.currency, self.rows, self.totals, light, self._state),
        )

    @property
    def jurisdictions(self) -> Mapping[str, JurisdictionInfo]:
        """What the report knows of every jurisdiction it saw, by code."""
        return dict(self._state.info)

    def code_of(self, code_or_name: str) -> str:
        """The code of the jurisdiction called ``code_or_name`` in this report.

        A code, a Korean or English name, or a name the registry knows
        (``"경남"``) is accepted.

        Raises:
            UnknownJurisdictionError: no jurisdiction of the report has that name.
            AmbiguousJurisdictionError: several do (the message lists them).
        """
        info = self._state.info
        if code_or_name in info or any(row.code == code_or_name for row in self.rows):
            return code_or_name
        directory = self.context.jurisdictions
        lookup = getattr(directory, "lookup", None)
        if callable(lookup):
            try:
                found = lookup(code_or_name)
            except UnknownJurisdictionError:
                found = None
            if found is not None:
                code = str(getattr(found, "code", found))
                if code in info:
                    return code
        wanted = _fold(code_or_name)
        matches = sorted(
            code
            for code, item in info.items()
            if wanted in {_fold(item.name_ko), _fold(item.name_en)} and wanted
        )
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise AmbiguousJurisdictionError(
                N_("{name!r} is ambiguous; candidates: {candidates}"),
                name=code_or_name,
                candidates=", ".join(matches),
            )
        raise UnknownJurisdictionError(
            N_("no jurisdiction {name!r} in this report"), name=code_or_name
        )

    def row(self, code_or_name: str) -> AttainmentRow:
        """The row of one jurisdiction (by code or name)."""
        code = self.code_of(code_or_name)
        for row in self.rows:
            if row.code == code:
                return row
        raise UnknownJurisdictionError(
            N_("jurisdiction {name!r} has no row in this report"), name=code_or_name
        )

    def explain(self, code_or_name: str) -> Explanation:
        """Why one jurisdiction's figures are what they are: counters per rule and reason.

        Raises:
            UnknownJurisdictionError: the report knows no such jurisdiction.
            AmbiguousJurisdictionError: the name fits several.
        """
        code = self.code_of(code_or_name)
        year = self.period.year
        state = self._state
        info = state.info.get(code, JurisdictionInfo(code))
        derived = state.derived
        if "rows" not in derived:  # worked out once for all the calls
            derived["rows"] = {r.code: r for r in reversed(self.rows)}
            derived["previous"] = _carried_tallies(state.tallies.get(year - 1, {}), state.carried)
            derived.setdefault("compiled", self.ruleset.compile())
        row = derived["rows"].get(code)
        current = self._year_count(year, code)
        baseline = None
        if not state.options.baseline_given:
            previous = derived["previous"]
            baseline = self._year_count(year - 1, code, previous.get(code) or _Tally())
        compiled = derived["compiled"]
        target, target_rule = compiled.target(code, year, self.context)
        status_reason = row.status.reason if row is not None and row.status is not None else None
        return Explanation(
            code,
            info.name_ko,
            info.name_en,
            str(self.ruleset),
            self.period,
            current,
            baseline,
            row,
            target_rule,
            target.explanation if target is not None else None,
            status_reason,
            self._carry_note(code),
        )

    def _carry_note(self, code: str) -> Message | None:
        """What became of the previous-year figures of ``code``, or of its predecessors'."""
        carried = self._state.carried
        year = self.period.year - 1
        end = self.period.end
        became = carried.get(code)
        if became is not None:
            if len(became) == 1:
                return Message.of(
                    N_(
                        "{code} no longer exists on {date}: its {year} figures count towards"
                        " {successor}, which it became"
                    ),
                    code=code,
                    date=end,
                    year=year,
                    successor=became[0],
                )
            if became:
                return Message.of(
                    N_(
                        "{code} was split into {successors} by {date}: its {year} figures are"
                        " kept under {code} and given to none of them, so they set no target"
                    ),
                    code=code,
                    date=end,
                    year=year,
                    successors=", ".join(became),
                )
            return Message.of(
                N_(
                    "{code} no longer exists on {date} and has no successor: its {year}"
                    " figures set no target"
                ),
                code=code,
                date=end,
                year=year,
            )
        before = sorted(old for old, new in carried.items() if new == (code,))
        if before:
            return Message.of(
                N_("its {year} figures include those of {codes}, which became {code} by {date}"),
                year=year,
                codes=", ".join(before),
                code=code,
                date=end,
            )
        return None

    def _year_count(self, year: int, code: str, tally: _Tally | None = None) -> YearCount:
        if tally is None:
            tally = self._state.tallies.get(year, {}).get(code) or _Tally()
        money = self._money
        by_rule: dict[str, list[ReasonCount]] = {}
        for (rule_id, reason_code), reason in tally.reasons.items():
            by_rule.setdefault(rule_id, []).append(
                ReasonCount(
                    rule_id,
                    reason_code,
                    _KINDS[reason.kind],
                    reason.count,
                    money(reason.minor),
                    reason.example,
                    reason.example_id,
                )
            )
        derived = self._state.derived
        if "order" not in derived:  # worked out once for all the calls
            derived["order"] = {rule_id: index for index, rule_id in enumerate(self.ruleset.ids)}
            derived["descriptions"] = {item.id: item.description for item in self.ruleset.rules}
        order, descriptions = derived["order"], derived["descriptions"]
        rules: list[RuleCount] = []
        for rule_id in sorted(by_rule, key=lambda r: (order.get(r, len(order)), r)):
            reasons = sorted(
                by_rule[rule_id], key=lambda r: (-r.count, -r.amount.minor_units, r.code)
            )
            refused = [r for r in reasons if r.kind is _REFUSE]
            excluded = [r for r in reasons if r.kind is _EXCLUDE]
            rules.append(
                RuleCount(
                    rule_id,
                    descriptions.get(rule_id)
                    or (_GUARD_DESCRIPTION if rule_id == CURRENCY_GUARD else Message.of(rule_id)),
                    sum(r.count for r in refused),
                    money(sum(r.amount.minor_units for r in refused)),
                    sum(r.count for r in excluded),
                    money(sum(r.amount.minor_units for r in excluded)),
                    tuple(reasons),
                )
            )
        return YearCount(
            year,
            tally.counted,
            money(tally.counted_value),
            tally.refused,
            money(tally.refused_minor),
            tally.excluded,
            money(tally.excluded_minor),
            tuple(rules),
        )

    def _money(self, minor: int) -> Money:
        return Money.from_minor_units(minor, self.currency)

    # -- serialisation -----------------------------------------------------------

    def to_dict(self, locale: str | None = None) -> dict[str, Any]:
        """The report as JSON-ready data; ``from_dict`` reads it back.

        Amounts are strings in the currency's unit (``"1100000"``);
        ``attainment_percent`` is a string with one decimal, rounded half up
        (``"78.4"``). With ``locale``, rows also carry the status label, the
        status's reason and the target's basis rendered in that language.
        The ``state`` section holds the raw tallies.
        """
        totals = self.totals
        rows: list[dict[str, Any]] = []
        for row in self.rows:
            attainment = row.attainment
            share = row.share
            target = row.target
            item: dict[str, Any] = {
                "code": row.code,
                "name_ko": row.name_ko,
                "name_en": row.name_en,
                "level": row.level,
                "amount": str(row.amount.amount),
                "target": str(target.amount.amount)
                if target is not None and target.amount is not None
                else None,
                "attainment_percent": percent_text(attainment) if attainment is not None else None,
                "rank": row.rank,
                "status": row.status.code if row.status is not None else None,
                "score": None if row.score is None else str(row.score),
                "total": str(row.total.amount),
                "share_percent": percent_text(share) if share is not None else None,
                "target_rate_percent": percent_text(target.rate)
                if target is not None and target.rate is not None
                else None,
                "counted": row.counted,
                "refused": row.refused,
                "excluded": row.excluded,
                "rollup_amount": str(row.rollup_amount.amount)
                if row.rollup_amount is not None
                else None,
                "parent_code": row.parent_code,
            }
            if locale is not None:
                item["status_label"] = row.status.label.render(locale) if row.status else None
                item["status_reason"] = (
                    row.status.reason.render(locale) if row.status and row.status.reason else None
                )
                item["target_basis"] = target.explanation.render(locale) if target else None
            rows.append(item)
        return {
            "period": str(self.period),
            "ruleset": str(self.ruleset),
            "currency": self.currency,
            "purchases": {
                "read": totals.read,
                "counted": totals.counted,
                "refused": totals.refused,
                "excluded": totals.excluded,
                "outside": totals.outside,
            },
            "totals": {
                "counted_amount": str(totals.counted_amount.amount),
                "total_amount": str(totals.total_amount.amount),
                "refused_amount": str(totals.refused_amount.amount),
                "excluded_amount": str(totals.excluded_amount.amount),
                "by_year": [
                    {
                        "year": y.year,
                        "read": y.read,
                        "counted": y.counted,
                        "refused": y.refused,
                        "excluded": y.excluded,
                        "outside": y.outside,
                        "counted_amount": str(y.counted_amount.amount),
                        "refused_amount": str(y.refused_amount.amount),
                        "excluded_amount": str(y.excluded_amount.amount),
                    }
                    for y in totals.by_year
                ],
            },
            "rows": rows,
            "state": self._state_dict(),
        }

    def _state_dict(self) -> dict[str, Any]:
        state = self._state
        options = state.options
        context = self.context
        baseline = context.baseline if options.baseline_given else None
        return {
            "format": STATE_FORMAT,
            "options": {
                "rollup": options.rollup,
                "level": options.level,
                "jurisdictions": list(options.jurisdictions)
                if options.jurisdictions is not None
                else None,
                "baseline_given": options.baseline_given,
            },
            "baseline": None
            if baseline is None
            else {
                "year": baseline.year,
                "source": baseline.source,
                "amounts": {code: _encode(m) for code, m in sorted(baseline.amounts.items())},
            },
            "targets": [
                {
                    "code": t.jurisdiction,
                    "year": t.year,
                    "amount": _encode(t.amount),
                    "rate": _encode(t.rate),
                    "source": t.source.value,
                    "basis": _encode(t.basis),
                }
                for _, t in sorted(context.targets.items())
            ],
            "parameters": {name: _encode(v) for name, v in context.parameters.items()},
            "outside": {str(year): n for year, n in sorted(state.outside.items())},
            "tallies": {
                str(year): {code: _tally_dict(t) for code, t in sorted(codes.items())}
                for year, codes in sorted(state.tallies.items())
                if codes
            },
            "jurisdictions": {
                code: {
                    "name_ko": i.name_ko,
                    "name_en": i.name_en,
                    "level": i.level,
                    "parent_code": i.parent_code,
                    "known": i.known,
                }
                for code, i in sorted(state.info.items())
            },
            "carried": {code: list(became) for code, became in sorted(state.carried.items())},
        }

    @classmethod
    def from_dict(
        cls,
        data: Mapping[str, Any],
        *,
        ruleset: RuleSet | None = None,
        certificates: CertificateRegistry | None = None,
        registry: Any = None,
    ) -> AttainmentReport:
        """Read back a report written by :meth:`to_dict`.

        The rows, targets, statuses and ranks are recomputed from the saved
        tallies with the rule set, which is loaded by its name
        (:func:`~greenprocure.rules.load_ruleset`) unless given.

        Raises:
            EvaluationError: the data has no ``state`` section or an unknown format.
            RuleLoadError: the rule set cannot be found by name (pass ``ruleset=``).
        """
        state_data = data.get("state")
        if not isinstance(state_data, Mapping) or state_data.get("format") != STATE_FORMAT:
            raise EvaluationError(
                N_("the report data has no state section of format {format}"), format=STATE_FORMAT
            )
        rules = ruleset if ruleset is not None else load_ruleset(str(data["ruleset"]))
        if str(rules) != data["ruleset"]:
            raise EvaluationError(
                N_("the report was made with {expected}, not {ruleset}"),
                expected=data["ruleset"],
                ruleset=str(rules),
            )
        period = Period.parse(str(data["period"]))
        currency = str(data.get("currency", rules.currency))
        opts = state_data["options"]
        options = _Options(
            bool(opts["rollup"]),
            opts["level"],
            tuple(opts["jurisdictions"]) if opts["jurisdictions"] is not None else None,
            bool(opts["baseline_given"]),
        )
        baseline = None
        if state_data["baseline"] is not None:
            b = state_data["baseline"]
            baseline = Baseline(
                int(b["year"]),
                {code: _decode(v) for code, v in b["amounts"].items()},
                str(b["source"]),
            )
        targets = [
            Target(
                t["code"],
                int(t["year"]),
                _decode(t["amount"]),
                _decode(t["rate"]),
                TargetSource(t["source"]),
                _decode(t["basis"]),
            )
            for t in state_data["targets"]
        ]
        context = Context(
            period,
            currency,
            certificates if certificates is not None else CertificateRegistry(),
            builtin_schemes(),
            _snapshot(registry, period),
            baseline,
            targets,
            {name: _decode(v) for name, v in state_data["parameters"].items()},
        )
        state = _State(
            options,
            {
                int(year): {code: _tally_from(t) for code, t in codes.items()}
                for year, codes in state_data["tallies"].items()
            },
            {int(year): int(n) for year, n in state_data["outside"].items()},
            {
                code: JurisdictionInfo(
                    code, i["name_ko"], i["name_en"], i["level"], i["parent_code"], i["known"]
                )
                for code, i in state_data["jurisdictions"].items()
            },
            {
                str(code): tuple(str(c) for c in became)
                for code, became in state_data.get("carried", {}).items()
            },
        )
        return _build(rules, context, state)


# -- JSON codec for the state section ---------------------------------------------


def _encode(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, Message):
        return {"$message": [value.msgid, {k: _encode(v) for k, v in value.params}]}
    if isinstance(value, Money):
        return {"$money": [str(value.amount), value.currency]}
    if isinstance(value, Decimal):
        return {"$decimal": str(value)}
    if isinstance(value, Fraction):
        return {"$fraction": [value.numerator, value.denominator]}
    if isinstance(value, _dt.date):
        return {"$date": value.isoformat()}
    if isinstance(value, list | tuple):
        return [_encode(v) for v in value]
    if isinstance(value, frozenset | set):
        return {"$set": sorted((_encode(v) for v in value), key=repr)}
    if isinstance(value, Mapping):
        return {"$map": {str(k): _encode(v) for k, v in value.items()}}
    if isinstance(value, enum.Enum):
        return _encode(value.value)
    return {"$text": str(value)}


def _decode(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_decode(v) for v in value)
    if not isinstance(value, dict):
        return value
    ((tag, body),) = value.items()
    if tag == "$message":
        return Message(body[0], tuple((k, _decode(v)) for k, v in body[1].items()))
    if tag == "$money":
        return Money(body[0], body[1])
    if tag == "$decimal":
        return Decimal(body)
    if tag == "$fraction":
        return Fraction(body[0], body[1])
    if tag == "$date":
        return _dt.date.fromisoformat(body)
    if tag == "$set":
        return frozenset(_decode(v) for v in body)
    if tag == "$map":
        return {k: _decode(v) for k, v in body.items()}
    if tag == "$text":
        return str(body)
    raise EvaluationError(N_("unknown value tag {tag!r} in report data"), tag=tag)


def _tally_dict(tally: _Tally) -> dict[str, Any]:
    return {
        "counted": tally.counted,
        "counted_value": tally.counted_value,
        "counted_full": tally.counted_full,
        "refused": tally.refused,
        "refused_minor": tally.refused_minor,
        "excluded": tally.excluded,
        "excluded_minor": tally.excluded_minor,
        "reasons": [
            {
                "rule": rule_id,
                "code": code,
                "kind": r.kind,
                "count": r.count,
                "minor": r.minor,
                "example_id": r.example_id,
                "example": _encode(r.example),
            }
            for (rule_id, code), r in sorted(tally.reasons.items())
        ],
    }


def _tally_from(data: Mapping[str, Any]) -> _Tally:
    tally = _Tally()
    for name in (
        "counted",
        "counted_value",
        "counted_full",
        "refused",
        "refused_minor",
        "excluded",
        "excluded_minor",
    ):
        setattr(tally, name, int(data[name]))
    for r in data["reasons"]:
        tally.reasons[(r["rule"], r["code"])] = _Reason(
            r["kind"], int(r["count"]), int(r["minor"]), r["example_id"], _decode(r["example"])
        )
    return tally


# -- building a report from tallies -----------------------------------------------


def _fold(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


def _rank(rows: list[AttainmentRow]) -> list[AttainmentRow]:
    """Competition ranking: equal scores share a rank (1, 2, 2, 4); ties by code."""
    scored = sorted((r for r in rows if r.score is not None), key=lambda r: r.code)
    scored.sort(key=lambda r: r.score, reverse=True)  # type: ignore[arg-type,return-value]
    ranked: list[AttainmentRow] = []
    previous: Score | None = None
    rank = 0
    for position, row in enumerate(scored, start=1):
        if previous is None or row.score != previous:
            rank = position
            previous = row.score
        ranked.append(attrs.evolve(row, rank=rank))
    unranked = sorted((r for r in rows if r.score is None), key=lambda r: r.code)
    return ranked + [attrs.evolve(r, rank=None) for r in unranked]


def _build(ruleset: RuleSet, context: Context, state: _State) -> AttainmentReport:
    period = context.period
    year = period.year
    currency = context.currency
    options = state.options

    def money(minor: int) -> Money:
        return Money.from_minor_units(minor, currency)

    current = state.tallies.get(year, {})
    raw_previous = state.tallies.get(year - 1, {})
    # A previous-year figure of a jurisdiction whose code changed goes to its successor.
    _find_carried(state, context, raw_previous)
    previous = _carried_tallies(raw_previous, state.carried)
    if not options.baseline_given:
        derived = Baseline(
            year - 1,
            {code: money(t.counted_value) for code, t in sorted(previous.items())},
            LEDGER_BASELINE,
        )
        context = context.evolve(baseline=derived)
    elif context.baseline is not None:
        _find_carried(state, context, context.baseline.amounts)
        context = context.evolve(baseline=_carried_baseline(context.baseline, state.carried))

    # What the report knows of each jurisdiction, looked up once.
    info = state.info
    wanted: list[str] = list(options.jurisdictions) if options.jurisdictions is not None else []
    for code in (*current, *raw_previous, *previous, *wanted):
        if code not in info:
            info[code] = _info(code, context)

    if options.jurisdictions is not None:
        codes = list(dict.fromkeys(options.jurisdictions))
    else:
        found = set(current) | set(previous)
        found.update(code for (code, y) in context.targets if y == year)
        for code in found:
            if code not in info:
                info[code] = _info(code, context)
        codes = sorted(code for code in found if info[code].known)
    if options.level is not None:
        codes = [code for code in codes if info[code].level == options.level]

    children: dict[str, int] = {}
    if options.rollup:
        for code, tally in current.items():
            parent = info[code].parent_code
            if parent:
                children[parent] = children.get(parent, 0) + tally.counted_value

    compiled: CompiledRuleSet = ruleset.compile()
    state.derived["compiled"] = compiled  # for explain()
    share_of_year = period.share_of_year
    rows: list[AttainmentRow] = []
    empty = _Tally()
    for code in codes:
        tally = current.get(code, empty)
        meta = info[code]
        target, _ = compiled.target(code, year, context)
        row = AttainmentRow(
            code=code,
            year=year,
            amount=money(tally.counted_value),
            total=money(tally.counted_full + tally.refused_minor),
            target=target,
            share_of_year=share_of_year,
            name_ko=meta.name_ko,
            name_en=meta.name_en,
            level=meta.level,
            parent_code=meta.parent_code,
            counted=tally.counted,
            refused=tally.refused,
            excluded=tally.excluded,
            rollup_amount=money(tally.counted_value + children.get(code, 0))
            if options.rollup
            else None,
        )
        status: Status | None = compiled.status(row, context)
        row = attrs.evolve(row, status=status)
        row = attrs.evolve(row, score=compiled.score(row, context))
        rows.append(row)

    return AttainmentReport(
        ruleset,
        period,
        currency,
        tuple(_rank(rows)),
        _totals(state, year, money),
        context,
        state,
    )


def _find_carried(state: _State, context: Context, codes: Iterable[str]) -> None:
    """Record what each previous-year code that is gone at the period's end became.

    Needs a registry snapshot that knows its registry (``korea().on(day)``):
    the registry's ``carry(code, from_date, to_date)`` follows renames,
    merges and splits from the previous year's last day to the period's end.
    """
    directory = context.jurisdictions
    registry = getattr(directory, "registry", None)
    carry = getattr(registry, "carry", None)
    if directory is None or not callable(carry):
        return
    carried = state.carried
    period = context.period
    before = _dt.date(period.year - 1, 12, 31)
    for code in codes:
        if code in carried or context.jurisdiction(code) is not None:
            continue
        try:
            became = carry(code, before, period.end)
        except LookupError:  # unknown on the previous year's last day too
            continue
        carried[code] = tuple(sorted(str(getattr(item, "code", item)) for item in became))


def _carried_tallies(
    previous: dict[str, _Tally], carried: Mapping[str, tuple[str, ...]]
) -> dict[str, _Tally]:
    """The previous year's tallies with each renamed code's tally added to its successor's.

    A code that was split (several successors) or abolished (none) keeps
    its tally: the figure is not divided by guess.
    """
    if not any(len(became) == 1 and code in previous for code, became in carried.items()):
        return previous
    view: dict[str, _Tally] = {}
    for code, tally in previous.items():
        became = carried.get(code, ())
        if len(became) == 1:
            code = became[0]
        mine = view.get(code)
        if mine is None:
            view[code] = tally.copy()
        else:
            mine.absorb(tally)
    return view


def _carried_baseline(baseline: Baseline, carried: Mapping[str, tuple[str, ...]]) -> Baseline:
    """A given baseline with each renamed code's amount added to its successor's."""
    if not any(len(carried.get(code, ())) == 1 for code in baseline.amounts):
        return baseline
    amounts: dict[str, Money] = {}
    for code, amount in baseline.amounts.items():
        became = carried.get(code, ())
        if len(became) == 1:
            code = became[0]
        amounts[code] = amounts[code] + amount if code in amounts else amount
    return Baseline(baseline.year, amounts, baseline.source)


def _totals(state: _State, year: int, money: Any) -> Totals:
    years = sorted(set(state.outside) | {y for y, codes in state.tallies.items() if codes})
    by_year: list[YearTotals] = []
    for y in years:
        tallies = state.tallies.get(y, {}).values()
        counted = sum(t.counted for t in tallies)
        refused = sum(t.refused for t in tallies)
        excluded = sum(t.excluded for t in tallies)
        outside = state.outside.get(y, 0)
        by_year.append(
            YearTotals(
                y,
                counted + refused + excluded + outside,
                counted,
                refused,
                excluded,
                outside,
                money(sum(t.counted_value for t in tallies)),
                money(sum(t.refused_minor for t in tallies)),
                money(sum(t.excluded_minor for t in tallies)),
            )
        )
    this_year = state.tallies.get(year, {}).values()
    return Totals(
        read=sum(y.read for y in by_year),
        counted=sum(y.counted for y in by_year),
        refused=sum(y.refused for y in by_year),
        excluded=sum(y.excluded for y in by_year),
        outside=sum(y.outside for y in by_year),
        counted_amount=money(sum(t.counted_value for t in this_year)),
        total_amount=money(sum(t.counted_full + t.refused_minor for t in this_year)),
        refused_amount=money(sum(t.refused_minor for t in this_year)),
        excluded_amount=money(sum(t.excluded_minor for t in this_year)),
        by_year=tuple(by_year),
    )


# -- evaluate ---------------------------------------------------------------------


def _snapshot(registry: Any, period: Period) -> Any:
    if registry is None:
        return None
    on = getattr(registry, "on", None)
    if callable(on):
        return on(period.end)
    return registry


def _base_context(context: Context, registry: Any) -> Context:
    """The context of the previous year's purchases: the registry as of its last day."""
    year = context.period.year - 1
    if year < 1:
        return context
    previous = Period(year, 1, 12)
    try:
        snapshot = _snapshot(registry, previous)
    except LookupError:  # the registry does not cover that day: the period's snapshot
        snapshot = context.jurisdictions
    return context.evolve(period=previous, jurisdictions=snapshot)


def _wrong(argument: str, expected: Message, value: object) -> EvaluationError:
    return EvaluationError(
        N_("evaluate: {argument} must be {expected}, not {value!r}"),
        argument=argument,
        expected=expected,
        value=value,
    )


def _baseline(
    baseline: Baseline | Mapping[str, Money] | None, period: Period, currency: str
) -> Baseline | None:
    if baseline is None:
        return None
    if not isinstance(baseline, Baseline):
        if not isinstance(baseline, Mapping) or not all(
            isinstance(code, str) and isinstance(amount, Money) for code, amount in baseline.items()
        ):
            raise _wrong(
                "baseline",
                Message.of(N_("a Baseline or a mapping from jurisdiction codes to Money")),
                baseline,
            )
        baseline = Baseline(period.year - 1, baseline, "given")
    if baseline.year != period.year - 1:
        raise EvaluationError(
            N_("the baseline is for {year}, but the period {period} needs {expected}"),
            year=baseline.year,
            period=str(period),
            expected=period.year - 1,
        )
    for code, amount in baseline.amounts.items():
        if amount.currency != currency:
            raise EvaluationError(
                N_("the baseline of {code} is in {currency}, not in {expected}"),
                code=code,
                currency=amount.currency,
                expected=currency,
            )
    return baseline


def _target_code(key: str, context: Context) -> str:
    """The code a target key means: a code, or a name the registry knows (with one)."""
    directory = context.jurisdictions
    if directory is None or context.jurisdiction(key) is not None:
        return key
    lookup = getattr(directory, "lookup", None)
    found = None
    if callable(lookup):
        try:
            found = lookup(key)
        except LookupError:
            found = None
    if found is None:
        raise EvaluationError(
            N_("target for {name!r}: no such jurisdiction in the registry on {date}"),
            name=key,
            date=context.period.end,
        )
    return str(getattr(found, "code", found))


def _targets(targets: Any, context: Context) -> list[Target]:
    if targets is None:
        return []
    period = context.period
    currency = context.currency
    items: list[Target] = []
    if isinstance(targets, Mapping):
        for key, value in targets.items():
            if isinstance(key, str):
                code, year = key, period.year
            elif (
                isinstance(key, tuple)
                and len(key) == 2
                and isinstance(key[0], str)
                and isinstance(key[1], int)
                and not isinstance(key[1], bool)
            ):
                code, year = key
            else:
                raise EvaluationError(
                    N_("target key {key!r} is not a jurisdiction code or a (code, year) pair"),
                    key=key,
                )
            code = _target_code(code, context)
            if isinstance(value, Target):
                items.append(
                    attrs.evolve(value, jurisdiction=_target_code(value.jurisdiction, context))
                )
            elif isinstance(value, Money):
                items.append(Target.of_amount(code, year, value))
            elif isinstance(value, Decimal):
                items.append(Target.of_rate(code, year, value))
            else:
                raise EvaluationError(
                    N_("target {value!r} for {code} is not a Target, Money or Decimal rate"),
                    value=value,
                    code=code,
                )
    elif isinstance(targets, Iterable) and not isinstance(targets, str):
        for item in targets:
            if not isinstance(item, Target):
                raise EvaluationError(N_("{value!r} is not a Target"), value=item)
            items.append(attrs.evolve(item, jurisdiction=_target_code(item.jurisdiction, context)))
    else:
        raise _wrong(
            "targets", Message.of(N_("Target objects or a mapping from codes to targets")), targets
        )
    for item in items:
        if item.amount is not None and item.amount.currency != currency:
            raise EvaluationError(
                N_("the target of {code} is in {currency}, not in {expected}"),
                code=item.jurisdiction,
                currency=item.amount.currency,
                expected=currency,
            )
    return items


def _fixed(jurisdictions: Any, context: Context) -> tuple[str, ...] | None:
    if jurisdictions is None:
        return None
    if isinstance(jurisdictions, str) or hasattr(jurisdictions, "code"):
        jurisdictions = (jurisdictions,)  # one jurisdiction, not its characters
    elif not isinstance(jurisdictions, Iterable):
        raise _wrong(
            "jurisdictions",
            Message.of(N_("a code, a name, a jurisdiction or an iterable of them")),
            jurisdictions,
        )
    codes: list[str] = []
    directory = context.jurisdictions
    for item in jurisdictions:
        code = getattr(item, "code", item)
        if not isinstance(code, str):
            raise EvaluationError(N_("{value!r} is not a jurisdiction code"), value=item)
        if directory is not None and context.jurisdiction(code) is None:
            lookup = getattr(directory, "lookup", None)
            if callable(lookup):
                code = str(lookup(code).code)
        codes.append(code)
    return tuple(dict.fromkeys(codes))


_LEVELS: Final = ("metro", "basic")


def _level(level: Any) -> str | None:
    """``"metro"`` or ``"basic"`` from a Level, or its name or value in any case."""
    if level is None:
        return None
    text = _level_text(level) if isinstance(level, str | enum.Enum) else None
    if text not in _LEVELS:
        raise _wrong("level", Message.of(N_("'metro' or 'basic' (or a Level)")), level)
    return text


def _certificates(certificates: Any) -> CertificateRegistry:
    if certificates is None:
        return CertificateRegistry()
    if isinstance(certificates, CertificateRegistry):
        return certificates
    if isinstance(certificates, str) or not isinstance(certificates, Iterable):
        raise _wrong(
            "certificates",
            Message.of(N_("a CertificateRegistry or an iterable of Certificate objects")),
            certificates,
        )
    items = list(certificates)
    for position, item in enumerate(items, start=1):
        if not isinstance(item, Certificate):
            raise EvaluationError(
                N_("certificates item #{position} is not a Certificate: {value!r}"),
                position=position,
                value=item,
            )
    return CertificateRegistry(items)


def evaluate(
    purchases: Iterable[Purchase],
    ruleset: RuleSet | str,
    *,
    period: Period | str,
    baseline: Baseline | Mapping[str, Money] | None = None,
    targets: Iterable[Target] | Mapping[Any, Target | Money | Decimal] | None = None,
    certificates: CertificateRegistry | Iterable[Certificate] | None = None,
    registry: Any = None,
    rollup: bool = False,
    jurisdictions: Iterable[Any] | str | None = None,
    level: str | enum.Enum | None = None,
    schemes: SchemeRegistry | None = None,
    parameters: Mapping[str, Any] | None = None,
    workers: int = 1,
) -> AttainmentReport:
    """Evaluate a ledger with a rule set over a period.

    Args:
        purchases: any iterable of :class:`~greenprocure.purchases.Purchase`;
            it is read once.
        ruleset: a :class:`~greenprocure.rules.RuleSet` or a name for
            :func:`~greenprocure.rules.load_ruleset`.
        period: the period (``"2022-01..2022-09"`` or a :class:`~greenprocure.Period`).
        baseline: the previous year's counted amounts (a
            :class:`~greenprocure.targets.Baseline` or a mapping code →
            Money). Without it, the ledger's previous-year purchases are
            counted with the same rules to form it, their buyers checked
            against the registry as of the previous year's last day. With a
            registry, a previous-year amount of a jurisdiction whose code
            changed by the period's end (강원도 → 강원특별자치도) is carried
            to its successor; one that was split stays under its old code
            (the explanation says so).
        targets: explicit targets, which override derived ones: Target
            objects, or a mapping from a code (or ``(code, year)``) to a
            Target, a Money amount or a Decimal rate. With a registry, a
            name it knows (``"경남"``) is accepted for a code.
        certificates: the certificate list (a registry or an iterable of certificates).
        registry: a jurisdiction registry (``korea()``) or snapshot; names,
            levels and parents come from it, and unknown buyers are refused.
        rollup: add each metro's basic governments' amounts to its row, in
            ``rollup_amount`` (needs ``registry``).
        jurisdictions: fix the rows: codes (or objects with ``.code``, or
            names the registry knows), or one of them; each gets a row even
            without purchases.
        level: keep only rows of this level (``"metro"`` or ``"basic"``, in
            any case, or a :class:`~greenprocure.jurisdictions.Level`; needs
            ``registry``); ranks are then within the level.
        schemes: the certification schemes (default: the built-in ones).
        parameters: free parameters that custom rules read from the context.
        workers: how many processes may read and count the ledger. With 2 or
            more, a lazy :func:`~greenprocure.io.read_purchases` of a UTF-8
            CSV file in the library's own layout (without the duplicate-id
            check, strictness or a progress callback) is cut into pieces
            that this process and forked ones take as they become free, and
            the pieces' counts are added up: the report (examples
            included), the load's counts, rejections and warnings are the
            same as with one. Anything else, or where processes cannot be
            forked (Windows), is evaluated in this process.

    Raises:
        RuleError: a rule raised; names the rule and the purchase.
        EvaluationError: an argument of the wrong kind (named, with its
            value), a ledger item that is not a purchase (with its position),
            a target for a jurisdiction the registry does not know, or inputs
            that cannot be combined (a baseline for the wrong year, a target
            in another currency, rollup without a registry).
    """
    if isinstance(ruleset, str):
        ruleset = load_ruleset(ruleset)
    elif not isinstance(ruleset, RuleSet):
        raise _wrong("ruleset", Message.of(N_("a RuleSet or a rule set name")), ruleset)
    if isinstance(period, str):
        period = Period.parse(period)
    elif not isinstance(period, Period):
        raise _wrong(
            "period",
            Message.of(N_("a Period or a period text such as '2022-01..2022-09'")),
            period,
        )
    if isinstance(purchases, str | bytes | Mapping) or not isinstance(purchases, Iterable):
        raise _wrong("purchases", Message.of(N_("an iterable of purchases")), purchases)
    if registry is not None and not callable(getattr(registry, "get", None)):
        raise _wrong("registry", Message.of(N_("a jurisdiction registry or snapshot")), registry)
    if not isinstance(rollup, bool):
        raise _wrong("rollup", Message.of(N_("True or False")), rollup)
    if schemes is not None and not isinstance(schemes, SchemeRegistry):
        raise _wrong("schemes", Message.of(N_("a SchemeRegistry")), schemes)
    if parameters is not None and not isinstance(parameters, Mapping):
        raise _wrong(
            "parameters", Message.of(N_("a mapping from parameter names to values")), parameters
        )
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise _wrong("workers", Message.of(N_("a number of processes, 1 or more")), workers)
    level = _level(level)
    if (rollup or level is not None) and registry is None:
        raise EvaluationError(
            N_("rollup and level need a jurisdiction registry (registry=...)"),
        )
    currency = ruleset.currency
    given = _baseline(baseline, period, currency)
    context = Context(
        period,
        currency,
        _certificates(certificates),
        schemes if schemes is not None else builtin_schemes(),
        _snapshot(registry, period),
        given,
        (),
        parameters or {},
    )
    context = context.evolve(targets=_targets(targets, context))
    options = _Options(rollup, level, _fixed(jurisdictions, context), given is not None)
    state = _State(options)
    base_context = _base_context(context, registry) if given is None else context
    _stream(purchases, ruleset.compile(), context, state, base_context, workers)
    return _build(ruleset, context, state)


def _stream(
    purchases: Iterable[Purchase],
    compiled: CompiledRuleSet,
    context: Context,
    state: _State,
    base_context: Context | None = None,
    workers: int = 1,
) -> None:
    """The hot loop: one pass, integer sums and counters per jurisdiction.

    A purchase that counts at its full amount creates no object at all; a
    refusal's reason message is kept once per rule, reason and jurisdiction.
    Previous-year purchases are checked in ``base_context`` (the registry as
    of the previous year's last day), the period's in ``context``.
    """
    if base_context is None:
        base_context = context
    plan = _plan(compiled)
    split = getattr(type(purchases), "__greenprocure_split__", None)
    # A fast loader's result may hand over its rows in columns (_Block).
    blocks = getattr(type(purchases), "__greenprocure_blocks__", None)
    # The library's loader (without user callbacks) and built-in rules only:
    # no user code runs and no reference cycles are made, so the garbage
    # collector waits (each of its collections would walk the certificate
    # list and the caches).
    pause = plan is not None and getattr(purchases, "_own_code_only", False) is True
    with paused_gc() if pause else contextlib.nullcontext():
        if workers > 1 and plan is not None and split is not None and can_fork():
            job = split(purchases, workers)
            if job is not None and _stream_parts(job, plan, context, state, base_context):
                return
        items: Iterable[Any] = purchases if blocks is None else blocks(purchases)
        if plan is not None:
            _stream_inlined(items, plan, context, state, base_context, blocks is not None)
        else:
            if blocks is not None:
                items = _expanded(items)
            _stream_general(items, compiled, context, state, base_context)


def _stream_parts(
    job: Any, plan: _Plan, context: Context, state: _State, base_context: Context
) -> bool:
    """Count the pieces of a split load in a few processes at once, and add them up.

    Each process (``job.workers`` of them) takes the next piece from a
    shared queue whenever it is free, and keeps its caches from piece to
    piece. The sums do not depend on which process counted a piece; nor do
    the examples: each reason's example notes its piece, and of examples
    with the same id the earliest piece's is kept, as one process keeps it.

    False, with nothing counted, when the pieces found that the file must be
    read whole (a quote, which may hide a line break, in any piece).
    """

    claims = None
    certificate_rule = plan.bound[3]
    if certificate_rule is not None:
        # The certificates' entries, made once here and shared with the processes.
        schemes = frozenset(cast(Any, certificate_rule).keywords["schemes"])
        claims = _Claims(_builtin._checks(context.certificates), schemes)
        claims.preload()

    def work(take: Callable[[], Iterator[int]]) -> tuple[Any, ...]:
        mine = _State(state.options)
        done: list[tuple[int, Any]] = []

        def pieces() -> Iterator[tuple[int, Iterable[Any]]]:
            for piece in take():
                yield piece, job.open(piece)
                done.append((piece, job.summary(piece)))  # once it is read

        loop = _Inlined(plan, context, mine, base_context, claims)
        try:
            _count_pieces(loop, pieces())
        finally:
            job.close()  # a piece left open by an error
        return mine.tallies, mine.outside, done

    with shared_queue(job.count) as take:
        results = run_forked([functools.partial(work, take)] * job.workers)
    summaries = [summary for _piece, summary in sorted(pair for r in results for pair in r[2])]
    if not job.whole(summaries):
        return False
    for tallies, outside, _done in results:
        _add_tallies(state.tallies, state.outside, tallies, outside, parts=True)
    job.finish(summaries)
    return True


def _count_pieces(loop: _Inlined, pieces: Iterable[tuple[int, Iterable[Any]]]) -> None:
    """Count the pieces (in increasing order, as a shared queue hands them out).

    After each piece the blocks' examples go to the tallies, so that every
    example is noted with the piece that holds it (``_Reason.piece``) and
    replaced only by a smaller id.
    """
    for piece, items in pieces:
        loop.piece = piece
        _dispatch(loop, items)
        loop.commit()
    loop.finish()  # the counts (every example is in already)


def _expanded(items: Iterable[Any]) -> Iterator[Any]:
    """Purchases, with each block of them taken apart."""
    for item in items:
        if type(item) is _Block:
            yield from item.purchases()
        else:
            yield item


_FIRST: Final = itemgetter(0)
_ONE_DAY: Final = _dt.timedelta(days=1)
_SECOND: Final = itemgetter(1)
#: What a block's row comes to, by number (the block path's accumulators
#: keep one place per buyer, part and outcome): no claim, counted, or the
#: certificate rule's reason code. Every code of ``_stretch_codes`` is here.
_OUTCOMES: Final[tuple[Any, ...]] = (
    _builtin._NO_CLAIM.code,
    ACCEPTED,
    "not-yet-valid",
    "expired",
    "unknown-certificate",
    "non-counting-scheme",
    *(status.value for status in CertificateStatus if status.value not in ("active", "expired")),
)
_OUTCOME_OF: Final[dict[Any, int]] = {outcome: index for index, outcome in enumerate(_OUTCOMES)}
#: The outcomes of a block's row: no claim, counted, and the rest refused.
_BARE: Final = 0
_COUNTED: Final = 1
_STRIDE: Final = len(_OUTCOMES)
#: A day's part (see _Inlined.parts) when it is in neither year, and before
#: it is known (the highest, so that one max() over a block finds both).
_OUTSIDE: Final = 2 * _STRIDE
_UNSEEN: Final = 3 * _STRIDE
#: The codes of a claim of a scheme that does not count (any day; see
#: _Claims): its message is built from the purchase (its schemes).
_NON_COUNTING: Final = (None, None, _OUTCOME_OF["non-counting-scheme"])
#: Claims whose stretches the block path keeps before it starts afresh.
_RAW_CLAIMS_LIMIT: Final = 200_000

#: Above every block key (a block's id with its prefix, UTF-8 bytes, which
#: never hold 0xFF): the block path's starting point for the smallest id.
_HIGHEST: Final = b"\xff"
#: A slot's smallest keys before its first purchase; the counted outcome
#: never needs an example: b"" is below every key.
_SLOT_START: Final = tuple(b"" if outcome == _COUNTED else _HIGHEST for outcome in range(_STRIDE))

#: What the loops' ``purchase`` is before the first item.
_NOTHING: Final = object()


def _not_a_purchase(state: _State, item: Any) -> EvaluationError | None:
    """The error naming a ledger item that is not a Purchase (None when it is one).

    The loops check no item's type: when one fails on an attribute, this
    names it. Nothing of it was counted before it failed, so it is the item
    after every purchase counted so far.
    """
    if item is _NOTHING or isinstance(item, Purchase):
        return None
    position = 1 + sum(state.outside.values())
    position += sum(t.read for codes in state.tallies.values() for t in codes.values())
    return EvaluationError(
        N_("ledger item #{position} is not a Purchase: {value!r}"), position=position, value=item
    )


def _stream_general(
    purchases: Iterable[Purchase],
    compiled: CompiledRuleSet,
    context: Context,
    state: _State,
    base_context: Context,
) -> None:
    """The general loop: every eligibility rule called through the compiled check."""
    period = context.period
    year = period.year
    first, last = period.first_month, period.last_month
    current = state.tallies.setdefault(year, {})
    previous = None if state.options.baseline_given else state.tallies.setdefault(year - 1, {})
    outside = state.outside
    currency = context.currency
    check = compiled.check
    full = compiled.full_amount
    value = compiled.value
    purchase: Any = _NOTHING
    try:
        for purchase in purchases:
            day = purchase.date
            purchase_year = day.year
            if purchase_year == year and first <= day.month <= last:
                tallies = current
                ctx = context
            elif previous is not None and purchase_year == year - 1:
                tallies = previous
                ctx = base_context
            else:
                outside[purchase_year] = outside.get(purchase_year, 0) + 1
                continue
            code = purchase.buyer
            refusal = check(purchase, ctx)
            tally = tallies.get(code)
            if tally is None:
                tally = tallies[code] = _Tally()
            amount = purchase.amount
            # What may fail on an item that is not a Purchase comes before
            # anything is counted (_not_a_purchase counts what was).
            if refusal is None:
                minor = amount.minor_units
                valued = minor if full else value(purchase, ctx)[0].minor_units
                tally.counted += 1
                tally.counted_full += minor
                tally.counted_value += valued
                continue
            decided, verdict = refusal
            # Money in another currency is counted as a purchase but never added up.
            minor = amount.minor_units if amount.currency == currency else 0
            _add_refusals(tally, (decided, verdict.code), verdict, 1, minor, purchase.id)
    except (AttributeError, TypeError, RuleError) as error:
        culprit = _not_a_purchase(state, purchase)
        if culprit is None:
            raise
        raise culprit from error


# -- the built-in eligibility rules, inlined ------------------------------------

# The built-in eligibility rules the specialised loop knows, in the only order
# it inlines them (a rule set that lists them in another order, or with any
# other eligibility rule, takes the general loop).
_INLINED: Final = (
    _builtin.SAME_CURRENCY,
    _builtin.KNOWN_BUYER,
    _builtin.GREEN_PRODUCT_EXISTS,
    _builtin.VALID_CERTIFICATE,
)


class _Plan:
    """Which of the inlined built-in eligibility rules a compiled rule set has, and how."""

    __slots__ = ("bound", "ids")

    def __init__(self, ids: list[str | None], bound: list[Callable[..., Any] | None]) -> None:
        self.ids = ids  # rule id per position of _INLINED, None when absent
        self.bound = bound  # the bound rule function per position


def _plan(compiled: CompiledRuleSet) -> _Plan | None:
    """The plan of the specialised loop, or None when the general loop must run.

    The loop is specialised when valuation is the full amount and the
    eligibility stage consists only of the built-in currency, known-buyer,
    green-product and certificate rules (each at most once, in that order,
    with their own parameters only).
    """
    if not compiled.full_amount:
        return None
    ids: list[str | None] = [None] * len(_INLINED)
    bound: list[Callable[..., Any] | None] = [None] * len(_INLINED)
    rules = [item for item in compiled.ruleset.rules if item.stage is Stage.ELIGIBILITY]
    if [item.id for item in rules] != [rule_id for rule_id, _ in compiled.eligibility]:
        return None
    position = -1
    for rule, (_, function) in zip(rules, compiled.eligibility, strict=True):
        index = next((i for i, known in enumerate(_INLINED) if rule.function is known.function), -1)
        if index <= position or set(rule.parameters) != set(_INLINED[index].parameters):
            return None
        schemes = rule.parameters.get("schemes", ())
        if not isinstance(schemes, tuple | frozenset) or not all(
            isinstance(item, str) for item in schemes
        ):
            return None  # e.g. a string, whose `in` means a substring
        position = index
        ids[index] = rule.id
        bound[index] = function
    return _Plan(ids, bound)


def _impure(rule_id: str, purchase_id: str) -> EvaluationError:
    """The error for a rule that refused a purchase and, asked again, gave no verdict."""
    return EvaluationError(
        N_(
            "rule {rule} refused purchase {purchase} but gave no verdict"
            " when asked again: rules must be pure"
        ),
        rule=rule_id,
        purchase=purchase_id,
    )


def _call(rule_id: str, function: Callable[..., Any], purchase: Purchase, context: Context) -> Any:
    """Call a built-in rule as the compiled check does: an exception names the rule."""
    try:
        return function(purchase, context)
    except Exception as error:
        raise _rule_failed(rule_id, _purchase_subject(purchase), error, purchase.id) from error


def _stream_inlined(
    purchases: Iterable[Any],
    plan: _Plan,
    context: Context,
    state: _State,
    base_context: Context,
    blocks: bool = False,
) -> None:
    """The hot loop with the built-in eligibility rules inlined.

    The same tallies as the general loop, faster: a buyer's and an item's
    verdicts are asked once per code (they depend on nothing else), a
    certificate claim is one dict look-up and one bisection per purchase
    (the certificate rule's own cache), and a refusal's reason message is
    built only when its purchase becomes a reason's example. With
    ``blocks``, the items are purchases and :class:`~greenprocure.purchases._Block`
    objects (a fast loader's columns), which are counted column by column.
    Property tests (tests/test_evaluation_inlined.py, tests/test_blocks.py)
    compare the loops.
    """
    loop = _Inlined(plan, context, state, base_context)
    if not blocks:
        loop.run(purchases)
        return
    _dispatch(loop, purchases)
    loop.finish()


def _dispatch(loop: _Inlined, purchases: Iterable[Any]) -> None:
    """Blocks to :meth:`_Inlined.block`, runs of purchases to :meth:`_Inlined.run`."""
    batch: list[Any] = []
    for item in purchases:
        if type(item) is _Block:
            if batch:
                loop.commit()  # examples of the blocks before the batch first
                loop.run(batch)
                batch = []
            loop.block(item)
        else:
            batch.append(item)
    if batch:
        loop.commit()
        loop.run(batch)


class _Claims:
    """The block path's answers to certificate claims, by raw certificate number.

    An entry is ``(scheme, codes, *points)``: a certificate's stretches (see
    ``_builtin._Checks.stretches``) in one tuple, with each code as its
    number in ``_OUTCOMES``, so that its outcome on ``day`` is
    ``entry[1][bisect_right(entry, day, 2)]`` (``codes`` has two
    places in front for that): one look-up and one bisection per claim, in
    C. The points are the same date objects for every certificate and the
    ``codes`` tuples are shared. A number claimed in a second scheme has its
    entry in ``by_pair``.
    """

    def __init__(self, checks: _builtin._Checks, schemes: frozenset[str]) -> None:
        self.checks = checks
        self.schemes = schemes
        self.by_number: dict[bytes, tuple[Any, ...]] = {}
        self.by_pair: dict[tuple[str, bytes], tuple[Any, ...]] = {}
        self.padded: dict[int, tuple[Any, ...]] = {}
        self.days: dict[_dt.date, _dt.date] = {}
        self.unknown: dict[str, tuple[Any, ...]] = {}
        #: The codes of one active certificate with an end (see _entry_of).
        self.shared: tuple[Any, ...] | None = None
        #: Whether by_number and by_pair hold every number of the list in a
        #: counting scheme (see preload).
        self.complete = False
        self.index: dict[Any, tuple[Certificate, ...]] = checks._registry()._index

    def entry(self, scheme: str, number: bytes) -> tuple[Any, ...]:
        """The entry of a claim of ``number`` (raw ASCII) in ``scheme``."""
        if scheme not in self.schemes:
            return (scheme, _NON_COUNTING)
        entries = self.index.get((scheme, number.decode()))
        if not entries:  # a number the list does not hold
            return self.unknown_entry(scheme)
        return self._entry_of(scheme, entries)

    def unknown_entry(self, scheme: str) -> tuple[Any, ...]:
        """The entry of a number the list does not hold (one, shared, per scheme)."""
        unknown = self.unknown.get(scheme)
        if unknown is None:
            if scheme not in self.schemes:
                unknown = self.unknown[scheme] = (scheme, _NON_COUNTING)
            else:
                unknown = self.unknown[scheme] = self._entry(scheme, _builtin._UNKNOWN)
        return unknown

    def _entry_of(self, scheme: str, entries: tuple[Certificate, ...]) -> tuple[Any, ...]:
        """The entry of a certificate of a counting scheme, whose entries in the list are these.

        Most certificates are one active entry with an end: not yet valid,
        valid from its first day (never after its last: the list refuses
        that), expired after its last. Their entries share one codes tuple
        (made from the first of them) and are built without working out
        their stretches one by one.
        """
        first = entries[0]
        end = first.valid_until
        plain = (
            len(entries) == 1
            and first.status is CertificateStatus.ACTIVE
            and end is not None
            and end < _dt.date.max
        )
        if plain and self.shared is not None:
            start = first.valid_from
            after = cast(_dt.date, end) + _ONE_DAY
            days = self.days
            return (
                scheme,
                self.shared,
                days.setdefault(start, start),
                days.setdefault(after, after),
            )
        entry = self._entry(scheme, self.checks.stretches_of(entries))
        if plain:
            self.shared = entry[1]
        return entry

    def _entry(self, scheme: str, stretches: Any) -> tuple[Any, ...]:
        points, codes = stretches
        # By identity: the codes tuples are shared and live as long as the checks.
        padded = self.padded.get(id(codes))
        if padded is None:
            padded = self.padded[id(codes)] = (None, None, *map(_OUTCOME_OF.__getitem__, codes))
        days = self.days
        return (scheme, padded, *map(days.setdefault, points, points))

    def preload(self) -> None:
        """Make the entries of every certificate of the list now (before forking parts).

        Each part would otherwise work out the same entries for itself.
        """
        registry = self.checks._registry()
        if len(registry._index) * 2 > _RAW_CLAIMS_LIMIT:
            return  # a list this long is looked up as claims come
        by_number, by_pair = self.by_number, self.by_pair
        schemes, entry_of, days = self.schemes, self._entry_of, self.days
        active, last = CertificateStatus.ACTIVE, _dt.date.max
        # The day after each last day (one date object per distinct day).
        after: dict[_dt.date, _dt.date] = {}
        for (scheme, number), entries in registry._index.items():
            if scheme not in schemes or not number.isascii():
                continue  # a lazy answer (not counting), or never a block's number
            first = entries[0]
            end = first.valid_until
            shared = self.shared
            if (
                shared is not None
                and len(entries) == 1
                and first.status is active
                and end is not None
                and end < last
            ):
                # _entry_of's plain case, inlined: most of the list.
                start = first.valid_from
                following = after.get(end)
                if following is None:
                    following = after[end] = days.setdefault(end + _ONE_DAY, end + _ONE_DAY)
                entry = (scheme, shared, days.setdefault(start, start), following)
            else:
                entry = entry_of(scheme, entries)
            raw = number.encode()
            if raw in by_number:
                by_pair[scheme, raw] = entry
            else:
                by_number[raw] = entry
        self.complete = True

    def first(self, block: _Block, found: list[Any]) -> None:
        """Fill in the entries of the numbers seen for the first time (``None`` in ``found``)."""
        by_number = self.by_number
        claim_schemes, claim_numbers = block.claim_schemes, block.claim_numbers
        if len(by_number) >= _RAW_CLAIMS_LIMIT:
            by_number.clear()
            self.by_pair.clear()
            self.complete = False
        positions = list(compress(range(len(found)), map(not_, found)))
        if self.complete:
            # Preloaded: a number missing here is in no counting scheme (an
            # unknown number, mostly claimed once), one entry per scheme.
            unknown = self.unknown
            for position in positions:
                scheme = claim_schemes[position]
                found[position] = unknown.get(scheme) or self.unknown_entry(scheme)
            return
        for position in positions:
            number = claim_numbers[position]
            entry = by_number.get(number)
            if entry is None:
                scheme = claim_schemes[position]
                entry = self.entry(scheme, number)
                # Numbers the list does not hold, and those of schemes that do
                # not count, are not kept: mostly claimed once each, they
                # would only make the table that every claim reads larger.
                if entry[1] is not _NON_COUNTING and entry is not self.unknown.get(scheme):
                    by_number[number] = entry
            found[position] = entry

    def other_schemes(self, block: _Block, found: list[Any]) -> None:
        """Replace the entries of numbers claimed here in another scheme than their entry's."""
        by_pair = self.by_pair
        claim_numbers = block.claim_numbers
        for position, scheme in enumerate(block.claim_schemes):
            if found[position][0] != scheme:
                key = (scheme, claim_numbers[position])
                entry = by_pair.get(key)
                if entry is None:
                    entry = by_pair[key] = self.entry(*key)
                found[position] = entry


class _Inlined:
    """The inlined loop's settings and caches, kept between batches and blocks."""

    def __init__(
        self,
        plan: _Plan,
        context: Context,
        state: _State,
        base_context: Context,
        claims: _Claims | None = None,
    ) -> None:
        self.plan = plan
        self.context = context
        self.base_context = base_context
        self.state = state
        period = context.period
        self.current = state.tallies.setdefault(period.year, {})
        self.previous = (
            None if state.options.baseline_given else state.tallies.setdefault(period.year - 1, {})
        )
        # A buyer's verdict depends on the registry snapshot: one cache per year's context.
        self.period_buyers: dict[str, Verdict] = {}
        self.base_buyers: dict[str, Verdict] = {}
        # Per year's context and buyer, the reason of its purchases without
        # a claim (the most frequent refusal), as held in its tally.
        self.period_bare: dict[str, _Reason] = {}
        self.base_bare: dict[str, _Reason] = {}
        # Per year's context, the tallies of the buyers the buyer rule accepts
        # (one look-up for both).
        self.period_ok: dict[str, _Tally] = {}
        self.base_ok: dict[str, _Tally] = {}
        self.products: dict[str, Verdict] = {}
        self.schemes: Any = ()
        # The certificate rule's stretches per claim (see _builtin._Checks), by
        # CertificateRef for purchases; for blocks, see _Claims.
        self.by_ref: dict[Any, Any] = {}
        self.checks: _builtin._Checks | None = None
        self.claims = claims
        certificate_rule = plan.bound[3]
        if certificate_rule is not None:
            self.checks = checks = _builtin._checks(context.certificates)
            self.by_ref = checks._by_ref
            self.schemes = frozenset(cast(Any, certificate_rule).keywords["schemes"])
            if self.claims is None:
                self.claims = _Claims(checks, self.schemes)
        # The block path's caches: a date's part, as the offset of its place
        # in the accumulators (0: the period, _STRIDE: the previous year,
        # _OUTSIDE: neither), and whether a buyer's or an item's purchases
        # pass the buyer and item rules in every context.
        self.parts: dict[_dt.date, int] = {}
        self.plain_buyers: dict[str, bool] = {}
        self.plain_items: dict[str, bool] = {}
        # The blocks' accumulators: one place per slot (a (part, buyer)
        # pair: slot 2 * b + part for the b-th buyer seen) and outcome (see
        # _OUTCOMES), at _STRIDE * slot + outcome: the number of purchases,
        # their sum and, for refusals, the smallest id (as a block key, after
        # self.prefix) and that purchase's verdict (counted purchases'
        # smallest key stays b"", below every key). finish() adds them to
        # the tallies.
        self.slot_base: dict[str, int] = {}
        self.slot_keys: list[tuple[int, str]] = []
        self.numbers: list[int] = []
        self.sums: list[int] = []
        self.smallest: list[bytes] = []
        #: What is in front of every id in self.smallest (the blocks' prefix).
        self.prefix = b""
        self.examples: dict[int, Verdict] = {}
        #: Places with a new smallest id since the last commit().
        self.fresh: set[int] = set()
        #: The piece of a split load being counted (0: none), noted with examples.
        self.piece = 0

    def run(self, purchases: Iterable[Any]) -> None:
        """Count purchases one by one."""
        context = self.context
        base_context = self.base_context
        state = self.state
        period = context.period
        year = period.year
        first, last = period.first_month, period.last_month
        current = self.current
        previous = self.previous
        outside = state.outside
        currency = context.currency
        currency_id, buyer_id, product_id, certificate_id = self.plan.ids
        currency_rule, buyer_rule, product_rule, certificate_rule = self.plan.bound
        period_buyers = self.period_buyers
        base_buyers = self.base_buyers
        products = self.products
        schemes = self.schemes
        by_ref = self.by_ref
        code_on = self.checks.code if self.checks is not None else None
        verdict_on = self.checks.verdict if self.checks is not None else None
        no_claim = _builtin._NO_CLAIM
        no_claim_key = (cast(str, certificate_id), no_claim.code)
        no_claim_reason = no_claim.reason
        period_bare, base_bare = self.period_bare, self.base_bare
        period_ok, base_ok = self.period_ok, self.base_ok
        accepted = ACCEPTED
        exclude, refuse = _EXCLUDE, _REFUSE
        bisect_right = bisect.bisect_right
        piece = self.piece  # where new examples come from (see _Reason.piece)
        purchase: Any = _NOTHING
        try:
            for purchase in purchases:
                day = purchase.date
                purchase_year = day.year
                if purchase_year == year and first <= day.month <= last:
                    tallies = current
                    ctx = context
                    buyers = period_buyers
                    bare = period_bare
                    ok = period_ok
                elif previous is not None and purchase_year == year - 1:
                    tallies = previous
                    ctx = base_context
                    buyers = base_buyers
                    bare = base_bare
                    ok = base_ok
                else:
                    outside[purchase_year] = outside.get(purchase_year, 0) + 1
                    continue
                code = purchase.buyer
                tally: Any = ok.get(code)
                # ask: whether the buyer rule's verdict is still to be seen.
                ask = tally is None
                if ask:
                    tally = tallies.get(code)
                    if tally is None:
                        tally = tallies[code] = _Tally()
                    if buyer_id is None:
                        ok[code] = tally
                        ask = False
                amount = purchase.amount
                same = amount.currency == currency
                # decided: the rule id; verdict: its verdict, or None when its reason
                # is built only for an example (the reason code is then lazy_code).
                decided: str | None = None
                verdict: Verdict | None = None
                lazy_code = "currency-mismatch"
                if currency_id is not None and not same:
                    decided = currency_id
                else:
                    if ask:
                        found = buyers.get(code)
                        if found is None:
                            found = buyers[code] = _call(buyer_id, buyer_rule, purchase, ctx)  # type: ignore[arg-type]
                        if found is not accepted:
                            decided, verdict = buyer_id, found
                        else:
                            ok[code] = tally
                    if decided is None and product_id is not None:
                        category = purchase.category
                        found = products.get(category)
                        if found is None:
                            found = products[category] = _call(
                                product_id,
                                product_rule,  # type: ignore[arg-type]
                                purchase,
                                ctx,
                            )
                        if found is not accepted:
                            decided, verdict = product_id, found
                    if decided is None and certificate_id is not None:
                        claims = purchase.certificates
                        if not claims:
                            # Refused for want of a claim (the most frequent
                            # refusal): counted here, its reason found by the
                            # buyer's code rather than by a (rule, code) key.
                            # What may fail on an item that is not a
                            # Purchase comes before anything is counted.
                            minor = amount._minor if same else 0
                            pid = purchase.id
                            reason = bare.get(code)
                            if reason is None:
                                reason = tally.reasons.get(no_claim_key)
                                if reason is None:
                                    reason = tally.reasons[no_claim_key] = _Reason(
                                        refuse.value, 0, 0, pid, no_claim_reason, piece
                                    )
                                bare[code] = reason
                            # A new reason's example is this purchase already.
                            if reason.example_id is not pid and pid < reason.example_id:
                                reason.example_id = pid
                                reason.example = no_claim_reason
                                reason.piece = piece
                            tally.refused += 1
                            tally.refused_minor += minor
                            reason.count += 1
                            reason.minor += minor
                            continue
                        reported: str | None = None
                        reported_claim: Any = None
                        for claim in claims:
                            if claim[0] in schemes:
                                stretches = by_ref.get(claim)
                                answer: Any
                                if stretches is not None:
                                    answer = stretches[1][bisect_right(stretches[0], day)]
                                else:
                                    answer = code_on(claim, day)  # type: ignore[misc]
                                if answer is accepted:
                                    break
                                if reported is None:
                                    reported, reported_claim = answer, claim
                        else:
                            # No valid claim: the first counting claim's reason code, or
                            # "only schemes that do not count"; the message is lazy.
                            decided = certificate_id
                            lazy_code = reported or "non-counting-scheme"
                    if decided is None and not same:
                        decided = CURRENCY_GUARD
                if decided is None:
                    # Money's slot, not its minor_units property: a function
                    # call per purchase saved (about 4% of this loop).
                    minor = amount._minor
                    tally.counted += 1
                    tally.counted_full += minor
                    tally.counted_value += minor
                    continue
                # Money in another currency is counted as a purchase but never added up.
                minor = amount._minor if same else 0
                if verdict is not None:
                    reason_code = verdict.code
                    kind = verdict.kind
                else:
                    reason_code = lazy_code
                    kind = refuse
                key = (decided, reason_code)
                reason = tally.reasons.get(key)
                if reason is None or purchase.id < reason.example_id:
                    # A new example (the smallest id, whatever the order): its message now.
                    if verdict is None:
                        if decided == CURRENCY_GUARD:
                            verdict = _currency_refusal(purchase, currency)
                        elif decided == currency_id:
                            verdict = _call(decided, currency_rule, purchase, ctx)  # type: ignore[arg-type]
                        elif lazy_code != "non-counting-scheme":
                            # The certificate rule's verdict: its first counting claim's.
                            verdict = verdict_on(reported_claim, day)  # type: ignore[misc]
                        else:
                            verdict = _call(decided, certificate_rule, purchase, ctx)  # type: ignore[arg-type]
                    if verdict is None:
                        # The rule refused this purchase a moment ago; asked again it must say why.
                        raise _impure(decided, purchase.id)
                    if reason is None:
                        reason = tally.reasons[key] = _Reason(
                            kind.value, 0, 0, purchase.id, verdict.reason, piece
                        )
                    else:
                        reason.example_id = purchase.id
                        reason.example = verdict.reason
                        reason.piece = piece
                # Counted last: what may fail on an item that is not a
                # Purchase came before (_not_a_purchase counts what was).
                reason.count += 1
                reason.minor += minor
                if kind is exclude:
                    tally.excluded += 1
                    tally.excluded_minor += minor
                else:
                    tally.refused += 1
                    tally.refused_minor += minor
        except (AttributeError, TypeError, RuleError) as error:
            culprit = _not_a_purchase(state, purchase)
            if culprit is None:
                raise
            raise culprit from error

    def _part(self, day: _dt.date) -> int:
        """The offset of ``day``'s part in the accumulators (see ``parts``)."""
        period = self.context.period
        if day.year == period.year and period.first_month <= day.month <= period.last_month:
            return 0
        if self.previous is not None and day.year == period.year - 1:
            return _STRIDE
        return _OUTSIDE

    def _plain_buyer(self, purchase: Purchase) -> bool:
        """Whether the buyer rule accepts the buyer's purchases in every context."""
        buyer_id, buyer_rule = self.plan.ids[1], self.plan.bound[1]
        if buyer_id is None:
            return True
        code = purchase.buyer
        contexts = [(self.period_buyers, self.context)]
        if self.previous is not None:
            contexts.append((self.base_buyers, self.base_context))
        for cache, ctx in contexts:
            found = cache.get(code)
            if found is None:
                found = cache[code] = _call(buyer_id, buyer_rule, purchase, ctx)  # type: ignore[arg-type]
            if found is not ACCEPTED:
                return False
        return True

    def _plain_item(self, purchase: Purchase) -> bool:
        """Whether the item rule accepts the item's purchases."""
        product_id, product_rule = self.plan.ids[2], self.plan.bound[2]
        if product_id is None:
            return True
        category = purchase.category
        found = self.products.get(category)
        if found is None:
            found = self.products[category] = _call(
                product_id,
                product_rule,  # type: ignore[arg-type]
                purchase,
                self.context,
            )
        return found is ACCEPTED

    def block(self, block: _Block) -> None:
        """Count a block of purchases column by column.

        The same tallies as :meth:`run` over ``block.purchases()``: rows
        outside both years, of a buyer or an item some rule refuses, or in
        another currency are counted by :meth:`run`; the others differ only
        in their certificate claim, which is checked row by row.
        """
        if block.currency != self.context.currency:
            self.commit()  # before rows counted one by one (see commit)
            self.run(block.purchases())
            return
        size = len(block)
        dates = block.dates
        parts_of = self.parts
        # _UNSEEN: a day not seen before (one pass over small ints finds it,
        # and _OUTSIDE).
        parts = list(map(parts_of.get, dates, repeat(_UNSEEN)))
        highest = max(parts, default=0)
        if highest == _UNSEEN:
            for day in set(dates).difference(parts_of):
                parts_of[day] = self._part(day)
            parts = list(map(parts_of.__getitem__, dates))
            highest = max(parts, default=0)
        buyers = block.buyers
        categories = block.categories
        plain_buyers = self.plain_buyers
        plain_items = self.plain_items
        named = block.buyer_set
        items = block.category_set
        missing = named.difference(plain_buyers)
        if missing:
            where = dict(zip(buyers, range(size), strict=True))
            for code in missing:
                plain_buyers[code] = self._plain_buyer(block.purchase(where[code]))
        missing = items.difference(plain_items)
        if missing:
            where = dict(zip(categories, range(size), strict=True))
            for category in missing:
                plain_items[category] = self._plain_item(block.purchase(where[category]))
        if (
            highest == _OUTSIDE
            or not all(map(plain_buyers.__getitem__, named))
            or not all(map(plain_items.__getitem__, items))
        ):
            rows_of = zip(parts, buyers, categories, strict=True)
            odd = [
                index
                for index, (part, code, category) in enumerate(rows_of)
                if part == _OUTSIDE or not plain_buyers[code] or not plain_items[category]
            ]
            self.commit()
            self.run(map(block.purchase, odd))
            rows = sorted(set(range(size)).difference(odd))
            if not rows:
                return
            block = block.subset(rows)
            parts = [parts[index] for index in rows]
            named = block.buyer_set
        self._count(block, parts, named)

    def _slots(self, parts: list[int], codes: list[str], named: set[str]) -> list[int]:
        """Each row's first place in the accumulators (its no-claim outcome's), new buyers added."""
        base = self.slot_base
        for code in named.difference(base):
            base[code] = len(self.numbers)
            self.slot_keys += ((0, code), (1, code))
            self.numbers += [0] * (2 * _STRIDE)
            self.sums += [0] * (2 * _STRIDE)
            self.smallest += _SLOT_START * 2
        return list(map(add, map(base.__getitem__, codes), parts))

    def _count(self, block: _Block, parts: list[int], named: set[str]) -> None:
        """Count a block whose purchases only their certificate claim can refuse.

        The numbers, sums and smallest ids go to the accumulators, one place
        per (part, buyer) slot and outcome, which :meth:`finish` adds to the
        tallies: a block costs a few passes over its columns in C and two
        short Python loops, one over the rows without a claim and one over
        the claims.
        """
        slots = self._slots(parts, block.buyers, named)
        amounts = block.amounts
        ids = block.keys
        if block.prefix != self.prefix:
            self._prefix(block.prefix)
        numbers, sums, smallest = self.numbers, self.sums, self.smallest
        if self.plan.ids[3] is None:
            for place, minor in zip(map(add, slots, repeat(_COUNTED)), amounts, strict=True):
                numbers[place] += 1
                sums[place] += minor
            return
        # No claim: refused, all for the same reason (outcome 0: the slot's place).
        claimed = block.claimed
        bare = list(map(not_, claimed))
        for place, minor, pid in zip(
            compress(slots, bare), compress(amounts, bare), compress(ids, bare), strict=True
        ):
            numbers[place] += 1
            sums[place] += minor
            if pid < smallest[place]:
                smallest[place] = pid
                self.fresh.add(place)
        if not block.claim_rows:
            return
        # A claim: its outcome on the purchase date: one look-up by the raw
        # number and one bisection per claim, in C (see _Claims for what a
        # claim's entry holds).
        claim_rows = block.claim_rows
        claims = cast(_Claims, self.claims)
        found: list[Any] = list(map(claims.by_number.get, block.claim_numbers))
        if not all(found):  # entries are tuples; None: a number not seen before
            claims.first(block, found)
        if list(map(_FIRST, found)) != block.claim_schemes:
            claims.other_schemes(block, found)
        days = map(block.dates.__getitem__, claim_rows)
        positions = map(bisect.bisect_right, found, days, repeat(2))
        outcomes = map(getitem, map(_SECOND, found), positions)
        places = map(add, compress(slots, claimed), outcomes)
        for place, minor, pid, claim in zip(
            places, compress(amounts, claimed), compress(ids, claimed), count(), strict=False
        ):
            numbers[place] += 1
            sums[place] += minor
            if pid < smallest[place]:
                # A new example (the smallest id): the rule's verdict on it, with its message.
                smallest[place] = pid
                self.examples[place] = self._example(block, claim, place)
                self.fresh.add(place)

    def _prefix(self, prefix: bytes) -> None:
        """Put ``prefix`` in front of the smallest ids instead of the one there (a rare change)."""
        cut = len(self.prefix)
        self.smallest = [key if key in _SLOT_START else prefix + key[cut:] for key in self.smallest]
        self.prefix = prefix

    def _example(self, block: _Block, claim: int, place: int) -> Verdict:
        """The certificate rule's verdict on the purchase of a block's ``claim``-th claim.

        The rule's verdict on a purchase with one claim of a counting scheme
        is the certificate cache's on that claim; for a scheme that does not
        count, the rule is asked (its message names the purchase's schemes).
        """
        row = block.claim_rows[claim]
        if _OUTCOMES[place % _STRIDE] == "non-counting-scheme":
            return self._lazy(block, row, place // _STRIDE)
        ref = (block.claim_schemes[claim], block.claim_numbers[claim].decode())
        return cast(_builtin._Checks, self.checks).verdict(ref, block.dates[row])

    def _lazy(self, block: _Block, index: int, slot: int) -> Verdict:
        """The certificate rule's verdict on one purchase of a block, asked again."""
        certificate_id = cast(str, self.plan.ids[3])
        part = self.slot_keys[slot][0]
        purchase = block.purchase(index)
        verdict = _call(
            certificate_id,
            cast(Callable[..., Any], self.plan.bound[3]),
            purchase,
            self.context if part == 0 else self.base_context,
        )
        if verdict is None:
            raise _impure(certificate_id, purchase.id)
        return cast(Verdict, verdict)

    def commit(self) -> None:
        """Put the blocks' new examples in the tallies now; their counts wait for :meth:`finish`.

        Called before purchases are counted one by one after blocks (and
        after each piece of a split load): of two purchases with the same
        smallest id (possible without the duplicate-id check), the one
        first in the file is then the example, whichever loop counts it.
        """
        for place in sorted(self.fresh):
            self._refuse(self._tally(place // _STRIDE), place, 0, 0)
        self.fresh.clear()

    def _refuse(self, tally: _Tally, place: int, number: int, minor: int) -> None:
        """Add a refusal place's purchases (and its smallest id's example) to ``tally``."""
        outcome = place % _STRIDE
        verdict = _builtin._NO_CLAIM if outcome == _BARE else self.examples[place]
        key = (cast(str, self.plan.ids[3]), _OUTCOMES[outcome])
        pid = self.smallest[place][len(self.prefix) :].decode("ascii")
        _add_refusals(tally, key, verdict, number, minor, pid, self.piece)

    def _tally(self, slot: int) -> _Tally:
        """The tally of a slot's buyer and part (made if it is new)."""
        part, code = self.slot_keys[slot]
        tallies = cast(dict[str, _Tally], self.previous if part else self.current)
        tally = tallies.get(code)
        if tally is None:
            tally = tallies[code] = _Tally()
        return tally

    def finish(self) -> None:
        """Add the blocks' accumulators to the tallies."""
        self.commit()
        numbers, sums = self.numbers, self.sums
        for slot in range(len(self.slot_keys)):
            first = slot * _STRIDE
            if not any(numbers[first : first + _STRIDE]):
                continue  # a slot is made for both parts of a buyer
            tally = self._tally(slot)
            for place in range(first, first + _STRIDE):
                number = numbers[place]
                if not number:
                    continue
                outcome = place - first
                if outcome == _COUNTED:
                    tally.counted += number
                    tally.counted_full += sums[place]
                    tally.counted_value += sums[place]
                    continue
                self._refuse(tally, place, number, sums[place])


def _add_refusals(
    tally: _Tally,
    key: tuple[str, str],
    verdict: Verdict,
    number: int,
    minor: int,
    pid: str,
    piece: int = 0,
) -> None:
    """Add ``number`` purchases refused (or excluded) by ``verdict`` to ``tally``.

    ``minor`` is their sum and ``pid`` their smallest id, found in ``piece``
    (see _Reason.piece). The reason and its example come first: comparing an
    id may fail on a ledger item that is not a Purchase, and then nothing of
    it is counted (see _not_a_purchase).
    """
    kind = verdict.kind
    reason = tally.reasons.get(key)
    if reason is None:
        reason = tally.reasons[key] = _Reason(kind.value, 0, 0, pid, verdict.reason, piece)
    elif pid < reason.example_id:  # the smallest id, whatever the order
        reason.example_id = pid
        reason.example = verdict.reason
        reason.piece = piece
    reason.count += number
    reason.minor += minor
    if kind is _EXCLUDE:
        tally.excluded += number
        tally.excluded_minor += minor
    else:
        tally.refused += number
        tally.refused_minor += minor


def _add_tallies(
    tallies: dict[int, dict[str, _Tally]],
    outside: dict[int, int],
    more: Mapping[int, Mapping[str, _Tally]],
    more_outside: Mapping[int, int],
    parts: bool = False,
) -> None:
    """Add another ledger's tallies and outside counts (copies: ``more`` is left alone).

    With ``parts``, ``more`` is a process's part of one split load, handed
    over: its tallies are taken as they are, and of two examples with the
    same id the earlier piece's is kept.
    """
    for year, codes in more.items():
        target = tallies.setdefault(year, {})
        for code, tally in codes.items():
            mine = target.get(code)
            if mine is None:
                target[code] = tally if parts else tally.copy()
            else:
                mine.absorb(tally, parts)
    for year, number in more_outside.items():
        outside[year] = outside.get(year, 0) + number


def merge(*reports: AttainmentReport) -> AttainmentReport:
    """The report of the concatenated ledgers of disjoint reports.

    ``merge(evaluate(a, ...), evaluate(b, ...)) == evaluate(a + b, ...)`` when
    both were made with the same rule set, period, baseline, targets and
    options. Targets, statuses and ranks are recomputed from the summed tallies.

    Raises:
        EvaluationError: no report, or reports made with different settings.
    """
    if not reports:
        raise EvaluationError(N_("merge needs at least one report"))
    first = reports[0]
    for other in reports[1:]:
        if (
            other.ruleset != first.ruleset
            or other.period != first.period
            or other.currency != first.currency
            or other._state.options != first._state.options
            or other.context.targets != first.context.targets
            or other.context.parameters != first.context.parameters
            or (
                first._state.options.baseline_given
                and other.context.baseline != first.context.baseline
            )
        ):
            raise EvaluationError(
                N_(
                    "cannot merge reports made with different rule sets, periods, baselines,"
                    " targets or options ({first} and {second})"
                ),
                first=f"{first.ruleset} {first.period}",
                second=f"{other.ruleset} {other.period}",
            )
    tallies: dict[int, dict[str, _Tally]] = {}
    outside: dict[int, int] = {}
    info: dict[str, JurisdictionInfo] = {}
    carried: dict[str, tuple[str, ...]] = {}
    context = first.context
    for report in reports:
        state = report._state
        _add_tallies(tallies, outside, state.tallies, state.outside)
        for code, item in state.info.items():
            info.setdefault(code, item)
        for code, became in state.carried.items():
            carried.setdefault(code, became)
        if context.jurisdictions is None and report.context.jurisdictions is not None:
            context = context.evolve(jurisdictions=report.context.jurisdictions)
    if not first._state.options.baseline_given:
        context = context.evolve(baseline=None)
    return _build(
        first.ruleset, context, _State(first._state.options, tallies, outside, info, carried)
    )
