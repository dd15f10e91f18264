"""Smoke test of an installed greenprocure (run outside the repository by .ci/run).

Checks that the package imports from site-packages, that its data files and
catalogs arrived, and that the 2022 sample evaluation reproduces the
published figures.
"""

from __future__ import annotations

import sys

import greenprocure
from greenprocure.datasets import priority_cities_2022
from greenprocure.i18n import percent_text, translate


def main() -> int:
    if "site-packages" not in greenprocure.__file__:
        print(f"greenprocure was imported from {greenprocure.__file__}", file=sys.stderr)
        return 1
    if translate("active", "ko") == "active":
        print("the Korean catalog (.mo) is missing from the installed package", file=sys.stderr)
        return 1
    data = priority_cities_2022()
    report = data.evaluate_sample()
    computed = [percent_text(row.attainment) for row in report.rows if row.attainment is not None]
    published = [str(figure.attainment_percent) for figure in data.published]
    if computed != published:
        print(f"computed {computed} != published {published}", file=sys.stderr)
        return 1
    print(f"greenprocure {greenprocure.__version__} from {greenprocure.__file__}")
    print(f"sample evaluation reproduces the published figures: {', '.join(computed)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
