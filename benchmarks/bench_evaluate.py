"""How many purchases per second ``greenprocure.evaluate`` gets through, in memory.

Run from the repository root::

    python benchmarks/bench_evaluate.py            # 200,000 purchases, 5 runs
    python benchmarks/bench_evaluate.py -n 1000000 --runs 3

The ledger is synthetic and deterministic (seeded): about 250 jurisdictions,
two years (the previous year forms the derived baseline), about 40% of the
purchases claiming a certificate, of which some are expired, revoked or
unknown. The purchases are built before the clock starts; the figure is
the rate of ``evaluate`` alone, with its explanations (reason counters and
examples), which it always keeps. The best of the runs is reported.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from collections.abc import Iterator

from greenprocure import Money, evaluate
from greenprocure.certifications import Certificate, CertificateRegistry, CertificateStatus
from greenprocure.purchases import Purchase
from greenprocure.rules import KR_PRIORITY_CITIES_2022

SCHEMES = ("kr-eco-label", "kr-gr", "kr-low-carbon", "eu-ecolabel")
CATEGORIES = ("복사용지", "레미콘", "사무용가구", "LED조명", "토너", "아스팔트콘크리트")


def jurisdictions(count: int) -> list[str]:
    """Synthetic 10-digit codes: 17 metros and their basic governments."""
    codes = [f"{11 + m:02d}00000000" for m in range(17)]
    basic = 0
    while len(codes) < count:
        metro = 11 + basic % 17
        codes.append(f"{metro:02d}{110 + basic:03d}00000")
        basic += 1
    return codes


def certificates(
    rng: random.Random, count: int
) -> tuple[CertificateRegistry, list[tuple[str, str]]]:
    """A certificate list: mostly valid, some expired early, revoked or cancelled."""
    items: list[Certificate] = []
    refs: list[tuple[str, str]] = []
    for index in range(count):
        scheme = SCHEMES[index % len(SCHEMES)]
        number = f"C{index:06d}"
        start = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(0, 900))
        certificate = Certificate(scheme, number, start, start + dt.timedelta(days=3 * 365 - 1))
        roll = rng.random()
        if roll < 0.08:
            certificate = certificate.with_status(
                CertificateStatus.REVOKED, start + dt.timedelta(days=rng.randrange(30, 700))
            )
        elif roll < 0.12:
            certificate = certificate.with_status(
                CertificateStatus.CANCELLED, start + dt.timedelta(days=rng.randrange(30, 700))
            )
        items.append(certificate)
        refs.append((scheme, number))
    return CertificateRegistry(items), refs


def ledger(count: int, seed: int = 20221020) -> tuple[list[Purchase], CertificateRegistry]:
    """``count`` purchases over 2021 and 2022; about 40% claim a certificate."""
    rng = random.Random(seed)
    codes = jurisdictions(250)
    registry, refs = certificates(rng, 5_000)
    start = dt.date(2021, 1, 1)
    purchases: list[Purchase] = []
    for index in range(count):
        day = start + dt.timedelta(days=rng.randrange(0, 730))
        claims: list[tuple[str, str]] = []
        if rng.random() < 0.40:
            claims.append(refs[rng.randrange(len(refs))])
            if rng.random() < 0.02:
                claims.append(("kr-eco-label", f"X{rng.randrange(10_000):05d}"))  # unknown
        purchases.append(
            Purchase(
                id=f"P{index:08d}",
                buyer=codes[rng.randrange(len(codes))],
                date=day,
                category=CATEGORIES[rng.randrange(len(CATEGORIES))],
                amount=Money.from_minor_units(rng.randrange(10_000, 50_000_000), "KRW"),
                certificates=claims,
            )
        )
    return purchases, registry


def stream(purchases: list[Purchase]) -> Iterator[Purchase]:
    """A generator, so that evaluate sees a one-pass iterable as from a lazy loader."""
    yield from purchases


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--purchases", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)

    print(f"building {args.purchases:,} synthetic purchases ...", file=sys.stderr)
    purchases, registry = ledger(args.purchases)
    best = float("inf")
    report = None
    for _ in range(args.runs):
        began = time.perf_counter()
        report = evaluate(
            stream(purchases),
            KR_PRIORITY_CITIES_2022,
            period="2022-01..2022-09",
            certificates=registry,
        )
        best = min(best, time.perf_counter() - began)
    assert report is not None
    totals = report.totals
    print(
        f"purchases: {totals.read:,} read, {totals.counted:,} counted, "
        f"{totals.refused:,} refused, {totals.outside:,} outside; {len(report.rows)} rows"
    )
    print(
        f"evaluate: best of {args.runs} runs {best:.3f} s -> "
        f"{args.purchases / best:,.0f} purchases/s (Python {sys.version.split()[0]})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
