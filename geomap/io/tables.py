"""Reports as rows of fixed tables (the archive's GeoParquet; README, "Archives").

Six tables, each column fixed by this module and the model's fields, never by the data:
- articles: one row per article in, an error row for one that could not be read or extracted;
- places, movements, areas, unresolved: one row per record, each carrying its article's
  article_id, article_date, article_url, article_source, and its `index` in the report;
- area_shapes: each area's polygon once per shard, under its area_key; an area row, and a
  movement's end at an area (ref "area:<area_key>"), refer to it.
A movement's ends are flat columns (origin_name_ar, origin_ref, origin_lat…, destination_…),
its via stops and counts JSON. A field the model gains flows in: a str, int, float or bool
field becomes a column of its type, any other a JSON column (of `to_dict()`'s value).
"""
from __future__ import annotations

import json
from dataclasses import fields
from functools import cache
from typing import TYPE_CHECKING, Any, Iterable

from ..model import Area, Endpoint, Movement, Place, Report, Unresolved
from .metadata import KNOWN, parse_day

if TYPE_CHECKING:  # pragma: no cover
    import pyarrow as pa

    from .articles import Article, BadArticle

TABLES = ("articles", "places", "movements", "areas", "unresolved", "area_shapes")
GEO_TABLES = ("places", "movements", "areas", "area_shapes", "flows")  # flows: batch.flows
SENTENCE_CHARS = 600  # a movement's or an area's sentence is kept whole up to this, else cut
_SCALAR_TYPES = {"str": "string", "str | None": "string", "int": "int64", "int | None": "int64",
                 "float": "float64", "float | None": "float64", "bool": "bool"}
ARTICLE_COLUMNS = [("article_id", "string"), ("article_date", "date32"),
                   ("article_url", "string"), ("article_source", "string")]
ARTICLES = [("article_id", "string"), ("shard", "int32"), ("file", "string"),
            ("line", "int64"), ("date", "date32"), ("date_text", "string"),
            ("date_invalid", "string"), ("url", "string"), ("source", "string"),
            ("title", "string"), ("extra", "string"), ("text", "string"), ("chars", "int64"),
            ("places", "int32"), ("movements", "int32"), ("areas", "int32"),
            ("unresolved", "int32"), ("error", "string")]
_ENDS = [(f"{end}_{name}", kind) for end in ("origin", "destination")
         for name, kind in (("ref", "string"), ("name_ar", "string"), ("name_en", "string"),
                            ("kind", "string"), ("lat", "float64"), ("lon", "float64"))]
FLOWS = [("flow_id", "string"), *_ENDS, ("via", "json"), ("first_date", "date32"),
         ("last_date", "date32"), ("articles", "int32"), ("movements", "int32"),
         ("count_min", "int64"), ("count_max", "int64"), ("counts", "json"),
         ("actor_type", "string"), ("actor_types", "json"), ("status", "string"),
         ("statuses", "json"), ("sources", "json")]
AREA_SHAPES = [("area_key", "string"), ("kind", "string"), ("anchor_ids", "json"),
               ("direction", "string"), ("name_en", "string"), ("lat", "float64"),
               ("lon", "float64")]


def _columns(cls: type, rename: dict[str, str] | None = None,
             skip: Iterable[str] = ()) -> list[tuple[str, str]]:
    """(column, type) of a record's fields: scalars as themselves, anything else JSON."""
    rename = rename or {}
    return [(rename.get(f.name, f.name), _SCALAR_TYPES.get(str(f.type), "json"))
            for f in fields(cls) if f.name != "geometry" and f.name not in skip]


def _endpoint_columns(prefix: str) -> list[tuple[str, str]]:
    return [(f"{prefix}_{name}", kind) for name, kind in _columns(Endpoint)]


@cache
def columns(table: str) -> tuple[tuple[str, str], ...]:
    """The (name, type) of every column of a table but its geometry; type is an Arrow type
    name, or "json" (text holding a JSON value)."""
    head = [*ARTICLE_COLUMNS, ("index", "int32")]
    if table == "articles":
        return tuple(ARTICLES)
    if table == "area_shapes":
        return tuple(AREA_SHAPES)
    if table == "flows":
        return tuple(FLOWS)
    if table == "places":
        return tuple(head + _columns(Place, {"id": "ref"}))
    if table == "unresolved":
        return tuple(head + _columns(Unresolved))
    if table == "areas":
        return tuple(head + _columns(Area) + [("area_key", "string"), ("sentence", "string")])
    if table == "movements":
        own = _columns(Movement, skip=("origin", "destination"))
        return tuple(head + own + _endpoint_columns("origin") + _endpoint_columns("destination")
                     + [("sentence", "string")])
    raise ValueError(f"no table {table!r}")


