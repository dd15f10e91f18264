"""A deterministic synthetic national ledger, in the library's own CSV layout.

Run from the repository root::

    python benchmarks/generate.py --sizes 10000 100000 1000000

writes ``benchmarks/data/<N>/purchases.csv`` and ``benchmarks/data/<N>/certificates.csv``
(git-ignored). The same seed and size always give the same bytes.

The ledger: ``N`` purchase lines over all 243 local governments of Korea
(17 metropolitan and 226 basic governments, ``korea().on(date)``), dated from
2021-01-01 (the previous year, which forms the baseline) to 2022-09-30 (the
current year, January to September); 30 item categories; amounts from
₩10,000 to ₩50,000,000 (log-uniform); about 40% of the lines claim one
certificate of 20,000 certificates of three schemes (kr-eco-label, kr-gr,
kr-low-carbon), of which some are revoked, cancelled or given up on a date,
some expire before the purchase, some only start after it, and about 3% of the
claims name a number that is not in the list at all.

The columns are exactly those ``write_purchases`` / ``write_certificates``
write (``PURCHASE_FIELDS``, ``CERTIFICATE_FIELDS``), UTF-8 with a byte order
mark and CRLF line ends, like the library's own files.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import math
import random
import sys
from pathlib import Path

from greenprocure.io import CERTIFICATE_FIELDS, PURCHASE_FIELDS
from greenprocure.jurisdictions import korea

__all__ = ["CATEGORIES", "SCHEMES", "generate", "jurisdiction_codes"]

SEED = 20221020
DATA = Path(__file__).resolve().parent / "data"
SCHEMES = ("kr-eco-label", "kr-gr", "kr-low-carbon")
_PREFIX = {"kr-eco-label": "EL", "kr-gr": "GR", "kr-low-carbon": "LC"}
CATEGORIES = (
    "복사용지", "레미콘", "사무용가구", "LED조명", "토너", "아스팔트콘크리트", "화장지",
    "페인트", "단열재", "보도블록", "PC", "모니터", "프린터", "복합기", "냉난방기",
    "냉장고", "세탁기", "청소기", "전선", "배관재", "타일", "벽지", "바닥재", "창호",
    "의자", "책상", "파일", "봉투", "세제", "쓰레기봉투",
)  # fmt: skip
CERTIFICATES = 20_000
FIRST_DAY = dt.date(2021, 1, 1)
LAST_DAY = dt.date(2022, 9, 30)


def jurisdiction_codes(day: dt.date = dt.date(2022, 1, 1)) -> list[str]:
    """The codes of every metropolitan and basic government on ``day``, sorted."""
    snapshot = korea().on(day)
    return sorted({j.code for j in snapshot.metros()} | {j.code for j in snapshot.basics()})


def _certificates(rng: random.Random, count: int) -> list[list[str]]:
    rows: list[list[str]] = []
    for index in range(count):
        scheme = SCHEMES[index % len(SCHEMES)]
        number = f"{_PREFIX[scheme]}-{index:06d}"
        start = dt.date(2018, 1, 1) + dt.timedelta(days=rng.randrange(0, 1700))
        years = 2 + rng.randrange(2)
        end = start + dt.timedelta(days=365 * years - 1)
        status, status_date = "active", ""
        roll = rng.random()
        if roll < 0.07:
            status = "revoked"
        elif roll < 0.10:
            status = "cancelled"
        elif roll < 0.12:
            status = "given-up"
        if status != "active":
            status_date = (start + dt.timedelta(days=rng.randrange(30, 700))).isoformat()
        rows.append(
            [
                scheme,
                number,
                f"녹색기업{index % 997:03d}(주)",
                f"제품{index:05d}",
                "",
                start.isoformat(),
                end.isoformat(),
                status,
                status_date,
            ]
        )
    return rows


def generate(
    count: int, out: Path, *, seed: int = SEED, certificates: int = CERTIFICATES
) -> tuple[Path, Path]:
    """Write ``count`` purchase lines and the certificate list under ``out``.

    Returns:
        The purchases file and the certificates file.
    """
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    codes = jurisdiction_codes()
    cert_rows = _certificates(rng, certificates)
    cert_path = out / "certificates.csv"
    with open(cert_path, "w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\r\n")
        writer.writerow(CERTIFICATE_FIELDS)
        writer.writerows(cert_rows)
    refs = [(row[0], row[1]) for row in cert_rows]
    suppliers = [f"(주)공급사{index:03d}" for index in range(500)]
    days = [FIRST_DAY + dt.timedelta(days=n) for n in range((LAST_DAY - FIRST_DAY).days + 1)]
    iso = [day.isoformat() for day in days]
    low, high = math.log(10_000), math.log(50_000_000)
    purchase_path = out / "purchases.csv"
    with open(purchase_path, "w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\r\n")
        writer.writerow(PURCHASE_FIELDS)
        batch: list[list[str]] = []
        random_ = rng.random
        randrange = rng.randrange
        for index in range(count):
            amount = min(50_000_000, max(10_000, round(math.exp(low + (high - low) * random_()))))
            scheme = number = ""
            if random_() < 0.40:
                scheme, number = refs[randrange(len(refs))]
                if random_() < 0.03:
                    number = f"{_PREFIX[scheme]}-X{randrange(100_000):05d}"  # not in the list
            batch.append(
                [
                    f"P{index:08d}",
                    codes[randrange(len(codes))],
                    iso[randrange(len(iso))],
                    CATEGORIES[randrange(len(CATEGORIES))],
                    str(amount),
                    "KRW",
                    "",
                    "",
                    scheme,
                    number,
                    suppliers[randrange(len(suppliers))],
                    "",
                    "false",
                ]
            )
            if len(batch) >= 10_000:
                writer.writerows(batch)
                batch.clear()
        writer.writerows(batch)
    return purchase_path, cert_path


def data_dir(count: int, root: Path = DATA) -> Path:
    """Where the ledger of ``count`` lines is written."""
    return root / str(count)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000])
    parser.add_argument("--out", type=Path, default=DATA, help="root folder (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    for count in args.sizes:
        purchases, certs = generate(count, data_dir(count, args.out), seed=args.seed)
        print(f"{count:,} lines: {purchases} and {certs}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
