"""Map benchmark: file size and Chromium load time for 1,000 movements and 5,000 places.

    python benchmarks/map_bench.py [--data DIR] [--movements N] [--places N] [--keep PATH]

Places are real gazetteer points (DIR/gazetteer.csv, default the repo's data/) when the file is
there, else a grid over Syria. Aim: render <= 5 s, <= 5 MB, drawn in <= 3 s. Prints figures;
asserts nothing.
"""
from __future__ import annotations

import argparse
import csv
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geomap.model import Endpoint, Movement, Place, Report  # noqa: E402

ACTORS = ["armed", "civilians", "wounded", "aid", "unknown"]
STATUSES = ["done", "done", "planned", "expected", "blocked"]


def gazetteer_points(data: Path, n: int) -> list[tuple[str, str, str, str, float, float]]:
    """(id, Arabic, English, kind, lat, lon) for n gazetteer rows, or a grid over Syria."""
    path = data / "gazetteer.csv"
    if path.exists():
        with path.open(encoding="utf-8", newline="") as f:
            rows = [r for r in csv.DictReader(f) if r["name_ar"] and r["lat"] and r["lon"]
                    and r.get("country") == "SY"]
        random.Random(1).shuffle(rows)
        if len(rows) >= n:
            return [(r["id"], r["name_ar"], r["name_en"], r["kind"], float(r["lat"]),
                     float(r["lon"])) for r in rows[:n]]
    print(f"(no {path} with {n} rows: using a synthetic grid)")
    return [(f"grid:{i}", f"قرية {i}", f"Village {i}", "village", 32.5 + (i % 80) * 0.06,
             36.0 + (i // 80) * 0.09) for i in range(n)]


def synthetic_report(n_movements: int, n_places: int, data: Path) -> Report:
    """A Report whose text names every place once and reports every movement in a sentence."""
    pts = gazetteer_points(data, n_places)
    rnd = random.Random(2)
    parts, places, movements, pos = [], [], [], 0
    for pid, ar, en, kind, lat, lon in pts:
        sentence = f"وأفادت مصادر محلية بوصول عائلات إلى {ar} صباح اليوم. "
        s = pos + sentence.index(ar)
        places.append(Place(ar, s, s + len(ar), pid, ar, en, kind, lat, lon, 0.8,
                            source="benchmark"))
        parts.append(sentence)
        pos += len(sentence)
    for i in range(n_movements):
        a, b, c = rnd.sample(pts, 3)
        sentence = f"خرج {100 + i} شخص من {a[1]} إلى {b[1]} عبر {c[1]} ضمن الاتفاق. "
        ends = [_endpoint(p, pos + sentence.index(p[1])) for p in (a, c, b)]
        movements.append(Movement("شخص", "خرج", ends[0], (ends[1],), ends[2], 100 + i,
                                  rnd.choice(STATUSES), pos, pos + len(sentence) - 1, "people",
                                  rnd.choice(ACTORS)))
        parts.append(sentence)
        pos += len(sentence)
    return Report(text="".join(parts), id="benchmark", places=places, movements=movements)


def _endpoint(p: tuple, start: int) -> Endpoint:
    """An Endpoint for a point tuple at a text offset."""
    pid, ar, en, kind, lat, lon = p
    return Endpoint(ar, en, kind, lat, lon, start, start + len(ar), pid)


def load_seconds(path: Path) -> tuple[float, float, float]:
    """(wall seconds from navigation to drawn, in-page ms at drawn, CPU seconds of Chromium's
    page processes meanwhile) in offline headless Chromium. The CPU figure moves least on a
    machine shared with other work."""
    from geomap.maps.snapshot import browser, open_map

    with browser() as b:
        cpu = renderer_cpu(b)
        page = b.new_page(viewport={"width": 1400, "height": 900})
        t = time.perf_counter()
        open_map(page, path, timeout_ms=120_000)
        wall = time.perf_counter() - t
        return wall, page.evaluate("performance.now()"), renderer_cpu(b) - cpu


def renderer_cpu(browser) -> float:
    """CPU seconds used so far by the browser's renderer (page) processes."""
    session = browser.new_browser_cdp_session()
    info = session.send("SystemInfo.getProcessInfo")["processInfo"]
    session.detach()
    return sum(p["cpuTime"] for p in info if p["type"] == "renderer")


def main() -> None:
    """Build the synthetic report, write the map, time it, print the figures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT / "data")
    ap.add_argument("--movements", type=int, default=1000)
    ap.add_argument("--places", type=int, default=5000)
    ap.add_argument("--keep", type=Path, help="also keep the map file here")
    args = ap.parse_args()
    from geomap.maps import basemap
    from geomap.maps.draw import write_map

    basemap.DATA_DIR = args.data
    report = synthetic_report(args.movements, args.places, args.data)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(args.keep or Path(tmp) / "bench.html")
        t = time.perf_counter()
        write_map(report, path)
        render_s = time.perf_counter() - t
        size = path.stat().st_size
        wall, in_page, cpu = load_seconds(path)
    print(f"movements={args.movements} places={args.places} "
          f"file={size / 1e6:.2f} MB (aim <= 5) render={render_s:.2f} s (aim <= 5) "
          f"chromium_load={wall:.2f} s (aim <= 3; page clock at drawn {in_page / 1000:.2f} s, "
          f"page CPU {cpu:.2f} s)")


if __name__ == "__main__":
    main()
