"""Flows against a plain reference: the module docstring of geomap.batch.flows written out
row by row, for clarity not speed, on a seeded table with date ties, undated articles,
unknown and unlocated ends, several vias per route (one told at two places), counts with
and without a number, and undrawn journeys. The real function sorts and slices arrays;
both must give the same flows, field by field."""
from __future__ import annotations

import json
import random
from collections import Counter
from datetime import date, timedelta
from typing import Any

import pytest

pytest.importorskip("pyarrow")

from shapely.geometry import LineString  # noqa: E402

from geomap.batch.flows import ACTOR_ORDER, STATUS_ORDER, end_key, flow_table  # noqa: E402
from geomap.batch.store import Tables, tables_from_rows  # noqa: E402

PLACES = [("ocha:A", "ألف", "Alif", "city", 33.5, 36.3),
          ("ocha:B", "باء", "Ba", "town", 35.9, 36.6),
          ("ocha:C", "جيم", "Jim", "village", 34.7, 36.7),
          (None, "دال", None, None, None, None),  # named, not located
          (None, "دال", "Dal", "town", 36.2, 37.1),  # the same name, located without a ref
          (None, None, None, None, None, None)]  # not told
STOPS = [[], [], [{"ref": "ocha:C", "name_ar": "جيم", "name_en": "Jim", "kind": "village",
                   "lat": 34.7, "lon": 36.7, "start": 10, "end": 13}],
         [{"ref": "ocha:C", "name_ar": "جيم", "name_en": "Jim", "kind": "village",
           "lat": 34.7, "lon": 36.7, "start": 40, "end": 43}],  # the same stop, told elsewhere
         [{"ref": None, "name_ar": "هاء", "name_en": None, "kind": None, "lat": None,
           "lon": None, "start": 5, "end": 8}, {"ref": "ocha:B", "name_ar": "باء",
                                                "name_en": "Ba", "kind": "town", "lat": 35.9,
                                                "lon": 36.6, "start": 9, "end": 12}]]


def generated(seed: int = 3, n_articles: int = 160) -> tuple[list[dict], list[Any], list[dict]]:
    """(movement rows, their corridors, article rows): few routes and days, so that dates tie,
    chains break and join, and every route has several vias, statuses and actor types."""
    rng = random.Random(seed)
    rows, geoms, articles = [], [], []
    for a in range(n_articles):
        aid = f"a{rng.randrange(10**6):06d}"  # ids out of date order
        day = None if rng.random() < 0.15 else date(2017, 3, 1) + timedelta(rng.randrange(40))
        url = None if rng.random() < 0.2 else f"https://news.example/{aid}"
        source = rng.choice([None, "Alpha", "Beta"])
        articles.append({"article_id": aid, "shard": 0, "date": day, "url": url,
                         "source": source, "title": rng.choice([None, f"خبر {aid}"])})
        for i in range(rng.randrange(1, 4)):
            o, d = rng.choice(PLACES), rng.choice(PLACES)
            via = rng.choice(STOPS)
            count = rng.choice([None, 20, 300, 300, 5000])
            row = {"article_id": aid, "article_date": day, "article_url": url,
                   "article_source": source, "index": i, "via": via, "count": count,
                   "count_unit": rng.choice(["people", "families", None]) if count else None,
                   "actor_type": rng.choice(ACTOR_ORDER), "status": rng.choice(STATUS_ORDER)}
            for end, p in (("origin", o), ("destination", d)):
                row |= dict(zip((f"{end}_{c}" for c in ("ref", "name_ar", "name_en", "kind",
                                                        "lat", "lon")), p))
            pts = [(lon, lat) for lat, lon in [o[4:], *((s["lat"], s["lon"]) for s in via),
                                               d[4:]] if lat is not None]
            rows.append(row)
            geoms.append(None if rng.random() < 0.1 or len(pts) < 2 else LineString(pts))
    return rows, geoms, articles


def tables(rows: list[dict], geoms: list[Any], articles: list[dict]) -> Tables:
    """The rows as geomap.batch.open returns an archive's tables."""
    return tables_from_rows({"movements": rows, "articles": articles}, {"movements": geoms})


def reference(rows: list[dict], geoms: list[Any], articles: list[dict], window: int
              ) -> list[dict]:
    """The flows, plainly: journeys grouped by their ends' keys; the dated ones in date order
    chained while each is at most `window` days after the one before, the undated ones one
    more chain; most told first."""
    routes: dict[tuple[str, str], list[tuple[dict, Any]]] = {}
    for row, geom in zip(rows, geoms):
        o = end_key(row["origin_ref"], row["origin_name_ar"], row["origin_name_en"])
        d = end_key(row["destination_ref"], row["destination_name_ar"],
                    row["destination_name_en"])
        routes.setdefault((o, d), []).append((row, geom))
    titles = {a["article_id"]: a["title"] for a in articles}
    found = []
    for (o, d), told in routes.items():
        dated = sorted((t for t in told if t[0]["article_date"]), key=lambda t: (
            t[0]["article_date"], t[0]["article_id"], t[0]["index"]))
        chains: list[list[tuple[dict, Any]]] = []
        for t in dated:
            if chains and (t[0]["article_date"] - chains[-1][-1][0]["article_date"]).days \
                    <= window:
                chains[-1].append(t)
            else:
                chains.append([t])
        undated = sorted((t for t in told if not t[0]["article_date"]),
                         key=lambda t: (t[0]["article_id"], t[0]["index"]))
        chains += [undated] if undated else []
        found += [reference_flow(o, d, chain, titles) for chain in chains]
    return sorted(found, key=lambda f: (-f["articles"], -f["movements"], f["flow_id"]))


