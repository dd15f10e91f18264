"""The rules engine: rules, verdicts, statuses, rule sets and the built-in rules."""

from __future__ import annotations

import datetime as dt
import pickle
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, invariant, precondition, rule

from greenprocure import Money, Period
from greenprocure.certifications import Certificate, CertificateRegistry, CertificateStatus
from greenprocure.errors import CurrencyError, RuleError, RuleSetError
from greenprocure.i18n import Message
from greenprocure.purchases import Purchase
from greenprocure.rules import (
    KR_GREEN_SHARE_2019,
    KR_PRIORITY_CITIES_2022,
    AttainmentRow,
    Context,
    Parameters,
    Rule,
    RuleSet,
    Stage,
    Status,
    Verdict,
    VerdictKind,
    builtin,
    eligibility,
    score,
    status,
    target,
    valuation,
)
from greenprocure.rules.core import ACCEPTED
from greenprocure.targets import Baseline, Target, TargetSource

JAN_SEP = Period(2022, 1, 9)
CODE = "4800000000"


def purchase(
    claims: Any = (), *, day: dt.date = dt.date(2022, 3, 1), won: int = 1000, **more: Any
) -> Purchase:
    values: dict[str, Any] = {
        "id": "p1",
        "buyer": CODE,
        "date": day,
        "category": "복사용지",
        "amount": Money.krw(won),
        "certificates": claims,
    }
    values.update(more)
    return Purchase(**values)


# -- module-level rules, so that they pickle ---------------------------------------


@eligibility("test.exclude-small", minimum=Money.krw(10_000))
def exclude_small(p: Purchase, context: Context, *, minimum: Money) -> Verdict:
    """Purchases below a minimum do not count."""
    if p.amount < minimum:
        return Verdict.refuse("too-small", "below {minimum}", minimum=minimum)
    return Verdict.accept()


@valuation("test.half")
def half(p: Purchase, context: Context) -> Money:
    """Half of the amount counts."""
    return p.amount / 2


@eligibility("test.boom")
def boom(p: Purchase, context: Context) -> Verdict:
    """Always fails."""
    raise ZeroDivisionError("deliberate")


@eligibility("test.wrong-answer")
def wrong_answer(p: Purchase, context: Context) -> Verdict:
    """Answers with something that is not a Verdict."""
    return True  # type: ignore[return-value]


# -- verdicts ---------------------------------------------------------------------


def test_verdicts_carry_a_code_and_a_readable_reason() -> None:
    assert Verdict.accept() is ACCEPTED
    assert Verdict.accept().accepted
    no = Verdict.refuse("expired", "certificate {number} expired", number="16052")
    assert (no.kind, no.code, no.accepted) == (VerdictKind.REFUSE, "expired", False)
    assert no.reason == Message.of("certificate {number} expired", number="16052")
    assert no.reason is not None
    assert no.reason.render("en") == "certificate 16052 expired"
    out = Verdict.exclude("no-green-product", Message.of("outside"))
    assert out.kind is VerdictKind.EXCLUDE
    assert repr(no) == "Verdict.refuse('expired', 'certificate 16052 expired')"


def test_a_lazy_reason_is_built_once_and_only_when_asked() -> None:
    calls: list[int] = []

    def build() -> Message:
        calls.append(1)
        return Message.of("built")

    verdict = Verdict.refuse("lazy", build)
    assert calls == []
    assert verdict.reason == Message.of("built")
    assert verdict.reason == Message.of("built")
    assert calls == [1]


@pytest.mark.parametrize("code", ["", None, 3])
def test_a_refusal_needs_a_reason_code(code: Any) -> None:
    with pytest.raises(RuleSetError):
        Verdict.refuse(code, "no")


def test_placeholders_need_a_message_id() -> None:
    with pytest.raises(RuleSetError):
        Verdict.refuse("x", Message.of("no"), value=1)


def test_verdicts_are_immutable_equal_by_value_and_pickle() -> None:
    verdict = Verdict.refuse("expired", "expired on {date}", date=dt.date(2022, 1, 1))
    with pytest.raises(AttributeError):
        verdict.code = "other"  # type: ignore[misc]
    assert verdict == Verdict.refuse("expired", "expired on {date}", date=dt.date(2022, 1, 1))
    assert verdict != Verdict.refuse("expired", "other")
    assert pickle.loads(pickle.dumps(verdict)) == verdict
    assert pickle.loads(pickle.dumps(Verdict.accept())).accepted


