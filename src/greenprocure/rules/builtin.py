"""The built-in rules and rule sets, all in one place.

Rule sets:

* :data:`KR_PRIORITY_CITIES_2022` (``kr-priority-cities@2022``): the Green
  Purchasing Priority City programme (녹색구매 중점도시). A purchase counts at
  its full amount when it claims a certificate of a counting scheme (Korea
  Eco-label, Good Recycled, Low-carbon product) valid on the purchase date.
  The target for year Y is the counted green amount of Y−1 × 1.10, rounded
  half up to the won, unless an explicit target is given. Status: achieved
  at 100%, on track at or above the period's share of the year, behind
  below it.
* :data:`KR_GREEN_SHARE_2019` (``kr-green-share@2019``): the national
  evaluation's green share (녹색제품 구매율) = green amount / total amount over
  items for which a green product exists, against a target rate.

Examples:
    >>> from greenprocure.rules import builtin
    >>> [str(s) for s in builtin.BUILTIN_RULESETS.values()]
    ['kr-priority-cities@2022', 'kr-green-share@2019']
    >>> builtin.VALID_CERTIFICATE.parameters["schemes"]
    ('kr-eco-label', 'kr-gr', 'kr-low-carbon')
"""

from __future__ import annotations

import bisect
import datetime as _dt
import functools
import unicodedata
import weakref
from collections.abc import Collection, Hashable
from decimal import Decimal
from fractions import Fraction
from typing import Any, Final, cast

from greenprocure.certifications import (
    Certificate,
    CertificateRef,
    CertificateRegistry,
    _stretch_codes,
    check_entries,
)
from greenprocure.i18n import N_, Message, percent_text
from greenprocure.money import Money, round_half_up
from greenprocure.purchases import Purchase
from greenprocure.rules.context import Context
from greenprocure.rules.core import ACCEPTED, Rule, Verdict, eligibility, score, status, target
from greenprocure.rules.core import valuation as valuation_rule
from greenprocure.rules.rows import AttainmentRow, Score, Status
from greenprocure.rules.ruleset import RuleSet, _currency_refusal
from greenprocure.targets import LEDGER_BASELINE, Target, TargetSource

__all__ = [
    "ATTAINMENT_SCORE",
    "BUILTIN_RULES",
    "BUILTIN_RULESETS",
    "DEFAULT_COUNTING_SCHEMES",
    "EXPLICIT_TARGET",
    "FULL_AMOUNT",
    "GREEN_PRODUCT_EXISTS",
    "KNOWN_BUYER",
    "KR_GREEN_SHARE_2019",
    "KR_PRIORITY_CITIES_2022",
    "PREVIOUS_YEAR_GROWTH",
    "PRO_RATA_STATUS",
    "SAME_CURRENCY",
    "TARGET_REACHED_STATUS",
    "VALID_CERTIFICATE",
]

#: The schemes whose certificates count by default: Korea Eco-label (환경표지),
#: Good Recycled (우수재활용제품, GR) and Low-carbon product (저탄소제품).
DEFAULT_COUNTING_SCHEMES: Final = ("kr-eco-label", "kr-gr", "kr-low-carbon")


def _percent(ratio: Fraction | Decimal, places: int | None = 1) -> str:
    return percent_text(ratio, 1 if places is None else places) + "%"


def _at(ratio: Fraction | Decimal, places: int | None) -> Fraction | Decimal:
    """A ratio in percent as it is shown: rounded half up to ``places`` (None: exact).

    Statuses are decided on this value, the same one the score ranks by and
    the reason shows, so that a row shown at 75.0% of a 75.0% pace is on track.
    """
    percent = Fraction(ratio) * 100
    return percent if places is None else round_half_up(percent, places)


# -- eligibility ------------------------------------------------------------------


@eligibility(
    "core.eligibility.currency",
    description=N_("The purchase is in the rule set's currency (others are refused, not summed)."),
)
def same_currency(purchase: Purchase, context: Context) -> Verdict:
    """Refuse a purchase in another currency than the rule set's."""
    if purchase.amount.currency == context.currency:
        return ACCEPTED
    return _currency_refusal(purchase, context.currency)