def reference_flow(o: str, d: str, chain: list[tuple[dict, Any]], titles: dict) -> dict:
    """One chain's flow, field by field (see geomap.batch.flows)."""
    rows = [row for row, _ in chain]
    first, last = rows[0]["article_date"], rows[-1]["article_date"]
    via, stops = reference_via(rows)
    counted = [r for r in rows if r["count"] is not None]
    flow = {"flow_id": f"{o}>{d}@{first.isoformat() if first else 'undated'}",
            "via": stops, "first_date": first, "last_date": last,
            "articles": len({r["article_id"] for r in rows}), "movements": len(rows),
            "count_min": min((r["count"] for r in counted), default=None),
            "count_max": max((r["count"] for r in counted), default=None),
            "counts": [{"count": r["count"], "unit": r["count_unit"],
                        "article_id": r["article_id"]} for r in counted],
            "actor_type": most_told([r["actor_type"] for r in rows], ACTOR_ORDER),
            "actor_types": dict(sorted(Counter(r["actor_type"] for r in rows).items())),
            "status": most_told([r["status"] for r in rows], STATUS_ORDER),
            "statuses": dict(sorted(Counter(r["status"] for r in rows).items())),
            "sources": []}
    for end in ("origin", "destination"):
        src = next((r for r in rows if r[f"{end}_lat"] is not None), rows[0])
        flow |= {f"{end}_{c}": src[f"{end}_{c}"] for c in ("ref", "name_ar", "name_en",
                                                           "kind", "lat", "lon")}
    for r in rows:
        if r["article_id"] not in [s["article_id"] for s in flow["sources"]]:
            flow["sources"].append({
                "article_id": r["article_id"], "date": r["article_date"] and
                r["article_date"].isoformat(), "url": r["article_url"],
                "source": r["article_source"], "title": titles[r["article_id"]]})
    drawn = [(stop_keys(r["via"]), g) for r, g in chain if g is not None]
    geom = next((g for k, g in drawn if k == via), drawn[0][1] if drawn else None)
    return flow | {"geometry": None if geom is None else geom.wkb}


def stop_keys(stops: list[dict]) -> list[str]:
    return [end_key(s["ref"], s["name_ar"], s["name_en"]) for s in stops]


def reference_via(rows: list[dict]) -> tuple[list[str], list[dict]]:
    """The stops told by the most articles, then the most stops, then the greatest key (as
    JSON); kept as its first journey tells them, without offsets."""
    told: dict[str, set[str]] = {}
    for r in rows:
        told.setdefault(json.dumps(stop_keys(r["via"]), ensure_ascii=False),
                        set()).add(r["article_id"])
    best = max(told, key=lambda k: (len(told[k]), len(json.loads(k)), k))
    first = next(r["via"] for r in rows
                 if json.dumps(stop_keys(r["via"]), ensure_ascii=False) == best)
    return json.loads(best), [{f: s[f] for f in ("ref", "name_ar", "name_en", "kind", "lat",
                                                 "lon")} for s in first]


def most_told(values: list[str], order: tuple[str, ...]) -> str:
    """The value told most often, "unknown" only when nothing else is; ties by `order`."""
    told = Counter(v for v in values if v != "unknown") or Counter(values)
    return min(told, key=lambda v: (-told[v], order.index(v)))


def as_rows(table: Any) -> list[dict]:
    """The flows table's rows with JSON decoded."""
    json_cols = ("via", "counts", "actor_types", "statuses", "sources")
    return [{k: json.loads(v) if k in json_cols else v for k, v in row.items()}
            for row in table.to_pylist()]


@pytest.mark.parametrize("window", [0, 3, 10])
def test_flows_equal_a_plain_reference(window):
    rows, geoms, articles = generated()
    want = reference(rows, geoms, articles, window)
    got = as_rows(flow_table(tables(rows, geoms, articles), window))
    assert [f["flow_id"] for f in got] == [f["flow_id"] for f in want]
    for g, w in zip(got, want):
        assert g == w, g["flow_id"]
    # the table holds what the docstring speaks of
    assert any(f["flow_id"].endswith("@undated") for f in want)
    assert any(f["flow_id"].startswith(">") or ">@" in f["flow_id"] for f in want)
    assert any(f["flow_id"].startswith("name:") and f["origin_lat"] is not None
               for f in want)  # a named end located by a later journey of its flow
    assert any(f["articles"] < f["movements"] for f in want)
    assert any(f["via"] for f in want) and any(f["geometry"] is None for f in want)
