#!/usr/bin/env python3
"""Validate the hand-kept data files before the gazetteer build merges them.

Checks data/countries.csv, data/curated.csv and data/curated_aliases.csv against
data/SCHEMA.md and against the source files in ../shared/data/:

- exact column lists;
- ids unique (curated ids start with ``cur:``);
- every referenced id exists: alias ids, parent ids and the ids named in
  ``union:`` / ``hull:`` recipes (``ocha:C*`` in syr_communities.csv, ``ocha:N*`` in
  syr_city_neighbourhoods.csv, ``ocha:SY*`` in syr_admin1/admin2.csv, ``gn:*`` in the two
  GeoNames tsv files, ``ne1:*`` in the Natural Earth admin-1 TopoJSON files, ``ne:<alpha-2>``
  for countries.csv, ``air:*`` in the airports csv, ``cur:*`` in curated.csv);
- ``union:`` only names entries that have a polygon (OCHA admin units, city
  neighbourhoods, or curated rows that carry a recipe themselves);
- lat/lon numeric and in range, kind from the schema list, country a known alpha-2;
- every curated row says where its coordinates come from;
- alt_names have no empty or repeated parts.

Usage: python scripts/check_curated.py [--data-dir ../shared/data]
Exit status 0 when everything passes, 1 otherwise (errors are listed).
Only the standard library is used, so it runs anywhere.
"""
from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

COUNTRY_COLS = ["iso_n3", "iso_a2", "name_en", "name_ar", "alt_names"]
CURATED_COLS = ["id", "name_ar", "name_en", "alt_names", "kind", "lat", "lon", "admin1",
                "admin2", "country", "population", "parent_id", "coord_source", "geometry", "note"]
ALIAS_COLS = ["id", "alt_names", "note"]
KINDS = {"city", "town", "village", "neighbourhood", "camp", "crossing", "base", "airport",
         "road", "landmark", "river", "region", "district", "governorate", "country"}
# A few ISO 3166 codes that Natural Earth's 50m file has no polygon for (tiny or
# user-assigned), still valid in the ``country`` column.
EXTRA_ISO2 = {"XK", "PS", "EH"}


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


def load_source_ids(data_dir: Path) -> dict[str, set[str]]:
    """Ids each source provides, by prefix family; also which ids carry a polygon."""
    ocha = data_dir / "ocha-cod-syria"
    ids: dict[str, set[str]] = {"point": set(), "polygon": set()}
    _, rows = read_csv(ocha / "syr_communities.csv")
    ids["point"].update("ocha:" + r["pcode"] for r in rows)
    for name in ("syr_admin1.csv", "syr_admin2.csv", "syr_city_neighbourhoods.csv"):
        _, rows = read_csv(ocha / name)
        ids["polygon"].update("ocha:" + r["PCODE"] for r in rows)
    _, rows = read_csv(ocha / "syr_admin0.csv")
    ids["polygon"].update("ocha:" + r["PCODE"] for r in rows)
    for folder, name in (("geonames-cities500", "cities500_mena_ru_capitals.tsv"),
                         ("geonames-cities500-arab-world",
                          "cities500_arab_world_and_arabic_names.tsv")):
        with (data_dir / folder / name).open(encoding="utf-8") as f:
            next(f)  # header row
            ids["point"].update("gn:" + line.split("\t", 1)[0] for line in f if line.strip())
    for path in sorted((data_dir / "natural-earth-admin1").glob("*.topojson.json")):
        topo = json.loads(path.read_text(encoding="utf-8"))
        for geom in topo["objects"][path.name.split(".")[0]]["geometries"]:
            name = (geom.get("properties") or {}).get("name")
            if name:
                unit = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
                ids["polygon"].add(f"ne1:{str(geom.get('id')).split('.')[0]}.{unit}")
    _, rows = read_csv(data_dir / "airportsdata" / "airports_syria_region.csv")
    ids["point"].update("air:" + r["icao"] for r in rows)
    return ids


