"""Evaluation: one pass over a ledger, attainment with reasons, merge, ranks."""

from __future__ import annotations

import datetime as dt
import json
import pickle
import random
from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from greenprocure import AttainmentReport, Money, Period, evaluate, merge
from greenprocure.certifications import Certificate, CertificateRegistry, CertificateStatus
from greenprocure.datasets import priority_cities_2022
from greenprocure.errors import (
    AmbiguousJurisdictionError,
    EvaluationError,
    RuleError,
    UnknownJurisdictionError,
)
from greenprocure.i18n import percent_text
from greenprocure.jurisdictions import korea
from greenprocure.purchases import Purchase
from greenprocure.rules import (
    KR_GREEN_SHARE_2019,
    KR_PRIORITY_CITIES_2022,
    Context,
    Status,
    Verdict,
    VerdictKind,
    eligibility,
)
from greenprocure.targets import Baseline, Target

PERIOD = Period(2022, 1, 9)
BUYERS = ("1100000000", "2600000000", "4800000000", "4812000000")

CERTIFICATES = CertificateRegistry(
    [
        Certificate("kr-eco-label", "VALID", dt.date(2019, 1, 1), dt.date(2024, 12, 31)),
        Certificate("kr-gr", "EXP", dt.date(2018, 1, 1), dt.date(2021, 6, 30)),
        Certificate("kr-low-carbon", "REV", dt.date(2020, 1, 1), dt.date(2024, 12, 31)).with_status(
            CertificateStatus.REVOKED, dt.date(2022, 5, 1)
        ),
        Certificate("kr-eco-label", "NEW", dt.date(2022, 7, 1), dt.date(2025, 6, 30)),
        Certificate("eu-ecolabel", "EU", dt.date(2019, 1, 1), dt.date(2025, 12, 31)),
    ]
)
CLAIMS: tuple[tuple[tuple[str, str], ...], ...] = (
    (),
    (("kr-eco-label", "VALID"),),
    (("kr-gr", "EXP"),),
    (("kr-low-carbon", "REV"),),
    (("kr-eco-label", "NEW"),),
    (("eu-ecolabel", "EU"),),
    (("kr-eco-label", "GHOST"),),
    (("kr-gr", "EXP"), ("kr-eco-label", "VALID")),
)
VALID = (("kr-eco-label", "VALID"),)


def make(
    index: int,
    buyer: str,
    day: dt.date,
    won: int,
    claims: Any = (),
    *,
    currency: str = "KRW",
    refund: bool = False,
    category: str = "복사용지",
) -> Purchase:
    amount = Money.from_minor_units(-won if refund else won, currency)
    return Purchase(
        f"P{index:06d}", buyer, day, category, amount, certificates=claims, refund=refund
    )


@st.composite
def ledgers(draw: st.DrawFn, min_size: int = 0, max_size: int = 40) -> list[Purchase]:
    """Purchases over 2020-06..2022-12 by four buyers, with every kind of claim."""
    rows = draw(
        st.lists(
            st.tuples(
                st.sampled_from(BUYERS),
                st.integers(0, 940).map(lambda d: dt.date(2020, 6, 1) + dt.timedelta(days=d)),
                st.integers(0, 10**9),
                st.sampled_from(CLAIMS),
                st.sampled_from(["KRW"] * 15 + ["EUR"]),
                st.integers(0, 20),
            ),
            min_size=min_size,
            max_size=max_size,
        )
    )
    return [
        make(i, buyer, day, won, claims, currency=currency, refund=flag == 0)
        for i, (buyer, day, won, claims, currency, flag) in enumerate(rows)
    ]


def run(purchases: Any, **options: Any) -> AttainmentReport:
    options.setdefault("certificates", CERTIFICATES)
    options.setdefault("period", PERIOD)
    return evaluate(purchases, KR_PRIORITY_CITIES_2022, **options)


# -- invariants -------------------------------------------------------------------


@given(ledgers(), st.randoms(use_true_random=False))
def test_any_order_gives_the_same_report(ledger: list[Purchase], rng: random.Random) -> None:
    shuffled = list(ledger)
    rng.shuffle(shuffled)
    assert run(shuffled) == run(ledger)


@given(ledgers(), st.data())
def test_evaluating_parts_and_merging_equals_evaluating_the_whole(
    ledger: list[Purchase], data: st.DataObject
) -> None:
    cuts = sorted(data.draw(st.lists(st.integers(0, len(ledger)), max_size=3)))
    parts = [ledger[a:b] for a, b in zip([0, *cuts], [*cuts, len(ledger)], strict=True)]
    reports = [run(part) for part in parts]
    # Parts may cross process boundaries: a pickled report merges just the same.
    reports = [pickle.loads(pickle.dumps(report)) for report in reports]
    assert merge(*reports) == run(ledger)