def schema(table: str) -> "pa.Schema":
    """The Arrow schema of a table; a geo table's last column is its WKB geometry."""
    import pyarrow as pa

    types = {"string": pa.string(), "json": pa.string(), "int64": pa.int64(),
             "int32": pa.int32(), "float64": pa.float64(), "bool": pa.bool_(),
             "date32": pa.date32()}
    cols = [pa.field(name, types[kind]) for name, kind in columns(table)]
    if table in GEO_TABLES:
        cols.append(pa.field("geometry", pa.binary()))
    return pa.schema(cols)


# --- rows ------------------------------------------------------------------------------------

def area_key(area: Area) -> str:
    """What an area's polygon is a function of: kind, anchors and direction (an area without
    anchors, which extraction never makes, by its kind, English name and point)."""
    if area.anchor_ids:
        return "|".join((area.kind, "+".join(area.anchor_ids), area.direction or ""))
    return "|".join((area.kind, area.name_en, f"{area.lat},{area.lon}", area.direction or ""))


class Rows:
    """The rows of one shard, table by table, in input order; geometry kept apart."""

    def __init__(self, shard: int) -> None:
        self.shard = shard
        self.rows: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}
        self.geoms: dict[str, list[Any]] = {t: [] for t in GEO_TABLES}
        self._shapes: set[str] = set()

    def add(self, table: str, row: dict[str, Any], geom: Any = None) -> None:
        self.rows[table].append(row)
        if table in GEO_TABLES:
            self.geoms[table].append(geom)

    def error(self, bad: "BadArticle") -> None:
        """The row of an article that could not be read or extracted, under its id, else
        where it is ("<file>:<line>", as an article without an id is named)."""
        where = bad.file if bad.line is None else f"{bad.file}:{bad.line}"
        self.add("articles", {"article_id": where if bad.id is None else bad.id,
                              "shard": self.shard, "file": bad.file,
                              "line": bad.line, "error": bad.error})

    def report(self, article: "Article", report: Report) -> None:
        """The rows of one extracted article, its own first; its shapes drawn here (extract
        leaves corridors and fallback discs to the geometry stage, on demand)."""
        from ..geometry.stage import add_geometry

        report = add_geometry(report)
        self.add("articles", article_row(article, report, self.shard))
        head = _carried(article.meta, article.id)
        keys = [area_key(a) for a in report.areas]
        for i, p in enumerate(report.places):
            self.add("places", head | {"index": i} | _rename(p.to_dict(), {"id": "ref"}),
                     _point(p.lon, p.lat))
        for i, u in enumerate(report.unresolved):
            self.add("unresolved", head | {"index": i} | u.to_dict())
        for i, (a, key) in enumerate(zip(report.areas, keys)):
            row = a.to_dict() | {"area_key": key, "sentence": sentence(report, a.start, a.end)}
            self.add("areas", head | {"index": i} | row, _point(a.lon, a.lat))
            self._shape(a, key)
        for i, m in enumerate(report.movements):
            self.add("movements", head | {"index": i} | movement_row(m, report, keys),
                     m.geometry)

    def _shape(self, a: Area, key: str) -> None:
        if key in self._shapes or a.geometry is None or a.geometry.is_empty:
            return
        self._shapes.add(key)
        self.add("area_shapes", {"area_key": key, "kind": a.kind,
                                 "anchor_ids": list(a.anchor_ids), "direction": a.direction,
                                 "name_en": a.name_en, "lat": a.lat, "lon": a.lon}, a.geometry)


def article_row(article: "Article", report: Report, shard: int) -> dict[str, Any]:
    """The articles row of an article that was extracted."""
    meta = article.meta
    extra = {k: v for k, v in meta.items() if k not in KNOWN and k != "date_invalid"}
    return {"article_id": article.id, "shard": shard, "file": article.file,
            "line": article.line, "date": parse_day(meta.get("date")),
            "date_text": meta.get("date"), "date_invalid": meta.get("date_invalid"),
            "url": meta.get("url"), "source": meta.get("source"), "title": meta.get("title"),
            "extra": json.dumps(extra, ensure_ascii=False) if extra else None,
            "text": article.text, "chars": len(article.text),
            "places": len(report.places), "movements": len(report.movements),
            "areas": len(report.areas), "unresolved": len(report.unresolved)}


