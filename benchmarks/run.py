"""Warm extraction benchmark: gazetteer load, throughput on one core, one large text, peak memory.

    python benchmarks/run.py [--quick] [--budget SECONDS] [--corpus FILE]

Workload: the texts of ../shared/dev-corpus/dev.jsonl (beside the repo), or the seed article
when that file is absent, repeated to about 5 MB of UTF-8 text (0.5 MB with --quick), each text
extracted on its own through geomap.extract; then one text of 10 MB (1 MB with --quick) made
from the same texts joined. Each measurement runs in its own fresh Python process, so load
times are cold and each peak RSS (ru_maxrss) belongs to that measurement alone.

A measurement that would take longer than --budget seconds is stopped there: throughput is
then reported on the part done, and a one-shot text that did not finish says so. The one-shot
ladder (sizes doubling up to the target) shows how time grows with text length.

The passages repeat, so after the first pass every per-name cache is warm: these are warm
figures. Text never seen before is measured by benchmarks/cold.py.

Prints figures; asserts nothing. MB = 10^6 bytes of UTF-8 (Arabic is ~2 bytes a letter).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "dev-corpus" / "dev.jsonl"
SEED = ROOT / "seeds" / "aleppo-evacuation-2016-12.txt"
MB = 1_000_000
LOAD_SNIPPET = ("import time; t=time.perf_counter(); from geomap.gazetteer.index import Gazetteer; "
                "Gazetteer.load(); print(time.perf_counter()-t)")


# --- workload ------------------------------------------------------------------------------

def load_texts(corpus: Path) -> tuple[list[str], str]:
    """The benchmark's texts and where they came from: the dev corpus, else the seed article."""
    if corpus.exists():
        lines = corpus.read_text(encoding="utf-8").splitlines()
        return [json.loads(line)["text"] for line in lines if line.strip()], str(corpus)
    return [SEED.read_text(encoding="utf-8")], f"{SEED} (no {corpus})"


def repeat_to(texts: list[str], target_bytes: int) -> list[str]:
    """The texts cycled until their UTF-8 size reaches target_bytes (at least one text)."""
    out, size = [], 0
    while size < target_bytes or not out:
        t = texts[len(out) % len(texts)]
        out.append(t)
        size += len(t.encode("utf-8"))
    return out


def one_text(texts: list[str], target_bytes: int) -> str:
    """One string of about target_bytes: the texts cycled and joined as paragraphs."""
    return "\n\n".join(repeat_to(texts, target_bytes))


def peak_rss_mb() -> float:
    """This process's peak resident set size so far, in MB (Linux reports ru_maxrss in KiB)."""
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return maxrss * (1 if sys.platform == "darwin" else 1024) / MB  # macOS reports bytes


# --- measurements, each run in a child process (--phase) ------------------------------------

def phase_throughput(corpus: Path, target_bytes: int, budget: float) -> dict:
    """Extract each passage of the workload on its own; stop early when the budget is spent."""
    import geomap

    geomap.load_gazetteer()  # loading is measured separately; here we time extraction only
    rss_loaded = peak_rss_mb()
    texts = load_texts(corpus)[0]
    t0 = time.perf_counter()
    geomap.extract(texts[0])  # the first call also loads lazy data (wordfreq): timed apart
    first = time.perf_counter() - t0
    work = repeat_to(texts, target_bytes)
    done = nbytes = 0
    t0 = time.perf_counter()
    for text in work:
        geomap.extract(text)
        done += 1
        nbytes += len(text.encode("utf-8"))
        if time.perf_counter() - t0 > budget:
            break
    seconds = time.perf_counter() - t0
    return {"passages": done, "of": len(work), "bytes": nbytes, "seconds": seconds,
            "first_extract_s": first, "rss_loaded_mb": rss_loaded, "peak_rss_mb": peak_rss_mb()}


def phase_oneshot(corpus: Path, target_bytes: int) -> dict:
    """Extract one text of about target_bytes (the parent enforces the time budget)."""
    import geomap

    geomap.load_gazetteer()
    geomap.extract(load_texts(corpus)[0][0])  # warm: lazy loads are not the text's cost
    text = one_text(load_texts(corpus)[0], target_bytes)
    t0 = time.perf_counter()
    report = geomap.extract(text)
    seconds = time.perf_counter() - t0
    return {"bytes": len(text.encode("utf-8")), "seconds": seconds, "places": len(report.places),
            "peak_rss_mb": peak_rss_mb()}