@eligibility(
    "core.eligibility.known-buyer",
    description=N_(
        "The buyer is a jurisdiction of the registry on the period's last day"
        " (checked only when a registry is given)."
    ),
)
def known_buyer(purchase: Purchase, context: Context) -> Verdict:
    """Refuse a purchase whose buyer the jurisdiction registry does not know."""
    if context.jurisdictions is None or context.jurisdiction(purchase.buyer) is not None:
        return ACCEPTED
    return Verdict.refuse(
        "unknown-buyer",
        Message.of(
            N_("buyer {code} is not a jurisdiction of the registry on {date}"),
            code=purchase.buyer,
            date=context.period.end,
        ),
    )


_NO_CLAIM: Final = Verdict.refuse("no-certificate", Message.of(N_("no certificate claimed")))


def _non_counting(claimed: tuple[str, ...], schemes: Collection[str]) -> Message:
    return Message.of(
        N_(
            "claims only certificates of schemes that do not count ({claimed}); counting: {schemes}"
        ),
        claimed=", ".join(claimed),
        schemes=", ".join(schemes),
    )


class _Checks:
    """The verdicts on one certificate list's claims, remembered between purchases.

    ``CertificateRegistry.check(ref, day)`` only changes where ``day`` crosses
    an entry's first valid day or the day after its last valid day. The first
    time a certificate is claimed, its stretches between those days are
    worked out at once: the days that start them (``points``) and per stretch
    :data:`ACCEPTED` or the refusal's reason code (``codes``, a tuple shared
    by every certificate of the same shape). A refusal's message is built
    only when a verdict is asked for. Memory grows with the certificate list,
    never with the ledger.
    """

    __slots__ = ("_by_ref", "_shapes", "_verdicts", "registry")

    def __init__(self, registry: CertificateRegistry) -> None:
        # A weak reference: the cache must not keep a certificate list alive.
        self.registry = weakref.ref(registry)
        self._by_ref: dict[tuple[str, str], _Stretches] = {}
        # The codes tuple of each shape of stretches, by _stretch_codes' answer:
        # shared by every certificate of that shape.
        self._shapes: dict[tuple[str, ...], tuple[Verdict | str, ...]] = {}
        self._verdicts: dict[tuple[tuple[str, str], int], Verdict] = {}

    def code(self, ref: tuple[str, str], day: _dt.date) -> Verdict | str:
        """:data:`ACCEPTED` if ``ref`` is valid on ``day``, else the refusal's reason code."""
        found = self._by_ref.get(ref)
        if found is None:
            found = self._remember(ref)
        points, codes = found
        return codes[bisect.bisect_right(points, day)]

    def verdict(self, ref: tuple[str, str], day: _dt.date) -> Verdict:
        """The certificate rule's verdict on a claim of ``ref`` on ``day``."""
        found = self._by_ref.get(ref)
        if found is None:
            found = self._remember(ref)
        points, codes = found
        stretch = bisect.bisect_right(points, day)
        code = codes[stretch]
        if code is ACCEPTED:
            return ACCEPTED
        # Refusals are kept once asked for (the examples: a few), each with
        # its message built when it is first read (see _Reason).
        verdict = self._verdicts.get((ref, stretch))
        if verdict is None:
            if len(self._verdicts) >= _VERDICTS_KEPT:
                self._verdicts.clear()
            key = CertificateRef(*ref)
            verdict = Verdict.refuse(cast(str, code), _Reason(key, self._registry().get(key), day))
            self._verdicts[ref, stretch] = verdict
        return verdict

    def _remember(self, ref: tuple[str, str]) -> _Stretches:
        """The stretches of ``ref``, kept if the list holds it.

        A number the list does not hold is not kept: the cache lives as long
        as the list and grows with the list, never with the ledgers checked.
        """
        found = self.stretches(ref)
        if found is not _UNKNOWN:
            self._by_ref[ref] = found
        return found

    def stretches(self, ref: tuple[str, str]) -> _Stretches:
        """``(points, codes)`` of ``ref``: on ``day``, ``codes[bisect_right(points, day)]``."""
        # The list's own index (a plain pair hashes and compares as a
        # CertificateRef): no CertificateRef made per certificate.
        return self.stretches_of(self._registry()._index.get(ref, ()))  # type: ignore[call-overload]

    def stretches_of(self, entries: tuple[Certificate, ...]) -> _Stretches:
        """The stretches of a certificate whose entries in the list are ``entries``."""
        if not entries:
            return _UNKNOWN
        points, found = _stretch_codes(entries)
        codes = self._shapes.get(found)
        if codes is None:
            codes = self._shapes[found] = tuple(
                ACCEPTED if code == "valid" else code for code in found
            )
        return points, codes

    def _registry(self) -> CertificateRegistry:
        registry = self.registry()
        if registry is None:  # pragma: no cover - the caller holds the registry
            raise ReferenceError("certificate registry is gone")
        return registry


