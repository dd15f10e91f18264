"""Impact estimates: emission factors, factor sets and avoided tCO2e."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from greenprocure import Money
from greenprocure.errors import DataFileError, ImpactError
from greenprocure.impact import (
    EmissionFactor,
    FactorSet,
    ImpactReport,
    QuantityRecord,
    estimate,
    example_concrete_factors,
)
from greenprocure.purchases import Purchase
from greenprocure.units import Q_

CHANGWON, GIMHAE = "4812000000", "4825000000"
DAY = dt.date(2022, 10, 21)

# Magnitudes with at most three decimals, as quantities are written on purchase records.
magnitudes = st.integers(0, 10**9).map(lambda n: Decimal(n).scaleb(-3))
kg_per_unit = st.integers(0, 10**6).map(lambda n: Decimal(n).scaleb(-2))


def concrete(baseline: Decimal | int = 300, green: Decimal | int = 250) -> EmissionFactor:
    return EmissionFactor(
        "ready-mixed-concrete", "m**3", baseline, green, "A1-A3", "test", DAY, categories=["레미콘"]
    )


def steel(baseline: Decimal | int = 1900, green: Decimal | int = 600) -> EmissionFactor:
    return EmissionFactor("steel", "t", baseline, green, "A1-A3", "test", DAY)


def avoided(report: ImpactReport) -> Decimal:
    return Decimal(report.total_avoided.to("tCO2e").magnitude)


# -- properties ------------------------------------------------------------------------


@given(magnitudes, st.integers(0, 1000), kg_per_unit, kg_per_unit)
def test_impact_is_linear_in_quantity(
    quantity: Decimal, factor: int, baseline: Decimal, green: Decimal
) -> None:
    factors = [concrete(baseline, green)]
    once = estimate([QuantityRecord("a", CHANGWON, "레미콘", Q_(quantity, "m**3"))], factors)
    scaled = estimate(
        [QuantityRecord("a", CHANGWON, "레미콘", Q_(quantity * factor, "m**3"))], factors
    )
    assert avoided(scaled) == avoided(once) * factor
    assert avoided(once) == quantity * (baseline - green) / 1000


@given(magnitudes, kg_per_unit)
def test_impact_is_zero_when_baseline_equals_green(quantity: Decimal, value: Decimal) -> None:
    report = estimate(
        [QuantityRecord("a", CHANGWON, "레미콘", Q_(quantity, "m**3"))], [concrete(value, value)]
    )
    assert avoided(report) == 0
    assert report.total_baseline == report.total_green


@given(magnitudes, kg_per_unit, kg_per_unit)
def test_cubic_metres_and_litres_give_the_same_avoided_emissions(
    quantity: Decimal, baseline: Decimal, green: Decimal
) -> None:
    factors = [concrete(baseline, green)]
    in_m3 = estimate([QuantityRecord("a", CHANGWON, "레미콘", Q_(quantity, "m**3"))], factors)
    in_l = estimate([QuantityRecord("a", CHANGWON, "레미콘", Q_(quantity * 1000, "L"))], factors)
    assert avoided(in_m3) == avoided(in_l)


@given(magnitudes, kg_per_unit, kg_per_unit)
def test_tonnes_and_kilograms_give_the_same_avoided_emissions(
    quantity: Decimal, baseline: Decimal, green: Decimal
) -> None:
    factors = [steel(baseline, green)]
    in_t = estimate([QuantityRecord("a", CHANGWON, "steel", Q_(quantity, "t"))], factors)
    in_kg = estimate([QuantityRecord("a", CHANGWON, "steel", Q_(quantity * 1000, "kg"))], factors)
    assert avoided(in_t) == avoided(in_kg)


@given(
    st.lists(
        st.tuples(
            st.sampled_from([CHANGWON, GIMHAE]),
            st.sampled_from(["레미콘", "steel", "paper"]),
            st.one_of(st.none(), magnitudes),
            st.sampled_from(["m**3", "L", "t", "kg"]),
        ),
        max_size=20,
    ),
    st.data(),
)
def test_reports_of_parts_add_up_to_the_report_of_the_whole(
    rows: list[tuple[str, str, Decimal | None, str]], data: st.DataObject
) -> None:
    records = [
        QuantityRecord(f"r{i}", buyer, category, None if amount is None else Q_(amount, unit))
        for i, (buyer, category, amount, unit) in enumerate(rows)
    ]
    factors = FactorSet("test", [concrete(), steel()])
    cut = data.draw(st.integers(0, len(records)))
    whole = estimate(records, factors)
    merged = estimate(records[:cut], factors) + estimate(records[cut:], factors)
    assert whole.records_read == len(records) == whole.records_counted + len(whole.skipped)
    assert avoided(merged) == avoided(whole)
    assert [(r.jurisdiction, r.product_group, r.records) for r in merged.rows] == [
        (r.jurisdiction, r.product_group, r.records) for r in whole.rows
    ]
    assert [row.avoided for row in merged.rows] == [row.avoided for row in whole.rows]
    assert merged.skipped == whole.skipped


# -- examples --------------------------------------------------------------------------


def test_the_example_concrete_factors_are_labelled_illustrative() -> None:
    factors = example_concrete_factors()
    assert factors.illustrative
    assert factors.name is not None
    assert "not official defaults" in factors.name.en
    assert factors.note is not None
    assert "공식 기본값 아님" in factors.name.ko
    (factor,) = factors
    assert (factor.baseline, factor.green, format(factor.unit, "~P")) == (
        Decimal(300),
        Decimal(250),
        "m³",
    )
    assert Decimal(120) <= factor.green < factor.baseline <= Decimal(330)
    assert factor.source.startswith("ILLUSTRATIVE")
    assert factor.scope.startswith("A1-A3")
    assert factors.factor_for("레미콘") is factor
    assert factors.factor_for("Ready-Mixed Concrete") is factor
    assert factor.per_unit("avoided") == Q_(50, "kgCO2e") / Q_(1, "m**3")


def test_estimate_per_jurisdiction_and_product_group_from_purchases() -> None:
    purchases = [
        Purchase(
            id="p1",
            buyer=CHANGWON,
            date=dt.date(2022, 3, 14),
            category="레미콘",
            amount=Money.krw(36_000_000),
            quantity=Q_(400, "m**3"),
        ),
        Purchase(
            id="p2",
            buyer=GIMHAE,
            date=dt.date(2022, 5, 2),
            category="레미콘",
            amount=Money.krw(9_000_000),
            quantity=Q_(100_000, "L"),
        ),
        Purchase(
            id="p3",
            buyer=GIMHAE,
            date=dt.date(2022, 5, 3),
            category="복사용지",
            amount=Money.krw(500_000),
        ),
    ]
    report = estimate(purchases, example_concrete_factors())
    assert report.avoided(CHANGWON) == Q_(20, "tCO2e")  # 400 m³ × 50 kg
    assert report.avoided(GIMHAE) == Q_(5, "tCO2e")  # 100 m³ × 50 kg
    assert report.total_avoided == Q_(25, "tCO2e")
    assert report.total_baseline == Q_(150, "tCO2e")
    assert report.total_green == Q_(125, "tCO2e")
    assert [(r.jurisdiction, r.quantity) for r in report.rows] == [
        (CHANGWON, Q_(400, "m**3")),
        (GIMHAE, Q_(100, "m**3")),
    ]
    assert [f.product_group for f in report.factors] == ["ready-mixed-concrete"]
    (skipped,) = report.skipped
    assert skipped.record == "p3"
    assert skipped.reason.render("en") == "record 'p3': no emission factor for category '복사용지'"
    assert report.describe().render("en") == "25 tCO2e avoided, from 2 of 3 record(s); 1 skipped"
    assert (
        report.describe().render("ko") == "온실가스 25 tCO2e 감축(전체 3건 중 2건 반영, 1건 제외)"
    )


def test_missing_or_mismatched_quantities_are_skipped_with_a_reason() -> None:
    report = estimate(
        [
            QuantityRecord("none", CHANGWON, "레미콘", None),
            QuantityRecord("mass", CHANGWON, "레미콘", "5 t"),
            QuantityRecord("ok", CHANGWON, "레미콘", "2 m**3"),
        ],
        [concrete()],
    )
    assert [s.record for s in report.skipped] == ["none", "mass"]
    assert report.skipped[0].reason.render("ko") == (
        "기록 'none'에 수량이 없어 감축량을 추정할 수 없습니다"
    )
    assert report.skipped[1].reason.render("en") == (
        "record 'mass' has a quantity in t, which cannot be converted to m³, the functional"
        " unit of the 'ready-mixed-concrete' factor"
    )
    assert report.total_avoided == Q_(Decimal("0.1"), "tCO2e")


def test_negative_quantities_are_errors_naming_the_record() -> None:
    records = [QuantityRecord("p-17", CHANGWON, "레미콘", Q_(-3, "m**3"))]
    with pytest.raises(ImpactError, match="record 'p-17' has a negative quantity"):
        estimate(records, [concrete()])
    with pytest.raises(ImpactError, match="'p-18'"):
        estimate([QuantityRecord("p-18", CHANGWON, "paper", Q_(-1, "ea"))], [concrete()])


def test_factors_without_source_or_unit_are_errors() -> None:
    with pytest.raises(ImpactError, match="'steel' has no source"):
        EmissionFactor("steel", "t", 1900, 600, "A1-A3", "", DAY)
    with pytest.raises(ImpactError, match="'steel' has no source"):
        EmissionFactor("steel", "t", 1900, 600, "A1-A3", None, DAY)
    with pytest.raises(ImpactError, match="'steel' has no functional unit"):
        EmissionFactor("steel", None, 1900, 600, "A1-A3", "an EPD", DAY)
    with pytest.raises(ImpactError, match="unknown unit 'tonnes of stuff'"):
        EmissionFactor("steel", "tonnes of stuff", 1900, 600, "A1-A3", "an EPD", DAY)
    with pytest.raises(ImpactError, match="no date"):
        EmissionFactor("steel", "t", 1900, 600, "A1-A3", "an EPD", None)
    with pytest.raises(ImpactError, match="not a float"):
        EmissionFactor("steel", "t", 1900.0, 600, "A1-A3", "an EPD", DAY)  # type: ignore[arg-type]
    with pytest.raises(ImpactError, match="at least 0"):
        EmissionFactor("steel", "t", -1, 600, "A1-A3", "an EPD", DAY)
    with pytest.raises(ImpactError, match="matches both"):
        FactorSet("x", [concrete(), concrete()])


def test_factor_set_data_errors_name_the_factor() -> None:
    data = {
        "id": "x",
        "factors": [
            {
                "product_group": "steel",
                "unit": "t",
                "baseline_kgco2e": "1900",
                "green_kgco2e": "600",
                "scope": "A1-A3",
                "date": "2022-01-01",
            }
        ],
    }
    with pytest.raises(DataFileError, match=r"record factors\[0\] \(steel\) is invalid.*no source"):
        FactorSet.from_mapping(data)
    data["factors"][0]["source"] = "an EPD"  # type: ignore[index]
    assert FactorSet.from_mapping(data).factor_for("steel") is not None


# -- only green purchases count; refunds subtract ----------------------------------------


def _concrete_purchase(pid: str, claims: tuple[tuple[str, str], ...]) -> Purchase:
    return Purchase(
        id=pid,
        buyer=CHANGWON,
        date=dt.date(2022, 3, 2),
        category="레미콘",
        amount=Money.krw(9_000_000),
        quantity=Q_(100, "m**3"),
        certificates=claims,
    )


def test_counted_leaves_out_the_purchases_the_rules_do_not_count_as_green() -> None:
    from greenprocure.certifications import Certificate, CertificateRegistry
    from greenprocure.period import Period
    from greenprocure.rules import KR_PRIORITY_CITIES_2022, Context

    registry = CertificateRegistry(
        [Certificate("kr-low-carbon", "LC-1", dt.date(2021, 1, 1), dt.date(2023, 12, 31))]
    )
    context = Context(Period(2022, 1, 12), certificates=registry)
    ledger = [
        _concrete_purchase("green", (("kr-low-carbon", "LC-1"),)),
        _concrete_purchase("usual", ()),
    ]
    report = estimate(
        ledger,
        example_concrete_factors(),
        counted=lambda p: KR_PRIORITY_CITIES_2022.explain(p, context).counted,
    )
    assert report.total_avoided == Q_(5, "tCO2e")
    assert (report.records_counted, report.records_read) == (1, 2)
    assert [s.record for s in report.skipped] == ["usual"]
    assert report.skipped[0].reason.render("en") == (
        "record 'usual' is not counted as green, so it avoided no emissions"
    )
    assert report.skipped[0].reason.render("ko") == (
        "기록 'usual'은(는) 녹색제품 구매로 인정되지 않아 감축량에 반영하지 않습니다"
    )


def test_a_refund_line_subtracts_its_quantity() -> None:
    bought = _concrete_purchase("p1", ())
    refund = Purchase(
        id="r1",
        buyer=CHANGWON,
        date=dt.date(2022, 4, 1),
        category="레미콘",
        amount=Money.krw(-100),
        quantity=Q_(-10, "m**3"),
        refund=True,
    )
    report = estimate([bought, refund], example_concrete_factors())
    # (100 − 10) m³ × 50 kgCO2e/m³ = 4.5 tCO2e
    assert report.total_avoided == Q_(Decimal("4.5"), "tCO2e")
    assert report.rows[0].quantity == Q_(90, "m**3")
    assert report.records_counted == 2
    alone = estimate([refund], example_concrete_factors())
    assert alone.total_avoided == Q_(Decimal("-0.5"), "tCO2e")
    written_positive = QuantityRecord("r2", CHANGWON, "레미콘", Q_(10, "m**3"), refund=True)
    assert estimate([written_positive], [concrete()]).total_avoided == Q_(Decimal("-0.5"), "tCO2e")


def test_a_negative_quantity_that_is_not_a_refund_is_still_an_error() -> None:
    with pytest.raises(ImpactError, match="record 'p-19' has a negative quantity"):
        estimate([QuantityRecord("p-19", CHANGWON, "레미콘", Q_(-1, "m**3"))], [concrete()])