@given(ledgers(), st.sampled_from(BUYERS), st.integers(1, 10**9), st.integers(0, 272))
def test_a_counted_purchase_never_lowers_attainment(
    ledger: list[Purchase], buyer: str, won: int, offset: int
) -> None:
    extra = make(999_999, buyer, dt.date(2022, 1, 1) + dt.timedelta(days=offset), won, VALID)
    before = run(ledger)
    after = run([*ledger, extra])
    assert after.totals.counted == before.totals.counted + 1
    old = next((r for r in before.rows if r.code == buyer), None)
    new = after.row(buyer)
    assert new.amount == (old.amount if old else Money.krw(0)) + extra.amount
    if old is not None and old.attainment is not None:
        assert new.attainment is not None
        assert new.attainment >= old.attainment


@given(ledgers(), st.sampled_from(BUYERS), st.integers(0, 10**9), st.sampled_from(CLAIMS[2:7]))
def test_a_refused_purchase_changes_no_counted_amount(
    ledger: list[Purchase], buyer: str, won: int, claims: Any
) -> None:
    extra = make(999_999, buyer, dt.date(2022, 6, 1), won, claims)  # none valid then
    before = run(ledger)
    after = run([*ledger, extra])
    assert {r.code: r.amount for r in after.rows if r.code in {x.code for x in before.rows}} == {
        r.code: r.amount for r in before.rows
    }
    assert after.totals.counted == before.totals.counted
    assert after.totals.refused == before.totals.refused + 1
    assert after.totals.counted_amount == before.totals.counted_amount


@given(ledgers())
def test_nothing_is_dropped_read_equals_counted_refused_excluded_outside(
    ledger: list[Purchase],
) -> None:
    report = run(ledger)
    totals = report.totals
    assert totals.read == len(ledger)
    assert totals.read == totals.counted + totals.refused + totals.excluded + totals.outside
    for year in totals.by_year:
        assert year.read == year.counted + year.refused + year.excluded + year.outside
        assert year.read == sum(1 for p in ledger if p.date.year == year.year)
    period_rows = list(report.rows)
    assert sum(r.counted for r in period_rows) == next(
        (y.counted for y in totals.by_year if y.year == 2022), 0
    )


@given(ledgers())
def test_ranks_follow_scores_and_ties_share_a_rank(ledger: list[Purchase]) -> None:
    rows = run(ledger).rows
    ranked = [r for r in rows if r.rank is not None]
    assert all(r.score is not None for r in ranked)
    assert all(r.rank is None for r in rows[len(ranked) :])  # unranked rows come last
    for row in ranked:
        assert row.score is not None
        assert row.rank == 1 + sum(1 for o in ranked if o.score is not None and o.score > row.score)
    keys = [(r.rank, r.code) for r in ranked]
    assert keys == sorted(keys)


@given(ledgers())
def test_expired_revoked_and_not_yet_valid_certificates_never_count(
    ledger: list[Purchase],
) -> None:
    invalid_in_2022 = [
        p
        for p in ledger
        if p.date.year == 2022
        and p.certificates
        and all(
            ref in {("kr-gr", "EXP"), ("kr-eco-label", "GHOST"), ("eu-ecolabel", "EU")}
            or (ref == ("kr-low-carbon", "REV") and p.date >= dt.date(2022, 5, 1))
            or (ref == ("kr-eco-label", "NEW") and p.date < dt.date(2022, 7, 1))
            for ref in p.certificates
        )
    ]
    report = run(invalid_in_2022)
    assert report.totals.counted_amount == Money.krw(0)
    assert all(r.amount == Money.krw(0) for r in report.rows)


@given(ledgers())
def test_reports_are_repeatable_picklable_and_round_trip_through_json(
    ledger: list[Purchase],
) -> None:
    report = run(ledger)
    assert run(ledger) == report
    assert pickle.loads(pickle.dumps(report)) == report
    data = json.loads(json.dumps(report.to_dict("ko")))
    assert AttainmentReport.from_dict(data) == report


def test_memory_does_not_grow_with_the_ledger() -> None:
    def ledger(n: int) -> Iterator[Purchase]:
        for i in range(n):
            yield make(i, BUYERS[i % 4], dt.date(2022, 1 + i % 9, 1), 1000, CLAIMS[i % 8])

    small = pickle.dumps(run(ledger(80)))
    large = pickle.dumps(run(ledger(8_000)))
    assert len(large) < len(small) * 1.2  # only the counters' digits grow


