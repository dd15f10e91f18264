"""The pandas script the library replaces: the same figures as ``run_greenprocure.py``.

Run from the repository root (needs the ``bench`` extra: pandas)::

    python benchmarks/peer_pandas.py benchmarks/data/1000000

What an analyst writes by hand for ``kr-priority-cities@2022``: read both CSV
files, join each purchase's claimed certificate to the certificate list,
keep the claims of a counting scheme valid on the purchase date (a status
date — revoked, cancelled, given up, expired — ends validity the day before
it), sum per government for January to September 2022 and for 2021, target =
2021 counted amount × 1.10 rounded half up, attainment = counted / target.
It prints the same canonical JSON as the greenprocure script. One claim per
line, as the generated ledger has; no explanations.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pandas as pd

COUNTING = ("kr-eco-label", "kr-gr", "kr-low-carbon")
ENDING = ("revoked", "cancelled", "given-up")


def attainment_text(counted: int, target: int | None) -> str | None:
    if not target:
        return None
    tenths = (counted * 2000 + target) // (2 * target)
    return f"{tenths // 10}.{tenths % 10}"


def figures(folder: Path) -> dict[str, object]:
    certs = pd.read_csv(
        folder / "certificates.csv",
        usecols=["scheme", "number", "valid_from", "valid_until", "status", "status_date"],
        dtype=str,
        keep_default_na=False,
        encoding="utf-8-sig",
    )
    one_day = pd.Timedelta(days=1)
    start = pd.to_datetime(certs["valid_from"])
    end = pd.to_datetime(certs["valid_until"].replace("", None))
    status_date = pd.to_datetime(certs["status_date"].replace("", None))
    cut = status_date - one_day
    ends = certs["status"].isin(ENDING) | (certs["status"] == "expired")
    end = end.where(~(ends & cut.notna()), pd.concat([end, cut], axis=1).min(axis=1))
    never = certs["status"].isin(ENDING) & status_date.isna()
    end = end.where(~never, start - one_day)
    certs = pd.DataFrame(
        {
            "certificate_scheme": certs["scheme"],
            "certificate_number": certs["number"],
            "start": start,
            "end": end.fillna(pd.Timestamp.max),
        }
    )

    lines = pd.read_csv(
        folder / "purchases.csv",
        usecols=["buyer", "date", "amount", "currency", "certificate_scheme", "certificate_number"],
        dtype={
            "buyer": str,
            "date": str,
            "amount": "int64",
            "currency": str,
            "certificate_scheme": str,
            "certificate_number": str,
        },
        keep_default_na=False,
        encoding="utf-8-sig",
    )
    lines["date"] = pd.to_datetime(lines["date"])
    year, month = lines["date"].dt.year, lines["date"].dt.month
    lines["current"] = (year == 2022) & (month <= 9)
    lines = lines[lines["current"] | (year == 2021)]
    lines = lines.reset_index(drop=True)
    lines["row"] = lines.index
    claims = lines[lines["certificate_scheme"].isin(COUNTING)]
    joined = claims.merge(certs, on=["certificate_scheme", "certificate_number"], how="inner")
    valid = joined[(joined["start"] <= joined["date"]) & (joined["date"] <= joined["end"])]
    lines["counts"] = lines["row"].isin(valid["row"]) & (lines["currency"] == "KRW")
    lines["green"] = lines["amount"].where(lines["counts"], 0)
    sums = lines.groupby(["buyer", "current"])["green"].sum().unstack(fill_value=0)

    rows = []
    for code in sorted(sums.index):
        counted = int(sums.at[code, True]) if True in sums.columns else 0
        base = int(sums.at[code, False]) if False in sums.columns else 0
        target = (base * 11 + 5) // 10 if base > 0 else None
        rows.append(
            {
                "code": code,
                "counted": counted,
                "target": target,
                "attainment": attainment_text(counted, target),
            }
        )
    return {"ruleset": "kr-priority-cities@2022", "period": "2022-01..2022-09", "rows": rows}


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: peer_pandas.py FOLDER", file=sys.stderr)
        return 2
    print(json.dumps(figures(Path(args[0])), ensure_ascii=False, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
