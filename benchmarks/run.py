"""The benchmark driver: greenprocure against a pandas and a polars script, end to end.

Run from the repository root (needs the ``bench`` extra: pandas and polars)::

    python benchmarks/run.py --sizes 10000 100000 1000000

For each size it generates the ledger if it is missing (``generate.py``),
runs the three scripts once and checks that they print identical
per-jurisdiction figures (code, counted amount, target, attainment to 0.1%),
then times each script as a whole process (``--runs`` rounds of one run of
each script, median wall time) and records its peak memory (the child's maximum resident set size,
from ``os.wait4``). It prints a Markdown table and writes it to
``benchmarks/out/results.md``. Every script runs with its bytecode cached
(see ``ENV``), as an installed library's is.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import DATA, data_dir, generate  # noqa: E402

#: The scripts' environment. Python keeps compiled bytecode, as it does for
#: an installed package (pip compiles it on install): a machine that sets
#: PYTHONDONTWRITEBYTECODE would otherwise make greenprocure (installed
#: editable, from source) compile its modules in every timed run while the
#: peers' libraries load theirs. The cache goes under benchmarks/out/, not
#: into the source tree; the identity check's runs fill it before any timing.
ENV = {
    **{key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"},
    "PYTHONPYCACHEPREFIX": str(HERE / "out" / "pycache"),
}

SCRIPTS = {
    "greenprocure": HERE / "run_greenprocure.py",
    "pandas": HERE / "peer_pandas.py",
    "polars": HERE / "peer_polars.py",
}


def output(script: Path, folder: Path) -> str:
    """What ``script`` prints for the ledger in ``folder``."""
    child = subprocess.run(
        [sys.executable, str(script), str(folder)],
        capture_output=True,
        text=True,
        check=False,
        env=ENV,
    )
    if child.returncode:
        raise SystemExit(f"{script.name} failed ({child.returncode}):\n{child.stderr}")
    return child.stdout


def timed(script: Path, folder: Path) -> tuple[float, int]:
    """Wall time (s) and peak RSS (KiB) of one run of ``script``, output discarded."""
    began = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, str(script), str(folder)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=ENV,
    )
    _pid, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - began
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise SystemExit(f"{script.name} failed ({child.returncode})")
    return wall, usage.ru_maxrss  # KiB on Linux


def figures(script: str, folder: Path) -> dict[str, object]:
    data: dict[str, object] = json.loads(output(SCRIPTS[script], folder))
    return data


def check(folder: Path, scripts: list[str]) -> int:
    """The number of rows, after checking every script prints the same figures."""
    results = {name: figures(name, folder) for name in scripts}
    reference = results["greenprocure"]
    for name, result in results.items():
        if result != reference:
            raise SystemExit(f"{name} disagrees with greenprocure on {folder}")
    rows = reference["rows"]
    assert isinstance(rows, list)
    return len(rows)


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{os.cpu_count()} CPUs ({model}), Python {platform.python_version()},"
        f" {platform.system()} {platform.release()}"
    )


def round_notes(size: int, timings: dict[str, list[tuple[float, int]]]) -> list[str]:
    """greenprocure's time over each peer's, round by round (the rounds ran back to back).

    On a machine whose speed drifts, the ratio within a round is steadier
    than the ratio of the medians: both scripts ran within seconds.
    """
    notes = []
    own = [wall for wall, _peak in timings["greenprocure"]]
    for name, runs in timings.items():
        if name == "greenprocure":
            continue
        ratios = sorted(mine / wall for mine, (wall, _peak) in zip(own, runs, strict=True))
        faster = sum(ratio < 1 for ratio in ratios)
        notes.append(
            f"{size:,} lines, greenprocure's time ÷ the {name} script's in each round:"
            f" median {statistics.median(ratios):.2f}, {ratios[0]:.2f} to {ratios[-1]:.2f};"
            f" faster in {faster} of {len(ratios)} rounds."
        )
    return notes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=3, help="timed runs per script (median)")
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--scripts", nargs="+", default=list(SCRIPTS), choices=list(SCRIPTS))
    args = parser.parse_args(argv)
    if "greenprocure" not in args.scripts:
        args.scripts.insert(0, "greenprocure")

    lines = [
        f"Machine: {machine()}; median of {args.runs} runs; peak = max RSS of the process.",
        "",
        "| lines | script | wall time (s) | peak memory (MiB) | time / greenprocure's"
        " | memory / greenprocure's |",
        "| ---: | --- | ---: | ---: | ---: | ---: |",
    ]
    walls: dict[tuple[int, str], float] = {}
    notes: list[str] = []
    for size in args.sizes:
        folder = data_dir(size, args.data)
        if not (folder / "purchases.csv").exists():
            generate(size, folder)
        rows = check(folder, args.scripts)
        print(f"{size:,} lines: all scripts agree on {rows} jurisdictions", file=sys.stderr)
        measured: dict[str, tuple[float, float]] = {}
        # Round-robin (one run of each script, then the next round): a slow
        # patch of the machine falls on every script alike.
        timings: dict[str, list[tuple[float, int]]] = {name: [] for name in args.scripts}
        for _round in range(args.runs):
            for name in args.scripts:
                timings[name].append(timed(SCRIPTS[name], folder))
        for name in args.scripts:
            runs = timings[name]
            wall = statistics.median(run[0] for run in runs)
            peak = max(run[1] for run in runs) / 1024
            measured[name] = (wall, peak)
            walls[size, name] = wall
            print(f"  {name}: {wall:.2f} s, {peak:.0f} MiB", file=sys.stderr)
        notes.extend(round_notes(size, timings))
        own_wall, own_peak = measured["greenprocure"]
        for name, (wall, peak) in measured.items():
            lines.append(
                f"| {size:,} | {name} | {wall:.2f} | {peak:.0f} | {wall / own_wall:.2f}"
                f" | {peak / own_peak:.2f} |"
            )
    sizes = sorted(args.sizes)
    for small, large in itertools.pairwise(sizes):
        grow = walls[large, "greenprocure"] / walls[small, "greenprocure"]
        lines.append("")
        lines.append(
            f"greenprocure: {large // small}× the lines took {grow:.1f}× the time"
            f" ({small:,} → {large:,})."
        )
    if notes:
        lines += ["", *notes]
    table = "\n".join(lines)
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    (out / "results.md").write_text(table + "\n", encoding="utf-8")
    print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
