"""The evaluation loop with the built-in eligibility rules inlined equals the general loop.

``evaluate`` inlines the built-in currency, known-buyer, green-product and
certificate rules when a rule set's eligibility stage is made of them only
(and valuation is the full amount). The same rule set with its eligibility
rules wrapped in plain functions — the same ids, descriptions and
parameters — takes the general loop; both must give identical rows, totals,
tallies and explanations.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from greenprocure import AttainmentReport, Money, Period, evaluate
from greenprocure.certifications import Certificate, CertificateRegistry, CertificateStatus
from greenprocure.evaluation import _plan
from greenprocure.jurisdictions import korea
from greenprocure.purchases import Purchase
from greenprocure.rules import (
    KR_GREEN_SHARE_2019,
    KR_PRIORITY_CITIES_2022,
    Context,
    RuleSet,
    Stage,
    Verdict,
    eligibility,
)

PERIOD = Period(2022, 1, 9)
# Known metro and basic governments, and one code no registry knows.
BUYERS = ("1100000000", "2600000000", "4800000000", "4812000000", "9900000000")
SCHEMES = ("kr-eco-label", "kr-gr", "kr-low-carbon", "eu-ecolabel")
NUMBERS = tuple(f"N{index}" for index in range(8))
CATEGORIES = ("복사용지", "레미콘", "토너")
GREEN_SHARE = KR_GREEN_SHARE_2019.with_parameters(
    "kr.eligibility.green-product-exists", categories=("복사용지", "토너")
)


def wrapped(ruleset: RuleSet) -> RuleSet:
    """The same rule set with every eligibility rule behind a plain wrapper function."""

    def wrap(function: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(purchase: Purchase, context: Context, **parameters: Any) -> Any:
            return function(purchase, context, **parameters)

        return wrapper

    rules = [
        attrs.evolve(rule, function=wrap(rule.function))
        for rule in ruleset.rules
        if rule.stage is Stage.ELIGIBILITY
    ]
    return ruleset.replace(*rules)


days = st.integers(0, 6 * 365).map(lambda d: dt.date(2019, 1, 1) + dt.timedelta(days=d))


@st.composite
def certificate_lists(draw: st.DrawFn) -> CertificateRegistry:
    """Certificates valid, expired, not yet valid, revoked, cancelled or given up."""
    items = []
    for scheme in SCHEMES:
        for number in draw(st.lists(st.sampled_from(NUMBERS), unique=True, max_size=6)):
            start = draw(days)
            end = start + dt.timedelta(days=draw(st.integers(0, 3 * 365)))
            certificate = Certificate(scheme, number, start, end)
            status = draw(st.sampled_from(list(CertificateStatus)))
            if status is not CertificateStatus.ACTIVE:
                certificate = certificate.with_status(status, draw(st.none() | days))
            items.append(certificate)
    return CertificateRegistry(items)


@st.composite
def ledgers(draw: st.DrawFn) -> list[Purchase]:
    """Purchases of 2019–2024 in KRW, EUR or USD, refunds, claims of every kind, any id order."""
    count = draw(st.integers(0, 60))
    ids = draw(st.lists(st.integers(0, 10**6), min_size=count, max_size=count, unique=True))
    ledger = []
    for index in ids:
        refund = draw(st.integers(0, 9)) == 0
        won = draw(st.integers(0, 10**9))
        currency = draw(st.sampled_from(["KRW"] * 12 + ["EUR", "USD"]))
        claims = draw(
            st.lists(st.tuples(st.sampled_from(SCHEMES), st.sampled_from(NUMBERS)), max_size=3)
        )
        ledger.append(
            Purchase(
                f"P{index:07d}",
                draw(st.sampled_from(BUYERS)),
                draw(days),
                draw(st.sampled_from(CATEGORIES)),
                Money.from_minor_units(-won if refund else won, currency),
                certificates=claims,
                refund=refund,
            )
        )
    return ledger


def assert_same(inlined: AttainmentReport, general: AttainmentReport) -> None:
    assert inlined.rows == general.rows
    assert inlined.totals == general.totals
    assert inlined._state == general._state
    for code in inlined.jurisdictions:
        assert inlined.explain(code) == general.explain(code)


def test_the_built_in_rule_sets_take_the_inlined_loop_and_wrapped_ones_do_not() -> None:
    for ruleset in (KR_PRIORITY_CITIES_2022, KR_GREEN_SHARE_2019, GREEN_SHARE):
        assert _plan(ruleset.compile()) is not None
        assert _plan(wrapped(ruleset).compile()) is None

    @eligibility("test.anything")
    def anything(purchase: Purchase, context: Context) -> Verdict:
        return Verdict.accept()

    custom = KR_PRIORITY_CITIES_2022.with_rules(anything)
    assert _plan(custom.compile()) is None
    # The built-in rules in another order than the inlined one: the general loop.
    reordered = attrs.evolve(
        KR_PRIORITY_CITIES_2022,
        rules=(
            KR_PRIORITY_CITIES_2022.get("kr.eligibility.valid-certificate"),
            KR_PRIORITY_CITIES_2022.get("core.eligibility.currency"),
        ),
    )
    assert _plan(reordered.compile()) is None
    without_currency = KR_PRIORITY_CITIES_2022.without("core.eligibility.currency")
    assert _plan(without_currency.compile()) is not None


@settings(max_examples=150, deadline=None)
@given(
    ledgers(),
    certificate_lists(),
    st.sampled_from(
        [
            KR_PRIORITY_CITIES_2022,
            GREEN_SHARE,
            KR_PRIORITY_CITIES_2022.without("core.eligibility.currency"),
            KR_PRIORITY_CITIES_2022.with_parameters(
                "kr.eligibility.valid-certificate", schemes=("eu-ecolabel",)
            ),
        ]
    ),
    st.booleans(),
)
def test_the_inlined_loop_equals_the_general_loop(
    ledger: list[Purchase], certificates: CertificateRegistry, ruleset: RuleSet, registry: bool
) -> None:
    options: dict[str, Any] = {"period": PERIOD, "certificates": certificates}
    if registry:
        options["registry"] = korea()
    inlined = evaluate(iter(ledger), ruleset, **options)
    general = evaluate(iter(ledger), wrapped(ruleset), **options)
    assert_same(inlined, general)


def test_a_refusal_example_is_the_smallest_id_with_its_own_message() -> None:
    day = dt.date(2022, 3, 1)
    ledger = [
        Purchase(
            pid, "1100000000", day, "토너", Money.from_minor_units(won, currency), certificates=c
        )
        for pid, won, currency, c in [
            ("b", 300, "EUR", ()),
            ("a", 200, "EUR", ()),
            ("d", 5, "KRW", [("eu-ecolabel", "N1")]),
            ("c", 7, "KRW", [("eu-ecolabel", "N1"), ("kr-bogus", "N2")]),
        ]
    ]
    report = evaluate(ledger, KR_PRIORITY_CITIES_2022, period=PERIOD)
    assert_same(report, evaluate(ledger, wrapped(KR_PRIORITY_CITIES_2022), period=PERIOD))
    reasons = {
        (reason.rule_id, reason.code): reason
        for rule in report.explain("1100000000").period.rules
        for reason in rule.reasons
    }
    currency = reasons["core.eligibility.currency", "currency-mismatch"]
    assert (currency.count, currency.example_purchase) == (2, "a")
    assert "2.00" in currency.example.render("en")
    schemes = reasons["kr.eligibility.valid-certificate", "non-counting-scheme"]
    assert (schemes.count, schemes.example_purchase) == (2, "c")
    assert "eu-ecolabel, kr-bogus" in schemes.example.render("en")