# -- statuses ---------------------------------------------------------------------


def test_statuses_are_extensible_translatable_and_compare_by_code() -> None:
    assert [s.label.render("ko") for s in (Status.ACHIEVED, Status.ON_TRACK, Status.BEHIND)] == [
        "달성",
        "순항",
        "미달",
    ]
    assert Status.NO_TARGET.label.render("ko") == "목표 없음"
    assert Status.NO_TARGET.label.render("en") == "no target"
    because = Status.BEHIND.because("below {pace}", pace="75.0%")
    assert because == Status.BEHIND
    assert because.reason is not None
    assert because.reason.render("en") == "below 75.0%"
    at_risk = Status("at-risk", "at risk")
    assert at_risk.label.render("ko") == "at risk"  # a user's own label, untranslated
    assert hash(at_risk) == hash(Status("at-risk", "renamed"))
    assert Status.from_code("on-track") is Status.ON_TRACK
    assert Status.from_code("at-risk") == at_risk
    with pytest.raises(RuleSetError):
        Status("At Risk", "bad code")


# -- parameters and rules ---------------------------------------------------------


def test_parameters_are_frozen_hashable_and_pickle() -> None:
    params = Parameters({"schemes": ["a", "b"], "names": {"x"}, "nested": {"k": [1]}})
    assert params["schemes"] == ("a", "b")
    assert params["names"] == frozenset({"x"})
    assert params["nested"] == Parameters(k=(1,))
    assert hash(params) == hash(Parameters(dict(params)))
    assert pickle.loads(pickle.dumps(params)) == params
    with pytest.raises(AttributeError):
        params.schemes = ()  # type: ignore[attr-defined]
    with pytest.raises(RuleSetError):
        Parameters({"not an identifier": 1})


def test_decorators_return_rules_with_description_and_parameters() -> None:
    assert isinstance(exclude_small, Rule)
    assert exclude_small.stage is Stage.ELIGIBILITY
    assert exclude_small.description.render("en") == "Purchases below a minimum do not count."
    assert exclude_small.parameters == {"minimum": Money.krw(10_000)}
    assert exclude_small(purchase(won=500), Context(JAN_SEP)).code == "too-small"
    assert exclude_small(purchase(won=50_000), Context(JAN_SEP)).accepted
    lower = exclude_small.with_parameters(minimum=Money.krw(100))
    assert lower(purchase(won=500), Context(JAN_SEP)).accepted
    assert exclude_small.parameters["minimum"] == Money.krw(10_000)  # unchanged
    assert half.stage is Stage.VALUATION
    assert (
        repr(exclude_small)
        == "Rule('test.exclude-small', eligibility, minimum=Money('10000', 'KRW'))"
    )


def test_redefining_a_rule_id_is_allowed_because_nothing_is_registered() -> None:
    @eligibility("test.exclude-small")
    def again(p: Purchase, context: Context) -> Verdict:
        """Another rule with the same id."""
        return Verdict.accept()

    assert again.id == exclude_small.id
    assert again != exclude_small


@pytest.mark.parametrize("bad_id", ["", "has space", ".leading", "trailing.", "a..b", "1abc"])
def test_rule_ids_are_dotted_names(bad_id: str) -> None:
    with pytest.raises(RuleSetError):
        Rule(bad_id, "eligibility", "x", lambda p, c: ACCEPTED)


def test_an_unknown_stage_is_an_error() -> None:
    with pytest.raises(RuleSetError, match="unknown rule stage 'weighting'"):
        Rule("test.x", "weighting", "x", lambda p, c: ACCEPTED)


def test_a_function_must_fit_its_stage_and_parameters() -> None:
    with pytest.raises(RuleSetError, match="cannot be called as a target rule"):
        Rule("test.x", Stage.TARGET, "x", lambda p, c: None)
    with pytest.raises(RuleSetError, match="limit"):
        Rule("test.x", Stage.ELIGIBILITY, "x", lambda p, c: ACCEPTED, {"limit": 1})
    with pytest.raises(RuleSetError, match="has no parameter typo"):
        exclude_small.with_parameters(typo=1)


def test_module_level_rules_pickle_by_reference() -> None:
    for item in (exclude_small, half, builtin.PREVIOUS_YEAR_GROWTH, builtin.VALID_CERTIFICATE):
        copy = pickle.loads(pickle.dumps(item))
        assert copy == item
        assert copy.function is item.function
    changed = builtin.PREVIOUS_YEAR_GROWTH.with_parameters(growth=Decimal("1.05"))
    assert pickle.loads(pickle.dumps(changed)) == changed