#: ``(points, codes)``: a certificate's stretches between the days its answer changes.
_Stretches = tuple[tuple[_dt.date, ...], tuple[Verdict | str, ...]]
#: Refusal verdicts a certificate cache keeps before it starts afresh.
_VERDICTS_KEPT: Final = 50_000
#: The stretches of a certificate the list does not hold (any day).
_UNKNOWN: Final[_Stretches] = ((), ("unknown-certificate",))


class _Reason:
    """Why a certificate was not valid on a day, built when it is first asked for.

    A cached refusal keeps the certificate's entries (the list's own tuple,
    shared, not copied) and the day instead of its message: the message names
    the certificate and its dates, and thousands of them would be kept for
    the few that become examples.
    """

    __slots__ = ("day", "entries", "ref")

    def __init__(
        self, ref: CertificateRef, entries: tuple[Certificate, ...], day: _dt.date
    ) -> None:
        self.ref = ref
        self.entries = entries
        self.day = day

    def __call__(self) -> Message:
        reason = check_entries(self.ref, self.entries, self.day).reason
        return reason or Message.of(N_("certificate not valid on the purchase date"))


# By id() of the registry, for a plain dict look-up per purchase; an entry is
# dropped when its registry is garbage collected.
_CHECKS: Final[dict[int, _Checks]] = {}


def _checks(registry: CertificateRegistry) -> _Checks:
    found = _CHECKS.get(id(registry))
    if found is None or found.registry() is not registry:
        found = _CHECKS[id(registry)] = _Checks(registry)
        weakref.finalize(registry, _CHECKS.pop, id(registry), None)
    return found


@eligibility(
    "kr.eligibility.valid-certificate",
    description=N_(
        "The purchase claims a certificate of a counting scheme that is valid on the purchase"
        " date (not expired, revoked, cancelled, given up or not yet valid)."
    ),
    schemes=DEFAULT_COUNTING_SCHEMES,
)
def valid_certificate(purchase: Purchase, context: Context, *, schemes: Collection[str]) -> Verdict:
    """Accept a purchase with a valid certificate of a counting scheme."""
    claims = purchase.certificates
    if not claims:
        return _NO_CLAIM
    checks = _checks(context.certificates)
    day = purchase.date
    first: Verdict | None = None
    for claim in claims:
        if claim.scheme in schemes:
            verdict = checks.verdict(claim, day)
            if verdict is ACCEPTED:
                return ACCEPTED
            if first is None:
                first = verdict  # the first counting claim's reason is the one reported
    if first is None:
        claimed = tuple(sorted({claim.scheme for claim in claims}))
        return Verdict.refuse(
            "non-counting-scheme", functools.partial(_non_counting, claimed, tuple(schemes))
        )
    return first


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


@functools.lru_cache(maxsize=32)
def _folded(categories: Any) -> frozenset[str]:
    return frozenset(_fold(item) for item in categories)


@eligibility(
    "kr.eligibility.green-product-exists",
    description=N_(
        "Only items for which a green product exists are inside the measure; purchases of"
        " other items are outside it (neither green nor in the total). With no item list,"
        " every item is inside."
    ),
    categories=None,
)
def green_product_exists(
    purchase: Purchase, context: Context, *, categories: Collection[str] | None
) -> Verdict:
    """Exclude purchases of items for which no green product exists."""
    if categories is None or _fold(purchase.category) in _folded(cast(Hashable, categories)):
        return ACCEPTED
    return Verdict.exclude(
        "no-green-product",
        Message.of(
            N_("no green product exists for the item {category!r}: outside the measure"),
            category=purchase.category,
        ),
    )


# -- valuation --------------------------------------------------------------------


@valuation_rule(
    "core.valuation.full-amount", description=N_("A counted purchase counts at its full amount.")
)
def full_amount(purchase: Purchase, context: Context) -> Money:
    """The purchase's full amount."""
    return purchase.amount


# The evaluation recognises this marker and adds the amount without a call.
full_amount.function.full_amount = True  # type: ignore[attr-defined]


# -- targets ----------------------------------------------------------------------


@target(
    "core.target.explicit",
    description=N_(
        "An explicit target (a target file, the programme's published list) is used as given"
        " and overrides any derived one."
    ),
)
def explicit_target(jurisdiction: str, year: int, context: Context) -> Target | None:
    """The explicit target of the jurisdiction for the year, if one was given."""
    return context.targets.get((jurisdiction, year))


