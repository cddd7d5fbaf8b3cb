"""Batch benchmark: `geomap.batch.run` on distinct dated articles, local with 1 and 2 workers
and Dask with 2, beside a pure-CPU baseline of the same machine.

    python benchmarks/batch_bench.py [--mb 1] [--shards 8] [--seed 1] [--skip-dask]

Workload: cold.py's — the dev passages copied to --mb MB of UTF-8, each place name replaced
by a random gazetteer name of its kind, so no per-name cache is warm — as JSONL articles with
an id, a date, a url and a source, cut into --shards shards.
Measured, each in a fresh interpreter:
- batch, local, 1 worker (this process), 2 workers (a forked pool), dask, 2 workers (a new
  LocalCluster of 2 processes): articles/s over the whole run, start-up included (the pool's
  gazetteer load before forking; the cluster's start and each Dask worker's gazetteer load),
  per CPU-second of every process (what a loaded machine does not change much), and over the
  shards' own time (extraction and writing, added up over the workers);
- the largest worker's memory (RSS, PSS, private, from /proc/PID/smaps_rollup; with 1 worker,
  this process's peak RSS);
- naive (cold.py's pure-Python dictionary lookup over the same texts) with 1 and 2 processes:
  the speedup this machine gives a pure-CPU loop right now, beside geomap's; and, from each
  worker's /proc schedstat, how long the workers waited for a CPU and the speedup idle cores
  would give (cold.free_core_speedup).
Prints figures; asserts nothing. MB = 10^6 bytes of UTF-8.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import cold  # noqa: E402  (benchmarks/cold.py: workload, Watch, naive baseline)

ROOT = Path(__file__).resolve().parent.parent
MB = 1_000_000
RUNS = [("local", 1), ("local", 2), ("dask", 2)]


def write_articles(texts: list[str], path: Path) -> None:
    """The texts as JSONL articles with an id, a date (a day each, cycling over a year), a url
    and a source."""
    day0 = date(2016, 1, 1)
    with path.open("w", encoding="utf-8") as f:
        for k, text in enumerate(texts):
            record = {"id": f"b{k}", "text": text, "date": (day0 + timedelta(k % 366)).isoformat(),
                      "url": f"https://news.example/{k}", "source": "bench"}
            f.write(json.dumps(record, ensure_ascii=False) + "\n")


def phase_batch(path: Path, engine: str, workers: int, shard_size: int) -> dict:
    """One batch run into a fresh folder, watched."""
    from geomap import batch

    with tempfile.TemporaryDirectory() as tmp, cold.Watch() as watch:
        summary = batch.run(path, Path(tmp) / "out", workers=workers, engine=engine,
                            shard_size=shard_size)
    if summary.failed:
        sys.exit(f"shards failed: {summary.failed}")
    return watch.figures() | {"articles": summary.articles, "shard_s": summary.shard_seconds,
                              "peak_rss_mb": cold.peak_rss_mb()}


def run_phase(path: Path, engine: str, workers: int, shard_size: int) -> dict:
    """phase_batch in a fresh interpreter; its JSON result."""
    return cold.fresh_phase(__file__, ["--phase", engine, "--work", str(path), "--workers",
                                       str(workers), "--shard-size", str(shard_size)],
                            f"benchmark phase {engine} {workers}")


def row(name: str, value: str, note: str = "") -> str:
    return f"{name:<34} {value:>14}  {note}"


def memory(r: dict, workers: int) -> str:
    if workers == 1:
        return f"{r['peak_rss_mb']:.0f} MB RSS (this process)"
    w = r["worker_mb"]
    return (f"{w['Rss']:.0f} MB RSS, PSS {w['Pss']:.0f}, private "
            f"{w['Private_Clean'] + w['Private_Dirty']:.0f} (largest of "
            f"{len(r['workers'])} child processes seen)")


def report(results: dict, naive: dict, n: int) -> list[str]:
    """The table: each run's articles/s, speedup and memory; the naive baseline's articles/s
    and speedup over the same texts, for what this machine's cores give a pure-CPU loop now."""
    base = results["local", 1]["seconds"]
    lines = []
    for (engine, workers), r in results.items():
        rate = r["articles"] / r["seconds"]
        lines.append(row(f"{engine}, {workers} worker(s): articles/s", f"{rate:,.1f}",
                         f"{r['seconds']:.1f} s; {base / r['seconds']:.2f}× local 1; "
                         f"{r['articles'] / r['cpu_s']:,.1f} per CPU-second; shards' own "
                         f"time {r['articles'] / r['shard_s']:,.1f} articles/s per worker"))
        busy = [w for w in r["workers"] if w[0] > 0.05 * r["seconds"]]  # not a tracker
        if workers > 1 and busy:
            est, runnable = cold.free_core_speedup(results["local", 1], r | {"workers": busy},
                                                   os.cpu_count() or 1)
            lines.append(row(f"{engine}, {workers} worker(s): CPU", "",
                             f"{r['cpu_s']:.1f} CPU-s (local 1: "
                             f"{results['local', 1]['cpu_s']:.1f}); workers runnable "
                             f"{runnable:.0%} of the time; on idle cores ~{est:.2f}× local 1"))
        lines.append(row(f"{engine}, {workers} worker(s): peak memory", "", memory(r, workers)))
    n1, n2 = naive[1], naive[2]
    for k, r in ((1, n1), (2, n2)):
        lines.append(row(f"naive (pure CPU), {k} process(es)",
                         f"{n * r['passes'] / r['seconds']:,.1f}",
                         f"articles/s; {r['passes']} passes over the {n:,} texts in "
                         f"{r['seconds']:.1f} s"
                         + (f"; {n1['seconds'] / n2['seconds']:.2f}× (what 2 cores give now)"
                            if k == 2 else "")))
    return lines


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=float, default=1.0, help="workload size in MB (default 1)")
    ap.add_argument("--shards", type=int, default=8, help="shards to cut it into (default 8)")
    ap.add_argument("--seed", type=int, default=1, help="random seed of the name swaps")
    ap.add_argument("--corpus", type=Path, default=cold.DEV, help="dev-corpus JSONL")
    ap.add_argument("--skip-dask", action="store_true", help="no Dask run")
    ap.add_argument("--phase", choices=["local", "dask"], help=argparse.SUPPRESS)
    ap.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--workers", type=int, default=1, help=argparse.SUPPRESS)
    ap.add_argument("--shard-size", type=int, default=100, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.phase:
        print(json.dumps(phase_batch(args.work, args.phase, args.workers, args.shard_size)))
        return
    texts, source = cold.workload(args.corpus, int(args.mb * MB), args.seed)
    shard_size = -(-len(texts) // args.shards)
    print(f"geomap batch benchmark — Python {sys.version.split()[0]}, {os.cpu_count()} cores")
    print(f"{len(texts):,} distinct articles, {sum(len(t.encode()) for t in texts) / MB:.2f} MB,"
          f" from {source}, seed {args.seed}; {args.shards} shards of {shard_size}\n")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "articles.jsonl"
        write_articles(texts, path)
        naive = {1: cold.run_phase("naive", path, 1)}
        naive[2] = cold.run_phase("naive", path, 2, naive[1]["passes"])
        results = {}
        for engine, workers in RUNS:
            if engine == "dask" and args.skip_dask:
                continue
            t0 = time.perf_counter()
            results[engine, workers] = run_phase(path, engine, workers, shard_size)
            print(f"  ran {engine} with {workers} in {time.perf_counter() - t0:.1f} s",
                  file=sys.stderr)
        for line in report(results, naive, len(texts)):
            print(line)


if __name__ == "__main__":
    main()