# -- rule sets --------------------------------------------------------------------


def test_rule_sets_keep_stage_order_and_name_at_version() -> None:
    assert str(KR_PRIORITY_CITIES_2022) == "kr-priority-cities@2022"
    stages = [item.stage.order for item in KR_PRIORITY_CITIES_2022]
    assert stages == sorted(stages)
    mixed = RuleSet("mixed", "1", (builtin.ATTAINMENT_SCORE, half, exclude_small))
    assert mixed.ids == ("test.exclude-small", "test.half", "core.score.attainment")
    assert repr(mixed) == "RuleSet('mixed@1', 3 rules)"


def test_rule_set_validation() -> None:
    with pytest.raises(RuleSetError, match="appears twice"):
        RuleSet("x", "1", (exclude_small, exclude_small.with_parameters(minimum=Money.krw(1))))
    with pytest.raises(RuleSetError, match="is not a Rule"):
        RuleSet("x", "1", ("kr.eligibility.valid-certificate",))  # type: ignore[arg-type]
    with pytest.raises(RuleSetError):
        RuleSet("with@at", "1", ())
    with pytest.raises(RuleSetError):
        RuleSet("x", "", ())
    with pytest.raises(CurrencyError):
        RuleSet("x", "1", (), currency="XYZ")
    with pytest.raises(RuleSetError, match="has no rule 'nope'"):
        KR_PRIORITY_CITIES_2022.without("nope")


def test_rule_set_composition() -> None:
    base = KR_PRIORITY_CITIES_2022
    more = base.with_rules(exclude_small)
    assert more.stage("eligibility")[-1] is exclude_small
    assert more.without("test.exclude-small") == base
    first = base.with_rules(exclude_small, before="core.eligibility.currency")
    assert first.ids[0] == "test.exclude-small"
    with pytest.raises(RuleSetError, match="cannot go before"):
        base.with_rules(half, before="core.eligibility.currency")
    with pytest.raises(RuleSetError, match="appears twice"):
        more.with_rules(exclude_small)
    faster = base.with_parameters("kr.target.previous-year-growth", growth=Decimal("1.05"))
    assert faster != base
    assert faster.ids == base.ids
    assert faster.get("kr.target.previous-year-growth").parameters["growth"] == Decimal("1.05")
    replaced = base.replace(half.renamed("core.valuation.full-amount"))
    assert replaced.get("core.valuation.full-amount").function is half.function
    with pytest.raises(RuleSetError, match="its replacement is a valuation rule"):
        base.replace(half.renamed("core.eligibility.currency"))
    assert base.named("acme", "2").rules == base.rules
    assert "core.target.explicit" in base
    assert builtin.FULL_AMOUNT in base
    assert len({base, pickle.loads(pickle.dumps(base)), faster}) == 2


def test_explain_gives_every_rules_verdict_for_one_purchase() -> None:
    ruleset = KR_PRIORITY_CITIES_2022.with_rules(exclude_small)
    explanation = ruleset.explain(purchase(won=500), Context(JAN_SEP))
    codes = {v.rule_id: v.verdict.code for v in explanation.verdicts}
    assert codes == {
        "core.eligibility.currency": "",
        "core.eligibility.known-buyer": "",
        "kr.eligibility.valid-certificate": "no-certificate",
        "test.exclude-small": "too-small",
    }
    assert explanation.decided_by == "kr.eligibility.valid-certificate"
    assert explanation.verdict.code == "no-certificate"
    assert not explanation.counted
    assert explanation.value is None
    registry = CertificateRegistry(
        [Certificate("kr-gr", "G1", dt.date(2021, 1, 1), dt.date(2023, 12, 31))]
    )
    counted = KR_PRIORITY_CITIES_2022.replace(half.renamed("core.valuation.full-amount")).explain(
        purchase([("kr-gr", "G1")], won=1001), Context(JAN_SEP, certificates=registry)
    )
    assert counted.counted
    assert counted.value == Money.krw(501)  # 500.5 rounded half up
    assert counted.valued_by == "core.valuation.full-amount"
    assert counted.verdict.accepted


