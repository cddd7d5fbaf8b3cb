"""Cold benchmark: extraction on distinct passages that no cache has seen, beside a naive baseline.

    python benchmarks/cold.py [--mb 5] [--jobs N] [--seed 1] [--corpus FILE] [--write FILE]

Workload: the dev passages (../shared/dev-corpus/dev.jsonl) copied until the text reaches --mb
MB of UTF-8, each annotated place name replaced in each copy by a random gazetteer name of the
same kind (seeded), so no two copies name the same places and every per-name cache starts cold.
Without the dev corpus, the seed article stands in, its places found by geomap itself.
`--write FILE` also saves the workload as JSONL of {"id", "text"} (for `geomap extract`).

Measured, each in a fresh process after the gazetteer is loaded and one short text extracted
(start-up is not throughput; see run.py for load times):
- geomap: every passage extracted on its own (`geomap.extract`, or `nlp.pipe` with --jobs N);
  the time of `Report.to_json` for every report, apart;
- naive: a token-by-token dictionary lookup of the gazetteer's Arabic names (1 to 3 words) in
  pure Python over the same texts: the yardstick for "how fast is plain Python here".
With --jobs N both run with 1 and with N processes: the naive run's speedup is what this
machine gives a pure-CPU loop right now (shared machines lie); geomap's is printed beside it,
with each worker's memory (RSS, PSS and private, from /proc/PID/smaps_rollup, largest seen).
Prints figures; asserts nothing. MB = 10^6 bytes of UTF-8.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "dev-corpus" / "dev.jsonl"
SEED = ROOT / "seeds" / "aleppo-evacuation-2016-12.txt"
MB = 1_000_000
ARABIC = re.compile(r"[\u0621-\u064a]")
TOKEN = re.compile(r"\w+")
WARM_UP = "وصل الوفد إلى دمشق."


# --- workload ------------------------------------------------------------------------------

def annotated(corpus: Path) -> tuple[list[tuple[str, list[tuple[int, int, str]]]], str]:
    """(text, [(start, end, kind)] of its place names) per passage, and where they came from."""
    if corpus.exists():
        records = [json.loads(x) for x in corpus.read_text(encoding="utf-8").splitlines()
                   if x.strip()]
        return [(r["text"], [(p["start"], p["end"], p["kind"]) for p in r.get("places", [])])
                for r in records], str(corpus)
    import geomap

    text = SEED.read_text(encoding="utf-8")
    spans = [(p.start, p.end, p.kind) for p in geomap.extract(text).places]
    return [(text, spans)], f"{SEED.name} (no {corpus}; its places as geomap finds them)"


# A name as Arabic news writes it: letters of the Arabic alphabet (some GeoNames rows abroad
# have only a Persian or Urdu form, «سپرنگفیلڈ», which no Arabic article would print).
ARABIC_NAME = re.compile(r"[\u0621-\u064a]+(?: [\u0621-\u064a]+)*")


def names_by_kind() -> dict[str, list[str]]:
    """The gazetteer's Arabic names by kind, in a fixed order."""
    from geomap.gazetteer.index import Gazetteer

    out: dict[str, list[str]] = {}
    for e in Gazetteer.load().entries:
        if e.name_ar and ARABIC_NAME.fullmatch(e.name_ar):
            out.setdefault(e.kind, []).append(e.name_ar)
    return out


def swapped(text: str, spans: list[tuple[int, int, str]], names: dict[str, list[str]],
            rng: random.Random) -> str:
    """The text with each place span replaced by a random name of the same kind (a city's
    where the gazetteer has no name of that kind)."""
    out, last = [], len(text)
    for start, end, kind in sorted(spans, reverse=True):
        if end > last:
            continue  # overlaps the span replaced before
        out += [text[end:last], rng.choice(names.get(kind) or names["city"])]
        last = start
    out.append(text[:last])
    return "".join(reversed(out))


def workload(corpus: Path, target_bytes: int, seed: int) -> tuple[list[str], str]:
    """Distinct passages of about target_bytes in all, and where the originals came from."""
    passages, source = annotated(corpus)
    names, rng = names_by_kind(), random.Random(seed)
    texts, size = [], 0
    while size < target_bytes:
        for text, spans in passages:
            texts.append(swapped(text, spans, names, rng))
            size += len(texts[-1].encode("utf-8"))
            if size >= target_bytes:
                break
    return texts, source


