"""Strict readers and deterministic writers for the gazetteer build.

Every problem in a source file becomes a GazetteerError naming the file and line.
"""
from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path

import shapely
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry

from ..errors import GazetteerError, OutputError, unreadable

NULLS = {"<Null>", "NULL", "null", "None"}


def read_text(path: Path) -> str:
    """The file as UTF-8 text (a BOM is dropped); a bad byte is reported with its line."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise GazetteerError(f"{path}: {unreadable(exc)}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise GazetteerError(f"{path}:{line}: not UTF-8 (byte 0x{data[exc.start]:02x})") from None


def read_table(path: Path, required: list[str], tsv: bool = False) -> list[tuple[int, dict[str, str]]]:
    """(line number, row) pairs of a CSV/TSV file with a header; required columns must exist."""
    text = read_text(path)
    options = {"delimiter": "\t", "quoting": csv.QUOTE_NONE} if tsv else {}
    reader = csv.DictReader(io.StringIO(text, newline=""), **options)
    header = reader.fieldnames or []
    for column in required:
        if column not in header:
            raise GazetteerError(f"{path}:1: missing column {column!r}")
    rows = []
    try:
        for row in reader:
            if None in row:
                raise GazetteerError(f"{path}:{reader.line_num}: more fields than the header has")
            rows.append((reader.line_num, {k: clean(v) for k, v in row.items()}))
    except csv.Error as exc:  # a field over csv's size limit, a NUL byte
        raise GazetteerError(f"{path}:{reader.line_num}: {exc}") from None
    return rows


def clean(value: str | None) -> str:
    """A cell stripped of surrounding space, with shapefile null markers turned into ''."""
    value = (value or "").strip()
    return "" if value in NULLS else value


def coordinate(row: dict[str, str], lat_key: str, lon_key: str, where: str) -> tuple[float, float]:
    """(lat, lon) from two columns, checked to be numbers within WGS84 range."""
    try:
        lat, lon = float(row[lat_key]), float(row[lon_key])
    except (KeyError, ValueError):
        raise GazetteerError(f"{where}: bad coordinate {row.get(lat_key)!r}, {row.get(lon_key)!r}") from None
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        raise GazetteerError(f"{where}: coordinate out of range {lat}, {lon}")
    return lat, lon


def read_json(path: Path) -> dict:
    """A JSON document; a syntax error is reported with its line."""
    try:
        return json.loads(read_text(path))
    except json.JSONDecodeError as exc:
        raise GazetteerError(f"{path}:{exc.lineno}: bad JSON ({exc.msg})") from None
    except RecursionError:
        raise GazetteerError(f"{path}: bad JSON (nested too deeply)") from None
    except ValueError as exc:  # an integer of more digits than Python converts
        raise GazetteerError(f"{path}: bad JSON ({str(exc).split(':')[0]})") from None


def read_polygons(path: Path, key: str) -> dict[str, tuple[dict, BaseGeometry]]:
    """GeoJSON polygon features by the property `key`: {key: (properties, geometry)}."""
    out = {}
    for number, feature in enumerate(read_json(path).get("features", []), 1):
        props = feature.get("properties") or {}
        try:
            geom = shape(feature["geometry"])
        except (KeyError, TypeError, ValueError, AttributeError):
            raise GazetteerError(f"{path}: feature {number}: bad geometry") from None
        if props.get(key) in (None, ""):
            raise GazetteerError(f"{path}: feature {number}: missing property {key!r}")
        out[str(props[key])] = (props, geom)
    return out


def write_csv(path: Path, columns: list[str], rows: list[list[str]]) -> None:
    """A UTF-8 CSV with `\\n` line endings and minimal quoting."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    try:
        path.write_bytes(buffer.getvalue().encode("utf-8"))
    except OSError as exc:
        raise OutputError(f"{path}: cannot write ({exc.strerror or exc})") from None


def rounded(coords):
    """Nested coordinate arrays with every number rounded to 5 decimals (about 1 m)."""
    if isinstance(coords, (int, float)):
        return round(float(coords), 5) + 0.0
    return [rounded(c) for c in coords]


def geojson_text(features: list[tuple[str, dict, BaseGeometry]], tolerance: float = 0.0) -> str:
    """A FeatureCollection, one feature per line, coordinates on a 1e-5° grid, optionally simplified."""
    lines = []
    for _, props, geom in features:
        if tolerance:
            geom = geom.simplify(tolerance, preserve_topology=True)
        geom = shapely.set_precision(geom, 1e-5)
        gj = mapping(geom)
        body = {"type": "Feature", "properties": props,
                "geometry": {"type": gj["type"], "coordinates": rounded(gj["coordinates"])}}
        lines.append(json.dumps(body, ensure_ascii=False, separators=(",", ":"), sort_keys=True))
    return '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"
