"""The Purchase model: validation, normalisation, pickling."""

from __future__ import annotations

import datetime as dt
import pickle

import pint
import pytest
from hypothesis import given

from greenprocure import Money
from greenprocure.certifications import CertificateRef
from greenprocure.errors import RecordError
from greenprocure.purchases import Purchase
from greenprocure.units import Q_
from strategies import purchases

DAY = dt.date(2022, 3, 14)


def make(**changes: object) -> Purchase:
    fields: dict[str, object] = {
        "id": "2022-000123",
        "buyer": "4812000000",
        "date": DAY,
        "category": "레미콘",
        "amount": Money.krw(36_000_000),
    }
    fields.update(changes)
    return Purchase(**fields)  # type: ignore[arg-type]


def test_a_purchase() -> None:
    p = make(
        quantity=Q_(400, "m**3"),
        certificates=[("kr-low-carbon", "LC-2021-017"), ["kr-gr", " GR-1 "]],
        supplier="세기산업(주)",
    )
    assert p.certificates == (
        CertificateRef("kr-low-carbon", "LC-2021-017"),
        CertificateRef("kr-gr", "GR-1"),
    )
    assert (p.currency, p.claims_certificate, p.refund) == ("KRW", True, False)
    assert not make().claims_certificate


def test_text_is_nfc_and_stripped() -> None:
    decomposed = "\u110e\u1161\u11bc\u110b\u116f\u11ab\u1109\u1175"  # 창원시 in NFD
    p = make(id=" a ", buyer=f" {decomposed} ", supplier=" x ", notes=" n ")
    assert (p.id, p.buyer, p.supplier, p.notes) == ("a", "창원시", "x", "n")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"id": "  "}, "id", "purchase id '' is empty"),
        ({"buyer": ""}, "buyer", "buyer '' is empty"),
        ({"date": "2022-03-14"}, "date", "is not a calendar date"),
        ({"date": dt.datetime(2022, 3, 14)}, "date", "is not a calendar date"),
        ({"amount": 36_000_000}, "amount", "is not Money"),
        ({"amount": Money.krw(-5000)}, "amount", "is negative, which only a refund"),
        ({"amount": Money.krw(5000), "refund": True}, "amount", "must not be positive"),
        ({"refund": "Y"}, "refund", "is not True or False"),
        ({"category": None}, "category", "category None is not text"),
        ({"supplier": 3}, "supplier", "supplier 3 is not text"),
        ({"quantity": 400}, "quantity", "is not a quantity of greenprocure.units"),
        (
            {"quantity": pint.UnitRegistry().Quantity(1, "kg")},
            "quantity",
            "is not a quantity of greenprocure.units",
        ),
        ({"quantity": Q_(-1, "piece")}, "quantity", "quantity -1 piece is negative"),
    ],
)
def test_invalid_purchases(changes: dict[str, object], field: str, message: str) -> None:
    with pytest.raises(RecordError, match=message) as caught:
        make(**changes)
    assert caught.value.params["field"] == field


@pytest.mark.parametrize(
    "claims",
    ["kr-gr 1", [("kr-gr",)], [("kr-gr", "")], [("kr-gr", 1)], 5],
)
def test_invalid_certificate_claims(claims: object) -> None:
    with pytest.raises(RecordError) as caught:
        make(certificates=claims)
    assert caught.value.params["field"] == "certificates"


def test_refunds() -> None:
    refund = make(amount=Money.krw(-5000), quantity=Q_(-2, "piece"), refund=True)
    assert refund.amount.minor_units == -5000
    assert make(amount=Money.krw(0), refund=True).refund


@given(purchases())
def test_purchases_pickle_and_compare(purchase: Purchase) -> None:
    again = pickle.loads(pickle.dumps(purchase))
    assert again == purchase
    assert hash(again) == hash(purchase)
