"""The embedded base layer: country and governorate outlines and major city labels of the Arab
world, Mauritania to Oman, taken from the gazetteer's own data (data/areas.geojson,
data/gazetteer.csv), simplified to stay small: a standalone map must stay well under 600 KB.

When the files are not there the map simply has no embedded base layer.
"""
from __future__ import annotations

import csv
import json
from functools import lru_cache
from html import escape
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from shapely.geometry import box, mapping, shape
from shapely.prepared import prep

from ..gazetteer.paths import data_dir

DATA_DIR = data_dir()
REGION = box(-18.0, -13.0, 61.0, 42.5)  # Mauritania to Oman, the Comoros to Turkey
HOME = "ne:SY"
CITY_KINDS = {"city"}
# (degrees of simplification, decimals kept): Syria and its neighbours, where most maps look,
# keep the detail of a regional map; the rest of the Arab world is seen from further away.
CORE = box(30.0, 28.0, 49.0, 42.5)
FINE = {"country": (0.02, 3), "governorate": (0.02, 3)}
COARSE = {"country": (0.05, 2), "governorate": (0.06, 2)}
CAPITAL_LEVEL = 0.95  # the importance of a national capital
ABROAD_MIN_POPULATION = 1_000_000
LABEL_GAP = 0.3  # degrees (~30 km): a city this near a larger one is part of it on the map
# Provinces are drawn for the Arab League's members; their neighbours show borders only.
ARAB_LEAGUE = frozenset("SY LB JO PS IQ SA YE OM AE QA BH KW EG SD LY TN DZ MA MR SO DJ KM".split())
ATTRIBUTION = ("Places and boundaries: OCHA COD (CC BY-IGO), GeoNames (CC BY 4.0), "
               "Natural Earth · geomap")


def _level(props: dict[str, Any]) -> str | None:
    """'country', 'governorate' or None (not part of the base layer) for an areas.geojson
    feature's properties: countries and the provinces (governorates, states…)."""
    if str(props.get("id", "")).startswith("ne:"):
        return "country"
    return "governorate" if props.get("kind") == "governorate" else None


def _in_arab_league(geom: Any, countries: list[tuple[str, Any]]) -> bool:
    """Whether a province lies in a member of the Arab League (the country outline that holds
    its representative point)."""
    point = geom.representative_point()
    return any(code in ARAB_LEAGUE and outline.contains(point) for code, outline in countries)


def _simplify(geom: Any, tolerance: float, decimals: int) -> Any:
    """The geometry cut to the region, simplified and rounded (3 decimals ~100 m)."""
    geom = geom.intersection(REGION).simplify(tolerance, preserve_topology=True)
    return shapely.transform(geom, lambda xy: np.round(xy, decimals))


def _detail(geom: Any, level: str) -> tuple[float, int]:
    """(tolerance, decimals) for a base-layer feature: FINE when it lies in CORE (its
    representative point does), COARSE elsewhere."""
    return (FINE if CORE.contains(geom.representative_point()) else COARSE)[level]


def _feature(geom: Any, **props: Any) -> dict[str, Any]:
    """A GeoJSON feature."""
    return {"type": "Feature", "geometry": mapping(geom), "properties": props}


def outlines(areas_path: Path) -> tuple[list[dict], list[dict]]:
    """(land fills, outline features) for the countries in areas.geojson and the provinces of
    the Arab League's members (their neighbours show borders only)."""
    found = []
    for feat in json.loads(areas_path.read_text(encoding="utf-8")).get("features", []):
        props = feat.get("properties") or {}
        level = _level(props)
        if level is not None and feat.get("geometry"):
            found.append((str(props.get("id", "")), level, shape(feat["geometry"])))
    countries = [(fid[3:], prep(geom)) for fid, level, geom in found if level == "country"]
    land, lines = [], []
    for fid, level, geom in found:
        if level == "governorate" and not _in_arab_league(geom, countries):
            continue
        geom = _simplify(geom, *_detail(geom, level))
        if geom.is_empty:
            continue
        if level == "country":
            land.append(_feature(geom, home=fid == HOME, id=fid))
        lines.append(_feature(geom, level=level))
    return land, lines


def _number(row: dict[str, str], key: str) -> float:
    """A numeric column of a gazetteer row, 0 when empty or malformed."""
    try:
        return float(row.get(key) or 0)
    except ValueError:
        return 0.0


def cities(rows: list[dict[str, str]], drawn: set[str], home: int = 20) -> list[list[Any]]:
    """[lat, lon, label html] for Syria's main cities (by importance) and, in the other countries
    the base layer draws (`drawn`), every national capital and every city of a million people
    or more, none within LABEL_GAP of a more important one (New Mosul is Mosul on the map)."""
    rows = [r for r in rows if r.get("kind") in CITY_KINDS and _in_region(r)]
    syrian = sorted((r for r in rows if r.get("country") == "SY"),
                    key=lambda r: (_number(r, "importance"), _number(r, "population")), reverse=True)
    others = sorted((r for r in rows if r.get("country") != "SY" and r.get("country") in drawn
                     and (_number(r, "importance") >= CAPITAL_LEVEL
                          or _number(r, "population") >= ABROAD_MIN_POPULATION)),
                    key=lambda r: (-_number(r, "importance"), -_number(r, "population"), r["id"]))
    kept = syrian[:home]
    for r in others:
        if all(abs(_number(r, "lat") - _number(k, "lat")) > LABEL_GAP
               or abs(_number(r, "lon") - _number(k, "lon")) > LABEL_GAP for k in kept):
            kept.append(r)
    return [[round(float(r["lat"]), 4), round(float(r["lon"]), 4), _city_label(r)] for r in kept]


def _in_region(row: dict[str, str]) -> bool:
    """Whether a gazetteer row has coordinates inside the base-layer region."""
    try:
        return REGION.contains(shapely.Point(float(row["lon"]), float(row["lat"])))
    except (KeyError, ValueError):
        return False


def _city_label(row: dict[str, str]) -> str:
    """'Aleppo · حلب' as escaped HTML."""
    ar = escape(row.get("name_ar") or "")
    return f'{escape(row.get("name_en") or "")} · <bdi dir="rtl" lang="ar">{ar}</bdi>'


def load(data_dir: Path | None = None) -> dict[str, Any] | None:
    """The base layer data from data_dir (default: geomap's data folder), or None if absent."""
    data_dir = Path(data_dir) if data_dir is not None else DATA_DIR
    areas, gaz = data_dir / "areas.geojson", data_dir / "gazetteer.csv"
    if not areas.exists():
        return None
    return _load_cached(str(areas), areas.stat().st_mtime, str(gaz),
                        gaz.stat().st_mtime if gaz.exists() else 0.0)


@lru_cache(maxsize=4)
def _load_cached(areas: str, _m1: float, gaz: str, _m2: float) -> dict[str, Any]:
    """load(), cached per file version."""
    rows = []
    if Path(gaz).exists():
        with Path(gaz).open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
    land, lines = outlines(Path(areas))
    drawn = {f["properties"]["id"][3:] for f in land if f["properties"].get("id")}
    labels = cities(rows, drawn)
    return {"land": {"type": "FeatureCollection", "features": land},
            "lines": {"type": "FeatureCollection", "features": lines},
            "cities": labels}
