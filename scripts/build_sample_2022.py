"""Build the SYNTHETIC sample ledger of the 2022 priority-city data set.

The workshop report publishes only percentages (attainment against the
target amount, January-September 2022). To let people run the library on
something real-shaped, this script makes up amounts — every amount is
synthetic — chosen so that evaluating them with ``kr-priority-cities@2022``
over 2022-01..2022-09 reproduces every published percentage to the digit:

* a made-up 2021 counted green amount per metro (the baseline; target =
  baseline × 1.10);
* 2022 purchases whose counted amounts add up to target × published %;
* purchases that must *not* count (expired, revoked or not-yet-valid
  certificates, a non-counting scheme, an unknown certificate, no
  certificate at all), so that the explanations have something to say;
* purchases of the cohort's basic governments (for ``rollup=True``) and a few
  after September (outside the period).

Run from the repository root; it rewrites three files under
``src/greenprocure/datasets/data/``. The output is deterministic.

    python scripts/build_sample_2022.py
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from decimal import Decimal
from pathlib import Path

from greenprocure import Money
from greenprocure.certifications import Certificate, CertificateStatus
from greenprocure.io import write_certificates, write_purchases
from greenprocure.money import round_half_up
from greenprocure.purchases import Purchase
from greenprocure.units import Q_

DATA = Path(__file__).resolve().parent.parent / "src" / "greenprocure" / "datasets" / "data"
BANNER = (
    "# SYNTHETIC SAMPLE DATA (합성 예시 데이터): every amount, certificate and supplier below is\n"
    "# made up by scripts/build_sample_2022.py so that evaluating it with kr-priority-cities@2022\n"
    "# over 2022-01..2022-09 reproduces the published attainment percentages of the 2022\n"
    "# priority cities. They are not the governments' real purchases.\n"
)

#: code, short name, published attainment (%), made-up 2021 counted green amount (KRW)
METROS = (
    ("4800000000", "GN", "78.4", 24_980_000_000),
    ("2600000000", "BS", "71.6", 27_350_000_000),
    ("4100000000", "GG", "67.6", 61_700_000_000),
    ("2700000000", "DG", "67.5", 16_840_000_000),
    ("4200000000", "GW", "62.0", 10_450_000_000),
    ("4600000000", "JN", "62.0", 13_260_000_000),
    ("3000000000", "DJ", "59.7", 9_120_000_000),
    ("1100000000", "SE", "58.0", 48_600_000_000),
)
#: the cohort's basic governments (code, short id)
BASICS = (
    ("2623000000", "BSJ"),  # 부산진구
    ("4812000000", "CW"),  # 창원시
    ("4825000000", "GH"),  # 김해시
    ("2711000000", "DGJ"),  # 대구 중구
    ("4615000000", "SC"),  # 순천시
    ("3014000000", "DJJ"),  # 대전 중구
    ("4111000000", "SW"),  # 수원시
    ("1147000000", "YC"),  # 양천구
    ("4219000000", "TB"),  # 태백시
    ("4221000000", "SCH"),  # 속초시
)

#: category, scheme id, certificate number, holder, unit, unit price (KRW) or None
PRODUCTS = (
    ("복사용지", "kr-eco-label", "S-EL-21001", "예시제지(주)", None, None),
    ("레미콘", "kr-low-carbon", "S-LC-21001", "예시레미콘(주)", "m**3", 85_000),
    ("사무용 가구", "kr-eco-label", "S-EL-21002", "예시가구(주)", None, None),
    ("LED 조명", "kr-eco-label", "S-EL-21003", "예시조명(주)", "ea", 125_000),
    ("재생 토너카트리지", "kr-gr", "S-GR-21001", "예시리사이클(주)", "ea", 50_000),
    ("보도블록", "kr-gr", "S-GR-21002", "예시블록(주)", "m**2", 25_000),
    ("수성 페인트", "kr-eco-label", "S-EL-21004", "예시페인트(주)", "L", 10_000),
    ("재생 아스콘", "kr-gr", "S-GR-21003", "예시아스콘(주)", "t", 62_500),
)
VALID_FROM = dt.date(2021, 1, 4)
VALID_UNTIL = dt.date(2024, 1, 3)


def certificates() -> list[Certificate]:
    """The made-up certificate list: counting ones, and the ones that must be refused."""
    made = [
        Certificate(scheme, number, VALID_FROM, VALID_UNTIL, holder=holder, product=category)
        for category, scheme, number, holder, _, _ in PRODUCTS
    ]
    made += [
        # expired before the purchases that claim it
        Certificate(
            "kr-eco-label",
            "S-EL-19001",
            dt.date(2019, 3, 1),
            dt.date(2022, 2, 28),
            holder="예시문구(주)",
            product="복사용지",
            status=CertificateStatus.EXPIRED,
            status_date=dt.date(2022, 3, 1),
        ),
        # revoked on 2022-04-01
        Certificate(
            "kr-eco-label",
            "S-EL-20001",
            dt.date(2020, 6, 1),
            dt.date(2023, 5, 31),
            holder="예시화학(주)",
            product="세정제",
            status=CertificateStatus.REVOKED,
            status_date=dt.date(2022, 4, 1),
        ),
        # valid only from 2022-08-01
        Certificate(
            "kr-gr",
            "S-GR-22001",
            dt.date(2022, 8, 1),
            dt.date(2026, 7, 31),
            holder="예시재생(주)",
            product="재생 고무매트",
        ),
        # a valid label of a scheme that does not count in Korea
        Certificate(
            "eu-ecolabel",
            "S-EU-0001",
            dt.date(2021, 1, 1),
            dt.date(2025, 12, 31),
            holder="Example Textiles GmbH",
            product="작업복",
        ),
    ]
    return made


#: refused purchases: category, scheme, number, day
REFUSED = (
    ("복사용지", "kr-eco-label", "S-EL-19001", dt.date(2022, 5, 10)),  # expired
    ("세정제", "kr-eco-label", "S-EL-20001", dt.date(2022, 6, 15)),  # revoked
    ("재생 고무매트", "kr-gr", "S-GR-22001", dt.date(2022, 7, 20)),  # not yet valid
    ("작업복", "eu-ecolabel", "S-EU-0001", dt.date(2022, 3, 8)),  # non-counting scheme
    ("문구류", "kr-eco-label", "S-EL-99999", dt.date(2022, 4, 21)),  # not in the list
    ("일반 사무용품", "", "", dt.date(2022, 2, 14)),  # no certificate claimed
)


def split(total: int, parts: int, rng: random.Random) -> list[int]:
    """``total`` won in ``parts`` amounts, rounded to thousands but for the last."""
    weights = [rng.uniform(0.5, 1.5) for _ in range(parts)]
    scale = sum(weights)
    amounts = [int(total * w / scale) // 1000 * 1000 for w in weights[:-1]]
    amounts.append(total - sum(amounts))
    return amounts


def purchase_day(rng: random.Random, last_month: int = 9) -> dt.date:
    month = rng.randint(1, last_month)
    return dt.date(2022, month, rng.randint(1, 28))


def counted(prefix: str, buyer: str, total: int, parts: int, rng: random.Random) -> list[Purchase]:
    rows = []
    for index, amount in enumerate(split(total, parts, rng), start=1):
        category, scheme, number, holder, unit, price = PRODUCTS[(index - 1) % len(PRODUCTS)]
        quantity = None
        if unit is not None and price is not None:
            places = 0 if unit == "ea" else 1  # pieces are whole
            quantity = Q_(round_half_up(Decimal(amount) / price, places), unit)
        rows.append(
            Purchase(
                id=f"{prefix}-{index:03d}",
                buyer=buyer,
                date=purchase_day(rng),
                category=category,
                amount=Money.krw(amount),
                quantity=quantity,
                certificates=[(scheme, number)],
                supplier=holder,
            )
        )
    return rows


def refused(prefix: str, buyer: str, rng: random.Random) -> list[Purchase]:
    rows = []
    for index, (category, scheme, number, day) in enumerate(REFUSED, start=1):
        amount = rng.randrange(20_000_000, 400_000_000, 1000)
        rows.append(
            Purchase(
                id=f"{prefix}-R{index:02d}",
                buyer=buyer,
                date=day,
                category=category,
                amount=Money.krw(amount),
                certificates=[(scheme, number)] if scheme else [],
                supplier="예시상사(주)",
            )
        )
    return rows


def ledger() -> tuple[list[Purchase], list[tuple[str, int, int]]]:
    rng = random.Random(20221020)
    purchases: list[Purchase] = []
    baseline: list[tuple[str, int, int]] = []
    for code, short, percent, base in METROS:
        target = int(round_half_up(Money.krw(base).amount * Decimal("1.10")))
        green = int(round_half_up(Decimal(target) * Decimal(percent) / 100))
        baseline.append((code, 2021, base))
        purchases += counted(f"S22-{short}", code, green, 12, rng)
        purchases += refused(f"S22-{short}", code, rng)
        # after September: outside the Jan-Sep period, reported as such
        purchases.append(
            Purchase(
                id=f"S22-{short}-Q4",
                buyer=code,
                date=dt.date(2022, 11, 3),
                category="복사용지",
                amount=Money.krw(rng.randrange(10_000_000, 90_000_000, 1000)),
                certificates=[("kr-eco-label", "S-EL-21001")],
                supplier="예시제지(주)",
            )
        )
    for code, short in BASICS:
        total = rng.randrange(800_000_000, 3_000_000_000, 1000)
        purchases += counted(f"S22-{short}", code, total, 4, rng)
        purchases += refused(f"S22-{short}", code, rng)[:2]
        # A made-up 2021 amount between 0.9 and 1.6 times this year's, so that
        # the basics' attainments differ (a flat ratio would tie them all).
        ratio = rng.uniform(0.9, 1.6)
        baseline.append((code, 2021, int(total * ratio) // 1_000_000 * 1_000_000))
    purchases.sort(key=lambda p: (p.date, p.id))
    return purchases, baseline


def main() -> None:
    purchases, baseline = ledger()
    text = io.StringIO()
    write_purchases(purchases, text)
    (DATA / "sample_2022_purchases.csv").write_text(BANNER + text.getvalue(), encoding="utf-8")
    text = io.StringIO()
    write_certificates(certificates(), text)
    (DATA / "sample_2022_certificates.csv").write_text(BANNER + text.getvalue(), encoding="utf-8")
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(["code", "year", "amount"])
    writer.writerows(baseline)
    (DATA / "sample_2021_baseline.csv").write_text(BANNER + text.getvalue(), encoding="utf-8")
    print(
        f"wrote {len(purchases)} purchases, {len(certificates())} certificates, "
        f"{len(baseline)} baseline rows to {DATA}"
    )


if __name__ == "__main__":
    main()