def check_alt_names(where: str, value: str, errors: list[str]) -> None:
    if not value:
        return
    parts = value.split("|")
    if any(p.strip() == "" for p in parts):
        errors.append(f"{where}: empty part in alt_names {value!r}")
    if any(p != p.strip() for p in parts):
        errors.append(f"{where}: alt_names part with surrounding spaces in {value!r}")
    if len(set(parts)) != len(parts):
        dup = sorted({p for p in parts if parts.count(p) > 1})
        errors.append(f"{where}: repeated alt_names {dup}")


def check_countries(path: Path, errors: list[str]) -> set[str]:
    cols, rows = read_csv(path)
    if cols != COUNTRY_COLS:
        errors.append(f"{path.name}: columns {cols} != {COUNTRY_COLS}")
        return set()
    names = [r["name_en"] for r in rows]
    if len(names) != len(set(names)):
        errors.append(f"{path.name}: repeated name_en")
    iso2 = [r["iso_a2"] for r in rows if r["iso_a2"]]
    if len(iso2) != len(set(iso2)):
        errors.append(f"{path.name}: repeated iso_a2 {sorted({c for c in iso2 if iso2.count(c) > 1})}")
    for i, r in enumerate(rows, start=2):
        where = f"{path.name}:{i} ({r['name_en']})"
        if r["iso_n3"] and not re.fullmatch(r"\d{3}", r["iso_n3"]):
            errors.append(f"{where}: iso_n3 {r['iso_n3']!r} is not 3 digits")
        if r["iso_a2"] and not re.fullmatch(r"[A-Z]{2}", r["iso_a2"]):
            errors.append(f"{where}: iso_a2 {r['iso_a2']!r} is not 2 capitals")
        if not r["name_en"]:
            errors.append(f"{where}: empty name_en")
        check_alt_names(where, r["alt_names"], errors)
    return set(iso2)


def recipe_ids(geometry: str) -> tuple[str, list[str]]:
    kind, _, rest = geometry.partition(":")
    if kind in ("union", "hull"):
        return kind, [p for p in rest.split("+")]
    return kind, []


def check_curated(path: Path, src: dict[str, set[str]], iso2: set[str],
                  errors: list[str]) -> dict[str, dict[str, str]]:
    cols, rows = read_csv(path)
    if cols != CURATED_COLS:
        errors.append(f"{path.name}: columns {cols} != {CURATED_COLS}")
        return {}
    by_id: dict[str, dict[str, str]] = {}
    for i, r in enumerate(rows, start=2):
        if r["id"] in by_id:
            errors.append(f"{path.name}:{i}: repeated id {r['id']}")
        by_id[r["id"]] = r
    all_ids = src["point"] | src["polygon"] | set(by_id) | {f"ne:{c}" for c in iso2}
    polygon_ids = src["polygon"] | {k for k, r in by_id.items() if r["geometry"]}
    for i, r in enumerate(rows, start=2):
        where = f"{path.name}:{i} ({r['id']})"
        if not re.fullmatch(r"cur:[a-z0-9]+(-[a-z0-9]+)*", r["id"]):
            errors.append(f"{where}: id must be cur:<lowercase-slug>")
        if not r["name_ar"] and not r["name_en"]:
            errors.append(f"{where}: no name")
        if r["kind"] not in KINDS:
            errors.append(f"{where}: kind {r['kind']!r} not in {sorted(KINDS)}")
        try:
            if not (r["lat"] or r["lon"]) and r["geometry"]:
                raise LookupError  # the build takes the point from the polygon
            lat, lon = float(r["lat"]), float(r["lon"])
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                errors.append(f"{where}: lat/lon out of range")
            if len(r["lat"].partition(".")[2]) > 6 or len(r["lon"].partition(".")[2]) > 6:
                errors.append(f"{where}: more than 6 decimals")
        except LookupError:
            pass
        except ValueError:
            errors.append(f"{where}: lat/lon not numeric: {r['lat']!r}, {r['lon']!r}")
        if r["country"] not in iso2 | EXTRA_ISO2:
            errors.append(f"{where}: country {r['country']!r} not an alpha-2 code in countries.csv")
        if r["population"] and not r["population"].isdigit():
            errors.append(f"{where}: population {r['population']!r} not an integer")
        if r["parent_id"] and r["parent_id"] not in all_ids:
            errors.append(f"{where}: parent_id {r['parent_id']} unknown")
        if not r["coord_source"].strip():
            errors.append(f"{where}: coord_source is empty")
        check_alt_names(where, r["alt_names"], errors)
        if r["name_ar"] and r["name_ar"] in r["alt_names"].split("|"):
            errors.append(f"{where}: alt_names repeats name_ar")
        geom = r["geometry"]
        if geom:
            kind, ids = recipe_ids(geom)
            if kind == "buffer":
                try:
                    if float(geom.partition(":")[2]) <= 0:
                        raise ValueError
                except ValueError:
                    errors.append(f"{where}: bad buffer recipe {geom!r}")
            elif kind in ("union", "hull"):
                if not ids or any(not p for p in ids):
                    errors.append(f"{where}: empty id in recipe {geom!r}")
                if len(set(ids)) != len(ids):
                    errors.append(f"{where}: repeated id in recipe")
                if kind == "hull" and len(ids) < 3:
                    errors.append(f"{where}: hull needs at least 3 points")
                for p in ids:
                    if p == r["id"]:
                        errors.append(f"{where}: recipe names its own id")
                    elif kind == "union" and p not in polygon_ids:
                        errors.append(f"{where}: union id {p} has no polygon or is unknown")
                    elif kind == "hull" and p not in all_ids:
                        errors.append(f"{where}: hull id {p} unknown")
            else:
                errors.append(f"{where}: unknown geometry recipe {geom!r}")
    return by_id


