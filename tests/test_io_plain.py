"""Plain data: every record and report converts to JSON-ready data and back, equal."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from greenprocure import Money, evaluate
from greenprocure.certifications import Certificate, CertificateStatus
from greenprocure.evaluation import AttainmentReport
from greenprocure.i18n import Message
from greenprocure.impact import EmissionFactor
from greenprocure.io import from_plain, to_plain
from greenprocure.io.plain import PlainDataError
from greenprocure.jurisdictions import Jurisdiction, Kind, Level
from greenprocure.period import Period
from greenprocure.policy import BRIEFING, ROUNDTABLE, TRAINING, Activity, Bilingual, State, When
from greenprocure.purchases import Purchase
from greenprocure.targets import Baseline, Target, TargetSource
from greenprocure.units import Q_
from strategies import money, nonblank_texts, purchases, quantities, texts


def round_trip(value: Any, kind: Any = None) -> Any:
    data = json.loads(json.dumps(to_plain(value), ensure_ascii=False))
    return from_plain(kind if kind is not None else type(value), data)


days = st.dates(dt.date(1990, 1, 1), dt.date(2060, 12, 31))
codes = st.from_regex(r"\A[1-9][0-9]{9}\Z")
periods = st.builds(
    lambda year, a, b: Period(year, min(a, b), max(a, b)),
    st.integers(1, 9999),
    st.integers(1, 12),
    st.integers(1, 12),
)


@st.composite
def certificates(draw: st.DrawFn) -> Certificate:
    start = draw(days)
    end = draw(st.none() | st.dates(start, dt.date(2099, 12, 31)))
    status = draw(st.sampled_from(list(CertificateStatus)))
    return Certificate(
        draw(st.sampled_from(["kr-eco-label", "kr-low-carbon", "kr-gr", "eu-ecolabel"])),
        draw(nonblank_texts(12)),
        start,
        end,
        holder=draw(texts()),
        product=draw(texts()),
        product_group=draw(texts(max_size=6)),
        status=status,
        status_date=draw(st.none() | days),
    )


params = st.dictionaries(
    st.from_regex(r"\A[a-z]{1,8}\Z"),
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(10**12), 10**12),
        texts(),
        money(),
        days,
        st.decimals(allow_nan=False, allow_infinity=False, places=3),
        st.fractions(),
    ),
    max_size=4,
)
messages = st.builds(lambda msgid, p: Message.of(msgid, **p), nonblank_texts(), params)


@st.composite
def targets(draw: st.DrawFn) -> Target:
    basis = draw(st.one_of(texts(), messages))
    if draw(st.booleans()):
        amount = draw(st.integers(1, 10**15).map(Money.krw))
        return Target(
            draw(codes),
            draw(st.integers(1, 9999)),
            amount=amount,
            basis=basis,
            source=draw(st.sampled_from(list(TargetSource))),
        )
    rate = draw(st.decimals(Decimal("0.001"), Decimal("1"), places=3))  # a ratio, at most 1
    return Target(draw(codes), draw(st.integers(1, 9999)), rate=rate, basis=basis)


baselines = st.builds(
    Baseline,
    st.integers(1, 9999),
    st.dictionaries(codes, st.integers(0, 10**15).map(Money.krw), max_size=5),  # never negative
    texts(),
)


@st.composite
def jurisdictions(draw: st.DrawFn) -> Jurisdiction:
    kind = draw(st.sampled_from(list(Kind)))
    start = draw(days)
    return Jurisdiction(
        draw(codes),
        draw(nonblank_texts(10)),
        draw(nonblank_texts(10)),
        kind.level,
        kind,
        None if kind.level is Level.METRO else draw(codes),
        start,
        draw(st.none() | st.dates(start, dt.date(2099, 12, 31))),
        aliases=tuple(draw(st.lists(nonblank_texts(8), max_size=3))),
        agency_code=draw(st.none() | st.from_regex(r"\A[0-9]{7}\Z")),
        predecessors=tuple(draw(st.lists(codes, max_size=2))),
    )


@st.composite
def activities(draw: st.DrawFn) -> Activity:
    first = draw(days)
    last = draw(st.dates(first, first + dt.timedelta(days=400)))
    return Activity(
        draw(codes),
        draw(st.sampled_from([ROUNDTABLE, TRAINING, BRIEFING])),
        When(first, last),
        draw(st.sampled_from(list(State))),
        draw(st.integers(1, 50)),
        draw(texts()),
        draw(texts()),
    )


@st.composite
def factors(draw: st.DrawFn) -> EmissionFactor:
    name = draw(st.none() | st.builds(Bilingual, nonblank_texts(8), nonblank_texts(8)))
    return EmissionFactor(
        draw(nonblank_texts(10)).strip(),
        draw(st.sampled_from(["m**3", "t", "kWh", "kg", "piece"])),
        draw(st.decimals(Decimal(0), Decimal(10**6), places=2)),
        draw(st.decimals(Decimal(0), Decimal(10**6), places=2)),
        draw(nonblank_texts(6)).strip(),
        draw(nonblank_texts(10)).strip(),
        draw(days),
        name=name,
        categories=tuple(c.strip() for c in draw(st.lists(nonblank_texts(8), max_size=3))),
        note=draw(texts()),
    )


@given(purchases())
def test_purchase_round_trip(purchase: Purchase) -> None:
    assert round_trip(purchase) == purchase


@given(certificates())
def test_certificate_round_trip(certificate: Certificate) -> None:
    assert round_trip(certificate) == certificate


@given(targets())
def test_target_round_trip(target: Target) -> None:
    assert round_trip(target) == target


@given(baselines)
def test_baseline_round_trip(baseline: Baseline) -> None:
    assert round_trip(baseline) == baseline


@given(jurisdictions())
def test_jurisdiction_round_trip(jurisdiction: Jurisdiction) -> None:
    assert round_trip(jurisdiction) == jurisdiction


@given(activities())
def test_activity_round_trip(activity: Activity) -> None:
    assert round_trip(activity) == activity


@given(factors())
def test_emission_factor_round_trip(factor: EmissionFactor) -> None:
    assert round_trip(factor) == factor


@given(periods)
def test_period_round_trip(period: Period) -> None:
    assert round_trip(period) == period


@given(money())
def test_money_round_trip(amount: Money) -> None:
    assert round_trip(amount) == amount
    assert round_trip(amount).currency == amount.currency


@given(messages)
def test_message_round_trip(message: Message) -> None:
    assert round_trip(message) == message


@given(quantities(negative=True))
def test_quantity_round_trip(quantity: Any) -> None:
    back = round_trip(quantity, type(quantity))
    assert back == quantity
    assert back.units == quantity.units


@given(st.lists(purchases(ids=st.from_regex(r"\Ap[0-9]{1,6}\Z")), max_size=12))
def test_report_round_trip(ledger: list[Purchase]) -> None:
    period = Period(2022, 1, 9)
    shifted = [
        Purchase(
            p.id,
            p.buyer,
            dt.date(2021 + i % 2, 1 + i % 12, 1),
            p.category,
            p.amount,
            p.quantity,
            p.certificates,
            refund=p.refund,
        )
        for i, p in enumerate({p.id: p for p in ledger}.values())
    ]
    report = evaluate(shifted, "kr-priority-cities", period=period)
    assert round_trip(report, AttainmentReport) == report


def test_the_documented_shape() -> None:
    purchase = Purchase(
        "A-1",
        "4812000000",
        dt.date(2022, 3, 14),
        "레미콘",
        Money.krw(36_000_000),
        quantity=Q_(Decimal("120"), "m**3"),
        certificates=[("kr-low-carbon", "LC-17")],
    )
    assert to_plain(purchase) == {
        "id": "A-1",
        "buyer": "4812000000",
        "date": "2022-03-14",
        "category": "레미콘",
        "amount": {"amount": "36000000", "currency": "KRW"},
        "quantity": "120 meter ** 3",
        "certificates": [{"scheme": "kr-low-carbon", "number": "LC-17"}],
        "supplier": "",
        "notes": "",
        "refund": False,
    }
    assert to_plain(Money("1234.50", "EUR")) == {"amount": "1234.50", "currency": "EUR"}
    assert to_plain(Fraction(3, 4)) == "3/4"
    assert to_plain(Period(2022, 1, 9)) == "2022-01..2022-09"
    assert to_plain(Message.of("x {n} {m}", n=1, m=Money.krw(5))) == {
        "msgid": "x {n} {m}",
        "params": {"m": {"$money": {"amount": "5", "currency": "KRW"}}, "n": 1},
    }
    target = Target.of_amount("4800000000", 2022, Money.krw(1_100_000))
    assert to_plain(target)["source"] == "explicit"
    assert from_plain(Money | None, None) is None
    assert from_plain(tuple[Money, ...], [{"amount": "1", "currency": "KRW"}]) == (Money.krw(1),)


@pytest.mark.parametrize(
    ("kind", "data"),
    [
        (Money, {"amount": "1"}),
        (Money, "1 KRW"),
        (dt.date, 20220314),
        (int, "3"),
        (Purchase, {"id": "x"}),
        (Period, 2022),
    ],
)
def test_data_that_does_not_fit_is_refused(kind: Any, data: Any) -> None:
    with pytest.raises(PlainDataError):
        from_plain(kind, data)
