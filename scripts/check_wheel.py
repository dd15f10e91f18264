"""Check that a built wheel holds every file the package reads at run time.

Usage: python scripts/check_wheel.py dist/greenprocure-*.whl

Every data file under src/greenprocure (catalogs, unit definitions, CSV and
JSON data) must be in the wheel, with ``py.typed`` and both compiled
catalogs (``.mo``).
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

DATA_SUFFIXES = {".mo", ".po", ".csv", ".json", ".txt", ".typed"}


def main(wheel: str) -> int:
    names = set(zipfile.ZipFile(wheel).namelist())
    src = Path(__file__).resolve().parent.parent / "src"
    expected = {"greenprocure/py.typed"}
    for path in (src / "greenprocure").rglob("*"):
        if path.is_file() and path.suffix in DATA_SUFFIXES:
            expected.add(path.relative_to(src).as_posix())
    missing = sorted(expected - names)
    if missing:
        print(f"missing from {wheel}: {missing}", file=sys.stderr)
        return 1
    catalogs = sorted(name for name in names if name.endswith(".mo"))
    if len(catalogs) < 2:
        print(f"expected the ko and en catalogs in the wheel, found {catalogs}", file=sys.stderr)
        return 1
    print(f"wheel holds all {len(expected)} data files, including {', '.join(catalogs)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