@target(
    "kr.target.previous-year-growth",
    description=N_(
        "The target for a year is the previous year's counted green amount × the growth"
        " factor (1.10: +10%), rounded half up to the currency unit."
    ),
    growth=Decimal("1.10"),
)
def previous_year_growth(
    jurisdiction: str, year: int, context: Context, *, growth: Decimal
) -> Target | None:
    """Previous year's counted amount × growth."""
    baseline = context.baseline
    if baseline is None or baseline.year != year - 1:
        return None
    base = baseline.get(jurisdiction)
    if base is None or base.minor_units <= 0:
        return None
    if baseline.source == LEDGER_BASELINE:
        basis = Message.of(
            N_("{year} counted amount {amount} × {growth}"),
            year=baseline.year,
            amount=base,
            growth=growth,
        )
    else:
        basis = Message.of(
            N_("{year} baseline amount {amount} × {growth}"),
            year=baseline.year,
            amount=base,
            growth=growth,
        )
    return Target.of_amount(
        jurisdiction, year, base * growth, source=TargetSource.DERIVED, basis=basis
    )


# -- statuses ---------------------------------------------------------------------


def _no_target(row: AttainmentRow) -> Status:
    return Status.NO_TARGET.because(
        N_("no target for {year}: no explicit target and no previous-year amount"),
        year=row.year,
    )


def _no_share(row: AttainmentRow) -> Status:
    return Status.BEHIND.because(
        N_("no purchase inside the measure in {year}, so there is no green share"),
        year=row.year,
    )


@status(
    "kr.status.pro-rata",
    description=N_(
        "Achieved at 100% of the target or more; on track at or above the period's share of"
        " the year (75% for January–September); behind below it; no target without one."
        " Attainment and pace are compared as shown: in percent rounded half up to the"
        " parameter places (default 1; None: exact)."
    ),
    places=1,
)
def pro_rata(row: AttainmentRow, context: Context, *, places: int | None) -> Status:
    """Achieved, on track or behind against the period's share of the year."""
    if row.target is None:
        return _no_target(row)
    attainment = row.attainment
    if attainment is None:
        return _no_share(row)
    shown = _percent(attainment, places)
    at = _at(attainment, places)
    if at >= 100:
        return Status.ACHIEVED.because(
            N_("attainment {attainment} reached 100% of the target"), attainment=shown
        )
    pace = _percent(row.share_of_year, places)
    if at >= _at(row.share_of_year, places):
        return Status.ON_TRACK.because(
            N_("attainment {attainment} is at least {pace}, the share of the year {period} covers"),
            attainment=shown,
            pace=pace,
            period=str(context.period),
        )
    return Status.BEHIND.because(
        N_("attainment {attainment} is below {pace}, the share of the year {period} covers"),
        attainment=shown,
        pace=pace,
        period=str(context.period),
    )


@status(
    "kr.status.target-reached",
    description=N_(
        "Achieved when the target is reached (a green share at or above the target rate, or"
        " 100% of a target amount); behind otherwise; no target without one. Attainment is"
        " compared as shown: in percent rounded half up to the parameter places (default 1;"
        " None: exact)."
    ),
    places=1,
)
def target_reached(row: AttainmentRow, context: Context, *, places: int | None) -> Status:
    """Achieved or behind, with no allowance for the part of the year gone."""
    target_ = row.target
    if target_ is None:
        return _no_target(row)
    attainment = row.attainment
    if attainment is None:
        return _no_share(row)
    reached = _at(attainment, places) >= 100
    if target_.rate is not None and row.share is not None:
        params: dict[str, Any] = {
            "share": _percent(row.share, places),
            "rate": _percent(target_.rate, places),
            "attainment": _percent(attainment, places),
        }
        if reached:
            return Status.ACHIEVED.because(
                N_("green share {share} reached the target rate {rate} ({attainment})"), **params
            )
        return Status.BEHIND.because(
            N_("green share {share} is below the target rate {rate} ({attainment})"), **params
        )
    shown = _percent(attainment, places)
    if reached:
        return Status.ACHIEVED.because(
            N_("attainment {attainment} reached 100% of the target"), attainment=shown
        )
    return Status.BEHIND.because(
        N_("attainment {attainment} is below 100% of the target"), attainment=shown
    )


# -- scores -----------------------------------------------------------------------