# -- examples ---------------------------------------------------------------------

#: The seed's January–September 2022 attainment (목표액 대비 달성률), with the
#: 강원 and 전남 figures made deliberately different below the displayed decimal.
PUBLISHED = {
    "4800000000": ("경남", 862_400_000, "78.4"),
    "2600000000": ("부산", 787_600_000, "71.6"),
    "4100000000": ("경기", 743_600_000, "67.6"),
    "2700000000": ("대구", 742_500_000, "67.5"),
    "4200000000": ("강원", 682_440_000, "62.0"),  # 62.04%
    "4600000000": ("전남", 681_560_000, "62.0"),  # 61.96%
    "3000000000": ("대전", 656_700_000, "59.7"),
    "1100000000": ("서울", 638_000_000, "58.0"),
}


def seed_ledger() -> list[Purchase]:
    """Each metro bought ₩1,000,000,000 of certified goods in 2021, and its figure in 2022."""
    ledger: list[Purchase] = []
    for index, (code, (_, amount, _)) in enumerate(sorted(PUBLISHED.items())):
        ledger.append(make(10 * index, code, dt.date(2021, 6, 1), 600_000_000, VALID))
        ledger.append(make(10 * index + 1, code, dt.date(2021, 11, 2), 400_000_000, VALID))
        ledger.append(make(10 * index + 2, code, dt.date(2022, 3, 2), amount - 1_000, VALID))
        ledger.append(make(10 * index + 3, code, dt.date(2022, 9, 30), 1_000, VALID))
        ledger.append(make(10 * index + 4, code, dt.date(2022, 5, 5), 77_000, CLAIMS[2]))
        ledger.append(make(10 * index + 5, code, dt.date(2022, 10, 1), 5_000, VALID))
    return ledger


def test_the_seed_ranking_with_a_tie_at_rank_5() -> None:
    metros = priority_cities_2022().cohort.metros()
    report = evaluate(
        iter(seed_ledger()),  # a one-pass iterator, as from a lazy loader
        "kr-priority-cities@2022",
        period="2022-01..2022-09",
        certificates=CERTIFICATES,
        registry=korea(),
        jurisdictions=metros,
    )
    shown = [
        (PUBLISHED[r.code][0], percent_text(r.attainment), r.rank)
        for r in report.rows
        if r.attainment is not None
    ]
    assert shown == [
        ("경남", "78.4", 1),
        ("부산", "71.6", 2),
        ("경기", "67.6", 3),
        ("대구", "67.5", 4),
        ("강원", "62.0", 5),
        ("전남", "62.0", 5),
        ("대전", "59.7", 7),
        ("서울", "58.0", 8),
    ]
    assert [r.status for r in report.rows] == [Status.ON_TRACK] + [Status.BEHIND] * 7
    top = report.rows[0]
    assert (top.name_ko, top.name_en, top.level) == ("경상남도", "Gyeongsangnam-do", "metro")
    assert top.target is not None
    assert top.target.amount == Money.krw(1_100_000_000)
    assert top.attainment == Fraction(862_400_000, 1_100_000_000)
    assert top.share_of_year == Fraction(3, 4)
    totals = report.totals
    assert (totals.read, totals.counted, totals.refused, totals.outside) == (48, 32, 8, 8)
    data = report.to_dict()
    assert data["purchases"] == {
        "read": 48,
        "counted": 32,
        "refused": 8,
        "excluded": 0,
        "outside": 8,
    }
    assert data["rows"][0] == {
        **data["rows"][0],
        "code": "4800000000",
        "name_ko": "경상남도",
        "amount": "862400000",
        "target": "1100000000",
        "attainment_percent": "78.4",
        "rank": 1,
        "status": "on-track",
    }
    # Ranked on the exact value, 강원 (62.04%) is ahead of 전남 (61.96%).
    exact = KR_PRIORITY_CITIES_2022.with_parameters("core.score.attainment", places=None)
    ranks = {
        r.code: r.rank
        for r in evaluate(
            seed_ledger(), exact, period=PERIOD, certificates=CERTIFICATES, registry=korea()
        ).rows
    }
    assert (ranks["4200000000"], ranks["4600000000"], ranks["3000000000"]) == (5, 6, 7)