def test_a_purchase_in_another_currency_is_refused_even_without_the_currency_rule() -> None:
    registry = CertificateRegistry(
        [Certificate("kr-gr", "G1", dt.date(2021, 1, 1), dt.date(2023, 12, 31))]
    )
    euro = purchase([("kr-gr", "G1")], amount=Money("12.50", "EUR"))
    ctx = Context(JAN_SEP, certificates=registry)
    full = KR_PRIORITY_CITIES_2022.explain(euro, ctx)
    assert (full.decided_by, full.verdict.code) == (
        "core.eligibility.currency",
        "currency-mismatch",
    )
    bare = KR_PRIORITY_CITIES_2022.without("core.eligibility.currency").explain(euro, ctx)
    assert (bare.decided_by, bare.verdict.code) == ("greenprocure.currency", "currency-mismatch")
    assert bare.verdict.reason is not None
    assert "EUR" in bare.verdict.reason.render("en")


def test_a_rule_that_raises_becomes_a_rule_error_naming_rule_and_purchase() -> None:
    compiled = KR_PRIORITY_CITIES_2022.with_rules(
        boom, before="core.eligibility.currency"
    ).compile()
    with pytest.raises(RuleError) as caught:
        compiled.check(purchase(id="2022-000123"), Context(JAN_SEP))
    error = caught.value
    assert error.params["rule"] == "test.boom"
    assert error.params["purchase"] == "2022-000123"
    assert "test.boom" in str(error)
    assert "2022-000123" in str(error)
    assert isinstance(error.__cause__, ZeroDivisionError)
    wrong = RuleSet("w", "1", (wrong_answer,)).compile()
    with pytest.raises(RuleError, match="not a Verdict"):
        wrong.check(purchase(), Context(JAN_SEP))


# -- a state machine over rule-set composition --------------------------------------

_POOL = [
    *builtin.BUILTIN_RULES.values(),
    exclude_small,
    half,
    exclude_small.renamed("test.exclude-tiny").with_parameters(minimum=Money.krw(10)),
]


class RuleSetMachine(RuleBasedStateMachine):
    """Adding and removing rules keeps the set valid and equal to a simple model."""

    def __init__(self) -> None:
        super().__init__()
        self.ruleset = RuleSet("machine", "1", ())
        self.model: list[Rule] = []

    added = Bundle("added")

    @rule(target=added, item=st.sampled_from(_POOL))
    def add(self, item: Rule) -> str:
        if any(r.id == item.id for r in self.model):
            with pytest.raises(RuleSetError):
                self.ruleset.with_rules(item)
        else:
            self.ruleset = self.ruleset.with_rules(item)
            self.model.append(item)
        return item.id

    @rule(rule_id=added)
    def remove(self, rule_id: str) -> None:
        if any(r.id == rule_id for r in self.model):
            self.ruleset = self.ruleset.without(rule_id)
            self.model = [r for r in self.model if r.id != rule_id]
        else:
            with pytest.raises(RuleSetError):
                self.ruleset.without(rule_id)

    @precondition(lambda self: bool(self.model))
    @rule(data=st.data())
    def change_a_parameter(self, data: st.DataObject) -> None:
        candidates = [r for r in self.model if "minimum" in r.parameters]
        if not candidates:
            return
        item = data.draw(st.sampled_from(candidates))
        won = data.draw(st.integers(0, 10**6))
        self.ruleset = self.ruleset.with_parameters(item.id, minimum=Money.krw(won))
        self.model = [
            r.with_parameters(minimum=Money.krw(won)) if r.id == item.id else r for r in self.model
        ]

    @invariant()
    def matches_the_model(self) -> None:
        expected = sorted(self.model, key=lambda r: r.stage.order)  # stable: insertion order
        assert list(self.ruleset.rules) == expected
        assert len(set(self.ruleset.ids)) == len(self.ruleset)
        assert self.ruleset == RuleSet("machine", "1", self.model)
        assert pickle.loads(pickle.dumps(self.ruleset)) == self.ruleset


TestRuleSetMachine = RuleSetMachine.TestCase


# -- built-in rules ---------------------------------------------------------------

START = dt.date(2021, 1, 1)
UNTIL = dt.date(2022, 12, 31)
STATUSES = [
    None,
    CertificateStatus.REVOKED,
    CertificateStatus.CANCELLED,
    CertificateStatus.GIVEN_UP,
    CertificateStatus.EXPIRED,
]