@score(
    "core.score.attainment",
    description=N_(
        "Rows rank by attainment in percent rounded half up to the published precision"
        " (parameter places, default 1: 62.04% and 61.95% both rank as 62.0% and share a"
        " rank); places=None ranks on the exact value."
    ),
    places=1,
)
def attainment_score(row: AttainmentRow, context: Context, *, places: int | None) -> Score | None:
    """Attainment in percent, rounded half up to ``places`` decimals (None: exact)."""
    attainment = row.attainment
    if attainment is None:
        return None
    percent = attainment * 100
    if places is None:
        return percent
    return round_half_up(percent, places)


# -- rule sets --------------------------------------------------------------------

#: ``core.eligibility.currency``: refuses a purchase in another currency than the set's.
SAME_CURRENCY: Final[Rule] = same_currency
#: ``core.eligibility.known-buyer``: refuses a buyer the jurisdiction registry does not know.
KNOWN_BUYER: Final[Rule] = known_buyer
#: ``kr.eligibility.valid-certificate``: accepts a purchase with a certificate of a
#: counting scheme valid on the purchase date.
VALID_CERTIFICATE: Final[Rule] = valid_certificate
#: ``kr.eligibility.green-product-exists``: excludes items for which no green product
#: exists (outside the measure).
GREEN_PRODUCT_EXISTS: Final[Rule] = green_product_exists
#: ``core.valuation.full-amount``: a counted purchase counts at its full amount.
FULL_AMOUNT: Final[Rule] = full_amount
#: ``core.target.explicit``: an explicit target, used as given.
EXPLICIT_TARGET: Final[Rule] = explicit_target
#: ``kr.target.previous-year-growth``: the previous year's counted amount × growth (1.10).
PREVIOUS_YEAR_GROWTH: Final[Rule] = previous_year_growth
#: ``kr.status.pro-rata``: achieved, on track (at the period's share of the year) or behind,
#: decided at the precision shown (parameter ``places``, default 1).
PRO_RATA_STATUS: Final[Rule] = pro_rata
#: ``kr.status.target-reached``: achieved or behind, with no pro-rata allowance.
TARGET_REACHED_STATUS: Final[Rule] = target_reached
#: ``core.score.attainment``: ranks by attainment in percent at the published precision.
ATTAINMENT_SCORE: Final[Rule] = attainment_score

#: ``kr-priority-cities@2022``: attainment of a target amount (previous year + 10%).
KR_PRIORITY_CITIES_2022: Final = RuleSet(
    "kr-priority-cities",
    "2022",
    (
        SAME_CURRENCY,
        KNOWN_BUYER,
        VALID_CERTIFICATE,
        FULL_AMOUNT,
        EXPLICIT_TARGET,
        PREVIOUS_YEAR_GROWTH,
        PRO_RATA_STATUS,
        ATTAINMENT_SCORE,
    ),
    currency="KRW",
    description=Message.of(
        N_(
            "Green Purchasing Priority City programme, 2022: counted green amount against a"
            " target of the previous year's amount + 10%"
        )
    ),
)

#: ``kr-green-share@2019``: green share of items with a green product, against a target rate.
KR_GREEN_SHARE_2019: Final = RuleSet(
    "kr-green-share",
    "2019",
    (
        SAME_CURRENCY,
        KNOWN_BUYER,
        GREEN_PRODUCT_EXISTS,
        VALID_CERTIFICATE.with_parameters(schemes=("kr-eco-label", "kr-gr")),
        FULL_AMOUNT,
        EXPLICIT_TARGET,
        TARGET_REACHED_STATUS,
        ATTAINMENT_SCORE,
    ),
    currency="KRW",
    description=Message.of(
        N_(
            "National evaluation of green purchasing: green share of the items for which a"
            " green product exists, against a target rate"
        )
    ),
)

#: The built-in rule sets by ``"name@version"``.
BUILTIN_RULESETS: Final = {str(s): s for s in (KR_PRIORITY_CITIES_2022, KR_GREEN_SHARE_2019)}

#: The built-in rules by id.
BUILTIN_RULES: Final = {
    r.id: r
    for r in (
        SAME_CURRENCY,
        KNOWN_BUYER,
        VALID_CERTIFICATE,
        GREEN_PRODUCT_EXISTS,
        FULL_AMOUNT,
        EXPLICIT_TARGET,
        PREVIOUS_YEAR_GROWTH,
        PRO_RATA_STATUS,
        TARGET_REACHED_STATUS,
        ATTAINMENT_SCORE,
    )
}