def test_explain_a_jurisdiction_by_name() -> None:
    report = evaluate(
        seed_ledger(),
        KR_PRIORITY_CITIES_2022,
        period=PERIOD,
        certificates=CERTIFICATES,
        registry=korea(),
    )
    why = report.explain("경남")
    assert why.code == "4800000000"
    assert why.name_ko == "경상남도"
    assert (why.period.counted, why.period.refused, why.period.counted_amount) == (
        2,
        1,
        Money.krw(862_400_000),
    )
    (refusals,) = why.period.rules
    assert refusals.rule_id == "kr.eligibility.valid-certificate"
    assert (refusals.refused, refusals.refused_amount) == (1, Money.krw(77_000))
    (reason,) = refusals.top()
    assert (reason.code, reason.count, reason.kind) == ("expired", 1, VerdictKind.REFUSE)
    assert reason.example is not None
    assert reason.example.render("en") == (
        "certificate kr-gr EXP expired: valid until June 30, 2021"
    )
    assert why.baseline is not None
    assert why.baseline.counted_amount == Money.krw(1_000_000_000)
    assert why.target_rule == "kr.target.previous-year-growth"
    assert why.target_basis is not None
    assert why.target_basis.render("en") == "2021 counted amount ₩1,000,000,000 × 1.10"
    assert why.target_basis.render("ko") == "2021년 녹색제품 구매 인정액 1,000,000,000원 × 1.10"
    assert why.status_reason is not None
    assert why.status_reason.render("en") == (
        "attainment 78.4% is at least 75.0%, the share of the year 2022-01..2022-09 covers"
    )
    assert report.explain("Gyeongsangnam-do").code == "4800000000"
    assert report.explain("4800000000") == why
    with pytest.raises(UnknownJurisdictionError):
        report.explain("제주")


def test_daegu_2019_green_share_against_a_target_rate() -> None:
    daegu = "2700000000"
    ruleset = KR_GREEN_SHARE_2019.with_parameters(
        "kr.eligibility.green-product-exists", categories=["복사용지", "토너"]
    )
    ledger = [
        make(1, daegu, dt.date(2019, 3, 4), 518_000, VALID),
        make(2, daegu, dt.date(2019, 5, 6), 300_000, category="토너"),
        make(3, daegu, dt.date(2019, 8, 9), 182_000, CLAIMS[5]),  # EU label does not count here
        make(4, daegu, dt.date(2019, 9, 9), 250_000, category="잡화"),  # no green product exists
    ]
    report = evaluate(
        ledger,
        ruleset,
        period="2019",
        certificates=CERTIFICATES,
        targets={daegu: Decimal("0.462")},
    )
    (row,) = report.rows
    assert (row.amount, row.total) == (Money.krw(518_000), Money.krw(1_000_000))
    assert row.share == Fraction(518, 1000)
    assert percent_text(row.attainment) == "112.1"  # 51.8% / 46.2%
    assert row.status == Status.ACHIEVED
    assert (row.counted, row.refused, row.excluded) == (1, 2, 1)
    assert report.totals.excluded_amount == Money.krw(250_000)
    outside = report.explain(daegu).period.rules[0]
    assert (outside.rule_id, outside.excluded, outside.excluded_amount) == (
        "kr.eligibility.green-product-exists",
        1,
        Money.krw(250_000),
    )
    data = report.to_dict()["rows"][0]
    assert (data["attainment_percent"], data["share_percent"], data["target_rate_percent"]) == (
        "112.1",
        "51.8",
        "46.2",
    )


def test_rollup_adds_basic_governments_to_their_metro() -> None:
    ledger = [
        make(1, "4800000000", dt.date(2022, 2, 1), 1_000, VALID),  # 경상남도
        make(2, "4812000000", dt.date(2022, 2, 1), 300, VALID),  # 창원시
        make(3, "4825000000", dt.date(2022, 2, 1), 200, VALID),  # 김해시
    ]
    report = run(ledger, registry=korea(), rollup=True)
    gyeongnam = report.row("경상남도")
    assert gyeongnam.amount == Money.krw(1_000)
    assert gyeongnam.rollup_amount == Money.krw(1_500)
    assert report.row("창원시").rollup_amount == Money.krw(300)
    metros = run(ledger, registry=korea(), level="metro")
    assert [r.code for r in metros.rows] == ["4800000000"]
    with pytest.raises(EvaluationError):
        run(ledger, rollup=True)


def test_fixed_jurisdictions_get_rows_without_purchases() -> None:
    report = run(
        [make(1, "4800000000", dt.date(2022, 2, 1), 1_000, VALID)],
        jurisdictions=["1100000000", "4800000000"],
        baseline={"1100000000": Money.krw(10_000)},
    )
    seoul = report.row("1100000000")
    assert (seoul.amount, seoul.counted) == (Money.krw(0), 0)
    assert seoul.target is not None
    assert seoul.target.amount == Money.krw(11_000)
    assert seoul.attainment == 0
    assert seoul.status == Status.BEHIND
    assert report.row("4800000000").status == Status.NO_TARGET
    assert report.row("4800000000").rank is None