# --- naive baseline ------------------------------------------------------------------------
# The least a program must do to find Arabic place names, written plainly: fold the spelling
# (hamzated alefs, alef maqsura, ta marbuta, diacritics, tatweel), split into words, and at
# each word look up the 3, 2 and 1 words from there in a set of the gazetteer's names, as
# written and without a one-letter proclitic («وحلب», «بحلب», «للرقة» → «الرقة»).

_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ـ": None,
                       **{chr(c): None for c in range(0x064B, 0x0660)}, "\u0670": None})
PROCLITICS = frozenset("وفبلك")


def naive_index() -> set[str]:
    """Every Arabic gazetteer name (and alternate name) of 1 to 3 words, folded."""
    from geomap.gazetteer.index import Gazetteer

    return {n.translate(_FOLD) for e in Gazetteer.load().entries
            for n in (e.name_ar, *e.alt_names) if n and ARABIC.search(n) and n.count(" ") < 3}


def naive(text: str, index: set[str]) -> int:
    """How many words start a name: the longest of 3, 2, 1 words from there that is one."""
    words, found = TOKEN.findall(text.translate(_FOLD)), 0
    for i, word in enumerate(words):
        firsts = [word]
        if len(word) > 3 and word[0] in PROCLITICS:
            firsts.append("ال" + word[2:] if word.startswith("لل") else word[1:])
        if any(" ".join([first, *words[i + 1:i + n]]) in index
               for n in (3, 2, 1) for first in firsts):
            found += 1
    return found


_INDEX: set[str] = set()
_TEXTS: list[str] = []  # set before forking: a naive worker is sent only where to start
NAIVE_BATCH = 512


def _naive_batch(start: int, size: int = NAIVE_BATCH) -> int:
    return sum(naive(t, _INDEX) for t in _TEXTS[start:start + size])


# --- phases, each in a fresh interpreter ---------------------------------------------------

def peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    """Peak resident set size (of this process, or the largest of its children), in MB."""
    return resource.getrusage(who).ru_maxrss * (1 if sys.platform == "darwin" else 1024) / MB


class Watch(threading.Thread):
    """Times a phase: wall and CPU seconds (this process and its reaped children, less this
    thread's own), and each child's /proc/PID/schedstat every 0.25 s (seconds on a CPU and
    waiting for one, as last seen) and /proc/PID/smaps_rollup every 2 s (the largest value of
    each field in any child, MB; reading it costs the kernel milliseconds)."""

    FIELDS = ("Rss", "Pss", "Private_Clean", "Private_Dirty")

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak = {f: 0.0 for f in self.FIELDS}
        self.sched: dict[int, tuple[float, float]] = {}
        self.done = threading.Event()
        self.own = 0.0  # this thread's CPU seconds

    def __enter__(self) -> "Watch":
        self.t0, self.cpu0, self.self0 = time.perf_counter(), cpu_seconds(), own_cpu_seconds()
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.seconds = time.perf_counter() - self.t0
        self.done.set()
        self.join()
        self.cpu = cpu_seconds() - self.cpu0 - self.own
        self.own_cpu = own_cpu_seconds() - self.self0 - self.own

    def run(self) -> None:
        tick = 0
        while not self.done.wait(0.25):
            for pid in _children():
                if tick % 8 == 0:
                    for f, kb in _rollup(pid).items():
                        self.peak[f] = max(self.peak[f], kb * 1024 / MB)
                self.sched[pid] = _schedstat(pid) or self.sched.get(pid, (0.0, 0.0))
            tick += 1
        self.own = time.thread_time()

    def figures(self) -> dict:
        return {"seconds": self.seconds, "cpu_s": self.cpu, "parent_cpu_s": self.own_cpu,
                "worker_mb": self.peak, "workers": list(self.sched.values())}


def _children() -> list[int]:
    pids: list[int] = []
    for task in Path("/proc/self/task").glob("*"):
        try:
            pids += [int(p) for p in (task / "children").read_text().split()]
        except OSError:
            pass
    return pids


def _rollup(pid: int) -> dict[str, int]:
    """The kB fields of /proc/PID/smaps_rollup that Watch keeps ({} once it is gone)."""
    try:
        lines = Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
    except OSError:
        return {}
    fields = (line.split() for line in lines[1:])
    return {f[0].rstrip(":"): int(f[1]) for f in fields if f[0].rstrip(":") in Watch.FIELDS}


def _schedstat(pid: int) -> tuple[float, float] | None:
    """(seconds on a CPU, seconds runnable but waiting for one) of a process's main thread."""
    try:
        on_cpu, waiting, _ = Path(f"/proc/{pid}/schedstat").read_text().split()
    except (OSError, ValueError):
        return None
    return int(on_cpu) / 1e9, int(waiting) / 1e9


