"""Instructions executed to extract cold text, counted by valgrind: a figure the load of a shared
machine does not move, to compare two versions of geomap.

    python benchmarks/instructions.py [--mb 0.1] [--against OTHER_CHECKOUT] [--seed 1]

The workload is cold.py's (the dev passages with their place names swapped per copy, seeded).
Each checkout runs in a fresh process under `valgrind --tool=callgrind` with its own index cache
(built before counting starts), PYTHONHASHSEED=0, and the count switched on only around the loop
that extracts every passage (`callgrind_control -i on|off`): loading and warming up are not
counted. Prints instructions per MB for each checkout and their ratio. Needs valgrind (Debian:
`apt-get install valgrind`); about a minute per 0.1 MB per checkout. Asserts nothing.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def phase(mb: float, seed: int) -> None:
    """In the counted process: warm up, then extract the workload with counting on."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import cold
    import geomap

    texts, _ = cold.workload(cold.DEV, int(mb * cold.MB), seed)
    geomap.extract(cold.WARM_UP)
    toggle = ["callgrind_control", "-i"]
    subprocess.run([*toggle, "on", str(os.getpid())], capture_output=True, check=True)
    for text in texts:
        geomap.extract(text)
    subprocess.run([*toggle, "off", str(os.getpid())], capture_output=True, check=True)
    print(sum(len(t.encode("utf-8")) for t in texts))


def count(checkout: Path, mb: float, seed: int) -> tuple[int, int]:
    """(instructions, bytes of text) of one checkout's extraction of the workload."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "callgrind.out"
        env = {**os.environ, "PYTHONPATH": str(checkout), "PYTHONHASHSEED": "0",
               "GEOMAP_CACHE_DIR": str(Path(tmp) / "cache")}
        done = subprocess.run(
            ["valgrind", "--tool=callgrind", "--instr-atstart=no",
             f"--callgrind-out-file={out}", sys.executable, __file__, "--phase",
             "--mb", str(mb), "--seed", str(seed)],
            cwd=checkout, env=env, capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit(f"{checkout}: the counted run failed: "
                             f"{(done.stderr.strip().splitlines() or ['?'])[-1]}")
        found = re.findall(r"^(?:totals|summary): (\d+)", out.read_text(), re.M)
        if not found:
            raise SystemExit(f"{checkout}: callgrind wrote no totals in {out}")
        return max(map(int, found)), int(done.stdout.split()[-1])  # "summary: 0" when off


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=float, default=0.1, help="MB of cold text (default 0.1)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--against", type=Path, help="another checkout of geomap to count as well")
    ap.add_argument("--phase", action="store_true", help="internal: the counted process")
    args = ap.parse_args(argv)
    if args.phase:
        phase(args.mb, args.seed)
        return
    if not shutil.which("valgrind") or not shutil.which("callgrind_control"):
        raise SystemExit("benchmarks/instructions.py needs valgrind (apt-get install valgrind)")
    rows = [(ROOT, *count(ROOT, args.mb, args.seed))]
    if args.against:
        rows.append((args.against.resolve(), *count(args.against.resolve(), args.mb, args.seed)))
    for where, n, size in rows:
        print(f"{str(where):<40} {n:>16,} instructions  {n / (size / 1e6):>16,.0f} per MB")
    if len(rows) == 2:
        print(f"this checkout / the other: {rows[0][1] / rows[1][1]:.3f}")


if __name__ == "__main__":
    main()
