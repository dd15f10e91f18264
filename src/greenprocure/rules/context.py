"""The context a rule sees: the period, registries, baseline, targets and parameters.

A :class:`Context` is frozen and built once per evaluation. Rules read from
it; none can change it, so the same purchase gets the same verdict whatever
order the ledger comes in.

Examples:
    >>> from greenprocure import Money, Period
    >>> from greenprocure.targets import Target
    >>> ctx = Context(Period.parse("2022-01..2022-09"),
    ...               targets=[Target.of_amount("2600000000", 2022, Money.krw(1000))])
    >>> ctx.year, ctx.target_for("2600000000").amount
    (2022, Money('1000', 'KRW'))
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Protocol

import attrs

from greenprocure.certifications import CertificateRegistry, SchemeRegistry, builtin_schemes
from greenprocure.errors import EvaluationError
from greenprocure.i18n import N_
from greenprocure.period import Period
from greenprocure.rules.core import Parameters
from greenprocure.targets import Baseline, Target

__all__ = ["Context", "JurisdictionDirectory"]


class JurisdictionDirectory(Protocol):
    """What the rules need of a jurisdiction registry snapshot: ``get(code)``.

    :mod:`greenprocure.jurisdictions` snapshots (``korea().on(date)``) fit;
    ``get`` returns an object with ``code``, ``name_ko``, ``name_en``,
    ``level`` and ``parent_code``, or None (or raises ``LookupError``) for
    an unknown code.
    """

    def get(self, code: str) -> Any:
        """The jurisdiction with this code."""


def _index_targets(
    targets: Mapping[tuple[str, int], Target] | Iterable[Target] | None,
) -> dict[tuple[str, int], Target]:
    if targets is None:
        return {}
    items = targets.values() if isinstance(targets, Mapping) else targets
    index: dict[tuple[str, int], Target] = {}
    for item in items:
        if not isinstance(item, Target):
            raise EvaluationError(N_("{value!r} is not a Target"), value=item)
        key = (item.jurisdiction, item.year)
        other = index.get(key)
        if other is not None and other != item:
            raise EvaluationError(
                N_("two different targets for {code} in {year}"), code=key[0], year=key[1]
            )
        index[key] = item
    return index


@attrs.frozen(eq=False)
class Context:
    """Everything a rule may consult besides its own arguments.

    Attributes:
        period: the period being evaluated.
        currency: the rule set's currency; amounts in another currency are refused.
        certificates: the certificate list, consulted as of each purchase date.
        schemes: the certification schemes.
        jurisdictions: a jurisdiction registry snapshot, or None.
        baseline: previous-year counted amounts (given, or derived from the
            ledger's previous-year purchases once they have been read).
        targets: explicit targets, by ``(jurisdiction code, year)``; an
            iterable of :class:`~greenprocure.targets.Target` is accepted.
        parameters: free parameters for custom rules.
    """

    period: Period
    currency: str = "KRW"
    certificates: CertificateRegistry = attrs.field(factory=CertificateRegistry)
    schemes: SchemeRegistry = attrs.field(factory=builtin_schemes)
    jurisdictions: JurisdictionDirectory | None = None
    baseline: Baseline | None = None
    targets: Mapping[tuple[str, int], Target] = attrs.field(factory=dict, converter=_index_targets)
    parameters: Parameters = attrs.field(factory=Parameters, converter=Parameters)

    @property
    def year(self) -> int:
        """The period's calendar year."""
        return self.period.year

    def target_for(self, code: str, year: int | None = None) -> Target | None:
        """The explicit target of ``code`` for ``year`` (default: the period's year)."""
        return self.targets.get((code, self.period.year if year is None else year))

    def jurisdiction(self, code: str) -> Any | None:
        """The jurisdiction with ``code`` in the registry snapshot, or None."""
        if self.jurisdictions is None:
            return None
        try:
            return self.jurisdictions.get(code)
        except LookupError:
            return None

    def evolve(self, **changes: Any) -> Context:
        """A copy with some fields changed."""
        return attrs.evolve(self, **changes)