def phase_geomap(path: Path, jobs: int) -> dict:
    """Extract every passage: one by one in this process, or through nlp.pipe with N workers."""
    import geomap

    texts = [json.loads(x)["text"] for x in path.read_text(encoding="utf-8").splitlines()]
    geomap.load_gazetteer()
    geomap.extract(WARM_UP)
    with Watch() as watch:
        if jobs == 1:
            reports = [geomap.extract(t) for t in texts]
        else:
            reports = list(geomap.load().pipe(texts, n_process=jobs))
    t0 = time.perf_counter()
    for r in reports:
        r.to_json()
    return watch.figures() | {"to_json_s": time.perf_counter() - t0,
                              "peak_rss_mb": peak_rss_mb()}


NAIVE_SECONDS = 10.0  # long enough to see the machine as the geomap runs see it


def phase_naive(path: Path, jobs: int, passes: int) -> dict:
    """The naive lookup over every passage, `passes` times (0: as many as fill NAIVE_SECONDS),
    in this process or in N forked ones."""
    global _INDEX, _TEXTS
    _TEXTS = [json.loads(x)["text"] for x in path.read_text(encoding="utf-8").splitlines()]
    _INDEX = naive_index()
    done = 0
    with Watch() as watch:
        if jobs == 1:
            while done < passes or not passes and time.perf_counter() - watch.t0 < NAIVE_SECONDS:
                _naive_batch(0, len(_TEXTS))
                done += 1
        else:
            import multiprocessing

            starts = list(range(0, len(_TEXTS), NAIVE_BATCH)) * passes
            with multiprocessing.get_context("fork").Pool(jobs) as pool:
                sum(pool.imap(_naive_batch, starts))
            done = passes
    return watch.figures() | {"passes": done, "peak_rss_mb": peak_rss_mb()}


def cpu_seconds() -> float:
    """User + system seconds of this process and of its children that were waited for."""
    return sum(r.ru_utime + r.ru_stime for r in (resource.getrusage(resource.RUSAGE_SELF),
                                                  resource.getrusage(resource.RUSAGE_CHILDREN)))


def own_cpu_seconds() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def run_phase(name: str, path: Path, jobs: int, passes: int = 0) -> dict:
    """This script with --phase NAME in a fresh interpreter; its JSON result."""
    return fresh_phase(__file__, ["--phase", name, "--work", str(path), "--jobs", str(jobs),
                                  "--passes", str(passes)], f"benchmark phase {name}")


