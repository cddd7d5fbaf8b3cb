"""Start-up benchmark: `geomap extract` of one article, end to end, as a user runs it.

    python benchmarks/startup.py [--runs N] [--article FILE]

Three ways, each run in a fresh process (`python -m geomap extract ARTICLE`, output discarded):
- cold: an empty index cache (GEOMAP_CACHE_DIR, a new folder each run): the first run after
  installing, which builds the gazetteer index, the spotting automaton, the word table and the
  area outlines into the cache;
- warm: the cache built, as every later run finds it;
- off: GEOMAP_CACHE_DIR=off, every index built in memory and nothing written.
Prints the median (and min–max) of wall seconds, CPU seconds (user + system, from the
operating system's accounting of the child) and peak RSS. Asserts nothing.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "aleppo-evacuation-2016-12.txt"


def run_once(article: Path, cache_dir: str) -> tuple[float, float, float]:
    """(wall s, cpu s, peak MiB) of one `geomap extract` in a fresh process."""
    env = {**os.environ, "GEOMAP_CACHE_DIR": cache_dir}
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "geomap", "extract", str(article)],
                            stdout=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"geomap extract failed (exit {os.waitstatus_to_exitcode(status)})")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def measure(label: str, article: Path, runs: int, cache_dir: Callable[[], str]) -> None:
    """Run `runs` times (cache folder from cache_dir() each run) and print the medians."""
    samples = [run_once(article, cache_dir()) for _ in range(runs)]
    cols = list(zip(*samples))
    print(f"{label:<5}" + "".join(
        f"  {name} {statistics.median(c):.{digits}f} ({min(c):.{digits}f}-{max(c):.{digits}f})"
        f"{unit}" for name, c, unit, digits in (("wall", cols[0], " s", 3),
                                                ("cpu", cols[1], " s", 3),
                                                ("peak", cols[2], " MiB", 0))))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--article", type=Path, default=SEED)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="geomap-startup-") as tmp:
        fresh = iter(range(10**6))
        measure("cold", args.article, args.runs, lambda: f"{tmp}/cold-{next(fresh)}")
        run_once(args.article, f"{tmp}/warm")  # build it once
        measure("warm", args.article, args.runs, lambda: f"{tmp}/warm")
        measure("off", args.article, args.runs, lambda: "off")


if __name__ == "__main__":
    main()
