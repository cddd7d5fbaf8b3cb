"""Pathological inputs: time and peak memory grow linearly with the text, hostile or not.

    python benchmarks/pathological.py [--quick] [--max-mb MB | --sizes MB,MB…] [--budget SECONDS]
                                      [--family F]

Families, each a ladder of sizes doubling up to --max-mb (4 MB by default, 0.25 with --quick),
or just the sizes --sizes lists (`--family distinct --sizes 1,30 --budget 1200`: the issue's
linearity check, a 1 MB and a 30 MB text, without the sizes between):

  repeat  one movement sentence repeated without punctuation (a ticker line, a garbled
          record): «خرج المسلحون من حلب إلى إدلب عبر معبر الراموسة خرج المسلحون …»
  counts  one clause of comma-joined counts and vehicles, with a journey every other item:
          «20 حافلة، خرجت 21 حافلة من حلب، 22 حافلة، …»
  aleppo  «حلب» repeated (10,000 up to 1,000,000 times at the default size: 7 MB)
  distinct  the cold passages of benchmarks/cold.py (dev passages with their place names
          swapped for other gazetteer names in each copy, seeded) joined into one text: one
          long article naming thousands of distinct places
  map     the map (geomap.to_html) of the dev passages joined into one text; the time
          is the rendering's alone, the text is extracted before the clock starts

Each size runs in a fresh Python process (gazetteer loaded and one small text extracted before
the clock starts), under --budget seconds; a family stops at its first size that runs out of
time or memory. Printed per size: seconds, MB/s, CPU seconds per MB (a shared machine's wall
clock lies), the growth of peak RSS over the warmed-up process (ru_maxrss) and that growth per
MB of text; per family: the ratio of the largest size's CPU seconds per MB to the smallest's (about 1 or below when the cost is linear: small
sizes carry fixed costs) and the time ratio of the last doubling (about 2 when linear).

Memory bound: peak RSS grows by at most about 160 MB per MB of text plus 10 MB, on top of
the ~230 MB of the warmed-up process (the text, its normalized copy and offsets, the word
index, about 1 KB of objects per name, the movements, the map's HTML). The worst case is text
made of names alone (aleppo: a name every 7 bytes, ~150 MB per MB); the dev text and its map
take ~140, repeat and counts ~50. MB = 10^6 bytes of UTF-8. Prints figures; asserts nothing.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cold import DEV, MB, ROOT, SEED, peak_rss_mb, workload  # noqa: E402  (benchmarks/cold.py)

FAMILIES = ("repeat", "counts", "aleppo", "distinct", "map")
WARM_TEXT = "خرج المسلحون من حلب إلى إدلب عبر معبر الراموسة في 20 حافلة."


# --- inputs --------------------------------------------------------------------------------

def _cycle(pieces: list[str], target_bytes: int, sep: str = "") -> str:
    """The pieces cycled and joined by `sep` until the UTF-8 size reaches target_bytes."""
    out, size, k = [], 0, 0
    while size < target_bytes:
        piece = pieces[k % len(pieces)]
        out.append(piece)
        size += len((piece + sep).encode("utf-8"))
        k += 1
    return sep.join(out)


def repeat_text(target_bytes: int) -> str:
    """One movement sentence repeated with no punctuation between the copies."""
    return _cycle(["خرج المسلحون من حلب إلى إدلب عبر معبر الراموسة "], target_bytes)


def counts_text(target_bytes: int) -> str:
    """One clause (commas only) of counts, each second one with a journey out of Aleppo."""
    items = [f"{n} حافلة، " if n % 2 else f"خرجت {n} حافلة من حلب، " for n in range(10, 100)]
    return _cycle(items, target_bytes) + "."


def aleppo_text(target_bytes: int) -> str:
    """«حلب» and a space, again and again."""
    return _cycle(["حلب "], target_bytes)


def dev_text(target_bytes: int) -> str:
    """The dev passages (or the seed article) cycled and joined as paragraphs."""
    if DEV.exists():
        texts = [json.loads(line)["text"] for line in DEV.read_text(encoding="utf-8").splitlines()
                 if line.strip()]
    else:
        texts = [SEED.read_text(encoding="utf-8")]
    return _cycle(texts, target_bytes, "\n\n")


def distinct_text(target_bytes: int) -> str:
    """Cold passages (each copy's place names swapped, seeded) joined as paragraphs."""
    return "\n\n".join(workload(DEV, target_bytes, seed=1)[0])


BUILD = {"repeat": repeat_text, "counts": counts_text, "aleppo": aleppo_text,
         "distinct": distinct_text, "map": dev_text}


def sizes(family: str, max_bytes: int) -> list[int]:
    """The ladder of one family: sizes doubling up to max_bytes (which is always included)."""
    start = {"repeat": 1_000, "counts": 8_000, "aleppo": 70_000, "distinct": 250_000,
             "map": 64_000}[family]
    out = []
    while start < max_bytes:
        out.append(start)
        start *= 2
    return out + [max_bytes]


# --- one measurement, in a child process (--phase) ------------------------------------------

def phase(family: str, target_bytes: int) -> dict:
    """Warm up, build the input, then time the family's work on it."""
    import geomap
    from geomap.maps.draw import to_html

    geomap.load_gazetteer()
    warm = geomap.extract(WARM_TEXT)
    if family == "map":
        to_html(warm)
    text = BUILD[family](target_bytes)
    base = peak_rss_mb()
    t0, c0 = time.perf_counter(), time.process_time()
    report = geomap.extract(text)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    out = {"bytes": len(text.encode("utf-8")), "places": len(report.places),
           "movements": len(report.movements), "cpu_s": cpu}
    if family == "map":
        out["extract_s"] = seconds
        t0 = time.perf_counter()
        out["html_bytes"] = len(to_html(report))
        seconds = time.perf_counter() - t0
    return out | {"seconds": seconds, "base_rss_mb": base, "peak_rss_mb": peak_rss_mb()}


def run_phase(family: str, size: int, budget: float, mem_gb: float) -> dict | str:
    """Run one measurement in a fresh interpreter: its result, or why it has none."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        p for p in (os.environ.get("PYTHONPATH", ""), str(ROOT)) if p)}
    limit = int(mem_gb * 2**30)

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    try:
        done = subprocess.run([sys.executable, __file__, "--phase", family, "--bytes", str(size)],
                              capture_output=True, text=True, timeout=budget, env=env,
                              preexec_fn=cap if mem_gb else None)
    except subprocess.TimeoutExpired:
        return f"did not finish in {budget:.0f} s"
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["?"])[-1]
        return ("ran out of memory" if "MemoryError" in done.stderr or done.returncode < 0
                else f"failed: {last}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- report --------------------------------------------------------------------------------

def line(size: int, r: dict | str) -> str:
    """One table line."""
    head = f"  {size / MB:>8.3f} MB"
    if isinstance(r, str):
        return f"{head}  {r}"
    mb = r["bytes"] / MB
    grew = max(0.0, r["peak_rss_mb"] - r["base_rss_mb"])
    extra = (f"  (extract {r['extract_s']:.2f} s, HTML {r['html_bytes'] / MB:.1f} MB)"
             if "extract_s" in r else "")
    cpu = f" {r['cpu_s'] / mb:>7.2f} CPU-s/MB" if "cpu_s" in r else ""
    return (f"{head} {r['seconds']:>9.3f} s {mb / r['seconds']:>9.3f} MB/s{cpu} "
            f"{r['peak_rss_mb']:>7.0f} MB peak {grew:>7.0f} MB grown {grew / mb:>6.0f} MB/MB "
            f"{r['places']:>8,} places {r['movements']:>6,} movements{extra}")


def summary(done: list[tuple[int, dict]]) -> str:
    """Linearity: per-MB time of the largest size over the smallest's, and the last doubling."""
    if len(done) < 2:
        return "  (fewer than two sizes finished)"
    per_mb = [r.get("cpu_s", r["seconds"]) / (r["bytes"] / MB) for _, r in done]
    last = done[-1][1]["seconds"] / max(done[-2][1]["seconds"], 1e-9)
    growth = done[-1][1]["bytes"] / done[-2][1]["bytes"]
    return (f"  CPU-s/MB largest ÷ smallest: {per_mb[-1] / per_mb[0]:.2f}   "
            f"last step: size ×{growth:.2f}, time ×{last:.2f}")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="sizes up to 0.25 MB")
    ap.add_argument("--max-mb", type=float, help="largest size (default 4; aleppo 7 = 1e6 «حلب»)")
    ap.add_argument("--sizes", type=lambda v: [float(x) for x in v.split(",")],
                    help="only these sizes, in MB, comma-separated (instead of the ladder)")
    ap.add_argument("--budget", type=float, default=120.0, help="seconds per size (default 120)")
    ap.add_argument("--mem-gb", type=float, default=16.0,
                    help="address-space limit per size in GB (default 16; 0 for none)")
    ap.add_argument("--family", choices=FAMILIES, action="append", help="only these families")
    ap.add_argument("--phase", choices=FAMILIES, help=argparse.SUPPRESS)
    ap.add_argument("--bytes", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.phase:
        print(json.dumps(phase(args.phase, args.bytes)))
        return
    print(f"geomap pathological inputs — Python {sys.version.split()[0]}, "
          f"budget {args.budget:.0f} s and {args.mem_gb:g} GB per size")
    for family in args.family or FAMILIES:
        top = args.max_mb or (0.25 if args.quick else 7.0 if family == "aleppo" else 4.0)
        print(f"\n{family}: {BUILD[family].__doc__.splitlines()[0]}")
        done = []
        ladder = [int(mb * MB) for mb in args.sizes] if args.sizes else sizes(family, int(top * MB))
        for size in ladder:
            r = run_phase(family, size, args.budget, args.mem_gb)
            print(line(size, r), flush=True)
            if isinstance(r, str):
                break
            done.append((size, r))
        print(summary(done))


if __name__ == "__main__":
    main()
