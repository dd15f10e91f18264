"""The polars version of the script the library replaces: the same figures again.

Run from the repository root (needs the ``bench`` extra: polars)::

    python benchmarks/peer_polars.py benchmarks/data/1000000

The computation of ``peer_pandas.py`` (see there) as one lazy polars query.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import polars as pl

COUNTING = ("kr-eco-label", "kr-gr", "kr-low-carbon")
ENDING = ("revoked", "cancelled", "given-up")


def attainment_text(counted: int, target: int | None) -> str | None:
    if not target:
        return None
    tenths = (counted * 2000 + target) // (2 * target)
    return f"{tenths // 10}.{tenths % 10}"


def figures(folder: Path) -> dict[str, object]:
    text = pl.String
    certs = (
        pl.scan_csv(folder / "certificates.csv", infer_schema=False)
        .select(
            pl.col("scheme").alias("certificate_scheme"),
            pl.col("number").alias("certificate_number"),
            pl.col("valid_from").str.to_date().alias("start"),
            pl.col("valid_until").replace("", None).str.to_date().alias("until"),
            pl.col("status"),
            pl.col("status_date").replace("", None).str.to_date().alias("status_date"),
        )
        .with_columns(
            pl.when(pl.col("status").is_in(ENDING) & pl.col("status_date").is_null())
            .then(pl.col("start") - pl.duration(days=1))
            .when(
                pl.col("status").is_in([*ENDING, "expired"]) & pl.col("status_date").is_not_null()
            )
            .then(pl.min_horizontal("until", pl.col("status_date") - pl.duration(days=1)))
            .otherwise(pl.col("until"))
            .fill_null(pl.date(9999, 12, 31))
            .alias("end")
        )
        .select("certificate_scheme", "certificate_number", "start", "end")
    )
    lines = (
        pl.scan_csv(
            folder / "purchases.csv",
            schema_overrides={
                "buyer": text,
                "date": text,
                "amount": pl.Int64,
                "currency": text,
                "certificate_scheme": text,
                "certificate_number": text,
            },
            infer_schema=False,
        )
        .select(
            "buyer",
            pl.col("date").str.to_date(),
            pl.col("amount").cast(pl.Int64),
            "currency",
            "certificate_scheme",
            "certificate_number",
        )
        .with_columns(
            ((pl.col("date").dt.year() == 2022) & (pl.col("date").dt.month() <= 9)).alias("current")
        )
        .filter(pl.col("current") | (pl.col("date").dt.year() == 2021))
        .with_row_index("row")
    )
    valid = (
        lines.filter(pl.col("certificate_scheme").is_in(COUNTING))
        .join(certs, on=["certificate_scheme", "certificate_number"], how="inner")
        .filter((pl.col("start") <= pl.col("date")) & (pl.col("date") <= pl.col("end")))
        .select("row")
        .unique()
        .with_columns(pl.lit(True).alias("valid"))
    )
    sums = (
        lines.join(valid, on="row", how="left")
        .with_columns(
            pl.when(pl.col("valid").fill_null(False) & (pl.col("currency") == "KRW"))
            .then(pl.col("amount"))
            .otherwise(0)
            .alias("green")
        )
        .group_by("buyer")
        .agg(
            pl.col("green").filter(pl.col("current")).sum().alias("counted"),
            pl.col("green").filter(~pl.col("current")).sum().alias("base"),
        )
        .sort("buyer")
        .collect()
    )
    rows = []
    for code, counted, base in sums.select("buyer", "counted", "base").iter_rows():
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
        print("usage: peer_polars.py FOLDER", file=sys.stderr)
        return 2
    print(json.dumps(figures(Path(args[0])), ensure_ascii=False, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