@st.composite
def certificate_lists(draw: st.DrawFn) -> CertificateRegistry:
    items = []
    for number in ("A", "B"):
        for _ in range(draw(st.integers(0, 2))):
            start = START + dt.timedelta(days=draw(st.integers(0, 600)))
            until = draw(
                st.none() | st.integers(0, 900).map(lambda d, s=start: s + dt.timedelta(d))
            )
            certificate = Certificate("kr-eco-label", number, start, until, holder=number)
            state = draw(st.sampled_from(STATUSES))
            if state is not None:
                when = draw(
                    st.none() | st.integers(0, 900).map(lambda d, s=start: s + dt.timedelta(d))
                )
                certificate = certificate.with_status(state, when)
            items.append(certificate)
    return CertificateRegistry(items)


@given(
    registry=certificate_lists(),
    days=st.lists(
        st.integers(0, 1200).map(lambda d: START + dt.timedelta(d)), min_size=1, max_size=8
    ),
    number=st.sampled_from(["A", "B", "C"]),
)
def test_valid_certificate_agrees_with_the_certificate_list_on_every_day(
    registry: CertificateRegistry, days: list[dt.date], number: str
) -> None:
    ctx = Context(JAN_SEP, certificates=registry)
    ref = ("kr-eco-label", number)
    for day in days:  # several days in one list exercise the remembered stretches
        verdict = builtin.VALID_CERTIFICATE(purchase([ref], day=day), ctx)
        check = registry.check(ref, day)
        assert verdict.accepted == check.valid == registry.valid_on(ref, day)
        if not check.valid:
            assert verdict.code == check.code
            assert verdict.reason == check.reason
            assert verdict.code in {
                "unknown-certificate",
                "not-yet-valid",
                "expired",
                "revoked",
                "cancelled",
                "given-up",
            }


def test_valid_certificate_reasons() -> None:
    registry = CertificateRegistry(
        [
            Certificate("kr-eco-label", "OK", dt.date(2021, 1, 1), dt.date(2023, 12, 31)),
            Certificate("kr-eco-label", "OLD", dt.date(2018, 1, 1), dt.date(2020, 12, 31)),
            Certificate(
                "kr-eco-label", "REV", dt.date(2021, 1, 1), dt.date(2023, 12, 31)
            ).with_status(CertificateStatus.REVOKED, dt.date(2022, 2, 1)),
            Certificate("kr-eco-label", "NEW", dt.date(2022, 6, 1), dt.date(2025, 5, 31)),
            Certificate("eu-ecolabel", "EU1", dt.date(2021, 1, 1), dt.date(2025, 5, 31)),
        ]
    )
    ctx = Context(JAN_SEP, certificates=registry)

    def code(*claims: tuple[str, str]) -> str:
        return builtin.VALID_CERTIFICATE(purchase(list(claims)), ctx).code

    assert code() == "no-certificate"
    assert code(("kr-eco-label", "OLD")) == "expired"
    assert code(("kr-eco-label", "REV")) == "revoked"
    assert code(("kr-eco-label", "NEW")) == "not-yet-valid"
    assert code(("kr-eco-label", "NONE")) == "unknown-certificate"
    assert code(("eu-ecolabel", "EU1")) == "non-counting-scheme"
    assert code(("kr-eco-label", "OLD"), ("kr-eco-label", "OK")) == ""  # one valid claim counts
    verdict = builtin.VALID_CERTIFICATE(purchase([("eu-ecolabel", "EU1")]), ctx)
    assert verdict.reason is not None
    assert "eu-ecolabel" in verdict.reason.render("en")
    eu = builtin.VALID_CERTIFICATE.with_parameters(schemes=("eu-ecolabel",))
    assert eu(purchase([("eu-ecolabel", "EU1")]), ctx).accepted


def test_green_product_exists_puts_other_items_outside_the_measure() -> None:
    rule_ = builtin.GREEN_PRODUCT_EXISTS.with_parameters(categories=["복사용지", "LED 조명"])
    ctx = Context(JAN_SEP)
    assert rule_(purchase(category=" 복사용지 "), ctx).accepted
    assert rule_(purchase(category="led  조명"), ctx).accepted
    out = rule_(purchase(category="잡화"), ctx)
    assert (out.kind, out.code) == (VerdictKind.EXCLUDE, "no-green-product")
    assert builtin.GREEN_PRODUCT_EXISTS(purchase(category="잡화"), ctx).accepted  # no list


