"""Purchases as an OCDS 1.1 release package with the sustainability extension."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from greenprocure import Money
from greenprocure.certifications import Certificate, CertificateRegistry
from greenprocure.cli import main
from greenprocure.io import write_ocds
from greenprocure.io.ocds import SUSTAINABILITY_EXTENSION, ocds_package
from greenprocure.jurisdictions import korea
from greenprocure.purchases import Purchase
from greenprocure.rules import KR_PRIORITY_CITIES_2022
from greenprocure.units import Q_

CERTS = CertificateRegistry(
    [
        Certificate("kr-low-carbon", "LC-17", dt.date(2021, 1, 1), dt.date(2023, 12, 31)),
        Certificate("kr-gr", "GR-1", dt.date(2021, 1, 1), dt.date(2023, 12, 31)),
        Certificate("kr-eco-label", "E1", dt.date(2019, 1, 1), dt.date(2021, 12, 31)),
        Certificate("eu-ecolabel", "EU-9", dt.date(2020, 1, 1), dt.date(2025, 12, 31)),
    ]
)

LEDGER = [
    Purchase(
        "A-1",
        "4812000000",
        dt.date(2022, 3, 14),
        "레미콘",
        Money.krw(36_000_000),
        quantity=Q_(400, "m**3"),
        certificates=[("kr-low-carbon", "LC-17")],
        supplier="세기산업(주)",
    ),
    Purchase(
        "A-2",
        "4800000000",
        dt.date(2022, 4, 1),
        "재생 타일",
        Money.krw(1_234_000),
        certificates=[("kr-gr", "GR-1")],
    ),
    # The eco-label certificate expired at the end of 2021: refused.
    Purchase(
        "A-3",
        "4800000000",
        dt.date(2022, 5, 2),
        "복사용지",
        Money.krw(50_000),
        certificates=[("kr-eco-label", "E1")],
    ),
    Purchase("A-4", "2600000000", dt.date(2022, 6, 1), "복사용지", Money.krw(7_000)),
    Purchase(
        "E-1",
        "1100000000",
        dt.date(2022, 7, 1),
        "paper",
        Money("1234.50", "EUR"),
        certificates=[("eu-ecolabel", "EU-9")],
    ),
]

PUBLISHED = dt.datetime(2022, 10, 21, 9, 0, tzinfo=dt.timezone.utc)


def package(**options: Any) -> dict[str, Any]:
    buffer = io.StringIO()
    count = write_ocds(
        LEDGER,
        buffer,
        certificates=CERTS,
        registry=korea(),
        publisher="ICLEI Korea",
        ocid_prefix="ocds-abc123-",
        published_date=PUBLISHED,
        **options,
    )
    assert count == len(LEDGER)
    data: dict[str, Any] = json.loads(buffer.getvalue(), parse_float=Decimal)
    return data


def by_id(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {release["tender"]["id"]: release for release in data["releases"]}


def test_package_structure() -> None:
    data = package()
    assert set(data) == {"uri", "version", "publishedDate", "publisher", "extensions", "releases"}
    assert data["version"] == "1.1"
    assert data["publishedDate"] == "2022-10-21T09:00:00Z"
    assert data["publisher"] == {"name": "ICLEI Korea"}
    assert data["extensions"] == [
        "https://raw.githubusercontent.com/open-contracting-extensions/"
        "ocds_sustainability_extension/master/extension.json"
    ]
    assert data["extensions"][0] == SUSTAINABILITY_EXTENSION
    for release in data["releases"]:
        for key in ("ocid", "id", "date", "tag", "initiationType", "parties", "buyer", "tender"):
            assert key in release
        assert release["tag"] == ["contract"]
        assert release["initiationType"] == "tender"
        assert release["ocid"] == "ocds-abc123-" + release["tender"]["id"]
        assert release["buyer"]["id"] in {p["id"] for p in release["parties"]}


def test_release_of_a_low_carbon_purchase() -> None:
    release = by_id(package())["A-1"]
    assert release["date"] == "2022-03-14T00:00:00Z"
    assert release["buyer"] == {"id": "4812000000", "name": "창원시"}
    roles = {party["name"]: party["roles"] for party in release["parties"]}
    assert roles == {"창원시": ["buyer"], "세기산업(주)": ["supplier"]}
    item = release["tender"]["items"][0]
    assert item["description"] == "레미콘"
    assert item["quantity"] == 400
    assert item["unit"]["id"] == "MTQ"
    assert item["unit"]["scheme"] == "UNCEFACT"
    assert release["tender"]["hasSustainability"] is True
    (entry,) = release["tender"]["sustainability"]
    assert entry["goal"] == "environmental.climateChangeMitigation"
    assert entry["strategies"] == ["technicalSpecifications", "nationalGPPCriteria"]
    assert "LC-17" in entry["description"]
    (contract,) = release["contracts"]
    assert contract["value"] == {"amount": 36_000_000, "currency": "KRW"}
    assert isinstance(contract["value"]["amount"], int)
    assert contract["dateSigned"] == "2022-03-14T00:00:00Z"


def test_goals_and_strategies_by_scheme() -> None:
    releases = by_id(package())
    recycled = releases["A-2"]["tender"]["sustainability"][0]
    assert recycled["goal"] == "environmental.circularEconomy"
    assert recycled["strategies"] == ["technicalSpecifications", "nationalGPPCriteria"]
    eu = releases["E-1"]["tender"]["sustainability"][0]
    assert eu["goal"] == "environmental"
    assert eu["strategies"] == ["technicalSpecifications", "euGPPCriteria"]


def test_refused_and_uncertified_purchases_have_no_sustainability() -> None:
    releases = by_id(package())
    for purchase_id in ("A-3", "A-4"):
        tender = releases[purchase_id]["tender"]
        assert tender["hasSustainability"] is False
        assert "sustainability" not in tender


def test_amounts_keep_the_currency_decimals() -> None:
    buffer = io.StringIO()
    write_ocds(LEDGER[-1:], buffer, published_date=PUBLISHED)
    assert '"amount": 1234.50' in buffer.getvalue()
    value = json.loads(buffer.getvalue(), parse_float=Decimal)["releases"][0]["contracts"][0]
    assert value["value"] == {"amount": Decimal("1234.50"), "currency": "EUR"}


def test_ruleset_decides_what_counts() -> None:
    releases = by_id(package(ruleset=KR_PRIORITY_CITIES_2022))
    green = {pid for pid, r in releases.items() if r["tender"]["hasSustainability"]}
    # The Korean rule set refuses the expired eco-label and the purchase without a claim;
    # the euro purchase is in another currency than the rule set's, so it does not count.
    assert green == {"A-1", "A-2"}
    assert releases["A-1"]["tender"]["sustainability"][0]["goal"] == (
        "environmental.climateChangeMitigation"
    )


def test_without_registry_the_name_is_the_code() -> None:
    data = ocds_package(LEDGER[:1], certificates=CERTS, published_date=dt.date(2022, 10, 21))
    assert data["publishedDate"] == "2022-10-21T00:00:00Z"
    assert data["releases"][0]["buyer"] == {"id": "4812000000", "name": "4812000000"}
    assert data["releases"][0]["ocid"].endswith("A-1")


def test_cli_report_format_ocds(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    purchases = tmp_path / "purchases.csv"
    purchases.write_text(
        "구매번호,수요기관,구매일자,품목,구매금액,인증구분,인증번호\n"
        'A-1,창원시,2022.03.14,레미콘,"36,000,000원",저탄소제품,LC-17\n'
        "A-4,부산광역시,2022.06.01,복사용지,7000,,\n",
        encoding="utf-8",
    )
    certificates = tmp_path / "certificates.csv"
    certificates.write_text(
        "scheme,number,valid_from,valid_until\nkr-low-carbon,LC-17,2021-01-01,2023-12-31\n",
        encoding="utf-8",
    )
    status = main(
        [
            "report",
            str(purchases),
            "--period",
            "2022",
            "--certificates",
            str(certificates),
            "--format",
            "ocds",
        ]
    )
    out = capsys.readouterr().out
    assert status == 0
    data = json.loads(out)
    assert data["version"] == "1.1"
    releases = {r["tender"]["id"]: r for r in data["releases"]}
    assert releases["A-1"]["tender"]["hasSustainability"] is True
    assert releases["A-1"]["buyer"]["name"] == "창원시"
    assert releases["A-4"]["tender"]["hasSustainability"] is False
    assert releases["A-1"]["contracts"][0]["value"] == {"amount": 36000000, "currency": "KRW"}