def run_phase(args: list[str], timeout: float) -> dict | None:
    """Run this script with --phase … in a fresh interpreter; its JSON result, or None on timeout."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)}
    try:
        out = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True,
                             check=True, timeout=timeout, env=env, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return None
    except subprocess.CalledProcessError as e:
        sys.exit(f"benchmark phase {args} failed:\n{e.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def gazetteer_load_times(runs: int = 3) -> list[float]:
    """Cold Gazetteer.load() times (s), each in a fresh interpreter, import of geomap included."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return [float(subprocess.run([sys.executable, "-c", LOAD_SNIPPET], capture_output=True,
                                 text=True, check=True, env=env, cwd=ROOT).stdout)
            for _ in range(runs)]


# --- report -------------------------------------------------------------------------------

def row(name: str, value: str, note: str = "") -> str:
    return f"{name:<34} {value:>16}  {note}"


def report_throughput(r: dict, target_bytes: int) -> list[str]:
    """Table lines for the throughput phase."""
    mbs = r["bytes"] / MB / r["seconds"]
    partial = "" if r["passages"] == r["of"] else (
        f"stopped by budget after {r['passages']} of {r['of']} passages; "
        f"the full {target_bytes / MB:g} MB would take ~{target_bytes / MB / mbs / 60:.0f} min")
    return [
        row("first extract (s)", f"{r['first_extract_s']:.2f}", "lazy loads (wordfreq) on first use"),
        row("warm extract: passages", f"{r['passages']:,}",
            f"{r['bytes'] / MB:.2f} MB in {r['seconds']:.1f} s"),
        row("warm extract: passages/s", f"{r['passages'] / r['seconds']:,.1f}",
            "one core, repeated texts"),
        row("warm extract: MB/s", f"{mbs:.4f}", partial),
        row("RSS after gazetteer load (MB)", f"{r['rss_loaded_mb']:.0f}"),
        row("peak RSS, passages (MB)", f"{r['peak_rss_mb']:.0f}"),
    ]


def report_oneshot(size: int, r: dict | None, budget: float) -> str:
    """A table line for one one-shot text."""
    name = f"one text of {size / MB:g} MB"
    if r is None:
        return row(name, "did not finish", f"stopped after {budget:.0f} s")
    return row(name, f"{r['seconds']:.1f} s",
               f"peak RSS {r['peak_rss_mb']:.0f} MB, {r['places']:,} places, "
               f"{r['bytes'] / MB / r['seconds']:.4f} MB/s")


def ladder(target: int, start: int = 25_000) -> list[int]:
    """One-shot sizes doubling from `start` up to and including `target`."""
    sizes = []
    while start < target:
        sizes.append(start)
        start *= 2
    return sizes + [target]


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="0.5 MB workload, 1 MB one-shot")
    ap.add_argument("--budget", type=float, default=300.0,
                    help="seconds allowed per measurement (default 300)")
    ap.add_argument("--corpus", type=Path, default=DEV, help="dev-corpus JSONL (default %(default)s)")
    ap.add_argument("--phase", choices=["throughput", "oneshot"], help=argparse.SUPPRESS)
    ap.add_argument("--bytes", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.phase == "throughput":
        print(json.dumps(phase_throughput(args.corpus, args.bytes, args.budget)))
        return
    if args.phase == "oneshot":
        print(json.dumps(phase_oneshot(args.corpus, args.bytes)))
        return

    work_bytes, shot_bytes = (MB // 2, 1 * MB) if args.quick else (5 * MB, 10 * MB)
    texts, source = load_texts(args.corpus)
    print(f"geomap benchmark — {sys.executable}, Python {sys.version.split()[0]}")
    print(f"texts: {len(texts)} from {source}; workload {work_bytes / MB:g} MB as passages, "
          f"{shot_bytes / MB:g} MB as one text; budget {args.budget:.0f} s per measurement\n")

    loads = gazetteer_load_times()
    print(row("gazetteer load, cold (s)", f"{statistics.median(loads):.2f}",
              "median of " + ", ".join(f"{t:.2f}" for t in loads)))
    common = ["--corpus", str(args.corpus), "--budget", str(args.budget)]
    tp = run_phase(["--phase", "throughput", "--bytes", str(work_bytes), *common],
                   timeout=args.budget + 120)
    for line in report_throughput(tp, work_bytes):
        print(line)
    for size in ladder(shot_bytes):
        r = run_phase(["--phase", "oneshot", "--bytes", str(size), *common], timeout=args.budget)
        print(report_oneshot(size, r, args.budget))
        if r is None:
            break  # larger texts take longer still


if __name__ == "__main__":
    main()
