"""The embedded base layer: country and governorate outlines and major city labels, taken from
the gazetteer's own data (data/areas.geojson, data/gazetteer.csv), simplified to stay small.

When the files are not there the map simply has no embedded base layer.
"""
from __future__ import annotations

import csv
import json
import re
from functools import lru_cache
from html import escape
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from shapely.geometry import box, mapping, shape

from ..gazetteer.paths import data_dir

DATA_DIR = data_dir()
REGION = box(30.0, 28.0, 49.0, 42.5)  # Syria and its neighbours, cut to what a map can show
HOME = "ne:SY"
GOVERNORATE = re.compile(r"^ocha:SY\d\d$")
CITY_KINDS = {"city"}
ATTRIBUTION = ("Places and boundaries: OCHA COD (CC BY-IGO), GeoNames (CC BY 4.0), "
               "Natural Earth · geomap")


def _level(fid: str) -> str | None:
    """'country', 'governorate' or None (not part of the base layer) for an areas.geojson id."""
    if fid.startswith("ne:"):
        return "country"
    return "governorate" if GOVERNORATE.match(fid) else None


def _simplify(geom: Any, tolerance: float) -> Any:
    """The geometry cut to the region, simplified and rounded to 3 decimals (~100 m)."""
    geom = geom.intersection(REGION).simplify(tolerance, preserve_topology=True)
    return shapely.transform(geom, lambda xy: np.round(xy, 3))


def _feature(geom: Any, **props: Any) -> dict[str, Any]:
    """A GeoJSON feature."""
    return {"type": "Feature", "geometry": mapping(geom), "properties": props}


def outlines(areas_path: Path) -> tuple[list[dict], list[dict]]:
    """(land fills, outline features) for countries and governorates in areas.geojson."""
    land, lines = [], []
    for feat in json.loads(areas_path.read_text(encoding="utf-8")).get("features", []):
        fid = str((feat.get("properties") or {}).get("id", ""))
        level = _level(fid)
        if level is None or not feat.get("geometry"):
            continue
        geom = _simplify(shape(feat["geometry"]), 0.02 if level == "country" else 0.01)
        if geom.is_empty:
            continue
        if level == "country":
            land.append(_feature(geom, home=fid == HOME))
        lines.append(_feature(geom, level=level))
    return land, lines


def _number(row: dict[str, str], key: str) -> float:
    """A numeric column of a gazetteer row, 0 when empty or malformed."""
    try:
        return float(row.get(key) or 0)
    except ValueError:
        return 0.0


def cities(gazetteer_path: Path, home: int = 20, abroad: int = 12) -> list[list[Any]]:
    """[lat, lon, label html] for Syria's main cities (by importance) and the neighbours' largest."""
    with gazetteer_path.open(encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r.get("kind") in CITY_KINDS and _in_region(r)]
    syrian = sorted((r for r in rows if r.get("country") == "SY"),
                    key=lambda r: (_number(r, "importance"), _number(r, "population")), reverse=True)
    others = sorted((r for r in rows if r.get("country") != "SY"),
                    key=lambda r: _number(r, "population"), reverse=True)
    return [[round(float(r["lat"]), 4), round(float(r["lon"]), 4), _city_label(r)]
            for r in syrian[:home] + others[:abroad]]


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
    land, lines = outlines(Path(areas))
    labels = cities(Path(gaz)) if Path(gaz).exists() else []
    return {"land": {"type": "FeatureCollection", "features": land},
            "lines": {"type": "FeatureCollection", "features": lines},
            "cities": labels}