def check_aliases(path: Path, src: dict[str, set[str]], curated: dict[str, dict[str, str]],
                  errors: list[str]) -> None:
    cols, rows = read_csv(path)
    if cols != ALIAS_COLS:
        errors.append(f"{path.name}: columns {cols} != {ALIAS_COLS}")
        return
    seen: set[str] = set()
    known = src["point"] | src["polygon"]
    for i, r in enumerate(rows, start=2):
        where = f"{path.name}:{i} ({r['id']})"
        if r["id"] in seen:
            errors.append(f"{where}: repeated id")
        seen.add(r["id"])
        if r["id"].startswith("cur:"):
            if r["id"] not in curated:
                errors.append(f"{where}: unknown curated id")
        elif not re.fullmatch(r"(ocha:(C\d+|N\d+|SY\d*)|gn:\d+|air:[A-Z0-9]+)", r["id"]):
            errors.append(f"{where}: id prefix must be ocha:/gn:/air:/cur:")
        elif r["id"] not in known:
            errors.append(f"{where}: id not found in the source files")
        if not r["alt_names"]:
            errors.append(f"{where}: empty alt_names")
        check_alt_names(where, r["alt_names"], errors)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data-dir", type=Path, default=ROOT.parent / "shared" / "data",
                    help="folder holding the shared source data (default: ../shared/data)")
    ap.add_argument("--repo-data", type=Path, default=ROOT / "data",
                    help="folder holding the hand-kept csv files (default: data/)")
    args = ap.parse_args(argv)
    errors: list[str] = []
    src = load_source_ids(args.data_dir)
    iso2 = check_countries(args.repo_data / "countries.csv", errors)
    curated = check_curated(args.repo_data / "curated.csv", src, iso2, errors)
    check_aliases(args.repo_data / "curated_aliases.csv", src, curated, errors)
    for e in errors:
        print("ERROR", e)
    counts = {name: sum(1 for _ in csv.DictReader((args.repo_data / name).open(encoding="utf-8")))
              for name in ("countries.csv", "curated.csv", "curated_aliases.csv")}
    print("rows:", ", ".join(f"{k} {v}" for k, v in counts.items()))
    print("check_curated:", "FAILED" if errors else "ok", f"({len(errors)} errors)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