def _carried(meta: dict[str, Any], article_id: str) -> dict[str, Any]:
    """The article's columns every record row carries."""
    return {"article_id": article_id, "article_date": parse_day(meta.get("date")),
            "article_url": meta.get("url"), "article_source": meta.get("source")}


def _rename(d: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    return {names.get(k, k): v for k, v in d.items()}


def _point(lon: float | None, lat: float | None) -> Any:
    from shapely.geometry import Point

    return None if lon is None or lat is None else Point(lon, lat)


def movement_row(m: Movement, report: Report, keys: list[str]) -> dict[str, Any]:
    """A movement's columns: its own fields, its ends flat, an end at an area referring to
    the area's key ("area:<area_key>") instead of its place in the report."""
    d = m.to_dict()
    for end in ("origin", "destination"):
        ep = d.pop(end)
        for name, _ in _columns(Endpoint):
            d[f"{end}_{name}"] = None if ep is None else ep[name]
        if ep is not None:
            d[f"{end}_ref"] = _area_ref(ep["ref"], keys)
    d["via"] = [v | {"ref": _area_ref(v["ref"], keys)} for v in d["via"]]
    d["sentence"] = sentence(report, m.start, m.end)
    return d


def _area_ref(ref: str, keys: list[str]) -> str:
    """"area:<area_key>" for a report's "area:<i>"; any other ref as it is."""
    if ref.startswith("area:") and ref[5:].isdigit() and int(ref[5:]) < len(keys):
        return f"area:{keys[int(ref[5:])]}"
    return ref


def sentence(report: Report, start: int, end: int) -> str:
    """The sentence holding text[start:end], cut to SENTENCE_CHARS round the span (… marks a
    cut): a popup can quote it without the article's text."""
    s, t = report.sentence(start, end)
    if t - s <= SENTENCE_CHARS:
        return report.text[s:t].strip()
    half = max(0, (SENTENCE_CHARS - (end - start)) // 2)
    lo, hi = max(s, start - half), min(t, max(end + half, start + SENTENCE_CHARS))
    lo = max(s, min(lo, hi - SENTENCE_CHARS))
    return ("…" if lo > s else "") + report.text[lo:hi].strip() + ("…" if hi < t else "")


# --- Arrow tables ----------------------------------------------------------------------------

def to_arrow(table: str, rows: list[dict[str, Any]], geoms: list[Any] | None = None
             ) -> "pa.Table":
    """The rows as an Arrow table of the table's schema (JSON columns encoded here), with its
    GeoParquet metadata when it is a geo table."""
    import pyarrow as pa

    sch = schema(table)
    data: dict[str, list[Any]] = {}
    for name, kind in columns(table):
        values = [r.get(name) for r in rows]
        if kind == "json":
            values = [None if v is None else json.dumps(v, ensure_ascii=False) for v in values]
        data[name] = values
    if table in GEO_TABLES:
        import shapely

        data["geometry"] = list(shapely.to_wkb(geoms or [None] * len(rows)) if rows else [])
        sch = sch.with_metadata({b"geo": json.dumps(geo_metadata(geoms or [])).encode()})
    return pa.table(data, schema=sch)


def geo_metadata(geoms: list[Any]) -> dict[str, Any]:
    """The GeoParquet 1.0 metadata of a WKB geometry column in WGS84 (EPSG:4326)."""
    types = sorted({g.geom_type for g in geoms if g is not None and not g.is_empty})
    column: dict[str, Any] = {"encoding": "WKB", "geometry_types": types, "crs": _crs_json()}
    drawn = [g for g in geoms if g is not None and not g.is_empty]
    if drawn:
        import shapely

        column["bbox"] = [float(v) for v in shapely.total_bounds(drawn)]
    return {"version": "1.0.0", "primary_column": "geometry", "columns": {"geometry": column}}


@cache
def _crs_json() -> dict[str, Any]:
    from pyproj import CRS

    return CRS.from_epsg(4326).to_json_dict()
