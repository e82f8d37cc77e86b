"""How long a build takes, as an author feels it and as it grows: python bench/run.py

Prints, as medians of several runs on this machine:
  1. a fresh `python build.py` of the default explainer, as a whole process (wall seconds), three ways:
     handout unchanged (the last PDF is kept), handout changed (Chromium prints it again), and --no-pdf;
  2. "our work" (everything but MkDocs and Chromium) for synthetic explainers of growing size
     (bench/generate.py), and how it grows: the exponent k in time ~ events^k between sizes.
Targets (issue 16): under 2.0 s unchanged, under 4.0 s reprinted, k under 1.1 from 100 to 1,000 events.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PROJECT_FILES = ("events.yaml", "mkdocs.yml", "docs", "overrides")
TARGETS = {"unchanged": 2.0, "reprinted": 4.0, "exponent": 1.1}


def copy_project(into: Path) -> Path:
    """The project's author files in a folder of their own, so benchmarks never touch the real site."""
    for name in PROJECT_FILES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, into / name)
        elif source.exists():
            shutil.copy(source, into / name)
    return into


def wall(command: list[str], cwd: Path) -> float:
    """Seconds one command takes as a whole process; it must succeed."""
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def fresh_builds(repeat: int) -> dict[str, list[float]]:
    """Whole `python build.py` runs of the default explainer: handout unchanged, reprinted, and without the PDF."""
    build = [sys.executable, str(REPO / "build.py")]
    times: dict[str, list[float]] = {"unchanged": [], "reprinted": [], "no PDF": []}
    with tempfile.TemporaryDirectory(prefix="explainer-bench-") as folder:
        project = copy_project(Path(folder))
        events = project / "events.yaml"
        original = events.read_text(encoding="utf-8")
        wall(build, project)  # the first build prints the PDF and warms the disk cache
        for _ in range(repeat):
            times["unchanged"].append(wall(build, project))
        for n in range(repeat):
            # Each build changes the handout's text (its title), so the PDF must be printed again.
            events.write_text(original.replace("\n  title: ", f"\n  title: ({n}) ", 1), encoding="utf-8")
            times["reprinted"].append(wall(build, project))
        events.write_text(original, encoding="utf-8")
        for _ in range(repeat):
            times["no PDF"].append(wall(build + ["--no-pdf"], project))
    return times


def our_seconds(data_file: Path, project: Path) -> dict[str, float]:
    """One build in a fresh process; the build's own clock of each phase (run as: run.py --one FILE)."""
    out = subprocess.run([sys.executable, __file__, "--one", str(data_file)], cwd=project, check=True,
                         capture_output=True, text=True)
    return json.loads(out.stdout)


def one(data_file: Path) -> None:
    """Build once without the PDF and print the phases' seconds as JSON (in a child process)."""
    sys.path.insert(0, str(REPO))
    from explainer.pipeline import build_site

    report = build_site(data_file, Path("site"), make_pdf=False)
    seconds = dict(report.seconds)
    # Our work: reading, checking and rendering. Waiting for the grader (its dictionary loads in 0.7 s
    # beside MkDocs) is a fixed cost, printed apart so it does not hide how the work grows.
    seconds["ours"] = sum(seconds.get(k, 0.0) for k in ("read", "validate", "rules", "render"))
    print(json.dumps(seconds))


def growth(sizes: list[int], repeat: int) -> dict[int, dict[str, float]]:
    """Median phase times of synthetic explainers of each size."""
    results = {}
    with tempfile.TemporaryDirectory(prefix="explainer-bench-") as folder:
        project = copy_project(Path(folder))
        for size in sizes:
            data = project / f"events-{size}.yaml"
            subprocess.run([sys.executable, str(REPO / "bench" / "generate.py"), str(size), "-o", str(data)], check=True)
            runs = [our_seconds(data, project) for _ in range(repeat)]
            results[size] = {key: statistics.median(run.get(key, 0.0) for run in runs) for key in runs[0]}
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per figure (default 5)")
    parser.add_argument("--sizes", default="100,1000", help="synthetic explainer sizes, comma-separated ('' for none; add 10000 for information)")
    parser.add_argument("--no-fresh", action="store_true", help="skip the whole-process builds of the default explainer")
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        one(args.one)
        return 0
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} cores; medians of {args.repeat} runs.")
    if not args.no_fresh:
        print("\nFresh `python build.py`, default explainer (wall seconds, whole process):")
        for name, times in fresh_builds(args.repeat).items():
            median = statistics.median(times)
            target = TARGETS.get(name)
            verdict = f"  target < {target} s: {'met' if median < target else 'NOT met'} ({median / target:.0%} of it)" if target else ""
            print(f"  {name:<10} median {median:.2f} s  (min {min(times):.2f}, max {max(times):.2f}){verdict}")
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    if sizes:
        print("\nOur work by size (seconds in one build, MkDocs and Chromium excluded):")
        results = growth(sizes, args.repeat)
        for size, s in results.items():
            phases = ", ".join(f"{k} {v:.3f}" for k, v in s.items() if k not in ("total", "ours"))
            print(f"  {size:>6} events: ours {s['ours']:.3f} s of a {s['total']:.2f} s build ({s['ours'] / s['total']:.0%}); {phases}")
        for small, big in zip(sizes, sizes[1:]):
            k = math.log(results[big]["ours"] / results[small]["ours"]) / math.log(big / small)
            note = f"  target < {TARGETS['exponent']}: {'met' if k < TARGETS['exponent'] else 'NOT met'}" if (small, big) == (100, 1000) else ""
            print(f"  growth {small} -> {big} events: exponent {k:.2f}{note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
