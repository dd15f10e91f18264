"""The greenprocure script of the benchmark: CSV → read_purchases / read_certificates → evaluate.

Run from the repository root::

    python benchmarks/run_greenprocure.py benchmarks/data/1000000

prints the per-jurisdiction figures of ``kr-priority-cities@2022`` for
January to September 2022 (code, counted amount, target, attainment to 0.1%)
as one canonical JSON document, the same as ``peer_pandas.py`` and
``peer_polars.py`` print. The purchases are read lazily (streamed: no list
of a million purchases is ever held) and without the duplicate-id check
(which keeps every id in memory; the generator's ids are unique). Every
rejected row is counted: the script fails if any row was rejected, so that
nothing is silently dropped. The evaluation keeps its explanations (reason
counters and examples) as always.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from greenprocure import evaluate
from greenprocure.io import read_certificates, read_purchases

RULESET = "kr-priority-cities@2022"
#: Processes that read and count the ledger (the machine's cores, at most 2 here).
WORKERS = min(2, os.cpu_count() or 1)
PERIOD = "2022-01..2022-09"


def attainment_text(counted: int, target: int | None) -> str | None:
    """counted / target in percent, rounded half up to 0.1 (``"104.7"``)."""
    if not target:
        return None
    tenths = (counted * 2000 + target) // (2 * target)
    return f"{tenths // 10}.{tenths % 10}"


def figures(folder: Path) -> dict[str, object]:
    """The canonical figures of the ledger in ``folder``."""
    certificates = read_certificates(folder / "certificates.csv")
    purchases = read_purchases(folder / "purchases.csv", lazy=True, check_duplicates=False)
    report = evaluate(purchases, RULESET, period=PERIOD, certificates=certificates, workers=WORKERS)
    rejected = len(certificates.rejected) + len(purchases.rejected)
    if rejected:
        raise SystemExit(f"{rejected} rows were rejected: {purchases.rejected[:3]}")
    rows = []
    for row in sorted(report.rows, key=lambda row: row.code):
        counted = row.amount.minor_units
        amount = row.target.amount if row.target is not None else None
        target = amount.minor_units if amount is not None else None
        rows.append(
            {
                "code": row.code,
                "counted": counted,
                "target": target,
                "attainment": attainment_text(counted, target),
            }
        )
    explained = sum(len(row.refusals) for row in map(report.explain, report.jurisdictions))
    print(
        f"greenprocure: {purchases.read:,} purchases read, {purchases.accepted:,} accepted,"
        f" {report.totals.counted:,} counted, {explained} refusal reasons explained",
        file=sys.stderr,
    )
    return {"ruleset": RULESET, "period": PERIOD, "rows": rows}


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: run_greenprocure.py FOLDER", file=sys.stderr)
        return 2
    print(json.dumps(figures(Path(args[0])), ensure_ascii=False, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
