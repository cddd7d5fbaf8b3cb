"""Report → GeoJSON and GeoDataFrame: plain data out, geometry as a value.

Shapes are the geometry stage's (Movement.geometry, Area.geometry): read here, never made. A
report that has not been through the stage (built by hand, loaded from JSON) goes through it
first, which fills only what it lacks. A movement's feature also says which end, if any, its
has no located point (`missing_end`: the stage's answer; the line stubs it, as on the map).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from shapely.geometry import Point, mapping

from ..geometry.stage import add_geometry, missing_end

if TYPE_CHECKING:  # pragma: no cover
    import geopandas

    from ..model import Report


def _features(report: "Report") -> list[tuple[str, Any, dict[str, Any]]]:
    """(type, geometry, properties) for everything in the report, unresolved names included."""
    report = add_geometry(report)
    rows: list[tuple[str, Any, dict[str, Any]]] = []
    for p in report.places:
        rows.append(("place", Point(p.lon, p.lat), p.to_dict()))
    for m in report.movements:
        props = m.to_dict() | {"missing_end": missing_end(m, report.areas)}
        rows.append(("movement", m.geometry, props))
    for a in report.areas:
        rows.append(("area", a.geometry, a.to_dict()))
    for u in report.unresolved:
        rows.append(("unresolved", None, u.to_dict()))
    return rows


def report_to_geojson(report: "Report") -> dict[str, Any]:
    """A FeatureCollection; each feature's properties are the contract's object plus `type`."""
    feats, article = [], article_fields(report)
    for kind, geom, props in _features(report):
        props = {"type": kind, "report_id": report.id} | article | _jsonable(props)
        feats.append({"type": "Feature", "geometry": mapping(geom) if geom is not None else None,
                      "properties": props})
    return {"type": "FeatureCollection", "features": feats}


def report_to_geodataframe(report: "Report") -> "geopandas.GeoDataFrame":
    """One frame, EPSG:4326, a `type` column (place | movement | area | unresolved)."""
    import geopandas

    article = article_fields(report)
    rows = [{"type": kind, "report_id": report.id} | article | _flat(props) | {"geometry": geom}
            for kind, geom, props in _features(report)]
    columns = ["type", "report_id", "surface", "start", "end", "geometry"]
    if not rows:
        return geopandas.GeoDataFrame(columns=columns, geometry="geometry", crs="EPSG:4326")
    return geopandas.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")


ARTICLE_FIELDS = ("date", "url", "source")


def article_fields(report: "Report") -> dict[str, Any]:
    """article_date, article_url, article_source of a report whose article has them: every
    feature says which article, of when, it comes from (a plain text's features are as ever)."""
    return {f"article_{k}": report.meta[k] for k in ARTICLE_FIELDS if k in report.meta}


def _flat(props: dict[str, Any]) -> dict[str, Any]:
    """Nested endpoint dicts become readable strings so a frame column holds scalars."""
    out = {}
    for k, v in props.items():
        if isinstance(v, dict):
            v = v.get("name_en") or v.get("name_ar")
        elif isinstance(v, list):
            v = " | ".join(str(x.get("name_en") or x.get("name_ar")) if isinstance(x, dict)
                           else str(x) for x in v)
        out[k] = v
    return out


def _jsonable(props: dict[str, Any]) -> dict[str, Any]:
    """Tuples become lists so json.dumps round-trips the properties."""
    return {k: list(v) if isinstance(v, tuple) else v for k, v in props.items()}