@given(st.integers(1, 10**13))
def test_the_derived_target_is_previous_year_times_growth_rounded_half_up(minor: int) -> None:
    ctx = Context(JAN_SEP, baseline=Baseline(2021, {CODE: Money.krw(minor)}, "ledger"))
    found = builtin.PREVIOUS_YEAR_GROWTH(CODE, 2022, ctx)
    assert isinstance(found, Target)
    assert found.source is TargetSource.DERIVED
    exact = Fraction(minor * 11, 10)
    expected = int(exact) + (1 if exact - int(exact) >= Fraction(1, 2) else 0)
    assert found.amount == Money.krw(expected)


@pytest.mark.parametrize(
    ("base", "expected"),
    [
        (5, 6),  # 5.5
        (15, 17),  # 16.5: half-even would give 16
        (35, 39),  # 38.5: half-even would give 38
        (1_363_635, 1_499_999),  # 1,499,998.5
        (1_000_000, 1_100_000),
        (4, 4),  # 4.4
        (6, 7),  # 6.6
    ],
)
def test_target_rounding_at_the_half(base: int, expected: int) -> None:
    ctx = Context(JAN_SEP, baseline=Baseline(2021, {CODE: Money.krw(base)}, "ledger"))
    found = builtin.PREVIOUS_YEAR_GROWTH(CODE, 2022, ctx)
    assert found is not None
    assert found.amount == Money.krw(expected)


def test_derived_target_basis_and_explicit_override() -> None:
    base = Baseline(2021, {CODE: Money.krw(1_000_000)}, "ledger")
    ctx = Context(JAN_SEP, baseline=base)
    found = builtin.PREVIOUS_YEAR_GROWTH(CODE, 2022, ctx)
    assert found is not None
    assert found.amount == Money.krw(1_100_000)
    assert found.explanation.render("en") == "2021 counted amount ₩1,000,000 × 1.10"
    assert found.explanation.render("ko") == "2021년 녹색제품 구매 인정액 1,000,000원 × 1.10"
    given_ = Context(JAN_SEP, baseline=Baseline(2021, {CODE: Money.krw(1_000_000)}, "file"))
    other = builtin.PREVIOUS_YEAR_GROWTH(CODE, 2022, given_)
    assert other is not None
    assert other.explanation.render("en") == "2021 baseline amount ₩1,000,000 × 1.10"
    assert builtin.PREVIOUS_YEAR_GROWTH("1100000000", 2022, ctx) is None
    assert builtin.PREVIOUS_YEAR_GROWTH(CODE, 2023, ctx) is None  # the baseline is for 2021
    explicit = Target.of_amount(CODE, 2022, Money.krw(2_000_000))
    both = Context(JAN_SEP, baseline=base, targets=[explicit])
    compiled = KR_PRIORITY_CITIES_2022.compile()
    assert compiled.target(CODE, 2022, both) == (explicit, "core.target.explicit")
    assert compiled.target(CODE, 2022, ctx) == (found, "kr.target.previous-year-growth")


def row(amount: int, target_: int | None, share: Fraction = Fraction(3, 4)) -> AttainmentRow:
    return AttainmentRow(
        code=CODE,
        year=2022,
        amount=Money.krw(amount),
        total=Money.krw(max(amount, 1) * 2),
        target=Target.of_amount(CODE, 2022, Money.krw(target_)) if target_ else None,
        share_of_year=share,
    )


@pytest.mark.parametrize(
    ("amount", "target_", "expected"),
    [
        (1000, 1000, Status.ACHIEVED),
        (1200, 1000, Status.ACHIEVED),
        (750, 1000, Status.ON_TRACK),  # exactly the share of the year
        (749, 1000, Status.BEHIND),
        (0, 1000, Status.BEHIND),
        (500, None, Status.NO_TARGET),
    ],
)
def test_pro_rata_status(amount: int, target_: int | None, expected: Status) -> None:
    found = builtin.PRO_RATA_STATUS(row(amount, target_), Context(JAN_SEP))
    assert found == expected
    assert found.reason is not None


def test_pro_rata_reason_text() -> None:
    found = builtin.PRO_RATA_STATUS(row(620, 1000), Context(JAN_SEP))
    assert found.reason is not None
    assert found.reason.render("en") == (
        "attainment 62.0% is below 75.0%, the share of the year 2022-01..2022-09 covers"
    )


