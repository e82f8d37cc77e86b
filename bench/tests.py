"""How long the test suite takes: wall time (median of runs) and the 10 slowest tests, against the targets of issue 16.

    .venv/bin/python bench/tests.py                  # the non-browser tests (target: under 45 s)
    .venv/bin/python bench/tests.py --all            # the whole suite, browser tests included (target: under 3 minutes)
    .venv/bin/python bench/tests.py --workers 0      # in one process, without pytest-xdist
    .venv/bin/python bench/tests.py --repeat 3 -- -k cli  # after "--": more pytest arguments

Each run is `python -m pytest -n 2` (as scripts/test runs it) in a fresh process from the repository's root,
so it pays what CI pays: imports, the workers' start, session builds, the browser's start. A benchmark, not a
test: it exits 1 when a run fails or the median misses its target. Wall time rises when other work shares the
machine: the load average printed before and after each run says when that happened.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TARGETS = {"not browser": 45.0, "all": 180.0}  # seconds, medians on a 2-core machine (issue 16)
DURATION = re.compile(r"^\s*(\d+\.\d+)s (call|setup|teardown)\s+(\S.*)$")
SUMMARY = re.compile(r"^=* ?(.*\b(passed|failed|error|errors)\b.* in [\d.]+s.*?) ?=*$")


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    """Read the command line; anything after "--" goes to pytest."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--all", action="store_true", help="include the browser tests")
    parser.add_argument("--repeat", type=int, default=1, help="runs to take the median of (default 1)")
    parser.add_argument("--slowest", type=int, default=10, help="how many of the slowest tests to list (default 10)")
    parser.add_argument("--workers", type=int, default=2, help="pytest-xdist workers, as scripts/test (default 2; 0: one process)")
    parser.add_argument("pytest_args", nargs="*", help="more pytest arguments, after --")
    return parser.parse_args(argv)


def load_average() -> str:
    """The 1-minute load average, or '?' where the system does not say."""
    try:
        return f"{os.getloadavg()[0]:.1f}"
    except OSError:
        return "?"


def run_suite(selection: str, slowest: int, workers: int, extra: list[str]) -> tuple[float, int, str, list[tuple[float, str]]]:
    """Run pytest once; return its wall time, exit code, summary line and the slowest tests."""
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--durations={slowest}", *extra]
    if workers:
        command += ["-n", str(workers)]
    if selection != "all":
        command += ["-m", selection]
    started = time.perf_counter()
    run = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
    wall = time.perf_counter() - started
    lines = run.stdout.splitlines()
    summary = next((m.group(1) for line in reversed(lines) if (m := SUMMARY.match(line))), "no summary (see pytest's output)")
    slow = [(float(m.group(1)), f"{m.group(2):8} {m.group(3)}") for line in lines if (m := DURATION.match(line))]
    if run.returncode not in (0, 5):
        sys.stdout.write(run.stdout[-4000:] + run.stderr[-2000:])
    return wall, run.returncode, summary, slow[:slowest]


def main(argv: list[str] | None = None) -> int:
    """Run the suite, print the figures, and say whether the target holds."""
    args = parse_arguments(sys.argv[1:] if argv is None else argv)
    selection = "all" if args.all else "not browser"
    if args.workers and importlib.util.find_spec("xdist") is None:
        print("pytest-xdist is not installed (pip install -r requirements-dev.txt): running in one process.")
        args.workers = 0
    walls, failed, slowest = [], False, []
    workers = f"{args.workers} workers" if args.workers else "one process"
    print(f"Tests: {'the whole suite' if args.all else 'the non-browser tests'}, {workers}, {args.repeat} run(s), {os.cpu_count()} cores")
    for number in range(1, args.repeat + 1):
        before = load_average()
        wall, code, summary, slow = run_suite(selection, args.slowest, args.workers, args.pytest_args)
        walls.append(wall)
        failed |= code != 0
        slowest = slow
        print(f"  run {number}: {wall:6.1f} s wall; {summary}; load average {before} -> {load_average()}")
    median = statistics.median(walls)
    print(f"\nThe {len(slowest)} slowest tests (last run):")
    for seconds, name in slowest:
        print(f"  {seconds:6.2f} s  {name}")
    target = TARGETS[selection]
    verdict = "holds" if median < target else "MISSED"
    print(f"\nMedian wall time: {median:.1f} s; target under {target:.0f} s: {verdict}.")
    return 1 if failed or median >= target else 0


if __name__ == "__main__":
    sys.exit(main())