def test_unknown_buyers_and_other_currencies_are_refused_with_a_reason() -> None:
    ledger = [
        make(1, "9900000000", dt.date(2022, 2, 1), 1_000, VALID),
        make(2, "4800000000", dt.date(2022, 2, 1), 1_250, VALID, currency="EUR"),
        make(3, "4800000000", dt.date(2022, 2, 2), 700, VALID),
    ]
    report = run(ledger, registry=korea())
    assert [r.code for r in report.rows] == ["4800000000"]  # the unknown buyer has no row
    assert (report.totals.read, report.totals.counted, report.totals.refused) == (3, 1, 2)
    assert report.totals.refused_amount == Money.krw(1_000)  # euros are not added to won
    unknown = report.explain("9900000000").period.rules[0]
    assert (unknown.rule_id, unknown.reasons[0].code) == (
        "core.eligibility.known-buyer",
        "unknown-buyer",
    )
    euro = report.explain("4800000000").period.rules[0].reasons[0]
    assert (euro.code, euro.count, euro.amount) == ("currency-mismatch", 1, Money.krw(0))
    assert euro.example is not None
    assert "EUR" in euro.example.render("en")


@eligibility("test.boom")
def boom(purchase: Purchase, context: Context) -> Verdict:
    """Fails on one purchase."""
    if purchase.id == "P000002":
        raise KeyError("no such thing")
    return Verdict.accept()


def test_a_failing_rule_stops_the_evaluation_with_a_rule_error() -> None:
    ruleset = KR_PRIORITY_CITIES_2022.with_rules(boom, before="core.eligibility.currency")
    ledger = [make(i, "4800000000", dt.date(2022, 2, 1), 100, VALID) for i in range(4)]
    with pytest.raises(RuleError) as caught:
        evaluate(ledger, ruleset, period=PERIOD, certificates=CERTIFICATES)
    assert (caught.value.params["rule"], caught.value.params["purchase"]) == (
        "test.boom",
        "P000002",
    )
    assert isinstance(caught.value.__cause__, KeyError)


def test_a_given_baseline_replaces_the_ledgers_previous_year() -> None:
    ledger = [
        make(1, "4800000000", dt.date(2021, 2, 1), 5_000, VALID),
        make(2, "4800000000", dt.date(2022, 2, 1), 1_000, VALID),
    ]
    report = run(ledger, baseline=Baseline(2021, {"4800000000": Money.krw(2_000)}, "file"))
    row = report.row("4800000000")
    assert row.target is not None
    assert row.target.amount == Money.krw(2_200)
    assert report.totals.outside == 1  # the 2021 purchase is not evaluated
    assert report.explain("4800000000").baseline is None
    derived = run(ledger).row("4800000000")
    assert derived.target is not None
    assert derived.target.amount == Money.krw(5_500)
    with pytest.raises(EvaluationError, match="baseline is for 2020"):
        run(ledger, baseline=Baseline(2020, {}, "file"))
    with pytest.raises(EvaluationError):
        run(ledger, targets={"4800000000": Money("10", "EUR")})


def test_explicit_targets_override_derived_ones() -> None:
    ledger = [
        make(1, "4800000000", dt.date(2021, 2, 1), 5_000, VALID),
        make(2, "4800000000", dt.date(2022, 2, 1), 1_000, VALID),
    ]
    report = run(ledger, targets=[Target.of_amount("4800000000", 2022, Money.krw(4_000))])
    row = report.row("4800000000")
    assert row.target is not None
    assert row.target.amount == Money.krw(4_000)
    assert row.attainment == Fraction(1, 4)
    assert report.explain("4800000000").target_rule == "core.target.explicit"


def test_merge_refuses_unlike_reports() -> None:
    a = run([])
    with pytest.raises(EvaluationError):
        merge()
    with pytest.raises(EvaluationError):
        merge(a, run([], period=Period(2022, 1, 6)))
    with pytest.raises(EvaluationError):
        merge(a, evaluate([], KR_GREEN_SHARE_2019, period=PERIOD))


def test_names_that_fit_several_jurisdictions_are_ambiguous() -> None:
    ledger = [
        make(1, "2711000000", dt.date(2022, 2, 1), 100, VALID),  # 대구 중구
        make(2, "3014000000", dt.date(2022, 2, 1), 100, VALID),  # 대전 중구
    ]
    report = pickle.loads(pickle.dumps(run(ledger, registry=korea())))  # no registry now
    with pytest.raises(AmbiguousJurisdictionError):
        report.explain("중구")
