"""A small TopoJSON decoder: quantized arcs + transform → shapely geometries (Polygon types only).

Spec: https://github.com/topojson/topojson-specification — arcs are delta-encoded integer
positions when the topology has a transform; a negative arc index ~i means arc i reversed.
"""
from __future__ import annotations

from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Every arc as absolute lon/lat positions, undoing delta encoding and quantization."""
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        if transform is None:
            arcs.append([(float(p[0]), float(p[1])) for p in arc])
            continue
        (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
        x = y = 0
        points = []
        for dx, dy, *_ in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(indexes: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    """Join arcs into one ring; each arc after the first drops its first point (shared with the last)."""
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def geometry(obj: dict, arcs: list[list[tuple[float, float]]]) -> BaseGeometry | None:
    """The shapely geometry of one Polygon/MultiPolygon TopoJSON object (None for other types)."""
    if obj["type"] == "Polygon":
        rings = [ring(r, arcs) for r in obj["arcs"]]
        return Polygon(rings[0], rings[1:])
    if obj["type"] == "MultiPolygon":
        polygons = [[ring(r, arcs) for r in poly] for poly in obj["arcs"]]
        return MultiPolygon([Polygon(p[0], p[1:]) for p in polygons])
    return None


def features(topology: dict, name: str) -> list[tuple[str | None, dict, BaseGeometry]]:
    """(id, properties, geometry) of each polygon object in the named GeometryCollection."""
    arcs = decode_arcs(topology)
    out = []
    for obj in topology["objects"][name]["geometries"]:
        geom = geometry(obj, arcs)
        if geom is not None:
            out.append((obj.get("id"), obj.get("properties", {}), geom))
    return out
