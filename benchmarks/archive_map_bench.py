"""Archive map benchmark: 100,000 journeys aggregated to flows; file size, render and draw time.

    python benchmarks/archive_map_bench.py [--journeys N] [--routes N] [--keep PATH]

A synthetic archive in the tables `geomap batch` writes (io.tables): articles over two years
from a dozen outlets, each telling one to four journeys; every journey distinct (its article,
count, actor, status) on routes between real gazetteer places of Syria, routes and places
drawn with a long tail (a few told every week, most a few times), as in an archive of one
conflict; seeded. Prints the flows, the time to aggregate and render, the file size and
headless Chromium's time to draw it. Aim: <= 5 MB, drawn in <= 3 s. Asserts nothing.
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from map_bench import gazetteer_points, load_seconds  # noqa: E402

ACTORS = [("civilians", 5), ("armed", 3), ("aid", 1), ("wounded", 1), ("unknown", 1)]
STATUSES = [("done", 6), ("planned", 2), ("expected", 1), ("blocked", 1), ("negated", 1)]
OUTLETS = ["عنب بلدي", "الجزيرة", "العربية", "سانا", "المرصد السوري", "بي بي سي عربي",
           "سكاي نيوز عربية", "الشرق الأوسط", "القدس العربي", "روداو", "ستيب", "أورينت"]
START = date(2016, 1, 1)
DAYS = 730


def weighted(rng: random.Random, pairs: list[tuple[str, int]]) -> str:
    return rng.choices([k for k, _ in pairs], [w for _, w in pairs])[0]


def tail(rng: random.Random, n: int, power: float) -> int:
    """An index in [0, n) drawn with a long tail: the first ones most often (power > 1)."""
    return int(n * rng.random() ** power)


def archive(n_journeys: int, n_routes: int, n_places: int) -> dict[str, tuple[list, list]]:
    """(rows, geometries) per table of a synthetic archive (see the module docstring)."""
    from shapely.geometry import LineString, Point

    rng = random.Random(20)
    pts = gazetteer_points(ROOT / "data", n_places)
    routes = []
    while len(routes) < n_routes:
        a, b = pts[tail(rng, len(pts), 2)], pts[tail(rng, len(pts), 2)]
        if a[0] != b[0]:
            via = [rng.choice(pts)] if rng.random() < 0.1 else []
            routes.append((a, via, b))
    rows: dict[str, tuple[list, list]] = {t: ([], []) for t in
                                          ("articles", "places", "movements", "areas",
                                           "unresolved", "area_shapes")}
    k = 0
    while k < n_journeys:
        aid = f"art-{len(rows['articles'][0]):06d}"
        day = START + timedelta(days=rng.randrange(DAYS))
        outlet = rng.randrange(len(OUTLETS))
        head = {"article_id": aid, "article_date": day,
                "article_url": f"https://news{outlet}.example/{day:%Y/%m/%d}/{aid}",
                "article_source": OUTLETS[outlet]}
        told = min(rng.randrange(1, 5), n_journeys - k)
        for i in range(told):
            o, via, d = routes[tail(rng, n_routes, 2.5)]
            _journey(rows, head, i, o, via, d, rng, LineString, Point)
        rows["articles"][0].append({"article_id": aid, "shard": 0, "date": day,
                                    "date_text": day.isoformat(), "url": head["article_url"],
                                    "source": head["article_source"],
                                    "title": f"خروج دفعة جديدة من المهجرين نحو الشمال ({aid})",
                                    "movements": told, "places": 2 * told})
        k += told
    return rows


def _journey(rows, head, i, o, via, d, rng, LineString, Point) -> None:
    """One journey's movement row and its ends' place rows."""
    count = rng.randrange(10, 5000) if rng.random() < 0.6 else None
    mv = dict(head, index=i, actor="", trigger="خرج", count=count, count_unit="people",
              status=weighted(rng, STATUSES), actor_type=weighted(rng, ACTORS),
              via=[{"name_ar": v[1], "name_en": v[2], "kind": v[3], "lat": v[4], "lon": v[5],
                    "ref": v[0]} for v in via])
    for end, p in (("origin", o), ("destination", d)):
        mv |= {f"{end}_ref": p[0], f"{end}_name_ar": p[1], f"{end}_name_en": p[2],
               f"{end}_kind": p[3], f"{end}_lat": p[4], f"{end}_lon": p[5]}
        rows["places"][0].append(dict(head, index=2 * i + (end == "destination"), surface=p[1],
                                      ref=p[0], name_ar=p[1], name_en=p[2], kind=p[3],
                                      lat=p[4], lon=p[5], confidence=0.9))
        rows["places"][1].append(Point(p[5], p[4]))
    rows["movements"][0].append(mv)
    rows["movements"][1].append(LineString([(p[5], p[4]) for p in (o, *via, d)]))


def tables(rows):
    """The rows as batch.open would return them."""
    from geomap.batch.store import tables_from_rows

    return tables_from_rows({t: r for t, (r, _) in rows.items()},
                            {t: g for t, (_, g) in rows.items()})


def main() -> None:
    """Build the archive, aggregate, render, draw; print the figures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--journeys", type=int, default=100_000)
    ap.add_argument("--routes", type=int, default=3000)
    ap.add_argument("--places", type=int, default=1500)
    ap.add_argument("--keep", type=Path, help="also keep the map file here")
    args = ap.parse_args()
    from geomap.batch.flows import flows as make_flows
    from geomap.maps.archive import render_archive

    t = time.perf_counter()
    tab = tables(archive(args.journeys, args.routes, args.places))
    build_s = time.perf_counter() - t
    t = time.perf_counter()
    flows = make_flows(tab)
    flows_s = time.perf_counter() - t
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(args.keep or Path(tmp) / "archive.html")
        t = time.perf_counter()
        path.write_text(render_archive(tab, flows).get_root().render(), encoding="utf-8")
        render_s = time.perf_counter() - t
        size = path.stat().st_size
        wall, in_page, cpu = load_seconds(path)
    print(f"journeys={len(tab.movements):,} articles={len(tab.articles):,} "
          f"flows={len(flows):,} (tables built in {build_s:.1f} s)")
    print(f"aggregated in {flows_s:.2f} s: {len(flows) / flows_s:,.0f} flows/s, "
          f"{len(tab.movements) / flows_s:,.0f} journeys/s")
    print(f"file={size / 1e6:.2f} MB (aim <= 5) render={render_s:.2f} s "
          f"chromium_draw={wall:.2f} s (aim <= 3; page clock at drawn {in_page / 1000:.2f} s, "
          f"page CPU {cpu:.2f} s)")


if __name__ == "__main__":
    main()