def fresh_phase(script: str, args: list[str], what: str) -> dict:
    """`script` run with `args` in a fresh interpreter (no warm cache, no shared memory) that
    prints its result as JSON on its last line; the dict, or exit with its stderr."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)}
    out = subprocess.run([sys.executable, script, *args],
                         capture_output=True, text=True, env=env, cwd=ROOT)
    if out.returncode:
        sys.exit(f"{what} failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


# --- report --------------------------------------------------------------------------------

def row(name: str, value: str, note: str = "") -> str:
    return f"{name:<38} {value:>12}  {note}"


def rates(label: str, r: dict, nbytes: int, npass: int, nwords: int, passes: int = 1
          ) -> list[str]:
    """MB/s, passages/s, words/s (over `passes` passes of the texts), CPU use, peak RSS."""
    s, cpu = r["seconds"] / passes, r["cpu_s"] / passes
    return [row(f"{label}: MB/s", f"{nbytes / MB / s:.4f}",
                f"{s:.2f} s; {nbytes / MB / cpu:.4f} MB per CPU-second"),
            row(f"{label}: passages/s", f"{npass / s:,.1f}"),
            row(f"{label}: words/s", f"{nwords / s:,.0f}"),
            row(f"{label}: peak RSS (MB)", f"{r['peak_rss_mb']:.0f}")]


def free_core_speedup(one: dict, many: dict, cores: int) -> tuple[float, float]:
    """(estimated speedup on idle cores, share of the wall time the workers were runnable).
    On a shared machine the workers wait for a CPU; on idle cores that wait is gone, and the
    run lasts as long as its slowest worker's time on a CPU plus its idle time (waiting for
    work), or the total CPU time over the cores, whichever is longer."""
    wall = many["seconds"]
    slowest = max(on + (wall - on - wait) for on, wait in many["workers"])
    total = sum(on for on, _ in many["workers"]) + many["parent_cpu_s"]
    runnable = sum(on + wait for on, wait in many["workers"]) / (wall * len(many["workers"]))
    return one["cpu_s"] / max(slowest, total / cores), runnable


def report(results: dict, texts: list[str], jobs: int) -> list[str]:
    """The table of one round's results: (name, processes) → a phase's figures."""
    nbytes, nwords = sum(len(t.encode("utf-8")) for t in texts), sum(len(t.split()) for t in texts)
    g1, n1 = results["geomap", 1], results["naive", 1]
    sizes, passes = (nbytes, len(texts), nwords), n1["passes"]
    lines = rates("cold, 1 process", g1, *sizes)
    lines += [row("cold: to_json of every report (s)", f"{g1['to_json_s']:.2f}",
                  f"{g1['to_json_s'] / g1['seconds']:.1%} of extraction")]
    lines += rates("naive, 1 process", n1, *sizes, passes)
    lines.append(row("cold / naive (speed)", f"{n1['seconds'] / passes / g1['seconds']:.4f}",
                     f"CPU-time basis {n1['cpu_s'] / passes / g1['cpu_s']:.4f}"))
    if jobs > 1:
        gn, nn = results["geomap", jobs], results["naive", jobs]
        lines += rates(f"cold, {jobs} processes", gn, *sizes)
        lines += rates(f"naive, {jobs} processes", nn, *sizes, passes)
        for name, one, many in (("geomap", g1, gn), ("naive (pure CPU)", n1, nn)):
            est, runnable = free_core_speedup(one, many, os.cpu_count() or jobs)
            lines.append(row(f"speedup, {name} {jobs} / 1",
                             f"{one['seconds'] / many['seconds']:.2f}×",
                             f"CPU {many['cpu_s'] / one['cpu_s']:.2f}× the 1-process CPU "
                             f"(parent {many['parent_cpu_s'] / one['cpu_s']:.0%}); workers "
                             f"runnable {runnable:.0%}; on idle cores ~{est:.2f}×"))
        w = gn["worker_mb"]
        lines.append(row("per worker, largest (MB)", f"{w['Rss']:.0f} RSS",
                         f"PSS {w['Pss']:.0f}, "
                         f"private {w['Private_Clean'] + w['Private_Dirty']:.0f}"
                         f" (dirty {w['Private_Dirty']:.0f}); {len(gn['workers'])} workers seen"))
    return lines


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=float, default=5.0, help="workload size in MB (default 5)")
    ap.add_argument("--jobs", type=int, default=1, help="also measure N processes (default 1)")
    ap.add_argument("--seed", type=int, default=1, help="random seed of the name swaps")
    ap.add_argument("--rounds", type=int, default=1,
                    help="repeat every measurement this many times, in turn (default 1)")
    ap.add_argument("--corpus", type=Path, default=DEV,
                    help="dev-corpus JSONL (default %(default)s)")
    ap.add_argument("--write", type=Path, help="also save the workload as JSONL here")
    ap.add_argument("--phase", choices=["geomap", "naive"], help=argparse.SUPPRESS)
    ap.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--passes", type=int, default=0, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.phase:
        print(json.dumps(phase_geomap(args.work, args.jobs) if args.phase == "geomap" else
                         phase_naive(args.work, args.jobs, args.passes)))
        return
    texts, source = workload(args.corpus, int(args.mb * MB), args.seed)
    print(f"geomap cold benchmark — {sys.executable}, Python {sys.version.split()[0]}, "
          f"{os.cpu_count()} cores")
    print(f"{len(texts):,} distinct passages, {sum(len(t.encode()) for t in texts) / MB:.2f} MB, "
          f"from {source}, seed {args.seed}\n")
    with tempfile.TemporaryDirectory() as tmp:
        path = args.write or Path(tmp) / "work.jsonl"
        path.write_text("".join(json.dumps({"id": f"cold-{k}", "text": t}, ensure_ascii=False)
                                + "\n" for k, t in enumerate(texts)), encoding="utf-8")
        for k in range(args.rounds):
            if args.rounds > 1:
                print(f"round {k + 1} of {args.rounds}")
            for line in report(one_round(path, args.jobs), texts, args.jobs):
                print(line, flush=True)


def one_round(path: Path, jobs: int) -> dict:
    """Every measurement once, in turn: naive 1, naive N, geomap 1, geomap N."""
    results = {("naive", 1): run_phase("naive", path, 1)}
    passes = results["naive", 1]["passes"]  # the same work in every naive run
    if jobs > 1:
        results["naive", jobs] = run_phase("naive", path, jobs, passes)
    for n in sorted({1, jobs}):
        results["geomap", n] = run_phase("geomap", path, n)
    return results


if __name__ == "__main__":
    main()