def test_rate_status_and_attainment() -> None:
    rate_row = AttainmentRow(
        code="2700000000",
        year=2019,
        amount=Money.krw(518),
        total=Money.krw(1000),
        target=Target.of_rate("2700000000", 2019, Decimal("0.462")),
        share_of_year=Fraction(1),
    )
    found = builtin.TARGET_REACHED_STATUS(rate_row, Context(Period(2019)))
    assert found == Status.ACHIEVED
    assert found.reason is not None
    assert found.reason.render("en") == "green share 51.8% reached the target rate 46.2% (112.1%)"
    low = attrs.evolve(rate_row, amount=Money.krw(400))
    assert builtin.TARGET_REACHED_STATUS(low, Context(Period(2019))) == Status.BEHIND


def test_the_default_score_rounds_to_the_published_decimal() -> None:
    ctx = Context(JAN_SEP)
    a = builtin.ATTAINMENT_SCORE(row(6204, 10_000), ctx)  # 62.04%
    b = builtin.ATTAINMENT_SCORE(row(6195, 10_000), ctx)  # 61.95% → 62.0% (half up)
    assert a == b == Decimal("62.0")
    exact = builtin.ATTAINMENT_SCORE.with_parameters(places=None)
    assert exact(row(6204, 10_000), ctx) == Fraction(6204, 100)
    assert builtin.ATTAINMENT_SCORE(row(1, None), ctx) is None


def test_custom_status_and_score_rules_plug_in() -> None:
    @status("test.status")
    def at_risk(r: AttainmentRow, context: Context) -> Status | None:
        """At risk below half of the pace."""
        attainment = r.attainment
        if attainment is not None and attainment < r.share_of_year / 2:
            return Status("at-risk", "at risk")
        return None

    @score("test.score", minimum=Fraction(1, 2))
    def weighted(r: AttainmentRow, context: Context, *, minimum: Fraction) -> Decimal | None:
        """Green amount × share, only above a minimum share."""
        share = r.share
        if share is None or share < minimum:
            return None
        return Decimal(r.amount.minor_units) * Decimal(share.numerator) / share.denominator

    @target("test.target")
    def fixed(code: str, year: int, context: Context) -> Target:
        """A fixed target."""
        return Target.of_amount(code, year, Money.krw(100))

    with pytest.raises(RuleSetError, match="one score rule"):
        KR_PRIORITY_CITIES_2022.with_rules(weighted)
    custom = (
        KR_PRIORITY_CITIES_2022.with_rules(at_risk, before="kr.status.pro-rata")
        .without("core.score.attainment")
        .with_rules(weighted)
    )
    compiled = custom.compile()
    ctx = Context(JAN_SEP)
    assert compiled.status(row(100, 1000), ctx) == Status("at-risk", "x")
    assert compiled.status(row(700, 1000), ctx) == Status.BEHIND
    assert compiled.score(row(100, 1000), ctx) == Decimal(50)  # 100 × share 1/2
    thin = attrs.evolve(row(100, 1000), total=Money.krw(1000))  # share 1/10 < 1/2
    assert compiled.score(thin, ctx) is None
    assert RuleSet("t", "1", (fixed,)).compile().target(CODE, 2022, ctx)[0] == Target.of_amount(
        CODE, 2022, Money.krw(100)
    )


def test_green_share_rule_set_is_built_from_the_same_rules() -> None:
    assert str(KR_GREEN_SHARE_2019) == "kr-green-share@2019"
    schemes = KR_GREEN_SHARE_2019.get("kr.eligibility.valid-certificate").parameters["schemes"]
    assert schemes == ("kr-eco-label", "kr-gr")
    assert KR_GREEN_SHARE_2019.stage("eligibility")[2].id == "kr.eligibility.green-product-exists"


def test_the_certificate_cache_does_not_keep_numbers_the_list_does_not_hold() -> None:
    # It lives as long as the list: it grows with the list, not with the ledgers.
    registry = CertificateRegistry(
        [Certificate("kr-eco-label", "OK", dt.date(2021, 1, 1), dt.date(2023, 12, 31))]
    )
    ctx = Context(JAN_SEP, certificates=registry)
    for n in range(50):
        assert builtin.VALID_CERTIFICATE(purchase([("kr-eco-label", f"X{n}")]), ctx).code == (
            "unknown-certificate"
        )
    assert builtin.VALID_CERTIFICATE(purchase([("kr-eco-label", "OK")]), ctx).accepted
    assert len(builtin._checks(registry)._by_ref) == 1
